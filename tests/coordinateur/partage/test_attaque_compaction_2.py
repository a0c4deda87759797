"""Second round of attacks on the compaction of the shared folder (issue 17): special files named as
snapshots or receipts, replayed receipts, forged future clocks. Each test asserts the SAFE behaviour: it
fails when the attack works."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coordinateur.partage import elagage, equipe, instantane
from coordinateur.partage.models import FluxAppareil
from coordinateur.partage.sync import modeles, synchronise
from coordinateur.store import Store

from .outils import membre_fictif
from .test_attaque_compaction import depose_instantane, noms, stamp
from .test_instantane import _fiche, ajoute, root_of

KINDS = ("intervenant", "structure")
INFECTE = "0badc0de-0000-4000-8000-0000000000bb"
NOM = "Marie-Thérèse d'Arsonval"


@pytest.fixture
def delai() -> Iterator[None]:
    """A sync that hangs fails the test instead of the run."""

    def stop(*_: object) -> None:
        raise TimeoutError("la synchronisation ne rend pas la main")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def dossier(shared: Path, device: str) -> Path:
    folder = root_of(shared) / "appareils" / device
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_fifo_named_as_a_colleagues_read_receipt_neither_hangs_nor_breaks_a_sync(
    equipe3: tuple[Store, Store, Store, Path], delai: None
) -> None:
    """The storage admin drops a FIFO named as B's newest receipt: A's sync must return, with A's record
    still shared, and the FIFO named in a French alert (or silently skipped)."""
    a, b, _c, shared = equipe3
    ajoute(a, NOM)
    synchronise(a, shared)
    os.mkfifo(dossier(shared, b.device_id) / f"{b.device_id}_{stamp(datetime.now(UTC))}.lu")
    synchronise(b, shared)
    synchronise(a, shared)
    assert NOM in noms(b)


def test_a_directory_named_as_a_colleagues_snapshot_does_not_break_a_joining_laptop(
    equipe3: tuple[Store, Store, Store, Path], delai: None
) -> None:
    a, _b, c, shared = equipe3
    ajoute(a, NOM)
    synchronise(a, shared)
    (dossier(shared, a.device_id) / f"{a.device_id}_{stamp(datetime.now(UTC))}.snap").mkdir()
    # newer than A's own receipt (it names its colleagues from its first sync): looked at first
    later = stamp(datetime.now(UTC) + timedelta(minutes=5))
    (dossier(shared, a.device_id) / f"{a.device_id}_{later}.lu").mkdir()
    bilan = synchronise(c, shared)
    assert NOM in noms(c), bilan.alertes
    synchronise(a, shared)  # its own folder holding them must not break its own sync either


def test_a_symlink_named_as_a_newer_snapshot_pointing_at_a_valid_one_is_not_a_second_snapshot(
    equipe3: tuple[Store, Store, Store, Path], delai: None
) -> None:
    """A sync tool (or the admin) leaves a link, named as a newer snapshot of A, to A's real snapshot: the
    joining laptop must not crash and must still get A's records."""
    a, _b, c, shared = equipe3
    ajoute(a, NOM)
    synchronise(a, shared)
    name = instantane.ecrit(a, root_of(shared), equipe.charge(a), KINDS, modeles())  # type: ignore[arg-type]
    real = next(dossier(shared, a.device_id).glob("*.snap"))
    later = stamp(datetime.now(UTC) + timedelta(minutes=5))
    (dossier(shared, a.device_id) / f"{a.device_id}_{later}.snap").symlink_to(real)
    bilan = synchronise(c, shared)
    assert NOM in noms(c), (name, bilan.alertes)


