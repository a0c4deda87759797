"""Benchmarks: `python -m tests.benchmarks.run` prints a table of ratios against floors measured in the same run.

Each entry measures Coordinateur and a floor (the least any implementation could do on this machine) the
same way, alternately, several times, and compares medians. Nothing here fails CI on noise; the table is
what the README quotes. Options: --repetitions N, --only NAME.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

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


def bench_cold_start(repetitions: int) -> Result:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as folder:
        data = str(Path(folder) / "demo")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "coordinateur",
                "--data-dir",
                data,
                "demo",
                "--no-gui",
                "--taille",
                "grande",
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        app_cmd = [sys.executable, "-m", "coordinateur", "--data-dir", data, "--quitter-apres-affichage"]
        floor_cmd = [sys.executable, "-c", FLOOR_WINDOW]
        # Warm the OS file cache once for both, then alternate.
        time_until_marker(app_cmd, env)
        time_until_marker(floor_cmd, env)
        app_times, floor_times = [], []
        for _ in range(repetitions):
            app_times.append(time_until_marker(app_cmd, env))
            floor_times.append(time_until_marker(floor_cmd, env))
    return Result(
        "Démarrage à froid → fenêtre principale (grande démo)",
        statistics.median(app_times),
        statistics.median(floor_times),
        1.3,
    )


BENCHMARKS: dict[str, Callable[[int], Result]] = {
    "demarrage": bench_cold_start,
}


def print_table(results: list[Result]) -> None:
    header = f"| {'mesure':<55} | {'Coordinateur':>12} | {'plancher':>10} | {'ratio':>6} | {'budget':>6} | {'':<4} |"
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    for r in results:
        verdict = "ok" if r.ratio <= r.budget else "HORS"
        print(
            f"| {r.name:<55} | {r.measured:>10.3f} {r.unit} | {r.floor:>8.3f} {r.unit} | {r.ratio:>5.2f}× | "
            f"≤{r.budget:>4.1f}× | {verdict:<4} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks de Coordinateur")
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append")
    args = parser.parse_args(argv)
    names = args.only or list(BENCHMARKS)
    results = []
    for name in names:
        print(f"… {name}", file=sys.stderr, flush=True)
        results.append(BENCHMARKS[name](args.repetitions))
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
