"""The one background-work helper: failures said and logged, busy state cleared, work awaited before the
window closes the store or a restore replaces it."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

from coordinateur.settings import load_settings
from coordinateur.store import Store
from ui.common import operation as operation_module
from ui.common.operation import Travail, attend_travaux, en_cours, run_in_background
from ui.main_window import MainWindow
from ui.partage.veille import FIRST_LOOK_MS


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> MainWindow:
    shown = MainWindow(store, load_settings(store))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.wait(FIRST_LOOK_MS + 200)  # the first look at the shared folder, the directory's full list
    qtbot.waitUntil(lambda: en_cours() == 0, timeout=30_000)
    return shown


def test_a_database_error_is_said_logged_and_the_busy_flag_cleared(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    warnings: list[str] = []
    crashes: list[BaseException] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warnings.append(text))
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: crashes.append(exc))
    busy = {"import": True}

    def locked(**_kw: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    with caplog.at_level(logging.WARNING, logger="coordinateur.travaux"):
        job = run_in_background(window.annuaire, locked, label="Import de essai.csv…",
                                on_finished=lambda: busy.update({"import": False}))  # fmt: skip
        with qtbot.waitSignal(job.finished, timeout=10_000):
            pass
    assert not busy["import"] and not job.running and en_cours() == 0
    said = window.statusBar().currentMessage()
    assert (
        said.startswith("Import de essai.csv impossible : Les données étaient occupées")
        and "locked" not in said
    )
    assert (
        warnings and "occupées" in warnings[0] and not crashes
    )  # a condition of the machine: no crash dialog
    assert any("Import de essai.csv impossible" in r.getMessage() for r in caplog.records)

    def bug(**_kw: object) -> None:
        raise sqlite3.OperationalError("no such column: nom_usage")

    job = run_in_background(window.annuaire, bug, label="Calcul…", name="Calcul des indicateurs",
                            on_finished=lambda: busy.update({"calcul": False}))  # fmt: skip
    busy["calcul"] = True
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert not busy["calcul"] and en_cours() == 0
    assert window.statusBar().currentMessage() == (
        "Calcul des indicateurs impossible : erreur inattendue (les détails sont dans le journal)"
    )
    assert len(crashes) == 1 and "nom_usage" in str(crashes[0])  # a bug: the crash dialog, with its details


def test_a_result_that_fails_to_show_still_clears_the_busy_flag(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashes: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: crashes.append(exc))
    busy = [True]

    def shows(_result: Any) -> None:
        raise KeyError("colonne")

    job = run_in_background(window.annuaire, lambda **_kw: 3, label="Export…", on_success=shows,
                            on_finished=lambda: busy.clear())  # fmt: skip
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert not busy and en_cours() == 0 and isinstance(crashes[0], KeyError)
    assert window.statusBar().currentMessage().startswith("Export impossible")


def _slow_job(release: threading.Event, log: list[str]) -> Any:
    def work(**_kw: object) -> str:
        assert release.wait(20)
        log.append("travail terminé")
        return "fait"

    return work


def test_closing_the_window_waits_for_the_work_under_way_with_a_progress_dialog(
    qtbot: QtBot, window: MainWindow
) -> None:
    release = threading.Event()
    log: list[str] = []
    seen: list[str] = []
    job = run_in_background(window.annuaire, _slow_job(release, log), label="Import de gros.csv…", quiet=True,
                            on_success=lambda result: log.append(f"résultat {result}"))  # fmt: skip

    def look() -> None:  # during the wait: the dialog says what it waits for; then the work ends
        seen.extend(w.labelText() for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)
                    and w.isVisible())  # fmt: skip
        release.set()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(1000, look)
    window.close()
    assert log == ["travail terminé", "résultat fait"]  # the result reached the window before it closed
    assert seen == ["Fin des travaux en cours…"] and not job.running and en_cours() == 0


def test_a_restore_waits_for_the_work_under_way_and_is_refused_if_it_never_ends(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QTimer

    from coordinateur.confiance.reouverture import restauration

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warnings.append(text))
    monkeypatch.setattr(QApplication, "quit", lambda: None)
    release = threading.Event()
    log: list[str] = []
    # a piece of work that never ends in time: the store file is not replaced, the window stays open
    monkeypatch.setattr(operation_module, "ATTENTE_MAX_S", 0.3)
    run_in_background(window.annuaire, _slow_job(release, log), label="Sauvegarde…", quiet=True)
    task = restauration("inexistante")
    window.close_and_run(task)
    assert window.tache is None and window.isVisible() and "ne se termine pas" in warnings[0]
    assert window.backup_timer.isActive()  # the window goes on as before
    release.set()
    assert attend_travaux(window, "…")
    # one that ends: the restore waits for it, then the window closes and hands over the task
    monkeypatch.setattr(operation_module, "ATTENTE_MAX_S", 30.0)
    release.clear()
    log.clear()
    run_in_background(window.annuaire, _slow_job(release, log), label="Sauvegarde…", quiet=True,
                      on_success=lambda _r: log.append("résultat"))  # fmt: skip
    QTimer.singleShot(700, release.set)
    window.close_and_run(task)
    assert log == ["travail terminé", "résultat"] and window.tache is task and not window.isVisible()


def test_a_thread_started_through_the_helper_is_awaited_and_what_it_raises_is_logged(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    release = threading.Event()

    def hangs_then_fails() -> None:
        release.wait(20)
        raise OSError(5, "Input/output error")

    with caplog.at_level(logging.ERROR, logger="coordinateur.travaux"):
        travail = Travail(hangs_then_fails, name="partage").start()
        assert en_cours() == 1
        assert not attend_travaux(None, "…", timeout=0.2)
        release.set()
        assert attend_travaux(None, "…", timeout=10)
    assert not travail.is_alive() and en_cours() == 0
    assert any("partage" in r.getMessage() and r.exc_info for r in caplog.records)


def test_no_thread_is_started_outside_the_helper() -> None:
    from pathlib import Path

    import ui

    root = Path(ui.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "operation.py"
        and any(
            word in path.read_text(encoding="utf-8")
            for word in ("threading.Thread(", "QThreadPool", "QThread(")
        )
    ]
    assert offenders == []