def test_an_old_valid_read_receipt_replayed_does_not_roll_back_what_a_colleague_has_read(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """B publishes a receipt on day 1, then another on day 3 (the first is removed). The admin deletes the
    new one and puts back a copy of the old one: A must keep what it knew of B's reading (the newer)."""
    a, b, _c, shared = equipe3
    start = datetime.now(UTC)
    ajoute(a, NOM)
    monkeypatch.setattr(instantane, "_now", lambda: start)
    synchronise(a, shared)
    synchronise(b, shared)
    folder = dossier(shared, b.device_id)
    old = next(folder.glob("*.lu"))
    saved = old.read_bytes()
    ajoute(a, "Jean-Éude L'Hôpital")
    monkeypatch.setattr(instantane, "_now", lambda: start + timedelta(days=2))
    synchronise(a, shared)
    synchronise(b, shared)
    newer = sorted(folder.glob("*.lu"))[-1]
    assert newer.name != old.name
    synchronise(a, shared)
    with a.read() as session:
        known = dict(session.get(FluxAppareil, b.device_id).lu)
        known_name = session.get(FluxAppareil, b.device_id).lu_nom
    newer.unlink()
    old.write_bytes(saved)
    synchronise(a, shared)
    with a.read() as session:
        row = session.get(FluxAppareil, b.device_id)
        assert row.lu_nom == known_name
        assert dict(row.lu) == known


def test_a_members_snapshot_stamped_two_days_ahead_brings_nothing_to_a_joining_laptop(
    equipe3: tuple[Store, Store, Store, Path], delai: None
) -> None:
    """An infected member's snapshot whose record clocks are two days in the future (so they would win
    every later merge): a joining laptop must not create it."""
    a, _b, c, shared = equipe3
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)
    ajoute(a, NOM)
    synchronise(a, shared)
    line = _fiche(INFECTE, "Forgée de l'avenir")
    ahead = int((datetime.now(UTC) + timedelta(days=2)).timestamp() * 1000)
    clock = f"{ahead:015d}-000000-{INFECTE}"
    line["created_at"] = line["updated_at"] = clock
    depose_instantane(shared, team, INFECTE, stamp(datetime.now(UTC)), [line], {})
    bilan = synchronise(c, shared)
    assert NOM in noms(c)
    assert "Forgée de l'avenir" not in noms(c), bilan.alertes


def test_a_members_own_snapshot_filling_a_gap_it_made_cannot_rewrite_a_colleagues_record_in_its_name(
    equipe3: tuple[Store, Store, Store, Path], delai: None
) -> None:
    """An infected member X starts its stream at seq 5 (its "pruned" 1–4 are missing), and drops its OWN
    snapshot covering X up to 4 and naming B as read: it renames B's record « Marie-Thérèse d'Arsonval »
    under B's device clock, an hour ahead. C, which has already read B, fills X's gap from that snapshot:
    it must not change B's record on B's word that B never gave."""
    from sqlalchemy import select

    from coordinateur.partage.models import SegmentLu

    from .outils import depose, operation, segment
    from .test_instantane import _intervenants

    a, b, c, shared = equipe3
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)  # admits the made-up member
    rid = ajoute(b, NOM)
    synchronise(b, shared)
    synchronise(c, shared)
    assert NOM in noms(c)
    with c.read() as session:
        b_mark = session.scalars(select(SegmentLu).where(SegmentLu.appareil == b.device_id)
                                 .order_by(SegmentLu.seq.desc())).first()  # fmt: skip
        b_cover = [b_mark.seq, b_mark.sha256]
    chain = "ab" * 32
    depose(shared, INFECTE, f"{INFECTE}_00000005.seg",
           segment(INFECTE, 5, [operation(INFECTE, nom="Léa-Rose N'Diaye")], precedent=chain))  # fmt: skip
    ahead = int((datetime.now(UTC) + timedelta(hours=1)).timestamp() * 1000)
    clock = f"{ahead:015d}-000000-{b.device_id}"
    forged = _fiche(b.device_id, "Falsifiée au nom de B")
    forged.update(id=rid, created_at=clock, updated_at=clock, updated_by=b.device_id,
                  field_clocks={"nom": clock})  # fmt: skip
    depose_instantane(shared, team, INFECTE, stamp(datetime.now(UTC)), [forged],
                      {INFECTE: [4, chain], b.device_id: b_cover})  # fmt: skip
    bilan = synchronise(c, shared)
    held = {r.id: r.nom for r in _intervenants(c)}
    assert held[rid] == NOM, bilan.alertes


def test_a_members_own_snapshot_filling_a_gap_it_made_cannot_delete_a_colleagues_record_in_its_name(
    equipe3: tuple[Store, Store, Store, Path], delai: None
) -> None:
    """As above, with a tombstone: X's own gap-filling snapshot deletes B's record under B's clock."""
    from sqlalchemy import select

    from coordinateur.partage.models import SegmentLu

    from .outils import depose, operation, segment
    from .test_instantane import _intervenants

    a, b, c, shared = equipe3
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)
    rid = ajoute(b, NOM)
    synchronise(b, shared)
    synchronise(c, shared)
    with c.read() as session:
        b_mark = session.scalars(select(SegmentLu).where(SegmentLu.appareil == b.device_id)
                                 .order_by(SegmentLu.seq.desc())).first()  # fmt: skip
        b_cover = [b_mark.seq, b_mark.sha256]
    chain = "cd" * 32
    depose(shared, INFECTE, f"{INFECTE}_00000003.seg",
           segment(INFECTE, 3, [operation(INFECTE, nom="Jean-Éude L'Hôpital")], precedent=chain))  # fmt: skip
    ahead = int((datetime.now(UTC) + timedelta(hours=1)).timestamp() * 1000)
    clock = f"{ahead:015d}-000000-{b.device_id}"
    forged = _fiche(b.device_id, NOM, deleted=True)
    forged.update(id=rid, created_at=clock, updated_at=clock, updated_by=b.device_id,
                  field_clocks={"deleted": clock})  # fmt: skip
    depose_instantane(shared, team, INFECTE, stamp(datetime.now(UTC)), [forged],
                      {INFECTE: [2, chain], b.device_id: b_cover})  # fmt: skip
    bilan = synchronise(c, shared)
    held = {r.id: r.deleted for r in _intervenants(c)}
    assert held[rid] is False, bilan.alertes


