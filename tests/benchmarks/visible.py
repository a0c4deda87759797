"""Start-up as a person sees it: the time until a window of the process is visible on an X screen (Xvfb),
found from outside with xdotool, against a bare `QMainWindow` + `import sqlalchemy.orm` shown the same way.

Three lines: the main window on the plain large demo; the passphrase dialog on an encrypted store (what
every real first start after the first one shows); the main window on that encrypted store with the
passphrase given in the environment, against the floor plus the key derivation's own time (Argon2id is a
deliberate cost). Skipped, with the reason, where Xvfb or xdotool is missing.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.base import Context, Result

PHRASE = "Causse-Comtal 2026 !"
FLOOR = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
import sqlalchemy.orm
app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1200, 700)
window.show()
app.exec()
"""


def _visible(command: list[str], env: dict[str, str], timeout: float = 60) -> float:
    """Seconds from the start of `command` until one of its windows is visible (xdotool, from outside)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while time.perf_counter() - start < timeout:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(process.pid)],
                                   capture_output=True, text=True, env=env)  # fmt: skip
            if found.stdout.strip():
                return time.perf_counter() - start
            if process.poll() is not None:
                said = process.stderr.read().decode(errors="replace")[-600:] if process.stderr else ""
                raise RuntimeError(
                    f"{command[:4]} s'est arrêté (code {process.returncode}) sans afficher de fenêtre : {said}"
                )
            time.sleep(0.01)
        raise RuntimeError(f"{command[:4]} n'a pas affiché de fenêtre en {timeout:.0f} s")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _median(command: list[str], env: dict[str, str], repetitions: int) -> float:
    _visible(command, env)  # warm the file cache
    return statistics.median(_visible(command, env) for _ in range(repetitions))


def bench_demarrage_visible(ctx: Context) -> list[Result]:
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        print("  démarrage vu de l'extérieur : Xvfb ou xdotool absent, mesure sautée", file=sys.stderr)
        return []
    display = ":97"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        time.sleep(1.0)
        env = {k: v for k, v in os.environ.items() if k not in ("COORDINATEUR_PASSPHRASE", "QT_QPA_PLATFORM")}
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        chiffree = ctx.folder / "demo-chiffree"
        made = subprocess.run([sys.executable, "-m", "coordinateur", "--data-dir", str(chiffree), "demo", "--no-gui"],
                              env={**env, "COORDINATEUR_PASSPHRASE": PHRASE, "QT_QPA_PLATFORM": "offscreen"},
                              capture_output=True, text=True)  # fmt: skip
        if made.returncode != 0 or not (Path(chiffree) / "coordinateur.cles").exists():
            raise RuntimeError(f"démo chiffrée : {made.stderr[-500:]}")
        from coordinateur.confiance import chiffrement

        start = time.perf_counter()
        chiffrement.ouvre_cle(chiffree, PHRASE)
        kdf = time.perf_counter() - start
        app = [sys.executable, "-m", "coordinateur", "--data-dir"]
        floor = _median([sys.executable, "-c", FLOOR], env, ctx.repetitions)
        plain = _median([*app, str(ctx.grande)], env, ctx.repetitions)
        dialog = _median([*app, str(chiffree)], env, ctx.repetitions)
        unlocked = _median([*app, str(chiffree)], {**env, "COORDINATEUR_PASSPHRASE": PHRASE}, ctx.repetitions)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return [
        Result("Vu de l'extérieur : fenêtre principale, grande démo en clair", plain, floor, 1.3),
        Result("Vu de l'extérieur : demande de la phrase de passe, base chiffrée", dialog, floor, 1.3),
        Result(
            f"Vu de l'extérieur : fenêtre principale, base chiffrée (plancher + Argon2id {kdf:.2f} s)",
            unlocked,
            floor + kdf,
            1.3,
        ),
    ]
