"""What the Partage screen, the status bar and the command line show of the shared folder: its state, the
segments in quarantine (and looking at one again), the conflicts the merge set aside (put the losing value
back, or keep the kept one), the devices seen. Above `sync` and `application`, which write all of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from coordinateur.errors import CoordinateurError
from coordinateur.partage import fichiers
from coordinateur.partage.actualisation import arrivee_refusee, hors_dossier
from coordinateur.partage.application import Lu, _applique
from coordinateur.partage.bilan import Bilan, kinds_partages
from coordinateur.partage.dossier import DossierIndisponible, racine, releve_segments, verifie_connexion
from coordinateur.partage.equipe import HorsEquipe, charge, equipes_du_dossier
from coordinateur.partage.horloge import avertissement
from coordinateur.partage.models import (
    AppareilVu,
    BoiteEnvoi,
    Conflit,
    FluxAppareil,
    InstantaneVu,
    Quarantaine,
    SegmentLu,
)
from coordinateur.partage.regles import KINDS_ANNUAIRE
from coordinateur.partage.sync import a_recevoir, modeles, valide_segment
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.store.clock import Timestamp
from coordinateur.store.models import Operation
from coordinateur.text import horodatage_fr


@dataclass(frozen=True)
class Etat:
    dossier: str
    connecte: bool
    en_attente: int
    derniere_synchro: str | None
    conflits: int
    erreur: str
    quarantaine: tuple[LigneQuarantaine, ...] = ()
    indisponible: str = ""  # why the folder is not connected, in French
    # documents holding persons' data that this folder (not declared internal) will never receive: they
    # are not "waiting" (the window would sync every minute for ever), they are held back
    retenus: int = 0
    nouveau: bool = False  # the folder holds something new for this laptop (the window then syncs)
    dernier_instantane: str = ""  # when the newest valid snapshot known here was written (ISO), or ""
    horloge: str = ""  # this laptop's date looks wrong (also in `erreur`): the status bar says so
    # why the team does not take this laptop's changes although the folder is there (its arrival refused,
    # retired, a disputed succession), in French; "" while it shares: the screen then does not say "connecté"
    hors_equipe: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"dossier": self.dossier, "connecte": self.connecte, "en_attente": self.en_attente, "retenus": self.retenus,
                "derniere_synchro": self.derniere_synchro, "conflits": self.conflits, "erreur": self.erreur,
                "indisponible": self.indisponible, "quarantaine": [q.as_json() for q in self.quarantaine],
                "nouveau": self.nouveau, "dernier_instantane": self.dernier_instantane,
                "horloge": self.horloge, "hors_equipe": self.hors_equipe}  # fmt: skip


@dataclass(frozen=True)
class LigneQuarantaine:
    id: int
    fichier: str  # below the shared folder's coordinateur/ root
    appareil: str
    auteur: str
    seq: int | None
    motif: str
    detecte_le: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "fichier": self.fichier, "appareil": self.appareil, "auteur": self.auteur,
                "seq": self.seq, "motif": self.motif, "detecte_le": self.detecte_le}  # fmt: skip


def quarantaine(store: Store) -> list[LigneQuarantaine]:
    with store.read() as session:
        rows = session.scalars(select(Quarantaine).where(~Quarantaine.levee).order_by(Quarantaine.id.desc()))
        return [
            LigneQuarantaine(r.id, r.fichier, r.appareil, r.auteur, r.seq, r.motif, r.detecte_le)
            for r in rows
        ]


def leve_quarantaine(store: Store, quarantaine_id: int, dossier: str | Path | None = None) -> str:
    """Look again at a quarantined segment (its author may have written it again): a copy of that seq that
    now validates is applied in place of the refused one, and the line leaves the list; so does a line
    whose file is gone. Returns what happened, in French."""
    settings = load_settings(store)
    root = verifie_connexion(
        Path(dossier) if dossier else Path(settings.partage_dossier) if settings.partage_dossier else None
    )
    with store.read() as session:
        row = session.get(Quarantaine, quarantaine_id)
        if row is None or row.levee:
            raise CoordinateurError("Ce segment n'est plus en quarantaine.")
        device, seq, refused = row.appareil, row.seq, row.sha256
        consumed = session.get(SegmentLu, (device, seq)) if seq else None
        others = set(session.scalars(select(Quarantaine.sha256).where(Quarantaine.appareil == device)))
    team = charge(store)
    if team is None:
        raise HorsEquipe("Cet ordinateur ne fait partie d'aucune équipe de partage.")
    releve = releve_segments(root, device, equipe=team)
    present = {c.sha256 for c in releve.valides.get(seq or 0, [])} | {i.sha256 for i in releve.invalides}
    models, kinds = modeles(), set(kinds_partages(store))
    message = ""
    for copy in releve.valides.get(seq or 0, []):
        if copy.sha256 in others:
            continue
        ops, _why = valide_segment(copy, models, kinds, store)
        if ops is None:
            continue
        if consumed is not None and consumed.sha256 == refused:
            bilan = Bilan()
            _applique(store, [Lu(device, copy.seq, copy.sha256, ops)], bilan, False)
            message = f"Le segment {copy.path.name} a été réécrit par son auteur : {bilan.appliques} modification(s) appliquée(s)."
        elif consumed is None:
            message = f"Le segment {copy.path.name} a été réécrit par son auteur : il sera appliqué à la prochaine synchronisation."
        break
    if not message and refused in present:
        raise CoordinateurError(
            "Ce segment est toujours dans le dossier de partage et toujours invalide : il reste en quarantaine "
            "tant que son auteur ne l'a pas réécrit (demandez-lui de synchroniser avec une version à jour)."
        )
    with store.write() as session:
        row = session.get(Quarantaine, quarantaine_id)
        if row is not None:
            row.levee = True
        flux = session.get(FluxAppareil, device)
        if flux is not None:
            flux.empreinte = ""  # its folder is read again at the next sync
    return (
        message
        or "Le fichier de ce segment n'est plus dans le dossier de partage : il est retiré de la quarantaine."
    )


def etat(store: Store, dossier: str | Path | None = None) -> Etat:
    settings = load_settings(store)
    target = str(dossier or settings.partage_dossier or "")
    reason = ""
    nouveau = False
    root: Path | None = None
    try:
        root = verifie_connexion(Path(target) if target else None)
        connected = True
        nouveau = a_recevoir(store, root)
    except (DossierIndisponible, fichiers.LectureBloquee) as exc:
        # a folder that is there with a coordinateur/ tree it cannot use (FORMAT.json damaged…): say why; an
        # absent folder or an empty mount point left by a pulled key is only "not connected"
        connected, reason = False, exc.message if target and fichiers.existe(racine(Path(target))) else ""
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
        unsent = select(func.count()).select_from(BoiteEnvoi).where(BoiteEnvoi.publie_le == "")
        held = (
            0
            if settings.partage_dossier_interne
            else session.scalar(unsent.where(BoiteEnvoi.donnees_personnes)) or 0
        )
        waiting = (session.scalar(unsent) or 0) - held
        conflicts = session.scalar(select(func.count()).select_from(Conflit).where(~Conflit.regle)) or 0
        newest = session.scalar(select(func.max(InstantaneVu.cree_le)).where(InstantaneVu.valide)) or ""
    snapshot = (
        datetime.strptime(newest, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).isoformat(timespec="seconds")
        if newest
        else ""
    )
    clock = avertissement(store)
    team = charge(store) if target else None
    outside = (team.hors_partage() or arrivee_refusee(store, team)) if team is not None else ""
    if connected and root is not None and team is None:  # a team's folder this laptop is not in (yet)
        outside = hors_dossier(None, equipes_du_dossier(root))
    error = "\n".join(m for m in (clock, settings.partage_derniere_erreur) if m)
    return Etat(target, connected, int(pending) + int(waiting), settings.partage_derniere_synchro or None, int(conflicts),
                error, tuple(quarantaine(store)), reason, int(held), nouveau, snapshot, clock, outside)  # fmt: skip


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
    # who typed each value, and when (« « Portable de Lucie », le 30/11/2026 07:00 »), from its clock
    par_gardee: str = ""
    par_ecartee: str = ""


def _saisie(clock: str, store: Store, names: dict[str, str], team: Any) -> str:
    """« cet ordinateur » or « « Portable de Lucie » », and when, from a field's clock; "" when unreadable."""
    try:
        stamp = Timestamp.decode(clock)
    except ValueError:
        return ""
    if stamp.device == store.device_id:
        who = "cet ordinateur"
    else:
        name = names.get(stamp.device) or (team.nom(stamp.device) if team is not None else stamp.device[:8])
        who = f"« {name} »"
    try:
        when = horodatage_fr(datetime.fromtimestamp(stamp.wall / 1000, UTC).isoformat(timespec="seconds"))
    except (ValueError, OverflowError, OSError):
        return who
    return f"{who}, le {when}"


