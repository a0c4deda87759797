"""The shared folder carried by a real sync engine (issue 17): two Syncthing instances on loopback, each
holding one laptop's copy of the folder, started here with their own homes and ports, with no discovery,
relays, NAT traversal or usage reporting. Each laptop syncs its own copy while Syncthing moves the files
(its `.syncthing.*.tmp` files and `.sync-conflict-*` copies included); one instance is paused and resumed;
a backup is restored on the same laptop and on a new computer whose folder Syncthing fills afterwards. Every
wait is on Syncthing's REST API (and the two copies being equal), never a blind sleep."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import enregistre, lit
from coordinateur.confiance.ouverture import open_store
from coordinateur.confiance.sauvegarde import sauvegarde_manuelle
from coordinateur.partage import equipe, invitations
from coordinateur.partage.bilan import Bilan
from coordinateur.partage.dossier import initialise
from coordinateur.partage.sync import synchronise
from coordinateur.partage.tableau import conflits
from coordinateur.paths import resolve_paths
from coordinateur.store import Store

from .outils import Portable

SYNCTHING = shutil.which("syncthing")
pytestmark = pytest.mark.skipif(
    SYNCTHING is None,
    reason="Syncthing n'est pas installé (paquet Debian « syncthing », installé par .ci/run)",
)
DELAI = 60.0  # seconds a wait on Syncthing may take before the test fails


def _port_libre() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Instance:
    """One Syncthing: its home, its ports on 127.0.0.1, its API key, its device ID, its process."""

    home: Path
    gui: int
    ecoute: int
    cle: str = ""
    id: str = ""
    process: subprocess.Popen[bytes] | None = None

    def api(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.gui}{path}", data=data, method=method,
                                         headers={"X-API-Key": self.cle, "Content-Type": "application/json"})  # fmt: skip
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
        return json.loads(text) if text.strip() else None

    def prepare(self, pair: Instance) -> None:
        """A new home (`syncthing generate`), then its config.xml set for a closed test on loopback."""
        subprocess.run([str(SYNCTHING), "generate", "--home", str(self.home), "--no-default-folder"],
                       check=True, capture_output=True, env=_env(), timeout=60)  # fmt: skip
        config = ET.parse(self.home / "config.xml")
        root = config.getroot()
        self.id = root.find("device").get("id")  # type: ignore[union-attr,assignment]
        gui = root.find("gui")
        assert gui is not None
        gui.find("address").text = f"127.0.0.1:{self.gui}"  # type: ignore[union-attr]
        self.cle = gui.find("apikey").text  # type: ignore[union-attr,assignment]
        options = root.find("options")
        assert options is not None
        for name, value in {"listenAddress": f"tcp://127.0.0.1:{self.ecoute}", "globalAnnounceEnabled": "false",
                            "localAnnounceEnabled": "false", "relaysEnabled": "false", "natEnabled": "false",
                            "urAccepted": "-1", "startBrowser": "false", "crashReportingEnabled": "false",
                            "autoUpgradeIntervalH": "0", "reconnectionIntervalS": "1"}.items():  # fmt: skip
            options.find(name).text = value  # type: ignore[union-attr]
        config.write(self.home / "config.xml")

    def presente(self, pair: Instance) -> None:
        """The other instance, by ID, at its static loopback address."""
        config = ET.parse(self.home / "config.xml")
        root = config.getroot()
        device = ET.SubElement(root, "device", {"id": pair.id, "name": pair.home.name, "compression": "metadata",
                                                "introducer": "false"})  # fmt: skip
        ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{pair.ecoute}"
        ET.SubElement(device, "paused").text = "false"
        config.write(self.home / "config.xml")

    def demarre(self) -> None:
        log = (self.home / "syncthing.log").open("wb")
        self.process = subprocess.Popen(
            [str(SYNCTHING), "serve", "--home", str(self.home), "--no-browser", "--no-restart", "--no-upgrade",
             "--no-default-folder"],
            stdout=log, stderr=subprocess.STDOUT, env=_env(),
        )  # fmt: skip
        limit = time.monotonic() + DELAI
        while True:
            try:
                if self.api("GET", "/rest/system/status")["myID"] == self.id:
                    return
            except (OSError, urllib.error.URLError, ValueError):
                pass
            assert self.process.poll() is None, (self.home / "syncthing.log").read_text(errors="replace")
            assert time.monotonic() < limit, "Syncthing did not start"
            time.sleep(0.1)

    def arrete(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.api("POST", "/rest/system/shutdown")
            self.process.wait(timeout=20)
        except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def connecte(self, pair: Instance) -> bool:
        found = self.api("GET", "/rest/system/connections")["connections"].get(pair.id, {})
        return bool(found.get("connected"))

    def statut(self, folder: str) -> dict[str, Any]:
        return dict(self.api("GET", f"/rest/db/status?folder={folder}"))

    def completion(self, folder: str, device: str) -> dict[str, Any]:
        return dict(self.api("GET", f"/rest/db/completion?folder={folder}&device={device}"))


def _env() -> dict[str, str]:
    return {**os.environ, "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1", "STNORESTART": "1"}


@dataclass
class Paire:
    """Two Syncthing instances that know each other, sharing folders added by the tests."""

    un: Instance
    deux: Instance
    dossiers: dict[str, tuple[Path, Path]] = field(default_factory=dict)

    def partage(
        self,
        folder: str,
        chemin_un: Path,
        chemin_deux: Path,
        *,
        ignore_un: tuple[str, ...] = (),
        seul_un: bool = False,
    ) -> None:
        """One folder shared by both, a short rescan interval and the file watcher on; `ignore_un`: paths
        instance one leaves aside for now (its .stignore); `seul_un`: instance two carries it already."""
        for instance, path in ((self.un, chemin_un), (self.deux, chemin_deux))[: 1 if seul_un else 2]:
            path.mkdir(parents=True, exist_ok=True)
            (path / ".stfolder").mkdir(exist_ok=True)
            if instance is self.un and ignore_un:
                (path / ".stignore").write_text("\n".join(ignore_un) + "\n")
            instance.api("POST", "/rest/config/folders", {
                "id": folder, "label": folder, "path": str(path), "type": "sendreceive", "rescanIntervalS": 5,
                "fsWatcherEnabled": True, "fsWatcherDelayS": 1, "order": "random", "maxConflicts": 10,
                "devices": [{"deviceID": self.un.id}, {"deviceID": self.deux.id}],
            })  # fmt: skip
        self.dossiers[folder] = (chemin_un, chemin_deux)

    def retire_un(self, folder: str) -> None:
        """Instance one stops carrying this folder (its laptop is gone)."""
        self.un.api("DELETE", f"/rest/config/folders/{folder}")
        self.dossiers.pop(folder)

    def ignore_un(self, folder: str, patterns: list[str]) -> None:
        self.un.api("POST", f"/rest/db/ignores?folder={folder}", {"ignore": patterns})
        self.un.api("POST", f"/rest/db/scan?folder={folder}")

    def attend(self, folder: str, *, delai: float = DELAI) -> None:
        """Until Syncthing says both copies are complete and idle, and they hold the same files."""
        for instance in (self.un, self.deux):  # what Coordinateur just wrote, without waiting for the watcher
            instance.api("POST", f"/rest/db/scan?folder={folder}")
        limit = time.monotonic() + delai
        while True:
            done = all(
                inst.connecte(other)
                and (status := inst.statut(folder))["state"] == "idle"
                and status["needTotalItems"] == 0
                and (c := inst.completion(folder, other.id))["completion"] == 100
                and c["needItems"] == 0
                for inst, other in ((self.un, self.deux), (self.deux, self.un))
            )
            if done and _contenu(self.dossiers[folder][0]) == _contenu(self.dossiers[folder][1]):
                return
            assert time.monotonic() < limit, f"Syncthing did not converge: {self.un.statut(folder)}"
            time.sleep(0.2)

    def pause(self) -> None:
        """Instance two stops talking to instance one (as a laptop closed, or off the network)."""
        self.deux.api("POST", f"/rest/system/pause?device={self.un.id}")
        limit = time.monotonic() + DELAI
        while self.deux.connecte(self.un) or self.un.connecte(self.deux):
            assert time.monotonic() < limit
            time.sleep(0.1)

    def reprend(self) -> None:
        self.deux.api("POST", f"/rest/system/resume?device={self.un.id}")
        limit = time.monotonic() + DELAI
        while not (self.deux.connecte(self.un) and self.un.connecte(self.deux)):
            assert time.monotonic() < limit, "the instances did not reconnect"
            time.sleep(0.1)


def _contenu(path: Path) -> dict[str, str]:
    """The copy's files and their hashes, without Syncthing's own (its marker, ignores, temporary files)."""
    found = {}
    for file in path.rglob("*"):
        relative = file.relative_to(path)
        if relative.parts[0] in (".stfolder", ".stignore", ".stversions") or not file.is_file():
            continue
        if file.name.startswith(".syncthing.") and file.name.endswith(".tmp"):
            continue
        found[relative.as_posix()] = hashlib.sha256(file.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def syncthing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Paire]:
    base = tmp_path_factory.mktemp("syncthing")
    un = Instance(base / "un", _port_libre(), _port_libre())
    deux = Instance(base / "deux", _port_libre(), _port_libre())
    try:
        for instance, other in ((un, deux), (deux, un)):
            instance.prepare(other)
        for instance, other in ((un, deux), (deux, un)):
            instance.presente(other)
            instance.demarre()
        paire = Paire(un, deux)
        for instance in (un, deux):  # nothing leaves the loopback: no discovery, relays, NAT, reporting
            options = instance.api("GET", "/rest/config/options")
            assert options["urAccepted"] == -1 and options["listenAddresses"] == [
                f"tcp://127.0.0.1:{instance.ecoute}"
            ]
            assert not any(options[k] for k in ("globalAnnounceEnabled", "localAnnounceEnabled", "relaysEnabled",
                                                "natEnabled", "crashReportingEnabled"))  # fmt: skip
        limit = time.monotonic() + DELAI
        while not (un.connecte(deux) and deux.connecte(un)):
            assert time.monotonic() < limit, "the two instances did not connect"
            time.sleep(0.1)
        yield paire
    finally:
        for instance in (un, deux):
            instance.arrete()


# -- the laptops --------------------------------------------------------------------------------------


def _personne(store: Store, nom: str) -> str:
    return enregistre(store, FicheIntervenant(nom=nom, profession_code="60", commune_code="12119")).id


def _noms(store: Store) -> set[str]:
    from coordinateur.annuaire.recherche import Filtre, liste

    return {ligne.nom for ligne in liste(store, Filtre(actifs_seulement=False))}


def _etat(store: Store) -> list[tuple[Any, ...]]:
    from sqlalchemy import select

    from coordinateur.annuaire.models import Intervenant

    with store.read() as session:
        rows = session.execute(
            select(Intervenant.id, Intervenant.nom, Intervenant.email, Intervenant.deleted).order_by(
                Intervenant.id
            )
        ).all()
    return [tuple(r) for r in rows]


def _conflits(store: Store) -> set[tuple[Any, ...]]:
    return {(c.kind, c.record_id, c.champ, c.gardee, c.ecartee) for c in conflits(store)}


def _sync(store: Store, shared: Path) -> Bilan:
    bilan = synchronise(store, shared)
    assert not [
        a for a in bilan.alertes if "installation c" in a or "hors chaîne" in a or "Deux segments" in a
    ], bilan.alertes
    assert bilan.quarantaine == 0, bilan.alertes
    return bilan


def _equipe(paire: Paire, folder: str, a: Store, b: Store, tmp_path: Path) -> tuple[Path, Path]:
    """A's copy and B's copy of one folder; A creates the team in its copy, B joins from its own copy once
    Syncthing has brought the invitation."""
    sa, sb = tmp_path / "copie-a", tmp_path / "copie-b"
    paire.partage(folder, sa, sb)
    root = initialise(sa)
    equipe.creer(a, root)
    code = invitations.invite(a, root).code
    paire.attend(folder)
    invitations.rejoint(b, sb / "coordinateur", code)
    paire.attend(folder)
    return sa, sb


@pytest.fixture
def portables(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    a, b = open_store(resolve_paths(tmp_path / "a")), open_store(resolve_paths(tmp_path / "b"))
    try:
        yield a, b
    finally:
        a.close()
        b.close()


# -- day to day ---------------------------------------------------------------------------------------


def test_two_laptops_converge_through_syncthing_with_its_temporary_files_conflict_copies_and_a_pause(
    syncthing: Paire, portables: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = portables
    sa, sb = _equipe(syncthing, "jour", a, b, tmp_path)
    shared_ids = [_personne(a, f"Commun {n}") for n in range(6)]
    _sync(a, sa)
    syncthing.attend("jour")
    assert _sync(b, sb).appliques == 6
    # both sides edit and sync while Syncthing is moving the other's files: no wait between rounds
    for round_ in range(4):
        for n in range(5):
            _personne(a, f"A {round_}-{n}")
            _personne(b, f"B {round_}-{n}")
        _sync(a, sa)
        _sync(b, sb)
    # a transfer Syncthing had not finished (its temporary file, cut in the middle) is never read
    own = sa / "coordinateur" / "appareils" / b.device_id / "segments"
    own.mkdir(parents=True, exist_ok=True)
    first = sorted(p for p in (sb / "coordinateur" / "appareils" / b.device_id / "segments").glob("*.seg"))[0]
    cut = first.read_bytes()[: first.stat().st_size // 2]
    (own / f".syncthing.{b.device_id}_00000099.seg.tmp").write_bytes(cut)
    # a planted conflict copy of a segment (as another sync tool would leave): judged by its content
    (own / f"{b.device_id}_00000001.sync-conflict-20261127-101010-ABCDEFG.seg").write_bytes(
        first.read_bytes()
    )
    syncthing.attend("jour")
    for store, shared in ((a, sa), (b, sb), (a, sa)):
        _sync(store, shared)
    assert _noms(a) == _noms(b) and len(_noms(a)) == 6 + 40
    # Syncthing paused between the two: the same fields edited on both sides, each side syncing its copy
    syncthing.pause()
    for n, record_id in enumerate(shared_ids):
        fa, fb = lit(a, record_id), lit(b, record_id)
        fa.email, fb.email = f"a{n}@example.fr", f"b{n}@example.fr"
        enregistre(a, fa)
        enregistre(b, fb)
    _personne(a, "Pendant la pause, A")
    _personne(b, "Pendant la pause, B")
    _sync(b, sb)
    # B's new segment as Syncthing holds it while the transfer is under way (complete, not yet renamed to
    # its final name): never read
    latest = max((sb / "coordinateur" / "appareils" / b.device_id / "segments").glob(f"{b.device_id}_*.seg"))
    (own / f".syncthing.{latest.name}.tmp").write_bytes(latest.read_bytes())
    assert _sync(a, sa).appliques == 0 and "Pendant la pause, B" not in _noms(a)
    assert conflits(a) == []
    # a real conflict copy from Syncthing: A's first segment damaged differently on each side meanwhile
    victim = sorted((sa / "coordinateur" / "appareils" / a.device_id / "segments").glob("*.seg"))[0]
    twin = sb / victim.relative_to(sa)
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 2])
    twin.write_bytes(data[: len(data) // 3])
    for instance in (syncthing.un, syncthing.deux):
        instance.api("POST", "/rest/db/scan?folder=jour")
    syncthing.reprend()
    syncthing.attend("jour")
    assert list(victim.parent.glob("*.sync-conflict-*")), "Syncthing made no conflict copy"
    for store, shared in ((a, sa), (b, sb), (a, sa), (b, sb)):
        _sync(store, shared)
        syncthing.attend("jour")
    assert _etat(a) == _etat(b) and len(_etat(a)) == 6 + 40 + 2
    assert len(_conflits(a)) == 6 and _conflits(a) == _conflits(b)
    for store, shared in ((a, sa), (b, sb)):
        assert _sync(store, shared).alertes == []


# -- restores --------------------------------------------------------------------------------------------


def _restaure(data: Path, ident: str) -> Store:
    """The backup restored through the command line, as a coordinator does (the store closed meanwhile)."""
    restored = Portable(data, "").cli("sauvegarde", "restaurer", ident)
    assert restored.returncode == 0, restored.stderr
    return open_store(resolve_paths(data))


def test_a_backup_restored_on_the_same_laptop_keeps_sharing_through_syncthing(
    syncthing: Paire, tmp_path: Path
) -> None:
    a, b = open_store(resolve_paths(tmp_path / "a")), open_store(resolve_paths(tmp_path / "b"))
    try:
        sa, sb = _equipe(syncthing, "restauree", a, b, tmp_path)
        _personne(a, "Cayla")
        _sync(a, sa)
        backup, _second = sauvegarde_manuelle(a)
        _personne(a, "Avant la restauration")
        _sync(a, sa)
        syncthing.attend("restauree")
        _sync(b, sb)
        a.close()
        a = _restaure(tmp_path / "a", backup.id)
        assert "Avant la restauration" not in _noms(a)
        _personne(a, "Après la restauration")
        result = _sync(a, sa)
        assert result.ecrits == 1 and any("nouvel identifiant" in m for m in result.alertes)
        assert _noms(a) == {"Cayla", "Avant la restauration", "Après la restauration"}
        syncthing.attend("restauree")
        _personne(b, "De B")
        for store, shared in ((b, sb), (a, sa), (b, sb)):
            _sync(store, shared)
            syncthing.attend("restauree")
        assert _etat(a) == _etat(b) and _noms(a) == {
            "Cayla",
            "Avant la restauration",
            "Après la restauration",
            "De B",
        }
        for store, shared in ((a, sa), (b, sb)):
            assert _sync(store, shared).alertes == []
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("arrive", ["format et equipe", "tout sauf le dernier segment"])
def test_a_backup_restored_on_a_new_computer_whose_folder_syncthing_fills_after_its_first_sync(
    syncthing: Paire, tmp_path: Path, arrive: str
) -> None:
    """The old laptop is gone; the new computer restores its backup, and its Syncthing has brought only the
    folder's format and the team when it first syncs, or everything but the segment the old laptop wrote
    after the backup. It must not write again under the names its former instance used (Syncthing would
    replace one by the other in place, with no conflict copy); once the folder is filled, both laptops hold
    the same records, its own edit made after the backup included."""
    folder = "neuf-" + arrive.replace(" ", "-")
    a, b = open_store(resolve_paths(tmp_path / "a")), open_store(resolve_paths(tmp_path / "b"))
    new: Store | None = None
    try:
        sa, sb = _equipe(syncthing, folder, a, b, tmp_path)
        for name in ("Cayla", "Bozouls", "Espalion"):
            _personne(a, name)
            _sync(a, sa)
        backup, _second = sauvegarde_manuelle(a)
        _personne(a, "Avant la restauration")  # written in the folder after the backup
        _sync(a, sa)
        syncthing.attend(folder)
        assert _sync(b, sb).appliques == 4
        a.close()
        syncthing.retire_un(folder)  # the old laptop is gone with its copy
        # the new computer: a fresh install, the backup restored
        fresh = tmp_path / folder
        open_store(resolve_paths(fresh)).close()
        for beside in (tmp_path / "a" / "sauvegardes").glob(backup.id + ".*"):
            shutil.copy2(beside, fresh / "sauvegardes" / beside.name)
        new = _restaure(fresh, backup.id)
        assert new.device_id == a.device_id
        # its Syncthing brings part of the folder first (the rest left aside for now)
        sn = tmp_path / "copie-neuf"
        last = f"/coordinateur/appareils/{a.device_id}/segments/{a.device_id}_00000004.seg"
        aside = "/coordinateur/appareils" if arrive == "format et equipe" else last
        syncthing.partage(folder, sn, sb, ignore_un=(aside,), seul_un=True)
        limit = time.monotonic() + DELAI
        while not (
            syncthing.un.statut(folder)["state"] == "idle"
            and syncthing.un.statut(folder)["needTotalItems"] == 0
            and _contenu(sn) == {k: v for k, v in _contenu(sb).items() if not f"/{k}".startswith(aside)}
        ):
            assert time.monotonic() < limit, syncthing.un.statut(folder)
            time.sleep(0.2)
        assert not (sn / last.lstrip("/")).exists()
        _personne(new, "Après la restauration")
        first = synchronise(new, sn)
        assert first.quarantaine == 0, first.alertes
        clashes = sorted(
            str(p.relative_to(sn)) for p in (sn / "coordinateur" / "appareils").rglob("*.seg")
            if (sb / p.relative_to(sn)).is_file() and (sb / p.relative_to(sn)).read_bytes() != p.read_bytes()
        )  # fmt: skip
        assert clashes == [], f"same segment names as the former instance, other contents: {clashes}"
        syncthing.ignore_un(folder, [])  # now Syncthing fills the folder
        syncthing.attend(folder)
        for store, shared in ((new, sn), (b, sb), (new, sn), (b, sb)):
            _sync(store, shared)
            syncthing.attend(folder)
        expected = {"Cayla", "Bozouls", "Espalion", "Avant la restauration", "Après la restauration"}
        assert _noms(new) == _noms(b) == expected
        assert _etat(new) == _etat(b)
        for store, shared in ((new, sn), (b, sb)):
            assert _sync(store, shared).alertes == []
    finally:
        a.close()
        b.close()
        if new is not None:
            new.close()
