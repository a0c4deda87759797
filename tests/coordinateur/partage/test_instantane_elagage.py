"""Issue 17, the history's cost (see test_instantane.py): pruning. After the grace period a laptop prunes
its own segments and operation log, an away member rejoins, the verdicts on a colleague's snapshots follow
the folder; a laptop joining after pruning takes each member's words from that member's snapshot, all of
them or none, and records no conflict nobody had; departed and retired laptops leave the devices list, and
a retired laptop's pruned words still reach a laptop joining afterwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from coordinateur.annuaire.service import enregistre, lit
from coordinateur.partage import equipe, fusion, instantane, retrait
from coordinateur.partage.models import InstantaneVu, SegmentEcrit, SegmentLu
from coordinateur.partage.sync import synchronise
from coordinateur.partage.tableau import appareils, conflits
from coordinateur.store import Store
from coordinateur.store.models import Operation

from .conftest import lectures
from .test_instantane import (
    _intervenants,
    ajoute,
    etat_des_fiches,
    later,
    own_segments,
    renomme,
    retire_c_apres_elagage,
    root_of,
    snapshots,
    valeurs_des_fiches,
)

# -- pruning ----------------------------------------------------------------------------------------------


def test_after_the_grace_period_own_segments_and_operations_are_pruned_and_an_away_member_rejoins(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c, shared = equipe3
    first = ajoute(a, "Première")
    for store in (a, b, c):
        synchronise(store, shared)
    mine = ajoute(c, "Modifiée hors ligne")  # C goes away with an edit it has not sent
    renomme(c, first, "Renommée par C")
    for n in range(4):
        ajoute(a, f"A{n}")
        ajoute(b, f"B{n}")
        synchronise(a, shared)
        synchronise(b, shared)
    with a.read() as session:
        ops_before = session.scalar(select(func.count()).select_from(Operation))
    written = len(own_segments(shared, a))
    assert written >= 5
    later(monkeypatch, 40)  # forty days on: A and B still sync, C does not
    monkeypatch.setattr(instantane, "INSTANTANE_DELAI", timedelta(days=7))
    for store in (a, b, a, b, a):
        synchronise(store, shared)
    left = own_segments(shared, a)
    assert 1 <= len(left) < written  # pruned, its latest one kept
    with a.read() as session:
        assert session.scalar(select(func.count()).select_from(Operation)) < ops_before  # its log trimmed
        assert session.scalar(select(func.count()).select_from(SegmentEcrit)) == len(left)
    assert len(snapshots(shared)) <= 2
    # C comes back: it cannot read A's first segments any more, joins again from the snapshot, and its
    # unsent edits are neither lost here nor there
    bilan = synchronise(c, shared)
    assert not [x for x in bilan.alertes if "hors chaîne" in x], bilan.alertes
    assert lit(c, mine).nom == "Modifiée hors ligne"
    assert lit(c, first).nom == "Renommée par C"
    for store in (a, b):
        again = synchronise(store, shared)
        assert again.alertes == [] and again.segments_soignes == []  # nothing to heal after the pruning
    assert lit(a, mine).nom == lit(b, mine).nom == "Modifiée hors ligne"
    assert lit(a, first).nom == "Renommée par C"
    assert etat_des_fiches(a) == etat_des_fiches(b) == etat_des_fiches(c)


def test_the_verdicts_of_a_colleagues_snapshots_follow_the_folder_not_the_years(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A colleague's snapshots pruned from the folder are forgotten here at the next sync that reads its
    folder: what a sync looks up follows the folder, not the history."""
    a, b, _c, shared = equipe3
    monkeypatch.setattr(instantane, "INSTANTANE_SEGMENTS", 2)
    monkeypatch.setattr(instantane, "INSTANTANE_DELAI", timedelta(days=7))
    judged: set[str] = set()
    for week in range(1, 9):
        later(monkeypatch, 7 * week)
        for n in range(3):
            ajoute(a, f"Semaine {week}, fiche {n}")
        for store in (a, b, a, b):
            synchronise(store, shared)
        with b.read() as session:
            judged |= set(session.scalars(select(InstantaneVu.nom).where(InstantaneVu.auteur == a.device_id)))
    listed = {f"appareils/{a.device_id}/{p.name}" for p in snapshots(shared) if p.parent.name == a.device_id}
    with b.read() as session:
        held = set(session.scalars(select(InstantaneVu.nom).where(InstantaneVu.auteur == a.device_id)))
    assert listed and len(judged) > len(listed)  # A's snapshots came and went
    assert held == listed


