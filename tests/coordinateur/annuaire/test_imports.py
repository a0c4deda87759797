"""Imports on generated files: RPPS, FINESS, CSV in every encoding and separator, XLSX, vCard, and bad files."""

from __future__ import annotations

import hashlib
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordinateur.annuaire.imports.base import ImportAnnule, ImportError_
from coordinateur.annuaire.imports.pilote import detecte_format, importe
from coordinateur.annuaire.recherche import Filtre, cherche, compte
from coordinateur.annuaire.service import enregistre, lit
from coordinateur.store import Store
from tests.fichiers_annuaire import (
    COMMUNES,
    RPPS_HEADER,
    finess_row,
    rpps_number,
    rpps_row,
    write_finess,
    write_rpps,
)

AVEYRON = COMMUNES[0]


def digest(store: Store) -> str:
    import sqlite3

    conn = sqlite3.connect(store.paths.store)
    rows = conn.execute(
        "SELECT id, updated_at FROM intervenant UNION ALL SELECT id, updated_at FROM structure"
    ).fetchall()
    conn.close()
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()


# -- RPPS ------------------------------------------------------------------------------------------


def test_rpps_filtered_grouped_and_reimported(store: Store, annuaire: dict, tmp_path: Path) -> None:
    rng = random.Random(1)
    number = rpps_number(rng)
    rows = [rpps_row(rng, rpps=number, commune=AVEYRON, finess="010780195"),
            rpps_row(rng, rpps=number, commune=COMMUNES[1])]  # fmt: skip
    rows += [rpps_row(rng, commune=COMMUNES[4]) for _ in range(5)]  # Toulouse: filtered out
    path = write_rpps(tmp_path / "PS_LibreAcces_Personne_activite_202603090900.txt", rows)
    rapport = importe(store, path, departements=["12"])
    assert (len(rapport.crees), rapport.ignorees, rapport.refusees) == (1, 5, [])
    found = cherche(store, Filtre(texte=number))[0]
    fiche = lit(store, found.id)
    assert fiche.rpps == number and fiche.source == "rpps"  # type: ignore[union-attr]
    assert fiche.date_verification == "2026-03-09"
    assert fiche.structure_ids == [annuaire["ssiad"]]  # type: ignore[union-attr]  (FINESS site → structure)
    assert set(fiche.zone_communes) == {"12119", "12096"}  # two practice sites
    # local notes survive a re-import; identical content is "unchanged"
    fiche.notes = "Préfère être appelée après 18 h"
    enregistre(store, fiche)
    again = importe(store, path, departements=["12"])
    assert (len(again.crees), len(again.mises_a_jour), len(again.inchangees)) == (0, 0, 1)
    assert lit(store, found.id).notes == "Préfère être appelée après 18 h"


def test_a_large_import_is_preceded_by_a_backup_and_a_small_one_is_not(
    store: Store, annuaire: dict, tmp_path: Path
) -> None:
    from coordinateur.annuaire.imports.base import GRAND_IMPORT
    from coordinateur.confiance.sauvegarde import liste

    rng = random.Random(3)
    small = write_rpps(tmp_path / "PS_LibreAcces_Personne_activite_202601010000.txt",
                       [rpps_row(rng, commune=AVEYRON) for _ in range(5)])  # fmt: skip
    importe(store, small, departements=["12"])
    assert [s.motif for s in liste(store.paths)] == []
    large = write_rpps(tmp_path / "PS_LibreAcces_Personne_activite_202602010000.txt",
                       [rpps_row(rng, commune=AVEYRON) for _ in range(GRAND_IMPORT + 10)])  # fmt: skip
    importe(store, large, departements=["12"], simulation=True)
    assert [s.motif for s in liste(store.paths)] == []  # a simulation changes nothing: no copy needed
    rapport = importe(store, large, departements=["12"])
    assert len(rapport.crees) == GRAND_IMPORT + 10
    assert [s.motif for s in liste(store.paths)] == ["avant-import"]


def test_rpps_zip_and_simulation(store: Store, annuaire: dict, tmp_path: Path) -> None:
    rng = random.Random(2)
    txt = write_rpps(tmp_path / "PS_LibreAcces_Personne_activite_202601010000.txt",
                     [rpps_row(rng, commune=AVEYRON) for _ in range(4)])  # fmt: skip
    archive = tmp_path / "PS_LibreAcces.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(txt, txt.name)
        z.writestr("PS_LibreAcces_Dipl_AutExerc_202601010000.txt", "x|y|\n")
    assert detecte_format(archive) == "rpps"
    before = digest(store)
    simulated = importe(store, archive, departements=["12"], simulation=True)
    assert len(simulated.crees) == 4 and simulated.simulation
    assert digest(store) == before
    assert len(importe(store, archive, departements=["12"]).crees) == 4


