"""After an export: « Ouvrir », and « Imprimer » for a PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from ui.common.export_fait import annonce_export


def _answer(monkeypatch: pytest.MonkeyPatch, label: str | None, seen: list[list[str]]) -> None:
    def exec_(box: QMessageBox) -> int:
        seen.append(sorted(b.text() for b in box.buttons()))
        chosen = next((b for b in box.buttons() if b.text() == label), None)
        if chosen is not None:
            chosen.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def test_a_pdf_is_offered_to_open_and_to_print(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    pdf = tmp_path / "annuaire_laguiole_2026-11-27.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    seen: list[list[str]] = []
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    _answer(monkeypatch, "&Ouvrir", seen)
    assert annonce_export(parent, pdf, "17 fiches exportées.") == "ouvrir"
    assert seen == [["&Imprimer…", "&Ouvrir", "Fermer"]] and opened == [QUrl.fromLocalFile(str(pdf))]
    printed: list[bytes] = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: 1)
    monkeypatch.setattr("ui.fiches.printing.print_pdf", lambda printer, data: printed.append(data) or 1)
    _answer(monkeypatch, "&Imprimer…", seen)
    assert annonce_export(parent, pdf, "17 fiches exportées.") == "imprimer"
    assert printed == [b"%PDF-1.4\n"]


def test_a_spreadsheet_is_offered_to_open_only(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[list[str]] = []
    _answer(monkeypatch, None, seen)
    assert annonce_export(parent, tmp_path / "annuaire.csv", "4 fiches exportées.") == ""
    assert seen == [["&Ouvrir", "Fermer"]]


def test_the_save_dialog_opens_where_the_last_file_was_saved(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not in the home folder every time: in the folder chosen last (in memory only: a folder can be named
    after a person, and nothing naming a person is written outside the store)."""
    from PySide6.QtWidgets import QFileDialog

    from ui.common import fichiers

    monkeypatch.setattr(fichiers, "_dernier", None)
    proposed: list[str] = []
    answers = iter([str(tmp_path / "cles" / "annuaire.pdf"), "", str(tmp_path / "autre.csv")])
    (tmp_path / "cles").mkdir()

    def dialog(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        proposed.append(start)
        return next(answers), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    assert fichiers.enregistrer_sous(None, "Exporter", "annuaire.pdf")[0].endswith("annuaire.pdf")
    cancelled = fichiers.enregistrer_sous(None, "Exporter", "actions.csv")
    assert cancelled == ("", "")  # the folder chosen before is still remembered
    fichiers.enregistrer_sous(None, "Exporter", "journal.csv")
    assert Path(proposed[0]).name == "annuaire.pdf" and Path(proposed[0]).parent != tmp_path / "cles"
    assert proposed[1] == str(tmp_path / "cles" / "actions.csv")
    assert proposed[2] == str(tmp_path / "cles" / "journal.csv")
