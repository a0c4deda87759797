"""kill -9 while pushing and pulling, many times: no corrupt store, no half-written file under a final
name, no acknowledged change lost, no duplicate after recovery — for directory records and for shared
meetings with their actions (COORDINATEUR_SYNC_CRASH_ROUNDS, 200 by default; the long run with 1,000 is
`COORDINATEUR_SYNC_CRASH_ROUNDS=1000 pytest -k crash_loop`)."""

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
from coordinateur.partage import equipe
from coordinateur.partage.dossier import initialise, lit_segment
from coordinateur.partage.sync import synchronise
from coordinateur.paths import resolve_paths
from coordinateur.settings import enregistre_reglages

from .outils import en_equipe, portable

CHILD = Path(__file__).with_name("crash_sync.py")
ROUNDS = int(os.environ.get("COORDINATEUR_SYNC_CRASH_ROUNDS", "200"))


def run_and_kill(data: Path, shared: Path, start: int, delay: float) -> list[str]:
    child = subprocess.Popen([sys.executable, str(CHILD), str(data), str(shared), str(start)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    acked: list[str] = []
    assert child.stdout is not None
    stdout = child.stdout
    reader = threading.Thread(target=lambda: acked.extend(line.strip() for line in stdout), daemon=True)
    reader.start()
    deadline = time.monotonic() + 20
    while not acked and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.005)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(timeout=5)
    return acked


def test_crash_loop(tmp_path: Path) -> None:
    rng = random.Random(6)
    shared = tmp_path / "partage"
    shared.mkdir()
    initialise(shared)
    data = tmp_path / "portable"
    with open_store(resolve_paths(data)) as laptop:
        enregistre_reglages(laptop, partage_reunions=True)
    acked: list[str] = []
    for round_ in range(ROUNDS):
        acked += run_and_kill(data, shared, round_ * 1000, rng.uniform(0.0, 0.08))
    assert len(acked) >= ROUNDS // 2
    acked_meetings = {a.removeprefix("reunion:") for a in acked if a.startswith("reunion:")}
    assert acked_meetings

    raw = sqlite3.connect(data / "coordinateur.db")
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    present = {r[0] for r in raw.execute("SELECT id FROM intervenant")}
    meetings = {r[0] for r in raw.execute("SELECT id FROM reunion")}
    actions = {r[0] for r in raw.execute("SELECT id FROM action")}
    raw.close()
    assert {a for a in acked if not a.startswith("reunion:")} <= present  # no acknowledged change lost
    assert acked_meetings <= meetings and len(actions) == len(meetings)
    with open_store(resolve_paths(data)) as laptop:
        team = equipe.charge(laptop)
    for path in (shared / "coordinateur" / "appareils").rglob("segments/*"):
        assert lit_segment(path, team) is not None, f"fichier à moitié écrit sous un nom final : {path.name}"

    with open_store(resolve_paths(data)) as laptop:
        assert verifier(laptop).ok
        synchronise(laptop, shared)  # recovery: what was written before a crash is adopted or re-sent
    with open_store(resolve_paths(tmp_path / "autre")) as other:
        en_equipe(shared, portable(data), other)
        enregistre_reglages(other, partage_reunions=True)
        synchronise(other, shared)
        raw = sqlite3.connect(tmp_path / "autre" / "coordinateur.db")
        received = [r[0] for r in raw.execute("SELECT id FROM intervenant")]
        received_meetings = [r[0] for r in raw.execute("SELECT id FROM reunion")]
        received_actions = [r[0] for r in raw.execute("SELECT id FROM action")]
        raw.close()
    assert set(received) == present and len(received) == len(set(received))  # nothing lost, no duplicate
    assert set(received_meetings) == meetings and len(received_meetings) == len(meetings)
    assert set(received_actions) == actions and len(received_actions) == len(actions)
