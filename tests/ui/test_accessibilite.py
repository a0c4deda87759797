"""Every control of every screen has a name a screen reader can say (its own accessible name, or the
label that points to it), every screen is reached from the keyboard (Ctrl+1…7), Tab reaches every control
and, in the main dialogs, follows the reading order."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from coordinateur.settings import load_settings
from coordinateur.store import Store
from ui.main_window import ECRANS, MainWindow

CONTROLS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit, QTextEdit)


def test_every_control_has_a_name_and_every_screen_a_shortcut(qtbot: QtBot, demo_store: Store) -> None:
    window = MainWindow(demo_store, load_settings(demo_store))
    qtbot.addWidget(window)
    window.show()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    nameless = []
    for number, name in enumerate(ECRANS, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        screen = window.screen_widget(name)
        assert window.stack.currentWidget() is screen, name
        buddies = {id(label.buddy()) for label in screen.findChildren(QLabel) if label.buddy() is not None}
        for cls in CONTROLS:
            for control in screen.findChildren(cls):
                if isinstance(control, QHeaderView) or isinstance(
                    control.parent(), (QComboBox, QAbstractSpinBox)
                ):
                    continue  # a table's header, a combo's own line edit: named with their owner
                if (
                    control.isVisibleTo(screen)
                    and not control.accessibleName()
                    and id(control) not in buddies
                ):
                    nameless.append(f"{name}: {type(control).__name__} {control.objectName()}")
    assert nameless == []


def main_dialogs(store: Store) -> list[QWidget]:
    """The dialogs a coordinator fills in every day, on the demo's records."""
    from coordinateur.personnes.service import liste_personnes
    from coordinateur.reunions.service import liste_reunions
    from ui.annuaire.form import FicheDialog
    from ui.indicateurs.registres import ConventionDialog, EvenementDialog
    from ui.personnes.dialog import PersonneDialog
    from ui.reunions.dialog import ReunionDialog

    settings = load_settings(store)
    return [
        PersonneDialog(store, settings, liste_personnes(store)[0].id),
        ReunionDialog(store, liste_reunions(store)[0].id),
        FicheDialog(store, settings, record_id=None, categorie="intervenant"),
        FicheDialog(store, settings, record_id=None, categorie="structure"),
        ConventionDialog(store, None),
        EvenementDialog(store, settings, None),
    ]


def test_every_control_of_the_main_dialogs_has_a_name(qtbot: QtBot, demo_store: Store) -> None:
    dialogs = main_dialogs(demo_store)
    nameless = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        buddies = {id(label.buddy()) for label in dialog.findChildren(QLabel) if label.buddy() is not None}
        for cls in CONTROLS:
            for control in dialog.findChildren(cls):
                if isinstance(control, QHeaderView) or isinstance(
                    control.parent(), (QComboBox, QAbstractSpinBox)
                ):
                    continue
                if control.window() is dialog and not control.accessibleName() and id(control) not in buddies:
                    nameless.append(f"{type(dialog).__name__}: {type(control).__name__}")
    assert nameless == []


def test_tab_reaches_every_control_of_every_screen(qtbot: QtBot, demo_store: Store) -> None:
    from PySide6.QtWidgets import QAbstractButton, QTabBar

    window = MainWindow(demo_store, load_settings(demo_store))
    qtbot.addWidget(window)
    window.show()
    unreachable = []
    for name in ECRANS:
        screen = window.show_screen_named(name)
        chain, widget = [], window.navigation.nextInFocusChain()
        while widget is not window.navigation and len(chain) < 5000:  # the window's Tab ring, once round
            chain.append(widget)
            widget = widget.nextInFocusChain()
        reached = {
            id(w)
            for w in chain
            if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        }
        for cls in (*CONTROLS, QAbstractButton, QTabBar):
            for control in screen.findChildren(cls):
                if isinstance(control, QHeaderView) or isinstance(
                    control.parent(), (QComboBox, QAbstractSpinBox)
                ):
                    continue
                tabbable = (
                    control.isVisible()
                    and control.isEnabled()
                    and control.focusPolicy() & Qt.FocusPolicy.TabFocus
                )
                if tabbable and id(control) not in reached:
                    unreachable.append(f"{name}: {type(control).__name__}")
        assert len(reached) >= 3, name
    assert unreachable == []


def _reading_order_breaks(dialog: QWidget) -> list[str]:
    """Where Tab goes back up or leftwards among controls that sit side by side in one container."""
    from PySide6.QtWidgets import QAbstractButton, QTabBar

    chain, widget = [], dialog.nextInFocusChain()
    while widget is not dialog and len(chain) < 5000:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    kinds = (*CONTROLS, QAbstractButton, QTabBar)
    tabbable = [
        w
        for w in chain
        if isinstance(w, kinds)
        and not isinstance(w, QHeaderView)
        and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))
        and w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    breaks = []
    by_parent: dict[int, list[QWidget]] = {}
    for w in tabbable:
        by_parent.setdefault(id(w.parentWidget()), []).append(w)
    for siblings in by_parent.values():
        for before, after in pairwise(siblings):
            a, b = before.geometry(), after.geometry()
            same_row = abs(a.center().y() - b.center().y()) <= max(a.height(), b.height()) // 2
            if (same_row and b.left() < a.left()) or (not same_row and b.center().y() < a.center().y()):
                breaks.append(
                    f"{type(dialog).__name__}: {before.accessibleName() or type(before).__name__} → "
                    f"{after.accessibleName() or type(after).__name__}"
                )
    return breaks


def test_tab_follows_the_reading_order_in_the_main_dialogs(qtbot: QtBot, demo_store: Store) -> None:
    """Tab goes down the form and, on one line, from left to right — in every tab of every main dialog."""
    from PySide6.QtWidgets import QTabWidget

    dialogs = main_dialogs(demo_store)
    breaks = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        tabs = dialog.findChildren(QTabWidget)
        for tab_widget in tabs or [None]:
            for index in range(tab_widget.count() if tab_widget else 1):
                if tab_widget:
                    tab_widget.setCurrentIndex(index)
                qtbot.wait(10)
                breaks.extend(_reading_order_breaks(dialog))
        dialog.close()
    assert sorted(set(breaks)) == []
