"""Attacks on the last changes to the shared folder (helper-20): the 20 % deletion guard of a laptop joining
(`Fusion._garde`, commit c12f9ce), a device succeeded once (`successions._successeurs`, d2c5527), and what a
snapshot covers of a retired laptop (`_comble_retire` with `_couvre_trop`, `_borne`, `_lus_au_dela`: 068f035,
8f1181e). Each test asserts the SAFE behaviour: it fails when the attack works.

The merge alone is attacked through `Fusion`, as `rattrapage.rattrape` drives a join (one write transaction,
`garde_locales`, each snapshot's author, the device ids' order); the join as a whole through syncs."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from coordinateur.annuaire.service import supprime
from coordinateur.partage import equipe, instantane, jugement, rattrapage, retrait
from coordinateur.partage.bilan import Bilan, kinds_partages
from coordinateur.partage.fusion import Fusion
from coordinateur.partage.models import InstantaneVu, SegmentLu
from coordinateur.partage.regles import SuppressionsMassives
from coordinateur.partage.sync import modeles, synchronise
from coordinateur.partage.tableau import conflits
from coordinateur.store import Store

from .test_attaque_compaction_3 import horloge, ligne
from .test_attaque_compaction_4 import E, maintenant, vivants
from .test_attaque_fusion import MODELES, A, B, elague, lignes_index
from .test_attaque_petits import _suite, _vue
from .test_attaque_retire import RETRAIT, _reforge
from .test_instantane import _intervenants, ajoute, retire_c_apres_elagage, root_of, valeurs_des_fiches

X = "0c0c0c0c-0000-4000-8000-00000000000c"  # an honest colleague, whose records the others edited


def rejoint(store: Store, *parts: tuple[str, list[dict[str, Any]], dict[str, int] | None]) -> Bilan:
    """A join as `rattrape` drives it: each (author, records, portes) merged in this order in one `Fusion` of
    one write transaction, keeping what this laptop holds; the deletions not accepted."""
    bilan = Bilan()
    with store.write() as session:
        fusion = Fusion(store, session, MODELES, bilan, par_lots=False)
        for auteur, lines, portes in parts:
            fusion.ajoute(lines, [], False, garde_locales=True, auteur=auteur, portes=portes,
                          nom_auteur=f"Portable {auteur[:4]}")  # fmt: skip
        fusion.termine()
    return bilan


def _noms(n: int) -> list[str]:
    return [f"Jean-Noël L'Hermet n°{k}, lieu-dit La Borie Basse 12390 Rignac" for k in range(n)]


def _apportees(ids: list[str], auteur: str = X) -> list[dict[str, Any]]:
    """The honest colleague's snapshot: records `auteur` created and named."""
    return [
        ligne(i, horloge(auteur, 1), {"nom": nom}, {}) for i, nom in zip(ids, _noms(len(ids)), strict=True)
    ]


def _supprimees(ids: list[str], clock: str, creator: str = X) -> list[dict[str, Any]]:
    return [ligne(i, horloge(creator, 1), {"nom": nom, "deleted": True}, {"deleted": clock})
            for i, nom in zip(ids, _noms(len(ids)), strict=True)]  # fmt: skip


def _rien_d_ecrit(store: Store, own: int) -> None:
    """Nothing of a stopped join stays: the laptop's own records only, indexed once each."""
    assert len(_intervenants(store)) == own
    assert sorted(lignes_index(store)) == sorted(r.id for r in _intervenants(store))


# -- 1. the join's deletion guard ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ordre",
    [
        "les fiches d'abord",
        "les suppressions d'abord",
    ],
)
def test_join_a_mass_deletion_is_stopped_whether_its_snapshot_is_merged_before_or_after_the_records(
    c: Store, ordre: str
) -> None:
    """X's honest snapshot brings ten records X created. The infected laptop's snapshot deletes eight of them
    in its own name (a snapshot only: no segment of it ever did). A join merges the snapshots in the order of
    their authors' ids, which the attacker can pick (a successor declared under an id that sorts first): the
    guard must stop the join either way. Merged first, the tombstones find nothing held and count for
    nothing; the records the next snapshot brings then arrive deleted."""
    ids = [str(uuid.uuid4()) for _ in range(10)]
    bring = (X, _apportees(ids), None)
    wipe = (A, _supprimees(ids[:8], horloge(A, 20)), None)
    parts = [bring, wipe] if ordre == "les fiches d'abord" else [wipe, bring]
    with pytest.raises(SuppressionsMassives):
        rejoint(c, *parts)
    _rien_d_ecrit(c, 0)


