"""Laptops driven through the command line, for the shared-folder fault tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import enregistre
from coordinateur.confiance.ouverture import open_store
from coordinateur.paths import resolve_paths
from coordinateur.store import Store

PHRASE = "Causse-Comtal 2026 !"
# The peak memory of this process's own image (VmHWM: ru_maxrss on Linux also counts the pytest process
# the child was forked from, before its exec).
MESURE = """import re, resource, runpy, sys
sys.argv[0] = "coordinateur"
try:
    runpy.run_module("coordinateur", run_name="__main__")
finally:
    try:
        with open("/proc/self/status") as status:
            peak = int(re.search(r"VmHWM:\\s*(\\d+)", status.read())[1])
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("MAXRSS", peak, file=sys.stderr)
"""


@dataclass
class Portable:
    """One laptop: its data folder, its device id, and the command line to drive it."""

    data: Path
    device: str
    phrase: str | None = None

    def cli(self, *args: str, timeout: float = 120, mesure: bool = False) -> subprocess.CompletedProcess[str]:
        """`coordinateur --data-dir D ARGS`; with `mesure`, stderr ends with the process's peak memory
        (`MAXRSS <KB>`)."""
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        env.pop("COORDINATEUR_PASSPHRASE", None)
        if self.phrase:
            env["COORDINATEUR_PASSPHRASE"] = self.phrase
        start = ["-c", MESURE] if mesure else ["-m", "coordinateur"]
        return subprocess.run([sys.executable, *start, "--data-dir", str(self.data), *args],
                              capture_output=True, text=True, env=env, timeout=timeout)  # fmt: skip

    def sync(
        self, shared: Path, *extra: str, timeout: float = 120, mesure: bool = False
    ) -> subprocess.CompletedProcess[str]:
        return self.cli(
            "partage", "sync", "--dossier", str(shared), "--json", *extra, timeout=timeout, mesure=mesure
        )

    def etat(self, shared: Path) -> dict[str, Any]:
        result = self.cli("partage", "etat", "--dossier", str(shared), "--json")
        return dict(json.loads(result.stdout))

    def noms(self) -> set[str]:
        found = self.cli("annuaire", "cherche", "", "--limite", "10000", "--json")
        assert found.returncode == 0, found.stderr
        return {row["nom"] for row in json.loads(found.stdout)}

    def ajoute(self, *noms: str) -> list[str]:
        """New intervenants, written directly in the store (the command line has no single-record entry)."""
        with open_store(resolve_paths(self.data), phrase=self.phrase) as store:
            return [
                enregistre(store, FicheIntervenant(nom=nom, profession_code="60", commune_code="12119")).id
                for nom in noms
            ]

    def segments(self, shared: Path) -> Path:
        return shared / "coordinateur" / "appareils" / self.device / "segments"


def portable(folder: Path, *, chiffre: bool = False) -> Portable:
    phrase = PHRASE if chiffre else None
    with open_store(resolve_paths(folder), phrase=phrase) as store:
        device = store.device_id
    return Portable(folder, device, phrase)


def synchro_ok(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode == 0, result.stderr
    assert "Erreur inattendue" not in result.stderr and "Traceback" not in result.stderr
    return dict(json.loads(result.stdout))


def checksumme(lines: list[str]) -> bytes:
    """A segment file around these lines, with a trailer whose checksum holds (whatever the lines say)."""
    import hashlib

    body = ("\n".join(lines) + "\n").encode("utf-8")
    return body + (json.dumps({"type": "fin", "sha256": hashlib.sha256(body).hexdigest()}) + "\n").encode()


def entete(device: str, seq: int, nombre: int, precedent: str = "") -> dict[str, Any]:
    return {"format": "coordinateur-partage", "major": 2, "type": "entete", "appareil": device, "seq": seq,
            "precedent": precedent, "horloge_min": "", "horloge_max": "", "nombre": nombre}  # fmt: skip


def operation(device: str, kind: str = "intervenant", **valeurs: Any) -> dict[str, Any]:
    """A valid creation, as this version writes it (with a fresh clock of `device`)."""
    import time
    import uuid

    clock = f"{time.time_ns() // 1_000_000:015d}-000000-{device}"
    return {"type": "op", "op_id": str(uuid.uuid4()), "record_id": str(uuid.uuid4()), "kind": kind, "clock": clock,
            "device": device, "user": "Coordinatrice", "action": "upsert",
            "fields": {"valeurs": valeurs or {"nom": "Forgé"}, "bases": {}}}  # fmt: skip


def segment(device: str, seq: int, ops: list[dict[str, Any]], precedent: str = "") -> bytes:
    return checksumme([json.dumps(entete(device, seq, len(ops), precedent))] + [json.dumps(op) for op in ops])


def depose(shared: Path, device: str, name: str, data: bytes, *, par: str | None = None) -> Path:
    """Drop a segment in `device`'s folder, sealed by the made-up member `par` (by default `device` itself,
    when it is one: see `membre_fictif`), else as given."""
    folder = shared / "coordinateur" / "appareils" / device / "segments"
    folder.mkdir(parents=True, exist_ok=True)
    author = par or device
    (folder / name).write_bytes(scelle(author, data) if author in FAUSSAIRES else data)
    return folder / name


# -- the team -------------------------------------------------------------------------------------------

FAUSSAIRES: dict[
    str, Any
] = {}  # device → Equipe of a made-up member (see `membre_fictif`): `depose` seals with it


@contextmanager
def _magasin(laptop: Portable | Store) -> Iterator[Store]:
    if isinstance(laptop, Store):
        yield laptop
    else:
        with open_store(resolve_paths(laptop.data), phrase=laptop.phrase) as store:
            yield store


def en_equipe(shared: Path, premier: Portable | Store, *autres: Portable | Store) -> None:
    """`premier` creates the shared folder's team (if it has none), then invites each of `autres`."""
    from coordinateur.partage import equipe, invitations
    from coordinateur.partage.dossier import initialise

    root = initialise(shared)
    with _magasin(premier) as store:
        if equipe.charge(store) is None:
            equipe.creer(store, root)
    for autre in autres:
        with _magasin(premier) as store:
            code = invitations.invite(store, root).code
        with _magasin(autre) as store:
            invitations.rejoint(store, root, code)


