"""The push (architecture §4): the operations not yet pushed become this laptop's next segment; earlier
segments are checked and healed (`_soigne`); a restored or copied store goes on under a new id
(`_reprend`); exports waiting in the outbox are published (`boite.publie`). Stands on `bilan`, the folder
(`dossier`, `fichiers`), the team (`equipe`, `successions`) and `reprise`; `sync` calls `pousse`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from coordinateur.partage import bilan as _bilan  # `_now` through it: tests set it
from coordinateur.partage import fichiers
from coordinateur.partage.bilan import Bilan, kinds_partages
from coordinateur.partage.boite import publie
from coordinateur.partage.dossier import (
    OPS_PAR_SEGMENT,
    SEGMENT,
    SEGMENT_MAX,
    FichierRefuse,
    ecrit_une_fois,
    encode_segment,
    lit_segment,
    nettoie_temporaires,
    segments_de,
)
from coordinateur.partage.equipe import Equipe
from coordinateur.partage.models import SegmentEcrit
from coordinateur.partage.reprise import (
    FluxIncertain,
    Reprise,
    deplacee,
    instance,
    nouvel_identifiant,
    restauree,
    suivie,
)
from coordinateur.partage.successions import succede
from coordinateur.settings import enregistre_reglages, load_settings
from coordinateur.store import Store
from coordinateur.store.models import Operation


def pousse(store: Store, root: Path, bilan: Bilan, equipe: Equipe) -> Equipe:
    """Push; a link or a special file planted in this laptop's own folder stops the push with a warning
    naming it (it is never followed nor deleted), and the pull still runs. A restored or copied store takes
    a new identity first (`_reprend`); the team as it then stands is returned."""
    try:
        try:
            _pousse(store, root, bilan, equipe)
        except Reprise as exc:
            equipe = _reprend(store, root, equipe, bilan, incertain=isinstance(exc, FluxIncertain),
                              copiee=deplacee(store) and not restauree(store))  # fmt: skip
            _pousse(store, root, bilan, equipe)
    except FichierRefuse as exc:
        bilan.alertes.append(exc.message + " Rien n'a été envoyé ; retirez ce fichier du dossier de partage.")
    return equipe


def _reprend(
    store: Store, root: Path, equipe: Equipe, bilan: Bilan, *, incertain: bool = False, copiee: bool = False
) -> Equipe:
    """Go on under a new device id: never write again in the former stream, which another instance of
    this store (the original laptop, or this one before the restore) wrote further. The changes not found
    in the folder as this store wrote them go out again, stamped with the new id; the former stream is
    then read like a colleague's, so that what was written before the restore comes back here."""
    old = store.device_id
    nouvel_identifiant(store, segments_de(root, old, equipe))
    bilan.alertes.append(
        "Le dossier des données de Coordinateur a été copié (ou remis en place depuis une sauvegarde du "
        "système) depuis le dernier envoi : cet ordinateur reprend sous un nouvel identifiant dans le dossier de "
        "partage, pour ne jamais écrire sous un nom que l'autre copie de sa base pourrait prendre. Ce qu'il "
        "avait écrit avant est relu depuis le dossier ; rien n'est perdu."
        if copiee
        else "Cet ordinateur a été restauré depuis une sauvegarde, ou le dossier de partage ne montre pas (ou pas "
        "encore) son dernier envoi (nouvel ordinateur dont le dossier se remplit encore, dossier vidé ou changé) : "
        "il reprend sous un nouvel identifiant dans le dossier de partage, pour ne jamais réutiliser un nom qu'une "
        "autre copie de sa base aurait pris. Ce qu'il avait écrit avant est relu depuis le dossier ; rien n'est "
        "perdu."
        if incertain
        else "Cet ordinateur a été restauré depuis une sauvegarde, ou sa base a été copiée sur un autre ordinateur : "
        "il reprend sous un nouvel identifiant dans le dossier de partage. Ce qu'il avait écrit avant est relu "
        "depuis le dossier ; rien n'est perdu."
    )
    bilan.evenements.append(
        f"Cet ordinateur reprend sous un nouvel identifiant ({'base copiée' if copiee else 'restauration ou base copiée'}"
        f", ancien : {old[:8]}) ; ce qu'il avait écrit est relu, rien n'est perdu."
    )
    return succede(store, root, equipe, old)