def test_join_deletions_split_between_a_members_own_gap_and_a_retired_members_gap_count_together(
    c: Store,
) -> None:
    """The infected laptop B writes the newest snapshot naming E (retired) in `parle_pour`: a joining laptop
    takes it for B's own gap, then again for E's. B deletes four of X's twenty records in its own name, and
    three more "in E's" (stamped before E's retirement): each pass stays under 20 %, the join as a whole
    deletes 35 % of what it holds. One join is one import, as one sync of segments is: counted together."""
    ids = [str(uuid.uuid4()) for _ in range(20)]
    lines = _supprimees(ids[:4], horloge(B, 20)) + _supprimees(ids[4:7], horloge(E, 29))
    with pytest.raises(SuppressionsMassives):
        rejoint(c, (X, _apportees(ids), None), (B, lines, None), (B, lines, {E: RETRAIT}))
    _rien_d_ecrit(c, 0)


def test_join_the_joining_laptops_own_records_do_not_dilute_the_guard(c: Store) -> None:
    """The joining laptop holds twenty records of its own (a coordinator who used the directory alone
    before joining the team); no snapshot can delete them (a join keeps them as they are). X's snapshot
    brings ten records; B's deletes five of them: half of what the join could delete, which the guard must
    stop however many records of its own the laptop holds."""
    for nom in _noms(20):
        ajoute(c, nom.replace("Jean-Noël L'Hermet", "Marie-Thérèse d'Arsonval"))
    ids = [str(uuid.uuid4()) for _ in range(10)]
    with pytest.raises(SuppressionsMassives):
        rejoint(c, (X, _apportees(ids), None), (B, _supprimees(ids[:5], horloge(B, 20)), None))
    _rien_d_ecrit(c, 20)
    assert len(vivants(c)) == 20


# -- 1. a join stopped by the guard, then accepted ---------------------------------------------------------


