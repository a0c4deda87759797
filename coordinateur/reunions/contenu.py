"""The content of the minutes as neutral blocks, built for one audience; the renderers only lay it out.

For partners ("partenaires") the minutes are a relevé de décisions by construction: per situation the case
code, age band and commune, the question and the decision, and only the dimensions of the synthesis the
coordinator chose for partners; then decisions and actions. Every text of it, title and metadata
included, goes through the one redaction module (`coordinateur.documents.caviardage`), which also lists
what may still identify someone for the preview. A person under opposition never appears beyond the case
code (for the team too).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select

from coordinateur.annuaire.models import Structure
from coordinateur.documents.caviardage import Caviardage
from coordinateur.documents.rendus import Bloc, Document
from coordinateur.documents.suspicions import Suspicion, SuspicionsNonConfirmees
from coordinateur.fiches.pdf_commun import accorde
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.models import Personne
from coordinateur.referentiels.cog import referentiel
from coordinateur.reunions.models import Action, Situation
from coordinateur.reunions.service import (
    DIMENSIONS,
    OUVERTES,
    PRESENCES,
    STATUTS_ACTION,
    TYPES,
    DonneesReunion,
    DonneesSituation,
    LigneAction,
    actions,
    lit_reunion,
)
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.text import date_longue, jour

NIVEAUX = {
    "equipe": "Équipe de soins (nominatif)",
    "partenaires": "Partenaires (relevé de décisions, pseudonymisé)",
}


def tranche_age(naissance: str, le: date) -> str:
    if not naissance:
        return "âge non renseigné"
    born = date.fromisoformat(naissance)
    age = le.year - born.year - ((le.month, le.day) < (born.month, born.day))
    low = age // 5 * 5
    return f"{low}–{low + 4} ans"


def attribue_codes(store: Store, personne_ids: list[str]) -> dict[str, str]:
    """Each person's case code, creating the missing ones (S-0001, S-0002…): codes, never names."""
    with store.write() as session:
        people = {p.id: p for p in session.scalars(select(Personne).where(Personne.id.in_(personne_ids)))}
        used = [
            p for p in session.scalars(select(Personne.code_situation).where(Personne.code_situation != ""))
        ]
        numbers = [int(c[2:]) for c in used if re.fullmatch(r"S-\d+", c)]
        next_number = max(numbers, default=0) + 1
        for person in people.values():
            if not person.code_situation:
                person.code_situation = f"S-{next_number:04d}"
                next_number += 1
        return {pid: p.code_situation for pid, p in people.items()}


@dataclass
class ChoixSituation:
    """What the preview shows of a situation: its label for partners, which dimensions have a text,
    which of them partners are told."""

    situation_id: str
    libelle: str
    remplies: list[str]
    choisies: list[str]


@dataclass
class Sortie:
    """A document as it would leave, with what was replaced and what may still identify someone."""

    document: Document
    suspicions: list[Suspicion]
    remplacements: Counter[str]
    choix: list[ChoixSituation] = field(default_factory=list)
    caviardage: Caviardage | None = None  # None: a nominative document for the team

    def verifie(self, confirme: bool | Collection[str]) -> list[Suspicion]:
        """The suspicions the coordinator confirmed; raises SuspicionsNonConfirmees for the others."""
        if confirme is True:
            return list(self.suspicions)
        accepted = set(confirme) if confirme else set()
        missing = [s for s in self.suspicions if s.cle not in accepted]
        if missing:
            raise SuspicionsNonConfirmees(missing)
        return list(self.suspicions)


def _dossiers(store: Store, ids: list[str]) -> dict[str, Dossier]:
    from coordinateur.personnes.service import _dossier

    with store.read() as session:
        return {p.id: _dossier(p) for p in session.scalars(select(Personne).where(Personne.id.in_(ids)))}


def personnes_des_actions(store: Store, action_ids: list[str]) -> list[str]:
    """The persons of the situations of the meetings the given actions were decided in (the meeting's
    title may name any of them: each gets the same code as in that meeting's minutes)."""
    if not action_ids:
        return []
    with store.read() as session:
        meetings = select(Action.reunion_id).where(Action.id.in_(action_ids))
        return [
            pid
            for pid in session.scalars(
                select(Situation.personne_id).where(
                    Situation.reunion_id.in_(meetings), Situation.personne_id.is_not(None), ~Situation.deleted
                )
            )
            if pid
        ]


