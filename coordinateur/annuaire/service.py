"""The directory's services: read, save, deactivate, delete, find probable duplicates, merge.

Every write reindexes the records it touched and appends to the audit log, in the same transaction.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from coordinateur.annuaire import index
from coordinateur.annuaire.fiches import Fiche, FicheIntervenant, FicheStructure, Probleme, champs, controle
from coordinateur.annuaire.models import Intervenant, Structure, annuaire_index
from coordinateur.errors import ValidationError
from coordinateur.store import Store
from coordinateur.text import fold

Record = Intervenant | Structure


@dataclass(frozen=True)
class Enregistrement:
    id: str
    cree: bool
    avertissements: list[Probleme]


@dataclass(frozen=True)
class Doublon:
    id: str
    categorie: str
    libelle: str
    raison: str


class IntrouvableError(ValidationError):
    pass


def _model(categorie: str) -> type[Record]:
    return Intervenant if categorie == "intervenant" else Structure


def _categorie(record_or_fiche: Any) -> str:
    return "intervenant" if isinstance(record_or_fiche, Intervenant | FicheIntervenant) else "structure"


def _find(session: Session, record_id: str) -> Record:
    found: Record | None = session.get(Intervenant, record_id) or session.get(Structure, record_id)
    if found is not None and not found.deleted:
        return found
    raise IntrouvableError("Cette fiche n'existe pas ou a été supprimée.")


def fiche_de(record: Record) -> Fiche:
    cls: type[FicheIntervenant] | type[FicheStructure] = (
        FicheIntervenant if isinstance(record, Intervenant) else FicheStructure
    )
    values: dict[str, Any] = {}
    for name in champs(cls()):
        value = getattr(record, name)
        values[name] = list(value) if isinstance(value, list) else value
    return cls(id=record.id, **values)


def lit(store: Store, record_id: str) -> Fiche:
    with store.read() as session:
        return fiche_de(_find(session, record_id))


def lit_plusieurs(store: Store, record_ids: list[str]) -> list[Fiche]:
    with store.read() as session:
        found: list[Record] = []
        found += session.scalars(
            select(Intervenant).where(Intervenant.id.in_(record_ids), ~Intervenant.deleted)
        ).all()
        found += session.scalars(
            select(Structure).where(Structure.id.in_(record_ids), ~Structure.deleted)
        ).all()
        order = {rid: n for n, rid in enumerate(record_ids)}
        return [fiche_de(r) for r in sorted(found, key=lambda r: order[r.id])]


def membres(store: Store, structure_id: str) -> list[FicheIntervenant]:
    """The intervenants attached to this structure (inactive ones too), sorted by name."""
    with store.read() as session:
        found = session.scalars(
            select(Intervenant).where(
                _json_has(Intervenant.structure_ids, structure_id), ~Intervenant.deleted
            )
        ).all()
        fiches = [fiche_de(r) for r in found if structure_id in (r.structure_ids or [])]
    return sorted(
        (f for f in fiches if isinstance(f, FicheIntervenant)), key=lambda f: fold(f"{f.nom} {f.prenom}")
    )


def apply_fiche(record: Record, fiche: Fiche, *, keep_notes: bool = False) -> bool:
    """Copy the fiche's fields onto the record; True if anything changed."""
    changed = False
    for name in champs(fiche):
        if keep_notes and name == "notes":
            continue
        value = getattr(fiche, name)
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


def _summary(fiche: Fiche) -> str:
    return f"{'Intervenant' if fiche.categorie == 'intervenant' else 'Structure'} « {fiche.libelle()} »"