@pytest.mark.parametrize(
    "cas",
    [
        "suppressions honnêtes",
        "instantané forgé ensuite",
    ],
)
def test_a_join_stopped_by_the_guard_leaves_nothing_half_taken_and_accepting_joins_as_a_join(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch, cas: str
) -> None:
    """`lo` created ten records; `hi` (its id sorts after: its snapshot is merged second) deleted eight of
    them, duplicates, long ago (`lo` accepted it then); both pruned. C, with three records of its own, joins:
    the guard stops the join (acceptable: C cannot tell an old cleanup from a mass deletion), and nothing of
    it stays (records, index rows, segments read, snapshots taken). C's first sync did publish its own
    records, though. Accepting the deletions must then complete the JOIN, as a join: C keeps its own records
    as they are, even when `hi`'s infected laptop, having read them meanwhile, writes a snapshot deleting
    them (a joining laptop's own records are not a snapshot's to delete)."""
    a, b, c, shared = equipe3
    lo, hi = sorted((a, b), key=lambda s: s.device_id)
    ids = [ajoute(lo, nom) for nom in _noms(10)]
    for store in (lo, hi):
        synchronise(store, shared)
    for rid in ids[:8]:
        supprime(hi, rid)
    synchronise(hi, shared)
    synchronise(lo, shared, accepter_suppressions=True)
    for n in range(3):
        ajoute(lo, f"Élise Fabre-Lacombe n°{n}")
        ajoute(hi, f"Noël Cayla-Vayssettes n°{n}")
        for store in (lo, hi):
            synchronise(store, shared)
    elague((lo, hi), shared, monkeypatch)
    own = {
        ajoute(c, f"Marie-Thérèse d'Arsonval n°{n}", notes="La Borie Basse, 12390 Rignac") for n in range(3)
    }
    with pytest.raises(SuppressionsMassives):
        synchronise(c, shared)
    _rien_d_ecrit(c, 3)
    with c.read() as session:
        assert not session.scalar(select(func.count()).select_from(SegmentLu))
        assert not session.scalar(select(func.count()).select_from(InstantaneVu).where(InstantaneVu.applique))
    if cas == "instantané forgé ensuite":
        synchronise(hi, shared)  # hi reads C's records

        def efface(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
            held = {r.id: r for r in _intervenants(hi)}
            forged = [ligne(rid, held[rid].created_at, {"nom": held[rid].nom, "deleted": True},
                            {"deleted": maintenant(hi.device_id)}) for rid in own]  # fmt: skip
            return [x for x in lines if x.get("id") not in own] + forged

        _reforge(hi, shared, efface)
    bilan = synchronise(c, shared, accepter_suppressions=True)
    assert own <= {r.id for r in _intervenants(c) if not r.deleted}, bilan.alertes
    assert conflits(c) == [], "a join records no conflict nobody had"
    for store in (lo, hi):
        synchronise(store, shared)
    assert valeurs_des_fiches(c) == valeurs_des_fiches(lo), bilan.alertes


def test_a_laptop_back_after_the_grace_period_counts_deletions_split_between_colleagues_snapshots_together(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """C has read the ten records A created, then goes away past the grace period. A deletes two of them, B
    one more; both prune. Back, C fills each colleague's gap from that colleague's own snapshot: two of ten,
    then one of the eight left, each under 20 %, 30 % of the directory in all. One sync is one import, as a
    join is: the guard stops it, nothing of it stays, and accepting the deletions takes it whole."""
    a, b, c, shared = equipe3
    ids = [ajoute(a, nom) for nom in _noms(10)]
    for store in (a, b, c, a, b, c):
        synchronise(store, shared)
    with c.read() as session:
        assert session.scalar(
            select(func.count()).select_from(SegmentLu)
        )  # the premise: C is back, not joining
    for rid in ids[:2]:
        supprime(a, rid)
    supprime(b, ids[2])
    for n in range(3):
        ajoute(a, f"Élise Fabre-Lacombe n°{n}")
        ajoute(b, f"Noël Cayla-Vayssettes n°{n}")
        for store in (a, b):
            synchronise(store, shared, accepter_suppressions=True)
    elague((a, b), shared, monkeypatch)
    before = _ids_vivants(c)
    read = rattrapage._lus(c)
    with pytest.raises(SuppressionsMassives):
        synchronise(c, shared)
    assert _ids_vivants(c) == before and rattrapage._lus(c) == read  # nothing half-taken
    bilan = synchronise(c, shared, accepter_suppressions=True)
    assert not _ids_vivants(c) & set(ids[:3]), bilan.alertes
    assert set(ids[3:]) <= _ids_vivants(c)
    for store in (a, b, c):
        synchronise(store, shared)
    assert valeurs_des_fiches(c) == valeurs_des_fiches(a) == valeurs_des_fiches(b)


def _ids_vivants(store: Store) -> set[str]:
    return {r.id for r in _intervenants(store) if not r.deleted}


# -- 2. a device's successors (one admitted; two or more dispute it) -------------------------------------


def test_a_backdated_second_successor_does_not_split_the_team_between_laptops(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """B's infected laptop declares X1 succeeding B; A reads it alone and admits it. B then declares X2, also
    succeeding B, dated a day earlier. C reads both at once. A and C must end with the same members and the
    same successor of B: two laptops disagreeing on who continues B read different streams for good. Neither
    laptop can know which claim came first (`depuis` is signed by the claimant), so the succession is
    decided from the set of claims (`successions._successeurs`): disputed on both, neither X1 nor X2 admitted."""
    a, b, c, shared = equipe3
    root = root_of(shared)
    team_b = equipe.charge(b)
    assert team_b is not None
    now = datetime.now(UTC)
    x1 = _suite(root, team_b, b.device_id, now)
    assert _vue(a, root)[0].membres[b.device_id].get("remplace_par") == x1  # the premise: A admitted X1
    x2 = _suite(root, team_b, b.device_id, now - timedelta(days=1))
    seen = [_vue(store, root)[0] for store in (a, c)]
    assert [t.membres[b.device_id].get("remplace_par") for t in seen] == [None, None]
    assert sorted(seen[0].actifs()) == sorted(seen[1].actifs())
    assert not {x1, x2} & set(seen[0].actifs())


@pytest.mark.parametrize("cas", ["lien symbolique", "fifo", "autre clé", "retiré"])
def test_a_successor_claim_planted_as_a_special_file_or_for_another_key_or_a_retired_device_is_not_admitted(
    equipe3: tuple[Store, Store, Store, Path], tmp_path: Path, cas: str
) -> None:
    """B's infected laptop plants a claim succeeding a member: as a symbolic link to a valid claim kept
    outside the folder, as a FIFO under a claim's name (no laptop may hang on it), for A with B's key, or for
    C once retired. None is admitted, and no laptop's sync hangs."""
    a, b, c, shared = equipe3
    root = root_of(shared)
    team_b = equipe.charge(b)
    assert team_b is not None
    former = {"autre clé": a.device_id, "retiré": c.device_id}.get(cas, b.device_id)
    if cas == "retiré":
        retrait.revoque(a, root, c.device_id)
        synchronise(b, shared)
        team_b = equipe.charge(b)
        assert team_b is not None
    new = _suite(root, team_b, former, datetime.now(UTC))
    planted = root / "equipe" / "membres" / f"{new}.cmb"
    assert planted.exists()  # the premise: the claim is where a member's declaration goes
    if cas == "lien symbolique":
        planted.rename(tmp_path / planted.name)
        planted.symlink_to(tmp_path / planted.name)
    elif cas == "fifo":
        planted.unlink()
        os.mkfifo(planted)
    for store in (a, c) if cas != "retiré" else (a,):
        team, alertes = _vue(store, root)
        assert new not in team.membres, alertes
        assert not team.membres[former].get("remplace_par")
        if cas in ("lien symbolique", "fifo"):
            assert [x for x in alertes if planted.name in x], alertes


# -- 3. what a snapshot covers of a retired laptop ---------------------------------------------------------


def test_a_member_that_read_another_copy_of_a_retired_laptops_last_segment_neither_claims_it_nor_carries_it(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """C (stolen) wrote its segment N twice, under one seq with two contents: A read one and retired C with
    it as the last accepted (`dernier_seq` N, `dernier_sha` its SHA-256); B had read the other. B's words
    of C may come from that refused copy: like a member that read past N, B must not claim it in `couvre`
    (bounded to the retirement's own segment) nor carry C's words; and a snapshot claiming N with another
    SHA-256 is refused by its colleagues, as one claiming N + 1 is."""
    _a, b, c, _d, shared, _de_a, _de_c = retire_c_apres_elagage(equipe4, monkeypatch)
    team_b = equipe.charge(b)
    assert team_b is not None
    end = team_b.dernier(c.device_id)
    assert end is not None and end[0] > 0
    other = "f" * 64
    with b.write() as session:
        row = session.get(SegmentLu, (c.device_id, end[0]))
        assert row is not None and row.sha256 == end[1]  # the premise: B holds N as the retirement names it
        row.sha256 = other  # … but B had read the other copy
    name = instantane.ecrit(b, root_of(shared), team_b, kinds_partages(b), modeles())
    path = root_of(shared) / name
    header, _records, _conflicts = jugement.examine(path.read_bytes(), path, team_b, modeles())
    assert header["couvre"].get(c.device_id, end) == list(end)
    assert c.device_id not in header["parle_pour"]
    with pytest.raises(instantane.InstantaneRefuse):
        jugement._verifie_couverture({c.device_id: [end[0], other]}, team_b)
