import csv
import json
import subprocess
from pathlib import Path

import pytest

from coordinateur.annuaire.exports import Selection, export_csv, export_pdf, export_vcard
from coordinateur.annuaire.recherche import Filtre
from coordinateur.cli import main
from coordinateur.store import Store


def test_csv_for_french_excel(store: Store, annuaire: dict, tmp_path: Path) -> None:
    path = tmp_path / "annuaire.csv"
    assert export_csv(store, Selection(), path) == 4
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig", newline=""), delimiter=";"))
    jerome = next(r for r in rows if r["Prénom"] == "Jérôme")
    assert jerome["Nom"] == "Lefèvre" and jerome["Profession ou type"] == "Infirmier"
    assert jerome["Téléphones"] == "Portable 06 12 34 56 78"
    assert jerome["Structure(s)"] == "SSIAD du Carladez" and jerome["Commune"] == "Saint-Côme-d'Olt"
    assert (
        next(r for r in rows if r["Nom"] == "SSIAD du Carladez")["Zone d'intervention"]
        == "CC Aubrac, Carladez et Viadène"
    )


def test_vcard_3_read_back_by_vobject(store: Store, annuaire: dict, tmp_path: Path) -> None:
    import vobject

    path = tmp_path / "annuaire.vcf"
    export_vcard(store, Selection(), path)
    cards = list(vobject.readComponents(path.read_text(encoding="utf-8")))
    assert len(cards) == 4
    jerome = next(c for c in cards if c.uid.value == annuaire["jerome"])
    assert jerome.version.value == "3.0"
    assert jerome.n.value.family == "Lefèvre" and jerome.n.value.given == "Jérôme"
    assert jerome.org.value == ["SSIAD du Carladez"] and jerome.title.value == "Infirmier"
    assert jerome.tel.value == "06 12 34 56 78" and "CELL" in [t.upper() for t in jerome.tel.params["TYPE"]]


def _pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return text.stdout.split("\f")[:-1]


def test_booklet_pdf(store: Store, annuaire: dict, tmp_path: Path) -> None:
    from pypdf import PdfReader

    path = tmp_path / "livret.pdf"
    export_pdf(store, Selection(communes=("12119",)), path, titre="Annuaire des intervenants à domicile",
               sous_titre="Nord-Aveyron")  # fmt: skip
    pages = _pages(path)
    text = "".join(pages)
    assert "Annuaire des intervenants à domicile" in text
    assert len(pages) == 1 and "Sommaire" not in text  # 3 entries: compact, no cover and no contents
    assert "Laguiole (12210)" in text and "Anne CŒURDEVEY" in text and "SSIAD du Carladez" in text
    assert "Jérôme" not in text  # works in Saint-Côme-d'Olt and Mur-de-Barrez, not in Laguiole
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts  # every font embedded
    reader = PdfReader(path)
    assert reader.metadata.title == "Annuaire des intervenants à domicile"
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4