def enregistre(store: Store, fiche: Fiche) -> Enregistrement:
    """Create or update. Errors raise ValidationError naming the field; warnings are returned."""
    fiche, problemes = controle(fiche)
    errors = [p for p in problemes if p.bloquant]
    if errors:
        raise ValidationError(errors[0].message, errors[0].champ)
    with store.write() as session:
        if isinstance(fiche, FicheIntervenant) and fiche.structure_ids:
            known = set(
                session.scalars(
                    select(Structure.id).where(Structure.id.in_(fiche.structure_ids), ~Structure.deleted)
                )
            )
            missing = [s for s in fiche.structure_ids if s not in known]
            if missing:
                raise ValidationError(
                    "Une structure de rattachement n'existe plus : retirez-la.", "structure_ids"
                )
        if fiche.id:
            record = _find(session, fiche.id)
            if _categorie(record) != fiche.categorie:
                raise ValidationError("Cette fiche n'est pas du bon type.")
            changed = apply_fiche(record, fiche)
            created = False
        else:
            record = _model(fiche.categorie)()
            apply_fiche(record, fiche)
            session.add(record)
            changed = created = True
        if changed:
            session.flush()
            index.reindex(session, [record])
            if isinstance(record, Structure) and not created:
                index.reindex_attached(session, [record.id])
            store.audit(
                session,
                "creation" if created else "modification",
                fiche.categorie,
                record.id,
                _summary(fiche),
            )
        return Enregistrement(record.id, created, [p for p in problemes if not p.bloquant])


def change_actif(store: Store, record_id: str, actif: bool) -> None:
    with store.write() as session:
        record = _find(session, record_id)
        if record.actif == actif:
            return
        record.actif = actif
        index.reindex(session, [record])
        state = "réactivée" if actif else "désactivée"
        store.audit(session, "modification", _categorie(record), record.id, f"Fiche « {record.nom} » {state}")


def supprime(store: Store, record_id: str) -> None:
    """Tombstone: the record leaves every list and travels as a deletion; attached links are removed."""
    with store.write() as session:
        record = _find(session, record_id)
        record.deleted = True
        touched: list[Record] = [record]
        if isinstance(record, Structure):
            touched += _detach(session, record.id, replacement=None)
        index.reindex(session, touched)
        store.audit(
            session, "suppression", _categorie(record), record.id, f"Fiche « {record.nom} » supprimée"
        )


def _json_has(column: Any, value: str) -> Any:
    """The JSON list or object stored in `column` holds the string `value` (stored as text in SQLite)."""
    return cast(column, String).like(f'%"{value}"%')


def _detach(session: Session, structure_id: str, replacement: str | None) -> list[Intervenant]:
    attached = session.scalars(
        select(Intervenant).where(_json_has(Intervenant.structure_ids, structure_id), ~Intervenant.deleted)
    ).all()
    changed = []
    for intervenant in attached:
        ids = [
            s
            for s in dict.fromkeys(replacement if s == structure_id else s for s in intervenant.structure_ids)
            if s
        ]
        if ids != intervenant.structure_ids:
            intervenant.structure_ids = ids
            changed.append(intervenant)
    return changed


# -- duplicates ------------------------------------------------------------------------------------

SEUIL_NOM = 85


def doublons(store: Store, fiche: Fiche) -> list[Doublon]:
    """Probable duplicates of what is being typed: same identifier, phone or e-mail; similar name in the
    same commune (Lefèvre / Lefebvre)."""
    from rapidfuzz import fuzz

    fiche, _ = controle(fiche)
    model = _model(fiche.categorie)
    found: dict[str, Doublon] = {}
    with store.read() as session:

        def add(records: Any, raison: str) -> None:
            for record in records:
                if record.id != fiche.id and record.id not in found:
                    libelle = " ".join(p for p in (getattr(record, "prenom", ""), record.nom) if p)
                    found[record.id] = Doublon(record.id, fiche.categorie, libelle, raison)

        live = ~model.deleted
        identifiers = (
            ("rpps", "adeli") if isinstance(fiche, FicheIntervenant) else ("finess_et", "finess_ej", "siret")
        )
        for name in identifiers:
            value = getattr(fiche, name)
            if value:
                add(
                    session.scalars(select(model).where(getattr(model, name) == value, live)),
                    f"même {name.upper()}",
                )
        for phone in fiche.telephones:
            if phone["numero"].startswith("+"):
                add(
                    session.scalars(select(model).where(_json_has(model.telephones, phone["numero"]), live)),
                    "même téléphone",
                )
        for email in {fiche.email.lower(), fiche.mssante.lower()} - {""}:
            add(
                session.scalars(
                    select(model).where(or_(model.email.ilike(email), model.mssante.ilike(email)), live)
                ),
                "même e-mail",
            )
        if fiche.commune_code and fiche.nom:
            typed = fold(f"{getattr(fiche, 'prenom', '')} {fiche.nom}")
            rows = session.execute(
                select(annuaire_index.c.record_id, annuaire_index.c.nom, annuaire_index.c.prenom).where(
                    annuaire_index.c.commune_code == fiche.commune_code,
                    annuaire_index.c.categorie == fiche.categorie,
                )
            ).all()
            similar = [
                r.record_id
                for r in rows
                if fuzz.token_sort_ratio(typed, fold(f"{r.prenom} {r.nom}")) >= SEUIL_NOM
            ]
            if similar:
                add(
                    session.scalars(select(model).where(model.id.in_(similar), live)),
                    "nom proche, même commune",
                )
    return list(found.values())


