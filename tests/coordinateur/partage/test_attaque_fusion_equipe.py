"""Attacks on a laptop joining after pruning (see test_attaque_fusion.py), the join as a whole through
syncs of a team of three laptops on one shared folder: every record found by name once, a laptop that held
records before joining or was away since its first sync, a conflict lost by the member whose id sorts
first, one bad snapshot among several, a failure at the end of a join; and a laptop that only reads
(`elagage.a_ecrire`), which must neither hold back pruning nor fail to carry a retired member's words. Each
test asserts the SAFE behaviour: it fails when the attack works."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from coordinateur.annuaire import index
from coordinateur.annuaire.service import enregistre, lit, supprime
from coordinateur.partage import instantane, rattrapage, retrait
from coordinateur.partage.fusion import Fusion
from coordinateur.partage.models import Conflit, InstantaneVu, SegmentLu
from coordinateur.partage.sync import synchronise
from coordinateur.partage.tableau import conflits
from coordinateur.store import Store

from .test_attaque_fusion import elague, lignes_index, trouves
from .test_instantane import (
    _intervenants,
    ajoute,
    etat_des_fiches,
    later,
    own_segments,
    renomme,
    root_of,
    snapshots,
    valeurs_des_fiches,
)

# -- the team: a join after pruning -----------------------------------------------------------------------


def _equipe_elaguee(a: Store, b: Store, shared: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A and B write records with hard names, each edits the other's, one is deleted; both prune. The ids."""
    ids = {
        "arsonval": ajoute(a, "Marie-Thérèse d'Arsonval", notes="Lieu-dit La Borie Basse, 12390 Rignac"),
        "hermet": ajoute(b, "Jean-Noël L'Hermet", notes="« Mme Cayla-Vayssettes » a la clé"),
        "supprimee": ajoute(a, "Anne-Sophie Fabre-Lacombe"),
    }
    for store in (a, b, a):
        synchronise(store, shared)
    renomme(b, ids["arsonval"], "Marie-Thérèse d'Arsonval-Vayssettes")
    renomme(a, ids["hermet"], "Jean-Noël L'Hermet (Dr)")
    supprime(a, ids["supprimee"])
    for n in range(3):
        ajoute(a, f"Élise Fabre n°{n}")
        ajoute(b, f"Noël Lacombe n°{n}")
        for store in (a, b):
            synchronise(store, shared)
    written = len(own_segments(shared, a)) + len(own_segments(shared, b))
    elague((a, b), shared, monkeypatch)
    assert len(own_segments(shared, a)) + len(own_segments(shared, b)) < written  # the premise: pruned
    return ids