def test_an_older_own_snapshot_left_alone_does_not_resurrect_a_deleted_record_on_a_joining_laptop(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch, delai: None
) -> None:
    """A writes a snapshot holding « Marie-Thérèse d'Arsonval », deletes her, writes a newer snapshot. The
    storage admin removes the newer one: C, joining, takes the old one, and must still end with her deleted
    (her deletion is in A's segments, all still in the folder)."""
    from coordinateur.annuaire.service import supprime

    a, _b, c, shared = equipe3
    start = datetime.now(UTC)
    rid = ajoute(a, NOM)
    ajoute(a, "Léa-Rose N'Diaye")
    synchronise(a, shared)
    monkeypatch.setattr(instantane, "_now", lambda: start)
    instantane.ecrit(a, root_of(shared), equipe.charge(a), KINDS, modeles())  # type: ignore[arg-type]
    supprime(a, rid)
    synchronise(a, shared)
    monkeypatch.setattr(instantane, "_now", lambda: start + timedelta(minutes=2))
    instantane.ecrit(a, root_of(shared), equipe.charge(a), KINDS, modeles())  # type: ignore[arg-type]
    monkeypatch.undo()
    snaps = sorted(dossier(shared, a.device_id).glob("*.snap"))
    assert len(snaps) == 2
    snaps[-1].unlink()
    bilan = synchronise(c, shared)
    assert "Léa-Rose N'Diaye" in noms(c), bilan.alertes
    assert NOM not in noms(c), bilan.alertes
    from coordinateur.partage.models import InstantaneVu

    with c.read() as session:  # the old snapshot was indeed taken as the head start
        assert session.get(InstantaneVu, f"appareils/{a.device_id}/{snaps[0].name}").applique


def test_a_head_start_snapshot_cannot_plant_a_conflict_in_a_colleagues_name(
    equipe3: tuple[Store, Store, Store, Path], delai: None
) -> None:
    """X's snapshot (X says it read B) holds no record but a conflict on B's record whose both clocks are
    B's, offering « Valeur inventée » as the discarded value a user may restore. A joining laptop taking it
    as a head start must not record a conflict B never had (a head start takes only its author's words)."""
    from sqlalchemy import select

    from coordinateur.partage.models import Conflit

    from .test_attaque_compaction import dernier_ecrit

    a, b, c, shared = equipe3
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)
    rid = ajoute(b, NOM)
    synchronise(b, shared)
    now = int(datetime.now(UTC).timestamp() * 1000)
    conflit = {"type": "conflit", "kind": "intervenant", "record_id": rid, "champ": "nom", "gardee": NOM,
               "ecartee": "Valeur inventée", "horloge_gardee": f"{now:015d}-000001-{b.device_id}",
               "horloge_ecartee": f"{now:015d}-000000-{b.device_id}"}  # fmt: skip
    depose_instantane(shared, team, INFECTE, stamp(datetime.now(UTC)), [conflit],
                      {b.device_id: dernier_ecrit(b)})  # fmt: skip
    bilan = synchronise(c, shared)
    assert NOM in noms(c)
    with c.read() as session:
        planted = [x.valeur_ecartee for x in session.scalars(select(Conflit))]
    assert "Valeur inventée" not in planted, bilan.alertes


