"""Start-up order: what a person sees first is shown before the work it does not need.

Not timed (the benchmark `demarrage-visible` measures from outside); these check the order the speed rests on:
the passphrase dialog is on the screen before the database engine is loaded, and the main window's frame is
shown before the directory is built, then filled by `remplis`."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from coordinateur.settings import load_settings
from coordinateur.store import Store
from ui.main_window import ECRANS, MainWindow

PHRASE = "Causse-Comtal 2026 !"
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

SONDE = textwrap.dedent(
    """
    import sys
    import PySide6.QtWidgets as widgets
    from coordinateur.cli import main

    def shown(dialog):
        dialog.show()
        widgets.QApplication.processEvents()
        print("moteur-charge" if "sqlalchemy" in sys.modules else "moteur-absent", type(dialog).__name__)
        return 0  # the person cancels

    widgets.QDialog.exec = shown
    sys.exit(main(["--data-dir", sys.argv[1]]))
    """
)


def test_the_passphrase_dialog_is_shown_before_the_engine_is_loaded(tmp_path: Path) -> None:
    data = tmp_path / "chiffree"
    made = subprocess.run(
        [sys.executable, "-m", "coordinateur", "--data-dir", str(data), "demo", "--no-gui"],
        capture_output=True, text=True, env={**ENV, "COORDINATEUR_PASSPHRASE": PHRASE}, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    env = {k: v for k, v in ENV.items() if k != "COORDINATEUR_PASSPHRASE"}
    probe = subprocess.run([sys.executable, "-c", SONDE, str(data)], capture_output=True, text=True, env=env,
                           timeout=60)  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    assert "moteur-absent DeverrouillageDialog" in probe.stdout, probe.stdout + probe.stderr


def test_the_frame_is_shown_first_then_filled(qtbot: QtBot, demo_store: Store) -> None:
    window = MainWindow(demo_store, load_settings(demo_store), remplir=False)
    qtbot.addWidget(window)
    window.show()
    waiting = window.stack.currentWidget()
    assert isinstance(waiting, QLabel) and "Ouverture" in waiting.text()
    assert not hasattr(window, "annuaire") and not hasattr(window, "veille")
    # the window is whole: menus and status bar are there before the directory
    assert window.menuBar().actions() and window.status_store.text()
    window.remplis()
    assert window.stack.currentWidget() is window.annuaire
    assert window.annuaire.model.rowCount() > 0
    assert window.veille.timer.isActive() or window.veille.timer.interval() > 0
    window.remplis()  # once
    assert window.stack.currentWidget() is window.annuaire


def test_a_screen_chosen_before_the_window_is_filled_is_the_one_shown(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = MainWindow(demo_store, load_settings(demo_store), remplir=False)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(ECRANS.index("territoire"))
    assert window.stack.currentWidget() is window.screen_widget("territoire")
    assert window.navigation.currentRow() == ECRANS.index("territoire")
    assert window.screen_widget("annuaire") is window.annuaire  # built behind it
    window.close()  # closing before or after the fill stops the timers without error