def test_a_laptop_whose_words_were_all_outweighed_still_prunes_and_a_joining_laptop_loses_nothing(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A's note on B's record is later replaced by B's: A's snapshot no longer holds that record (B's words
    are B's to tell), yet A's segment carrying the old note is pruned all the same, and a laptop joining
    afterwards ends exactly where A and B are."""
    a, b, c, shared = equipe3
    de_b = ajoute(b, "Mme Fabre-d'Aubrac")
    for store in (b, a):
        synchronise(store, shared)
    for store, note in ((a, "Note de A, remplacée ensuite"), (b, "Note de B : voisine, Mme Cayla, a la clé")):
        synchronise(store, shared)  # B has read A's note: no conflict, B's note simply outweighs it
        fiche = lit(store, de_b)
        fiche.notes = note
        enregistre(store, fiche)
        synchronise(store, shared)
    for n in range(4):
        ajoute(a, f"A{n}")
        synchronise(a, shared)
        synchronise(b, shared)
    written = len(own_segments(shared, a))
    later(monkeypatch, 40)
    monkeypatch.setattr(instantane, "INSTANTANE_DELAI", timedelta(days=7))
    for store in (a, b, a, b, a):
        synchronise(store, shared)
    assert len(own_segments(shared, a)) == 1 < written  # all but its latest, the outweighed note's included
    bilan = synchronise(c, shared)
    assert lit(c, de_b).notes == "Note de B : voisine, Mme Cayla, a la clé", bilan.alertes
    assert etat_des_fiches(c) == etat_des_fiches(a) == etat_des_fiches(b), bilan.alertes


# -- joining after pruning -------------------------------------------------------------------------------


def test_a_laptop_joining_after_pruning_gets_each_members_edits_of_the_others_records(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A renames B's record and B renames A's, then both prune: a laptop joining afterwards fills each gap
    from that member's own snapshot, which it takes only for that member's own words; whichever gap it
    fills first, the other member's creation and edits still come, and it ends where A and B are."""
    a, b, c, shared = equipe3
    de_a = ajoute(a, "Créée par A")
    de_b = ajoute(b, "Créée par B")
    for store in (a, b, a):
        synchronise(store, shared)
    renomme(a, de_b, "Élise d'Aubrac-Fabre (renommée par A)")
    renomme(b, de_a, "Jean-Noël L'Hermet (renommé par B)")
    for n in range(4):
        ajoute(a, f"A{n}")
        ajoute(b, f"B{n}")
        synchronise(a, shared)
        synchronise(b, shared)
    written = len(own_segments(shared, a)) + len(own_segments(shared, b))
    later(monkeypatch, 40)
    monkeypatch.setattr(instantane, "INSTANTANE_DELAI", timedelta(days=7))
    for store in (a, b, a, b, a, b):
        synchronise(store, shared)
    assert len(own_segments(shared, a)) + len(own_segments(shared, b)) < written  # both pruned
    bilan = synchronise(c, shared)
    assert lit(c, de_b).nom == "Élise d'Aubrac-Fabre (renommée par A)", bilan.alertes
    assert lit(c, de_a).nom == "Jean-Noël L'Hermet (renommé par B)", bilan.alertes
    assert etat_des_fiches(c) == etat_des_fiches(a) == etat_des_fiches(b), bilan.alertes


def test_a_laptop_joining_from_several_snapshots_takes_them_all_or_none(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """C joins after A and B pruned, from both snapshots. The disk fails while it merges the second one:
    nothing of the first is left half-taken (no record, no member's segments marked read), and the next
    sync joins whole."""
    a, b, c, shared = equipe3
    for n in range(3):
        ajoute(a, f"Mme Cayla-Vayssettes n°{n}")
        ajoute(b, f"Jean-Noël L'Hermet n°{n}")
        for store in (a, b):
            synchronise(store, shared)
    later(monkeypatch, 40)
    monkeypatch.setattr(instantane, "INSTANTANE_DELAI", timedelta(days=7))
    for store in (a, b, a, b, a, b):
        synchronise(store, shared)
    second = sorted([a.device_id, b.device_id])[1]
    merged = fusion.fusionne

    def fails_on_the_second(*args: Any, **kwargs: Any) -> Any:
        if args[4] == second:
            raise OSError(28, "No space left on device")
        return merged(*args, **kwargs)

    monkeypatch.setattr(fusion, "fusionne", fails_on_the_second)
    with pytest.raises(OSError):
        synchronise(c, shared)
    assert _intervenants(c) == []
    with c.read() as session:
        assert session.scalar(select(func.count()).select_from(SegmentLu)) == 0
        assert not session.scalar(select(func.count()).select_from(InstantaneVu).where(InstantaneVu.applique))
    monkeypatch.setattr(fusion, "fusionne", merged)
    bilan = synchronise(c, shared)
    assert etat_des_fiches(c) == etat_des_fiches(a) == etat_des_fiches(b), bilan.alertes


def jour(monkeypatch: pytest.MonkeyPatch, days: int) -> None:
    """Both clocks of the folder's bookkeeping (segments written and read, snapshots, receipts) `days` on."""
    from coordinateur.partage import bilan

    moment = datetime.now(UTC) + timedelta(days=days)
    monkeypatch.setattr(instantane, "_now", lambda: moment)
    monkeypatch.setattr(bilan, "_now", lambda: moment.isoformat(timespec="seconds"))


def test_a_laptop_joining_records_no_conflict_nobody_had(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """B changes a note after reading A's: no conflict anywhere. C joins after pruning, from A's and B's
    snapshots; A's segment with the older note is still in the folder. Replayed over B's newer note, it
    was reported as a conflict on C alone: a laptop joining takes each member's segments up to the one its
    own snapshot covers from that snapshot, and reads only the later ones."""
    a, b, c, shared = equipe3
    monkeypatch.setattr(instantane, "INSTANTANE_DELAI", timedelta(days=7))
    jour(monkeypatch, 0)
    rid = ajoute(a, "Mme Cayla-Vayssettes")
    for n in range(3):
        ajoute(a, f"A{n}")
        ajoute(b, f"B{n}")
        for store in (a, b):
            synchronise(store, shared)
    jour(monkeypatch, 40)
    for store in (a, b, a, b):
        synchronise(store, shared)
    for store, note in (
        (a, "Voisine : Mme d'Arsonval a la clé"),
        (b, "Clé chez le fils, Jean-Noël L'Hermet"),
    ):
        synchronise(store, shared)
        fiche = lit(store, rid)
        fiche.notes = note
        enregistre(store, fiche)
        synchronise(store, shared)
    assert not conflits(a) and not conflits(b)
    jour(monkeypatch, 48)
    for store in (a, b, a, b):
        synchronise(store, shared)
    assert len(snapshots(shared)) >= 2 and own_segments(shared, a)
    bilan = synchronise(c, shared)
    assert lit(c, rid).notes == "Clé chez le fils, Jean-Noël L'Hermet", bilan.alertes
    assert conflits(c) == [], [(x.champ, x.gardee, x.ecartee) for x in conflits(c)]
    assert etat_des_fiches(c) == etat_des_fiches(a) == etat_des_fiches(b)
    ajoute(a, "Après l'arrivée de C")  # the streams go on from where C took them
    synchronise(a, shared)
    synchronise(c, shared)
    assert "Après l'arrivée de C" in {row.nom for row in _intervenants(c)}


# -- departed and retired laptops ------------------------------------------------------------------------


def test_a_departed_laptop_leaves_the_devices_list_and_its_folder_is_no_longer_read(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _b, c, shared = equipe3
    ajoute(c, "De C")
    synchronise(c, shared)
    synchronise(a, shared)
    assert c.device_id in {x.appareil for x in appareils(a)}
    retrait.revoque(a, root_of(shared), c.device_id)
    synchronise(a, shared)
    synchronise(a, shared)
    assert c.device_id not in {x.appareil for x in appareils(a)}
    read = lectures(monkeypatch)
    synchronise(a, shared)
    assert not [f for f in read if f"appareils/{c.device_id}" in Path(f).as_posix()]
    assert c.device_id not in {x.appareil for x in appareils(a)}
    from coordinateur.partage.sync import _listage

    assert c.device_id not in _listage(root_of(shared), equipe.charge(a), a.device_id)


def test_a_laptop_retired_before_any_of_its_segments_was_accepted_leaves_the_devices_list(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its revocation names no accepted segment: nothing of it is left to read, so it leaves the devices
    list at once, and a segment it plants afterwards (refused) does not bring it back."""
    from coordinateur.partage.bilan import Bilan
    from coordinateur.partage.envoi import pousse

    a, _b, c, shared = equipe3
    synchronise(c, shared)
    synchronise(a, shared)
    assert c.device_id in {x.appareil for x in appareils(a)}
    retrait.revoque(a, root_of(shared), c.device_id)
    synchronise(a, shared)
    assert c.device_id not in {x.appareil for x in appareils(a)}
    ajoute(c, "Écrit après le retrait")
    team_c = equipe.charge(c)
    assert team_c is not None
    pousse(c, root_of(shared), Bilan(), team_c)  # C has not read its retirement
    refused = synchronise(a, shared)
    assert any("retiré" in alert for alert in refused.alertes), refused.alertes
    assert c.device_id not in {x.appareil for x in appareils(a)}
    read = lectures(monkeypatch)
    synchronise(a, shared)
    assert not [f for f in read if f"appareils/{c.device_id}" in Path(f).as_posix()]
    assert c.device_id not in {x.appareil for x in appareils(a)}


def test_a_retired_laptops_pruned_words_reach_a_laptop_joining_afterwards(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """C prunes its own segments against its own snapshot, then is retired from the team: its snapshot is
    refused from then on, so its earlier words (a record of its own, a note on A's) must come from the
    remaining members' snapshots. D, joining after all of it, holds what A and B hold, at the same clocks,
    and is not told that any of it is missing."""
    a, b, _c, d, shared, de_a, de_c = retire_c_apres_elagage(equipe4, monkeypatch)
    bilan = synchronise(d, shared)
    assert valeurs_des_fiches(d) == valeurs_des_fiches(a) == valeurs_des_fiches(b), bilan.alertes
    assert etat_des_fiches(d) == etat_des_fiches(a), "C's words taken at their own clocks, as A holds them"
    assert lit(d, de_c).notes == "Fils à prévenir : 06 12 34 56 78"
    assert lit(d, de_a).notes == "Passage de C : la voisine, Mme Cayla-Vayssettes, a la clé"
    assert not [x for x in bilan.alertes if "ne peuvent pas être reçues" in x], bilan.alertes
    # and the next edit of any of C's fields, by anyone, outweighs what D took
    fiche = lit(b, de_c)
    fiche.notes = "Fils à prévenir : 06 98 76 54 32"
    enregistre(b, fiche)
    synchronise(b, shared)
    synchronise(d, shared)
    assert lit(d, de_c).notes == "Fils à prévenir : 06 98 76 54 32"