def test_pruning_never_removes_segments_newer_than_what_the_own_snapshot_covers(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """A's own snapshot is valid but old: it covers A's segment 2, and A wrote 3 to 6 after it. Past the
    grace period (no colleague active), pruning may remove 1–2 only."""
    from .test_attaque_compaction import dernier_ecrit
    from .test_instantane import own_segments

    a, _b, _c, shared = equipe3
    for n in range(2):
        ajoute(a, f"Marie-Thérèse d'Arsonval {n}")
        synchronise(a, shared)
    instantane.ecrit(a, root_of(shared), equipe.charge(a), KINDS, modeles())  # type: ignore[arg-type]
    covered = dernier_ecrit(a)[0]
    for n in range(4):
        ajoute(a, f"Jean-Éude L'Hôpital {n}")
        synchronise(a, shared)
    later = datetime.now(UTC) + timedelta(days=45)
    removed = elagage.elague(a, root_of(shared), equipe.charge(a), KINDS, modeles(), maintenant=later)  # type: ignore[arg-type]
    assert removed  # pruning did run
    left = sorted(int(p.name[37:45]) for p in own_segments(shared, a))
    assert left and min(left) <= covered + 1, (covered, left)
    assert list(range(min(left), max(left) + 1)) == left


def test_a_laptop_away_longer_than_the_grace_period_keeps_and_sends_its_unsent_edit(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """C renames « Marie-Thérèse d'Arsonval » while away; A meanwhile writes its snapshot and prunes its
    segments past the grace period. C comes back, fills the gap from A's snapshot: its edit must survive and
    reach A."""
    from .test_instantane import own_segments, renomme

    a, _b, c, shared = equipe3
    rid = ajoute(a, NOM)
    synchronise(a, shared)
    synchronise(c, shared)
    renomme(c, rid, "Marie-Thérèse d'Arsonval-Lefèvre")  # unsent
    for n in range(3):
        ajoute(a, f"Léa-Rose N'Diaye {n}")
        synchronise(a, shared)
    instantane.ecrit(a, root_of(shared), equipe.charge(a), KINDS, modeles())  # type: ignore[arg-type]
    before = len(own_segments(shared, a))
    later = datetime.now(UTC) + timedelta(days=45)
    removed = elagage.elague(a, root_of(shared), equipe.charge(a), KINDS, modeles(), maintenant=later)  # type: ignore[arg-type]
    assert removed and len(own_segments(shared, a)) < before
    bilan = synchronise(c, shared)
    assert "Marie-Thérèse d'Arsonval-Lefèvre" in noms(c), bilan.alertes
    assert "Léa-Rose N'Diaye 2" in noms(c), bilan.alertes
    synchronise(a, shared)
    assert "Marie-Thérèse d'Arsonval-Lefèvre" in noms(a)
    assert NOM not in noms(a)


def test_a_huge_junk_file_named_as_a_colleagues_newer_receipt_is_refused_in_french_and_changes_nothing(
    equipe3: tuple[Store, Store, Store, Path], delai: None
) -> None:
    a, b, _c, shared = equipe3
    ajoute(a, NOM)
    synchronise(a, shared)
    synchronise(b, shared)
    synchronise(a, shared)
    with a.read() as session:
        known = dict(session.get(FluxAppareil, b.device_id).lu)
    later = stamp(datetime.now(UTC) + timedelta(minutes=3))
    junk = dossier(shared, b.device_id) / f"{b.device_id}_{later}.lu"
    junk.write_bytes(b"\x00" * (2 * elagage.LU_MAX))
    bilan = synchronise(a, shared)
    assert any(junk.name in x and "accusé de lecture" in x for x in bilan.alertes), bilan.alertes
    with a.read() as session:
        assert dict(session.get(FluxAppareil, b.device_id).lu) == known


def test_sync_tool_leftovers_beside_a_snapshot_are_ignored_by_a_joining_laptop_and_by_pruning(
    equipe3: tuple[Store, Store, Store, Path], delai: None
) -> None:
    """Syncthing leaves a conflict copy and a half-written temporary file of A's snapshot (junk inside):
    a joining laptop still gets A's records, and A's own snapshot is not taken as replaced."""
    from coordinateur.partage.models import InstantaneVu

    a, _b, c, shared = equipe3
    ajoute(a, NOM)
    synchronise(a, shared)
    name = instantane.ecrit(a, root_of(shared), equipe.charge(a), KINDS, modeles())  # type: ignore[arg-type]
    real = next(dossier(shared, a.device_id).glob("*.snap"))
    base = real.name[: -len(".snap")]
    (real.parent / f"{base}.sync-conflict-20261128-024400-ABCDEFG.snap").write_bytes(b"junk " * 100)
    (real.parent / f".syncthing.{real.name}.tmp").write_bytes(real.read_bytes()[:50])
    bilan = synchronise(c, shared)
    assert NOM in noms(c), bilan.alertes
    synchronise(a, shared)
    with a.read() as session:
        row = session.get(InstantaneVu, f"appareils/{a.device_id}/{real.name}")
        assert row is not None and row.valide, (name, row and row.motif)
