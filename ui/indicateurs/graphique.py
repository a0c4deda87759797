"""A horizontal bar chart painted with QPainter: each indicator's value beside the previous period's.
Light (no QtCharts) and readable without colour: values are written at the end of each bar, and the
previous period is hatched."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from coordinateur.indicateurs.bilan import LigneBilan, nombre

COURANT = QColor("#1f5f8b")
PRECEDENT = QColor("#8fb3cf")


class Graphique(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lignes: list[LigneBilan] = []
        self.libelles: dict[str, str] = {}
        self.titre = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Graphique des indicateurs"))

    def montre(self, titre: str, lignes: list[LigneBilan], libelles: dict[str, str]) -> None:
        self.titre = titre
        self.lignes = lignes
        self.libelles = libelles
        self.setAccessibleDescription(
            "; ".join(
                f"{libelles.get(line.code, line.libelle)} : {nombre(line.valeur, line.unite)}"
                for line in lignes
            )
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 60 + 46 * max(1, len(self.lignes)))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        metrics = QFontMetrics(self.font())
        line_height = metrics.height()
        painter.setPen(text)
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(
            QRectF(8, 4, self.width() - 16, line_height + 4), Qt.AlignmentFlag.AlignLeft, self.titre
        )
        painter.setFont(self.font())
        if not self.lignes:
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Choisissez un groupe d'indicateurs.")
            )
            return
        top = line_height + 14
        legend = 2 * line_height + 10
        available = max(40.0, self.height() - top - legend - 8)
        slot = available / len(self.lignes)
        bar = max(6.0, min(16.0, (slot - line_height - 12) / 2))
        value_space = metrics.horizontalAdvance("100,0 %") + 12
        left = 12.0
        width = max(20.0, self.width() - left - value_space - 12)
        biggest = max([max(line.valeur, line.precedente) for line in self.lignes] + [1])
        for n, line in enumerate(self.lignes):
            y = top + n * slot
            label = metrics.elidedText(self.libelles.get(line.code, line.libelle), Qt.TextElideMode.ElideRight,
                                       int(self.width() - 2 * left))  # fmt: skip
            painter.setPen(text)
            painter.drawText(QRectF(left, y, self.width() - 2 * left, line_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)  # fmt: skip
            for k, (value, colour, pattern) in enumerate(((line.valeur, COURANT, Qt.BrushStyle.SolidPattern),
                                                          (line.precedente, PRECEDENT, Qt.BrushStyle.BDiagPattern))):  # fmt: skip
                length = width * value / biggest
                rect = QRectF(left, y + line_height + 3 + k * (bar + 2), max(length, 1.0), bar)
                painter.setPen(QPen(colour, 1))
                painter.setBrush(QBrush(colour, pattern))
                painter.drawRect(rect)
                painter.setPen(text)
                painter.drawText(QRectF(left + length + 4, rect.top() - 2, value_space, bar + 4),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, nombre(value, line.unite))  # fmt: skip
        y = self.height() - legend
        for k, (name, colour, pattern) in enumerate(((self.tr("période choisie"), COURANT, Qt.BrushStyle.SolidPattern),
                                                     (self.tr("période précédente"), PRECEDENT, Qt.BrushStyle.BDiagPattern))):  # fmt: skip
            row = y + k * (line_height + 4)
            painter.setPen(QPen(colour, 1))
            painter.setBrush(QBrush(colour, pattern))
            painter.drawRect(QRectF(left, row + (line_height - 10) / 2, 14, 10))
            painter.setPen(text)
            painter.drawText(
                QRectF(left + 20, row, self.width() - left - 20, line_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
