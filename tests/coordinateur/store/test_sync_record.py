"""Sync-ready records get a UUID, clocks, device, tombstone and per-field clocks automatically."""

from __future__ import annotations

import uuid

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from coordinateur.store import Store
from coordinateur.store.base import SyncRecord
from coordinateur.store.clock import Timestamp


class _TestBase(DeclarativeBase):
    pass


class Fiche(SyncRecord, _TestBase):
    __tablename__ = "test_fiche"
    nom: Mapped[str] = mapped_column(String(100))
    commune: Mapped[str | None] = mapped_column(String(5), nullable=True)


def make_table(store: Store) -> None:
    _TestBase.metadata.create_all(store.engine)


def test_new_record_is_stamped(store: Store) -> None:
    make_table(store)
    with store.write() as session:
        fiche = Fiche(nom="Maison de santé", commune="12096")
        session.add(fiche)
    uuid.UUID(fiche.id)
    assert fiche.created_at == fiche.updated_at
    assert fiche.updated_by == store.device_id
    assert fiche.deleted is False
    assert fiche.field_clocks == {}
    assert {fiche.clock_of(name) for name in ("nom", "commune", "deleted")} == {fiche.created_at}
    assert Timestamp.decode(fiche.created_at).device == store.device_id


def test_update_moves_only_the_changed_fields_clock(store: Store) -> None:
    make_table(store)
    with store.write() as session:
        session.add(Fiche(nom="SSIAD", commune="12096"))
    with store.write() as session:
        fiche = session.scalars(select(Fiche)).one()
        before = {name: fiche.clock_of(name) for name in ("nom", "commune")}
        fiche.commune = "12223"
    assert fiche.clock_of("commune") > before["commune"]
    assert fiche.clock_of("nom") == before["nom"]
    assert fiche.updated_at == fiche.clock_of("commune")
    assert set(fiche.field_clocks) == {"commune"}
    with store.write() as session:
        fiche = session.scalars(select(Fiche)).one()
        fiche.deleted = True
    assert fiche.clock_of("deleted") > fiche.clock_of("commune")


def test_unchanged_assignment_does_not_move_clocks(store: Store) -> None:
    make_table(store)
    with store.write() as session:
        session.add(Fiche(nom="CCAS"))
    with store.write() as session:
        fiche = session.scalars(select(Fiche)).one()
        stamp = fiche.updated_at
        fiche.nom = "CCAS"
    assert fiche.updated_at == stamp


def test_clock_state_is_persisted_with_the_write(store: Store) -> None:
    make_table(store)
    with store.write() as session:
        session.add(Fiche(nom="EHPAD"))
    with store.read() as session:
        fiche = session.scalars(select(Fiche)).one()
    store.close()
    from coordinateur.confiance.ouverture import open_store

    with open_store(store.paths) as again:
        assert again.clock.tick().encode() > fiche.updated_at
