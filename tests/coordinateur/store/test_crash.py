"""kill -9 in the middle of writes, many times: the store stays sound and keeps every acknowledged commit."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from coordinateur.confiance.ouverture import open_store
from coordinateur.confiance.verification import verifier
from coordinateur.paths import Paths

WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = int(os.environ.get("COORDINATEUR_CRASH_ROUNDS", "25"))


def run_and_kill(data: Path, start: int, delay: float) -> list[int]:
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(data), str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    acknowledged: list[int] = []
    assert child.stdout is not None
    stdout = child.stdout

    def reader() -> None:
        for line in stdout:
            acknowledged.append(int(line))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    # Wait for the first commit (the interpreter takes a while to start), then kill at a random moment.
    deadline = time.monotonic() + 30
    while not acknowledged and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    thread.join(timeout=5)
    return acknowledged


def test_kill_9_loses_nothing_acknowledged(paths: Paths) -> None:
    rng = random.Random(2026)
    open_store(paths).close()
    acknowledged: list[int] = []
    next_id = 0
    for _ in range(ROUNDS):
        got = run_and_kill(paths.data, next_id, rng.uniform(0.0, 0.15))
        acknowledged += got
        next_id = (max(acknowledged) + 1000) if acknowledged else next_id + 1000
    assert len(acknowledged) > ROUNDS  # the child really wrote

    raw = sqlite3.connect(paths.store)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    present = {row[0] for row in raw.execute("SELECT n FROM essai")}
    raw.close()
    missing = set(acknowledged) - present
    assert not missing, f"{len(missing)} commits acquittés perdus"
    with open_store(paths) as store:
        report = verifier(store)
    assert report.ok, report.problemes
