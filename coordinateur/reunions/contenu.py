"""The content of the minutes as neutral blocks, built for one audience; the renderers only lay it out.

For partners ("partenaires") every person followed is reduced to a case code, an age band and a commune:
no name, birth date, NIR/INS, address or phone, and free texts have the person's names replaced by the
code. A person under opposition never appears beyond the case code (for the team too).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select

from coordinateur.documents.rendus import Bloc, Document
from coordinateur.fiches.pdf_commun import accorde
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.models import Personne
from coordinateur.referentiels.cog import referentiel
from coordinateur.reunions.service import (
    DIMENSIONS,
    OUVERTES,
    PRESENCES,
    STATUTS_ACTION,
    TYPES,
    DonneesReunion,
    actions,
    lit_reunion,
)
from coordinateur.store import Store
from coordinateur.text import date_longue, fold, jour

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


class Masque:
    """Replaces, word by word and whatever the accents or case, a person's names with their code."""

    def __init__(self) -> None:
        self.mots: dict[str, str] = {}

    def ajoute(self, dossier: Dossier, code: str) -> None:
        for name in (
            dossier.nom_naissance,
            dossier.nom_usage,
            dossier.prenom_usage,
            *dossier.prenoms_naissance.split(),
        ):
            for word in re.split(r"[\s\-']+", name):
                if len(word) >= 3:
                    self.mots[fold(word)] = code

    def __call__(self, text: str) -> str:
        if not self.mots:
            return text
        masked = re.sub(r"[\w’'-]+", lambda m: self.mots.get(fold(m.group(0)), m.group(0)), text)
        return re.sub(r"\b(S-\d+)(?:\s+\1\b)+", r"\1", masked)  # "S-0001 S-0001" from "Marthe Bessière"


def _dossiers(store: Store, ids: list[str]) -> dict[str, Dossier]:
    from coordinateur.personnes.service import _dossier

    with store.read() as session:
        return {p.id: _dossier(p) for p in session.scalars(select(Personne).where(Personne.id.in_(ids)))}


def compte_rendu(store: Store, reunion_id: str, niveau: str, *, auteur: str) -> Document:
    if niveau not in NIVEAUX:
        raise ValueError(niveau)
    data = lit_reunion(store, reunion_id)
    le = date.fromisoformat(data.date)
    ids = [s.personne_id for s in data.situations if s.personne_id]
    codes = attribue_codes(store, ids) if ids else {}
    dossiers = _dossiers(store, ids)
    masque = Masque()
    for pid, dossier in dossiers.items():
        masque.ajoute(dossier, codes[pid])
    pseudo = niveau == "partenaires"
    clean = masque if pseudo else (lambda text: text)
    blocs = _entete(data)
    blocs += _situations(data, dossiers, codes, pseudo, masque, le)
    if data.decisions:
        blocs += [Bloc("h1", "Décisions"), Bloc("liste", items=[clean(d) for d in data.decisions])]
    blocs += _actions(store, data, clean)
    if data.diffusion:
        blocs += [Bloc("h2", "Diffusion"), Bloc("texte", ", ".join(data.diffusion))]
    validation = (
        f"Compte rendu validé le {date_longue(jour(data.valide_le))} par {data.valide_par}"
        if data.valide_le
        else "Compte rendu non validé"
    )
    if data.revisions:
        validation += (
            f" ; {len(data.revisions)} amendement(s), le dernier : {clean(data.revisions[-1]['motif'])}"
        )
    blocs.append(Bloc("texte", validation + "."))
    title = clean(data.titre)
    return Document(title, f"{TYPES[data.type]} — {le:%d/%m/%Y} — {NIVEAUX[niveau]}", blocs, auteur)


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
    data: DonneesReunion,
    dossiers: dict[str, Dossier],
    codes: dict[str, str],
    pseudo: bool,
    masque: Masque,
    le: date,
) -> list[Bloc]:
    if not data.situations:
        return []
    blocs = [Bloc("h1", f"Situations examinées ({len(data.situations)})")]
    for n, s in enumerate(data.situations, start=1):
        dossier = dossiers.get(s.personne_id or "")
        code = codes.get(s.personne_id or "", s.code or f"situation {n}")
        opposed = bool(dossier and (dossier.partage.get("opposition") or {}).get("active"))
        if dossier is None or opposed:
            label = code
        elif pseudo:
            commune = referentiel().commune(dossier.commune_code) if dossier.commune_code else None
            label = f"{code} — {tranche_age(dossier.date_naissance, le)} — {commune.nom if commune else 'commune non renseignée'}"
        else:
            label = f"{code} — {dossier.libelle()}" + (
                f", {accorde(dossier, 'né le', 'née le', 'date de naissance :')} {date.fromisoformat(dossier.date_naissance):%d/%m/%Y}"
                if dossier.date_naissance
                else ""
            )
        blocs.append(Bloc("h2", f"{n}. {label}"))
        if opposed:
            blocs.append(
                Bloc(
                    "texte",
                    "La personne s'est opposée au partage de ses informations : rien n'en est communiqué ici.",
                )
            )
            continue
        clean = masque if pseudo else (lambda text: text)
        lines = []
        if s.referent:
            lines.append(f"Référent : {s.referent}")
        if s.question:
            lines.append(f"Question posée : {clean(s.question)}")
        lines += [f"{DIMENSIONS[k]} : {clean(v)}" for k, v in s.synthese.items() if v and k in DIMENSIONS]
        if s.decision:
            lines.append(f"Avis et décision : {clean(s.decision)}")
        if s.informee:
            lines.append("Personne informée" + (f" le {date.fromisoformat(s.informee_le):%d/%m/%Y}" if s.informee_le else "")
                         + (f" par {s.informee_par}" if s.informee_par else ""))  # fmt: skip
        if s.a_representer or s.revue_le:
            lines.append(
                "À représenter" + (f" le {date.fromisoformat(s.revue_le):%d/%m/%Y}" if s.revue_le else "")
            )
        blocs.append(Bloc("liste", items=lines or ["(pas de synthèse)"]))
    return blocs


def _actions(store: Store, data: DonneesReunion, clean: Any) -> list[Bloc]:
    blocs = []
    if data.serie:
        carried = actions(store, serie=data.serie, statuts=OUVERTES, avant_reunion=data.date)
        if carried:
            rows = [["Action", "Responsable", "Échéance", "Statut"]]
            rows += [[clean(a.quoi), a.responsable, _fr(a.echeance) + (" (en retard)" if a.en_retard else ""), STATUTS_ACTION[a.statut]]
                     for a in carried]  # fmt: skip
            blocs += [Bloc("h1", "Suivi des actions des réunions précédentes"), Bloc("tableau", lignes=rows)]
    if data.actions:
        rows = [["Action", "Responsable", "Échéance", "Statut"]]
        rows += [
            [clean(a.quoi), a.responsable, _fr(a.echeance), STATUTS_ACTION[a.statut]] for a in data.actions
        ]
        blocs += [Bloc("h1", "Actions décidées"), Bloc("tableau", lignes=rows)]
    return blocs


def _fr(iso: str) -> str:
    return f"{date.fromisoformat(iso):%d/%m/%Y}" if iso else "—"
