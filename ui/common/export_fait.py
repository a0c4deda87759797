"""After an export: say where the file is, and offer to open it (and to print it, for a PDF)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from coordinateur.errors import CoordinateurError


def ouvre_fichier(path: Path) -> bool:
    """Open the file with the application the system chose for its kind."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def imprime_fichier_pdf(parent: QWidget, path: Path) -> None:
    """The system print dialog, then the PDF on the printer chosen (the sheets' printing path)."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from ui.fiches.printing import print_pdf

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(path.name)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Imprimer {f}").format(f=path.name))
    if not dialog.exec():
        return
    try:
        print_pdf(printer, path.read_bytes())
    except (CoordinateurError, OSError) as exc:
        QMessageBox.warning(
            parent, parent.tr("Impression impossible"), getattr(exc, "message", None) or str(exc)
        )


def annonce_export(parent: QWidget, path: Path, message: str, *, titre: str = "") -> str:
    """« Export terminé » with the file's place, and « Ouvrir » (and « Imprimer » for a PDF). Returns what
    was chosen: "ouvrir", "imprimer" or "" (closed)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(titre or parent.tr("Export terminé"))
    box.setText(message)
    box.setInformativeText(str(path))
    open_button = box.addButton(parent.tr("&Ouvrir"), QMessageBox.ButtonRole.ActionRole)
    print_button = (
        box.addButton(parent.tr("&Imprimer…"), QMessageBox.ButtonRole.ActionRole)
        if path.suffix.lower() == ".pdf"
        else None
    )
    close_button = box.addButton(parent.tr("Fermer"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(close_button)
    box.setEscapeButton(close_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_button:
        if not ouvre_fichier(path):
            QMessageBox.warning(
                parent,
                parent.tr("Ouverture impossible"),
                parent.tr("Aucune application n'a pu ouvrir ce fichier :\n{p}").format(p=path),
            )
        return "ouvrir"
    if print_button is not None and clicked is print_button:
        imprime_fichier_pdf(parent, path)
        return "imprimer"
    return ""
