import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from coordinateur.annuaire.recherche import Filtre, liste
from coordinateur.logs import setup_logging
from coordinateur.settings import load_settings
from coordinateur.store import Store
from ui import crash
from ui.main_window import ECRANS, MainWindow
from ui.partage.screen import PartageScreen
from ui.territoire.screen import TerritoireScreen


def make_window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(store, load_settings(store))
    qtbot.addWidget(window)
    window.show()
    return window


def test_title_navigation_and_status(qtbot: QtBot, demo_store: Store) -> None:
    window = make_window(qtbot, demo_store)
    assert "Coordinateur" in window.windowTitle() and "Nord-Aveyron" in window.windowTitle()
    # Only built screens are listed.
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())] == [
        "Annuaire",
        "Personnes",
        "Réunions",
        "Partage",
        "Territoire",
        "Indicateurs",
        "Protection",
    ]
    assert window.stack.currentWidget() is window.annuaire
    assert "Camille Vernhes" in window.status_user.text()
    assert str(demo_store.paths.data) in window.status_store.texte_complet  # shortened on a small screen
    assert str(demo_store.paths.data) in window.status_store.toolTip()


def test_ctrl_f_goes_to_the_search_field(qtbot: QtBot, demo_store: Store) -> None:
    window = make_window(qtbot, demo_store)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.annuaire.table.setFocus()
    qtbot.keyClick(window.annuaire.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.annuaire.search
    qtbot.keyClick(window.annuaire.table, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.territoire
    qtbot.keyClick(window.territoire.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.territoire.search


def test_a_commune_double_clicked_in_territoire_opens_who_works_there(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = make_window(qtbot, demo_store)
    window.annuaire.search.setText("zzzz")  # a filter left from before is taken off
    territoire = window.show_screen_named("territoire")
    assert isinstance(territoire, TerritoireScreen)
    territoire.search.setText("laguiole")
    index = territoire.proxy.index(0, 0)
    assert index.data() == "Laguiole"
    territoire.table.doubleClicked.emit(index)  # what a double click does besides activating
    territoire.table.activated.emit(index)
    assert window.stack.currentWidget() is window.annuaire
    assert window.annuaire.commune.currentData() == "12119" and window.annuaire.search.text() == ""
    expected = {ligne.id for ligne in liste(demo_store, Filtre(commune="12119"))}
    model = window.annuaire.model
    qtbot.waitUntil(lambda: {model.row_at(r).id for r in range(model.rowCount())} == expected, timeout=3000)
    assert len(expected) > 5


def test_partage_watch_drives_the_status_bar_and_the_screen_built_on_first_visit(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    window = make_window(qtbot, demo_store)
    qtbot.waitUntil(lambda: window.status_partage.text() == "Partage : aucun dossier")  # just after showing
    assert window.screens[ECRANS.index("partage")] is None  # not built until opened
    shared = tmp_path / "nas"
    shared.mkdir()
    window.show_screen(ECRANS.index("partage"))
    screen = window.stack.currentWidget()
    assert isinstance(screen, PartageScreen) and screen.veille is window.veille
    with qtbot.waitSignal(window.veille.synced, timeout=30_000):
        screen.set_folder(shared)
        assert window.status_partage.text() == "Partage : synchronisation…"
    assert window.status_partage.text() == "Partage : connecté"
    shared.rename(tmp_path / "nas-debranche")
    with qtbot.waitSignal(window.veille.state_changed, timeout=30_000):
        window.veille.timer.timeout.emit()  # the next tick of the timer: a look on a worker thread
    assert window.status_partage.text() == "Partage : hors ligne"
    assert "non connecté" in screen.status.text()


def test_automatic_backup_from_the_window(qtbot: QtBot, demo_store: Store) -> None:
    from coordinateur.confiance.sauvegarde import liste

    window = make_window(qtbot, demo_store)
    assert window.backup_timer.isActive() and window.backup_timer.interval() == 30 * 60_000
    operation = window.automatic_backup()  # in the background
    assert operation is not None and window.automatic_backup() is None  # one at a time
    with qtbot.waitSignal(operation.finished, timeout=30_000):
        pass
    assert [b.motif for b in liste(demo_store.paths)] == ["auto"]
    assert "Sauvegarde automatique faite" in window.statusBar().currentMessage()
    # a second destination on a plain store: the backup is made, the copy refused, and the bar says why
    from coordinateur.settings import enregistre_reglages

    enregistre_reglages(demo_store, sauvegarde_seconde=str(demo_store.paths.data.parent / "cle-usb"))
    operation = window.automatic_backup()
    assert operation is not None
    with qtbot.waitSignal(operation.finished, timeout=30_000):
        pass
    assert "chiffrées" in window.statusBar().currentMessage()


def test_a_failed_automatic_backup_is_said_and_the_next_one_runs(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A database error in the worker used to kill the thread and leave the flag set: no backup again
    for the rest of the session, and nothing said."""
    import sqlite3

    import coordinateur.confiance.sauvegarde as sauvegarde

    window = make_window(qtbot, demo_store)
    real = sauvegarde.sauvegarde_auto

    def locked(store: Store, **_kw: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    def broken(store: Store, **_kw: object) -> None:
        raise sqlite3.OperationalError("no such table: sauvegardes")

    monkeypatch.setattr(sauvegarde, "sauvegarde_auto", locked)
    operation = window.automatic_backup()
    assert operation is not None
    with qtbot.waitSignal(operation.finished, timeout=30_000):
        pass
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("Sauvegarde automatique impossible : Les données étaient occupées")
    )
    assert not window._backup_running
    monkeypatch.setattr(sauvegarde, "sauvegarde_auto", broken)  # a bug: said, logged, no crash dialog (quiet)
    operation = window.automatic_backup()
    assert operation is not None
    with (
        caplog.at_level(logging.ERROR, logger="coordinateur.travaux"),
        qtbot.waitSignal(operation.finished, timeout=30_000),
    ):
        pass
    assert "Sauvegarde automatique impossible : erreur inattendue" in window.statusBar().currentMessage()
    assert any(r.exc_info and "no such table" in str(r.exc_info[1]) for r in caplog.records)
    monkeypatch.setattr(sauvegarde, "sauvegarde_auto", real)
    operation = window.automatic_backup()  # not stuck
    assert operation is not None
    with qtbot.waitSignal(operation.finished, timeout=30_000):
        pass
    assert "Sauvegarde automatique faite" in window.statusBar().currentMessage()


def test_geometry_is_remembered(qtbot: QtBot, demo_store: Store) -> None:
    window = make_window(qtbot, demo_store)
    window.resize(790, 530)
    window.close()
    assert load_settings(demo_store).fenetre_geometrie
    again = make_window(qtbot, demo_store)
    assert (again.width(), again.height()) == (790, 530)


def test_a_second_start_brings_the_window_forward(qtbot: QtBot, demo_store: Store) -> None:
    """What a second start does (ui.app announces itself in the activation file) reaches the running
    window through its own watcher: minimised, it comes back; and again on a later start."""
    from ui.app import _announce_to_running_window

    window = make_window(qtbot, demo_store)
    for _second_start in range(2):
        window.showMinimized()
        qtbot.waitUntil(window.isMinimized, timeout=3000)
        _announce_to_running_window(demo_store.paths)
        qtbot.waitUntil(lambda: not window.isMinimized() and window.isVisible(), timeout=5000)
    assert str(demo_store.paths.activation) in window._activation.files()


def test_crash_handler_logs_and_shows_copyable_details(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_file = setup_logging(tmp_path)
    shown: list[crash.CrashDialog] = []

    def fake_exec(self: crash.CrashDialog) -> int:
        shown.append(self)
        self.copy_details()
        return 0

    monkeypatch.setattr(crash.CrashDialog, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    crash.install_crash_handler(log_file)
    try:
        raise RuntimeError("panne simulée ééé")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    logging.getLogger().handlers[-1].flush()
    assert shown and "panne simulée ééé" in shown[0].details.toPlainText()
    assert "panne simulée ééé" in QGuiApplication.clipboard().text()
    assert "panne simulée ééé" in log_file.read_text(encoding="utf-8")
    qtbot.addWidget(shown[0])


def test_f1_opens_the_help_at_the_section_of_the_screen_shown(qtbot: QtBot, demo_store: Store) -> None:
    from resources import resource_path

    window = make_window(qtbot, demo_store)
    window.show_screen(ECRANS.index("indicateurs"))
    help_dialog = window.show_help()
    qtbot.addWidget(help_dialog)
    text = help_dialog.browser.toPlainText()
    for topic in ("Imprimer une fiche", "Que faire quand le dossier de partage est absent ?", "Restaurer une sauvegarde",
                  "Raccourcis clavier", "Ctrl+L"):  # fmt: skip
        assert topic in text
    assert help_dialog.browser.verticalScrollBar().value() > 0  # scrolled to the Indicateurs section
    html = resource_path("aide", "aide.html").read_text(encoding="utf-8")
    for name in ECRANS:  # every screen has its section, and F1 knows it
        assert f'id="{name}"' in html
    assert window.show_help("guide") is help_dialog  # one help window, moved to "Premiers pas"


def test_ctrl_l_on_plain_data_says_why_nothing_locks(qtbot: QtBot, store: Store) -> None:
    window = make_window(qtbot, store)
    assert (
        window.lock_action.shortcut().toString() == "Ctrl+L"
        and window.lock_action in window.menuBar().actions()[0].menu().actions()
    )
    window.lock_action.trigger()
    assert "ne sont pas chiffrées" in window.statusBar().currentMessage() and not window.locked


def test_qwidget_methods_are_not_shadowed(qtbot: QtBot, store: Store) -> None:
    """Qt's own screen() and actions() still answer: a screen is found by screen_widget(name), the meeting's
    actions editor is actions_editor (a Python attribute named like a QWidget method replaced it)."""
    from PySide6.QtGui import QAction, QScreen

    from ui.reunions.dialog import ReunionDialog

    window = make_window(qtbot, store)
    assert isinstance(window.screen(), QScreen)
    assert window.screen_widget("annuaire") is window.annuaire
    dialog = ReunionDialog(store)
    qtbot.addWidget(dialog)
    assert all(isinstance(action, QAction) for action in dialog.actions())
    assert dialog.actions_editor.values() == []


def test_f1_inside_a_dialog_opens_the_help_at_its_section(qtbot: QtBot, demo_store: Store) -> None:
    """A person's file is a modal dialog: the window's F1 is blocked behind it; F1 there opens the help at
    the persons' section, in front of the dialog."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.aide import AideDialog, section_de
    from ui.annuaire.form import FicheDialog
    from ui.personnes.dialog import PersonneDialog

    window = make_window(qtbot, demo_store)
    dialog = PersonneDialog(demo_store, load_settings(demo_store), None, parent=window)
    assert section_de(dialog) == "personnes"
    assert (
        section_de(
            FicheDialog(demo_store, load_settings(demo_store), record_id=None, categorie="intervenant")
        )
        == "annuaire"
    )
    opened: list[AideDialog] = []

    def press_f1() -> None:
        assert QApplication.activeModalWidget() is dialog
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_F1)
        opened.extend(
            w for w in QApplication.topLevelWidgets() if isinstance(w, AideDialog) and w.isVisible()
        )
        opened.extend(w for w in dialog.findChildren(AideDialog) if w.isVisible())
        dialog.reject()

    QTimer.singleShot(100, press_f1)
    dialog.exec()
    assert opened and opened[0].parent() is dialog
