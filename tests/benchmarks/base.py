"""What every benchmark shares: the project root, a result row, timing a program until its window shows,
and the run's context (temporary folder, repetitions, the large demo store built once)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FLOOR_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import sqlalchemy.orm
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 780)
window.show()
def report():
    print("fenetre-affichee", flush=True)
    app.quit()
QTimer.singleShot(0, report)
app.exec()
"""


@dataclass
class Result:
    name: str
    measured: float
    floor: float
    budget: float
    unit: str = "s"

    @property
    def ratio(self) -> float:
        return self.measured / self.floor if self.floor else float("inf")


def time_until_marker(command: list[str], env: dict[str, str], marker: str = "fenetre-affichee") -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    for line in process.stdout:
        if marker in line:
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"{command[:3]} n'a pas affiché sa fenêtre")
    process.wait(timeout=60)
    return elapsed


ENV = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}


class Context:
    """Shared fixtures of one run: the large demo store is built once, on first use."""

    def __init__(self, folder: Path, repetitions: int) -> None:
        self.folder = folder
        self.repetitions = repetitions
        self._grande: Path | None = None

    @property
    def grande(self) -> Path:
        if self._grande is None:
            data = self.folder / "grande"
            print("  (construction de la grande démo : 50 000 intervenants)", file=sys.stderr, flush=True)
            subprocess.run(
                [sys.executable, "-m", "coordinateur", "--data-dir", str(data), "demo", "--no-gui", "--taille", "grande"],
                check=True, env=ENV, capture_output=True,
            )  # fmt: skip
            self._grande = data
        return self._grande
