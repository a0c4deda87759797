"""Meetings' services: save (checked, locked once validated), validate, amend, plan the next of a series,
follow actions across meetings, list for the board and the command line."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from coordinateur.errors import ValidationError
from coordinateur.reunions.models import Action, Reunion, Situation
from coordinateur.store import Store
from coordinateur.store.base import new_uuid
from coordinateur.text import controle_date

TYPES = {
    "rcp": "RCP – situation individuelle", "cpp": "Concertation pluriprofessionnelle",
    "commission": "Commission de territoire", "table": "Table tactique / stratégique",
    "partenaires": "Réunion partenaires", "copil": "Comité de pilotage",
}  # fmt: skip
PRESENCES = {"present": "Présent", "visio": "En visio", "excuse": "Excusé", "absent": "Absent"}
STATUTS_REUNION = {"preparee": "Préparée", "tenue": "Tenue", "validee": "Validée"}
STATUTS_ACTION = {"a_faire": "À faire", "en_cours": "En cours", "fait": "Fait", "abandonne": "Abandonné"}
OUVERTES = ("a_faire", "en_cours")
DIMENSIONS = {
    "medical": "Médical",
    "psychologique": "Psychologique",
    "social": "Social",
    "environnemental": "Environnemental",
}


@dataclass
class DonneesSituation:
    id: str | None = None
    personne_id: str | None = None
    code: str = ""
    referent: str = ""
    question: str = ""
    synthese: dict[str, str] = field(default_factory=dict)
    decision: str = ""
    informee: bool = False
    informee_le: str = ""
    informee_par: str = ""
    revue_le: str = ""
    a_representer: bool = False
    # read-only here: the dimensions told to partners, set by `choisit_pour_partenaires`
    pour_partenaires: list[str] = field(default_factory=list)


@dataclass
class DonneesAction:
    id: str | None = None
    situation_index: int | None = None  # which situation of this meeting (by position) it follows
    quoi: str = ""
    responsable_id: str | None = None
    responsable: str = ""
    echeance: str = ""
    statut: str = "a_faire"
    fait_le: str = ""
    resultat: str = ""


@dataclass
class DonneesReunion:
    id: str | None = None
    type: str = "rcp"
    titre: str = ""
    serie: str = ""
    date: str = ""
    heure_debut: str = ""
    heure_fin: str = ""
    lieu: str = ""
    visio: str = ""
    organisateur: str = ""
    animateur: str = ""
    secretaire: str = ""
    ordre_du_jour: list[str] = field(default_factory=list)
    participants: list[dict[str, Any]] = field(default_factory=list)
    diffusion: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    notes: str = ""
    statut: str = "preparee"
    situations: list[DonneesSituation] = field(default_factory=list)
    actions: list[DonneesAction] = field(default_factory=list)
    # read-only, filled when read
    valide_le: str = ""
    valide_par: str = ""
    revisions: list[dict[str, Any]] = field(default_factory=list)


REUNION_FIELDS = [
    "type", "titre", "serie", "date", "heure_debut", "heure_fin", "lieu", "visio", "organisateur", "animateur",
    "secretaire", "ordre_du_jour", "participants", "diffusion", "decisions", "notes",
]  # fmt: skip
SITUATION_FIELDS = [
    f.name for f in dataclasses.fields(DonneesSituation) if f.name not in ("id", "pour_partenaires")
]
ACTION_FIELDS = ["quoi", "responsable_id", "responsable", "echeance", "statut", "fait_le", "resultat"]
# An action's follow-up changes after validation without touching the minutes.
SUIVI_ACTION = ("statut", "fait_le", "resultat")


def _day(value: str, label: str, champ: str) -> tuple[str, date | None]:
    """The stored form of a date field (ISO) and the date, or ValidationError."""
    iso, why = controle_date(value, label)
    if why:
        raise ValidationError(why, champ)
    return iso, date.fromisoformat(iso) if iso else None


def controle(data: DonneesReunion) -> DonneesReunion:
    """Raise ValidationError (French, naming the field) for what cannot be saved."""
    if data.type not in TYPES:
        raise ValidationError("Type de réunion inconnu.", "type")
    if not data.titre.strip():
        raise ValidationError("Titre : obligatoire.", "titre")
    data.date, meeting_day = _day(data.date, "Date de la réunion", "date")
    if meeting_day is None:
        raise ValidationError("Date de la réunion : obligatoire.", "date")
    for value, label in ((data.heure_debut, "Heure de début"), (data.heure_fin, "Heure de fin")):
        if value and not (len(value) == 5 and value[2] == ":" and value.replace(":", "").isdigit()):
            raise ValidationError(f"{label} : format HH:MM.", "heure_debut")
    if data.heure_debut and data.heure_fin and data.heure_fin <= data.heure_debut:
        raise ValidationError("L'heure de fin est avant l'heure de début.", "heure_fin")
    for n, participant in enumerate(data.participants, start=1):
        if not str(participant.get("nom") or "").strip():
            raise ValidationError(f"Participant n° {n} : nom obligatoire.", "participants")
        if participant.get("presence", "present") not in PRESENCES:
            raise ValidationError(f"Participant n° {n} : présence inconnue.", "participants")
    for n, situation in enumerate(data.situations, start=1):
        situation.informee_le, informed = _day(
            situation.informee_le, f"Situation n° {n}, personne informée le", "situations"
        )
        if informed and informed > date.today():
            raise ValidationError(
                f"Situation n° {n} : la date d'information est dans le futur.", "situations"
            )
        situation.revue_le, _ = _day(situation.revue_le, f"Situation n° {n}, à revoir le", "situations")
    for n, action in enumerate(data.actions, start=1):
        if not action.quoi.strip():
            raise ValidationError(f"Action n° {n} : dites ce qu'il faut faire.", "actions")
        if action.statut not in STATUTS_ACTION:
            raise ValidationError(f"Action n° {n} : statut inconnu.", "actions")
        action.echeance, due = _day(action.echeance, f"Action n° {n}, échéance", "actions")
        if due and due < meeting_day:
            raise ValidationError(
                f"Action n° {n} : l'échéance ({due:%d/%m/%Y}) est avant la réunion.", "actions"
            )
        action.fait_le, done = _day(action.fait_le, f"Action n° {n}, faite le", "actions")
        if done and done < meeting_day:
            raise ValidationError(f"Action n° {n} : faite avant la réunion qui l'a décidée ?", "actions")
        if action.situation_index is not None and not 0 <= action.situation_index < len(data.situations):
            raise ValidationError(f"Action n° {n} : situation inconnue.", "actions")
    return data


def empreinte(data: DonneesReunion) -> str:
    content = {
        "reunion": {name: getattr(data, name) for name in REUNION_FIELDS},
        "situations": [{k: getattr(s, k) for k in SITUATION_FIELDS} for s in data.situations],
        "actions": [{k: getattr(a, k) for k in ACTION_FIELDS if k not in SUIVI_ACTION} for a in data.actions],
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def lit_en_session(session: Any, reunion_id: str) -> DonneesReunion:
    record = session.get(Reunion, reunion_id)
    if record is None or record.deleted:
        raise ValidationError("Cette réunion n'existe pas ou a été supprimée.")
    situations = session.scalars(
        select(Situation)
        .where(Situation.reunion_id == reunion_id, ~Situation.deleted)
        .order_by(Situation.ordre)
    ).all()
    index = {s.id: n for n, s in enumerate(situations)}
    actions = session.scalars(
        select(Action).where(Action.reunion_id == reunion_id, ~Action.deleted).order_by(Action.created_at)
    ).all()
    data = DonneesReunion(
        id=record.id, statut=record.statut, valide_le=record.valide_le, valide_par=record.valide_par,
        revisions=list(record.revisions), **{name: _copy(getattr(record, name)) for name in REUNION_FIELDS},
    )  # fmt: skip
    data.situations = [
        DonneesSituation(
            id=s.id,
            pour_partenaires=[k for k in (s.pour_partenaires or []) if k in DIMENSIONS],
            **{k: _copy(getattr(s, k)) for k in SITUATION_FIELDS},
        )
        for s in situations
    ]
    data.actions = [DonneesAction(id=a.id, situation_index=index.get(a.situation_id or ""),
                                  **{k: getattr(a, k) for k in ACTION_FIELDS}) for a in actions]  # fmt: skip
    return data


def _copy(value: Any) -> Any:
    return value.copy() if isinstance(value, list | dict) else value


def lit_reunion(store: Store, reunion_id: str) -> DonneesReunion:
    with store.read() as session:
        return lit_en_session(session, reunion_id)


def enregistre_reunion(store: Store, data: DonneesReunion, *, motif_amendement: str = "") -> str:
    """Save a meeting with its situations and actions. A validated meeting changes only through an
    amendment with its reason, recorded as a revision; the follow-up of actions is free."""
    data = controle(dataclasses.replace(data))
    with store.write() as session:
        if data.id:
            record = session.get(Reunion, data.id)
            if record is None or record.deleted:
                raise ValidationError("Cette réunion n'existe pas ou a été supprimée.")
            before = lit_en_session(session, data.id)
            created = False
        else:
            record = Reunion(id=new_uuid(), statut="preparee")
            session.add(record)
            before = None
            created = True
        if record.statut == "validee":
            assert before is not None
            if empreinte(before) != empreinte(data):
                if not motif_amendement.strip():
                    raise ValidationError(
                        "Ce compte rendu est validé : pour le modifier, indiquez le motif de l'amendement "
                        "(il sera tracé comme une révision).",
                        "motif",
                    )
                record.revisions = [*record.revisions, {
                    "le": datetime.now(UTC).isoformat(timespec="seconds"), "par": store.user,
                    "motif": motif_amendement.strip(), "empreinte": empreinte(data),
                }]  # fmt: skip
                record.empreinte = empreinte(data)
        elif data.statut in ("preparee", "tenue"):
            record.statut = data.statut
        for name in REUNION_FIELDS:
            setattr(record, name, getattr(data, name))
        session.flush()
        situation_ids = _save_situations(session, record.id, data.situations)
        from coordinateur.personnes.service import note_contact

        note_contact(
            session, [s.personne_id for s in data.situations if s.personne_id], date.fromisoformat(data.date)
        )
        _save_actions(session, record, data.actions, situation_ids)
        store.audit(session, "creation" if created else "modification", "reunion", record.id,
                    f"Réunion « {data.titre} » du {data.date}" + (f" — amendement : {motif_amendement}" if motif_amendement else ""))  # fmt: skip
        return record.id


def _save_situations(session: Any, reunion_id: str, situations: list[DonneesSituation]) -> list[str]:
    existing = {
        s.id: s
        for s in session.scalars(
            select(Situation).where(Situation.reunion_id == reunion_id, ~Situation.deleted)
        )
    }
    ids = []
    for n, data in enumerate(situations):
        record = existing.pop(data.id, None) if data.id else None
        if record is None:
            record = Situation(id=new_uuid(), reunion_id=reunion_id)
            session.add(record)
        record.ordre = n
        for name in SITUATION_FIELDS:
            setattr(record, name, _copy(getattr(data, name)))
        ids.append(record.id)
    for gone in existing.values():
        gone.deleted = True
    return ids


def _save_actions(
    session: Any, reunion: Reunion, actions: list[DonneesAction], situation_ids: list[str]
) -> None:
    existing = {
        a.id: a
        for a in session.scalars(select(Action).where(Action.reunion_id == reunion.id, ~Action.deleted))
    }
    for data in actions:
        record = existing.pop(data.id, None) if data.id else None
        if record is None:
            record = Action(id=new_uuid(), reunion_id=reunion.id)
            session.add(record)
        record.serie = reunion.serie
        record.situation_id = (
            situation_ids[data.situation_index] if data.situation_index is not None else None
        )
        for name in ACTION_FIELDS:
            setattr(record, name, getattr(data, name))
    for gone in existing.values():
        gone.deleted = True


def choisit_pour_partenaires(store: Store, reunion_id: str, choix: dict[str, list[str]]) -> None:
    """Which dimensions of each situation's synthesis partners are told (situation id → dimensions).

    A choice of diffusion, not of content: it changes even on validated minutes, without an amendment."""
    with store.write() as session:
        situations = {
            s.id: s
            for s in session.scalars(
                select(Situation).where(Situation.reunion_id == reunion_id, ~Situation.deleted)
            )
        }
        for situation_id, dimensions in choix.items():
            unknown = [d for d in dimensions if d not in DIMENSIONS]
            if situation_id not in situations or unknown:
                raise ValidationError("Choix pour les partenaires : situation ou dimension inconnue.")
            chosen = [d for d in DIMENSIONS if d in dimensions]
            if list(situations[situation_id].pour_partenaires or []) != chosen:
                situations[situation_id].pour_partenaires = chosen
                store.audit(session, "modification", "reunion", reunion_id,
                            "Synthèses communiquées aux partenaires : "
                            + (", ".join(DIMENSIONS[d] for d in chosen) or "aucune"))  # fmt: skip


def valide_reunion(store: Store, reunion_id: str) -> None:
    with store.write() as session:
        data = lit_en_session(session, reunion_id)
        record = session.get(Reunion, reunion_id)
        assert record is not None
        if record.statut == "validee":
            raise ValidationError("Ce compte rendu est déjà validé.")
        record.statut = "validee"
        record.valide_le = datetime.now(UTC).isoformat(timespec="seconds")
        record.valide_par = store.user
        record.empreinte = empreinte(data)
        # the fingerprint says which content was validated; named, so that it reads as what it is
        store.audit(session, "modification", "reunion", reunion_id,
                    f"Compte rendu validé (empreinte du contenu : {record.empreinte[:12]})")  # fmt: skip


def suit_action(store: Store, action_id: str, *, statut: str, fait_le: str = "", resultat: str = "") -> None:
    """Follow-up of an action, from any later meeting or the board."""
    if statut not in STATUTS_ACTION:
        raise ValidationError("Statut d'action inconnu.")
    with store.write() as session:
        action = session.get(Action, action_id)
        if action is None or action.deleted:
            raise ValidationError("Action introuvable.")
        if statut == "fait" and not fait_le:
            fait_le = date.today().isoformat()
        action.statut, action.fait_le, action.resultat = statut, fait_le, resultat or action.resultat
        store.audit(
            session,
            "modification",
            "action",
            action_id,
            f"Action « {action.quoi[:60]} » : {STATUTS_ACTION[statut]}",
        )


@dataclass(frozen=True)
class LigneAction:
    id: str
    reunion_id: str
    reunion: str
    reunion_date: str
    serie: str
    quoi: str
    responsable_id: str | None
    responsable: str
    echeance: str
    statut: str
    fait_le: str
    situation: str = ""  # whose situation the action comes from: « BESSIÈRE Marthe », or the situation's code

    @property
    def en_retard(self) -> bool:
        return self.statut in OUVERTES and bool(self.echeance) and self.echeance < date.today().isoformat()


def actions(
    store: Store, *, serie: str | None = None, responsable: str | None = None, statuts: tuple[str, ...] | None = None,
    echeance_avant: str | None = None, avant_reunion: str | None = None,
) -> list[LigneAction]:  # fmt: skip
    """Actions for the board and for the next meeting of a series (decided before `avant_reunion`)."""
    from coordinateur.personnes.models import Personne

    query = (
        select(Action, Reunion.titre, Reunion.date, Situation.code, Personne)
        .join(Reunion, Reunion.id == Action.reunion_id)
        .outerjoin(Situation, (Situation.id == Action.situation_id) & ~Situation.deleted)
        .outerjoin(Personne, (Personne.id == Situation.personne_id) & ~Personne.deleted)
        .where(~Action.deleted, ~Reunion.deleted)
    )
    if serie is not None:
        query = query.where(Action.serie == serie)
    if responsable:
        query = query.where((Action.responsable_id == responsable) | (Action.responsable == responsable))
    if statuts:
        query = query.where(Action.statut.in_(statuts))
    if echeance_avant:
        query = query.where(Action.echeance != "", Action.echeance <= echeance_avant)
    if avant_reunion:
        query = query.where(Reunion.date < avant_reunion)
    with store.read() as session:
        rows = session.execute(query.order_by(Action.echeance, Reunion.date)).all()
    return [LigneAction(a.id, a.reunion_id, titre, day, a.serie, a.quoi, a.responsable_id, a.responsable, a.echeance,
                        a.statut, a.fait_le, _whose(person, code)) for a, titre, day, code, person in rows]  # fmt: skip


def _whose(person: Any, code: str | None) -> str:
    """« BESSIÈRE Marthe » for a situation about a person followed; its code otherwise."""
    if person is not None:
        nom = person.nom_usage or person.nom_naissance
        prenom = person.prenom_usage or (
            person.prenoms_naissance.split()[0] if person.prenoms_naissance else ""
        )
        return f"{nom.upper()} {prenom}".strip()
    return code or ""


@dataclass(frozen=True)
class LigneReunion:
    id: str
    titre: str
    type: str
    serie: str
    date: str
    statut: str
    nb_situations: int
    nb_actions_ouvertes: int

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "titre": self.titre, "type": self.type, "serie": self.serie, "date": self.date,
                "statut": self.statut, "nb_situations": self.nb_situations, "nb_actions_ouvertes": self.nb_actions_ouvertes}  # fmt: skip


def liste_reunions(store: Store) -> list[LigneReunion]:
    from sqlalchemy import func

    with store.read() as session:
        situations = dict(session.execute(
            select(Situation.reunion_id, func.count()).where(~Situation.deleted).group_by(Situation.reunion_id)).all())  # fmt: skip
        open_actions = dict(session.execute(
            select(Action.reunion_id, func.count()).where(~Action.deleted, Action.statut.in_(OUVERTES)).group_by(Action.reunion_id)
        ).all())  # fmt: skip
        rows = session.execute(
            select(Reunion.id, Reunion.titre, Reunion.type, Reunion.serie, Reunion.date, Reunion.statut)
            .where(~Reunion.deleted).order_by(Reunion.date.desc())
        ).all()  # fmt: skip
    return [LigneReunion(r.id, r.titre, r.type, r.serie, r.date, r.statut, situations.get(r.id, 0), open_actions.get(r.id, 0))
            for r in rows]  # fmt: skip


def planifie(store: Store, serie: str, jour: date, *, titre: str = "") -> str:
    """The next meeting of a series: same kind, place and people (attendance to mark), agenda pre-filled
    with the follow-up of the actions still open."""
    with store.read() as session:
        last = session.scalars(
            select(Reunion)
            .where(Reunion.serie == serie, ~Reunion.deleted)
            .order_by(Reunion.date.desc())
            .limit(1)
        ).first()
        base = lit_en_session(session, last.id) if last else None
    open_ = actions(store, serie=serie, statuts=OUVERTES, avant_reunion=jour.isoformat())
    agenda = [f"Suivi des actions ({len(open_)} en cours)"] if open_ else []
    if base:
        agenda += [item for item in base.ordre_du_jour if not item.startswith("Suivi des actions")]
    data = DonneesReunion(
        type=base.type if base else "cpp", titre=titre or (base.titre if base else serie), serie=serie,
        date=jour.isoformat(), heure_debut=base.heure_debut if base else "", heure_fin=base.heure_fin if base else "",
        lieu=base.lieu if base else "", visio=base.visio if base else "", organisateur=base.organisateur if base else "",
        animateur=base.animateur if base else "", secretaire=base.secretaire if base else "", ordre_du_jour=agenda,
        participants=[{**p, "presence": "present"} for p in (base.participants if base else [])],
        diffusion=list(base.diffusion) if base else [],
    )  # fmt: skip
    return enregistre_reunion(store, data)
