"""A store that goes on under a new device id in the shared folder (issue 17), below the team layer.

Restored from a backup, copied to another computer, or found writing where another instance of it wrote
further (`Reprise`, raised by the push): it never writes again in its former stream. It takes a new id and
re-sends, re-stamped, what colleagues did not accept as it wrote it (`nouvel_identifiant`; the push then
declares it its former id's successor, `envoi._reprend`). A laptop the team already knows joining again
with a new invitation takes a new id the same way (`pour_rejoindre`, from `invitations.rejoint`), as a new
member. Which of two copies of one segment colleagues follow is decided here too (`suivies`), for the push
and the pull alike. Nothing here imports the team (`equipe`) nor the push and pull (`envoi`, `sync`): they
import this.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update

from coordinateur.partage.dossier import Equipe, Segment, segments_de
from coordinateur.partage.models import SegmentEcrit, modeles
from coordinateur.settings import enregistre_reglages, load_settings
from coordinateur.store import Store
from coordinateur.store.clock import Timestamp
from coordinateur.store.models import Operation


class Reprise(Exception):
    """This store's own stream in the folder holds segments it never recorded, sealed with its own key: it
    was restored from a backup, or copied to another computer."""


class FluxIncertain(Reprise):
    """The store was restored from a backup and has not pushed since, or the folder does not show the last
    segment it wrote (a backup restored on a new computer whose synced folder is still being filled, a
    folder emptied or changed): another instance of this store may have written further, and the folder
    may still receive it, so no new segment is written in this stream (its earlier segments are healed
    first, then this store goes on under a new id)."""


def restauree(store: Store) -> bool:
    """Restored from a backup (the window and the command line both record a restore in the audit trail,
    under the device id the backup held) and neither gone on under a new id nor pushed since."""
    from coordinateur.store.models import JournalAudit

    with store.read() as session:
        restored = session.execute(
            select(JournalAudit.appareil, JournalAudit.horodatage)
            .where(JournalAudit.action == "restauration", JournalAudit.objet_type == "base")
            .order_by(JournalAudit.id.desc())
            .limit(1)
        ).first()
        pushed = session.scalar(select(func.max(SegmentEcrit.ecrit_le)))
    if restored is None or restored.appareil != store.device_id:
        return False
    try:
        return not pushed or datetime.fromisoformat(pushed) < datetime.fromisoformat(restored.horodatage)
    except ValueError:
        return True


def instance(store: Store) -> str:
    """Which data folder this store is in: its inode, kept by what Coordinateur does inside it (a restore, an
    encryption, a migration replace files within it) and new when the folder is copied, to another computer
    or elsewhere on this one, or put back whole from a system backup."""
    try:
        return str(os.stat(store.paths.data).st_ino)
    except OSError:
        return ""


def deplacee(store: Store) -> bool:
    """In another data folder than at its last push, with no restore recorded: copied by hand (the former
    folder may still be in use on another computer, and write further in this store's stream)."""
    known = load_settings(store).partage_instance
    return bool(known) and known != instance(store)


def suivies(copies: list[Any], following: Any, device: str, seq: int) -> tuple[list[Any], bool]:
    """Which of several valid copies of one seq, chaining from the same segment, colleagues follow: the one a
    next segment chains from; failing that, the one under its author's own file name (a copy renamed by a
    sync tool never outweighs it). Also says whether the name decided. More than one: nobody can tell."""
    named = [c for c in copies if any(n.previous == c.sha256 for n in following)]
    if len(named) == 1:
        return named, False
    own_name = re.compile(rf"{re.escape(device)}_{seq:08d}(\.r\d+)?\.seg")
    return [c for c in copies if own_name.fullmatch(c.path.name)], True


def nouvel_identifiant(
    store: Store, present: dict[int, list[Segment]] | None, admis_jusqua: int | None = None
) -> None:
    """This store goes on under a new device id. The operations of the former id that colleagues did not
    admit as it wrote them go out again, stamped with the new id: those never pushed, those of a segment not
    found in the folder as written (`present`, the former stream's segments; None: this store's own record
    of what it wrote is trusted, no folder at hand), and those after `admis_jusqua` (the former id's last
    segment colleagues accepted: a retired laptop's, or 0 when none can be relied on). The stamps keep their
    time: a colleague's later change still wins; an edit's `bases` naming a re-stamped clock name it as
    re-stamped (else the receivers, who know only the new stamp, would see the laptop's own successive edits
    as concurrent). What colleagues admitted (of the former id, or of an earlier one) leaves the log: the
    new stream numbers its segments from 1 again, and an operation of another id kept under one of those
    numbers would be sent again, or healed into the new stream, under a stamp that is not its author's."""
    from coordinateur.store.base import new_uuid

    old, new = store.device_id, new_uuid()
    models = modeles()

    def restamp(session: Any) -> None:
        written = list(session.scalars(select(SegmentEcrit)))
        intact = [
            r.seq
            for r in written
            if (admis_jusqua is None or r.seq <= admis_jusqua)
            and (present is None or suivie(r.sha256, present, old, r.seq))
        ]
        session.execute(
            update(Operation)
            .where(Operation.seq.is_not(None), Operation.device == old, Operation.seq.not_in(intact))
            .values(seq=None)
        )
        session.execute(delete(Operation).where(Operation.seq.is_not(None)))
        pending = list(session.scalars(select(Operation).where(Operation.seq.is_(None))))
        renamed: dict[str, str] = {}
        for op in pending:
            stamp = Timestamp.decode(op.clock)
            if stamp.device == old:
                renamed[op.clock] = Timestamp(stamp.wall, stamp.counter, new).encode()
        for op in pending:
            fields = op.fields or {}
            bases = fields.get("bases") or {}
            if any(v in renamed for v in bases.values()):
                op.fields = {**fields, "bases": {k: renamed.get(v, v) for k, v in bases.items()}}
            if op.clock not in renamed:
                continue
            before, after = op.clock, renamed[op.clock]
            op.clock, op.device = after, new
            model = models.get(op.kind)
            record = session.get(model, op.record_id) if model is not None else None
            if record is None:
                continue
            record.field_clocks = {
                k: (after if v == before else v) for k, v in (record.field_clocks or {}).items()
            }
            if record.updated_at == before:
                record.updated_at, record.updated_by = after, new
            if record.created_at == before:
                record.created_at = after
        for row in written:
            session.delete(row)

    store.change_identite(new, restamp)
    enregistre_reglages(store, partage_instance=instance(store))


def pour_rejoindre(
    store: Store, root: Path | None, ancienne: Equipe | None, admis_jusqua: int | None
) -> None:
    """Before joining a team that already knows this laptop's id (retired from it, left out of a key
    renewal, one of the successors of a disputed succession, or a copy of a member's install): this laptop
    takes a new id (`nouvel_identifiant`); its former stream stays the former member's, read by everyone
    as before. `ancienne`: this laptop's view of that team, to read the former stream in the folder."""
    present = (
        segments_de(root, store.device_id, ancienne) if root is not None and ancienne is not None else None
    )
    nouvel_identifiant(store, present, admis_jusqua)


def suivie(sha256: str, present: dict[int, list[Segment]], device: str, seq: int) -> bool:
    """This store's segment `seq` (its content hash) is in the folder and is the copy colleagues follow:
    not outweighed by a different one sealed with the same key (another instance of this store, a disk
    image of this laptop) that a sync tool kept under the segment's own name."""
    copies = present.get(seq, [])
    mine = [c for c in copies if c.sha256 == sha256]
    if not mine:
        return False
    rivals = [c for c in copies if c.sha256 != sha256 and c.previous == mine[0].previous]
    if not rivals:
        return True
    followed, _by_name = suivies(mine[:1] + rivals, present.get(seq + 1, []), device, seq)
    return [c.sha256 for c in followed] == [sha256]
