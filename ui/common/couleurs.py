"""The few colours the window uses on top of the system palette, each in a light-theme and a dark-theme
shade, so that a warning stays readable in a dark system theme (and is never the only signal: a symbol
or a word always goes with it)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

TEINTES = {
    "erreur": ("#a1260d", "#ff8a80"),
    "attention": ("#8a5300", "#ffb74d"),
    "ok": ("#1e6b2f", "#81c784"),
    "discret": ("#555555", "#b0b0b0"),
}


def sombre() -> bool:
    """Whether the system theme is dark (its window background is)."""
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def couleur(nom: str) -> QColor:
    light, dark = TEINTES[nom]
    return QColor(dark if sombre() else light)


def style(nom: str, extra: str = "") -> str:
    """A style sheet fragment: `label.setStyleSheet(style("erreur"))`."""
    return f"color: {couleur(nom).name()};{(' ' + extra) if extra else ''}"