def membre_fictif(shared: Path, parrain: Portable | Store, device: str) -> Any:
    """A made-up laptop `device`, invited by `parrain` (whose team it joins): its segments dropped with
    `depose` are sealed with its own key, as a member's infected laptop would write them."""
    from coordinateur.partage import equipe, invitations
    from coordinateur.partage.dossier import initialise

    root = initialise(shared)
    with _magasin(parrain) as store:
        if equipe.charge(store) is None:
            equipe.creer(store, root)
        code = invitations.invite(store, root).code
    content = invitations.lit_invitation(root, code)
    team, declaration = invitations.adhesion(content, {"appareil": device, "nom": "Portable infecté",
                                                  "coordinateur": "", "structure": ""})  # fmt: skip
    target = root / "equipe" / "membres" / f"{device}.cmb"
    target.write_bytes(declaration)
    FAUSSAIRES[device] = team
    return team


def scelle(device: str, data: bytes, genre: str = "segment") -> bytes:
    return bytes(FAUSSAIRES[device].scelle(data, genre))


def equipe_seule(device: str) -> Any:
    """A team of one made-up member `device`, in memory (for in-process tests of the segment reader)."""
    import secrets

    from coordinateur.partage.enveloppe import identifiant_cle
    from coordinateur.partage.equipe import Equipe

    key = secrets.token_bytes(32)
    team = Equipe("e" * 32, device, secrets.token_bytes(32).hex(),
                  {identifiant_cle(key): {"cle": key.hex(), "epoque": 1, "pour": None}})  # fmt: skip
    team.membres[device] = {"cle": team.signataire.verify_key.encode().hex(), "nom": "Seul", "coordinateur": "",
                            "depuis": ""}  # fmt: skip
    FAUSSAIRES[device] = team
    return team
