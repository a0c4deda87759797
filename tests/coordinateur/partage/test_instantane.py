"""Issue 17, the history's cost: incremental reads, signed snapshots, joining from one, pruning a member's
own segments and operation log after the grace period, departed laptops forgotten; and snapshots that
must not be trusted (outsider, altered, cut, too large, bad record, forged clocks)."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import IntrouvableError, enregistre, lit, supprime
from coordinateur.confiance.ouverture import open_store
from coordinateur.partage import equipe, fusion, instantane, retrait
from coordinateur.partage.bilan import kinds_partages
from coordinateur.partage.dossier import initialise
from coordinateur.partage.models import AppareilVu, Conflit, InstantaneVu, SegmentEcrit, SegmentLu
from coordinateur.partage.sync import modeles, synchronise
from coordinateur.partage.tableau import appareils, conflits
from coordinateur.paths import resolve_paths
from coordinateur.store import Store
from coordinateur.store.models import Operation

from .conftest import lectures
from .outils import en_equipe, membre_fictif, scelle


def ajoute(store: Store, nom: str, **extra: Any) -> str:
    fiche = FicheIntervenant(nom=nom, profession_code="60", commune_code="12119", **extra)
    return enregistre(store, fiche).id


def renomme(store: Store, record_id: str, nom: str) -> None:
    fiche = lit(store, record_id)
    fiche.nom = nom
    enregistre(store, fiche)


def etat_des_fiches(store: Store) -> dict[str, dict[str, Any]]:
    """Every shared record with its values and field clocks (what a merge later depends on)."""
    found: dict[str, dict[str, Any]] = {}
    models = modeles()
    with store.read() as session:
        for kind in ("intervenant", "structure"):
            model = models[kind]
            for record in session.scalars(select(model)):
                values = {n: getattr(record, n) for n in model.data_fields()}
                clocks = {n: record.clock_of(n) for n in model.data_fields()}
                found[record.id] = {"valeurs": values, "horloges": clocks}
    return found


def root_of(shared: Path) -> Path:
    return shared / "coordinateur"


def own_segments(shared: Path, store: Store) -> list[Path]:
    return sorted((root_of(shared) / "appareils" / store.device_id / "segments").glob("*.seg"))


def snapshots(shared: Path) -> list[Path]:
    return sorted(root_of(shared).glob("appareils/*/*.snap"))


def later(monkeypatch: pytest.MonkeyPatch, days: int) -> None:
    moment = datetime.now(UTC) + timedelta(days=days)
    monkeypatch.setattr(instantane, "_now", lambda: moment)


# -- incremental reads -----------------------------------------------------------------------------------


def test_a_sync_with_nothing_new_reads_no_file_of_the_colleagues(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _c, shared = equipe3
    for n in range(5):
        ajoute(a, f"Fiche {n}")
        synchronise(a, shared)
        synchronise(b, shared)
    read = lectures(monkeypatch)
    synchronise(b, shared)
    colleague = [n for n in read if f"appareils/{a.device_id}" in Path(n).as_posix()]
    assert colleague == [], colleague  # no segment, card, snapshot or receipt of A read again (the team's
    # own files, a few per member whatever the history, are still looked at)
    ajoute(a, "Nouvelle")
    synchronise(a, shared)
    read.clear()
    bilan = synchronise(b, shared)
    assert bilan.appliques == 1
    assert (
        len([n for n in read if n.endswith(".seg")]) <= 2
    )  # the new one (and the one before it, for the chain)


# -- snapshots: writing, joining -------------------------------------------------------------------------


def test_a_snapshot_is_written_once_enough_segments_follow_and_a_new_laptop_joins_from_it(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c, shared = equipe3
    monkeypatch.setattr(instantane, "INSTANTANE_SEGMENTS", 3)
    ajoute(a, "Seule")
    synchronise(a, shared)
    assert not snapshots(shared)  # one segment: not yet
    for n in range(3):
        ajoute(a, f"A{n}")
        ajoute(b, f"B{n}")
    synchronise(a, shared)
    synchronise(b, shared)
    synchronise(a, shared)
    assert snapshots(shared)
    synchronise(c, shared)
    with c.read() as session:
        used = session.scalar(select(func.count()).select_from(InstantaneVu).where(InstantaneVu.applique))
    assert used == 1
    assert etat_des_fiches(c) == etat_des_fiches(a)


def _joue(stores: list[Store], shared: Path, steps: list[tuple[int, str, int]]) -> None:
    ids: list[str] = []
    for who, what, n in steps:
        store = stores[who]
        if what == "cree" or not ids:
            ids.append(ajoute(store, f"Fiche {len(ids)}"))
        elif what == "renomme":
            with contextlib.suppress(IntrouvableError):
                renomme(store, ids[n % len(ids)], f"Nom {n}")
        elif what == "supprime":
            with contextlib.suppress(IntrouvableError):
                supprime(store, ids[n % len(ids)])
        elif what == "sync":
            synchronise(store, shared, accepter_suppressions=True)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    avant=st.lists(
        st.tuples(
            st.integers(0, 1),
            st.sampled_from(["cree", "renomme", "renomme", "supprime", "sync"]),
            st.integers(0, 50),
        ),
        min_size=3,
        max_size=10,
    ),
    apres=st.lists(
        st.tuples(st.integers(0, 1), st.sampled_from(["cree", "renomme", "sync"]), st.integers(0, 50)),
        max_size=6,
    ),
)
def test_joining_from_a_snapshot_gives_what_a_full_replay_gives(
    tmp_path_factory: pytest.TempPathFactory, avant: list[Any], apres: list[Any]
) -> None:
    base = tmp_path_factory.mktemp("rejeu")
    shared = base / "partage"
    shared.mkdir()
    initialise(shared)
    stores = [open_store(resolve_paths(base / n)) for n in ("a", "b", "replay", "snap")]
    try:
        a, b, replay, snap = stores
        en_equipe(shared, a, b, replay, snap)
        _joue(stores, shared, avant)
        for store in (a, b, a):
            synchronise(store, shared, accepter_suppressions=True)
        instantane.ecrit(a, root_of(shared), equipe.charge(a), ("intervenant", "structure"), modeles())  # type: ignore[arg-type]
        # the full replay: the snapshots are hidden from this laptop
        hidden = [(p, p.with_suffix(".cache")) for p in snapshots(shared)]
        for p, q in hidden:
            p.rename(q)
        synchronise(replay, shared, accepter_suppressions=True)
        for p, q in hidden:
            q.rename(p)
        _joue(stores, shared, apres)
        for store in (a, b, a):
            synchronise(store, shared, accepter_suppressions=True)
        bilan = synchronise(snap, shared, accepter_suppressions=True)
        synchronise(replay, shared, accepter_suppressions=True)
        with snap.read() as session:
            assert (
                session.scalar(select(func.count()).select_from(InstantaneVu).where(InstantaneVu.applique))
                == 1
            )
        assert etat_des_fiches(snap) == etat_des_fiches(replay) == etat_des_fiches(a), bilan.alertes
    finally:
        for store in stores:
            store.close()


def test_conflicts_recorded_before_a_snapshot_are_listed_by_a_laptop_joining_from_it(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    a, b, c, shared = equipe3
    record = ajoute(a, "Cayla")
    synchronise(a, shared)
    synchronise(b, shared)
    renomme(a, record, "Cayla-Vidal")
    renomme(b, record, "Cayla-Rouquette")
    synchronise(a, shared)
    synchronise(b, shared)
    synchronise(a, shared)
    held = {(x.champ, x.gardee, x.ecartee) for x in conflits(a) + conflits(b)}
    assert held
    for path in snapshots(shared):
        path.unlink()
    with a.write() as session:
        session.execute(InstantaneVu.__table__.delete())
    with b.write() as session:
        session.execute(InstantaneVu.__table__.delete())
    holder = a if conflits(a) else b
    instantane.ecrit(holder, root_of(shared), equipe.charge(holder), ("intervenant", "structure"), modeles())  # type: ignore[arg-type]
    synchronise(c, shared)
    with c.read() as session:
        assert (
            session.scalar(select(func.count()).select_from(InstantaneVu).where(InstantaneVu.applique)) == 1
        )
    assert {(x.champ, x.gardee, x.ecartee) for x in conflits(c)} == {
        (x.champ, x.gardee, x.ecartee) for x in conflits(holder)
    }
    assert lit(c, record).nom == lit(a, record).nom == lit(b, record).nom


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


def valeurs_des_fiches(store: Store) -> dict[str, dict[str, Any]]:
    return {rid: state["valeurs"] for rid, state in etat_des_fiches(store).items()}


def retire_c_apres_elagage(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch, *, avance_c_ms: int = 0,
    retard_revoque: timedelta = timedelta(0),
) -> tuple[Store, Store, Store, Store, Path, str, str]:  # fmt: skip
    """C writes a record and a note on A's, prunes its own segments against its own snapshot, and is
    retired by A; A and B sync twice; D has not synced yet. C's clock may run `avance_c_ms` ahead, A's
    system date `retard_revoque` behind when it revokes. (a, b, c, d, shared, A's record, C's record)"""
    a, b, c, d, shared = equipe4
    if avance_c_ms:
        real = c.clock._now_ms
        monkeypatch.setattr(c.clock, "_now_ms", lambda: real() + avance_c_ms)
    de_a = ajoute(a, "Élise d'Aubrac-Fabre")
    de_c = ajoute(c, "Jean-Noël L'Hermet", notes="Fils à prévenir : 06 12 34 56 78")
    for store in (a, b, c, a, b, c):
        synchronise(store, shared)
    fiche = lit(c, de_a)
    fiche.notes = "Passage de C : la voisine, Mme Cayla-Vayssettes, a la clé"
    enregistre(c, fiche)
    for n in range(4):
        for store in (a, b, c):
            ajoute(store, f"{store.device_id[:4]} n° {n}")
            synchronise(store, shared)
    written = len(own_segments(shared, c))
    later(monkeypatch, 40)
    monkeypatch.setattr(instantane, "INSTANTANE_DELAI", timedelta(days=7))
    for _ in range(3):
        for store in (a, b, c):
            synchronise(store, shared)
    assert len(own_segments(shared, c)) < written  # C pruned its own
    if retard_revoque:
        behind = datetime.now(UTC) - retard_revoque
        monkeypatch.setattr(equipe, "_now", lambda: behind)
    retrait.revoque(a, root_of(shared), c.device_id)
    monkeypatch.setattr(equipe, "_now", lambda: datetime.now(UTC))
    for store in (a, b, a, b):
        synchronise(store, shared)
    return a, b, c, d, shared, de_a, de_c


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


# -- snapshots that must not be trusted -------------------------------------------------------------------


def _forge(
    device: str, lines: list[dict[str, Any]], couvre: dict[str, Any], date: str, **entete: Any
) -> bytes:
    import hashlib

    header = {"format": "coordinateur-partage", "major": 2, "type": "instantane", "appareil": device,
              "cree_le": date, "genres": ["intervenant", "structure"], "couvre": couvre,
              "fiches": sum(1 for x in lines if x["type"] == "fiche"), "conflits": 0, **entete}  # fmt: skip
    body = ("\n".join(json.dumps(x) for x in [header, *lines]) + "\n").encode()
    return body + (json.dumps({"type": "fin", "sha256": hashlib.sha256(body).hexdigest()}) + "\n").encode()


def _fiche(device: str, nom: Any, **extra: Any) -> dict[str, Any]:
    import uuid

    clock = f"{int(datetime.now(UTC).timestamp() * 1000):015d}-000000-{device}"
    values = {"nom": nom, "profession_code": "60", "commune_code": "12119", "deleted": False, **extra}
    return {"type": "fiche", "kind": "intervenant", "id": str(uuid.uuid4()), "created_at": clock,
            "updated_at": clock, "updated_by": device, "field_clocks": {}, "valeurs": values}  # fmt: skip


INTRUS = "0badc0de-0000-4000-8000-000000000001"


@pytest.mark.parametrize(
    "cas",
    [
        "mauvaise fiche",
        "horloge étrangère",
        "altéré",
        "coupé",
        "trop gros",
        "hors équipe",
        "couvre trop",
        "retirés mal formés",
    ],
)
def test_a_bad_snapshot_is_refused_in_french_and_the_segments_still_come(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch, cas: str
) -> None:
    a, _b, c, shared = equipe3
    ajoute(a, "Vraie")
    synchronise(a, shared)
    intrus = membre_fictif(shared, a, INTRUS)
    synchronise(a, shared)  # admits the made-up member
    instantane.ecrit(a, root_of(shared), equipe.charge(a), ("intervenant", "structure"), modeles())  # type: ignore[arg-type]
    folder = root_of(shared) / "appareils" / INTRUS
    folder.mkdir(parents=True, exist_ok=True)
    lines = [_fiche(INTRUS, "Forgée")]
    couvre: dict[str, Any] = {}
    if cas == "mauvaise fiche":
        lines.append(_fiche(INTRUS, {"pas": "un nom"}))
    elif cas == "horloge étrangère":
        lines.append(_fiche("11111111-2222-4333-8444-555555555555", "Usurpée"))
    elif cas == "couvre trop":
        couvre = {a.device_id: [99, "0" * 64]}
    date = (datetime.now(UTC) + timedelta(minutes=1)).strftime("%Y%m%dT%H%M%SZ")  # the newest
    clear = _forge(
        INTRUS, lines, couvre, date, **({"parle_pour": "tous"} if cas == "retirés mal formés" else {})
    )
    data = intrus.scelle(clear, "instantane")
    if cas == "altéré":
        data = data[:-40] + bytes([data[-40] ^ 1]) + data[-39:]
    elif cas == "coupé":
        data = data[: len(data) // 2]
    elif cas == "trop gros":
        monkeypatch.setattr(instantane, "INSTANTANE_MAX", 100)
    elif cas == "hors équipe":
        from .outils import equipe_seule

        data = equipe_seule(INTRUS).scelle(clear, "instantane")
    (folder / f"{INTRUS}_{date}.snap").write_bytes(data)
    before = scelle  # the made-up member's helper stays importable
    assert before
    bilan = synchronise(c, shared)
    names = {row.nom for row in _intervenants(c)}
    assert "Vraie" in names and "Forgée" not in names and "Usurpée" not in names
    if cas != "coupé":
        refused = [x for x in bilan.alertes if "Instantané" in x and "refusé" in x]
        assert refused, bilan.alertes
    with c.read() as session:
        forged = session.get(InstantaneVu, f"appareils/{INTRUS}/{INTRUS}_{date}.snap")
        assert forged is None or not forged.applique
        assert cas in ("coupé", "couvre trop") or (forged is not None and not forged.valide)


def _intervenants(store: Store) -> list[Any]:
    model = modeles()["intervenant"]
    with store.read() as session:
        rows = list(session.scalars(select(model)))
        session.expunge_all()
    return rows


def test_a_snapshot_never_deletes_what_this_laptop_holds_nor_rolls_back_a_newer_value(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    a, b, c, shared = equipe3
    kept = ajoute(a, "Gardée")
    synchronise(a, shared)
    synchronise(c, shared)
    mine = ajoute(c, "Seulement chez C")
    renomme(c, kept, "Plus récente chez C")
    instantane.ecrit(a, root_of(shared), equipe.charge(a), ("intervenant", "structure"), modeles())  # type: ignore[arg-type]
    _header, records, conflicts = _lit_dernier(a, shared)
    bilan: Any = type("B", (), {"appliques": 0, "conflits": 0, "alertes": []})()
    instantane.applique(c, records, conflicts, modeles(), bilan, False, auteur=a.device_id)
    assert lit(c, mine).nom == "Seulement chez C"
    assert lit(c, kept).nom == "Plus récente chez C"
    del b


def _lit_dernier(store: Store, shared: Path) -> Any:
    best = instantane.dernier_valide(store, root_of(shared))
    assert best is not None
    path = root_of(shared) / best.nom
    return instantane.examine(path.read_bytes(), path, equipe.charge(store), modeles())  # type: ignore[arg-type]


def test_snapshot_bookkeeping_tables_exist(equipe3: tuple[Store, Store, Store, Path]) -> None:
    a, *_rest = equipe3
    with a.read() as session:
        assert session.scalar(select(func.count()).select_from(SegmentLu)) == 0
        assert session.scalar(select(func.count()).select_from(AppareilVu)) == 0
        assert session.scalar(select(func.count()).select_from(Conflit)) == 0


def test_a_snapshot_holds_only_its_authors_words_a_retired_members_and_the_fields_a_record_needs(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """Each member's words come from its own snapshot or segments: A's snapshot holds the fields stamped
    with A's clock, the required name of a record it touched, and every word of a member no longer in the
    team (nobody else speaks for it). A record of B's that A never touched is not in it."""
    a, b, c, shared = equipe3
    de_a = ajoute(a, "Créée par A")
    de_b = ajoute(b, "Lucie Vayssettes-d'Olt")
    jamais = ajoute(b, "Jamais touchée par A")
    de_c = ajoute(c, "Jean-Noël L'Hermet", notes="Fils à prévenir : 06 12 34 56 78")
    for store in (a, b, c, a, b):
        synchronise(store, shared)
    for store, rid, note in ((b, de_a, "Note de B"), (a, de_b, "Note de A")):
        fiche = lit(store, rid)
        fiche.notes = note
        enregistre(store, fiche)
    synchronise(b, shared)
    synchronise(a, shared)
    retrait.revoque(a, root_of(shared), c.device_id)
    synchronise(a, shared)
    instantane.ecrit(a, root_of(shared), equipe.charge(a), ("intervenant", "structure"), modeles())  # type: ignore[arg-type]
    _header, records, _conflicts = _lit_dernier(a, shared)
    lines = {line["id"]: line for line in records}
    assert jamais not in lines
    assert set(lines[de_b]["valeurs"]) == {"nom", "notes"}  # A's note, and B's name as a placeholder
    assert lines[de_b]["valeurs"]["notes"] == "Note de A"
    assert "notes" not in lines[de_a]["valeurs"] and lines[de_a]["valeurs"]["nom"] == "Créée par A"
    assert lines[de_c]["valeurs"]["notes"] == "Fils à prévenir : 06 12 34 56 78"  # the retired member's words


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


