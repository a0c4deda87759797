"""Copied identifiers (NIR, RPPS, phone numbers…) leave the clipboard 30 seconds after being copied from
Coordinateur, and at once when the window locks — if the clipboard still holds them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication

from coordinateur.referentiels.identifiants import ressemble_a_un_identifiant

DELAI_MS = 30_000


class GardePressePapiers(QObject):
    def __init__(self, parent: QObject | None = None, delai_ms: int = DELAI_MS) -> None:
        super().__init__(parent)
        self._copied = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delai_ms)
        self._timer.timeout.connect(self.vide)
        QGuiApplication.clipboard().dataChanged.connect(self._changed)

    def _changed(self) -> None:
        clipboard = QGuiApplication.clipboard()
        ours = (
            clipboard.ownsClipboard()
            or QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
        )
        text = clipboard.text()
        if ours and ressemble_a_un_identifiant(text):
            self._copied = text
            self._timer.start()

    def vide(self) -> None:
        """Clear the clipboard if it still holds what we watched (something copied since is left alone)."""
        self._timer.stop()
        clipboard = QGuiApplication.clipboard()
        if self._copied and clipboard.text() == self._copied:
            clipboard.clear()
        self._copied = ""