def test_rpps_missing_column_is_named(store: Store, annuaire: dict, tmp_path: Path) -> None:
    header = [h for h in RPPS_HEADER if h != "Code profession"]
    path = write_rpps(tmp_path / "rpps.txt", [], header=header)
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ImportError_, match="« Code profession »"):
        importe(store, path, format_="rpps", departements=["12"])


def test_rpps_malformed_line_is_refused_with_its_number(store: Store, annuaire: dict, tmp_path: Path) -> None:
    rng = random.Random(3)
    path = write_rpps(tmp_path / "rpps.txt", [rpps_row(rng, commune=AVEYRON), rpps_row(rng, commune=AVEYRON)])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "8|10001045367|810001045367|12|")  # cut line, Aveyron département present early
    lines.append("8|" + "x" * 200_000 + "|")  # a huge, broken line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rapport = importe(store, path, format_="rpps", departements=["12"])
    assert len(rapport.crees) == 2
    assert [n for n, _r in rapport.refusees] == [3, 5]


def test_cancel_leaves_the_store_unchanged(store: Store, annuaire: dict, tmp_path: Path) -> None:
    rng = random.Random(4)
    path = write_rpps(tmp_path / "rpps.txt", [rpps_row(rng, commune=AVEYRON) for _ in range(450)])
    before = digest(store)
    with pytest.raises(ImportAnnule):
        importe(store, path, departements=["12"], cancelled=lambda: True)
    assert digest(store) == before


# -- FINESS ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_finess_categories_departements_and_encoding(
    store: Store, annuaire: dict, tmp_path: Path, encoding: str
) -> None:
    rng = random.Random(5)
    rows = [
        finess_row(
            rng,
            categorie="500",
            nom="EHPAD LE CHÂTEAU D'ESTAING",
            commune="098",
            acheminement="12190 ESTAING",
        ),
        finess_row(rng, categorie="354", nom="SSIAD DE LAGUIOLE"),
        finess_row(rng, categorie="101", nom="CENTRE HOSPITALIER RÉGIONAL"),  # category not kept
        finess_row(
            rng,
            categorie="500",
            dept="31",
            commune="555",
            acheminement="31000 TOULOUSE",
            nom="EHPAD TOULOUSE",
        ),
    ]
    path = write_finess(tmp_path / "etalab-cs1100507-stock.csv", rows, encoding=encoding)
    assert detecte_format(path) == "finess"
    rapport = importe(store, path, departements=["12"])
    assert (len(rapport.crees), rapport.ignorees) == (2, 2)
    ehpad = cherche(store, Filtre(texte="chateau estaing"))[0]
    assert (
        ehpad.nom == "EHPAD LE CHÂTEAU D'ESTAING"
        and ehpad.commune == "Estaing"
        and ehpad.profession_code == "EHPAD"
    )


# -- spreadsheets ----------------------------------------------------------------------------------

PARTNER_ROWS = [
    ["NOM", "Prénom", "Métier", "Tél", "Portable", "Ville", "CP", "Courriel"],
    [
        "Rouquette",
        "Élise",
        "IDE",
        "05 65 44 12 12",
        "06 11 22 33 44",
        "Laguiole",
        "12210",
        "elise@example.fr",
    ],
    ["Bessière", "Loïc", "Kiné", "05 65 44 13 13", "", "Espalion", "12500", ""],
    ["", "Sans nom", "IDE", "", "", "", "", ""],
    ["Grimal", "Noé", "Aide à domicile", "0565", "", "Laguiole", "12210", ""],
]


@pytest.mark.parametrize(("encoding", "separator"), [("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"),
                                                     ("utf-8", ","), ("cp1252", "\t")])  # fmt: skip
