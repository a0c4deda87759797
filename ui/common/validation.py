"""What every form checked as you type shares: a debounce, marked fields, the list of problems."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from coordinateur.annuaire.fiches import Probleme
from coordinateur.referentiels.identifiants import Niveau

_INPUTS = "QLineEdit, QComboBox, QListWidget, QDateEdit, QSpinBox, QTableWidget, QPlainTextEdit"
ERROR_STYLE = f"{_INPUTS} {{ border: 2px solid #a1260d; }}"
WARNING_STYLE = f"{_INPUTS} {{ border: 2px solid #b86e00; }}"


def debounce(parent: QWidget, milliseconds: int, slot: Callable[[], object]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(milliseconds)
    timer.timeout.connect(slot)
    return timer


def problems_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAccessibleName(parent.tr("Problèmes à corriger"))
    return label


def show_problems(label: QLabel, fields: dict[str, QWidget], problemes: Iterable[Probleme]) -> bool:
    """Mark each field (red: error, orange: warning, reason in its tooltip), list every problem; True if
    nothing blocks saving."""
    problemes = list(problemes)
    for key, widget in fields.items():
        mine = [p for p in problemes if p.champ == key]
        widget.setStyleSheet(ERROR_STYLE if any(p.bloquant for p in mine) else WARNING_STYLE if mine else "")
        widget.setToolTip("\n".join(p.message for p in mine))
    label.setText("<br>".join(
        f"<span style='color:#a1260d'>✖ {escape(p.message)}</span>" if p.niveau is Niveau.ERREUR
        else f"<span style='color:#8a5300'>⚠ {escape(p.message)}</span>"
        for p in problemes
    ))  # fmt: skip
    label.setVisible(bool(problemes))
    return not any(p.bloquant for p in problemes)
