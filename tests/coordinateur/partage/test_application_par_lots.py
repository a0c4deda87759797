"""A large pull is applied in transactions of bounded size (issue 18: a 10k-operation pull held one
transaction ~4.6 s, so a save from the window waited on SQLite's busy timeout): the result is the one
transaction's, and a crash between two leaves a state the next sync completes, conflicts not doubled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import enregistre, lit
from coordinateur.partage import application
from coordinateur.partage.application import SynchroInterrompue
from coordinateur.partage.models import Conflit, OperationTenue, SegmentLu
from coordinateur.partage.sync import synchronise
from coordinateur.partage.tableau import etat
from coordinateur.store import Store
from coordinateur.store.clock import system_ms

from .outils import operation

LOT = 7


@pytest.fixture
def portables(
    laptops: tuple[Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> tuple[Store, Store, Path]:
    monkeypatch.setattr(application, "APPLICATION_PAR_LOT", LOT)
    monkeypatch.setattr(application, "PAUSE_ENTRE_LOTS_S", 0.0)
    return laptops


def _personne(store: Store, nom: str) -> str:
    return enregistre(store, FicheIntervenant(nom=nom, profession_code="60", commune_code="12119")).id  # type: ignore[no-any-return]


def _etat(store: Store) -> list[tuple[Any, ...]]:
    from coordinateur.annuaire.models import Intervenant

    with store.read() as session:
        rows = session.execute(
            select(Intervenant.id, Intervenant.nom, Intervenant.horaires, Intervenant.deleted)
        )
        return sorted(tuple(r) for r in rows)


def _conflits(store: Store) -> list[tuple[Any, ...]]:
    with store.read() as session:
        rows = session.execute(
            select(Conflit.record_id, Conflit.champ, Conflit.horloge_gardee, Conflit.horloge_ecartee)
        )
        return sorted(tuple(r) for r in rows)


def _tenue_dans_l_avenir(store: Store, device: str) -> None:
    """An operation of `device` held because its clock is three days ahead (as `_tiens` keeps it)."""
    op = {k: v for k, v in operation(device, nom="Futur").items() if k != "type"}  # as read from a segment
    op["clock"] = f"{system_ms() + 3 * 24 * 3600 * 1000:015d}-000000-{device}"
    with store.write() as session:
        session.info["remote"] = True
        session.add(OperationTenue(op_id=op["op_id"], appareil=device, contenu=op, motif="horloge en avance"))


def _tenues(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(OperationTenue)) or 0)


def _edite(store: Store, record_id: str, horaires: str) -> None:
    fiche = lit(store, record_id)
    fiche.horaires = horaires
    enregistre(store, fiche)


def test_a_large_pull_is_applied_in_bounded_transactions_with_the_same_result(
    portables: tuple[Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, shared = portables
    for n in range(30):
        _personne(a, f"Nom{n:02d}")
    synchronise(a, shared)
    applied = [0]
    per_transaction: list[int] = []
    real = application._apply_op

    def counted(*args: Any, **kwargs: Any) -> Any:
        applied[0] += 1
        return real(*args, **kwargs)

    def committed(_conn: Any) -> None:
        per_transaction.append(applied[0])
        applied[0] = 0

    monkeypatch.setattr(application, "_apply_op", counted)
    event.listen(b.engine, "commit", committed)
    try:
        result = synchronise(b, shared)
    finally:
        event.remove(b.engine, "commit", committed)
    assert result.appliques == 30 and result.segments_lus == 1
    assert (
        max(per_transaction) == LOT and sum(per_transaction) == 30
    )  # five transactions, none above the bound
    assert _etat(b) == _etat(a)


def test_a_crash_between_two_transactions_is_completed_by_the_next_sync(
    portables: tuple[Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, shared = portables
    ids = [_personne(a, f"Nom{n:02d}") for n in range(10)]
    synchronise(a, shared)
    synchronise(b, shared)
    for n, record_id in enumerate(ids[:5]):  # concurrent edits, B's later: five conflicts that A's edits lose
        _edite(a, record_id, f"A {n}")
        _edite(b, record_id, f"B {n}")
    for n in range(15):
        _personne(a, f"Nouveau{n:02d}")
    synchronise(a, shared)
    _tenue_dans_l_avenir(
        b, a.device_id
    )  # held since an earlier sync: looked at again in the last transaction
    real, calls = application._apply_op, [0]

    def crash_in_the_second(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == LOT + 3:
            raise RuntimeError("coupure de courant")
        return real(*args, **kwargs)

    monkeypatch.setattr(application, "_apply_op", crash_in_the_second)
    with pytest.raises(RuntimeError):
        synchronise(b, shared)
    after_crash = _conflits(b)
    assert len(after_crash) == 5  # the first transaction is in, with its conflicts
    assert _tenues(b) == 1  # the held operation was not dropped by the transactions that went in
    with b.read() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(SegmentLu).where(SegmentLu.appareil == a.device_id)
            )
            == 1
        )
    monkeypatch.setattr(application, "_apply_op", real)
    again = synchronise(b, shared)  # reads the segment again: what was applied is applied again, to no effect
    assert _conflits(b) == after_crash  # not recorded twice
    assert again.conflits == 0  # nor counted again as new (the state counts them among those to review)
    assert etat(b).conflits == 5
    assert _tenues(b) == 1  # still a day ahead: still held
    synchronise(a, shared)
    assert _etat(b) == _etat(a) and len(_etat(b)) == 25


def test_a_sync_told_to_stop_stops_between_two_transactions_and_the_next_one_goes_on(
    portables: tuple[Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, shared = portables
    for n in range(30):
        _personne(a, f"Nom{n:02d}")
    synchronise(a, shared)
    per_transaction: list[int] = []
    stop = [False]

    @event.listens_for(b.engine, "commit")
    def committed(_connection: Any) -> None:
        per_transaction.append(1)
        if len(per_transaction) >= 3:  # the window closes during the pull
            stop[0] = True

    with pytest.raises(SynchroInterrompue) as refused:
        synchronise(b, shared, arret=lambda: stop[0])
    assert "prochaine synchronisation" in refused.value.message
    received = len(_etat(b))
    assert 0 < received < 30  # what went in stays; the rest was not applied
    with b.read() as session:  # nothing marked read: the next sync reads the segment again
        assert (
            session.scalar(
                select(func.count()).select_from(SegmentLu).where(SegmentLu.appareil == a.device_id)
            )
            == 0
        )
    event.remove(b.engine, "commit", committed)
    synchronise(b, shared)
    assert _etat(b) == _etat(a)
