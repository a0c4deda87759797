"""Aide (F1): the French help shipped in resources/aide, opened at the section of the screen shown; and
the first-start guide, the same help's "Premiers pas"."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

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


# a dialog's package says which part of the help it belongs to (ui/fiches is the persons' sheets…)
_SECTION_DU_PAQUET = {"fiches": "personnes", "verrou": "protection", "confiance": "protection"}


def section_de(widget: QWidget) -> str:
    parts = type(widget).__module__.split(".")
    paquet = parts[1] if len(parts) > 1 and parts[0] == "ui" else ""
    section = _SECTION_DU_PAQUET.get(paquet, paquet)
    return section if section in SECTIONS.values() else ""


class AideDansLesDialogues(QObject):
    """F1 inside a dialog (a person's file, a meeting, an import…): the help opens at that dialog's section,
    in front of it. The window's own F1 cannot answer there: a modal dialog blocks the window behind it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F1
        ):
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog) and not isinstance(dialog, AideDialog):
                aide = AideDialog(section_de(dialog), dialog)
                aide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                aide.show()
                return True
        return False