def conflits(store: Store) -> list[LigneConflit]:
    with store.read() as session:
        rows = list(session.scalars(select(Conflit).where(~Conflit.regle).order_by(Conflit.id.desc())))
        if not rows:
            return []  # the usual case, and no need to load every model at start
        models = modeles()
        names = {r.appareil: r.nom for r in session.scalars(select(AppareilVu)) if r.nom}
        team = charge(store)
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
            kept = record.clock_of(row.champ) if record is not None else row.horloge_gardee
            result.append(LigneConflit(row.id, row.kind, row.record_id, label or row.record_id[:8], row.champ,
                                       getattr(record, row.champ, row.valeur_gardee) if record else row.valeur_gardee,
                                       row.valeur_ecartee, row.detecte_le, _saisie(kept, store, names, team),
                                       _saisie(row.horloge_ecartee, store, names, team)))  # fmt: skip
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


@dataclass(frozen=True)
class LigneAppareil:
    """A device of the Partage screen's list: its card as last read, and what the team says of it (`alerte`:
    why imports from it stopped, or that it is a former id, retired, or a disputed successor) — a laptop
    that goes on under a new id (a restore, a copied store) is otherwise listed twice under one name."""

    appareil: str
    nom: str
    coordinateur: str
    vu_le: str
    alerte: str
    ancien: bool = False  # a former id: the laptop goes on under another

    @property
    def libelle(self) -> str:
        """Its name as the list shows it: a former id says so, beside the laptop that goes on for it."""
        name = self.nom or self.appareil[:8]
        return f"{name} (ancien identifiant)" if self.ancien else name


