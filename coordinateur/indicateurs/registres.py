"""The conventions and events registers: entered once, counted by the indicators, alerted before expiry."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from coordinateur.annuaire.models import Structure
from coordinateur.errors import ValidationError
from coordinateur.indicateurs.models import Convention, Evenement
from coordinateur.referentiels.cog import referentiel
from coordinateur.store.base import new_uuid
from coordinateur.text import controle_date, fold

if TYPE_CHECKING:
    from coordinateur.store import Store

GENRES_CONVENTION = {"mutualisation": "Mutualisation de moyens", "formation": "Formation",
                     "personnel": "Mise à disposition de personnel", "outil_partage": "Outil partagé"}  # fmt: skip
GENRES_EVENEMENT = {"journee": "Journée de l'autonomie", "formation": "Formation", "rencontre": "Rencontre"}
ALERTE_JOURS = 60  # a convention ending within this many days is flagged


@dataclass
class DonneesConvention:
    id: str | None = None
    titre: str = ""
    genre: str = "mutualisation"
    partenaires: list[str] = field(default_factory=list)  # structure ids of the directory
    signee_le: str = ""
    fin_le: str = ""
    reference: str = ""
    notes: str = ""


@dataclass
class DonneesEvenement:
    id: str | None = None
    titre: str = ""
    genre: str = "journee"
    date: str = ""
    commune_code: str = ""
    participants: list[str] = field(default_factory=list)  # directory ids
    nb_participants: int = 0
    organisateurs: str = ""
    notes: str = ""


@dataclass(frozen=True)
class LigneConvention:
    id: str
    titre: str
    genre: str
    partenaires: str
    signee_le: str
    fin_le: str
    alerte: str  # "", "expire dans N jours", "expirée"


@dataclass(frozen=True)
class LigneEvenement:
    id: str
    titre: str
    genre: str
    date: str
    commune: str
    participants: int
    organisateurs: str


def _jour(value: str, label: str, champ: str, *, requis: bool = False, passe: bool = False) -> str:
    iso, why = controle_date(value, label, passee=passe, requise=requis)
    if why:
        raise ValidationError(why, champ)
    return iso


def controle_convention(d: DonneesConvention) -> DonneesConvention:
    d = dataclasses.replace(d, titre=d.titre.strip(), reference=d.reference.strip(), notes=d.notes.strip())
    if not d.titre:
        raise ValidationError("Donnez un intitulé à la convention.", "titre")
    if d.genre not in GENRES_CONVENTION:
        raise ValidationError("Genre de convention inconnu.", "genre")
    d.signee_le = _jour(d.signee_le, "Signée le", "signee_le", requis=True, passe=True)
    d.fin_le = _jour(d.fin_le, "Fin", "fin_le")
    if d.fin_le and d.fin_le <= d.signee_le:
        raise ValidationError("La fin de la convention doit suivre sa signature.", "fin_le")
    if not d.partenaires:
        raise ValidationError("Choisissez au moins une structure partenaire dans l'annuaire.", "partenaires")
    d.partenaires = list(dict.fromkeys(d.partenaires))
    return d


def controle_evenement(d: DonneesEvenement) -> DonneesEvenement:
    d = dataclasses.replace(
        d, titre=d.titre.strip(), organisateurs=d.organisateurs.strip(), notes=d.notes.strip()
    )
    if not d.titre:
        raise ValidationError("Donnez un intitulé à l'événement.", "titre")
    if d.genre not in GENRES_EVENEMENT:
        raise ValidationError("Genre d'événement inconnu.", "genre")
    d.date = _jour(d.date, "Date", "date", requis=True)
    if d.commune_code and referentiel().commune(d.commune_code) is None:
        raise ValidationError(f"Commune inconnue : {d.commune_code}.", "commune_code")
    if d.nb_participants < 0:
        raise ValidationError("Le nombre de participants ne peut pas être négatif.", "nb_participants")
    d.participants = list(dict.fromkeys(d.participants))
    return d


def enregistre_convention(store: Store, data: DonneesConvention) -> str:
    data = controle_convention(data)
    with store.write() as session:
        known = set(
            session.scalars(
                select(Structure.id).where(Structure.id.in_(data.partenaires), ~Structure.deleted)
            )
        )
        if missing := [p for p in data.partenaires if p not in known]:
            raise ValidationError(f"Partenaire absent de l'annuaire : {missing[0]}.", "partenaires")
        record = session.get(Convention, data.id) if data.id else None
        created = record is None
        if record is None:
            record = Convention(id=new_uuid())
            session.add(record)
        for name in ("titre", "genre", "partenaires", "signee_le", "fin_le", "reference", "notes"):
            setattr(record, name, getattr(data, name))
        session.flush()
        store.audit(
            session,
            "creation" if created else "modification",
            "convention",
            record.id,
            f"Convention « {data.titre} »",
        )
        return record.id


def enregistre_evenement(store: Store, data: DonneesEvenement) -> str:
    data = controle_evenement(data)
    with store.write() as session:
        record = session.get(Evenement, data.id) if data.id else None
        created = record is None
        if record is None:
            record = Evenement(id=new_uuid())
            session.add(record)
        for name in (
            "titre",
            "genre",
            "date",
            "commune_code",
            "participants",
            "nb_participants",
            "organisateurs",
            "notes",
        ):
            setattr(record, name, getattr(data, name))
        session.flush()
        store.audit(
            session,
            "creation" if created else "modification",
            "evenement",
            record.id,
            f"Événement « {data.titre} »",
        )
        return record.id


def supprime(store: Store, genre: str, record_id: str) -> None:
    """A convention or an event leaves the registers (kept as a tombstone: closed periods stay as printed)."""
    with store.write() as session:
        record = (
            session.get(Convention, record_id) if genre == "convention" else session.get(Evenement, record_id)
        )
        if record is None or record.deleted:
            raise ValidationError("Cette fiche n'existe pas ou a déjà été supprimée.")
        record.deleted = True
        store.audit(session, "suppression", genre, record_id, f"« {record.titre} » supprimé(e) du registre")


def lit_convention(store: Store, record_id: str) -> DonneesConvention:
    with store.read() as session:
        r = session.get(Convention, record_id)
        if r is None or r.deleted:
            raise ValidationError("Convention introuvable.")
        return DonneesConvention(
            r.id, r.titre, r.genre, list(r.partenaires), r.signee_le, r.fin_le, r.reference, r.notes
        )


def lit_evenement(store: Store, record_id: str) -> DonneesEvenement:
    with store.read() as session:
        r = session.get(Evenement, record_id)
        if r is None or r.deleted:
            raise ValidationError("Événement introuvable.")
        return DonneesEvenement(r.id, r.titre, r.genre, r.date, r.commune_code, list(r.participants), r.nb_participants,
                                r.organisateurs, r.notes)  # fmt: skip


def alerte(fin_le: str, aujourdhui: date | None = None) -> str:
    if not fin_le:
        return ""
    today = aujourdhui or date.today()
    left = (date.fromisoformat(fin_le) - today).days
    if left < 0:
        return "expirée"
    if left <= ALERTE_JOURS:
        return "expire aujourd'hui" if left == 0 else f"expire dans {left} jour{'s' if left > 1 else ''}"
    return ""


def liste_conventions(store: Store, *, aujourdhui: date | None = None) -> list[LigneConvention]:
    with store.read() as session:
        rows = session.scalars(
            select(Convention).where(~Convention.deleted).order_by(Convention.signee_le.desc())
        ).all()
        ids = {p for r in rows for p in r.partenaires}
        names = dict(session.execute(select(Structure.id, Structure.nom).where(Structure.id.in_(ids))).all())
        return [LigneConvention(r.id, r.titre, r.genre, ", ".join(names.get(p, "?") for p in r.partenaires), r.signee_le,
                                r.fin_le, alerte(r.fin_le, aujourdhui)) for r in rows]  # fmt: skip


def echeances(store: Store, *, aujourdhui: date | None = None) -> list[LigneConvention]:
    """Conventions ending within ALERTE_JOURS days (or ended less than a month ago): to renew."""
    today = aujourdhui or date.today()
    recent = (today - timedelta(days=31)).isoformat()
    return [c for c in liste_conventions(store, aujourdhui=today) if c.alerte and c.fin_le >= recent]


def liste_evenements(store: Store) -> list[LigneEvenement]:
    ref = referentiel()
    with store.read() as session:
        rows = session.scalars(
            select(Evenement).where(~Evenement.deleted).order_by(Evenement.date.desc())
        ).all()
        result = []
        for r in rows:
            commune = ref.commune(r.commune_code) if r.commune_code else None
            result.append(LigneEvenement(r.id, r.titre, r.genre, r.date, commune.nom if commune else "",
                                         max(r.nb_participants, len(r.participants)), r.organisateurs))  # fmt: skip
        return result


def structures(store: Store, texte: str = "") -> list[tuple[str, str]]:
    """The directory's structures to choose partners from: (id, "name — commune")."""
    ref = referentiel()
    words = fold(texte).split()
    with store.read() as session:
        rows = session.execute(select(Structure.id, Structure.nom, Structure.commune_code)
                               .where(~Structure.deleted).order_by(Structure.nom)).all()  # fmt: skip
    result = []
    for rid, nom, code in rows:
        commune = ref.commune(code) if code else None
        label = f"{nom} — {commune.nom}" if commune else nom
        if all(w in fold(label) for w in words):
            result.append((rid, label))
    return result
