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
