"""Attacks on the compaction of the shared folder (issue 17): snapshots, read receipts, pruning, incremental
reads. Each test asserts the SAFE behaviour: it fails when the attack works."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from coordinateur.partage import elagage, equipe, instantane, jugement, retrait
from coordinateur.partage.models import FluxAppareil, InstantaneVu, SegmentEcrit
from coordinateur.partage.sync import modeles, synchronise
from coordinateur.store import Store
from coordinateur.store.models import Operation

from .outils import membre_fictif
from .test_instantane import _fiche, _forge, _intervenants, ajoute, own_segments, root_of

KINDS = ("intervenant", "structure")
INFECTE = "0badc0de-0000-4000-8000-0000000000aa"


def noms(store: Store) -> set[str]:
    return {row.nom for row in _intervenants(store) if not row.deleted}


def fige(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(instantane, "_now", lambda: moment)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def depose_instantane(shared: Path, team: Any, device: str, date: str, lines: list[dict[str, Any]],
                      couvre: dict[str, Any]) -> Path:  # fmt: skip
    folder = root_of(shared) / "appareils" / device
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{device}_{date}.snap"
    path.write_bytes(team.scelle(_forge(device, lines, couvre, date), "instantane"))
    return path


def dernier_ecrit(store: Store) -> list[Any]:
    with store.read() as session:
        row = session.scalars(select(SegmentEcrit).order_by(SegmentEcrit.seq.desc()).limit(1)).one()
        return [row.seq, row.sha256]


def nb_operations(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Operation)) or 0


# -- snapshots -----------------------------------------------------------------------------------------


def test_a_revoked_members_snapshot_sealed_with_the_old_key_is_not_taken_by_a_joining_laptop(
    equipe4: tuple[Store, Store, Store, Store, Path],
) -> None:
    """A lost laptop, revoked, keeps its signing key and the old team key: it drops a snapshot dated after
    its revocation. A laptop joining must not take its records."""
    a, _b, c, _d, shared = equipe4
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)  # admits the made-up member
    synchronise(c, shared)  # C knows it too (and has read no segment yet)
    ajoute(a, "Vraie")
    synchronise(a, shared)
    retrait.revoque(a, root_of(shared), INFECTE)
    synchronise(a, shared)
    date = stamp(datetime.now(UTC) + timedelta(minutes=1))
    depose_instantane(shared, team, INFECTE, date, [_fiche(INFECTE, "Forgée par le retiré")], {})
    bilan = synchronise(c, shared)
    assert "Vraie" in noms(c)
    assert "Forgée par le retiré" not in noms(c), bilan.alertes
    with c.read() as session:
        row = session.get(InstantaneVu, f"appareils/{INFECTE}/{INFECTE}_{date}.snap")
        assert row is None or not row.valide


def test_a_members_snapshot_claiming_to_cover_a_colleagues_segments_without_their_records_loses_nothing(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An infected member writes a signed snapshot that names A's latest segment (seq and the right SHA-256,
    which any member can compute) but holds none of A's records. A must not prune its segments and trim its
    log on the strength of it; a laptop away longer than the grace period (C) and a new one (D) must still
    get A's records."""
    a, b, c, d, shared = equipe4
    team = membre_fictif(shared, a, INFECTE)
    ajoute(a, "Avant départ de C")
    for store in (a, b, c):
        synchronise(store, shared)  # C goes away from here
    for n in range(5):
        ajoute(a, f"A{n}")
        synchronise(a, shared)
        synchronise(b, shared)
    written = len(own_segments(shared, a))
    ops = nb_operations(a)
    moment = datetime.now(UTC) + timedelta(days=40)
    fige(monkeypatch, moment)
    couvre = {a.device_id: dernier_ecrit(a)}
    depose_instantane(
        shared, team, INFECTE, stamp(moment + timedelta(hours=1)), [_fiche(INFECTE, "Leurre")], couvre
    )
    for store in (b, a, b, a):
        synchronise(store, shared)
    pruned = len(own_segments(shared, a)) < written or nb_operations(a) < ops
    synchronise(c, shared)
    synchronise(d, shared)
    expected = {f"A{n}" for n in range(5)} | {"Avant départ de C"}
    missing_c, missing_d = expected - noms(c), expected - noms(d)
    assert not missing_c and not missing_d, (
        f"A élagué sur la foi de l'instantané forgé : {pruned}; "
        f"manquent chez C (absent) : {sorted(missing_c)}, chez D (nouveau) : {sorted(missing_d)}"
    )


