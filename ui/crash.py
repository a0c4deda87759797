"""The safety net: any uncaught exception is logged and shown in a French dialog whose details can be copied."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinateur import __version__

log = logging.getLogger("coordinateur.crash")


class CrashDialog(QDialog):
    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Coordinateur — erreur inattendue"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        where = f"<br>Le détail est aussi dans le journal : <tt>{log_file}</tt>." if log_file else ""
        message = QLabel(
            self.tr(
                "<b>Une erreur inattendue est survenue.</b><br>"
                "Ce qui était déjà enregistré n'est pas perdu. L'action en cours n'a peut-être pas abouti : "
                "vérifiez-la, puis continuez ou redémarrez Coordinateur.<br>"
                "Pour aider à corriger le problème, copiez les détails ci-dessous et envoyez-les à votre "
                "contact informatique."
            )
            + where
        )
        message.setWordWrap(True)
        layout.addWidget(message)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Détails techniques de l'erreur"))
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copier les détails"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("Détails copiés"))


def format_details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    lines = traceback.format_exception(exc_type, exc, tb)
    return f"Coordinateur {__version__} — Python {sys.version.split()[0]}\n\n" + "".join(lines)


def install_crash_handler(log_file: Path | None) -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("Exception non interceptée", exc_info=(exc_type, exc, tb))
        if QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        dialog = CrashDialog(format_details(exc_type, exc, tb), log_file, QApplication.activeWindow())
        dialog.exec()

    sys.excepthook = hook
