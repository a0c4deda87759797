from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.territoire import communes_du_territoire
from tests.ui.helpers import type_text
from ui.first_run import FirstRunDialog


def toggle(qtbot: QtBot, widget: QListWidget, label_start: str) -> None:
    """Select the visible item whose label starts with `label_start` and press Space, as a user does."""
    for i in range(widget.count()):
        item = widget.item(i)
        if not item.isHidden() and item.text().startswith(label_start):
            widget.setFocus()
            widget.setCurrentItem(item)
            qtbot.keyClick(widget, Qt.Key.Key_Space)
            return
    raise AssertionError(f"aucun élément « {label_start} »")


def test_assistant_saves_name_structure_and_communautes(qtbot: QtBot, store: Store) -> None:
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.nom, "Hélène Bousquet")
    type_text(dialog.fonction, "Infirmière coordinatrice")
    type_text(dialog.structure, "CPTS Aubrac–Viadène")
    type_text(dialog.dept_filter, "aveyron")
    visible = [dialog.departements.item(i) for i in range(dialog.departements.count())]
    assert [i.text() for i in visible if not i.isHidden()] == ["12 – Aveyron"]
    toggle(qtbot, dialog.departements, "12")
    assert "285 communes" in dialog.summary.text()
    qtbot.mouseClick(dialog.scope_epci, Qt.MouseButton.LeftButton)
    assert dialog.epcis.isEnabled() and dialog.epcis.count() == 20
    toggle(qtbot, dialog.epcis, "CC Aubrac, Carladez")
    assert "21 communes" in dialog.summary.text()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    settings = load_settings(store)
    assert settings.premier_demarrage_fait
    assert settings.coordinateur_nom == "Hélène Bousquet"
    assert settings.structure_nom == "CPTS Aubrac–Viadène"
    assert settings.territoire_epcis == ["200067171"] and settings.territoire_departements == []
    assert len(communes_du_territoire(settings)) == 21


def test_assistant_explains_what_is_missing(qtbot: QtBot, store: Store) -> None:
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "Indiquez votre nom" in dialog.error.text()
    assert dialog.focusWidget() is dialog.nom
    type_text(dialog.nom, "Camille")
    type_text(dialog.structure, "DAC")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "au moins un département" in dialog.error.text()
    assert not load_settings(store).premier_demarrage_fait


def test_after_the_welcome_and_the_passphrase_the_assistant_is_the_second_step(
    qtbot: QtBot, store: Store
) -> None:
    first = FirstRunDialog(store)  # no passphrase asked before (data left in clear): it says welcome
    after = FirstRunDialog(store, suite=True)  # a new protected store: « Bienvenue » was said already
    for dialog in (first, after):
        qtbot.addWidget(dialog)
    assert "<h2>Bienvenue</h2>" in first.intro.text()
    assert "<h2>2. Votre territoire</h2>" in after.intro.text() and "Bienvenue" not in after.intro.text()