@pytest.mark.parametrize("remplacement", ["illisible", "fifo", "dossier", "lien"])
def test_own_snapshot_replaced_in_the_folder_does_not_let_pruning_lose_records(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch, remplacement: str
) -> None:
    """No key needed: the storage admin replaces A's own snapshot (judged valid when written) by junk of the
    same name. A must not prune its segments and trim its log against a file that is no longer a valid
    snapshot (or must write a new one): a laptop joining later must still get every record of A."""
    a, b, c, _d, shared = equipe4
    for n in range(5):
        ajoute(a, f"A{n}")
        synchronise(a, shared)
        synchronise(b, shared)
    relative = instantane.ecrit(a, root_of(shared), equipe.charge(a), KINDS, modeles())  # type: ignore[arg-type]
    synchronise(b, shared)
    path = root_of(shared) / relative
    size = path.stat().st_size
    path.unlink()
    if remplacement == "illisible":
        path.write_bytes(os.urandom(size))
    elif remplacement == "fifo":
        os.mkfifo(path)
    elif remplacement == "lien":
        path.symlink_to(own_segments(shared, a)[0])
    else:
        path.mkdir()
    fige(monkeypatch, datetime.now(UTC) + timedelta(days=40))
    for store in (a, b, a, b, a):
        synchronise(store, shared)
    bilan = synchronise(c, shared)
    missing = {f"A{n}" for n in range(5)} - noms(c)
    assert not missing, (
        f"segments de A restants : {len(own_segments(shared, a))}/5 ; manquent chez C : {sorted(missing)} ; "
        f"{bilan.alertes}"
    )


def test_a_snapshot_garbled_while_arriving_is_judged_again_once_whole(
    equipe4: tuple[Store, Store, Store, Store, Path],
) -> None:
    """A copy tool that first allocates the file (zeros, full size) then fills it in place: the laptop that
    looked in between must not set the snapshot aside for good under its name."""
    a, _b, c, _d, shared = equipe4
    for n in range(3):
        ajoute(a, f"A{n}")
        synchronise(a, shared)
    relative = instantane.ecrit(a, root_of(shared), equipe.charge(a), KINDS, modeles())  # type: ignore[arg-type]
    path = root_of(shared) / relative
    real = path.read_bytes()
    path.write_bytes(bytes(len(real)))
    synchronise(c, shared)
    path.write_bytes(real)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    synchronise(c, shared)
    with c.read() as session:
        row = session.get(InstantaneVu, relative)
        assert row is not None and row.valide, row and row.motif


def test_a_snapshot_from_a_member_cannot_put_words_in_a_colleagues_mouth(
    equipe4: tuple[Store, Store, Store, Store, Path],
) -> None:
    """An infected member's snapshot holds a record stamped with A's clock and `updated_by` A, which A never
    wrote. In a segment a member can only write under its own clock; a laptop joining from the snapshot must
    not show it as A's."""
    a, _b, c, _d, shared = equipe4
    ajoute(a, "Vraie")
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)
    forged = _fiche(a.device_id, "Attribuée à A")
    date = stamp(datetime.now(UTC) + timedelta(minutes=1))
    depose_instantane(shared, team, INFECTE, date, [forged], {})
    synchronise(c, shared)
    shown = {row.nom: row.updated_by for row in _intervenants(c)}
    assert shown.get("Attribuée à A") != a.device_id


# -- read receipts -------------------------------------------------------------------------------------