def caviardage(
    store: Store, personne_ids: list[str], *, reference: date, permis: list[str] | None = None
) -> tuple[Caviardage, dict[str, str], dict[str, Dossier]]:
    """The redaction for a document about these persons (their case codes, created if missing), the
    other persons followed, and the partners named by the document (`permis`)."""
    ids = list(dict.fromkeys(personne_ids))
    codes = attribue_codes(store, ids) if ids else {}
    dossiers = _dossiers(store, ids)
    c = Caviardage(reference=reference)
    for pid, dossier in dossiers.items():
        c.ajoute_personne(dossier, codes[pid])
        c.permet(*(m.get("nom", "") for m in dossier.cercle if m.get("annuaire_id")))
    with store.read() as session:
        others = session.execute(
            select(Personne.nom_naissance, Personne.nom_usage, Personne.prenoms_naissance, Personne.prenom_usage)
            .where(~Personne.deleted, Personne.statut != "anonymisee", Personne.id.not_in(ids))
        ).all()  # fmt: skip
        structures = session.execute(select(Structure.telephones)).scalars().all()
    for nom_naissance, nom_usage, prenoms, prenom_usage in others:
        c.ajoute_autre_personne(nom_naissance, nom_usage, f"{prenoms} {prenom_usage}")
    settings = load_settings(store)
    c.permet(settings.structure_nom, settings.coordinateur_nom, *(permis or []))
    c.permet_telephones(t.get("numero", "") for phones in structures for t in (phones or []))
    return c, codes, dossiers


def _permis(data: DonneesReunion) -> list[str]:
    """The partners the document names, as the directory knows them: participants and responsables picked
    from it. Free-text fields (référent, « informée par », animation) are not trusted: a relative can be
    typed there."""
    names = []
    for p in data.participants:
        if p.get("annuaire_id"):  # a professional of the directory, not a relative who came
            names += [str(p.get(k) or "") for k in ("nom", "structure", "email")]
    names += [a.responsable for a in data.actions if a.responsable_id]
    return names


def compte_rendu(store: Store, reunion_id: str, niveau: str, *, auteur: str) -> Document:
    return prepare_compte_rendu(store, reunion_id, niveau, auteur=auteur).document


def prepare_compte_rendu(store: Store, reunion_id: str, niveau: str, *, auteur: str) -> Sortie:
    """The minutes for the team (nominative, complete) or for partners (a relevé de décisions: per
    situation the case code, age band and commune, the question and the decision, and only the
    dimensions of the synthesis chosen for partners; every text through the redaction)."""
    if niveau not in NIVEAUX:
        raise ValueError(niveau)
    data = lit_reunion(store, reunion_id)
    le = date.fromisoformat(data.date)
    carried = (
        actions(store, serie=data.serie, statuts=OUVERTES, avant_reunion=data.date) if data.serie else []
    )
    ids = [s.personne_id for s in data.situations if s.personne_id]
    ids += personnes_des_actions(store, [a.id for a in carried])
    c, codes, dossiers = caviardage(store, ids, reference=le, permis=_permis(data))
    pseudo = niveau == "partenaires"
    blocs = _entete(data)
    blocs += _situations(data, dossiers, codes, pseudo, le)
    if data.decisions:
        blocs += [Bloc("h1", "Décisions"), Bloc("liste", items=list(data.decisions))]
    blocs += _actions(data, carried)
    if data.diffusion:
        blocs += [Bloc("h2", "Diffusion"), Bloc("texte", ", ".join(data.diffusion))]
    validation = (
        f"Compte rendu validé le {date_longue(jour(data.valide_le))} par {data.valide_par}"
        if data.valide_le
        else "Compte rendu non validé"
    )
    if data.revisions:
        validation += f" ; {len(data.revisions)} amendement(s), le dernier : {data.revisions[-1]['motif']}"
    blocs.append(Bloc("texte", validation + "."))
    document = Document(data.titre, f"{TYPES[data.type]} — {le:%d/%m/%Y} — {NIVEAUX[niveau]}", blocs, auteur)
    if not pseudo:
        return Sortie(document, [], Counter())
    document = c.document(document)
    choix = [
        ChoixSituation(
            s.id or "",
            c.texte(_libelle_partenaires(s, n, dossiers, codes, le)),
            [k for k in DIMENSIONS if s.synthese.get(k)],
            list(s.pour_partenaires),
        )
        for n, s in enumerate(data.situations, start=1)
    ]
    return Sortie(document, list(c.suspicions), Counter(c.remplacements), choix, c)


