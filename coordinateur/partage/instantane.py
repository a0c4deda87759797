"""Compaction of the shared folder: signed snapshots (issue 17), and writing them.

A snapshot is one member's own words in the shared records as it holds them (the fields stamped with its
clock, with their values and clocks, tombstones included; the words of a device no longer active, which
nobody else speaks for; the required fields of each record it holds a word in; the conflicts it recorded
whose discarded value is its own and has not settled), with what it covers: per device, the last segment
whose operations it holds (seq and SHA-256 of its clear content). Every active member's words are in its
own snapshot or segments, so the members' snapshots together are about one snapshot of the directory. It is sealed and signed like a
segment (team key, the author's Ed25519 key) and written once in the author's own folder:
`appareils/<device>/<device>_<AAAAMMJJTHHMMSSZ>.snap`.

Anyone who can write to the folder may be hostile (a colleague's infected laptop with valid keys, a retired
member, the storage admin with no key, a sync tool copying files in place), so a snapshot is never taken on
its author's word for what it covers: it is judged line by line (`jugement`), and only its author's words
are taken from it, only when a laptop needs it (`rattrapage`).

This module holds what those stand on: the thresholds, limits and file names, the refusal
(`InstantaneRefuse`) and the clock (`_now`: the judging, the taking and the pruning read it through this
module, as they read `INSTANTANE_MAX`, so that a test or the benchmark setting it here moves them all);
writing a snapshot (`encode`, `ecrit`) with what it covers (`couverture`, `_borne`, `inactifs`); and a
departed laptop's forgetting once read through (`oublie_appareil`). Stands on the folder (`dossier`,
`fichiers`), the team, the models, the schema and `fusion`; below `jugement`, `rattrapage`, `elagage` and
`sync`.

Read receipts and pruning against a laptop's own snapshot: `elagage`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from coordinateur.partage import fichiers
from coordinateur.partage.dossier import FORMAT, ecrit_une_fois
from coordinateur.partage.equipe import Equipe
from coordinateur.partage.fichiers import KO, MO
from coordinateur.partage.fusion import de
from coordinateur.partage.models import (
    AppareilVu,
    Conflit,
    InstantaneVu,
    SegmentEcrit,
    SegmentLu,
)
from coordinateur.partage.regles import (
    appareil_de,
)
from coordinateur.partage.schema import schema
from coordinateur.settings import enregistre_reglages
from coordinateur.store import Store

GRACE = timedelta(days=30)  # a segment covered by a snapshot stays this long in the folder
INSTANTANE_SEGMENTS = 200  # a snapshot is written once this many segments follow the latest one…
INSTANTANE_DELAI = timedelta(days=7)  # …or once it is a week old (and anything follows it)
LU_DELAI = timedelta(days=1)  # a laptop publishes what it has read at most once a day
INSTANTANE_MAX = 256 * MO
LU_MAX = 64 * KO
AVENIR_MAX = timedelta(hours=24)
# <device>_<AAAAMMJJTHHMMSSZ>.snap and .lu, in the device's own folder
NOM = re.compile(r"^(?P<device>[0-9a-f-]{36})_(?P<date>\d{8}T\d{6}Z)\.(?P<ext>snap|lu)$")


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _instant(name: str) -> datetime:
    return datetime.strptime(name, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


class InstantaneRefuse(Exception):
    def __init__(self, motif: str) -> None:
        super().__init__(motif)
        self.motif = motif


# -- writing -------------------------------------------------------------------------------------------


def couverture(store: Store) -> dict[str, list[Any]]:
    """What this laptop's records hold, per device: its last segment read (or written), seq and SHA-256."""
    with store.read() as session:
        found: dict[str, list[Any]] = {}
        last = (
            select(SegmentLu.appareil, func.max(SegmentLu.seq).label("seq"))
            .group_by(SegmentLu.appareil)
            .subquery()
        )
        rows = session.execute(
            select(SegmentLu.appareil, SegmentLu.seq, SegmentLu.sha256).join(
                last, (SegmentLu.appareil == last.c.appareil) & (SegmentLu.seq == last.c.seq)
            )
        )
        for device, seq, sha in rows:
            found[device] = [seq, sha]
        own = session.scalars(select(SegmentEcrit).order_by(SegmentEcrit.seq.desc()).limit(1)).first()
        if own is not None:
            found[store.device_id] = [own.seq, own.sha256]
    return found


