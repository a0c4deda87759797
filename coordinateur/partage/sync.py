"""Push, pull and state of the shared folder (architecture §4).

Push: the operations not yet pushed become this laptop's next segment; earlier segments are checked and
healed; exports waiting in the outbox are published. Pull: other laptops' segments are applied strictly
in order, each with its bookkeeping in one transaction, stopping at a gap; per field the latest clock wins
(ties by device, within the clock string); the losing value of a concurrent edit goes to the conflicts.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from coordinateur.errors import CoordinateurError
from coordinateur.partage import fichiers
from coordinateur.partage.boite import publie
from coordinateur.partage.dossier import (
    CARTE_MAX,
    OPS_PAR_SEGMENT,
    SEGMENT_MAX,
    UUID,
    DossierIndisponible,
    FichierRefuse,
    ecrit_une_fois,
    encode_segment,
    lit_segment,
    nettoie_temporaires,
    releve_segments,
    segments_de,
    verifie_connexion,
)
from coordinateur.partage.models import (
    AppareilVu,
    BoiteEnvoi,
    Conflit,
    OperationTenue,
    SegmentEcrit,
    SegmentLu,
)
from coordinateur.settings import load_settings, save_settings
from coordinateur.store import Store
from coordinateur.store.base import Base, SyncRecord
from coordinateur.store.clock import Timestamp
from coordinateur.store.models import Operation
from coordinateur.text import horodatage_fr

log = logging.getLogger(__name__)
AVENIR_MAX = timedelta(hours=24)
SEUIL_SUPPRESSIONS = 0.20
KINDS_ANNUAIRE = ("intervenant", "structure")
KINDS_REUNIONS = ("reunion", "action")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def modeles() -> dict[str, type[Any]]:
    from coordinateur.store.registry import import_all_models

    import_all_models()
    return {m.class_.KIND: m.class_ for m in Base.registry.mappers
            if issubclass(m.class_, SyncRecord) and m.class_.TRAVELS}  # fmt: skip


class SuppressionsMassives(CoordinateurError):
    """One import would delete more than 20 % of a kind of record: stopped, nothing applied."""


@dataclass
class Bilan:
    ecrits: int = 0  # operations pushed
    segments_soignes: list[str] = field(default_factory=list)
    exports_publies: int = 0
    exports_refuses: list[str] = field(default_factory=list)
    appliques: int = 0  # operations applied
    segments_lus: int = 0
    conflits: int = 0
    tenues: int = 0
    alertes: list[str] = field(default_factory=list)

    def resume(self) -> str:
        parts = [
            f"{self.ecrits} modification(s) envoyée(s)",
            f"{self.appliques} reçue(s)",
            f"{self.exports_publies} export(s) déposé(s)",
        ]
        if self.conflits:
            parts.append(f"{self.conflits} conflit(s) à revoir")
        if self.tenues:
            parts.append(f"{self.tenues} modification(s) datée(s) du futur mises de côté")
        return ", ".join(parts) + "."


def kinds_partages(store: Store) -> tuple[str, ...]:
    return KINDS_ANNUAIRE + (KINDS_REUNIONS if load_settings(store).partage_reunions else ())


# -- push ------------------------------------------------------------------------------------------


def pousse(store: Store, root: Path, bilan: Bilan) -> None:
    """Push; a link or a special file planted in this laptop's own folder stops the push with a warning
    naming it (it is never followed nor deleted), and the pull still runs."""
    try:
        _pousse(store, root, bilan)
    except FichierRefuse as exc:
        bilan.alertes.append(exc.message + " Rien n'a été envoyé ; retirez ce fichier du dossier de partage.")


def _pousse(store: Store, root: Path, bilan: Bilan) -> None:
    own = root / "appareils" / store.device_id
    staging = own / ".tmp"
    for folder in (root / "appareils", own):
        fichiers.verifie_dossier(folder)
    _removed, warnings = nettoie_temporaires(staging, store.device_id)
    bilan.alertes += warnings
    settings = load_settings(store)
    card = own / "appareil.json"
    if not fichiers.existe(card):
        info = {"appareil": store.device_id, "nom": store.device_name, "coordinateur": settings.coordinateur_nom,
                "structure": settings.structure_nom}  # fmt: skip
        ecrit_une_fois(card, json.dumps(info, ensure_ascii=False).encode("utf-8"), staging, root=root)
    _soigne(store, own, staging, bilan)
    _ecrit_segment(store, own, staging, bilan)
    publie(store, root, bilan)


def _previous_hash(session: Any, seq: int) -> str:
    if seq <= 1:
        return ""
    row = session.get(SegmentEcrit, seq - 1)
    return row.sha256 if row else ""


def _ops_json(rows: list[Operation]) -> list[dict[str, Any]]:
    return [{"op_id": r.op_id, "record_id": r.record_id, "kind": r.kind, "clock": r.clock, "device": r.device,
             "user": r.user, "action": r.action, "fields": r.fields} for r in rows]  # fmt: skip


def _ecrit_segment(store: Store, own: Path, staging: Path, bilan: Bilan) -> None:
    kinds = kinds_partages(store)
    while True:
        with store.read() as session:
            pending = list(session.scalars(
                select(Operation).where(Operation.seq.is_(None), Operation.kind.in_(kinds)).order_by(Operation.clock)
                .limit(OPS_PAR_SEGMENT)
            ))  # fmt: skip
            if not pending:
                return
            seq = (session.scalar(select(func.max(SegmentEcrit.seq))) or 0) + 1
            previous = _previous_hash(session, seq)
        name = f"{store.device_id}_{seq:08d}.jsonl"
        final = own / "segments" / name
        data = encode_segment(store.device_id, seq, previous, _ops_json(pending))
        ops = pending
        try:
            digest = ecrit_une_fois(final, data, staging, root=own.parent.parent)
        except FileExistsError:
            existing = lit_segment(final)
            pending_ids = {op.op_id for op in pending}
            adopted = {op.get("op_id") for op in existing.operations} if existing is not None else set()
            if existing is not None and adopted <= pending_ids:
                # Written before a crash, not yet recorded: adopt it, the rest goes into the next segment.
                ops = [op for op in pending if op.op_id in adopted]
                digest, data = existing.sha256, fichiers.lit(final, SEGMENT_MAX)
            else:
                # A damaged leftover, or a file this laptop did not write, under the final name: never
                # overwritten; a copy under a healed name carries the seq.
                if existing is not None:
                    bilan.alertes.append(
                        f"Le segment {name} existe déjà dans le dossier de cet ordinateur avec un contenu qu'il "
                        "n'a pas écrit (installation copiée sur un autre ordinateur, ou fichier déposé par un "
                        "tiers) : cet ordinateur écrit le sien sous un autre nom."
                    )
                k = 1
                while fichiers.existe(final.with_name(f"{store.device_id}_{seq:08d}.r{k}.jsonl")):
                    k += 1
                name = f"{store.device_id}_{seq:08d}.r{k}.jsonl"
                digest = ecrit_une_fois(final.with_name(name), data, staging, root=own.parent.parent)
        with store.write() as session:
            session.execute(
                update(Operation).where(Operation.op_id.in_([op.op_id for op in ops])).values(seq=seq)
            )
            session.add(SegmentEcrit(seq=seq, nom=name, sha256=digest, taille=len(data), ecrit_le=_now()))
        bilan.ecrits += len(ops)


def _soigne(store: Store, own: Path, staging: Path, bilan: Bilan) -> None:
    """Every segment written earlier must still be there, intact; otherwise it is written again under a
    new name (never over the damaged file)."""
    with store.read() as session:
        written = list(session.scalars(select(SegmentEcrit).order_by(SegmentEcrit.seq)))
    if not written:
        return
    present = segments_de(own.parent.parent, store.device_id)
    for row in written:
        if any(copy.sha256 == row.sha256 for copy in present.get(row.seq, [])):
            continue
        with store.read() as session:
            ops = list(
                session.scalars(select(Operation).where(Operation.seq == row.seq).order_by(Operation.clock))
            )
            previous = _previous_hash(session, row.seq)
        data = encode_segment(store.device_id, row.seq, previous, _ops_json(ops))
        k = 1
        while fichiers.existe(own / "segments" / f"{store.device_id}_{row.seq:08d}.r{k}.jsonl"):
            k += 1
        name = f"{store.device_id}_{row.seq:08d}.r{k}.jsonl"
        ecrit_une_fois(own / "segments" / name, data, staging, root=own.parent.parent)
        bilan.segments_soignes.append(name)


# -- pull ------------------------------------------------------------------------------------------


def tire(store: Store, root: Path, bilan: Bilan, *, accepter_suppressions: bool = False) -> None:
    """Collect, per device, the segments that follow in order (stopping at a gap, a broken chain or a
    clone), then apply them all in one transaction, operations in clock order."""
    folder = root / "appareils"
    lot: list[Any] = []
    info = fichiers.lstat(folder)
    if info is not None and not fichiers.dossier_ordinaire(info):
        bilan.alertes.append(str(fichiers.refuse(folder, info, "dossier")))
    for device_dir, entry in fichiers.entrees(folder):
        if device_dir.name == store.device_id or not UUID.match(device_dir.name):
            continue
        if not fichiers.dossier_ordinaire(entry):
            bilan.alertes.append(str(fichiers.refuse(device_dir, entry, "dossier")))
            continue
        lot += _suivants(store, root, device_dir, bilan)
    with store.read() as session:
        held = session.scalar(select(func.count()).select_from(OperationTenue)) or 0
    if lot or held:
        _applique(store, lot, bilan, accepter_suppressions)


def _suivants(store: Store, root: Path, device_dir: Path, bilan: Bilan) -> list[Any]:
    device = device_dir.name
    _note_device(store, device_dir, bilan)
    with store.read() as session:
        seen = session.get(AppareilVu, device)
        if seen is not None and seen.bloque:
            bilan.alertes.append(seen.bloque)
            return []
        done = dict(
            session.execute(select(SegmentLu.seq, SegmentLu.sha256).where(SegmentLu.appareil == device)).all()
        )
    releve = releve_segments(root, device)
    bilan.alertes += releve.alertes
    copies = releve.valides
    seq = max(done, default=0) + 1
    previous = done.get(seq - 1, "")
    found = []
    while seq in copies:
        versions = {c.sha256: c for c in copies[seq]}
        if len(versions) > 1:
            reason = (f"Deux segments n° {seq} différents et valides pour l'appareil {device[:8]} : installation "
                      "copiée sur deux ordinateurs ? Les imports de cet appareil sont arrêtés.")  # fmt: skip
            with store.write() as session:
                row = session.get(AppareilVu, device)
                if row is not None:
                    row.bloque = reason
            bilan.alertes.append(reason)
            return []
        segment = next(iter(versions.values()))
        if segment.previous != previous:
            bilan.alertes.append(f"Segment n° {seq} de {device[:8]} hors chaîne : ignoré.")
            break
        found.append(segment)
        previous = segment.sha256
        seq += 1
    return found


def _note_device(store: Store, device_dir: Path, bilan: Bilan) -> None:
    card = device_dir / "appareil.json"
    info: Any = {}
    try:
        info = json.loads(fichiers.lit(card, CARTE_MAX))
    except FileNotFoundError:
        pass
    except FichierRefuse as exc:
        bilan.alertes.append(exc.message)
    except (OSError, ValueError, RecursionError):
        bilan.alertes.append(
            f"Dossier de partage : la fiche d'appareil « {card} » est illisible ; elle est ignorée."
        )
    if not isinstance(info, dict):
        bilan.alertes.append(
            f"Dossier de partage : la fiche d'appareil « {card} » est mal formée ; elle est ignorée."
        )
        info = {}
    with store.write() as session:
        row = session.get(AppareilVu, device_dir.name)
        if row is None:
            session.add(AppareilVu(appareil=device_dir.name, nom=_texte(info.get("nom")), coordinateur=_texte(info.get("coordinateur")),
                                   vu_le=_now(), bloque=""))  # fmt: skip
        else:
            row.vu_le = _now()


def _texte(value: Any) -> str:
    return value[:200] if isinstance(value, str) else ""


def _applique(store: Store, lot: list[Any], bilan: Bilan, accepter_suppressions: bool) -> None:
    models = modeles()
    limit = datetime.now(UTC) + AVENIR_MAX
    touched: list[Any] = []
    with store.write() as session:
        session.info["remote"] = True
        operations = [(op, segment.device) for segment in lot for op in segment.operations]
        for row in list(session.scalars(select(OperationTenue))):  # held earlier: perhaps applicable now
            operations.append((row.contenu, row.appareil))
            session.delete(row)
        session.flush()
        if not accepter_suppressions:
            _garde_suppressions(session, [op for op, _d in operations], models)
        for op, device in sorted(operations, key=lambda item: item[0]["clock"]):
            stamp = Timestamp.decode(op["clock"])
            if datetime.fromtimestamp(stamp.wall / 1000, UTC) > limit:
                _tiens(session, op, device, "horloge de l'autre ordinateur en avance de plus d'un jour")
                bilan.tenues += 1
                continue
            model = models.get(op["kind"])
            if model is None:
                continue
            if session.get(model, op["record_id"]) is None and op["fields"].get("bases"):
                _tiens(session, op, device, "fiche pas encore reçue de l'ordinateur qui l'a créée")
                continue
            store.clock.receive(stamp)
            touched.append(_apply_op(session, model, op, bilan))
            bilan.appliques += 1
        for segment in lot:
            session.add(
                SegmentLu(appareil=segment.device, seq=segment.seq, sha256=segment.sha256, lu_le=_now())
            )
        session.flush()
        store._persist_clock(session)
        directory = [r for r in touched if r.KIND in KINDS_ANNUAIRE]
        if directory:
            from coordinateur.annuaire import index

            index.reindex(session, directory)
    bilan.segments_lus += len(lot)


def _tiens(session: Any, op: dict[str, Any], device: str, reason: str) -> None:
    session.merge(OperationTenue(op_id=op["op_id"], appareil=device, contenu=op, motif=reason))


def _garde_suppressions(session: Any, operations: list[dict[str, Any]], models: dict[str, type[Any]]) -> None:
    deletions: dict[str, int] = {}
    for op in operations:
        if op["action"] == "delete":
            deletions[op["kind"]] = deletions.get(op["kind"], 0) + 1
    for kind, count in deletions.items():
        model = models.get(kind)
        if model is None:
            continue
        total = session.scalar(select(func.count()).select_from(model).where(~model.deleted)) or 0
        if total >= 5 and count > SEUIL_SUPPRESSIONS * total:
            raise SuppressionsMassives(
                f"Une synchronisation supprimerait {count} fiches « {kind} » sur {total} (plus de 20 %). Rien n'a été "
                "appliqué : vérifiez auprès de vos collègues, puis relancez en acceptant les suppressions si c'est voulu."
            )


def _apply_op(session: Any, model: type[Any], op: dict[str, Any], bilan: Bilan) -> Any:
    values: dict[str, Any] = op["fields"].get("valeurs", {})
    bases: dict[str, str] = op["fields"].get("bases", {})
    clock = op["clock"]
    record = session.get(model, op["record_id"])
    if record is None:
        record = model(
            id=op["record_id"], created_at=clock, updated_at=clock, updated_by=op["device"], field_clocks={}
        )
        for name, value in values.items():
            setattr(record, name, value)
        if record.deleted is None:
            record.deleted = False
        session.add(record)
        return record
    clocks = dict(record.field_clocks or {})
    for name, value in values.items():
        mine = record.clock_of(name)
        current = getattr(record, name)
        base = bases.get(name)  # the clock the sender's edit was made over
        concurrent = base is not None and base != mine and current != value
        if clock > mine:
            if concurrent:
                _conflit(session, model, record, name, value, current, clock, mine)
                bilan.conflits += 1
            setattr(record, name, value)
            clocks[name] = clock
        elif concurrent and clock != mine:
            _conflit(session, model, record, name, current, value, mine, clock)
            bilan.conflits += 1
    record.field_clocks = clocks
    if clock > record.updated_at:
        record.updated_at = clock
        record.updated_by = op["device"]
    return record


def _conflit(
    session: Any,
    model: type[Any],
    record: Any,
    name: str,
    kept: Any,
    lost: Any,
    kept_clock: str,
    lost_clock: str,
) -> None:
    session.add(Conflit(kind=model.KIND, record_id=record.id, champ=name, valeur_gardee=kept, valeur_ecartee=lost,
                        horloge_gardee=kept_clock, horloge_ecartee=lost_clock, detecte_le=_now(), regle=False))  # fmt: skip


# -- one sync, and the state ---------------------------------------------------------------------


def synchronise(
    store: Store, dossier: str | Path | None = None, *, accepter_suppressions: bool = False
) -> Bilan:
    settings = load_settings(store)
    target = (
        Path(dossier) if dossier else (Path(settings.partage_dossier) if settings.partage_dossier else None)
    )
    bilan = Bilan()
    try:
        root = verifie_connexion(target)
        pousse(store, root, bilan)
        tire(store, root, bilan, accepter_suppressions=accepter_suppressions)
    except CoordinateurError as exc:
        settings = load_settings(store)
        settings.partage_derniere_erreur = exc.message
        save_settings(store, settings)
        raise
    settings = load_settings(store)
    settings.partage_derniere_synchro = _now()
    settings.partage_derniere_erreur = "; ".join(bilan.alertes + bilan.exports_refuses)
    settings.partage_historique = [f"{horodatage_fr(settings.partage_derniere_synchro)} — {bilan.resume()}",
                                   *settings.partage_historique][:20]  # fmt: skip
    save_settings(store, settings)
    return bilan


@dataclass(frozen=True)
class Etat:
    dossier: str
    connecte: bool
    en_attente: int
    derniere_synchro: str | None
    conflits: int
    erreur: str

    def as_json(self) -> dict[str, Any]:
        return {"dossier": self.dossier, "connecte": self.connecte, "en_attente": self.en_attente,
                "derniere_synchro": self.derniere_synchro, "conflits": self.conflits, "erreur": self.erreur}  # fmt: skip


def etat(store: Store, dossier: str | Path | None = None) -> Etat:
    settings = load_settings(store)
    target = str(dossier or settings.partage_dossier or "")
    try:
        verifie_connexion(Path(target) if target else None)
        connected = True
    except DossierIndisponible:
        connected = False
    kinds = kinds_partages(store)
    with store.read() as session:
        # Without a folder nothing is pushed, so changes are not "waiting" (and counting every change made
        # since the store was created would slow each start of a large directory for nothing).
        pending = (
            session.scalar(
                select(func.count())
                .select_from(Operation)
                .where(Operation.seq.is_(None), Operation.kind.in_(kinds))
            )
            if target
            else 0
        ) or 0
        waiting = (
            session.scalar(select(func.count()).select_from(BoiteEnvoi).where(BoiteEnvoi.publie_le == ""))
            or 0
        )
        conflicts = session.scalar(select(func.count()).select_from(Conflit).where(~Conflit.regle)) or 0
    return Etat(target, connected, int(pending) + int(waiting), settings.partage_derniere_synchro or None, int(conflicts),
                settings.partage_derniere_erreur)  # fmt: skip


@dataclass(frozen=True)
class LigneConflit:
    id: int
    kind: str
    record_id: str
    libelle: str
    champ: str
    gardee: Any
    ecartee: Any
    detecte_le: str


def conflits(store: Store) -> list[LigneConflit]:
    with store.read() as session:
        rows = list(session.scalars(select(Conflit).where(~Conflit.regle).order_by(Conflit.id.desc())))
        if not rows:
            return []  # the usual case, and no need to load every model at start
        models = modeles()
        result = []
        for row in rows:
            model = models.get(row.kind)
            record = session.get(model, row.record_id) if model else None
            label = " ".join(
                p
                for p in (
                    getattr(record, "prenom", ""),
                    getattr(record, "nom", "") or getattr(record, "titre", ""),
                )
                if p
            )
            result.append(LigneConflit(row.id, row.kind, row.record_id, label or row.record_id[:8], row.champ,
                                       getattr(record, row.champ, row.valeur_gardee) if record else row.valeur_gardee,
                                       row.valeur_ecartee, row.detecte_le))  # fmt: skip
    return result


def restaure(store: Store, conflit_id: int) -> None:
    """Put back the value that lost: a new local edit, which travels like any other."""
    models = modeles()
    with store.write() as session:
        row = session.get(Conflit, conflit_id)
        if row is None or row.regle:
            raise CoordinateurError("Ce conflit est déjà réglé.")
        model = models[row.kind]
        record = session.get(model, row.record_id)
        if record is None:
            raise CoordinateurError("La fiche de ce conflit n'existe plus.")
        setattr(record, row.champ, row.valeur_ecartee)
        row.regle = True
        session.flush()
        if row.kind in KINDS_ANNUAIRE:
            from coordinateur.annuaire import index

            index.reindex(session, [record])
        store.audit(
            session,
            "modification",
            row.kind,
            row.record_id,
            f"Conflit réglé : valeur écartée de « {row.champ} » rétablie",
        )


def ignore(store: Store, conflit_id: int) -> None:
    with store.write() as session:
        row = session.get(Conflit, conflit_id)
        if row is not None:
            row.regle = True


def appareils(store: Store) -> list[AppareilVu]:
    with store.read() as session:
        return list(session.scalars(select(AppareilVu).order_by(AppareilVu.vu_le.desc())))
