"""The persons' rights and the retention rule (domain.md §4, RGPD articles 15, 16, 17 and 5.1.e).

- Access: everything held about a person in one PDF, with the audit entries about their file.
- Rectification: the ordinary edits (audited).
- Erasure: the file is anonymised — identity, contacts, circle of care, sheet contents and the
  situations' texts are emptied — while what the indicators count stays (the record, its commune, its
  dates, the number of validated sheets).
- Retention: files without contact for `mois` months (24 by default for social data) are proposed for
  anonymisation; nothing goes before the coordinator has seen the list.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from coordinateur.confiance.journal import sur_personne
from coordinateur.documents.caviardage import Caviardage
from coordinateur.documents.rendus import Bloc, Document, pdf
from coordinateur.errors import ValidationError
from coordinateur.fiches.sections import SECTIONS, normalise, oui_non
from coordinateur.personnes.dossier import (
    INS_STATUTS,
    MESURES,
    ROLES_CERCLE,
    ROLES_CONTACT,
    SEXES,
    STATUTS,
    Dossier,
)
from coordinateur.personnes.models import FicheLiaison, Personne
from coordinateur.referentiels.cog import referentiel
from coordinateur.referentiels.telephone import affiche_telephone
from coordinateur.reunions.models import Action, Reunion, Situation
from coordinateur.reunions.service import empreinte as empreinte_reunion
from coordinateur.reunions.service import lit_en_session
from coordinateur.store.clock import jour_local

if TYPE_CHECKING:
    from coordinateur.store import Store

CONSERVATION_MOIS = (
    24  # social data: two years after the last contact (CNIL référentiel social et médico-social)
)
ANONYME = "ANONYMISÉ"

IDENTITE = (
    ("civilite", "Civilité"), ("nom_naissance", "Nom de naissance"), ("nom_usage", "Nom d'usage"),
    ("prenoms_naissance", "Prénoms de naissance"), ("prenom_usage", "Prénom d'usage"),
    ("date_naissance", "Date de naissance"), ("sexe", "Sexe"), ("lieu_naissance", "Lieu de naissance"),
    ("nir", "NIR (matricule INS)"), ("ins_statut", "Statut de l'identité"), ("langues", "Langues parlées"),
    ("situation_familiale", "Situation familiale"), ("vit_seul", "Vit seul(e)"),
    ("description", "Description"), ("adresse", "Adresse"), ("complement", "Complément d'adresse"),
    ("code_postal", "Code postal"), ("commune_code", "Commune"), ("telephone", "Téléphone"),
    ("acces", "Accès au domicile"), ("animaux", "Animaux"), ("teleassistance", "Téléassistance"),
    ("autocollant", "Autocollant sur la porte"), ("gir", "GIR"), ("gir_date", "Date de l'évaluation GIR"),
    ("gir_evaluateur", "Évaluateur GIR"), ("statut", "Suivi"), ("date_dernier_contact", "Dernier contact"),
    ("code_situation", "Code de situation (comptes rendus pour les partenaires)"),
)  # fmt: skip
# What anonymisation keeps: what indicators count, nothing that names or locates the person.
GARDES = frozenset({"commune_code", "statut", "date_dernier_contact", "gir", "code_situation"})


def _valeur(cle: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if cle == "sexe":
        return SEXES.get(value, value)
    if cle == "ins_statut":
        return INS_STATUTS.get(value, value)
    if cle == "statut":
        return STATUTS.get(value, value)
    if cle == "telephone":
        return affiche_telephone(value)
    if cle == "commune_code":
        commune = referentiel().commune(value)
        return f"{commune.nom} ({value})" if commune else value
    if cle.startswith("date") or cle.endswith("_date"):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return str(value)


def _partage(partage: dict[str, Any]) -> list[str]:
    """The sharing basis, information, consent and opposition records, as sentences."""
    lines = []
    base = partage.get("base")
    if base:
        lines.append(
            "Partage : "
            + (
                "au sein de l'équipe de soins"
                if base == "equipe"
                else "hors équipe de soins, avec consentement"
            )
        )
    if partage.get("equipe"):
        lines.append("Équipe de soins : " + ", ".join(str(m) for m in partage["equipe"]))
    for key, label in (("information", "Information donnée"), ("consentement", "Consentement recueilli"),
                       ("opposition", "Opposition exprimée")):  # fmt: skip
        record = partage.get(key) or {}
        if record.get("date"):
            details = [f"le {_valeur('date', record['date'])}"]
            details += [
                f"{k.replace('_', ' ')} : {_valeur(k, v)}"
                for k, v in record.items()
                if k != "date" and v not in ("", None)
            ]
            lines.append(f"{label} " + ", ".join(details))
    return lines


def _dossier(record: Personne) -> Dossier:
    names = {f.name for f in dataclasses.fields(Dossier)}
    return Dossier(**{n: getattr(record, n) for n in names})


def document_acces(store: Store, personne_id: str, *, structure: str = "") -> Document:
    """Every piece of data about the person, in plain French, with the audit entries about their file."""
    with store.read() as session:
        record = session.get(Personne, personne_id)
        if record is None or record.deleted:
            raise ValidationError("Personne introuvable.")
        d = _dossier(record)
        created = record.created_at
        versions = session.scalars(
            select(FicheLiaison).where(FicheLiaison.personne_id == personne_id).order_by(FicheLiaison.numero)
        ).all()
        version_rows = [[str(v.numero), _valeur("date", v.valide_le[:10]), v.valide_par, _valeur("date", v.prochaine_revue), ", ".join(v.exemplaires)]
                        for v in versions]  # fmt: skip
        situations = session.execute(
            select(Reunion.date, Reunion.titre, Situation.question, Situation.decision)
            .join(Reunion, Reunion.id == Situation.reunion_id)
            .where(Situation.personne_id == personne_id, ~Situation.deleted, ~Reunion.deleted)
            .order_by(Reunion.date)
        ).all()
    today = date.today()
    blocs = [
        Bloc("texte", texte=(
            "Ce document réunit toutes les données que la coordination détient sur la personne, au titre du "
            "droit d'accès (article 15 du RGPD) : son dossier, sa fiche de liaison, les réunions où sa "
            "situation a été évoquée et le journal des accès et des modifications de son dossier.")),
        Bloc("h1", "Identité et domicile"),
        Bloc("tableau", lignes=[["Donnée", "Valeur"]]
             + [[label, _valeur(cle, getattr(d, cle))] for cle, label in IDENTITE]),
    ]  # fmt: skip
    if d.contacts:
        blocs += [Bloc("h1", "Personnes à prévenir et représentants"),
                  Bloc("tableau", lignes=[["Rôle", "Nom", "Lien", "Téléphones", "Mesure"]] + [
                      [ROLES_CONTACT.get(c.get("role", ""), ""), c.get("nom", ""), c.get("lien", ""),
                       " / ".join(affiche_telephone(t) for t in (c.get("telephone", ""), c.get("telephone2", "")) if t),
                       MESURES.get(c.get("mesure", ""), "")] for c in d.contacts])]  # fmt: skip
    if d.cercle:
        blocs += [Bloc("h1", "Cercle de soins"),
                  Bloc("tableau", lignes=[["Rôle", "Nom", "Téléphone", "Précision"]] + [
                      [ROLES_CERCLE.get(m.get("role", ""), ""), m.get("nom", ""), affiche_telephone(m.get("telephone", "")),
                       m.get("detail", "")] for m in d.cercle])]  # fmt: skip
    fiche = normalise(d.fiche)
    for section in SECTIONS:
        rows = []
        for champ in section.champs:
            value = fiche[section.cle][champ.cle]
            if champ.genre == "liste":
                text = " ; ".join(value)
            elif champ.genre == "oui_non":
                text = "" if value is None else oui_non(value)
            else:
                text = value
            if text:
                rows.append([champ.libelle, text])
        if rows:
            blocs += [
                Bloc("h1", f"Fiche de liaison — {section.titre}"),
                Bloc("tableau", lignes=[["Rubrique", "Contenu"], *rows]),
            ]
    partage = _partage(d.partage)
    if partage:
        blocs += [Bloc("h1", "Information et partage"), Bloc("liste", items=partage)]
    blocs.append(Bloc("h1", "Versions validées de la fiche de liaison"))
    if version_rows:
        blocs.append(
            Bloc(
                "tableau",
                lignes=[["N°", "Validée le", "Par", "Prochaine revue", "Exemplaires"], *version_rows],
            )
        )
    else:
        blocs.append(Bloc("texte", "Aucune version validée."))
    blocs.append(Bloc("h1", "Réunions où la situation a été évoquée"))
    if situations:
        blocs.append(Bloc("tableau", lignes=[["Date", "Réunion", "Question", "Décision"]]
                          + [[_valeur("date", s.date), s.titre, s.question, s.decision] for s in situations]))  # fmt: skip
    else:
        blocs.append(Bloc("texte", "Aucune."))
    blocs.append(Bloc("h1", "Journal des accès et des modifications"))
    entries = sur_personne(store, personne_id)
    if entries:
        blocs.append(Bloc("tableau", lignes=[["Date", "Par", "Action", "Détail"]] + [
            [e.horodatage.strftime("%d/%m/%Y %H:%M"), e.utilisateur, e.action_libelle, e.resume] for e in entries]))  # fmt: skip
    else:
        blocs.append(Bloc("texte", "Aucune consultation ni modification enregistrée pour l'instant."))
    blocs.append(Bloc("texte", f"Dossier ouvert le {_valeur('date', jour_local(created))}."))
    return Document(
        titre=f"Données détenues sur {d.libelle()}",
        sous_titre=f"Droit d'accès — établi le {today.strftime('%d/%m/%Y')}"
        + (f" par {structure}" if structure else ""),
        blocs=blocs,
        auteur=structure or "Coordinateur",
    )


def pdf_acces(store: Store, personne_id: str, *, structure: str = "") -> bytes:
    """The access bundle as a PDF; its making is recorded in the audit log."""
    data = pdf(document_acces(store, personne_id, structure=structure))
    with store.write() as session:
        store.audit(session, "droit_acces", "personne", personne_id, "Dossier complet remis (droit d'accès)")
    return data


def anonymise(store: Store, personne_id: str, *, motif: str = "effacement demandé") -> None:
    """Erase what identifies the person; keep what is counted. Irreversible (backups age out by rotation)."""
    with store.write() as session:
        record = session.get(Personne, personne_id)
        if record is None or record.deleted:
            raise ValidationError("Personne introuvable.")
        _anonymise(session, record)
        store.audit(session, "anonymisation", "personne", personne_id, f"Dossier anonymisé ({motif})")


def _anonymise(session: Any, record: Personne) -> None:
    """Empty what names or locates the person; in the meetings where their situation was discussed, their
    names in the decisions, notes and actions become their case code (a validated meeting gets a revision)."""
    code = record.code_situation or "[personne anonymisée]"
    masque = Caviardage()
    masque.ajoute_personne(_dossier(record), code)
    empty = Dossier()
    for f in dataclasses.fields(Dossier):
        if f.name in GARDES or f.name == "id":
            continue
        setattr(record, f.name, getattr(empty, f.name))
    record.nom_usage = ANONYME
    record.statut = "anonymisee"
    record.empreinte = ""
    for version in session.scalars(select(FicheLiaison).where(FicheLiaison.personne_id == record.id)):
        version.contenu = {}
        version.exemplaires = []
    meetings: set[str] = set()
    for situation in session.scalars(select(Situation).where(Situation.personne_id == record.id)):
        _efface_situation(situation)
        situation.decision = masque(situation.decision)
        meetings.add(situation.reunion_id)
    for reunion in session.scalars(select(Reunion).where(Reunion.id.in_(meetings))):
        reunion.titre = masque(reunion.titre)
        reunion.decisions = [masque(d) for d in reunion.decisions]
        reunion.notes = masque(reunion.notes)
        reunion.ordre_du_jour = [masque(item) for item in reunion.ordre_du_jour]
        for situation in session.scalars(select(Situation).where(Situation.reunion_id == reunion.id)):
            situation.decision = masque(situation.decision)
            situation.question = masque(situation.question)
            situation.synthese = {k: masque(v) for k, v in (situation.synthese or {}).items()}
        for action in session.scalars(select(Action).where(Action.reunion_id == reunion.id)):
            action.quoi = masque(action.quoi)
            action.resultat = masque(action.resultat)
        if reunion.statut == "validee":
            session.flush()
            fingerprint = empreinte_reunion(lit_en_session(session, reunion.id))
            reunion.revisions = [*reunion.revisions, {
                "le": datetime.now(UTC).isoformat(timespec="seconds"), "par": "Coordinateur",
                "motif": "Anonymisation d'une personne (RGPD)", "empreinte": fingerprint,
            }]  # fmt: skip
            reunion.empreinte = fingerprint


def _efface_situation(situation: Situation) -> None:
    """The texts that describe the person go; the decision and the follow-up stay (they are counted)."""
    situation.question = ""
    situation.synthese = {}
    situation.referent = ""


@dataclass(frozen=True)
class Regles:
    """Retention per kind of data, in months (CNIL référentiel social et médico-social: two years after
    the last contact for the file; the texts of a situation discussed in a meeting, after the meeting)."""

    dossiers_mois: int = CONSERVATION_MOIS
    situations_mois: int = CONSERVATION_MOIS


GENRES = {"dossier": "Dossier de la personne", "situation": "Situation évoquée en réunion"}


@dataclass(frozen=True)
class APurger:
    genre: str  # "dossier" or "situation"
    id: str
    libelle: str
    depuis: str  # ISO date: last contact (or last change), or the meeting's date
    mois: int  # months since then


def _mois_entre(debut: date, fin: date) -> int:
    return (fin.year - debut.year) * 12 + fin.month - debut.month - (fin.day < debut.day)


def a_purger(store: Store, regles: Regles = Regles(), *, aujourdhui: date | None = None) -> list[APurger]:
    """What the retention rules would anonymise today, oldest first; nothing is changed. A file's age runs
    from the last contact noted or, without one, from its last change. Anonymised data is not listed."""
    today = aujourdhui or date.today()
    found = []
    with store.read() as session:
        people = session.execute(
            select(Personne.id, Personne.nom_usage, Personne.nom_naissance, Personne.prenom_usage,
                   Personne.prenoms_naissance, Personne.date_dernier_contact, Personne.updated_at)
            .where(~Personne.deleted, Personne.statut != "anonymisee")
        ).all()  # fmt: skip
        situations = session.execute(
            select(Situation.id, Situation.code, Reunion.date, Reunion.titre)
            .join(Reunion, Reunion.id == Situation.reunion_id)
            .where(~Situation.deleted, (Situation.question != "") | (Situation.referent != ""))
        ).all()  # fmt: skip
    for r in people:
        last = r.date_dernier_contact or jour_local(r.updated_at)
        if not last:
            continue
        age = _mois_entre(date.fromisoformat(last), today)
        if age >= regles.dossiers_mois:
            prenom = r.prenom_usage or (r.prenoms_naissance.split()[0] if r.prenoms_naissance else "")
            label = f"{(r.nom_usage or r.nom_naissance).upper()} {prenom}".strip()
            found.append(APurger("dossier", r.id, label, last, age))
    for s in situations:
        age = _mois_entre(date.fromisoformat(s.date), today)
        if age >= regles.situations_mois:
            label = f"{s.titre} du {_valeur('date', s.date)}" + (f" — {s.code}" if s.code else "")
            found.append(APurger("situation", s.id, label, s.date, age))
    return sorted(found, key=lambda p: (p.depuis, p.genre))


def purge(store: Store, elements: list[APurger], regles: Regles = Regles()) -> int:
    """Anonymise what the assistant listed and the coordinator kept ticked, in one transaction (all or
    nothing), each recorded in the audit log. Returns how many."""
    files = [e.id for e in elements if e.genre == "dossier"]
    texts = [e.id for e in elements if e.genre == "situation"]
    with store.write() as session:
        records = session.scalars(select(Personne).where(Personne.id.in_(files), ~Personne.deleted)).all()
        for record in records:
            _anonymise(session, record)
            store.audit(session, "purge", "personne", record.id,
                        f"Durée de conservation dépassée ({regles.dossiers_mois} mois)")  # fmt: skip
        rows = session.scalars(select(Situation).where(Situation.id.in_(texts))).all()
        for situation in rows:
            _efface_situation(situation)
            store.audit(session, "purge", "situation", situation.id,
                        f"Textes de la situation effacés ({regles.situations_mois} mois)")  # fmt: skip
    return len(records) + len(rows)
