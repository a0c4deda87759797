"""Issue 17, the history's cost: incremental reads, signed snapshots written once enough segments follow,
and a laptop joining from them as a full replay would (conflicts included). Pruning and the laptops that
leave are in test_instantane_elagage.py; what a snapshot holds, and the snapshots that must not be trusted,
in test_instantane_contenu.py.

The helpers here serve those files and most other partage tests: records written and read, the folder's
snapshots and segments, a later date, a forged snapshot, a laptop retired after pruning."""

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
from coordinateur.partage import equipe, instantane, retrait
from coordinateur.partage.dossier import initialise
from coordinateur.partage.models import InstantaneVu
from coordinateur.partage.sync import modeles, synchronise
from coordinateur.partage.tableau import conflits
from coordinateur.paths import resolve_paths
from coordinateur.store import Store

from .conftest import lectures
from .outils import en_equipe

# -- helpers, shared with the other partage tests --------------------------------------------------------


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


def valeurs_des_fiches(store: Store) -> dict[str, dict[str, Any]]:
    return {rid: state["valeurs"] for rid, state in etat_des_fiches(store).items()}


def _intervenants(store: Store) -> list[Any]:
    model = modeles()["intervenant"]
    with store.read() as session:
        rows = list(session.scalars(select(model)))
        session.expunge_all()
    return rows


def root_of(shared: Path) -> Path:
    return shared / "coordinateur"


def own_segments(shared: Path, store: Store) -> list[Path]:
    return sorted((root_of(shared) / "appareils" / store.device_id / "segments").glob("*.seg"))


def snapshots(shared: Path) -> list[Path]:
    return sorted(root_of(shared).glob("appareils/*/*.snap"))


def later(monkeypatch: pytest.MonkeyPatch, days: int) -> None:
    moment = datetime.now(UTC) + timedelta(days=days)
    monkeypatch.setattr(instantane, "_now", lambda: moment)


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
