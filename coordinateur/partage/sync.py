"""One sync of the shared folder (architecture §4): push (`envoi`), then pull, and what the window looks
at between two. The pull collects, per team member, the segments that follow in order (stopping at a
gap, a broken chain or two valid copies of one seq), validates them (a segment that fails is quarantined
and the stream goes on) and hands them to `application`. Also the team read through a cache (`_exige`)
and the window's cheap look for something new (`a_recevoir`). Stands on `bilan`, `envoi` and
`application`; `tableau` stands on it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import func, select

from coordinateur.errors import CoordinateurError
from coordinateur.partage import bilan as _bilan  # `_now` through it: tests set it
from coordinateur.partage import elagage, fichiers, instantane, jugement, rattrapage
from coordinateur.partage import equipe as _equipe  # `_now` through it: tests set it
from coordinateur.partage.actualisation import arrivee_refusee, exige
from coordinateur.partage.application import Lu, _applique
from coordinateur.partage.bilan import Bilan, kinds_partages
from coordinateur.partage.dossier import (
    CARTE_MAX,
    SEGMENT,
    UUID,
    FichierRefuse,
    Segment,
    releve_segments,
    verifie_connexion,
)
from coordinateur.partage.enveloppe import EnveloppeRefusee
from coordinateur.partage.envoi import pousse
from coordinateur.partage.equipe import Equipe, charge, une_ligne
from coordinateur.partage.horloge import recale
from coordinateur.partage.jugement import Ecritures
from coordinateur.partage.models import (
    AppareilVu,
    FluxAppareil,
    OperationTenue,
    Quarantaine,
    SegmentEcrit,
    SegmentLu,
    modeles,
)
from coordinateur.partage.reprise import suivies
from coordinateur.partage.schema import valide_enveloppe, valide_valeurs
from coordinateur.settings import enregistre_reglages, load_settings
from coordinateur.store import Store
from coordinateur.text import horodatage_fr

log = logging.getLogger(__name__)


# -- pull ------------------------------------------------------------------------------------------


def tire(
    store: Store, root: Path, bilan: Bilan, equipe: Equipe, *, accepter_suppressions: bool = False,
    publie_avant: bool = False,
) -> None:  # fmt: skip
    """Collect, per device, the segments that follow in order (stopping at a gap, a broken chain or two
    valid copies of one seq), validate them (a segment that fails is quarantined and the stream goes on),
    then apply them all in one transaction, operations in clock order. Only the team's members are read:
    the folder of a laptop outside the team is named in a warning and left alone."""
    folder = root / "appareils"
    models = modeles()
    kinds = set(kinds_partages(store))
    lot: list[Lu] = []
    info = fichiers.lstat(folder)
    if info is not None and not fichiers.dossier_ordinaire(info):
        bilan.alertes.append(str(fichiers.refuse(folder, info, "dossier")))
    with store.read() as session:
        known = {r.appareil: r.empreinte for r in session.scalars(select(FluxAppareil))}
        named = set(session.scalars(select(AppareilVu.appareil).where(AppareilVu.nom != "")))
        read_up_to = dict(
            session.execute(
                select(SegmentLu.appareil, func.max(SegmentLu.seq)).group_by(SegmentLu.appareil)
            ).all()
        )
    # a member whose card has not come yet is looked at again (a departed one is no longer listed by name)
    known = {d: footprint for d, footprint in known.items() if d in named or d in equipe.retraits}
    fresh: dict[str, str] = {}
    changed: list[tuple[Path, str]] = []
    ecritures: Ecritures = []
    departed: list[str] = []
    for device_dir, entry in fichiers.entrees(folder):
        if device_dir.name == store.device_id or not UUID.match(device_dir.name):
            continue
        if not fichiers.dossier_ordinaire(entry):
            bilan.alertes.append(str(fichiers.refuse(device_dir, entry, "dossier")))
            continue
        if device_dir.name not in equipe.membres:
            if device_dir.name not in equipe.anciens:  # (a former id of this laptop's, refused: its own)
                bilan.alertes.append(
                    f"Dossier de partage : « {device_dir} » est le dossier d'un ordinateur qui ne fait pas partie "
                    "de l'équipe : ses fichiers sont ignorés."
                )
            continue
        device = device_dir.name
        if equipe.conteste(device):
            continue  # a successor of a disputed succession: not read any more (`successions._successeurs`)
        ended = equipe.dernier(device)
        if ended is not None and read_up_to.get(device, 0) >= ended[0]:
            # a departed laptop read through to its last segment (at once when none was accepted: retired
            # before it wrote, as a laptop joining again may be under its former id) leaves the devices list;
            # its folder is still listed (what is planted there after its retirement is named in a warning),
            # never read while that listing stays the same
            departed.append(device)
        footprint = _empreinte_flux(root, device, equipe)
        if footprint == known.get(device):
            continue  # nothing new in this folder since it was last read through: nothing is read
        changed.append((device_dir, footprint))
        jugement.juge(store, root, device, equipe, models, bilan.alertes, ecritures)
        elagage.lit_lu(store, root, device, equipe, bilan.alertes, ecritures)
        _note_device(store, device_dir, bilan, equipe, ecritures)
    if ecritures:  # what was found in the colleagues' folders, recorded in one transaction
        with store.write() as session:
            for ecrit in ecritures:
                ecrit(session)
    if changed:  # joining, or back after longer than the grace period: from the newest snapshot
        rattrapage.rattrape(store, root, equipe, models, kinds_partages(store), bilan, accepter_suppressions,
                            publie_avant=publie_avant)  # fmt: skip
    for device_dir, footprint in changed:
        lot += _suivants(store, root, device_dir, bilan, models, kinds, equipe)
        fresh[device_dir.name] = footprint
    for device in departed:
        instantane.oublie_appareil(store, device)
    with store.read() as session:
        held = session.scalar(select(func.count()).select_from(OperationTenue)) or 0
    if lot or held:
        _applique(store, lot, bilan, accepter_suppressions)
    if fresh:  # recorded once what was found is applied: an interrupted sync reads these folders again
        with store.write() as session:
            for device, footprint in fresh.items():
                row = session.get(FluxAppareil, device)
                if row is None:
                    session.add(FluxAppareil(appareil=device, empreinte=footprint, lu={}))
                else:
                    row.empreinte = footprint


def _empreinte_flux(root: Path, device: str, equipe: Equipe) -> str:
    """A colleague's folder as listed (its segments' names, sizes and modification times, and its device
    card's, snapshots' and read receipts', inodes included: a file copied in place is new), and the team's
    keys and members as this laptop knows them (a key received later makes a refused segment readable):
    while it stays the same there is nothing new to read there."""
    folder = root / "appareils" / device
    parts = [
        ",".join(sorted(equipe.cles)),
        ",".join(sorted(equipe.membres)),
        ",".join(sorted(equipe.retraits)),
    ]
    parts += [
        f"{p.name}:{e.st_size}:{e.st_mtime_ns}:{e.st_ino}"
        for p, e in fichiers.entrees(folder)
        if p.name != ".tmp"
    ]
    parts += [
        f"{p.name}:{e.st_size}:{e.st_mtime_ns}:{e.st_ino}" for p, e in fichiers.entrees(folder / "segments")
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def valide_segment(
    segment: Segment, models: dict[str, type[Any]], kinds: set[str], store: Store | None = None
) -> tuple[list[dict[str, Any]] | None, str]:
    """(the operations to apply, "") when every operation fits its schema; (None, why) otherwise. Operations
    of kinds this laptop does not share (meetings, when it does not share them) or does not know are left
    out, not applied. One identifier given to two kinds in the segment refuses it (its author forged it).
    With the `store`, an operation naming a record that exists here as another kind (a structure created
    with an intervenant's identifier would take its place in the search) is left out alone, and the second
    value says so: the held record may be the forgery of a third laptop, which must not be able to have
    every later segment of a colleague that names it refused whole."""
    keep = []
    for n, op in enumerate(segment.operations, start=1):
        why = valide_enveloppe(op, segment.device)
        if why is None:
            model = models.get(op["kind"])
            if model is None or op["kind"] not in kinds:
                continue
            why = valide_valeurs(op, model)
        if why:
            return None, f"opération n° {n} : {why}"
        keep.append(op)
    owner: dict[str, str] = {}
    for n, op in enumerate(segment.operations, start=1):
        if (
            op["kind"] in kinds
            and op["kind"] in models
            and owner.setdefault(op["record_id"], op["kind"]) != op["kind"]
        ):
            return None, (f"opération n° {n} : l'identifiant {op['record_id']} y est aussi celui d'une fiche "
                          "d'un autre genre")  # fmt: skip
    if store is not None and keep:
        return ecarte_autres_genres(keep, autres_genres(store, models, keep))
    return keep, ""


def autres_genres(
    store: Store, models: dict[str, type[Any]], operations: Iterable[dict[str, Any]]
) -> set[tuple[str, str]]:
    """The (kind, id) these operations name that this store holds as another kind: one lookup for all the
    segments of a sync."""
    ids: dict[str, set[str]] = {}
    for op in operations:
        ids.setdefault(op["kind"], set()).add(op["record_id"])
    held: set[tuple[str, str]] = set()
    with store.read() as session:
        for kind, model in models.items():
            for other, named in ids.items():
                listed = sorted(named) if other != kind else []
                for start in range(0, len(listed), 500):
                    held |= {(other, rid) for rid in session.scalars(
                        select(model.id).where(model.id.in_(listed[start : start + 500])))}  # fmt: skip
    return held


def ecarte_autres_genres(
    operations: list[dict[str, Any]], held: set[tuple[str, str]]
) -> tuple[list[dict[str, Any]], str]:
    """A segment's operations but those naming a record held here as another kind, and what is left out."""
    out = {(op["kind"], op["record_id"]) for op in operations} & held
    if not out:
        return operations, ""
    shown = ", ".join(sorted(rid for _k, rid in out)[:3]) + (" …" if len(out) > 3 else "")
    return [op for op in operations if (op["kind"], op["record_id"]) not in out], (
        f"{len(out)} fiche(s) laissée(s) de côté : leur identifiant ({shown}) est déjà celui d'une fiche d'un "
        "autre genre ici. Le reste du segment est appliqué.")  # fmt: skip


@dataclass
class _Copie:
    path: Path
    sha256: str
    previous: str | None  # None when the header could not be read
    operations: list[dict[str, Any]] | None  # None: quarantined
    motif: str = ""


def _suivants(
    store: Store,
    root: Path,
    device_dir: Path,
    bilan: Bilan,
    models: dict[str, type[Any]],
    kinds: set[str],
    equipe: Equipe,
) -> list[Lu]:
    device = device_dir.name
    with store.read() as session:
        last_done, previous = SegmentLu.dernier(session, device)
        quarantined = set(session.scalars(select(Quarantaine.sha256).where(Quarantaine.appareil == device)))
        shown = session.scalar(select(AppareilVu.bloque).where(AppareilVu.appareil == device))
    start = last_done + 1
    releve = releve_segments(root, device, depuis=start - 1, equipe=equipe)  # applied before: not read again
    bilan.alertes += releve.alertes
    ended = equipe.dernier(device)
    if ended is not None:  # a retired laptop: only the chain that ends at its last accepted segment
        last, sha = ended
        later = sorted(seq for seq in releve.valides if seq > last)
        # (not about this laptop's own former id: what it wrote there went out again under its new one)
        if later and device not in equipe.anciens:
            bilan.alertes.append(
                f"Segments n° {later[0]} et suivants de l'ordinateur retiré « {equipe.nom(device)} » refusés : il a "
                "été retiré de l'équipe."
            )
        kept: dict[int, list[Segment]] = {}
        for seq in range(last, start - 1, -1):  # walk back from the last one, as the revocation names it
            copies = [c for c in releve.valides.get(seq, []) if not sha or c.sha256 == sha]
            if len(copies) != 1 and sha:
                break
            kept[seq], sha = copies[:1], (copies[0].previous if copies else "")
        releve.valides = {seq: copies for seq, copies in kept.items() if copies}
        releve.invalides = [i for i in releve.invalides if (i.seq or 0) <= last]
    good: dict[int, dict[str, _Copie]] = {}
    bad: dict[int, dict[str, _Copie]] = {}
    for seq, copies in releve.valides.items():
        for segment in copies:
            if segment.sha256 in good.get(seq, {}) or segment.sha256 in bad.get(seq, {}):
                continue
            ops, why = valide_segment(segment, models, kinds)
            judged = _Copie(segment.path, segment.sha256, segment.previous, ops, why)
            (good if ops is not None else bad).setdefault(seq, {})[segment.sha256] = judged
    taken = [judged for by_sha in good.values() for judged in by_sha.values()]
    held = autres_genres(store, models, (op for judged in taken for op in judged.operations or []))
    for judged in taken:  # a record held here as another kind: its operations only are left out
        judged.operations, note = ecarte_autres_genres(judged.operations or [], held)
        if note:
            bilan.alertes.append(f"Segment {judged.path.name} de « {equipe.nom(device)} » : {note}")
    for invalid in releve.invalides:
        copy = _Copie(invalid.path, invalid.sha256, None, None, invalid.motif)
        bad.setdefault(invalid.seq or 0, {}).setdefault(invalid.sha256, copy)
    for seq, refused in bad.items():
        for copy in refused.values():
            if copy.sha256 not in quarantined:
                _met_en_quarantaine(store, root, device, seq or None, copy, bilan)
                quarantined.add(copy.sha256)
    seq = start
    relaxed = previous in quarantined  # after a quarantined segment the chain may restart
    found: list[Lu] = []
    ambiguity = ""
    while seq in good or seq in bad:
        here = list(good.get(seq, {}).values())
        chaining = [c for c in here if c.previous == previous]
        if here and not chaining:
            # The chain goes on from another copy of the previous seq than the one taken (a forged or
            # quarantined copy came first): take that copy too, its author's real one.
            alternates = good.get(seq - 1, {})
            fork = [c for c in here if c.previous in alternates and c.previous != previous]
            if fork and fork[0].previous is not None:
                alternate = alternates[fork[0].previous]
                found.append(Lu(device, seq - 1, alternate.sha256, alternate.operations or []))
                previous, relaxed = alternate.sha256, False
                continue
            if relaxed:
                chaining = here
        if len(chaining) > 1:
            named, by_name = suivies(chaining, good.get(seq + 1, {}).values(), device, seq)
            if by_name and len(named) == 1:
                bilan.alertes.append(
                    f"Copie renommée d'un segment n° {seq} de {device[:8]}, différente de l'original "
                    f"({', '.join(sorted(c.path.name for c in chaining if c is not named[0]))}) : ignorée "
                    "(installation copiée sur deux ordinateurs, ou fichier déposé par un tiers ?)."
                )
            if len(named) != 1:
                ambiguity = (f"Deux segments n° {seq} différents et valides pour l'appareil {device[:8]} "
                             f"({', '.join(sorted(c.path.name for c in chaining))}) : installation copiée sur deux "
                             "ordinateurs, ou fichier déposé par un tiers ? Les imports de cet appareil attendent "
                             "qu'il n'en reste qu'un.")  # fmt: skip
                bilan.alertes.append(ambiguity)
                break
            chaining = named
        if chaining:
            chosen = chaining[0]
            found.append(Lu(device, seq, chosen.sha256, chosen.operations or []))
            previous, relaxed = chosen.sha256, False
            seq += 1
            continue
        fitting = [
            c for c in bad.get(seq, {}).values() if c.previous is None or c.previous == previous or relaxed
        ]
        if fitting and not here:
            found.append(Lu(device, seq, fitting[0].sha256, []))  # consumed in quarantine; the stream goes on
            previous, relaxed = fitting[0].sha256, True
            seq += 1
            continue
        bilan.alertes.append(f"Segment n° {seq} de {device[:8]} hors chaîne : ignoré.")
        break
    if shown is not None and shown != ambiguity:
        with store.write() as session:  # the devices list shows the current alert (cleared once resolved)
            row = session.get(AppareilVu, device)
            if row is not None:
                row.bloque = ambiguity
    return found


def _met_en_quarantaine(
    store: Store, root: Path, device: str, seq: int | None, copy: _Copie, bilan: Bilan
) -> None:
    with store.write() as session:
        seen = session.get(AppareilVu, device)
        author = (seen.nom if seen is not None else "") or device[:8]
        try:
            name = copy.path.relative_to(root).as_posix()
        except ValueError:
            name = copy.path.name
        session.add(Quarantaine(appareil=device, seq=seq, fichier=name[:500], sha256=copy.sha256, auteur=author,
                                motif=copy.motif, detecte_le=_bilan._now(), levee=False))  # fmt: skip
    bilan.quarantaine += 1
    bilan.alertes.append(
        f"Segment « {copy.path.name} » de l'ordinateur « {author} » mis en quarantaine, non appliqué : "
        f"{copy.motif}."
    )


def _note_device(store: Store, device_dir: Path, bilan: Bilan, equipe: Equipe, ecritures: Ecritures) -> None:
    """The device's names from its card, read each time its folder changed (a renamed laptop writes its card
    again), and when it was last seen (to the hour: a sync that receives does not also write this row each
    time); written with the sync's other bookkeeping (`ecritures`). A card missing or refused leaves the
    names known as they are."""
    card = device_dir / "appareil.cmb"
    info: Any = {}
    try:
        info = json.loads(equipe.ouvre(fichiers.lit_borne(card, CARTE_MAX), "carte", device_dir.name))
    except FileNotFoundError:
        pass
    except FichierRefuse as exc:
        bilan.alertes.append(exc.message)
    except EnveloppeRefusee as exc:
        if not exc.coupe:
            bilan.alertes.append(
                f"Dossier de partage : la fiche d'appareil « {card} » est refusée : {exc.motif}."
            )
    except (OSError, ValueError, RecursionError):
        bilan.alertes.append(
            f"Dossier de partage : la fiche d'appareil « {card} » est illisible ; elle est ignorée."
        )
    if not isinstance(info, dict):
        bilan.alertes.append(
            f"Dossier de partage : la fiche d'appareil « {card} » est mal formée ; elle est ignorée."
        )
        info = {}
    nom, coordinateur = _texte(info.get("nom")), _texte(info.get("coordinateur"))
    with store.read() as session:
        row = session.get(AppareilVu, device_dir.name)
        if (
            row is not None
            and (row.nom, row.coordinateur) == (nom or row.nom, coordinateur or row.coordinateur)
            and row.vu_le[:13] == _bilan._now()[:13]
        ):
            return  # nothing new to note

    def carte(session: Any) -> None:
        found = session.get(AppareilVu, device_dir.name)
        if found is None:
            session.add(AppareilVu(appareil=device_dir.name, nom=nom, coordinateur=coordinateur, vu_le=_bilan._now(),
                                   bloque=""))  # fmt: skip
        else:
            found.vu_le = _bilan._now()
            # a card that arrived after the segments (sync tools deliver in any order), or written again
            # after a rename: its names now
            found.nom = nom or found.nom
            found.coordinateur = coordinateur or found.coordinateur

    ecritures.append(carte)


def _texte(value: Any) -> str:
    """A name from a colleague's device card, fit for one line of a list or a message (`une_ligne`)."""
    return une_ligne(value)[:200]


def _noms(store: Store, equipe: Equipe, devices: Iterable[str]) -> dict[str, str]:
    """How the history's line names each device: a colleague « as its device card says now » (a laptop renamed
    since it joined), else as it declared itself; a former id under the laptop that goes on for it (a restore,
    a copied store), this laptop's own as « cet ordinateur (avant sa reprise) »."""
    wanted = list(devices)
    later: dict[str, str] = {}
    for device in wanted:
        seen, now = {device}, str(equipe.membres.get(device, {}).get("remplace_par") or "")
        while now and now not in seen:  # a chain of restores: the one that goes on now
            seen.add(now)
            later[device] = now
            now = str(equipe.membres.get(now, {}).get("remplace_par") or "")
    with store.read() as session:
        cards = dict(session.execute(select(AppareilVu.appareil, AppareilVu.nom)
                                     .where(AppareilVu.appareil.in_([*wanted, *later.values()]))).all())  # fmt: skip
    names = {}
    for device in wanted:
        current = later.get(device, device)
        if current == store.device_id or device in equipe.anciens:
            names[device] = "cet ordinateur (avant sa reprise)"
        else:
            names[device] = f"« {cards.get(current) or equipe.nom(current)} »"
    return names


# -- one sync, and the state ---------------------------------------------------------------------


def synchronise(
    store: Store,
    dossier: str | Path | None = None,
    *,
    accepter_suppressions: bool = False,
    arret: Callable[[], bool] | None = None,
) -> Bilan:
    """Push, then pull. `arret` says when the window closes: a long pull then stops between two of its
    transactions (`SynchroInterrompue`), and the next sync goes on from there."""
    settings = load_settings(store)
    target = (
        Path(dossier) if dossier else (Path(settings.partage_dossier) if settings.partage_dossier else None)
    )
    bilan = Bilan(arret=arret) if arret is not None else Bilan()
    try:
        root = verifie_connexion(target)
        equipe = _exige(store, root, bilan.alertes)
        recovered = recale(store)  # a clock left ahead by a wrong date: before anything is stamped and sent
        if recovered:
            bilan.alertes.append(recovered)
            bilan.evenements.append("Horloge de Coordinateur remise à l'heure (elle était en avance sur la date de "
                                    "l'ordinateur).")  # fmt: skip
        # a laptop that had published in a sync that went through is back, not joining (rattrape); one whose
        # first sync published its records and stopped before its join was taken (the deletion guard, a
        # failure) still joins: the coordinator accepting the deletions accepts a join's
        with store.read() as session:
            publie_avant = bool(settings.partage_derniere_synchro) and bool(
                session.scalar(select(func.count()).select_from(SegmentEcrit))
            )
        equipe = pousse(store, root, bilan, equipe)
        tire(
            store, root, bilan, equipe, accepter_suppressions=accepter_suppressions, publie_avant=publie_avant
        )
        elagage.entretien(store, root, equipe, kinds_partages(store), modeles(), bilan.alertes)
        bilan.noms = _noms(store, equipe, bilan.par_auteur)
        _VUS[store] = _listage(root, equipe, store.device_id)
    except CoordinateurError as exc:
        enregistre_reglages(store, partage_derniere_erreur=exc.message)
        raise
    now = _bilan._now()
    enregistre_reglages(
        store, partage_derniere_synchro=now, partage_derniere_erreur="\n".join(bilan.alertes + bilan.exports_refuses),
        partage_historique=[" ".join([f"{horodatage_fr(now)} — {bilan.resume()}", *bilan.evenements]),
                            *load_settings(store).partage_historique][:20],
    )  # fmt: skip
    return bilan


# The team's folders as this store last read them through, and the warnings that reading gave.
_EQUIPES: WeakKeyDictionary[Store, tuple[str, list[str]]] = WeakKeyDictionary()


def _empreinte_equipe(store: Store, root: Path) -> str:
    """The team files as listed (names, sizes, times), the team as this store holds it, and today's date."""
    team = charge(store)
    parts = [
        str(root),
        str(_equipe._now().date()),  # the team's clock: an invitation expires by it
        json.dumps(team.as_json(), sort_keys=True) if team else "",
    ]
    for sub in ("membres", "retraits", "inscriptions", "invitations"):
        entries = fichiers.entrees(root / "equipe" / sub)
        parts += [f"{sub}/{p.name}:{e.st_size}:{e.st_mtime_ns}:{e.st_ino}" for p, e in entries]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _exige(store: Store, root: Path, alertes: list[str]) -> Equipe:
    """`actualisation.exige`, except that the team's files are not read again while their folders' listing, the
    team this store holds and the date are what they were when it last read them all, and that reading
    refused nothing (the window's periodic syncs then cost a listing). A declaration refused is looked at
    again at every sync: what vouches for it may have come elsewhere (a member's read receipt); so is this
    laptop's own, while the members refuse it and it has written (`actualisation.arrivee_refusee`; before it
    writes, once a day, as the date is in the listing's footprint)."""
    before = _empreinte_equipe(store, root)
    cached = _EQUIPES.get(store)
    if cached is not None and cached[0] == before and not cached[1]:
        team = charge(store)
        if team is not None and not team.hors_partage() and not arrivee_refusee(store, team):
            return team
    found: list[str] = []
    team = exige(store, root, found)
    alertes += found
    if _empreinte_equipe(store, root) == before:  # nothing written meanwhile, by this laptop or another
        _EQUIPES[store] = (before, found)
    return team


# What each colleague's segments folder showed at this store's last sync (highest seq named): the window's
# periodic look syncs when a folder shows more, so that a laptop with nothing to send still receives.
_VUS: WeakKeyDictionary[Store, dict[str, int]] = WeakKeyDictionary()


def _listage(root: Path, equipe: Equipe | None, device: str) -> dict[str, int]:
    """The highest seq each member's segments folder names, and how many declarations and revocations the
    team's folders hold (names only: no file read, no entry stat'ed)."""
    found: dict[str, int] = {}
    for sub in ("membres", "retraits"):  # a new member, a laptop retired
        found[sub] = len(fichiers.noms(root / "equipe" / sub))
    for member in equipe.membres if equipe is not None else ():
        if member == device or (
            equipe is not None and (member in equipe.retraits or equipe.conteste(member))
        ):  # a departed laptop, a disputed successor: no longer listed
            continue
        highest = 0
        for name in fichiers.noms(root / "appareils" / member / "segments"):
            named = SEGMENT.match(name)
            if named and not name.endswith(".tmp"):
                highest = max(highest, int(named["seq"]))
        found[member] = highest
        if not fichiers.existe(root / "appareils" / member / "appareil.cmb"):
            found[member] = -1 - highest  # no card yet: it will be looked for again
    return found


def a_recevoir(store: Store, root: Path) -> bool:
    """Something new in the folder since this store's last sync: a colleague's segment, a new member."""
    seen = _VUS.get(store)
    if seen is None:
        return True  # not synced since the window opened
    return any(
        seq > seen.get(member, 0) for member, seq in _listage(root, charge(store), store.device_id).items()
    )