def test_a_read_receipt_renamed_into_the_future_does_not_freeze_a_colleagues_receipts(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No key needed: the receipt's date is only in its name. A copy of B's receipt named in 2099 must not
    be taken, nor stop A reading B's later receipts (A's pruning would wait on a frozen receipt for ever)."""
    a, b, _c, _d, shared = equipe4
    ajoute(a, "Une")
    synchronise(a, shared)
    synchronise(b, shared)  # B publishes what it read
    synchronise(a, shared)
    folder = root_of(shared) / "appareils" / b.device_id
    receipts = sorted(folder.glob("*.lu"))
    assert receipts
    (folder / f"{b.device_id}_20991231T000000Z.lu").write_bytes(receipts[-1].read_bytes())
    synchronise(a, shared)
    ajoute(a, "Deux")
    synchronise(a, shared)
    fige(monkeypatch, datetime.now(UTC) + timedelta(days=2))
    synchronise(b, shared)  # B's next receipt: it has read A's second segment
    assert sorted(folder.glob("*.lu"))
    synchronise(a, shared)
    with a.read() as session:
        row = session.get(FluxAppareil, b.device_id)
        assert row is not None
        assert "2099" not in row.lu_nom and "2099" not in row.lu_le
        assert row.lu.get(a.device_id) == dernier_ecrit(a)[0], row.lu


def test_an_absurd_read_receipt_never_prunes_a_segment_no_snapshot_covers(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An infected member claims it has read segment 10**9 of everyone; with no snapshot covering them, A
    keeps every segment and its whole log."""
    a, b, _c, _d, shared = equipe4
    team = membre_fictif(shared, a, INFECTE)
    for n in range(4):
        ajoute(a, f"A{n}")
        synchronise(a, shared)
        synchronise(b, shared)
    folder = root_of(shared) / "appareils" / INFECTE
    folder.mkdir(parents=True, exist_ok=True)
    moment = datetime.now(UTC) + timedelta(days=40)
    body = json.dumps({"appareil": INFECTE, "lu": {a.device_id: 10**9, b.device_id: 10**9}}).encode()
    (folder / f"{INFECTE}_{stamp(moment)}.lu").write_bytes(team.scelle(body, "lu"))
    ops = nb_operations(a)
    fige(monkeypatch, moment)
    monkeypatch.setattr(elagage, "a_ecrire", lambda *args, **kwargs: False)  # no snapshot at all
    synchronise(a, shared)
    synchronise(a, shared)
    assert len(own_segments(shared, a)) == 4
    assert nb_operations(a) == ops


@pytest.mark.parametrize("valeurs", [{"commune_code": "12119"}, {"nom": "Sans profession"}])
def test_a_snapshot_record_missing_required_fields_never_breaks_the_joining_laptop(
    equipe4: tuple[Store, Store, Store, Store, Path], valeurs: dict[str, Any]
) -> None:
    """A member's snapshot holds a new record with only some of its fields (an upsert may be partial, a
    creation may not): the laptop joining from it must not crash, now or at its next syncs, nor hold a
    record without a name."""
    a, _b, c, _d, shared = equipe4
    ajoute(a, "Vraie")
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)
    line = _fiche(INFECTE, "x")
    line["valeurs"] = dict(valeurs)
    date = stamp(datetime.now(UTC) + timedelta(minutes=1))
    depose_instantane(shared, team, INFECTE, date, [line], {})
    for _ in range(2):
        synchronise(c, shared)
    assert "Vraie" in noms(c)
    from coordinateur.annuaire.service import lit

    for row in _intervenants(c):
        assert row.nom, f"fiche {row.id} sans nom"
        lit(c, row.id)


def test_a_snapshot_holding_meetings_brings_none_to_a_laptop_that_does_not_share_them(
    equipe4: tuple[Store, Store, Store, Store, Path],
) -> None:
    a, _b, c, _d, shared = equipe4
    ajoute(a, "Vraie")
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)
    clock = _fiche(INFECTE, "x")["created_at"]
    meeting = {"type": "fiche", "kind": "reunion", "id": "11111111-2222-4333-8444-555555555555",
               "created_at": clock, "updated_at": clock, "updated_by": INFECTE, "field_clocks": {},
               "valeurs": {"titre": "RCP forgée", "date": "2026-11-30", "deleted": False}}  # fmt: skip
    date = stamp(datetime.now(UTC) + timedelta(minutes=1))
    clear = _forge(INFECTE, [_fiche(INFECTE, "Avec réunion"), meeting], {}, date)
    header, rest = clear.split(b"\n", 1)
    fixed = json.loads(header)
    fixed["genres"] = ["intervenant", "structure", "reunion", "action"]
    body = (json.dumps(fixed) + "\n").encode() + rest.rsplit(b"\n", 2)[0] + b"\n"
    import hashlib

    clear = body + (json.dumps({"type": "fin", "sha256": hashlib.sha256(body).hexdigest()}) + "\n").encode()
    folder = root_of(shared) / "appareils" / INFECTE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{INFECTE}_{date}.snap").write_bytes(team.scelle(clear, "instantane"))
    synchronise(c, shared)
    assert "Vraie" in noms(c)
    with c.read() as session:
        assert session.scalar(select(func.count()).select_from(modeles()["reunion"])) == 0
        row = session.get(InstantaneVu, f"appareils/{INFECTE}/{INFECTE}_{date}.snap")
        assert row is not None and row.valide, row and row.motif  # the forged file itself is well formed


