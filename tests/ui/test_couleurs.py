"""Warnings stay readable in a dark system theme."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from pytestqt.qtbot import QtBot

from ui.common.couleurs import TEINTES, couleur, sombre, style


def test_colours_follow_the_system_theme(qtbot: QtBot) -> None:
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    before = QGuiApplication.palette()
    try:
        light = QPalette(before)
        light.setColor(QPalette.ColorRole.Window, QColor("#f0f0f0"))
        app.setPalette(light)
        assert not sombre() and couleur("erreur").name() == TEINTES["erreur"][0]
        dark = QPalette(before)
        dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
        app.setPalette(dark)
        assert sombre() and couleur("erreur").name() == TEINTES["erreur"][1]
        assert style("discret") == f"color: {TEINTES['discret'][1]};"
        for light_shade, dark_shade in TEINTES.values():  # the dark shade is the lighter one
            assert QColor(dark_shade).lightness() > QColor(light_shade).lightness() + 40
    finally:
        app.setPalette(before)