def test_partner_csv_in_every_encoding_and_separator(store: Store, annuaire: dict, tmp_path: Path, encoding: str,
                                                     separator: str) -> None:  # fmt: skip
    text = "\r\n".join(separator.join(cell for cell in row) for row in PARTNER_ROWS) + "\r\n"
    path = tmp_path / "partenaires.csv"
    path.write_bytes(text.encode(encoding))
    rapport = importe(store, path, departements=["12"])
    assert len(rapport.crees) == 2
    assert [n for n, _r in rapport.refusees] == [4, 5]  # no name; phone "0565"
    elise = lit(store, cherche(store, Filtre(texte="élise rouquette"))[0].id)
    assert elise.profession_code == "60" and elise.commune_code == "12119"  # type: ignore[union-attr]
    assert [p["type"] for p in elise.telephones] == ["fixe", "mobile"]
    assert lit(store, cherche(store, Filtre(texte="loic"))[0].id).profession_code == "70"  # type: ignore[union-attr]


def test_xlsx(store: Store, annuaire: dict, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in PARTNER_ROWS:
        sheet.append(row)
    path = tmp_path / "partenaires.xlsx"
    book.save(path)
    assert detecte_format(path) == "xlsx"
    assert len(importe(store, path, departements=["12"]).crees) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "vide"), (b"\n\n", "vide"), (b"Prenom;Ville\nJean;Rodez\n", "Nom")],
)
def test_unreadable_spreadsheets_say_why(
    store: Store, annuaire: dict, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(ImportError_, match=message):
        importe(store, path)


def test_a_failing_import_leaves_the_store_unchanged(
    store: Store, annuaire: dict, tmp_path: Path, monkeypatch
) -> None:
    from coordinateur.annuaire.imports import base

    path = tmp_path / "p.csv"
    path.write_text("\n".join(";".join(r) for r in PARTNER_ROWS), encoding="utf-8")
    before = digest(store)
    calls = {"n": 0}
    original = base._apply_line

    def failing(*args, **kwargs):  # the disk fills up on the second line
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)

    monkeypatch.setattr(base, "_apply_line", failing)
    with pytest.raises(OSError):
        importe(store, path)
    assert digest(store) == before


# -- vCard -----------------------------------------------------------------------------------------

VCARDS = """BEGIN:VCARD\r
VERSION:3.0\r
N:Cayla;Élodie;;Mme;\r
FN:Mme Élodie Cayla\r
TITLE:Infirmière\r
TEL;TYPE=cell:06 12 12 12 12\r
EMAIL;TYPE=internet:elodie.cayla@example.fr\r
ADR;TYPE=work:;;2 rue du Foirail;Laguiole;;12210;France\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
N:Cassé;;\r
FN\r
TEL;TYPE=cell:06 12\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
N:Coupée;Carte;;;\r
"""


def test_vcards_with_a_bad_and_a_cut_card(store: Store, annuaire: dict, tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_text(VCARDS, encoding="utf-8")
    rapport = importe(store, path)
    assert len(rapport.crees) == 1
    assert [n for n, _r in rapport.refusees] == [10, 16]
    elodie = lit(store, cherche(store, Filtre(texte="elodie"))[0].id)
    assert elodie.profession_code == "60" and elodie.commune_code == "12119" and elodie.civilite == "Mme"  # type: ignore[union-attr]


# -- never crash, never half-import ----------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_csv_reader_never_crashes_nor_half_imports(store: Store, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(data)
    before = compte(store, Filtre(actifs_seulement=False))
    try:
        rapport = importe(store, path, format_="csv", simulation=True)
    except ImportError_:
        pass
    else:
        assert rapport.lues >= len(rapport.crees)
    assert compte(store, Filtre(actifs_seulement=False)) == before


vcard_lines = st.lists(
    st.sampled_from(["BEGIN:VCARD", "END:VCARD", "VERSION:3.0", "N:Nom;Prénom;;;", "FN:X", "TEL:0565", "TEL;TYPE=cell:06 12 34 56 78",
                     "ADR:;;;;;;", "EMAIL:@", "UID:abc", "N:;;;;", "ORG:Structure", ":::", "BEGIN:VCARD\r\nBEGIN:VCARD"]),
    max_size=25,
).map(lambda lines: "\r\n".join(lines).encode("utf-8"))  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(vcard_lines)
def test_vcard_reader_never_crashes_nor_half_imports(store: Store, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "h.vcf"
    path.write_bytes(data)
    before = compte(store, Filtre(actifs_seulement=False))
    try:
        importe(store, path, format_="vcard", simulation=True)
    except ImportError_:
        pass
    assert compte(store, Filtre(actifs_seulement=False)) == before