def prepare_convocation(
    store: Store, reunion_id: str, niveau: str, *, auteur: str
) -> tuple[DonneesReunion, Sortie]:
    """The meeting as the agenda, attendance sheet and invitation show it: for partners, its title, place,
    agenda and participants through the redaction (the persons of its situations replaced)."""
    if niveau not in NIVEAUX:
        raise ValueError(niveau)
    data = lit_reunion(store, reunion_id)
    le = date.fromisoformat(data.date)
    c: Caviardage | None = None
    if niveau == "partenaires":
        ids = [s.personne_id for s in data.situations if s.personne_id]
        c, _, _ = caviardage(store, ids, reference=le, permis=_permis(data))
        data = replace(
            data,
            titre=c.texte(data.titre, "titre"),
            lieu=c.texte(data.lieu, "lieu"),
            visio=c.texte(data.visio, "lien de visio"),
            organisateur=c.texte(data.organisateur, "organisateur"),
            ordre_du_jour=[c.texte(item, "ordre du jour") for item in data.ordre_du_jour],
            participants=[
                {
                    **p,
                    **{
                        k: c.texte(str(p.get(k) or ""), "participants")
                        for k in ("nom", "qualite", "structure")
                    },
                    # a participant typed by hand may be a relative: no e-mail of theirs leaves
                    "email": str(p.get("email") or "") if p.get("annuaire_id") else "",
                }
                for p in data.participants
            ],
        )
    rows = [["Nom", "Qualité", "Structure"]] + [
        [str(p.get("nom") or ""), str(p.get("qualite") or ""), str(p.get("structure") or "")]
        for p in data.participants
    ]
    document = Document(
        data.titre,
        f"{TYPES[data.type]} — {le:%d/%m/%Y} — {data.lieu or 'lieu à préciser'}",
        [Bloc("h2", "Ordre du jour"), Bloc("liste", items=list(data.ordre_du_jour)), Bloc("h2", "Participants"),
         Bloc("tableau", lignes=rows)],
        auteur,
    )  # fmt: skip
    if c is None:
        return data, Sortie(document, [], Counter())
    return data, Sortie(document, list(c.suspicions), Counter(c.remplacements), [], c)


def _libelle_partenaires(
    s: DonneesSituation, n: int, dossiers: dict[str, Dossier], codes: dict[str, str], le: date
) -> str:
    dossier = dossiers.get(s.personne_id or "")
    code = codes.get(s.personne_id or "", s.code or f"situation {n}")
    if dossier is None or _opposee(dossier):
        return f"{n}. {code}"
    commune = referentiel().commune(dossier.commune_code) if dossier.commune_code else None
    band = tranche_age(dossier.date_naissance, le)
    return f"{n}. {code} — {band} — {commune.nom if commune else 'commune non renseignée'}"


def _opposee(dossier: Dossier) -> bool:
    return bool((dossier.partage.get("opposition") or {}).get("active"))