# -- merge -----------------------------------------------------------------------------------------


def fusionne(store: Store, garde_id: str, autre_id: str, pris_de_autre: set[str]) -> str:
    """Merge `autre` into `garde`: fields named in `pris_de_autre` come from `autre`, the rest stay.
    Phones, zones, publics and attached structures are united; notes are joined. `autre` is tombstoned
    and every link to it now points to `garde`. Returns garde's id."""
    if garde_id == autre_id:
        raise ValidationError("Choisissez deux fiches différentes à fusionner.")
    with store.write() as session:
        garde, autre = _find(session, garde_id), _find(session, autre_id)
        if type(garde) is not type(autre):
            raise ValidationError(
                "On ne fusionne qu'un intervenant avec un intervenant, une structure avec une structure."
            )
        merged = fiche_de(garde)
        other = fiche_de(autre)
        for name in champs(merged):
            if name in pris_de_autre:
                setattr(merged, name, getattr(other, name))
        merged.telephones = _union_phones(merged.telephones, other.telephones)
        merged.zone_communes = sorted(set(merged.zone_communes) | set(other.zone_communes))
        merged.zone_epcis = sorted(set(merged.zone_epcis) | set(other.zone_epcis))
        if merged.notes != other.notes and "notes" not in pris_de_autre and other.notes:
            merged.notes = "\n".join(n for n in (merged.notes, other.notes) if n)
        if isinstance(merged, FicheIntervenant) and isinstance(other, FicheIntervenant):
            merged.structure_ids = list(dict.fromkeys([*merged.structure_ids, *other.structure_ids]))
        if isinstance(merged, FicheStructure) and isinstance(other, FicheStructure):
            merged.publics = sorted(set(merged.publics) | set(other.publics))
        merged, problemes = controle(merged)
        errors = [p for p in problemes if p.bloquant]
        if errors:
            raise ValidationError(errors[0].message, errors[0].champ)
        apply_fiche(garde, merged)
        autre.deleted = True
        touched: list[Record] = [garde, autre]
        if isinstance(garde, Structure):
            touched += _detach(session, autre.id, replacement=garde.id)
        session.flush()
        index.reindex(session, touched)
        if isinstance(garde, Structure):
            index.reindex_attached(session, [garde.id])
        store.audit(
            session,
            "fusion",
            _categorie(garde),
            garde.id,
            f"« {autre.nom} » fusionnée dans « {garde.nom} » ({autre.id})",
        )
        return garde.id


def _union_phones(first: list[dict[str, str]], second: list[dict[str, str]]) -> list[dict[str, str]]:
    seen = {p["numero"] for p in first}
    return [*first, *(p for p in second if p["numero"] not in seen)]


def differences(a: Fiche, b: Fiche) -> list[str]:
    """Fields whose values differ between two fiches (what a merge dialog asks about)."""
    return [name for name in champs(a) if getattr(a, name) != getattr(b, name)]


def copie(fiche: Fiche, **changes: Any) -> Fiche:
    return dataclasses.replace(fiche, **changes)
