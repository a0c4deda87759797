"""Persons' services: list, read (audited), save, validate a sheet into a frozen version, sheet state,
and the sharing rule every print and export goes through (opposition blocks, withdrawn consent blocks)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import func, select

from coordinateur.annuaire.fiches import Probleme
from coordinateur.errors import CoordinateurError, ValidationError
from coordinateur.personnes.dossier import CHAMPS_DOSSIER, Dossier, contenu_imprime, controle, empreinte
from coordinateur.personnes.models import FicheLiaison, Personne
from coordinateur.referentiels.cog import referentiel
from coordinateur.store import Store
from coordinateur.store.base import new_uuid
from coordinateur.text import fold

DELAI_REVUE_MAX = 365
BIENTOT = 30


class PartageRefuse(CoordinateurError):
    """The person objected to sharing (or withdrew consent): no print, no export."""


class EtatFiche(NamedTuple):
    code: str  # aucune, a_jour, a_revoir, perimee
    libelle: str
    version: int | None
    prochaine_revue: str

    @property
    def perimee(self) -> bool:
        return self.code in ("perimee", "aucune")


@dataclass(frozen=True)
class LignePersonne:
    id: str
    nom: str
    prenom: str
    date_naissance: str
    commune_code: str
    commune: str
    statut: str
    etat: EtatFiche

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "nom": self.nom, "prenom": self.prenom, "date_naissance": self.date_naissance,
                "commune_code": self.commune_code, "statut": self.statut, "fiche_perimee": self.etat.perimee,
                "etat_fiche": self.etat.libelle}  # fmt: skip


@dataclass(frozen=True)
class Version:
    id: str
    numero: int
    valide_le: str
    valide_par: str
    prochaine_revue: str
    exemplaires: list[str]
    contenu: Dossier


def etat(
    empreinte_courante: str, derniere: tuple[int, str, str] | None, today: date | None = None
) -> EtatFiche:
    """From the current content hash and the last version (numero, empreinte, prochaine_revue)."""
    today = today or date.today()
    if derniere is None:
        return EtatFiche("aucune", "jamais validée", None, "")
    numero, version_hash, revue = derniere
    if version_hash != empreinte_courante:
        return EtatFiche("perimee", "périmée : données modifiées depuis la version imprimée", numero, revue)
    if revue and date.fromisoformat(revue) < today:
        return EtatFiche("perimee", "périmée : date de revue dépassée", numero, revue)
    if revue and date.fromisoformat(revue) <= today + timedelta(days=BIENTOT):
        return EtatFiche("a_revoir", "à revoir bientôt", numero, revue)
    return EtatFiche("a_jour", "à jour", numero, revue)


def _dossier(record: Personne) -> Dossier:
    values: dict[str, Any] = {}
    for name in CHAMPS_DOSSIER:
        value = getattr(record, name)
        values[name] = value.copy() if isinstance(value, list | dict) else value
    return Dossier(id=record.id, **values)


def _find(session: Any, personne_id: str) -> Personne:
    record = session.get(Personne, personne_id)
    if record is None or record.deleted:
        raise ValidationError("Cette personne n'existe pas ou a été supprimée.")
    return record


def liste_personnes(store: Store, texte: str = "", *, statut: str | None = None) -> list[LignePersonne]:
    words = fold(texte).split()
    with store.read() as session:
        latest = (
            select(FicheLiaison.personne_id, func.max(FicheLiaison.numero).label("numero"))
            .group_by(FicheLiaison.personne_id)
            .subquery()
        )
        rows = session.execute(
            select(Personne.id, Personne.nom_usage, Personne.nom_naissance, Personne.prenom_usage,
                   Personne.prenoms_naissance, Personne.date_naissance, Personne.commune_code, Personne.statut,
                   Personne.empreinte, FicheLiaison.numero, FicheLiaison.empreinte, FicheLiaison.prochaine_revue)
            .outerjoin(latest, latest.c.personne_id == Personne.id)
            .outerjoin(FicheLiaison, (FicheLiaison.personne_id == Personne.id) & (FicheLiaison.numero == latest.c.numero))
            .where(~Personne.deleted)
        ).all()  # fmt: skip
    result = []
    ref = referentiel()
    for r in rows:
        nom = r[1] or r[2]
        prenom = r[3] or (r[4].split()[0] if r[4] else "")
        if words and not all(w in fold(f"{nom} {r[2]} {prenom} {r[4]} {r[5]}") for w in words):
            continue
        if statut and r[7] != statut:
            continue
        commune = ref.commune(r[6]) if r[6] else None
        state = etat(r[8], (r[9], r[10], r[11]) if r[9] is not None else None)
        result.append(
            LignePersonne(r[0], nom, prenom, r[5], r[6], commune.nom if commune else "", r[7], state)
        )
    return sorted(result, key=lambda ligne: fold(f"{ligne.nom} {ligne.prenom}"))


def lit_personne(store: Store, personne_id: str, *, motif: str = "consultation du dossier") -> Dossier:
    """A person's file; every opening is recorded in the audit log."""
    with store.write() as session:
        dossier = _dossier(_find(session, personne_id))
        store.audit(session, "lecture", "personne", personne_id, motif)
    return dossier


def enregistre_personne(store: Store, dossier: Dossier) -> tuple[str, list[Probleme]]:
    dossier, problemes = controle(dossier)
    errors = [p for p in problemes if p.bloquant]
    if errors:
        raise ValidationError(errors[0].message, errors[0].champ)
    with store.write() as session:
        return ecrit_dossier(session, store, dossier), [p for p in problemes if not p.bloquant]