def test_many_junk_snapshot_files_are_judged_once_and_the_segments_still_come(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _b, c, _d, shared = equipe4
    ajoute(a, "Vraie")
    synchronise(a, shared)
    folder = root_of(shared) / "appareils" / a.device_id
    start = datetime.now(UTC) - timedelta(days=3)
    for n in range(400):
        (folder / f"{a.device_id}_{stamp(start + timedelta(seconds=n))}.snap").write_bytes(os.urandom(200))
    first = synchronise(c, shared)
    assert "Vraie" in noms(c)
    assert first.alertes  # named
    from coordinateur.partage import dossier as dossier_module

    read: list[str] = []
    real = dossier_module.fichiers.lit_borne

    def counting(path: Path, *args: Any, **kwargs: Any) -> bytes:
        read.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(dossier_module.fichiers, "lit_borne", counting)
    ajoute(a, "Suivante")
    synchronise(a, shared)
    synchronise(c, shared)
    assert "Suivante" in noms(c)
    assert not [n for n in read if n.endswith(".snap")], len(read)


def test_a_members_hollow_snapshot_does_not_make_a_laptop_remove_its_own_complete_one(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A's own snapshot holds its records; an infected member's newer one claims to cover as much and holds
    nothing. A must not remove its own on that claim (it would leave only the hollow one to join from)."""
    a, b, _c, d, shared = equipe4
    team = membre_fictif(shared, a, INFECTE)
    for n in range(3):
        ajoute(a, f"A{n}")
        synchronise(a, shared)
        synchronise(b, shared)
    relative = instantane.ecrit(a, root_of(shared), equipe.charge(a), KINDS, modeles())  # type: ignore[arg-type]
    moment = datetime.now(UTC) + timedelta(days=1)
    fige(monkeypatch, moment)
    depose_instantane(
        shared, team, INFECTE, stamp(moment), [_fiche(INFECTE, "Leurre")], {a.device_id: dernier_ecrit(a)}
    )
    synchronise(a, shared)
    synchronise(a, shared)
    assert (root_of(shared) / relative).is_file(), "l'instantané complet de A a été supprimé"
    synchronise(d, shared)
    assert {f"A{n}" for n in range(3)} <= noms(d)


def test_a_joining_laptop_does_not_skip_segments_still_in_the_folder_on_a_snapshots_word(
    equipe4: tuple[Store, Store, Store, Store, Path],
) -> None:
    """No pruning at all: A's segments are all in the folder. An infected member's hollow snapshot claims to
    cover them; the laptop joining (D) must still end with A's records."""
    a, _b, _c, d, shared = equipe4
    team = membre_fictif(shared, a, INFECTE)
    for n in range(3):
        ajoute(a, f"A{n}")
        synchronise(a, shared)
    date = stamp(datetime.now(UTC) + timedelta(minutes=1))
    depose_instantane(
        shared, team, INFECTE, date, [_fiche(INFECTE, "Leurre")], {a.device_id: dernier_ecrit(a)}
    )
    synchronise(d, shared)
    assert {f"A{n}" for n in range(3)} <= noms(d), noms(d)


def test_a_snapshot_naming_a_wrong_hash_does_not_cut_a_joining_laptop_off_a_colleagues_stream(
    equipe4: tuple[Store, Store, Store, Store, Path],
) -> None:
    """An infected member's snapshot holds A's records as they are but names A's latest segment with a
    wrong SHA-256. The laptop joining from it must still receive A's next segments (not "hors chaîne" for
    ever)."""
    a, _b, _c, d, shared = equipe4
    team = membre_fictif(shared, a, INFECTE)
    for n in range(3):
        ajoute(a, f"A{n}")
        synchronise(a, shared)
    seq, _sha = dernier_ecrit(a)
    date = stamp(datetime.now(UTC) + timedelta(minutes=1))
    depose_instantane(
        shared, team, INFECTE, date, [_fiche(INFECTE, "Leurre")], {a.device_id: [seq, "f" * 64]}
    )
    synchronise(d, shared)
    ajoute(a, "Après l'instantané")
    synchronise(a, shared)
    bilan = synchronise(d, shared)
    synchronise(d, shared)
    assert "Après l'instantané" in noms(d), bilan.alertes


def test_a_snapshot_tombstoning_a_joining_laptops_records_neither_deletes_them_nor_blocks_its_syncs(
    equipe4: tuple[Store, Store, Store, Store, Path],
) -> None:
    """C has records of its own before it reads anything; an infected member's snapshot tombstones all of
    them. Nothing of C is deleted, and the snapshot (which C does not need: every segment is in the folder)
    must not stop C's syncs until it accepts the deletions: A's records still come."""
    from coordinateur.partage.regles import SuppressionsMassives

    a, _b, c, _d, shared = equipe4
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)
    mine = [ajoute(c, f"C{n}") for n in range(6)]
    synchronise(c, shared)  # pushed; C has read no colleague's segment yet
    ajoute(a, "Vraie")
    synchronise(a, shared)
    lines = []
    for record_id in mine:
        line = _fiche(INFECTE, "Supprimée", deleted=True)
        line["id"] = record_id
        lines.append(line)
    depose_instantane(shared, team, INFECTE, stamp(datetime.now(UTC) + timedelta(minutes=1)), lines, {})
    blocked = []
    for _ in range(2):
        try:
            synchronise(c, shared)
        except SuppressionsMassives as exc:
            blocked.append(exc.message)
    assert {f"C{n}" for n in range(6)} <= noms(c)
    assert "Vraie" in noms(c) and not blocked, blocked


def test_judging_a_large_snapshot_takes_memory_in_proportion_to_the_file_at_most(
    equipe4: tuple[Store, Store, Store, Store, Path],
) -> None:
    """A snapshot may be up to INSTANTANE_MAX (256 MB) and is judged by every colleague: judging one must
    not take many times its size in memory (a 256 MB file judged at ×10 exhausts a laptop)."""
    import tracemalloc

    a, _b, c, _d, shared = equipe4
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)
    synchronise(c, shared)
    template = _fiche(INFECTE, "Fiche")
    lines = []
    for n in range(20_000):
        line = dict(template)
        line["id"] = f"{n:08d}-0000-4000-8000-000000000000"
        lines.append(line)
    date = stamp(datetime.now(UTC) + timedelta(minutes=1))
    path = depose_instantane(shared, team, INFECTE, date, lines, {})
    data = path.read_bytes()
    size = len(data)
    del lines
    tracemalloc.start()
    try:
        jugement.examine(data, path, equipe.charge(c), modeles())  # type: ignore[arg-type]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 4 * size, f"{peak / size:.1f} × la taille du fichier ({size // 1024} Kio)"