def test_booklet_titled_with_its_filters_and_grouped_under_the_commune_asked(
    store: Store, annuaire: dict, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    path = tmp_path / "livret.pdf"
    filtre = Filtre(professions=("60", "SSIAD"), commune="12164")
    assert export_pdf(store, Selection(filtre=filtre), path, titre="", sous_titre="Nord-Aveyron") == 2
    text = "".join(_pages(path))
    assert PdfReader(path).metadata.title == "Infirmiers et SSIAD — Mur-de-Barrez"
    assert "Infirmiers et SSIAD — Mur-de-Barrez" in text
    # Jérôme lives in Saint-Côme-d'Olt but works in Mur-de-Barrez through his SSIAD: he is under Mur-de-Barrez
    assert "Mur-de-Barrez (12600)" in text and "Saint-Côme" not in text and "Jérôme LEFÈVRE" in text


def test_a_long_booklet_has_its_contents_and_no_heading_alone_at_a_page_bottom(
    demo_store: Store, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from coordinateur.annuaire.listes import professions, types_structure
    from coordinateur.annuaire.livret import SEUIL_COMPACT

    path = tmp_path / "livret.pdf"
    count = export_pdf(demo_store, Selection(), path, titre="Annuaire des intervenants à domicile")
    assert count >= SEUIL_COMPACT
    pages = _pages(path)
    assert "Sommaire" in pages[1]
    reader = PdfReader(path)
    outline = [item for item in reader.outline if not isinstance(item, list)]
    communes = {item.title for item in outline}
    # each entry of the PDF's outline opens the page where its commune starts (not all on page 1)
    for item in outline:
        assert item.title in pages[reader.get_destination_page_number(item)], item.title
    headings = (
        communes
        | {p.libelle for p in professions().values()}
        | {t.libelle for t in types_structure().values()}
    )
    assert len(communes) > 20
    body_pages = [page for page in pages if "Sommaire" not in page and ". . ." not in page][
        1:
    ]  # after cover, contents
    assert len(body_pages) > 5
    for number, page in enumerate(body_pages):
        lines = [line.strip() for line in page.splitlines() if line.strip() and " sur " not in line]
        assert lines[-1] not in headings, (number, lines[-1])  # never a heading alone at the bottom


def test_cli_cherche_json_keys(store: Store, annuaire: dict, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(store.paths.data)
    store.close()
    assert main(["--data-dir", data, "annuaire", "cherche", "st come", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["nom"] == "Lefèvre"
    assert set(rows[0]) >= {
        "id",
        "categorie",
        "nom",
        "prenom",
        "profession",
        "structure",
        "commune_code",
        "commune",
        "telephone",
    }
    assert (
        main(["--data-dir", data, "annuaire", "cherche", "", "--commune", "12119", "--limite", "2", "--json"])
        == 0
    )
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["--data-dir", data, "annuaire", "cherche", "x", "--commune", "99999"]) == 1


def test_cli_export_and_import_round_trip(
    store: Store, annuaire: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(store.paths.data)
    store.close()
    out = tmp_path / "a.vcf"
    assert main(["--data-dir", data, "annuaire", "export", "--format", "vcard", "-o", str(out)]) == 0
    assert main(["--data-dir", data, "annuaire", "import", str(out), "--simulation", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["crees"], report["inchangees"], report["simulation"]) == (0, 4, True)
    assert main(["--data-dir", data, "annuaire", "import", str(tmp_path / "absent.csv")]) == 1


def test_no_heading_ends_a_page_wherever_the_page_breaks(tmp_path: Path) -> None:
    """However many entries come first, a commune's or a profession's heading is never the last line of
    a page: the page break is moved through every position below a heading."""
    import datetime

    from coordinateur.annuaire.fiches import FicheIntervenant
    from coordinateur.annuaire.livret import livret

    def nurse(n: int, commune: str, profession: str = "60") -> FicheIntervenant:
        return FicheIntervenant(id=f"{commune}-{profession}-{n}", nom=f"Nom{n:03d}", prenom="Anne",
                                profession_code=profession, commune_code=commune,
                                telephones=[{"type": "fixe", "numero": "+33565000000"}])  # fmt: skip

    for filler in range(20, 60):
        fiches = [nurse(n, "12096") for n in range(filler)]  # Espalion first, then Laguiole
        fiches += [nurse(n, "12119", "70") for n in range(12)]
        path = tmp_path / f"livret{filler}.pdf"
        with path.open("wb") as handle:
            livret(handle, fiches, {}, titre="Livret", sous_titre="", le=datetime.date(2026, 11, 27))
        for page in _pages(path)[:-1]:
            lines = [line.strip() for line in page.splitlines() if line.strip() and " sur " not in line]
            assert lines[-1] not in {"Laguiole (12210)", "Masseur-kinésithérapeute", "Infirmier"}, filler


def test_cli_several_professions_search_and_a_titled_booklet(
    store: Store, annuaire: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    data = str(store.paths.data)
    store.close()
    assert main(["--data-dir", data, "annuaire", "cherche", "--profession", "60", "--profession", "SSIAD",
                 "--commune", "12164", "--json"]) == 0  # fmt: skip
    assert {row["nom"] for row in json.loads(capsys.readouterr().out)} == {"Lefèvre", "SSIAD du Carladez"}
    out = tmp_path / "livret.pdf"
    assert main(["--data-dir", data, "annuaire", "export", "--format", "pdf", "--profession", "60",
                 "--profession", "SSIAD", "--commune", "12164", "-o", str(out)]) == 0  # fmt: skip
    assert PdfReader(out).metadata.title == "Infirmiers et SSIAD — Mur-de-Barrez"
    assert main(["--data-dir", data, "annuaire", "cherche", "--profession", "INFIRMIER"]) == 1
    assert "Profession(s) ou type(s) inconnu(s) : INFIRMIER" in capsys.readouterr().err
