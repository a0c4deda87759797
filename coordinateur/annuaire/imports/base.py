"""Applying parsed lines to the directory in one transaction, with a report of what happened to each line.

Re-importing updates the record it matches (by identifier, by UID, else by name + commune); imported
empty values never erase what is there, lists are united, and local notes are never touched.
`simulation=True` runs everything and rolls back, so the report is exactly what a real import would do.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinateur.annuaire import index
from coordinateur.annuaire.fiches import Fiche, FicheIntervenant, champs, controle, valeurs
from coordinateur.annuaire.models import Intervenant, Structure
from coordinateur.annuaire.service import apply_fiche, fiche_de
from coordinateur.errors import CoordinateurError, decrit_erreur_systeme
from coordinateur.store import Store
from coordinateur.store.base import new_uuid
from coordinateur.text import compte, fold

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
LIST_FIELDS = ("telephones", "zone_communes", "zone_epcis", "structure_ids", "publics")
# Where a record came from: updated with the content, never a change on their own.
PROVENANCE = ("source", "source_ref", "date_verification")


@dataclass
class LigneImport:
    """One record read from a file: its line number, the fiche, or why it was refused."""

    numero: int
    fiche: Fiche | None = None
    erreur: str = ""
    avertissements: list[str] = field(default_factory=list)
    finess_site: str = ""  # RPPS lines: attach to the structure with this FINESS


@dataclass
class Rapport:
    source: str = ""
    simulation: bool = False
    lues: int = 0
    ignorees: int = 0  # outside the chosen départements or categories
    crees: list[int] = field(default_factory=list)
    mises_a_jour: list[int] = field(default_factory=list)
    inchangees: list[int] = field(default_factory=list)
    refusees: list[tuple[int, str]] = field(default_factory=list)
    avertissements: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def resume(self) -> str:
        parts = [
            compte(len(self.crees), "fiche créée", "fiches créées"),
            compte(len(self.mises_a_jour), "mise à jour", "mises à jour"),
            compte(len(self.inchangees), "inchangée", "inchangées"),
            compte(len(self.refusees), "ligne refusée", "lignes refusées"),
        ]
        if self.ignorees:
            parts.append(
                compte(
                    self.ignorees,
                    "ligne hors territoire ou hors champ",
                    "lignes hors territoire ou hors champ",
                )
            )
        prefix = "Simulation : " if self.simulation else ""
        return prefix + ", ".join(parts) + "."

    def details(self) -> list[str]:
        lines = [self.resume(), *self.notes]
        lines += [f"Ligne {n} refusée : {reason}" for n, reason in self.refusees]
        lines += [f"Ligne {n} : {message}" for n, message in self.avertissements]
        return lines

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source, "simulation": self.simulation, "lues": self.lues, "ignorees": self.ignorees,
            "crees": len(self.crees), "mises_a_jour": len(self.mises_a_jour), "inchangees": len(self.inchangees),
            "refusees": [{"ligne": n, "raison": r} for n, r in self.refusees],
            "avertissements": [{"ligne": n, "message": m} for n, m in self.avertissements], "notes": self.notes,
        }  # fmt: skip


def _is_uuid(value: str | None) -> bool:
    try:
        uuid.UUID(value or "")
    except ValueError:
        return False
    return True


class ImportAnnule(CoordinateurError):
    def __init__(self) -> None:
        super().__init__("Import annulé : rien n'a été modifié.")


class _Rollback(Exception):
    pass


class ImportError_(CoordinateurError):
    """The file cannot be read at all (missing column, unknown format…): nothing was changed."""


# Bounds on what an import reads, so that a hostile or broken file cannot take the laptop's memory.
MO = 1024 * 1024
TAILLE_MAX = {"csv": 100 * MO, "vcard": 50 * MO, "xlsx": 50 * MO, "finess": 500 * MO}
XLSX_DECOMPRESSE_MAX = 300 * MO  # everything inside the workbook's zip, once uncompressed
XLSX_COLONNES_MAX = 200
LIGNES_MAX = 300_000
VCARD_CARTE_MAX = 256 * 1024  # one card, its photo and sounds left out


def mo(taille: int) -> str:
    return f"{taille / MO:.0f} Mo"


def lit_borne(path: Path, format_: str) -> bytes:
    """The whole file, refused with a French message naming it and the limit when it is too large."""
    limit = TAILLE_MAX[format_]
    try:
        size = path.stat().st_size
        if size > limit:
            raise ImportError_(
                f"Le fichier {path.name} est trop volumineux ({mo(size)}) : un import accepte au plus {mo(limit)}."
            )
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ImportError_(f"Impossible de lire {path.name} : {decrit_erreur_systeme(exc)}.") from exc
    if len(data) > limit:  # it grew while being read
        raise ImportError_(
            f"Le fichier {path.name} est trop volumineux : un import accepte au plus {mo(limit)}."
        )
    return data


IDENTIFIERS = {"intervenant": ("rpps", "adeli"), "structure": ("finess_et", "siret", "finess_ej")}


def _keys(categorie: str, values: dict[str, object]) -> list[tuple[str, str, str]]:
    """Match keys in priority order: identifiers, then folded name + commune."""
    keys = [(categorie, name, str(values[name])) for name in IDENTIFIERS[categorie] if values.get(name)]
    if values.get("commune_code") and values.get("nom"):
        name_key = fold(f"{values.get('prenom') or ''} {values['nom']}") + "@" + str(values["commune_code"])
        keys.append((categorie, "nom", name_key))
    return keys


class _Matcher:
    """Finds the existing record a fiche updates: its UID, identifiers, else name + commune."""

    def __init__(self, session: Session) -> None:
        self.by_key: dict[tuple[str, str, str], str] = {}
        self.ids: set[str] = set()
        self.identifiers: dict[str, dict[str, str]] = {}
        for model, categorie in ((Intervenant, "intervenant"), (Structure, "structure")):
            columns = [
                model.id,
                model.nom,
                model.commune_code,
                *(getattr(model, f) for f in IDENTIFIERS[categorie]),
            ]
            if model is Intervenant:
                columns.append(Intervenant.prenom)
            for row in session.execute(select(*columns).where(~model.deleted)):
                self.remember(categorie, row.id, dict(row._mapping))

    def remember(self, categorie: str, record_id: str, values: dict[str, object]) -> None:
        self.ids.add(record_id)
        self.identifiers[record_id] = {n: str(values[n]) for n in IDENTIFIERS[categorie] if values.get(n)}
        for key in _keys(categorie, values):
            self.by_key.setdefault(key, record_id)

    def find(self, fiche: Fiche) -> str | None:
        if fiche.id and fiche.id in self.ids:
            return fiche.id
        for key in _keys(fiche.categorie, valeurs(fiche)):
            found = self.by_key.get(key)
            if found and (key[1] != "nom" or not self._conflict(fiche, found)):
                return found
        return None

    def _conflict(self, fiche: Fiche, record_id: str) -> bool:
        """Same name in the same commune, but different identifiers: two different people or places."""
        known = self.identifiers.get(record_id, {})
        return any(
            getattr(fiche, n) and known.get(n) and getattr(fiche, n) != known[n]
            for n in IDENTIFIERS[fiche.categorie]
        )


def merge_into(existing: Fiche, incoming: Fiche) -> Fiche:
    """Imported values over existing ones, except empty values, local notes, and lists (united)."""
    for name in champs(incoming):
        if name == "notes":
            continue
        new = getattr(incoming, name)
        old = getattr(existing, name)
        if name in LIST_FIELDS:
            if name == "telephones":
                seen = {p["numero"] for p in old}
                setattr(existing, name, [*old, *(p for p in new if p["numero"] not in seen)])
            else:
                setattr(existing, name, list(dict.fromkeys([*old, *new])))
        elif name == "actif":
            continue
        elif new not in ("", None):
            setattr(existing, name, new)
    return existing


GRAND_IMPORT = 200  # lines from which an import is preceded by a backup


def applique(
    store: Store,
    lignes: Iterable[LigneImport],
    rapport: Rapport,
    *,
    simulation: bool = False,
    on_progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    total: int = 0,
) -> Rapport:
    """Apply every line in one write transaction. A failure or a cancel leaves the store unchanged."""
    rapport.simulation = simulation
    if not simulation and total >= GRAND_IMPORT:  # a large import is undone by restoring this copy
        from coordinateur.confiance.sauvegarde import cree

        cree(store.paths, store.key, "avant-import")
    progress = on_progress or (lambda _d, _t: None)
    is_cancelled = cancelled or (lambda: False)
    try:
        with store.write() as session:
            matcher = _Matcher(session)
            finess_to_structure = dict(
                session.execute(
                    select(Structure.finess_et, Structure.id).where(
                        Structure.finess_et != "", ~Structure.deleted
                    )
                ).all()
            )
            touched: list[Intervenant | Structure] = []
            for count, ligne in enumerate(lignes, start=1):
                if count % 200 == 0:
                    if is_cancelled():
                        raise ImportAnnule()
                    progress(count, total)
                _apply_line(session, matcher, finess_to_structure, ligne, rapport, touched, store)
                if len(touched) >= 1000:
                    index.reindex(session, touched)
                    touched = []
            index.reindex(session, touched)
            if rapport.crees or rapport.mises_a_jour:
                store.audit(session, "import", "annuaire", None, f"{rapport.source} : {rapport.resume()}")
            if simulation:
                raise _Rollback()
    except _Rollback:
        pass
    progress(total or rapport.lues, total or rapport.lues)
    return rapport


def _apply_line(
    session: Session,
    matcher: _Matcher,
    finess_to_structure: dict[str, str],
    ligne: LigneImport,
    rapport: Rapport,
    touched: list[Intervenant | Structure],
    store: Store,
) -> None:
    if ligne.fiche is None:
        rapport.refusees.append((ligne.numero, ligne.erreur or "ligne illisible"))
        return
    fiche, problemes = controle(ligne.fiche)
    errors = [p for p in problemes if p.bloquant]
    if errors:
        rapport.refusees.append((ligne.numero, "; ".join(p.message for p in errors)))
        return
    rapport.avertissements += [(ligne.numero, message) for message in ligne.avertissements]
    rapport.avertissements += [(ligne.numero, p.message) for p in problemes]
    if isinstance(fiche, FicheIntervenant) and ligne.finess_site and ligne.finess_site in finess_to_structure:
        fiche.structure_ids = list(
            dict.fromkeys([*fiche.structure_ids, finess_to_structure[ligne.finess_site]])
        )
    model: type[Intervenant] | type[Structure] = (
        Intervenant if isinstance(fiche, FicheIntervenant) else Structure
    )
    existing_id = matcher.find(fiche)
    if existing_id:
        record: Intervenant | Structure | None = session.get(model, existing_id)  # type: ignore[assignment]
        assert record is not None
        before = fiche_de(record)
        merged, _ = controle(merge_into(fiche_de(record), fiche))
        content_changed = any(
            getattr(before, name) != getattr(merged, name)
            for name in champs(merged)
            if name not in PROVENANCE
        )
        if content_changed and apply_fiche(record, merged, keep_notes=True):
            rapport.mises_a_jour.append(ligne.numero)
            touched.append(record)
        else:
            rapport.inchangees.append(ligne.numero)
        return
    record = model()
    apply_fiche(record, fiche)
    uid = ligne.fiche.id or ""
    keep_uid = (
        _is_uuid(uid) and uid not in matcher.ids and session.get(model, uid) is None
    )  # not even deleted
    record.id = uid if keep_uid else new_uuid()  # a vCard from another Coordinateur keeps its UID
    session.add(record)  # flushed in batches, with the index
    matcher.remember(fiche.categorie, record.id, valeurs(fiche))
    if isinstance(record, Structure) and record.finess_et:
        finess_to_structure[record.finess_et] = record.id
    rapport.crees.append(ligne.numero)
    touched.append(record)