def test_a_newer_snapshot_claiming_too_much_does_not_hide_the_valid_one_from_a_joining_laptop(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A's segments were pruned honestly against A's own snapshot. An infected member then drops a newer
    snapshot covering segments of A that do not exist: the laptop joining must fall back on A's valid one
    rather than get nothing of A."""
    a, b, _c, d, shared = equipe4
    team = membre_fictif(shared, a, INFECTE)
    for n in range(5):
        ajoute(a, f"A{n}")
        synchronise(a, shared)
        synchronise(b, shared)
    instantane.ecrit(a, root_of(shared), equipe.charge(a), KINDS, modeles())  # type: ignore[arg-type]
    synchronise(b, shared)
    moment = datetime.now(UTC) + timedelta(days=40)
    fige(monkeypatch, moment)
    for store in (a, b, a):
        synchronise(store, shared)
    assert len(own_segments(shared, a)) < 5  # honestly pruned
    seq, sha = dernier_ecrit(a)
    depose_instantane(
        shared, team, INFECTE, stamp(moment + timedelta(hours=1)), [_fiche(INFECTE, "Leurre")],
        {a.device_id: [seq + 5, sha]},
    )  # fmt: skip
    for _ in range(2):
        bilan = synchronise(d, shared)
    missing = {f"A{n}" for n in range(5)} - noms(d)
    assert not missing, (sorted(missing), bilan.alertes)


@pytest.mark.parametrize("autre_genre", [False, True])
def test_a_snapshot_naming_one_identifier_twice_is_refused_and_the_joining_laptop_goes_on(
    equipe4: tuple[Store, Store, Store, Store, Path], autre_genre: bool
) -> None:
    """Two lines of a member's snapshot with the same record identifier (twice an intervenant, or an
    intervenant and a structure): the laptop joining must not crash, nor be blocked, nor hold one identifier
    under two kinds (a structure would take an intervenant's place in the search)."""
    a, _b, c, _d, shared = equipe4
    ajoute(a, "Vraie")
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)
    first = _fiche(INFECTE, "Double")
    second = _fiche(INFECTE, "Doublon")
    second["id"] = first["id"]
    if autre_genre:
        second["kind"] = "structure"
        second["valeurs"] = {"nom": "Structure doublon", "deleted": False}
    date = stamp(datetime.now(UTC) + timedelta(minutes=1))
    depose_instantane(shared, team, INFECTE, date, [first, second], {})
    errors = []
    for _ in range(2):
        try:
            synchronise(c, shared)
        except Exception as exc:  # any crash is the harm
            errors.append(repr(exc)[:300])
    assert not errors, errors
    assert "Vraie" in noms(c)
    models = modeles()
    with c.read() as session:
        kinds = [k for k in KINDS if session.get(models[k], first["id"]) is not None]
    assert len(kinds) <= 1, kinds


