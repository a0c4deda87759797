"""The real program, started as a user starts it (offscreen)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from coordinateur.store.lock import read_holder

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def coordinateur(*args: str, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coordinateur", *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=timeout,
    )


def test_demo_store_opens_straight_on_the_main_window(tmp_path: Path) -> None:
    data = str(tmp_path / "demo")
    result = coordinateur("--data-dir", data, "demo", "--quitter-apres-affichage")
    assert result.returncode == 0, result.stderr
    assert "fenetre-affichee" in result.stdout
    result = coordinateur("--data-dir", data, "--quitter-apres-affichage")
    assert result.returncode == 0 and "fenetre-affichee" in result.stdout


def test_second_instance_is_refused_and_wakes_the_first(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    assert coordinateur("--data-dir", str(data), "demo", "--no-gui").returncode == 0
    first = subprocess.Popen(
        [sys.executable, "-m", "coordinateur", "--data-dir", str(data)],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while (
            read_holder(data / "coordinateur.verrou").get("type") != "fenetre"
            or not (data / "coordinateur.activation").exists()
        ):
            assert time.monotonic() < deadline and first.poll() is None, "la première fenêtre n'a pas démarré"
            time.sleep(0.1)
        started = datetime.now(UTC)
        assert (data / "coordinateur.activation").read_text(encoding="utf-8") == ""  # touched by the window
        second = coordinateur("--data-dir", str(data))
        assert second.returncode == 3
        assert "déjà ouvert" in second.stderr
        # the second start wrote when it came: what the first window's watcher reacts to (test_main_window)
        woken = datetime.fromisoformat((data / "coordinateur.activation").read_text(encoding="utf-8"))
        assert started <= woken <= datetime.now(UTC)
        assert first.poll() is None  # the first window is unharmed
    finally:
        first.terminate()
        first.wait(timeout=10)
    check = coordinateur("--data-dir", str(data), "verifier")
    assert check.returncode == 0, check.stderr


def test_an_encrypted_demo_opens_with_the_passphrase_from_the_environment(tmp_path: Path) -> None:
    data = str(tmp_path / "demo")
    env = {**ENV, "COORDINATEUR_PASSPHRASE": "Causse-Comtal 2026 !"}
    run = [sys.executable, "-m", "coordinateur", "--data-dir", data]
    created = subprocess.run([*run, "demo", "--no-gui"], capture_output=True, text=True, env=env, timeout=60)
    assert created.returncode == 0, created.stderr
    assert not (tmp_path / "demo" / "coordinateur.db").read_bytes().startswith(b"SQLite format 3")
    opened = subprocess.run([*run, "--quitter-apres-affichage"], capture_output=True, text=True, env=env,
                            timeout=60)  # fmt: skip
    assert opened.returncode == 0 and "fenetre-affichee" in opened.stdout
    wrong = {**env, "COORDINATEUR_PASSPHRASE": "Pas la bonne 2026 !"}
    refused = subprocess.run([*run, "--quitter-apres-affichage"], capture_output=True, text=True, env=wrong,
                             timeout=60)  # fmt: skip
    assert refused.returncode == 3 and "incorrecte" in refused.stderr and "Traceback" not in refused.stderr


def test_restoring_from_the_window_comes_back_on_the_restored_store(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole path a coordinator takes: Protection › Sauvegardes › Restaurer; the window closes, the
    backup is put back, a new window opens on it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from coordinateur.annuaire.fiches import FicheIntervenant
    from coordinateur.annuaire.recherche import Filtre, cherche
    from coordinateur.annuaire.service import enregistre
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.confiance.reouverture import restauration
    from coordinateur.confiance.sauvegarde import sauvegarde_manuelle
    from coordinateur.demo import DEMO_COORDINATEUR
    from coordinateur.paths import resolve_paths
    from coordinateur.territoire import enregistre_premier_demarrage
    from ui import app as app_module

    paths = resolve_paths(tmp_path / "donnees")
    with open_store(paths) as store:
        enregistre_premier_demarrage(store, DEMO_COORDINATEUR)
        enregistre(store, FicheIntervenant(nom="Cayla", profession_code="60"))
        saved, _note = sauvegarde_manuelle(store)
        enregistre(store, FicheIntervenant(nom="Vernhes", profession_code="60"))
    windows: list[object] = []
    said: list[str] = []
    real = app_module.open_main_window

    def opening(store: object, **options: bool) -> object:
        window = real(store, **options)  # type: ignore[arg-type]
        assert window is not None
        windows.append(window)
        if len(windows) == 1:
            QTimer.singleShot(200, lambda: window.close_and_run(restauration(saved.id)))
        else:
            QTimer.singleShot(200, window.close)
        return window

    monkeypatch.setattr(app_module, "open_main_window", opening)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: said.append(text))
    assert app_module.run(paths) == 0
    assert len(windows) == 2 and "restaurée" in said[0]
    with open_store(paths) as store:
        assert {r.nom for r in cherche(store, Filtre(), limite=10)} == {"Cayla"}
