"""Closing the window while work outlives the wait (issue 18): the work is told to stop; a backup stops and
leaves nothing; work that will not stop is said in French, the coordinator chooses to wait again or to
close now, and then the store is not closed under it. Waits shortened to a fraction of a second."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from coordinateur.confiance import sauvegarde
from coordinateur.confiance.backup import copy_store
from coordinateur.paths import Paths
from coordinateur.settings import load_settings
from coordinateur.store import Store
from ui.common import operation
from ui.common.operation import en_cours, ferme_quand_libre, run_in_background, threads_en_cours
from ui.main_window import MainWindow
from ui.partage.veille import FIRST_LOOK_MS


@pytest.fixture
def courtes_attentes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(operation, "ATTENTE_MAX_S", 0.3)
    monkeypatch.setattr(operation, "ARRET_MAX_S", 0.3)


def _fenetre(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(store, load_settings(store))
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(FIRST_LOOK_MS + 200)  # the first look at the shared folder
    qtbot.waitUntil(lambda: en_cours() == 0, timeout=30_000)
    return window


def _reponses(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """The message boxes' texts, each answered with the next button of `answers`."""
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        wanted = answers.pop(0)
        next(b for b in box.buttons() if b.text() == wanted).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return asked


def test_a_backup_outliving_the_wait_is_told_to_stop_and_leaves_nothing(
    qtbot: QtBot, store: Store, paths: Paths, monkeypatch: pytest.MonkeyPatch, courtes_attentes: None
) -> None:
    window = _fenetre(qtbot, store)
    told: list[bool] = []

    def slow_copy(source: Path, target: Path, key: bytes | None = None, *, cancelled: Any = None) -> Path:
        while not cancelled():  # a large store on a slow disk: far longer than the wait
            time.sleep(0.02)
        told.append(True)
        return copy_store(source, target, key, cancelled=cancelled)  # the real copy, told to stop

    monkeypatch.setattr(sauvegarde, "copy_store", slow_copy)
    asked = _reponses(monkeypatch, [])
    before = sorted(p.name for p in paths.backups.iterdir())
    assert window.automatic_backup() is not None
    window.close()
    assert told and not asked  # it stopped when told: nothing to ask
    assert not threads_en_cours()
    assert sorted(p.name for p in paths.backups.iterdir()) == before  # no backup, no .tmp left
    assert "interrompue" in window.statusBar().currentMessage()
    assert ferme_quand_libre(store)  # nothing runs: the store is closed


def test_work_that_will_not_stop_is_said_and_the_store_stays_open_to_it(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch, courtes_attentes: None
) -> None:
    window = _fenetre(qtbot, store)
    release, told = threading.Event(), []

    def stubborn(*, cancelled: Any, **_kw: Any) -> str:  # a sync held by a share that no longer answers
        while not release.wait(0.02):
            if cancelled() and not told:
                told.append(True)
        with store.read() as session:  # it still uses the store after the window has gone
            return str(session.execute(text("SELECT count(*) FROM meta")).scalar_one())

    run_in_background(window, stubborn, label="Synchronisation…", quiet=True)
    asked = _reponses(monkeypatch, ["&Attendre encore", "&Fermer maintenant"])
    window.close()
    assert told  # told to stop
    assert len(asked) == 2 and "ne s'est pas terminé (Synchronisation)" in asked[0]
    assert "Vos données restent intactes" in asked[0]
    assert not window.isVisible()
    assert not ferme_quand_libre(store)  # still running: the store is left open to it
    release.set()
    qtbot.waitUntil(lambda: not threads_en_cours(), timeout=10_000)
    assert ferme_quand_libre(store)  # once it has ended, the store closes


def test_the_close_wait_asks_nothing_when_work_ends_in_time(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _fenetre(qtbot, store)
    asked = _reponses(monkeypatch, [])
    release = threading.Event()
    run_in_background(window, lambda **_kw: release.wait(20), label="Import…", quiet=True)
    threading.Timer(0.5, release.set).start()
    window.close()
    assert not asked and not threads_en_cours()
    assert ferme_quand_libre(store)


def test_a_sync_under_way_is_told_to_stop_at_once_and_the_next_one_goes_on(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long pull when the window closes: no wait for its end (it is not a backup that would be lost), it
    stops between two transactions, and the next sync brings the rest."""
    from coordinateur.annuaire.fiches import FicheIntervenant
    from coordinateur.annuaire.service import enregistre
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.partage import application
    from coordinateur.partage import sync as sync_module
    from coordinateur.paths import resolve_paths
    from coordinateur.settings import enregistre_reglages
    from tests.coordinateur.partage.outils import en_equipe

    monkeypatch.setattr(application, "APPLICATION_PAR_LOT", 2)
    monkeypatch.setattr(application, "PAUSE_ENTRE_LOTS_S", 0.0)
    monkeypatch.setattr(operation, "ATTENTE_MAX_S", 60.0)  # were it waited for, the test would see it
    shared = tmp_path / "partage"
    shared.mkdir()
    with open_store(resolve_paths(tmp_path / "collegue")) as other:
        en_equipe(shared, other, store)
        for n in range(40):
            enregistre(other, FicheIntervenant(nom=f"Vernhes{n:02d}", profession_code="10"))
        sync_module.synchronise(other, shared)
    window = _fenetre(qtbot, store)  # its first look finds no folder: nothing pulled yet
    enregistre_reglages(store, partage_dossier=str(shared))
    started, real = threading.Event(), application._apply_op

    def slow(*args: Any, **kwargs: Any) -> Any:  # each operation a tenth of a second: four seconds in all
        started.set()
        time.sleep(0.1)
        return real(*args, **kwargs)

    monkeypatch.setattr(application, "_apply_op", slow)
    asked = _reponses(monkeypatch, [])
    assert window.veille.sync()
    assert started.wait(20)
    window.close()
    assert not asked and not threads_en_cours()
    monkeypatch.setattr(application, "_apply_op", real)

    def names() -> int:
        with store.read() as session:
            return int(session.execute(text("SELECT count(*) FROM intervenant")).scalar_one())

    assert 0 < names() < 40  # stopped midway: what went in stays
    sync_module.synchronise(store)
    assert names() == 40
