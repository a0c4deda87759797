"""Where the "Enregistrer sous" dialog opens: the folder chosen last time in this session, else Documents.

Kept in memory only: a folder's path can name a person (« Dossier Mme Rouquette »), and nothing that can
name a person is written outside the encrypted store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_dernier: Path | None = None


def dossier_initial() -> Path:
    if _dernier is not None and _dernier.is_dir():
        return _dernier
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def enregistrer_sous(parent: QWidget | None, titre: str, nom: str, filtre: str = "") -> tuple[str, str]:
    """QFileDialog.getSaveFileName opened in the last folder used, with `nom` proposed; (path, filter chosen),
    path "" when cancelled."""
    global _dernier
    path, chosen = QFileDialog.getSaveFileName(parent, titre, str(dossier_initial() / nom), filtre)
    if path:
        _dernier = Path(path).parent
    return path, chosen