def test_a_snapshot_says_only_what_the_team_shares_and_nothing_in_clear(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """A laptop following a person, with a meeting about her, that does not share its meetings: its snapshot
    holds directory records only, and no file of the shared folder shows a name in clear."""
    from coordinateur.personnes.dossier import Dossier
    from coordinateur.personnes.service import enregistre_personne
    from coordinateur.reunions.service import DonneesReunion, DonneesSituation, enregistre_reunion

    a, _b, _c, shared = equipe3
    ajoute(a, "Vayssettes-d'Olt", notes="Fils : Jean-Noël, 06 12 34 56 78")
    pid, _ = enregistre_personne(a, Dossier(nom_naissance="Rouquette-d'Aubrac", prenoms_naissance="Marthe",
                                            date_naissance="1936-02-02", commune_code="12119"))  # fmt: skip
    enregistre_reunion(a, DonneesReunion(titre="RCP Mme Rouquette-d'Aubrac", date="2026-11-02",
                                         situations=[DonneesSituation(personne_id=pid)]))  # fmt: skip
    synchronise(a, shared)
    instantane.ecrit(a, root_of(shared), equipe.charge(a), kinds_partages(a), modeles())  # type: ignore[arg-type]
    header, records, conflicts = _lit_dernier(a, shared)
    assert header["genres"] == ["intervenant", "structure"]
    lines = [*records, *conflicts]
    assert lines and {line["kind"] for line in lines} <= {"intervenant", "structure"}
    assert "Rouquette" not in json.dumps(lines, ensure_ascii=False)
    for path in root_of(shared).rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            for name in ("Rouquette", "Vayssettes", "Jean-No", "06 12 34"):
                assert name.encode() not in raw, path
