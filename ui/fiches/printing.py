"""Printing a PDF through the system print dialog (QPrinter), page by page at the printer's resolution."""

from __future__ import annotations

import sys

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from coordinateur.fiches import cups


def load_pdf(data: bytes, parent: QObject | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over bytes in memory (keep the buffer alive as long as the document)."""
    document = QPdfDocument(parent) if parent is not None else QPdfDocument()
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document, buffer


def print_pdf(printer: QPrinter, data: bytes) -> int:
    """Print the PDF on the chosen printer; returns the number of pages. A CUPS queue (Linux, macOS)
    receives the PDF itself (text and drawings kept); otherwise every page is rendered onto the printer
    at its resolution (Windows, or printing to a file)."""
    document, _buffer = load_pdf(data)
    if (printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and printer.printerName()
            and sys.platform != "win32" and cups.disponible()):  # fmt: skip
        cups.imprime(
            data, printer.printerName(), copies=printer.copyCount(), titre=printer.docName() or "Coordinateur"
        )
        return document.pageCount()
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("L'imprimante n'a pas pu être ouverte.")
    try:
        target = printer.pageRect(QPrinter.Unit.DevicePixel)
        dpi = printer.resolution()
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            image = document.render(page, size)
            scale = min(target.width() / size.width(), target.height() / size.height())
            painter.drawImage(QRectF(0, 0, size.width() * scale, size.height() * scale), image)
    finally:
        painter.end()
    return document.pageCount()
