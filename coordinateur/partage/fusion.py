"""Merging judged snapshots into the store (issue 17): whose words are taken, field by field by clock.

`applique` merges one snapshot in its own transaction, in batches (memory follows a batch). A laptop
joining takes several members' snapshots at once (each fills its own author's gap): `Fusion` merges them in
one transaction, each record held in memory across them, so that a record several snapshots speak for is
written once and the directory index is brought in line once, at the end; it is all or nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from coordinateur.partage.models import Conflit
from coordinateur.partage.regles import (
    KINDS_ANNUAIRE,
    SEUIL_SUPPRESSIONS,
    SuppressionsMassives,
    appareil_de,
    attente,
    attente_de,
    nouvelle_fiche,
    plancher,
)
from coordinateur.store import Store
from coordinateur.store.clock import Timestamp

LOT = 500  # records looked up, and (in batches) written, at a time


class Voix:
    """Whose words a snapshot is taken for: its author's, and the retired members' it carries up to their
    retirement. A placeholder's floor clock is nobody's word."""

    def __init__(self, auteur: str, portes: dict[str, int] | None = None) -> None:
        self.auteur, self.portes = auteur, portes or {}
        self._dits: dict[str, bool] = {}  # clock → verdict: a record's fields mostly share a few clocks

    def __call__(self, clock: Any) -> bool:
        try:
            return self._dits[clock]
        except KeyError:
            said = self._dits[clock] = self._juge(str(clock))
            return said

    def _juge(self, text: str) -> bool:
        if attente(text):
            return False
        device = appareil_de(text)
        if device == self.auteur:
            return True
        bound = self.portes.get(device)
        if bound is None:
            return False
        try:
            return Timestamp.decode(text).wall <= bound
        except (ValueError, TypeError):
            return False


class Fusion:
    """Snapshots merged into this store in the caller's write transaction (`session`). With `par_lots`,
    each batch of records is written, indexed and let go before the next (memory follows a batch); without,
    every record loaded or created stays in memory until `termine` (a record several snapshots speak for is
    written once, the index brought in line once)."""

    def __init__(self, store: Store, session: Session, models: dict[str, Any], bilan: Any, *,
                 par_lots: bool) -> None:  # fmt: skip
        self.store, self.session, self.models, self.bilan = store, session, models, bilan
        self.par_lots = par_lots
        self.fiches: dict[tuple[str, str], Any] = {}  # (kind, id) → record loaded or created here
        self.touchees: dict[tuple[str, str], Any] = {}  # … that changed, not indexed yet
        self.connus: set[tuple[str, str, str, str]] | None = None
        self.en_attente: list[dict[str, Any]] = []  # conflict lines to record once their records are in
        self.supprimees: dict[str, int] = {}  # kind → deletions the guard counted in this merge (one import)
        # (kind, id) → clock of a tombstone this merge created for a record not held yet (`_garde`)
        self.en_avance: dict[tuple[str, str], str] = {}
        self.derniere = ""
        self.avant: dict[str, set[str]] = {}  # kind → the ids the store held when a join began (`_ailleurs`)
        session.info["remote"] = True
        session.autoflush = False  # written when this merge says so: pending records are in `fiches`

    def tenues(self, kind: str, ids: list[str]) -> dict[str, Any]:
        """The records of `kind` with these ids held here (in this merge, or in the store)."""
        model = self.models[kind]
        found = {rid: self.fiches[(kind, rid)] for rid in ids if (kind, rid) in self.fiches}
        wanted = [rid for rid in ids if rid not in found]
        for start in range(0, len(wanted), LOT):
            for record in self.session.scalars(
                select(model).where(model.id.in_(wanted[start : start + LOT]))
            ):
                found[record.id] = self.fiches[(kind, record.id)] = record
        return found

    def _ailleurs(self, kind: str, ids: list[str]) -> set[str]:
        """The ids among these held here as another kind. In a join (without `par_lots`), what the store held
        before it is read once: every record this merge loaded or created since stays in `fiches`."""
        clashes = {rid for rid in ids for k in self.models if k != kind and (k, rid) in self.fiches}
        for k, model in self.models.items():
            if k == kind:
                continue
            if not self.par_lots:
                before = self.avant.get(k)
                if before is None:
                    before = self.avant[k] = set(self.session.scalars(select(model.id)))
                clashes.update(rid for rid in ids if rid in before)
                continue
            for start in range(0, len(ids), LOT):
                clashes.update(
                    self.session.scalars(select(model.id).where(model.id.in_(ids[start : start + LOT])))
                )
        return clashes

    def ajoute(
        self,
        records: Iterable[dict[str, Any]],
        conflicts: Iterable[dict[str, Any]],
        accepter_suppressions: bool,
        *,
        garde_locales: bool = False,
        auteur: str,
        seul: bool = False,
        nom_auteur: str = "",
        portes: dict[str, int] | None = None,
    ) -> None:
        """Merge one judged snapshot (see `applique`). Raises SuppressionsMassives before touching a kind
        whose deletions pass the guard."""
        parle = Voix(auteur, portes)
        session, models, bilan = self.session, self.models, self.bilan
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for line in records:  # a record with none of the author's words brings nothing: not even held
            if (
                parle(line["updated_at"])
                or parle(line["created_at"])
                or any(map(parle, line["field_clocks"].values()))
            ):
                by_kind.setdefault(line["kind"], []).append(line)
        for kind, lines in by_kind.items():  # an id another kind holds here: that record only is set aside
            clashes = self._ailleurs(kind, [line["id"] for line in lines])
            if clashes:
                by_kind[kind] = [line for line in lines if line["id"] not in clashes]
                bilan.alertes.append(
                    f"{len(clashes)} fiche(s) « {kind} » d'un instantané de l'ordinateur « {nom_auteur or auteur[:8]} » "
                    f"mise(s) de côté : leur identifiant ({', '.join(sorted(clashes)[:3])}) est déjà celui d'une "
                    "fiche d'un autre genre. Le reste de l'instantané est appliqué."
                )
        for kind, lines in by_kind.items():
            model = models[kind]
            self._garde(model, kind, lines, parle, accepter_suppressions, garde_locales)
            for start in range(0, len(lines), LOT):
                batch = lines[start : start + LOT]
                held = self.tenues(kind, [x["id"] for x in batch])
                for line in batch:
                    record = held.get(line["id"])
                    touched = fusionne(session, model, record, line, auteur, garde_locales, seul, parle,
                                       moi=self.store.device_id)  # fmt: skip
                    if touched is not None:
                        bilan.appliques += 1
                        bilan.par_auteur[auteur] += 1
                        self.fiches[(kind, line["id"])] = self.touchees[(kind, line["id"])] = touched
                if self.par_lots:
                    self._ecrit()
        self._conflits(conflicts, auteur)
        latest = max((line["updated_at"] for lines in by_kind.values() for line in lines), default="")
        self.derniere = max(self.derniere, latest)

    def _garde(
        self, model: Any, kind: str, lines: list[dict[str, Any]], parle: Voix, accepter: bool, garde: bool
    ) -> None:
        """The 20 % deletion guard over the records held here (in the store, or brought by an earlier snapshot
        of this merge) that this snapshot would delete, counted with those the earlier snapshots of this
        merge deleted: one merge is one import. With `garde` (a laptop joining), the records whose deletion
        clock is this laptop's own word are kept as they are: they neither count nor make up the total. A
        deletion of a record that is a placeholder of the deleting device's word is not a deletion of what is
        held. A tombstone an earlier snapshot of the merge created for a record not held yet counts once a
        snapshot brings that record, as it would have had that snapshot come first."""
        wanted = [
            line for line in lines if line["valeurs"].get("deleted") and parle(horloge(line, "deleted"))
        ]
        early = [
            line
            for line in lines
            if (kind, line["id"]) in self.en_avance and not line["valeurs"].get("deleted")
        ]
        if not wanted and not early:
            return
        state: dict[str, tuple[bool, str]] = {}  # id → (deleted, clock of `deleted`)
        for line in wanted:
            record = self.fiches.get((kind, line["id"]))
            if record is not None:
                state[line["id"]] = (bool(record.deleted), record.clock_of("deleted"))
        ids = [line["id"] for line in wanted if line["id"] not in state]
        for start in range(0, len(ids), LOT):
            rows = self.session.execute(select(model.id, model.deleted, model.created_at, model.field_clocks)
                                        .where(model.id.in_(ids[start : start + LOT])))  # fmt: skip
            for rid, gone, created, clocks in rows:
                state[rid] = (bool(gone), (clocks or {}).get("deleted") or created)
        moi = self.store.device_id
        deleting = 0
        for line in wanted:
            held = state.get(line["id"])
            if held is None:
                if not self.par_lots:  # a tombstone of a record the next snapshots may bring
                    self.en_avance[(kind, line["id"])] = horloge(line, "deleted")
                continue
            if held[0]:
                continue
            theirs, mine = horloge(line, "deleted"), held[1]
            if theirs <= mine or attente_de(mine, appareil_de(theirs)):
                continue
            if garde and not attente(mine) and appareil_de(mine) == moi:
                continue  # a laptop joining keeps its own records
            deleting += 1
        ahead = fresh = 0
        if early:  # as if this snapshot had come first: the `deleted` it would create its records with
            held_now = self.tenues(kind, [line["id"] for line in lines])
            fresh = sum(
                1 for line in lines if line["id"] not in held_now and not line["valeurs"].get("deleted")
            )
            for line in early:
                theirs = self.en_avance.pop((kind, line["id"]))
                said = horloge(line, "deleted")
                mine = (
                    (said if parle(said) else plancher(said))
                    if "deleted" in line["valeurs"]
                    else plancher(line["created_at"])
                )
                if theirs > mine and not attente_de(mine, appareil_de(theirs)):
                    ahead += 1
        if not deleting and not ahead:
            return
        before = self.supprimees.get(kind, 0)
        self.supprimees[kind] = before + deleting + ahead
        if accepter:
            return
        self.session.flush()  # the records this merge brought count in the total
        total = self.session.scalar(select(func.count()).select_from(model).where(~model.deleted)) or 0
        if garde:
            total -= self._siennes(model)
        total += before + ahead + fresh  # what this merge deleted was held here; what this snapshot brings
        count = before + deleting + ahead
        if total >= 5 and count > SEUIL_SUPPRESSIONS * total:
            raise SuppressionsMassives(
                f"Un instantané du dossier de partage supprimerait {count} fiches « {kind} » sur {total} "
                "(plus de 20 %). Rien n'a été appliqué : vérifiez auprès de vos collègues, puis relancez en "
                "acceptant les suppressions si c'est voulu."
            )

    def _siennes(self, model: Any) -> int:
        """The live records of `model` whose deletion clock is this laptop's own word (a laptop joining keeps
        them: no snapshot can delete them)."""
        moi, found = self.store.device_id, 0
        rows = self.session.execute(select(model.created_at, model.field_clocks).where(~model.deleted))
        for created, clocks in rows:
            clock = (clocks or {}).get("deleted") or created
            found += not attente(clock) and appareil_de(clock) == moi
        return found

    def _conflits(self, conflicts: Iterable[dict[str, Any]], auteur: str) -> None:
        """The snapshot's conflicts whose discarded value is its author's (a value discarded from a colleague
        is that colleague's to tell, in its own snapshot). Without `par_lots` (a join), they are recorded in
        `termine`, once every snapshot's records are in: a conflict's record may come with the next one."""
        mine = [
            line for line in conflicts if de(line["horloge_ecartee"], auteur) and line["kind"] in self.models
        ]
        self.en_attente.extend(mine)
        if self.par_lots:
            self._conflits_tenus()
            self._ecrit()

    def _conflits_tenus(self) -> None:
        """Record the conflicts waiting whose record is held here and that are not recorded yet. The value
        recorded as kept is always the one held here (when the clocks agree, or when the line's clock is
        no longer the field's, the list shows the record's current value anyway): a line's own word for a
        value it did not keep is never stored."""
        if not self.en_attente:
            return
        if self.connus is None:
            self.connus = {(c.kind, c.record_id, c.champ, c.horloge_ecartee)
                           for c in self.session.scalars(select(Conflit))}  # fmt: skip
        wanted: dict[str, list[str]] = {}
        for line in self.en_attente:
            wanted.setdefault(line["kind"], []).append(line["record_id"])
        holding = {kind: self.tenues(kind, ids) for kind, ids in wanted.items()}
        rows: list[dict[str, Any]] = []
        for line in self.en_attente:
            key = (line["kind"], line["record_id"], line["champ"], line["horloge_ecartee"])
            held = holding[line["kind"]].get(line["record_id"])
            if key in self.connus or held is None or getattr(held, line["champ"]) == line["ecartee"]:
                continue  # (the record holds the discarded value: nothing to decide)
            self.connus.add(key)
            rows.append({"kind": line["kind"], "record_id": line["record_id"], "champ": line["champ"],
                         "valeur_gardee": getattr(held, line["champ"]), "valeur_ecartee": line["ecartee"],
                         "horloge_gardee": line["horloge_gardee"], "horloge_ecartee": line["horloge_ecartee"],
                         "detecte_le": datetime.now(UTC).isoformat(timespec="seconds"), "regle": False})  # fmt: skip
        if rows:  # in one statement: the unit of work inserts rows with a generated key one at a time
            self.session.execute(insert(Conflit), rows)
            self.bilan.conflits += len(rows)
        self.en_attente.clear()

    def _ecrit(self) -> None:
        """Write what changed and bring the directory index in line; with `par_lots`, let it go."""
        self.bilan.conflits_regles += Conflit.muets_regles(self.session, self.touchees.values())
        self.session.flush()
        directory = [r for (kind, _rid), r in self.touchees.items() if kind in KINDS_ANNUAIRE]
        if directory:
            from coordinateur.annuaire import index

            index.reindex(self.session, directory)
            self.session.flush()
        self.touchees.clear()
        if self.par_lots:
            self.fiches.clear()
            self.session.expunge_all()

    def termine(self) -> None:
        """The conflicts recorded, everything written and indexed; this laptop's clock has seen the newest
        word taken."""
        self._conflits_tenus()
        self._ecrit()
        if self.derniere:
            self.store.clock.receive(Timestamp.decode(self.derniere))
        self.session.flush()
        self.store._persist_clock(self.session)


def applique(
    store: Store,
    records: Iterable[dict[str, Any]],
    conflicts: Iterable[dict[str, Any]],
    models: dict[str, Any],
    bilan: Any,
    accepter_suppressions: bool,
    *,
    garde_locales: bool = False,
    auteur: str,
    seul: bool = False,
    nom_auteur: str = "",
    portes: dict[str, int] | None = None,
) -> None:
    """Merge a judged snapshot into this store, field by field by clock, in one transaction. Only its
    `auteur`'s own words are taken (a field or a conflict's discarded value stamped with its clock): a
    member's snapshot stands for that member's segments, never for a colleague's, whatever clocks it shows.
    With `garde_locales` (a laptop joining: every record it holds is its own, and a colleague's deletion of
    one comes with that colleague's segments) no record held here is changed or deleted by it. Which
    segments it covers is never recorded as read here: only the caller knows which of them are gone from the
    folder. With `seul` (a head start while every segment is still in the folder), only records wholly its
    author's own words are created: the rest comes with the segments, as their authors wrote it. The
    `portes` (retired member → retirement, ms) are the retired members whose words are taken as well."""
    with store.write() as session:
        fusion = Fusion(store, session, models, bilan, par_lots=True)
        fusion.ajoute(records, conflicts, accepter_suppressions, garde_locales=garde_locales,
                      auteur=auteur, seul=seul, nom_auteur=nom_auteur, portes=portes)  # fmt: skip
        fusion.termine()


def fusionne(
    session: Any, model: Any, record: Any, line: dict[str, Any], auteur: str, garde: bool = False,
    seul: bool = False, parle: Voix | None = None, moi: str = "",
) -> Any:  # fmt: skip
    """One snapshot record merged into this store's, field by field by clock; the record when it changed.
    Only fields stamped with the `auteur`'s clock are taken into a record held here. A record not held here
    is created with those at their clocks and the others as placeholders, at the floor clock of the device
    the line attributes them to (which that device's own segment or snapshot outweighs whenever it comes); a
    tombstone of another device's is not created (nothing to delete). With `garde`, a record held here is
    left as it is, but for the placeholders another snapshot left in it; with `seul`, a record is created
    only when all of it is the author's own words. `parle` says whose words are taken (by default the
    `auteur`'s). With `garde`, the fields kept as they are are those whose word is this laptop's (`moi`), or
    every field without it."""
    parle = parle or Voix(auteur)
    if record is None:
        if seul and not siens(line, auteur):
            return None
        if line["valeurs"].get("deleted") and not parle(horloge(line, "deleted")):
            return None
        # every field the line does not hold as its author's is a placeholder, at the floor clock of the
        # device the line attributes it to (the record's creator for a field the line does not hold)
        said, values, born = line["field_clocks"], line["valeurs"], line["created_at"]
        floor = plancher(born)
        clocks: dict[str, str] = {}
        for name in model.data_fields():
            clock = str(said.get(name) or born) if name in values else floor  # `horloge(line, name)`
            # one string per clock (`sys.intern`): a record's fields mostly share one, which the snapshot's
            # JSON spells once per field, and a joining laptop holds every record until it writes them
            clocks[name] = sys.intern(clock if clock is floor or parle(clock) else plancher(clock))
        created = line["created_at"] if parle(line["created_at"]) else floor
        updated = line["updated_at"] if parle(line["updated_at"]) else max([created, *clocks.values()])
        record = nouvelle_fiche(model, line["id"], line["valeurs"], created_at=created, updated_at=updated,
                                updated_by=auteur, field_clocks=clocks)  # fmt: skip
        session.add(record)
        return record
    clocks = dict(record.field_clocks or {})
    changed = False
    if parle(line["created_at"]) and attente_de(record.created_at, appareil_de(line["created_at"])):
        record.created_at = line["created_at"]  # a placeholder's creation, now told by its creator
        changed = True
    born = record.created_at
    for name, value in line["valeurs"].items():
        theirs, mine = horloge(line, name), clocks.get(name) or born  # `record.clock_of(name)`
        if garde and not attente(mine) and (not moi or appareil_de(mine) == moi):
            continue  # a laptop joining keeps its own words, and what another snapshot gave it is merged
        if parle(theirs) and theirs > mine:
            setattr(record, name, value)
            clocks[name] = sys.intern(theirs)
            changed = True
    if changed:
        record.field_clocks = clocks
        newest = max(clocks.values())
        if newest > record.updated_at:
            record.updated_at, record.updated_by = newest, auteur
    return record if changed else None


def de(clock: Any, device: str) -> bool:
    """Whether a clock is `device`'s own word: its device part (after the wall time and the counter) is that
    id, exactly, and it is not a floor clock (a placeholder is nobody's word)."""
    return appareil_de(str(clock)) == device and not attente(str(clock))


def siens(line: dict[str, Any], device: str) -> bool:
    clocks = (line["created_at"], line["updated_at"], *line["field_clocks"].values())
    return line["updated_by"] == device and all(de(c, device) for c in clocks)


def horloge(line: dict[str, Any], name: str) -> str:
    return str(line["field_clocks"].get(name) or line["created_at"])
