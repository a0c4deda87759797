"""Windows sized to the screen they open on: a 1366×768 laptop is the common case, not the exception."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

# What the window manager adds around a window (title bar, borders), which Qt does not know before showing.
CADRE_LARGEUR, CADRE_HAUTEUR = 16, 40
# Below this, the main window opens maximised: every pixel is useful.
PETIT_ECRAN = (1440, 900)


def zone_disponible(widget: QWidget | None = None) -> QRect:
    """The screen's area without the task bar or the panels, where the window opens."""
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def a_la_taille_de_l_ecran(widget: QWidget, largeur: int, hauteur: int) -> None:
    """The size wanted, or the room there is, whichever is smaller; centred on that room."""
    room = zone_disponible(widget)
    width = min(largeur, room.width() - CADRE_LARGEUR)
    height = min(hauteur, room.height() - CADRE_HAUTEUR)
    widget.resize(max(width, widget.minimumWidth()), max(height, widget.minimumHeight()))
    widget.move(
        room.x() + (room.width() - widget.width()) // 2,
        room.y() + (room.height() - widget.height() - CADRE_HAUTEUR) // 2,
    )


def petit_ecran(widget: QWidget | None = None) -> bool:
    room = zone_disponible(widget)
    return room.width() < PETIT_ECRAN[0] or room.height() < PETIT_ECRAN[1]


class LibelleAbrege(QLabel):
    """A one-line label that shortens its middle ("Données : /home/…/Coordinateur") when the room is short,
    the whole text in `texte_complet` and its tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texte_complet = ""
        self.setText(text)

    def setText(self, text: str) -> None:
        self.texte_complet = text
        self.setToolTip(text)
        self._abrege()

    def minimumSizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance("Données : …") + 8, super().minimumSizeHint().height()
        )

    def sizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance(self.texte_complet) + 8, super().sizeHint().height()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._abrege()

    def _abrege(self) -> None:
        room = max(self.contentsRect().width(), 1)
        QLabel.setText(
            self, self.fontMetrics().elidedText(self.texte_complet, Qt.TextElideMode.ElideMiddle, room)
        )