def test_after_a_join_every_record_is_found_by_name_without_accents_once_and_deleted_ones_are_absent(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c, shared = equipe3
    ids = _equipe_elaguee(a, b, shared, monkeypatch)
    bilan = synchronise(c, shared)
    assert valeurs_des_fiches(c) == valeurs_des_fiches(a), bilan.alertes
    rows = lignes_index(c)
    assert len(rows) == len(set(rows)), "a record indexed twice"
    live = {r.id for r in _intervenants(c) if not r.deleted}
    assert set(rows) == live and ids["supprimee"] not in rows
    assert sorted(rows) == sorted(lignes_index(a))
    for texte, rid in (("therese arsonval", "arsonval"), ("vayssettes", "arsonval"), ("jean noel", "hermet"),
                       ("hermet dr", "hermet"), ("MARIE-THERESE", "arsonval")):  # fmt: skip
        assert ids[rid] in trouves(c, texte), texte
    assert trouves(c, "fabre lacombe") == [] and trouves(c, "anne sophie") == []


def test_a_laptop_that_held_records_before_joining_keeps_its_words_and_gets_the_others(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """C typed records before its first sync (never synced); A and B pruned. Joining, C keeps its words,
    receives the team's, and everyone ends with the same directory."""
    a, b, c, shared = equipe3
    _equipe_elaguee(a, b, shared, monkeypatch)
    mine = ajoute(c, "Dr Éloïse Ñúñez-Cayla", notes="Cabinet, lieu-dit Le Bouyssou")
    bilan = synchronise(c, shared)
    assert lit(c, mine).nom == "Dr Éloïse Ñúñez-Cayla", bilan.alertes
    for store in (a, b, c, a, b):
        synchronise(store, shared)
    assert valeurs_des_fiches(c) == valeurs_des_fiches(a) == valeurs_des_fiches(b), bilan.alertes
    assert trouves(c, "nunez") == [mine]


def test_a_laptop_away_since_its_first_sync_takes_a_colleagues_newer_edit_of_its_own_record(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """C (the coordinator who set the team up) types her directory and syncs once, before her colleagues
    wrote anything: she has read no segment. She goes on leave. A corrects the phone number of one of her
    records and renames it, B deletes another (the person moved away); both prune after the grace period (C
    published no receipt: she does not hold them back). Back, C "joins": each colleague's gap is filled from
    its own snapshot, which holds those newer words. They must be taken: the pruned segments will never bring
    them again, and `garde_locales` keeps C's OLDER words over them for ever (the team diverges)."""
    a, b, c, shared = equipe3
    corrigee = ajoute(
        c, "Marie-Thérèse d'Arsonval", telephones=[{"type": "fixe", "numero": "05 65 00 00 00"}]
    )
    partie = ajoute(c, "Jean-Noël L'Hermet")
    synchronise(c, shared)  # C's segments written; A's and B's folders hold none yet
    with c.read() as session:
        assert session.scalar(select(func.count()).select_from(SegmentLu)) == 0  # the premise
    for store in (a, b):
        synchronise(store, shared)
    fiche = lit(a, corrigee)
    fiche.nom = "Marie-Thérèse d'Arsonval-Vayssettes"
    fiche.telephones = [{"type": "fixe", "numero": "05 65 12 34 56"}]
    enregistre(a, fiche)
    supprime(b, partie)
    for n in range(3):
        ajoute(a, f"Élise Fabre n°{n}")
        ajoute(b, f"Noël Lacombe n°{n}")
        for store in (a, b):
            synchronise(store, shared)
    written = len(own_segments(shared, a))
    elague((a, b), shared, monkeypatch)
    assert len(own_segments(shared, a)) < written  # A's first ones pruned
    bilan = synchronise(c, shared)
    numeros = [t["numero"] for t in lit(c, corrigee).telephones]
    assert numeros == [t["numero"] for t in lit(a, corrigee).telephones] != ["+33565000000"], bilan.alertes
    assert lit(c, corrigee).nom == "Marie-Thérèse d'Arsonval-Vayssettes"
    assert partie not in {r.id for r in _intervenants(c) if not r.deleted}
    for store in (a, b, c):
        synchronise(store, shared)
    assert valeurs_des_fiches(c) == valeurs_des_fiches(a) == valeurs_des_fiches(b)


def test_a_conflict_lost_by_the_member_whose_id_sorts_first_reaches_a_laptop_joining(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`hi` created Mme Cayla-Vayssettes; `lo` and `hi` renamed her at once, `hi`'s name won: the conflict
    (discarded value `lo`'s) is in `lo`'s snapshot, with the record, in which no word of `lo`'s stands any
    more. Both prune; C joins and merges `lo`'s snapshot first (device ids sorted). The conflict must be
    listed on C as it is on `lo` (and as it would be had `hi`'s id sorted first)."""
    a, b, c, shared = equipe3
    lo, hi = sorted((a, b), key=lambda s: s.device_id)
    rid = ajoute(hi, "Mme Cayla-Vayssettes")
    for store in (hi, lo):
        synchronise(store, shared)
    renomme(lo, rid, "Mme Cayla-Vaysettes (née d'Arsonval)")
    renomme(hi, rid, "Mme Cayla-Vayssettes, née d'Arsonval")
    for store in (lo, hi, lo, hi):
        synchronise(store, shared)
    expected = {(x.champ, x.gardee, x.ecartee) for x in conflits(lo)}
    assert expected and lit(lo, rid).nom == "Mme Cayla-Vayssettes, née d'Arsonval"  # the premise
    for n in range(3):
        ajoute(lo, f"Élise Fabre n°{n}")
        ajoute(hi, f"Noël Lacombe n°{n}")
        for store in (lo, hi):
            synchronise(store, shared)
    elague((lo, hi), shared, monkeypatch)
    bilan = synchronise(c, shared)
    assert lit(c, rid).nom == "Mme Cayla-Vayssettes, née d'Arsonval", bilan.alertes
    assert {(x.champ, x.gardee, x.ecartee) for x in conflits(c)} == expected, bilan.alertes


# -- 3. one bad snapshot among several ---------------------------------------------------------------------


@pytest.mark.parametrize("cas", ["lien symbolique", "fifo", "coupé", "signature", "fiche hors schéma"])
def test_one_snapshot_gone_bad_during_a_join_leaves_the_others_applied_and_names_the_file(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch, cas: str
) -> None:
    """B's snapshot is judged valid when C lists the folder, then replaced (a sync tool copying in place, the
    storage admin) before C merges it: a symlink, a FIFO, a copy cut short, a byte flipped, or a version B
    signed holding a record that fails the schema. A's snapshot is still merged; a French alert names B's
    file; nothing of B's is half-taken (no record of B's only, B's segments not marked read); once B's file is
    back, the next sync receives everything."""
    a, b, c, shared = equipe3
    _equipe_elaguee(a, b, shared, monkeypatch)
    target = max(p for p in snapshots(shared) if p.parent.name == b.device_id)
    original = target.read_bytes()
    real = rattrapage.rattrape

    def replaced(*args: Any, **kwargs: Any) -> Any:
        target.unlink()
        if cas == "lien symbolique":
            target.symlink_to(max(p for p in snapshots(shared) if p.parent.name == a.device_id))
        elif cas == "fifo":
            os.mkfifo(target)
        elif cas == "coupé":
            target.write_bytes(original[: len(original) // 2])
        elif cas == "signature":
            target.write_bytes(original[:-40] + bytes([original[-40] ^ 1]) + original[-39:])
        else:
            from .test_attaque_retire import _reforge

            def bad(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
                bad_line = dict(lines[0])
                bad_line["valeurs"] = {**bad_line["valeurs"], "nom": {"pas": "un nom"}}
                return [bad_line, *lines[1:]]

            dated = datetime.strptime(target.name[37:53], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            now = instantane._now
            instantane._now = lambda: dated - timedelta(minutes=1)  # signed under the very same name
            try:
                name = _reforge(b, shared, bad)
            finally:
                instantane._now = now
            assert name == target.name
        return real(*args, **kwargs)

    monkeypatch.setattr(rattrapage, "rattrape", replaced)
    bilan = synchronise(c, shared)
    monkeypatch.setattr(rattrapage, "rattrape", real)
    names = {r.nom for r in _intervenants(c)}
    assert {f"Élise Fabre n°{n}" for n in range(3)} <= names, bilan.alertes  # A's own records
    assert not {f"Noël Lacombe n°{n}" for n in range(3)} & names  # B's own ones: none half-taken
    assert [x for x in bilan.alertes if target.name in x], bilan.alertes
    with c.read() as session:
        assert not session.scalar(
            select(func.count()).select_from(SegmentLu).where(SegmentLu.appareil == b.device_id)
        )
        taken = session.get(InstantaneVu, f"appareils/{b.device_id}/{target.name}")
        assert taken is None or not taken.applique
    target.unlink()
    target.write_bytes(original)
    again = synchronise(c, shared)
    assert valeurs_des_fiches(c) == valeurs_des_fiches(a) == valeurs_des_fiches(b), again.alertes


# -- 4. failure in the middle of a join ---------------------------------------------------------------------


@pytest.mark.parametrize("ou", ["index", "segments lus", "horloge"])
def test_a_failure_at_the_end_of_a_join_leaves_nothing_half_written_and_the_next_sync_joins_whole(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch, ou: str
) -> None:
    """The disk fails while the index is rebuilt, while the members' segments are marked read, or while the
    clock is persisted: nothing of the join stays (records, index rows, segments read, snapshots applied),
    and the next sync joins whole."""
    a, b, c, shared = equipe3
    _equipe_elaguee(a, b, shared, monkeypatch)
    if ou == "index":
        real = index.reindex

        def failing(*args: Any, **kwargs: Any) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(index, "reindex", failing)
    elif ou == "segments lus":
        real = rattrapage._marque_lu
        calls: list[int] = []

        def failing(*args: Any, **kwargs: Any) -> None:
            calls.append(1)
            if len(calls) == 2:
                raise OSError(5, "Input/output error")
            real(*args, **kwargs)

        monkeypatch.setattr(rattrapage, "_marque_lu", failing)
    else:
        real = Fusion.termine

        def failing(self: Fusion) -> None:
            self._ecrit()
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Fusion, "termine", failing)
    with pytest.raises(OSError):
        synchronise(c, shared)
    assert _intervenants(c) == []
    assert lignes_index(c) == []
    with c.read() as session:
        assert session.scalar(select(func.count()).select_from(SegmentLu)) == 0
        assert not session.scalar(select(func.count()).select_from(InstantaneVu).where(InstantaneVu.applique))
        assert session.scalar(select(func.count()).select_from(Conflit)) == 0
    monkeypatch.undo()
    later(monkeypatch, 40)
    bilan = synchronise(c, shared)
    assert etat_des_fiches(c) == etat_des_fiches(a) == etat_des_fiches(b), bilan.alertes
    assert sorted(lignes_index(c)) == sorted(lignes_index(a))


# -- 6. a laptop that only reads (a_ecrire) ---------------------------------------------------------------


def _lecteur(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> tuple[Store, Store, Store, Path, list[str]]:
    """A writes the directory; B (the secretariat's laptop) only reads it; both sync for weeks, A prunes."""
    a, b, c, shared = equipe3
    ids = [ajoute(a, "Marie-Thérèse d'Arsonval", notes="Lieu-dit La Borie Basse"),
           ajoute(a, "Jean-Noël L'Hermet"), ajoute(a, "« Mme Cayla-Vayssettes »")]  # fmt: skip
    for n in range(3):
        ajoute(a, f"Élise Fabre n°{n}")
        for store in (a, b):
            synchronise(store, shared)
    written = len(own_segments(shared, a))
    elague((a, b), shared, monkeypatch)
    assert len(own_segments(shared, a)) < written  # B, which only reads, does not hold the pruning back
    assert own_segments(shared, b) == []  # the premise: B never wrote a segment
    return a, b, c, shared, ids


def test_a_laptop_that_only_reads_does_not_hold_back_pruning(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c, shared, _ids = _lecteur(equipe3, monkeypatch)
    bilan = synchronise(c, shared)
    assert valeurs_des_fiches(c) == valeurs_des_fiches(a) == valeurs_des_fiches(b), bilan.alertes


def test_a_laptop_that_only_reads_still_carries_a_retired_members_words_to_a_laptop_joining(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A's laptop, the only one that wrote, is stolen: B (which only read) revokes it. A's pruned words
    (its records) now exist only on B; A's own snapshot is refused from its retirement on. C, the
    replacement laptop, joins: it must receive them from B's snapshot, which carries the words of the
    members no longer active. With `a_ecrire` refusing any snapshot to a laptop that never wrote a segment,
    B writes none (not even after A's retirement), and C never receives A's directory."""
    a, b, c, shared, ids = _lecteur(equipe3, monkeypatch)
    retrait.revoque(b, root_of(shared), a.device_id)
    for _ in range(2):
        synchronise(b, shared)
    bilan = synchronise(c, shared)
    de_b = [p.name for p in snapshots(shared) if p.parent.name == b.device_id]
    assert ids[0] in {r.id for r in _intervenants(c)}, (de_b, bilan.alertes)
    assert lit(c, ids[0]).nom == "Marie-Thérèse d'Arsonval", bilan.alertes
    assert valeurs_des_fiches(c) == valeurs_des_fiches(b), bilan.alertes
    assert not [x for x in bilan.alertes if "ne peuvent pas être reçues" in x], bilan.alertes