def ecrit_dossier(session: Any, store: Store, dossier: Dossier, *, resume: str = "") -> str:
    """Write a checked dossier in the caller's transaction (created when it has no id), audited."""
    if dossier.id:
        record = _find(session, dossier.id)
        created = False
    else:
        record = Personne(id=new_uuid())
        session.add(record)
        created = True
    for name in CHAMPS_DOSSIER:
        setattr(record, name, getattr(dossier, name))
    record.empreinte = empreinte(dossier)
    session.flush()
    store.audit(session, "creation" if created else "modification", "personne", record.id,
                resume or ("Dossier créé" if created else "Dossier modifié"))  # fmt: skip
    return record.id


def note_contact(session: Any, personne_ids: list[str], jour: date) -> None:
    """A contact with these persons on `jour` (a meeting about them, their sheet validated): their « dernier
    contact », on which the retention rules count, moves forward, never back, never into the future."""
    if not personne_ids or jour > date.today():
        return
    for record in session.scalars(select(Personne).where(Personne.id.in_(personne_ids))):
        if (record.date_dernier_contact or "") < jour.isoformat():
            record.date_dernier_contact = jour.isoformat()


def derniere_version(session: Any, personne_id: str) -> FicheLiaison | None:
    return session.scalars(
        select(FicheLiaison)
        .where(FicheLiaison.personne_id == personne_id)
        .order_by(FicheLiaison.numero.desc())
        .limit(1)
    ).first()


def etat_fiche(store: Store, personne_id: str) -> EtatFiche:
    with store.read() as session:
        record = _find(session, personne_id)
        last = derniere_version(session, personne_id)
        return etat(record.empreinte, (last.numero, last.empreinte, last.prochaine_revue) if last else None)


def valide_fiche(
    store: Store,
    personne_id: str,
    *,
    exemplaires: list[str] | None = None,
    prochaine_revue: date | None = None,
) -> Version:
    """Freeze the current sheet into the next numbered version (review within a year, per DLU-Dom)."""
    today = date.today()
    revue = prochaine_revue or today + timedelta(days=DELAI_REVUE_MAX)
    if revue <= today:
        raise ValidationError("La date de revue doit être dans le futur.", "prochaine_revue")
    if revue > today + timedelta(days=DELAI_REVUE_MAX):
        raise ValidationError(
            "La fiche se revoit au moins une fois par an : choisissez une date dans l'année.",
            "prochaine_revue",
        )
    with store.write() as session:
        record = _find(session, personne_id)
        dossier = _dossier(record)
        last = derniere_version(session, personne_id)
        version = FicheLiaison(
            personne_id=personne_id, numero=(last.numero + 1) if last else 1,
            valide_le=datetime.now(UTC).isoformat(timespec="seconds"), valide_par=store.user,
            prochaine_revue=revue.isoformat(), contenu=contenu_imprime(dossier), empreinte=empreinte(dossier),
            exemplaires=list(exemplaires or []),
        )  # fmt: skip
        session.add(version)
        note_contact(session, [personne_id], today)
        session.flush()
        store.audit(
            session, "modification", "fiche_liaison", personne_id, f"Fiche validée, version {version.numero}"
        )
        return _version(version)


def _version(row: FicheLiaison) -> Version:
    contenu = Dossier(id=row.personne_id, **{k: v for k, v in row.contenu.items() if k in CHAMPS_DOSSIER})
    return Version(
        row.id, row.numero, row.valide_le, row.valide_par, row.prochaine_revue, list(row.exemplaires), contenu
    )


def versions(store: Store, personne_id: str) -> list[Version]:
    with store.read() as session:
        rows = session.scalars(
            select(FicheLiaison)
            .where(FicheLiaison.personne_id == personne_id)
            .order_by(FicheLiaison.numero.desc())
        ).all()
        return [_version(r) for r in rows]


def note_exemplaires(store: Store, version_id: str, exemplaires: list[str]) -> None:
    """Where the paper copies of a version are (domicile, médecin, SSIAD…): the one thing that may change."""
    with store.write() as session:
        row = session.get(FicheLiaison, version_id)
        if row is None:
            raise ValidationError("Version introuvable.")
        row.exemplaires = [e.strip() for e in exemplaires if e.strip()]
        store.audit(
            session,
            "modification",
            "fiche_liaison",
            row.personne_id,
            f"Exemplaires de la version {row.numero}",
        )


def verifie_partage(dossier: Dossier) -> None:
    """Raise PartageRefuse, with the reason, when nothing about this person may leave the laptop."""
    opposition = dossier.partage.get("opposition") or {}
    if opposition.get("active"):
        quand = f" le {_fr(opposition.get('date', ''))}" if opposition.get("date") else ""
        raise PartageRefuse(
            f"{dossier.libelle()} s'est opposé(e){quand} à l'échange et au partage de ses informations : "
            "aucune impression ni aucun export n'est possible. Levez l'opposition dans l'onglet « Partage et "
            "consentement » si la personne change d'avis."
        )
    consent = dossier.partage.get("consentement") or {}
    if dossier.partage.get("base") == "consentement" and consent.get("retire_le"):
        raise PartageRefuse(
            f"{dossier.libelle()} a retiré son consentement le {_fr(consent['retire_le'])} : aucune impression ni "
            "aucun export n'est possible."
        )


def _fr(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def version_a_imprimer(store: Store, personne_id: str) -> Version:
    """The latest validated version, after the sharing rule; printing always uses a validated version."""
    with store.read() as session:
        record = _find(session, personne_id)
        verifie_partage(_dossier(record))
        last = derniere_version(session, personne_id)
        if last is None:
            raise ValidationError("Cette fiche n'a jamais été validée : validez-la avant de l'imprimer.")
        return _version(last)


def copie(dossier: Dossier, **changes: Any) -> Dossier:
    return dataclasses.replace(dossier, **changes)