def _pousse(store: Store, root: Path, bilan: Bilan, equipe: Equipe) -> None:
    own = root / "appareils" / store.device_id
    staging = own / ".tmp"
    for folder in (root / "appareils", own):
        fichiers.verifie_dossier(folder)
    _removed, warnings = nettoie_temporaires(staging, store.device_id)
    bilan.alertes += warnings
    _carte(store, root, own, staging, equipe, bilan)
    verified = _soigne(store, own, staging, bilan, equipe)
    _ecrit_segment(store, own, staging, bilan, equipe)
    if load_settings(store).partage_instance != (here := instance(store)):  # first push in this folder
        enregistre_reglages(store, partage_instance=here)
    if verified:  # what was just written was read back: the listing as it now stands is intact
        enregistre_reglages(store, partage_propres_verifies=_empreinte_propres(own))
    publie(store, root, bilan, equipe)


def _carte(store: Store, root: Path, own: Path, staging: Path, equipe: Equipe, bilan: Bilan) -> None:
    """This laptop's device card (its names as colleagues list them): written when absent, and again when the
    laptop or its coordinator was renamed since it was last written here (the old card, this laptop's own
    regular file, is removed first: a colleague reading in between keeps the names it knows). Anything else
    under its name (a folder, a link) is named in a warning and left alone."""
    settings = load_settings(store)
    info = {"appareil": store.device_id, "nom": store.device_name, "coordinateur": settings.coordinateur_nom,
            "structure": settings.structure_nom}  # fmt: skip
    said = json.dumps(info, ensure_ascii=False)
    card = own / "appareil.cmb"
    entry = fichiers.lstat(card)
    if entry is not None:
        if settings.partage_carte == f"{root}\n{said}":
            return
        if not fichiers.fichier_ordinaire(entry):
            bilan.alertes.append(str(fichiers.refuse(card, entry)))
            return
        card.unlink()
    ecrit_une_fois(card, equipe.scelle(said.encode("utf-8"), "carte"), staging, root=root)
    enregistre_reglages(store, partage_carte=f"{root}\n{said}")


def _previous_hash(session: Any, seq: int) -> str:
    if seq <= 1:
        return ""
    row = session.get(SegmentEcrit, seq - 1)
    return row.sha256 if row else ""


def _ops_json(rows: list[Operation]) -> list[dict[str, Any]]:
    return [{"op_id": r.op_id, "record_id": r.record_id, "kind": r.kind, "clock": r.clock, "device": r.device,
             "user": r.user, "action": r.action, "fields": r.fields} for r in rows]  # fmt: skip


def _ecrit_segment(store: Store, own: Path, staging: Path, bilan: Bilan, equipe: Equipe) -> None:
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
        name = f"{store.device_id}_{seq:08d}.seg"
        final = own / "segments" / name
        clear = encode_segment(store.device_id, seq, previous, _ops_json(pending))
        digest = hashlib.sha256(clear).hexdigest()
        data = equipe.scelle(clear, "segment")
        ops = pending
        try:
            ecrit_une_fois(final, data, staging, root=own.parent.parent)
        except FileExistsError:
            existing = lit_segment(final, equipe)
            pending_ids = {op.op_id for op in pending}
            adopted = {op.get("op_id") for op in existing.operations} if existing is not None else set()
            if existing is not None and adopted <= pending_ids:
                # Written before a crash, not yet recorded: adopt it, the rest goes into the next segment.
                ops = [op for op in pending if op.op_id in adopted]
                digest, data = existing.sha256, fichiers.lit(final, SEGMENT_MAX)
            elif existing is not None:
                # Sealed by this laptop's own key, but with changes this store never recorded: the store was
                # restored from a backup, or copied to another computer. Its stream goes on elsewhere.
                raise Reprise(seq) from None
            else:
                # A damaged leftover, or a file this laptop did not write, under the final name: never
                # overwritten; a copy under a healed name carries the seq.
                bilan.alertes.append(
                    f"Le segment {name} existe déjà dans le dossier de cet ordinateur, mais il ne l'a pas écrit "
                    "(fichier abîmé, ou déposé par un tiers) : cet ordinateur écrit le sien sous un autre nom."
                )
                k = 1
                while fichiers.existe(final.with_name(f"{store.device_id}_{seq:08d}.r{k}.seg")):
                    k += 1
                name = f"{store.device_id}_{seq:08d}.r{k}.seg"
                ecrit_une_fois(final.with_name(name), data, staging, root=own.parent.parent)
        with store.write() as session:
            session.execute(
                update(Operation).where(Operation.op_id.in_([op.op_id for op in ops])).values(seq=seq)
            )
            session.add(
                SegmentEcrit(seq=seq, nom=name, sha256=digest, taille=len(data), ecrit_le=_bilan._now())
            )
        bilan.ecrits += len(ops)


