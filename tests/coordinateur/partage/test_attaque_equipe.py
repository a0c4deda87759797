"""Attacks on the team layer of the shared folder, by a reviewer who had only the code: a member's laptop
signs files of the wrong shape (revocations, inscriptions, member declarations, device cards), pins its own
key for a new laptop or writes into another member's stream, and garbage team files are planted by the
thousand. Each test is one attack, and each must fail. Most run in-process (a sync is `synchronise` on the
laptop's store) under an alarm, so that a hang is a failure and not a stuck test run.

The helpers here serve the other team attacks too: revocations and retired laptops in
test_attaque_equipe_retraits.py, invitations in test_attaque_equipe_invitations.py, another team's files
and the folder read in clear in test_attaque_equipe_etrangers.py."""

from __future__ import annotations

import json
import os
import secrets
import signal
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from nacl.public import SealedBox

from coordinateur.confiance.ouverture import open_store
from coordinateur.errors import CoordinateurError
from coordinateur.partage import enveloppe, invitations
from coordinateur.partage import equipe as eq
from coordinateur.partage import retrait as rt
from coordinateur.partage.bilan import Bilan
from coordinateur.partage.sync import synchronise
from coordinateur.paths import resolve_paths

from .outils import FAUSSAIRES, Portable, en_equipe, membre_fictif, operation, portable, segment, synchro_ok

F = "0f0f0f0f-1111-4222-8333-444455556666"  # a member's infected laptop (made up: see membre_fictif)
PROFOND = ("[" * 100_000 + "]" * 100_000).encode()


# -- helpers -------------------------------------------------------------------------------------------


