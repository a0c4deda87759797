"""`coordinateur personnes import`: persons from a spreadsheet, checked line by line, in one transaction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coordinateur.annuaire.imports.base import ImportError_
from coordinateur.cli import main
from coordinateur.confiance.journal import Filtre, entrees
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.imports import importe_personnes
from coordinateur.personnes.service import enregistre_personne, liste_personnes, lit_personne
from coordinateur.store import Store

ROWS = (
    "NOM;Prénom;Nom d'usage;Né(e) le;Sexe;N° de sécurité sociale;Adresse;CP;Ville;Téléphone;GIR;Vit seul;Divers\n"
    "Bessière;Marthe;Rouquette;12/04/1937;F;2 37 04 12 243 484 44;4 rue du Valat;12210;Laguiole;05 65 44 12 12;4;oui;x\n"
    "Grimal;Noé;;31/02/1941;M;;;;;;;;\n"
    ";Jean;;01/01/1950;M;;;;;;;;\n"
    "Cayla;Jean;;1950-03-02;homme;;;12500;Espalion;0565;;;\n"
    "Vabre;Héloïse;;02/05/1938;F;;;12210;Nulle-Part;;GIR 2;peut-être;\n"
    "Bessière;Marthe;;12/04/1937;F;;;;;;;;\n"
    "Albouy;Lise;;12/04;F;;;;;;;;\n"
)


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "personnes.csv"
    path.write_text(ROWS, encoding="cp1252")  # as Excel saves it in France
    return path


def test_a_simulation_reports_every_line_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    rapport = importe_personnes(store, _csv(tmp_path), simulation=True)
    assert liste_personnes(store) == []
    assert rapport.resume() == "Simulation : 2 personnes créées, 1 déjà enregistrée, 4 lignes refusées."
    details = "\n".join(rapport.details())
    assert "Nom de naissance ← « NOM »" in details and "Colonnes ignorées : « Divers »." in details
    refused = dict(rapport.refusees)
    assert refused[3].startswith("date de naissance « 31/02/1941 » illisible")
    assert refused[4] == "Nom : indiquez le nom de naissance ou le nom d'usage."
    assert refused[5].startswith("Téléphone :")
    assert refused[8].startswith("date de naissance « 12/04 » illisible")  # not taken for this year
    warnings = dict(rapport.avertissements)
    assert "Nulle-Part" in warnings[6] and "peut-être" in "".join(
        m for n, m in rapport.avertissements if n == 6
    )
    assert "déjà enregistrée" in warnings[7]  # the same person twice in the file: created once


def test_the_import_creates_in_one_transaction_and_leaves_known_persons_alone(
    store: Store, tmp_path: Path
) -> None:
    known, _ = enregistre_personne(store, Dossier(nom_naissance="Vabre", prenoms_naissance="Héloïse",
                                                  date_naissance="1938-05-02", telephone="05 65 00 00 01"))  # fmt: skip
    rapport = importe_personnes(store, _csv(tmp_path))
    assert rapport.resume() == "1 personne créée, 2 déjà enregistrées, 4 lignes refusées."
    [marthe] = [p for p in liste_personnes(store) if p.prenom == "Marthe"]
    dossier = lit_personne(store, marthe.id)
    assert (dossier.nom_naissance, dossier.nom_usage, dossier.date_naissance, dossier.sexe, dossier.nir) == (
        "Bessière",
        "Rouquette",
        "1937-04-12",
        "F",
        "237041224348444",
    )
    assert (dossier.commune_code, dossier.telephone, dossier.gir, dossier.vit_seul) == (
        "12119",
        "+33565441212",
        4,
        True,
    )
    assert lit_personne(store, known).telephone == "+33565000001"  # never overwritten
    journal = [e.resume for e in entrees(store, Filtre(), limite=None)]
    assert "Dossier créé par l'import de personnes.csv" in journal
    assert any(line.startswith("personnes.csv (CSV) : 1 personne créée") for line in journal)
    again = importe_personnes(store, _csv(tmp_path))  # importing twice creates nobody twice
    assert again.crees == [] and len(liste_personnes(store)) == 2


def test_an_xlsx_and_the_command_line(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Prénoms", "Date de naissance", "Code INSEE"])
    sheet.append(["Lacombe", "Rose Marie", "1940-06-01", "12096"])
    sheet.append(["Lacombe", "", "1940-06-01", ""])
    path = tmp_path / "suivis.xlsx"
    workbook.save(path)
    data = str(store.paths.data)
    store.close()
    assert main(["--data-dir", data, "personnes", "import", str(path), "--simulation", "--json"]) == 0
    out = capsys.readouterr()
    report = json.loads(out.out)
    assert report["simulation"] and report["crees"] == 1
    assert report["refusees"] == [{"ligne": 3, "raison": "Prénom : obligatoire."}]
    assert "Ligne 3 refusée : Prénom : obligatoire." in out.err
    assert main(["--data-dir", data, "personnes", "import", str(path)]) == 0
    assert "1 personne créée" in capsys.readouterr().err
    assert main(["--data-dir", data, "personnes", "liste", "--json"]) == 0
    assert [p["nom"] for p in json.loads(capsys.readouterr().out)] == ["Lacombe"]


def test_a_file_that_cannot_be_read_is_refused_in_french(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinateur.annuaire.imports import base

    no_name = tmp_path / "sans-nom.csv"
    no_name.write_text("Prénom;Ville\nMarthe;Laguiole\n", encoding="utf-8")
    with pytest.raises(ImportError_, match="aucune colonne « Nom »"):
        importe_personnes(store, no_name)
    monkeypatch.setitem(base.TAILLE_MAX, "csv", 10)
    with pytest.raises(ImportError_, match="trop volumineux"):
        importe_personnes(store, _csv(tmp_path))
    with pytest.raises(ImportError_, match="CSV ou XLSX"):
        importe_personnes(store, _odt(tmp_path))
    assert liste_personnes(store) == []


def _odt(tmp_path: Path) -> Path:
    path = tmp_path / "liste.odt"
    path.write_bytes(b"PK")
    return path


def test_hostile_inputs_harm_nothing_and_hard_names_arrive_as_typed(store: Store, tmp_path: Path) -> None:
    """A FIFO named like a spreadsheet is refused without being waited on; a column the import does not know
    (here a formula naming a relative) is reported as ignored and never stored; hyphenated and apostrophe
    names and a lieu-dit address arrive as typed."""
    import os

    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "liste.csv"
        os.mkfifo(fifo)
        with pytest.raises(ImportError_):
            importe_personnes(store, fifo)
    hard = tmp_path / "difficile.csv"
    hard.write_text(
        "Nom;Prénom;Né(e) le;Sexe;Adresse;CP;Ville;Divers\n"
        "D'Aubrac-Sévérac;Marie-Thérèse;03/05/1936;F;Lieu-dit La Bastide, après le pont;12210;Laguiole;"
        '=HYPERLINK("http://x";"sa fille Josette Vernhes-Cayla")\n',
        encoding="utf-8",
    )
    report = importe_personnes(store, hard)
    assert report.crees == [2] and any("« Divers »" in line for line in report.details())
    (person,) = liste_personnes(store)
    assert person.nom.upper() == "D'AUBRAC-SÉVÉRAC"
    dossier = lit_personne(store, person.id)
    assert dossier.prenoms_naissance == "Marie-Thérèse"
    assert "Lieu-dit La Bastide" in json.dumps(dossier.__dict__, default=str, ensure_ascii=False)
    assert "Josette" not in json.dumps(dossier.__dict__, default=str, ensure_ascii=False)
