"""Reading the audit trail: entries filtered by person, user, action and period, and their CSV export.

The log itself is written by `audit.record`; this module only reads it. Times are stored in UTC and shown
in local time; a period is a range of local days, both ends included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select

from coordinateur.confiance.audit import ACTIONS
from coordinateur.documents.tableur import ecrivain_csv
from coordinateur.fichiers import ecriture_atomique
from coordinateur.store.models import JournalAudit

if TYPE_CHECKING:
    from coordinateur.store.store import Store

LIBELLES_ACTIONS = ACTIONS  # the labels live with the list of actions, in audit.py
LIBELLES_OBJETS = {
    "personne": "Personne", "fiche_liaison": "Fiche de liaison", "reunion": "Réunion", "action": "Action",
    "intervenant": "Intervenant", "structure": "Structure", "base": "Base", "parametres": "Paramètres",
    "appareil": "Ordinateur", "annuaire": "Annuaire", "partage": "Partage", "journal": "Journal d'audit",
    "situation": "Situation", "convention": "Convention", "evenement": "Événement", "indicateurs": "Indicateurs",
    "boite_envoi": "Boîte d'envoi",
}  # fmt: skip
LIMITE = 5000  # the screen shows the newest entries; the export takes them all


@dataclass(frozen=True)
class Filtre:
    personne_id: str | None = None
    utilisateur: str | None = None
    action: str | None = None
    du: date | None = None
    au: date | None = None


@dataclass(frozen=True)
class Entree:
    id: int
    horodatage: datetime  # local time
    utilisateur: str
    appareil: str
    action: str
    objet_type: str
    objet_id: str | None
    resume: str

    @property
    def action_libelle(self) -> str:
        return LIBELLES_ACTIONS.get(self.action, self.action)

    @property
    def objet_libelle(self) -> str:
        return LIBELLES_OBJETS.get(self.objet_type, self.objet_type)


def _utc_bound(day: date) -> str:
    """The UTC ISO time of local midnight starting `day`, comparable with the stored stamps."""
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(UTC).isoformat(timespec="microseconds")


def _query(filtre: Filtre) -> Select:
    query = select(JournalAudit)
    if filtre.personne_id:
        query = query.where(JournalAudit.objet_id == filtre.personne_id)
    if filtre.utilisateur:
        query = query.where(JournalAudit.utilisateur == filtre.utilisateur)
    if filtre.action:
        query = query.where(JournalAudit.action == filtre.action)
    if filtre.du:
        query = query.where(JournalAudit.horodatage >= _utc_bound(filtre.du))
    if filtre.au:
        query = query.where(JournalAudit.horodatage < _utc_bound(filtre.au + timedelta(days=1)))
    return query


def _entree(row: JournalAudit) -> Entree:
    return Entree(
        id=row.id,
        horodatage=datetime.fromisoformat(row.horodatage).astimezone(),
        utilisateur=row.utilisateur,
        appareil=row.appareil,
        action=row.action,
        objet_type=row.objet_type,
        objet_id=row.objet_id,
        resume=row.resume,
    )


def entrees(store: Store, filtre: Filtre = Filtre(), *, limite: int | None = LIMITE) -> list[Entree]:
    """The matching entries, newest first (at most `limite`; None for all)."""
    query = _query(filtre).order_by(JournalAudit.id.desc())
    if limite is not None:
        query = query.limit(limite)
    with store.read() as session:
        return [_entree(row) for row in session.scalars(query)]


def compte(store: Store, filtre: Filtre = Filtre()) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(_query(filtre).subquery())) or 0


def verifie(store: Store) -> list[str]:
    """The breaks in the chain, its seal and its triggers, in French; empty when the log is intact."""
    from coordinateur.confiance.verification import journal_problemes

    with store.read() as session:
        return journal_problemes(store, session)


def utilisateurs(store: Store) -> list[str]:
    with store.read() as session:
        return sorted(session.scalars(select(JournalAudit.utilisateur).distinct()))


def sur_personne(store: Store, personne_id: str) -> list[Entree]:
    """Every entry about a person (their file, their sheets), oldest first: for the right of access."""
    query = select(JournalAudit).where(JournalAudit.objet_id == personne_id).order_by(JournalAudit.id)
    with store.read() as session:
        return [_entree(row) for row in session.scalars(query)]


ENTETES_CSV = ("N°", "Date", "Heure", "Utilisateur", "Ordinateur", "Action", "Objet", "Identifiant", "Détail")


def exporte_csv(store: Store, filtre: Filtre, path: Path) -> int:
    """All matching entries, oldest first, as a CSV for French Excel; the export is itself recorded."""
    rows = list(reversed(entrees(store, filtre, limite=None)))
    with ecriture_atomique(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = ecrivain_csv(handle)
        writer.writerow(ENTETES_CSV)
        for e in rows:
            writer.writerow(
                [e.id, e.horodatage.strftime("%d/%m/%Y"), e.horodatage.strftime("%H:%M:%S"), e.utilisateur,
                 e.appareil, e.action_libelle, e.objet_libelle, e.objet_id or "", e.resume]
            )  # fmt: skip
    with store.write() as session:
        store.audit(
            session, "export", "journal", None, f"Journal d'audit exporté ({len(rows)} lignes) : {path.name}"
        )
    return len(rows)
