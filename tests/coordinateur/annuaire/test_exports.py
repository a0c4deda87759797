import csv
import json
import subprocess
from pathlib import Path

import pytest

from coordinateur.annuaire.exports import Selection, export_csv, export_pdf, export_vcard
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


def test_booklet_pdf(store: Store, annuaire: dict, tmp_path: Path) -> None:
    from pypdf import PdfReader

    path = tmp_path / "livret.pdf"
    export_pdf(store, Selection(communes=("12119",)), path, titre="Annuaire des intervenants à domicile",
               sous_titre="Nord-Aveyron")  # fmt: skip
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Annuaire des intervenants à domicile" in text and "Sommaire" in text
    assert "Laguiole (12210)" in text and "Anne CŒURDEVEY" in text and "SSIAD du Carladez" in text
    assert "Jérôme" not in text  # works in Saint-Côme-d'Olt only
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts  # every font embedded
    reader = PdfReader(path)
    assert reader.metadata.title == "Annuaire des intervenants à domicile"
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4


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