def _empreinte_propres(own: Path) -> str:
    """This laptop's own segments folder as listed (names, sizes, modification times), and today's date."""
    listing = "\n".join(
        f"{p.name}:{e.st_size}:{e.st_mtime_ns}:{e.st_ino}" for p, e in fichiers.entrees(own / "segments")
    )
    return hashlib.sha256(f"{own}\n{datetime.now(UTC).date()}\n{listing}".encode()).hexdigest()


def _soigne(store: Store, own: Path, staging: Path, bilan: Bilan, equipe: Equipe) -> bool:
    """Every segment written earlier must still be there, intact; otherwise it is written again under a
    new name (never over the damaged file). They are read only when the folder's listing changed since
    they were last all found intact, or once a day: a push costs a listing, not the whole history. True
    when they all are (nothing healed)."""
    with store.read() as session:
        written = list(session.scalars(select(SegmentEcrit).order_by(SegmentEcrit.seq)))
        unsent = set(session.scalars(select(Operation.op_id).where(Operation.seq.is_(None))))
    restored = restauree(store) or deplacee(store)
    if not restored and load_settings(store).partage_propres_verifies == _empreinte_propres(own):
        return True
    present = segments_de(own.parent.parent, store.device_id, equipe)
    top = written[-1].seq if written else 0
    # no file at all for the last seq this store wrote (valid or not, under any name): the folder is not
    # (yet) the one this store wrote to, and it may still receive a further segment of this stream
    shown = {int(m["seq"]) for p, _e in fichiers.entrees(own / "segments") if (m := SEGMENT.match(p.name))
             and not p.name.endswith(".tmp")}  # fmt: skip
    uncertain = restored or (top > 0 and top not in shown)
    beyond = sorted(seq for seq in present if seq > top)
    if beyond and (
        beyond != [top + 1]
        or not all({op.get("op_id") for op in copy.operations} <= unsent for copy in present[top + 1])
    ):
        # further than this store ever wrote, and not its own write cut short by a crash (which the next
        # segment adopts): restored from a backup, or copied
        raise Reprise(top + 1)
    for row in written:
        if suivie(row.sha256, present, store.device_id, row.seq):
            continue
        # sealed by this laptop's key, other content: another instance of this store (followed by colleagues
        # instead of this one's, or beside it with no way to tell)
        if present.get(row.seq):
            raise Reprise(row.seq)
        with store.read() as session:
            ops = list(
                session.scalars(select(Operation).where(Operation.seq == row.seq).order_by(Operation.clock))
            )
            previous = _previous_hash(session, row.seq)
        data = equipe.scelle(encode_segment(store.device_id, row.seq, previous, _ops_json(ops)), "segment")
        k = 1
        while fichiers.existe(own / "segments" / f"{store.device_id}_{row.seq:08d}.r{k}.seg"):
            k += 1
        name = f"{store.device_id}_{row.seq:08d}.r{k}.seg"
        ecrit_une_fois(own / "segments" / name, data, staging, root=own.parent.parent)
        bilan.segments_soignes.append(name)
    if uncertain:  # healed first: colleagues can read what this stream holds; nothing more goes into it
        raise FluxIncertain(top + 1)
    return not bilan.segments_soignes
