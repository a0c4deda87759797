"""Applying what a pull read (architecture §4): the operations of the segments taken (`Lu`), strictly in
clock order, in transactions of `APPLICATION_PAR_LOT` with a pause between them; per field the latest
clock wins (ties by device, within the clock string) and the losing value of a concurrent edit goes to
the conflicts; an operation that cannot apply yet is held (`OperationTenue`); more than 20 % of a kind
deleted at once stops and asks (`_garde_suppressions`). Stands on `bilan`, the models, the rules
(`regles`) and the schema; `sync` (the pull) and `tableau` (a quarantined segment taken again) call
`_applique`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select

from coordinateur.errors import CoordinateurError
from coordinateur.partage import bilan as _bilan  # `_now` through it: tests set it
from coordinateur.partage.bilan import Bilan, kinds_partages
from coordinateur.partage.models import Conflit, OperationTenue, SegmentLu, modeles
from coordinateur.partage.regles import (
    KINDS_ANNUAIRE,
    SEUIL_SUPPRESSIONS,
    SuppressionsMassives,
    attente,
    attente_de,
    nouvelle_fiche,
)
from coordinateur.partage.schema import is_deletion, valide_enveloppe, valide_valeurs
from coordinateur.store import Store
from coordinateur.store.clock import Timestamp

AVENIR_MAX = timedelta(hours=24)
APPLICATION_PAR_LOT = 1000  # operations applied per transaction in a pull (about half a second each)
PAUSE_ENTRE_LOTS_S = 0.1  # longer than SQLite's longest busy-handler sleep: a waiting save gets its turn


class SynchroInterrompue(CoordinateurError):
    """The sync was asked to stop (the window closes) between two transactions of a pull: what went in
    stays, the rest is read again by the next sync."""

    def __init__(self) -> None:
        super().__init__(
            "Synchronisation interrompue à la fermeture : ce qui était reçu est enregistré, le reste le sera à "
            "la prochaine synchronisation."
        )


@dataclass
class Lu:
    """A segment taken from a device's stream: its operations to apply (validated, of the kinds this laptop
    shares), or none when it is consumed in quarantine."""

    device: str
    seq: int
    sha256: str
    operations: list[dict[str, Any]]


def _applique(store: Store, lot: list[Lu], bilan: Bilan, accepter_suppressions: bool) -> None:
    """Apply a pull in clock order, in transactions of APPLICATION_PAR_LOT operations with a pause between
    them (a save from the window gets in instead of waiting on SQLite's busy timeout). Each transaction is
    atomic; an operation held earlier leaves the held list in the transaction that decides it, and the
    segments are marked read in the last one: after a crash between two, the next sync reads them again
    and applying an operation twice changes nothing (a conflict already recorded is not recorded again)."""
    models = modeles()
    kinds = set(kinds_partages(store))
    limit = datetime.now(UTC) + AVENIR_MAX
    operations = [(op, segment.device, False) for segment in lot for op in segment.operations]
    # operations their author stamped under a wrong date and has since re-sent with a sane clock
    replaced = {(device, op["record_id"], old) for op, device, _h in operations
                for old in op["fields"].get("remplace", [])}  # fmt: skip
    operations = [
        item for item in operations if (item[1], item[0]["record_id"], item[0]["clock"]) not in replaced
    ]
    with store.write() as session:
        session.info["remote"] = True
        for row in list(session.scalars(select(OperationTenue))):  # held earlier: perhaps applicable now
            op = row.contenu
            if (row.appareil, op.get("record_id"), op.get("clock")) not in replaced:
                why = valide_enveloppe(op, row.appareil)  # held by an earlier version: checked again
                if why is None and op["kind"] in kinds and op["kind"] in models:
                    why = valide_valeurs(op, models[op["kind"]])
                    if why is None:
                        operations.append((op, row.appareil, True))
                        continue
            session.delete(row)
        session.flush()
        if not accepter_suppressions:
            _garde_suppressions(session, [op for op, _d, _h in operations], models)
    ordered = sorted(operations, key=lambda item: item[0]["clock"])
    lots = [ordered[n : n + APPLICATION_PAR_LOT] for n in range(0, len(ordered), APPLICATION_PAR_LOT)] or [[]]
    kind_of: dict[str, str] = {}
    for number, part in enumerate(lots):
        if number:
            if bilan.arret():  # safe between two lots: the segments are marked read only in the last one
                raise SynchroInterrompue
            time.sleep(PAUSE_ENTRE_LOTS_S)
        touched: list[Any] = []
        with store.write() as session:
            session.info["remote"] = True
            held = [op["op_id"] for op, _d, was_held in part if was_held]
            if held:
                session.execute(delete(OperationTenue).where(OperationTenue.op_id.in_(held)))
            found = _charge(session, models, part)  # one query per kind, not one per operation
            for op, device, _held in part:
                stamp = Timestamp.decode(op["clock"])
                if datetime.fromtimestamp(stamp.wall / 1000, UTC) > limit:
                    _tiens(session, op, device, "horloge de l'autre ordinateur en avance de plus d'un jour")
                    bilan.tenues += 1
                    continue
                model = models[op["kind"]]
                # two segments of this sync giving one identifier to two kinds: the earlier clock keeps it
                if kind_of.setdefault(op["record_id"], op["kind"]) != op["kind"]:
                    bilan.alertes.append(f"Opération de {device[:8]} ignorée : l'identifiant {op['record_id']} vient "
                                         "d'être reçu pour une fiche d'un autre genre.")  # fmt: skip
                    continue
                current = found.get((model.KIND, op["record_id"]))
                if current is None:
                    if op["fields"].get("bases"):
                        _tiens(session, op, device, "fiche pas encore reçue de l'ordinateur qui l'a créée")
                        continue
                    if is_deletion(op):
                        continue  # a tombstone of a record never received here: nothing to delete
                parent = op["fields"].get("valeurs", {}).get("reunion_id")
                if (
                    model.KIND == "action"
                    and parent is not None
                    and session.get(models["reunion"], parent) is None
                ):
                    _tiens(session, op, device, "réunion pas encore reçue de l'ordinateur qui l'a créée")
                    continue
                store.clock.receive(stamp)
                current = _apply_op(session, model, op, bilan, current)
                found[(model.KIND, op["record_id"])] = current
                touched.append(current)
                bilan.appliques += 1
                bilan.par_auteur[device] += 1
            if number == len(lots) - 1:
                _marque_lus(session, lot)
            bilan.conflits_regles += Conflit.muets_regles(session, touched)
            session.flush()
            store._persist_clock(session)
            directory = [r for r in touched if r.KIND in KINDS_ANNUAIRE]
            if directory:
                from coordinateur.annuaire import index

                index.reindex(session, directory)
    bilan.segments_lus += len(lot)


def _charge(
    session: Any, models: dict[str, type[Any]], part: list[tuple[dict[str, Any], str, bool]]
) -> dict[tuple[str, str], Any]:
    """The records the operations of a lot name, held here: (kind, id) → record."""
    wanted: dict[str, set[str]] = {}
    for op, _device, _held in part:
        if op["kind"] in models:
            wanted.setdefault(op["kind"], set()).add(op["record_id"])
    found: dict[tuple[str, str], Any] = {}
    for kind, ids in wanted.items():
        model, listed = models[kind], sorted(ids)
        for n in range(0, len(listed), 500):
            for record in session.scalars(select(model).where(model.id.in_(listed[n : n + 500]))):
                found[(kind, record.id)] = record
    return found


def _tiens(session: Any, op: dict[str, Any], device: str, reason: str) -> None:
    session.merge(OperationTenue(op_id=op["op_id"], appareil=device, contenu=op, motif=reason))


def _marque_lus(session: Any, lot: list[Lu]) -> None:
    """The segments of a pull marked read (one query per device): a seq taken again from its author's real
    copy replaces the first."""
    held: dict[tuple[str, int], SegmentLu] = {}
    for device in {segment.device for segment in lot}:
        seqs = [segment.seq for segment in lot if segment.device == device]
        for start in range(0, len(seqs), 500):
            query = select(SegmentLu).where(
                SegmentLu.appareil == device, SegmentLu.seq.in_(seqs[start : start + 500])
            )
            held.update(((device, row.seq), row) for row in session.scalars(query))
    for segment in lot:
        row = held.get((segment.device, segment.seq))
        if row is None:
            row = held[(segment.device, segment.seq)] = SegmentLu(appareil=segment.device, seq=segment.seq)
            session.add(row)
        row.sha256, row.lu_le = segment.sha256, _bilan._now()


def _garde_suppressions(session: Any, operations: list[dict[str, Any]], models: dict[str, type[Any]]) -> None:
    """More than 20 % of a kind's live records deleted by one import: stop and ask. Every tombstone counts,
    whatever its action says (an `upsert` with deleted=true deletes as well)."""
    deletions: dict[str, set[str]] = {}
    by_whom: dict[tuple[str, str], set[str]] = {}
    for op in operations:
        if is_deletion(op):
            deletions.setdefault(op["kind"], set()).add(op["record_id"])
            by_whom.setdefault((op["kind"], op["record_id"]), set()).add(op["device"])
    for kind, ids in deletions.items():
        model = models.get(kind)
        if model is None:
            continue
        total = session.scalar(select(func.count()).select_from(model).where(~model.deleted)) or 0
        listed = sorted(ids)
        # a placeholder (live on a snapshot's word only, at the floor clock) deleted by the very device it
        # stands for does not count
        count = sum(
            1
            for n in range(0, len(listed), 500)
            for rid, created, clocks in session.execute(
                select(model.id, model.created_at, model.field_clocks).where(
                    ~model.deleted, model.id.in_(listed[n : n + 500])
                )
            )
            if not all(attente_de((clocks or {}).get("deleted") or created, d) for d in by_whom[(kind, rid)])
        )
        if total >= 5 and count > SEUIL_SUPPRESSIONS * total:
            raise SuppressionsMassives(
                f"Une synchronisation supprimerait {count} fiches « {kind} » sur {total} (plus de 20 %). Rien n'a été "
                "appliqué : vérifiez auprès de vos collègues, puis relancez en acceptant les suppressions si c'est voulu."
            )


def _apply_op(session: Any, model: type[Any], op: dict[str, Any], bilan: Bilan, record: Any) -> Any:
    """Apply one operation to its record as held here (`record`, None when not held); the record."""
    values: dict[str, Any] = op["fields"].get("valeurs", {})
    bases: dict[str, str] = op["fields"].get("bases", {})
    clock = op["clock"]
    if record is None:
        record = nouvelle_fiche(model, op["record_id"], values, created_at=clock, updated_at=clock,
                                updated_by=op["device"], field_clocks={})  # fmt: skip
        session.add(record)
        return record
    clocks = dict(record.field_clocks or {})
    if attente_de(record.created_at, op["device"]) and not bases:
        # a placeholder's creation, told by its creator's creation operation: its date, and every field
        # that operation leaves empty (what a snapshot said of them was only a colleague's word)
        record.created_at = clock
        for name in model.data_fields():
            if name not in values and attente(record.clock_of(name)):
                setattr(record, name, _vide(model, name))
                clocks[name] = clock
    for name, value in values.items():
        mine = record.clock_of(name)
        current = getattr(record, name)
        base = bases.get(name)  # the clock the sender's edit was made over
        concurrent = base is not None and base != mine and current != value and not attente(mine)
        if clock > mine:
            if concurrent:
                bilan.conflits += _conflit(session, model, record, name, value, current, clock, mine)
            setattr(record, name, value)
            clocks[name] = clock
        elif concurrent and clock != mine:
            bilan.conflits += _conflit(session, model, record, name, current, value, mine, clock)
    record.field_clocks = clocks
    if clock > record.updated_at:
        record.updated_at = clock
        record.updated_by = op["device"]
    return record


def _vide(model: type[Any], name: str) -> Any:
    """A field's value in a record created without it (its column's default, else None)."""
    default = model.__table__.c[name].default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def _conflit(
    session: Any,
    model: type[Any],
    record: Any,
    name: str,
    kept: Any,
    lost: Any,
    kept_clock: str,
    lost_clock: str,
) -> bool:
    """Record a conflict; False when it was recorded already (a pull taken again after a crash between its
    lots), so that a report counts only the new ones (the state counts all those to review)."""
    same = select(Conflit.id).where(Conflit.kind == model.KIND, Conflit.record_id == record.id, Conflit.champ == name,
                                    Conflit.horloge_gardee == kept_clock, Conflit.horloge_ecartee == lost_clock)  # fmt: skip
    if session.scalar(same) is not None:
        return False
    session.add(Conflit(kind=model.KIND, record_id=record.id, champ=name, valeur_gardee=kept, valeur_ecartee=lost,
                        horloge_gardee=kept_clock, horloge_ecartee=lost_clock, detecte_le=_bilan._now(), regle=False))  # fmt: skip
    return True