def encode(
    store: Store,
    kinds: tuple[str, ...],
    couvre: dict[str, list[Any]],
    models: dict[str, Any],
    moment: datetime | None = None,
    membres: Iterable[str] = (),
    inactifs: Iterable[str] = (),
) -> bytes:
    """The clear content of a snapshot of this laptop's own words (JSON lines, with a trailer). A laptop
    takes from a snapshot only its author's words, and each active member's come from its own snapshot or
    segments; so a record line holds only the fields stamped with this laptop's clock or with a device that
    is no longer an active member (`membres` are the active ones: nobody else speaks for the others any
    more), plus the fields a new record cannot do without (as held here: a reader takes them as
    placeholders). A record holding none of these words is left out, unless this laptop created it or
    recorded a conflict over it whose discarded value is its own (the conflict lines hold only those). The
    sum of the members' snapshots is about one snapshot. Its header names the `inactifs`, the devices no
    longer active whose words it carries (a retired laptop's own snapshot is refused)."""
    me = store.device_id
    others = set(membres) - {me}
    lines: list[str] = []
    count = conflicts = 0
    with store.read() as session:
        disputed = _disputees(session, me)
        for kind in kinds:
            model = models.get(kind)
            if model is None:
                continue
            names = model.data_fields()
            needed = [n for n, champ in schema(model).items() if champ.requis]
            for record in session.scalars(select(model).order_by(model.id)).yield_per(500):
                if _muet(record, names, others, disputed):
                    continue
                clocks = {n: record.clock_of(n) for n in names}
                said = [n for n in names if appareil_de(clocks[n]) not in others]
                kept = [*said, *(n for n in needed if n not in said)]
                line = {"type": "fiche", "kind": kind, "id": record.id, "created_at": record.created_at,
                        "updated_at": record.updated_at, "updated_by": record.updated_by,
                        "field_clocks": {n: clocks[n] for n in kept},
                        "valeurs": {n: getattr(record, n) for n in kept}}  # fmt: skip
                lines.append(json.dumps(line, ensure_ascii=False, sort_keys=True))
                count += 1
        for row in session.scalars(select(Conflit).where(~Conflit.regle, Conflit.kind.in_(kinds))):
            if not de(row.horloge_ecartee, me):
                continue
            line = {"type": "conflit", "kind": row.kind, "record_id": row.record_id, "champ": row.champ,
                    "gardee": row.valeur_gardee, "ecartee": row.valeur_ecartee,
                    "horloge_gardee": row.horloge_gardee, "horloge_ecartee": row.horloge_ecartee}  # fmt: skip
            lines.append(json.dumps(line, ensure_ascii=False, sort_keys=True))
            conflicts += 1
    header = {**FORMAT, "type": "instantane", "appareil": store.device_id, "cree_le": _stamp(moment or _now()),
              "genres": list(kinds), "couvre": couvre, "fiches": count, "conflits": conflicts,
              "parle_pour": sorted(set(inactifs))}  # fmt: skip
    body = ("\n".join([json.dumps(header, ensure_ascii=False, sort_keys=True), *lines]) + "\n").encode(
        "utf-8"
    )
    trailer = json.dumps({"type": "fin", "sha256": hashlib.sha256(body).hexdigest()}) + "\n"
    return body + trailer.encode("utf-8")


def _disputees(session: Any, me: str) -> set[tuple[str, str]]:
    """The records of the unsettled conflicts whose discarded value is this laptop's."""
    return {(r.kind, r.record_id) for r in session.scalars(select(Conflit).where(~Conflit.regle))
            if de(r.horloge_ecartee, me)}  # fmt: skip


def _sans_mot(session: Any, models: dict[str, Any], keys: Iterable[tuple[str, str]], me: str,
              others: set[str]) -> set[tuple[str, str]]:  # fmt: skip
    """Of `keys`, the records a snapshot of this laptop leaves out (`encode`): none of its words (nor a
    departed member's) stands in them any more, it did not create them and no conflict of its is over them."""
    disputed = _disputees(session, me)
    by_kind: dict[str, list[str]] = {}
    for kind, rid in keys:
        by_kind.setdefault(kind, []).append(rid)
    silent: set[tuple[str, str]] = set()
    for kind, ids in by_kind.items():
        model = models.get(kind)
        if model is None:
            continue
        names = model.data_fields()
        for start in range(0, len(ids), 500):
            for record in session.scalars(select(model).where(model.id.in_(ids[start : start + 500]))):
                if _muet(record, names, others, disputed):
                    silent.add((kind, record.id))
    return silent


