"""A laptop whose clock was far ahead recovers (issue 17): edits made under a wrong date stop poisoning.

An edit made while the system clock was, say, ten years ahead leaves the store's hybrid clock in 2036: every
later edit would be stamped 2036 too, and colleagues hold all of them aside as "dated in the future". When
the saved clock is more than a day ahead of the system clock (the date was fixed), `recale`:
- resets the clock to now;
- for every record holding a field stamped in the future by this laptop, writes one corrective operation,
  stamped now, that carries the current values of those fields (all of them when the record was created
  then) and lists the future clocks it replaces (`fields.remplace`): colleagues drop the operations they
  held aside under those clocks, and apply the correction;
- the future operations not yet sent are dropped (the corrections carry their values).
Edits keep their order: records are re-stamped in the order of their future clocks.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select

from coordinateur.store import Store
from coordinateur.store.base import new_uuid
from coordinateur.store.clock import WALL_DIGITS, Timestamp
from coordinateur.store.models import Operation

JOUR_MS = 24 * 3600 * 1000
BORNE_MS = JOUR_MS


def recale(store: Store) -> str:
    """Recover a clock saved more than a day ahead of now; returns what was done, in French ("" if nothing)."""
    from coordinateur.partage.models import modeles

    now = store.clock._now_ms()
    if store.clock.wall <= now + BORNE_MS:
        return ""
    if _en_retard(dernieres_des_collegues(store), now)[0]:
        return ""  # the system date is behind the colleagues' (said by `avertissement`): not a clock to reset
    limit = f"{now + BORNE_MS:0{WALL_DIGITS}d}"
    device = store.device_id
    ahead_days = round((store.clock.wall - now) / JOUR_MS)
    with store.write() as session:
        session.info["remote"] = True  # the clocks are set here, by hand
        found: list[tuple[str, Any, list[str], bool]] = []  # (latest future clock, record, fields, created)
        for model in modeles().values():
            for record in session.scalars(select(model).where(model.updated_at > limit)):
                names = [n for n in model.data_fields() if _future(record.clock_of(n), limit, device)]
                created = _future(record.created_at, limit, device)
                if names or created:
                    found.append((record.updated_at, record, names, created))
        # per record, the clocks this laptop stamped ahead (sent or not: colleagues hold those aside), and per
        # field the last sane clock it set, which is what a colleague holds (the correction's base)
        ahead: dict[str, set[str]] = {}
        sane: dict[str, dict[str, str]] = {}
        for op in session.scalars(
            select(Operation).where(Operation.device == device).order_by(Operation.clock)
        ):
            names_set = (op.fields or {}).get("valeurs", {})
            if op.clock > limit:
                ahead.setdefault(op.record_id, set()).add(op.clock)
            else:
                sane.setdefault(op.record_id, {}).update(dict.fromkeys(names_set, op.clock))
        store.clock.recale(now)
        session.execute(delete(Operation).where(Operation.seq.is_(None), Operation.clock > limit))
        for _latest, record, names, created in sorted(found, key=lambda item: item[0]):
            stamp = store.clock.tick().encode()
            replaced = sorted(ahead.get(record.id, set()) | {c for c in (record.created_at, *(record.field_clocks or {}).values())
                               if _future(c, limit, device)})  # fmt: skip
            if created:
                values = {
                    n: getattr(record, n) for n in record.data_fields() if getattr(record, n) is not None
                }
                bases: dict[str, str] = {}
                record.created_at, record.field_clocks = stamp, {}
            else:
                values = {n: getattr(record, n) for n in names}
                known = sane.get(record.id, {})
                bases = {n: known.get(n) or record.created_at for n in names}
                record.field_clocks = {**(record.field_clocks or {}), **dict.fromkeys(names, stamp)}
            record.updated_at, record.updated_by = stamp, device
            session.add(Operation(op_id=new_uuid(), record_id=record.id, kind=record.KIND, clock=stamp, device=device,
                                  user=store.user, action="delete" if values.get("deleted") else "upsert",
                                  fields={"valeurs": values, "bases": bases, "remplace": replaced}, seq=None))  # fmt: skip
        store._persist_clock(session)
        store.audit(session, "parametrage", "appareil", device,
                    f"Horloge recalée : elle était en avance de {ahead_days} jour(s)")  # fmt: skip
    return (
        f"L'horloge de Coordinateur était en avance de {ahead_days} jour(s) sur celle de l'ordinateur (date "
        f"corrigée depuis ?) : elle est remise à l'heure, et les fiches modifiées sous la date erronée ({len(found)}) "
        "repartent datées d'aujourd'hui, dans le même ordre. Vérifiez la date de l'ordinateur."
    )


# The system date this far past the latest change received from a colleague: perhaps a wrong date (a year
# typed wrong), perhaps only a laptop left unused; said as a question.
SANS_NOUVELLES_MS = 180 * JOUR_MS


def dernieres_des_collegues(store: Store) -> dict[str, int]:
    """Per colleague, the latest wall time (ms since the epoch) it stamped that this store knows of: on the
    records it holds, and on the operations it holds aside as dated in the future."""
    from coordinateur.partage.models import OperationTenue, modeles

    device = store.device_id
    clocks: list[tuple[str, str]] = []
    with store.read() as session:
        for model in modeles().values():
            clocks += session.execute(
                select(model.updated_by, func.max(model.updated_at))
                .where(model.updated_by != device)
                .group_by(model.updated_by)
            ).all()
        for author, content in session.execute(
            select(OperationTenue.appareil, OperationTenue.contenu).where(OperationTenue.appareil != device)
        ).all():
            if isinstance(content, dict) and isinstance(content.get("clock"), str):
                clocks.append((author, content["clock"]))
    latest: dict[str, int] = {}
    for author, clock in clocks:
        try:
            latest[author] = max(latest.get(author, 0), Timestamp.decode(clock).wall)
        except (ValueError, TypeError):
            continue
    return latest


def _en_retard(latest: dict[str, int], now: int) -> tuple[int, bool]:
    """How far (ms) the system date is behind its colleagues' stamps, when two colleagues or more (or the
    only one this store knows of) stamped more than a day past it: one colleague alone ahead among several
    is that colleague's wrong date, and a colleague gone long ago says nothing. (0, _) otherwise; the flag
    says whether only one colleague is known (then either date may be the wrong one). `latest`: as given
    by `dernieres_des_collegues`."""
    ahead = [wall for wall in latest.values() if wall > now + BORNE_MS]
    if len(ahead) >= 2 or (len(latest) == 1 and ahead):
        return max(ahead) - now, len(latest) == 1
    return 0, False


def avertissement(store: Store) -> str:
    """What the Partage screen (and `partage etat`) says from the start when this laptop's date looks wrong:
    behind its colleagues' latest changes (theirs are then held aside here), far past them, or behind this
    store's own saved clock (a wrong date since fixed: the next sync recovers)."""
    from coordinateur.text import horodatage_fr

    now = store.clock._now_ms()
    today = horodatage_fr(datetime.fromtimestamp(now / 1000, UTC).isoformat())
    latest = dernieres_des_collegues(store)
    behind, alone = _en_retard(latest, now)
    if behind:
        return (f"La date de cet ordinateur ({today}) est en retard de {round(behind / JOUR_MS)} jour(s) sur les "
                f"dernières modifications de {'votre collègue' if alone else 'vos collègues'} : vérifiez la date et "
                f"l'heure de l'ordinateur{' (ou celles du sien)' if alone else ''}. Tant qu'elle est fausse, leurs "
                "modifications sont mises de côté ici et les vôtres partent datées du passé.")  # fmt: skip
    ahead = store.clock.state()[0] - now
    if ahead > BORNE_MS:
        return (f"L'horloge de Coordinateur est en avance de {round(ahead / JOUR_MS)} jour(s) sur la date de "
                "cet ordinateur (date corrigée depuis ?) : elle sera recalée à la prochaine synchronisation.")  # fmt: skip
    last = max(latest.values(), default=0)
    if last and now > last + SANS_NOUVELLES_MS:
        return (f"La date de cet ordinateur ({today}) est postérieure de {round((now - last) / JOUR_MS)} jour(s) "
                "à la dernière modification reçue de vos collègues : si elle est fausse, corrigez-la avant de "
                "modifier des fiches (vos collègues mettraient vos modifications de côté, datées du futur).")  # fmt: skip
    return ""


def _future(clock: str, limit: str, device: str) -> bool:
    if not clock or clock <= limit:
        return False
    try:
        return Timestamp.decode(clock).device == device
    except ValueError:
        return False