def _entete(data: DonneesReunion) -> list[Bloc]:
    when = f"{date.fromisoformat(data.date):%d/%m/%Y}"
    if data.heure_debut:
        when += f", {data.heure_debut}" + (f"–{data.heure_fin}" if data.heure_fin else "")
    infos = [
        f"Date : {when}",
        f"Lieu : {data.lieu or 'non précisé'}" + (f" (visio : {data.visio})" if data.visio else ""),
    ]
    infos += [f"{label} : {value}" for label, value in (("Organisateur", data.organisateur), ("Animation", data.animateur),
                                                        ("Secrétariat", data.secretaire)) if value]  # fmt: skip
    blocs = [Bloc("liste", items=infos)]
    if data.participants:
        rows = [["Nom", "Qualité", "Structure", "Présence"]]
        rows += [[p.get("nom", ""), p.get("qualite", ""), p.get("structure", ""), PRESENCES.get(p.get("presence", "present"), "")]
                 for p in data.participants]  # fmt: skip
        present = sum(1 for p in data.participants if p.get("presence", "present") in ("present", "visio"))
        blocs += [
            Bloc("h2", f"Participants ({present} présents sur {len(data.participants)})"),
            Bloc("tableau", lignes=rows),
        ]
    if data.ordre_du_jour:
        blocs += [Bloc("h2", "Ordre du jour"), Bloc("liste", items=list(data.ordre_du_jour))]
    return blocs


def _situations(
    data: DonneesReunion, dossiers: dict[str, Dossier], codes: dict[str, str], pseudo: bool, le: date
) -> list[Bloc]:
    if not data.situations:
        return []
    blocs = [Bloc("h1", f"Situations examinées ({len(data.situations)})")]
    for n, s in enumerate(data.situations, start=1):
        dossier = dossiers.get(s.personne_id or "")
        code = codes.get(s.personne_id or "", s.code or f"situation {n}")
        opposed = dossier is not None and _opposee(dossier)
        if pseudo or dossier is None or opposed:
            label = _libelle_partenaires(s, n, dossiers, codes, le)
        else:
            label = f"{n}. {code} — {dossier.libelle()}" + (
                f", {accorde(dossier, 'né le', 'née le', 'date de naissance :')} {date.fromisoformat(dossier.date_naissance):%d/%m/%Y}"
                if dossier.date_naissance
                else ""
            )
        blocs.append(Bloc("h2", label))
        if opposed:
            blocs.append(
                Bloc(
                    "texte",
                    "La personne s'est opposée au partage de ses informations : rien n'en est communiqué ici.",
                )
            )
            continue
        told = [k for k in DIMENSIONS if s.synthese.get(k) and (not pseudo or k in s.pour_partenaires)]
        lines = []
        if s.referent:
            lines.append(f"Référent : {s.referent}")
        if s.question:
            lines.append(f"Question posée : {s.question}")
        lines += [f"{DIMENSIONS[k]} : {s.synthese[k]}" for k in told]
        if s.decision:
            lines.append(f"Avis et décision : {s.decision}")
        if s.informee:
            lines.append("Personne informée" + (f" le {date.fromisoformat(s.informee_le):%d/%m/%Y}" if s.informee_le else "")
                         + (f" par {s.informee_par}" if s.informee_par else ""))  # fmt: skip
        if s.a_representer or s.revue_le:
            lines.append(
                "À représenter" + (f" le {date.fromisoformat(s.revue_le):%d/%m/%Y}" if s.revue_le else "")
            )
        blocs.append(Bloc("liste", items=lines or ["(pas de synthèse)"]))
    return blocs


def _actions(data: DonneesReunion, carried: list[LigneAction]) -> list[Bloc]:
    blocs = []
    if carried:
        rows = [["Action", "Responsable", "Échéance", "Statut"]]
        rows += [[a.quoi, a.responsable, _fr(a.echeance) + (" (en retard)" if a.en_retard else ""), STATUTS_ACTION[a.statut]]
                 for a in carried]  # fmt: skip
        blocs += [Bloc("h1", "Suivi des actions des réunions précédentes"), Bloc("tableau", lignes=rows)]
    if data.actions:
        rows = [["Action", "Responsable", "Échéance", "Statut"]]
        rows += [[a.quoi, a.responsable, _fr(a.echeance), STATUTS_ACTION[a.statut]] for a in data.actions]
        blocs += [Bloc("h1", "Actions décidées"), Bloc("tableau", lignes=rows)]
    return blocs


def _fr(iso: str) -> str:
    return f"{date.fromisoformat(iso):%d/%m/%Y}" if iso else "—"
