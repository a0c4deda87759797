"""A realistic run: two data folders and one shared folder, driven through the command line only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coordinateur", *args], capture_output=True, text=True, env=ENV, timeout=120
    )


def test_two_laptops_share_a_directory_through_a_usb_key(tmp_path: Path) -> None:
    key = tmp_path / "cle-usb"
    key.mkdir()
    a, b = str(tmp_path / "camille"), str(tmp_path / "remi")
    assert cli("--data-dir", a, "demo", "--no-gui").returncode == 0
    assert cli("--data-dir", a, "partage", "etat", "--dossier", str(tmp_path / "absente")).returncode == 4
    sent = cli("--data-dir", a, "partage", "sync", "--dossier", str(key), "--json")
    assert sent.returncode == 0, sent.stderr
    assert json.loads(sent.stdout)["envoyees"] > 300  # the first laptop created the folder's team
    refused = cli("--data-dir", b, "partage", "sync", "--dossier", str(key))
    assert refused.returncode == 4 and "demandez une invitation" in refused.stderr
    invitation = cli("--data-dir", a, "partage", "equipe", "invitation", "--dossier", str(key), "--json")
    code = json.loads(invitation.stdout)["code"]
    joined = cli("--data-dir", b, "partage", "equipe", "rejoindre", code, "--dossier", str(key))
    assert joined.returncode == 0 and "rejoint" in joined.stdout, joined.stderr
    received = cli("--data-dir", b, "partage", "sync", "--dossier", str(key), "--json")
    assert (
        received.returncode == 0
        and json.loads(received.stdout)["recues"] == json.loads(sent.stdout)["envoyees"]
    )
    mine = json.loads(cli("--data-dir", a, "annuaire", "cherche", "", "--limite", "1000", "--json").stdout)
    theirs = json.loads(cli("--data-dir", b, "annuaire", "cherche", "", "--limite", "1000", "--json").stdout)
    assert sorted(r["id"] for r in mine) == sorted(r["id"] for r in theirs)
    # Persons and liaison sheets never travel.
    assert json.loads(cli("--data-dir", b, "personnes", "liste", "--json").stdout) == []
    state = json.loads(cli("--data-dir", b, "partage", "etat", "--dossier", str(key), "--json").stdout)
    assert state["connecte"] is True and state["en_attente"] == 0 and state["conflits"] == 0
    # The key is pulled out: nothing is lost, the state says so with exit code 4.
    key.rename(tmp_path / "cle-retiree")
    assert cli("--data-dir", b, "partage", "sync", "--dossier", str(key)).returncode == 4