def appareils(store: Store) -> list[LigneAppareil]:
    with store.read() as session:
        rows = list(session.scalars(select(AppareilVu).order_by(AppareilVu.vu_le.desc())))
    team = charge(store)
    names = {r.appareil: r.nom for r in rows if r.nom}
    lines = []
    for r in rows:
        said = _dit_equipe(store, team, r.appareil, names)
        later = team.membres.get(r.appareil, {}).get("remplace_par") if team is not None else None
        lines.append(LigneAppareil(r.appareil, r.nom, r.coordinateur, r.vu_le,
                                   " ".join(x for x in (r.bloque, said) if x), bool(later)))  # fmt: skip
    return lines


def _dit_equipe(store: Store, team: Any, device: str, names: dict[str, str]) -> str:
    """What the team says of `device` that its card does not: a former id, retired, disputed; "" otherwise."""
    if team is None:
        return ""
    member = team.membres.get(device, {})
    later = member.get("remplace_par")
    if isinstance(later, str) and later:
        if later == store.device_id:
            return ("Ancien identifiant de cet ordinateur (base restaurée ou copiée) : il continue sous un nouvel "
                    "identifiant, et rien de ce qu'il avait écrit n'est perdu.")  # fmt: skip
        return (f"Ancien identifiant de « {names.get(later) or team.nom(later)} » (base restaurée ou copiée) : ses "
                "modifications continuent d'arriver sous son nouvel identifiant.")  # fmt: skip
    if device in team.retraits:
        try:
            when = horodatage_fr(str(team.retraits[device].get("le") or ""), "")
        except ValueError:
            when = ""
        return f"Retiré de l'équipe le {when}." if when else "Retiré de l'équipe."
    if team.conteste(device):
        return "Succession contestée : ses fichiers ne sont plus lus (voir Partage → Équipe)."
    return ""