@contextmanager
def borne(seconds: int = 20) -> Iterator[None]:
    """A sync that does not come back within `seconds` raises TimeoutError (a hang is a failure)."""

    def stop(*_: Any) -> None:
        raise TimeoutError(f"synchronisation bloquée (plus de {seconds} s)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def sync(laptop: Portable, shared: Path, seconds: int = 20) -> Bilan:
    """One sync of `laptop`, in-process: a crash (anything but a CoordinateurError) or a hang fails."""
    with borne(seconds), open_store(resolve_paths(laptop.data), phrase=laptop.phrase) as store:
        return synchronise(store, shared)


def team_of(laptop: Portable) -> eq.Equipe:
    with open_store(resolve_paths(laptop.data), phrase=laptop.phrase) as store:
        team = eq.charge(store)
    assert team is not None
    return team


def revoque(laptop: Portable, shared: Path, device: str) -> str:
    with borne(), open_store(resolve_paths(laptop.data), phrase=laptop.phrase) as store:
        return rt.revoque(store, shared / "coordinateur", device)


def root(shared: Path) -> Path:
    return shared / "coordinateur"


def ecrit(shared: Path, relative: str, data: bytes) -> Path:
    path = root(shared) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def nouvelle_cle(plus_petit_que: str | None = None) -> tuple[str, bytes]:
    """A fresh team key and its id (below `plus_petit_que` if given: ids are sorted, and cheap to grind)."""
    while True:
        key = secrets.token_bytes(32)
        kid = enveloppe.identifiant_cle(key)
        if plus_petit_que is None or kid < plus_petit_que:
            return kid, key


def retrait(shared: Path, auteur: eq.Equipe, contenu: Callable[[str, bytes], Any]) -> Path:
    """A revocation file signed by `auteur` (a member: it can sign anything), content built from the new key."""
    kid, key = nouvelle_cle()
    content = contenu(kid, key)
    raw = content if isinstance(content, bytes) else json.dumps(content).encode("utf-8")
    # sealed as the team seals revocations (its first key): what is tested is the content, not the seal
    return ecrit(shared, f"equipe/retraits/{kid}.cmb", auteur.scelle(raw, "retrait", auteur.premiere()[1]))


def boite(team_or_key: eq.Equipe | str, key: bytes) -> str:
    public = team_or_key.signataire.verify_key if isinstance(team_or_key, eq.Equipe) else None
    if public is None:
        from nacl.signing import VerifyKey

        public = VerifyKey(bytes.fromhex(team_or_key))  # type: ignore[arg-type]
    return SealedBox(public.to_curve25519_public_key()).encrypt(key).hex()


def pour_tous(team: eq.Equipe, key: bytes, sauf: set[str] = frozenset()) -> dict[str, str]:  # type: ignore[assignment]
    return {d: boite(m["cle"], key) for d, m in team.membres.items() if d not in sauf}


def noms(laptop: Portable) -> set[str]:
    from sqlalchemy import select

    from coordinateur.annuaire.models import Intervenant

    with open_store(resolve_paths(laptop.data), phrase=laptop.phrase) as store, store.read() as session:
        return set(session.scalars(select(Intervenant.nom)))


def comme(team: eq.Equipe, device: str) -> eq.Equipe:
    """`team`'s signing key, naming itself `device` in the envelopes it seals (key substitution)."""
    return eq.Equipe.from_json({**team.as_json(), "appareil": device})


@pytest.fixture
def trio(tmp_path: Path, shared: Path) -> tuple[Portable, Portable, eq.Equipe]:
    """A and B in a team, with F, a member's infected laptop (it signs whatever it likes)."""
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    f = membre_fictif(shared, a, F)
    sync(a, shared)
    sync(b, shared)
    assert F in team_of(a).membres and F in team_of(b).membres
    return a, b, f


# -- 1. a member signs a revocation of the wrong shape: sync crashes, for every laptop, for ever --------


LE = "2026-11-27T10:00:00+00:00"


def _bien_forme(kid: str, key: bytes, a: eq.Equipe, **changes: Any) -> dict[str, Any]:
    content = {"cle": kid, "epoque": 2, "par": F, "le": LE, "retires": [], "pour": pour_tous(a, key),
               "membres": {d: m["cle"] for d, m in a.membres.items()}}  # fmt: skip
    content.update(changes)
    return content


RETRAITS_MAL_FORMES: dict[str, Callable[[str, bytes, eq.Equipe], Any]] = {
    "liste": lambda kid, key, a: [],
    "pas_du_json": lambda kid, key, a: b"pas du JSON",
    "json_profond": lambda kid, key, a: PROFOND,
    "retires_texte": lambda kid, key, a: _bien_forme(kid, key, a, retires="tous"),
    "retires_liste_de_textes": lambda kid, key, a: _bien_forme(kid, key, a, retires=[str(uuid.uuid4())]),
    "dernier_seq_texte": lambda kid, key, a: _bien_forme(
        kid, key, a, retires=[{"appareil": str(uuid.uuid4()), "dernier_seq": "beaucoup"}]
    ),
    "sans_date": lambda kid, key, a: {
        k: v
        for k, v in _bien_forme(kid, key, a, retires=[{"appareil": str(uuid.uuid4())}]).items()
        if k != "le"
    },
    "membres_liste": lambda kid, key, a: _bien_forme(kid, key, a, membres=[]),
    "pour_liste": lambda kid, key, a: _bien_forme(kid, key, a, pour=[]),
    "boite_nombre": lambda kid, key, a: _bien_forme(kid, key, a, pour={a.appareil: 42}),
    "epoque_texte": lambda kid, key, a: _bien_forme(kid, key, a, epoque="deux"),
}


@pytest.mark.parametrize("forme", sorted(RETRAITS_MAL_FORMES))
def test_a_member_signed_revocation_of_the_wrong_shape_is_refused_not_a_crash(
    trio: tuple[Portable, Portable, eq.Equipe], shared: Path, forme: str
) -> None:
    a, _b, f = trio
    planted = retrait(shared, f, lambda kid, key: RETRAITS_MAL_FORMES[forme](kid, key, team_of(a)))
    bilan = sync(a, shared)
    assert any(planted.name in alert for alert in bilan.alertes)


def test_the_author_of_a_malformed_revocation_can_still_be_revoked(
    trio: tuple[Portable, Portable, eq.Equipe], shared: Path
) -> None:
    a, _b, f = trio
    retrait(shared, f, lambda kid, key: [])
    assert "est retiré" in revoque(a, shared, F)


def test_a_member_signed_list_as_revocation_from_the_command_line(
    trio: tuple[Portable, Portable, eq.Equipe], shared: Path
) -> None:
    a, _b, f = trio
    retrait(shared, f, lambda kid, key: [])
    synchro_ok(a.sync(shared))


# -- 2. a revocation that does not give this laptop the new key: the sync never ends -----------------


def test_a_revocation_without_this_laptops_key_does_not_hang_the_sync(
    trio: tuple[Portable, Portable, eq.Equipe], shared: Path
) -> None:
    a, _b, f = trio
    retrait(shared, f, lambda kid, key: _bien_forme(kid, key, team_of(a), pour={}))
    sync(a, shared)


def test_a_revocation_without_this_laptops_key_from_the_command_line(
    trio: tuple[Portable, Portable, eq.Equipe], shared: Path
) -> None:
    import subprocess

    a, _b, f = trio
    retrait(shared, f, lambda kid, key: _bien_forme(kid, key, team_of(a), pour={}))
    try:
        synchro_ok(a.sync(shared, timeout=30))
    except subprocess.TimeoutExpired as exc:
        raise AssertionError("partage sync bloqué") from exc


# -- 3. a member signs an inscription of the wrong shape ---------------------------------------------


def test_a_member_signed_inscription_of_the_wrong_shape_is_refused_not_a_crash(
    trio: tuple[Portable, Portable, eq.Equipe], shared: Path
) -> None:
    a, _b, f = trio
    ident = uuid.uuid4().hex
    ecrit(shared, f"equipe/inscriptions/{ident}.cmb", f.scelle(b"[]", "inscription"))
    team = team_of(a)
    content = {"equipe": team.id, "cles": team.cles, "membres": team.membres, "retraits": {},
               "inscription": ident, "unique": "11" * 32}  # fmt: skip
    device = str(uuid.uuid4())
    _team, declaration = invitations.adhesion(
        content, {"appareil": device, "nom": "X", "coordinateur": "", "structure": ""}
    )
    ecrit(shared, f"equipe/membres/{device}.cmb", declaration)
    sync(a, shared)


# -- 5. a member pins any key for any laptop through a revocation's `membres` --------------------------


def test_a_member_cannot_substitute_its_key_for_a_new_laptops(
    tmp_path: Path, shared: Path, trio: tuple[Portable, Portable, eq.Equipe]
) -> None:
    a, b, f = trio
    j = portable(tmp_path / "j")
    with open_store(resolve_paths(b.data)) as store:
        code = invitations.invite(store, root(shared)).code
    with open_store(resolve_paths(j.data)) as store:
        invitations.rejoint(
            store, root(shared), code
        )  # J's declaration is in the folder; A has not seen it yet
    retrait(shared, f, lambda kid, key: _bien_forme(
        kid, key, team_of(a), membres={j.device: f.signataire.verify_key.encode().hex()}))  # fmt: skip
    forged = segment(j.device, 1, [operation(j.device, nom="Écrit par F sous le nom de J")])
    ecrit(shared, f"appareils/{j.device}/segments/{j.device}_00000001.seg",
          comme(f, j.device).scelle(forged, "segment"))  # fmt: skip
    sync(a, shared)
    assert "Écrit par F sous le nom de J" not in noms(a)  # F wrote as J, and A applied it
    assert team_of(a).membres[j.device]["cle"] == team_of(j).signataire.verify_key.encode().hex()


def test_a_garbage_key_pinned_by_a_member_does_not_prevent_revoking_it(
    trio: tuple[Portable, Portable, eq.Equipe], shared: Path
) -> None:
    a, _b, f = trio
    planted = retrait(
        shared, f, lambda kid, key: _bien_forme(kid, key, team_of(a), membres={str(uuid.uuid4()): "zz"})
    )
    sync(a, shared)
    planted.unlink()
    assert "est retiré" in revoque(a, shared, F)


def test_a_member_cannot_rewrite_a_new_laptops_declaration(
    tmp_path: Path, shared: Path, trio: tuple[Portable, Portable, eq.Equipe]
) -> None:
    a, b, f = trio
    j = portable(tmp_path / "j")
    with open_store(resolve_paths(b.data)) as store:
        code = invitations.invite(store, root(shared)).code
    with open_store(resolve_paths(j.data)) as store:
        invitations.rejoint(store, root(shared), code)
    opened = [
        json.loads(enveloppe.ouvre(path.read_bytes(), genre="inscription", equipe=f.id, cles=f.trousseau(),
                                   verifieur=lambda au, c: team_of(a).cle_de(au))[1])
        for path in (root(shared) / "equipe" / "inscriptions").glob("*.cmb")
    ]  # fmt: skip
    (secret,) = [s for s in opened if s["par"] == b.device]  # what any member reads: J's inscription
    assert "secret" not in secret and "unique" not in secret  # only the public half of its one-time key
    mine = f.signataire.verify_key.encode().hex()
    content = {"appareil": j.device, "nom": "J", "coordinateur": "", "structure": "", "cle": mine, "depuis": LE,
               "invitation": secret["id"], "preuve": "00" * 64}  # fmt: skip
    ecrit(
        shared,
        f"equipe/membres/{j.device}.cmb",
        comme(f, j.device).scelle(json.dumps(content).encode(), "membre"),
    )
    sync(j, shared)  # J finds its declaration written over: it writes its own beside it (write-once)
    sync(a, shared)
    assert team_of(a).membres[j.device]["cle"] == team_of(j).signataire.verify_key.encode().hex()


def test_a_member_cannot_write_into_another_members_stream_or_redeclare_it(
    trio: tuple[Portable, Portable, eq.Equipe], shared: Path
) -> None:
    a, b, f = trio
    # a declaration under B's id with F's key, as a sync tool's conflicting copy
    content = {"appareil": b.device, "cle": f.signataire.verify_key.encode().hex(), "invitation": None}
    ecrit(shared, f"equipe/membres/{b.device}.sync-conflict-1.cmb",
          comme(f, b.device).scelle(json.dumps(content).encode(), "membre"))  # fmt: skip
    data = f.scelle(segment(b.device, 1, [operation(b.device, nom="Faux")]), "segment")
    ecrit(shared, f"appareils/{b.device}/segments/{b.device}_00000001.seg", data)
    bilan = sync(a, shared)
    assert team_of(a).membres[b.device]["cle"] == team_of(b).signataire.verify_key.encode().hex()
    assert "Faux" not in noms(a) and any(
        "écrit par l'ordinateur 0f0f0f0f" in alert for alert in bilan.alertes
    )


# -- garbage team files and hostile device cards ---------------------------------------------------------


HOSTILES: dict[str, Callable[[Path], Any]] = {
    "vide": lambda p: p.write_bytes(b""),
    "ordures": lambda p: p.write_bytes(os.urandom(5000)),
    "entete_seul": lambda p: p.write_bytes(b'{"format":"coordinateur-partage","major":2}\n'),
    "entete_liste": lambda p: p.write_bytes(b"[]\n" + os.urandom(100)),
    "enorme": lambda p: p.write_bytes(b"\0" * (eq.FICHIER_MAX + 1)),
    "fifo": lambda p: os.mkfifo(p),
    "lien": lambda p: p.symlink_to("/etc/passwd"),
    "dossier": lambda p: p.mkdir(),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
@pytest.mark.parametrize("sub", ["membres", "inscriptions", "retraits", "invitations"])
def test_garbage_team_files_are_named_and_the_rest_syncs(
    trio: tuple[Portable, Portable, eq.Equipe], shared: Path, sub: str
) -> None:
    a, b, f = trio
    folder = root(shared) / "equipe" / sub
    folder.mkdir(parents=True, exist_ok=True)
    for make in HOSTILES.values():
        make(folder / f"{uuid.uuid4().hex if sub != 'membres' else uuid.uuid4()}.cmb")
    if sub == "retraits":  # a genuine revocation, cut short (a copy still arriving)
        planted = retrait(shared, f, lambda kid, key: _bien_forme(kid, key, team_of(a)))
        planted.write_bytes(planted.read_bytes()[:-10])
    b.ajoute("Passe")
    synchro_ok(b.sync(shared))
    sync(a, shared)
    assert "Passe" in noms(a)


def _sans_equipe(make: Callable[[Path], Any]) -> Callable[[Path, eq.Equipe], Any]:
    return lambda path, _team: make(path)


CARTES: dict[str, Callable[[Path, eq.Equipe], Any]] = {
    **{name: _sans_equipe(make) for name, make in HOSTILES.items()},
    "signee_liste": lambda p, f: p.write_bytes(f.scelle(b"[]", "carte")),
    "signee_pas_json": lambda p, f: p.write_bytes(f.scelle(b"\xff\xfe", "carte")),
    "signee_profonde": lambda p, f: p.write_bytes(f.scelle(PROFOND, "carte")),
    "signee_types": lambda p, f: p.write_bytes(
        f.scelle(json.dumps({"nom": [1], "coordinateur": {}}).encode(), "carte")
    ),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_a_members_hostile_device_card_never_stops_its_segments(
    trio: tuple[Portable, Portable, eq.Equipe], shared: Path
) -> None:
    from .outils import depose

    a, _b, f = trio
    card = root(shared) / "appareils" / F / "appareil.cmb"
    for n, (name, make) in enumerate(CARTES.items(), start=1):
        depose(
            shared,
            F,
            f"{F}_{n:08d}.seg",
            segment(F, n, [operation(F, nom=f"Carte {name}")], _dernier(shared)),
        )
        if card.is_dir() and not card.is_symlink():
            card.rmdir()
        elif card.exists() or card.is_symlink():
            card.unlink()
        make(card, f)
        sync(a, shared)
        assert f"Carte {name}" in noms(a), name


def _dernier(shared: Path) -> str:
    import hashlib

    files = sorted((root(shared) / "appareils" / F / "segments").glob("*.seg"))
    if not files:
        return ""
    clear = FAUSSAIRES[F].ouvre(files[-1].read_bytes(), "segment", F)  # a segment's identity: its content
    return hashlib.sha256(clear).hexdigest()


def test_many_planted_team_files_do_not_grow_the_sync_s_memory(tmp_path: Path, shared: Path) -> None:
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    baseline = int(a.sync(shared, mesure=True).stderr.rsplit("MAXRSS", 1)[1])
    team = team_of(a)
    header = json.dumps({"auteur": F, "cle": team.courante()[0], "equipe": team.id, "format": "coordinateur-partage",
                         "genre": "retrait", "major": 2}, sort_keys=True, separators=(",", ":")).encode() + b"\n"  # fmt: skip
    folder = root(shared) / "equipe" / "retraits"
    folder.mkdir(exist_ok=True)
    for n in range(300):  # 75 MB
        (folder / f"{n:016x}.cmb").write_bytes(header + b"\0" * (eq.FICHIER_MAX - len(header)))
    result = a.sync(shared, mesure=True)
    synchro_ok(result)
    assert int(result.stderr.rsplit("MAXRSS", 1)[1]) - baseline < 30_000  # KB


_ = (FAUSSAIRES, CoordinateurError)