def test_a_bad_read_receipt_is_named_in_french(equipe4: tuple[Store, Store, Store, Store, Path]) -> None:
    """A receipt that does not open (junk, or sealed by another member) is set aside with a message naming
    it, like any bad file of the folder."""
    a, b, _c, _d, shared = equipe4
    ajoute(a, "Une")
    synchronise(a, shared)
    synchronise(b, shared)
    folder = root_of(shared) / "appareils" / b.device_id
    name = f"{b.device_id}_{stamp(datetime.now(UTC) + timedelta(minutes=1))}.lu"
    (folder / name).write_bytes(os.urandom(300))
    bilan = synchronise(a, shared)
    assert [x for x in bilan.alertes if name in x], bilan.alertes


def test_joining_from_a_snapshot_and_later_segments_equals_a_full_replay_with_deletions_and_conflicts(
    equipe4: tuple[Store, Store, Store, Store, Path],
) -> None:
    from coordinateur.annuaire.service import supprime

    from .test_instantane import etat_des_fiches, renomme, snapshots

    a, b, replay, snap = equipe4[:4]
    shared = equipe4[4]
    ids = [ajoute(a, f"F{n}") for n in range(6)]
    synchronise(a, shared)
    synchronise(b, shared)
    renomme(a, ids[0], "Par A")
    renomme(b, ids[0], "Par B")  # a conflict
    supprime(b, ids[1])
    for store in (a, b, a):
        synchronise(store, shared, accepter_suppressions=True)
    instantane.ecrit(a, root_of(shared), equipe.charge(a), KINDS, modeles())  # type: ignore[arg-type]
    renomme(b, ids[2], "Après l'instantané")
    supprime(a, ids[3])
    renomme(b, ids[3], "Modifiée pendant sa suppression")
    for store in (a, b, a):
        synchronise(store, shared, accepter_suppressions=True)
    hidden = [(p, p.with_suffix(".cache")) for p in snapshots(shared)]
    for p, q in hidden:
        p.rename(q)
    synchronise(replay, shared, accepter_suppressions=True)
    for p, q in hidden:
        q.rename(p)
    synchronise(snap, shared, accepter_suppressions=True)
    with snap.read() as session:
        used = session.scalar(select(func.count()).select_from(InstantaneVu).where(InstantaneVu.applique))
    assert used == 1
    assert etat_des_fiches(snap) == etat_des_fiches(replay) == etat_des_fiches(a)
