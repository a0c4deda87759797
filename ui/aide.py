"""Aide (F1): the French help shipped in resources/aide, opened at the section of the screen shown; and
the first-start guide, the same help's "Premiers pas"."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from resources import resource_path

SECTIONS = {"annuaire": "annuaire", "personnes": "personnes", "reunions": "reunions", "partage": "partage",
            "territoire": "territoire", "indicateurs": "indicateurs", "protection": "protection"}  # fmt: skip


class AideDialog(QDialog):
    def __init__(self, section: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Aide de Coordinateur"))
        self.resize(820, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName(self.tr("Aide"))
        self.browser.setSource(QUrl.fromLocalFile(str(resource_path("aide", "aide.html"))))
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.montre(section)

    def montre(self, section: str) -> None:
        if section:
            self.browser.scrollToAnchor(section)
