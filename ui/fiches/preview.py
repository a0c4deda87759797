"""A PDF preview inside the app: pages rendered by QtPdf at the width of the view."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.fiches.printing import load_pdf


class PdfPreview(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._body)
        self.setStyleSheet("QScrollArea { background: #8a8a8a; }")
        self._document: QPdfDocument | None = None
        self._keep: object = None
        self.pages: list[QLabel] = []
        self._resize = QTimer(self)
        self._resize.setSingleShot(True)
        self._resize.setInterval(150)
        self._resize.timeout.connect(self._render)

    def set_pdf(self, data: bytes) -> None:
        document, buffer = load_pdf(data, self)
        self._document, self._keep = document, buffer
        for label in self.pages:
            label.deleteLater()
        self.pages = []
        for page in range(document.pageCount()):
            label = QLabel()
            label.setAccessibleName(self.tr("Page {n} de l'aperçu").format(n=page + 1))
            self._layout.addWidget(label)
            self.pages.append(label)
        self._render()

    def page_count(self) -> int:
        return self._document.pageCount() if self._document else 0

    def _render(self) -> None:
        if self._document is None:
            return
        width = max(self.viewport().width() - 30, 200)
        ratio = self.devicePixelRatioF()
        for page, label in enumerate(self.pages):
            points = self._document.pagePointSize(page)
            height = int(width * points.height() / points.width())
            size = QSize(int(width * ratio), int(height * ratio))
            pixmap = QPixmap(size)
            pixmap.fill(Qt.GlobalColor.white)  # pages have no background of their own
            painter = QPainter(pixmap)
            painter.drawImage(0, 0, self._document.render(page, size))
            painter.end()
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._resize.start()
