"""A PDF preview inside the app: pages rendered by QtPdf, the whole page in view or the page's full width,
and a large preview window ("Aperçu") sized to the screen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.common.ecran import a_la_taille_de_l_ecran
from ui.fiches.printing import load_pdf

PAGE_ENTIERE, LARGEUR = "page", "largeur"
BORD = 24  # the grey around the pages, the layout's margins


class PdfPreview(QScrollArea):
    def __init__(self, parent: QWidget | None = None, *, ajuste: str = PAGE_ENTIERE) -> None:
        super().__init__(parent)
        self.ajuste = ajuste  # the whole page in view (beside the form), or the page's width (to read)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if ajuste == LARGEUR:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # no resize loop
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._body)
        self.setStyleSheet("QScrollArea { background: #8a8a8a; }")
        self._document: QPdfDocument | None = None
        self._keep: object = None
        self.data: bytes | None = None
        self.pages: list[QLabel] = []
        self._resize = QTimer(self)
        self._resize.setSingleShot(True)
        self._resize.setInterval(150)
        self._resize.timeout.connect(self._render)

    def set_pdf(self, data: bytes) -> None:
        document, buffer = load_pdf(data, self)
        self._document, self._keep, self.data = document, buffer, data
        for label in self.pages:
            label.deleteLater()
        self.pages = []
        for page in range(document.pageCount()):
            label = QLabel()
            label.setAccessibleName(self.tr("Page {n} de l'aperçu").format(n=page + 1))
            self._layout.addWidget(label)
            self.pages.append(label)
        self._render()
        self.verticalScrollBar().setValue(0)  # from the top of the first page

    def page_count(self) -> int:
        return self._document.pageCount() if self._document else 0

    def _page_width(self, page: int) -> int:
        assert self._document is not None
        points = self._document.pagePointSize(page)
        width = self.viewport().width() - BORD
        if self.ajuste == PAGE_ENTIERE:  # as wide as the height allows
            width = min(width, int((self.viewport().height() - BORD) * points.width() / points.height()))
        return max(width, 120)

    def _render(self) -> None:
        if self._document is None:
            return
        ratio = self.devicePixelRatioF()
        for page, label in enumerate(self.pages):
            points = self._document.pagePointSize(page)
            width = self._page_width(page)
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


class ApercuDialog(QDialog):
    """The sheet as large as the screen allows, its full width readable."""

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.view = PdfPreview(self, ajuste=LARGEUR)
        self.view.setAccessibleName(self.tr("Aperçu en grand"))
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        a_la_taille_de_l_ecran(self, 980, 1400)
        self.view.set_pdf(data)