def _muet(record: Any, names: Iterable[str], others: set[str], disputed: set[tuple[str, str]]) -> bool:
    """Whether this laptop's snapshot leaves a record out: every field's clock and its creation are another
    active member's, and no conflict of this laptop's is over it."""
    return (
        appareil_de(record.created_at) in others
        and (record.KIND, record.id) not in disputed
        and all(appareil_de(record.clock_of(n)) in others for n in names)
    )


def ecrit(store: Store, root: Path, equipe: Equipe, kinds: tuple[str, ...], models: dict[str, Any]) -> str:
    """Write a snapshot of this laptop's shared records now (under a name no file of the folder has); its
    name below the coordinateur/ root. It covers a retired laptop's segments up to the last one its
    retirement accepts, never further, and carries no word of one whose later segments this laptop read
    (`_lus_au_dela`)."""
    own = root / "appareils" / store.device_id
    moment = _now().replace(microsecond=0)
    while fichiers.lstat(own / f"{store.device_id}_{_stamp(moment)}.snap") is not None:
        moment += timedelta(seconds=1)  # a file planted under the name this one would take
    name = f"{store.device_id}_{_stamp(moment)}.snap"
    couvre = couverture(store)
    past = _lus_au_dela(couvre, equipe)
    couvre = _borne(couvre, equipe)
    gone = [d for d in inactifs(equipe) if d not in past]
    clear = encode(store, kinds, couvre, models, moment, membres=[*equipe.actifs(), *past], inactifs=gone)
    ecrit_une_fois(own / name, equipe.scelle(clear, "instantane"), own / ".tmp", root=root)
    enregistre_reglages(store, partage_inactifs_instantane=sorted(equipe.retraits))
    relative = f"appareils/{store.device_id}/{name}"
    info = fichiers.lstat(own / name)
    with store.write() as session:
        session.merge(InstantaneVu(nom=relative, auteur=store.device_id, cree_le=_stamp(moment), couvre=couvre,
                                   genres=list(kinds), valide=True, motif="", applique=False,
                                   empreinte=_signature(info) if info is not None else ""))  # fmt: skip
    return relative


def _lus_au_dela(couvre: dict[str, list[Any]], equipe: Equipe) -> set[str]:
    """The retired laptops this one read segments of beyond the last one their retirement accepts (read
    before it knew of the retirement): what it holds of their words may come from segments the team refuses,
    so its snapshots do not carry their words (the colleagues that did not read past carry them)."""
    return {d for d, mark in couvre.items() if (end := equipe.dernier(d)) is not None and _au_dela(mark, end)}


def _au_dela(mark: list[Any], end: tuple[int, str]) -> bool:
    """Whether a mark of what was read of a retired laptop (seq, SHA-256) goes past the last segment its
    retirement accepts: a later seq, or that seq read in another copy (a stolen laptop may write one seq
    twice; the retirement names the copy it accepts)."""
    return int(mark[0]) > end[0] or (int(mark[0]) == end[0] and bool(end[1]) and str(mark[1]) != end[1])


def _borne(couvre: dict[str, list[Any]], equipe: Equipe) -> dict[str, list[Any]]:
    """What a snapshot says it covers: never a retired laptop's segments beyond the last one its retirement
    accepts (colleagues refuse a snapshot claiming them), but that one (or nothing of it when none is)."""
    bounded: dict[str, list[Any]] = {}
    for device, mark in couvre.items():
        end = equipe.dernier(device)
        if end is None or not _au_dela(mark, end):
            bounded[device] = mark
        elif end[0] > 0:
            bounded[device] = [end[0], end[1]]
    return bounded


def inactifs(equipe: Equipe) -> list[str]:
    """The team's devices no longer active (retired, or gone on under a new id): a snapshot carries their
    words, nobody else's."""
    return sorted((set(equipe.membres) | set(equipe.retraits)) - set(equipe.actifs()))


def _signature(info: Any) -> str:
    """A file as judged: size, modification time and inode (a file changed in place is judged again)."""
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"


def oublie_appareil(store: Store, device: str) -> None:
    """A departed laptop read through to its last segment: out of the devices list and of the listing."""
    with store.write() as session:
        session.execute(delete(AppareilVu).where(AppareilVu.appareil == device))
