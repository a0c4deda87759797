"""Reference lists of the directory (kept as data in resources/annuaire): professions, structure types."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from resources import resource_path


@dataclass(frozen=True)
class Profession:
    code: str
    libelle: str
    famille: str
    registre: str  # RPPS, ADELI or "" (not registered)


@dataclass(frozen=True)
class TypeStructure:
    code: str
    libelle: str
    categories_finess: tuple[str, ...]


CIVILITES = ("", "Mme", "M.", "Dr", "Pr")
MODES_EXERCICE = {"": "", "L": "Libéral", "S": "Salarié", "B": "Bénévole", "M": "Mixte"}
TYPES_TELEPHONE = {"fixe": "Fixe", "mobile": "Portable", "fax": "Télécopie", "autre": "Autre"}
PUBLICS = {
    "pa": "Personnes âgées",
    "ph": "Personnes handicapées",
    "enfance": "Enfance",
    "tout": "Tout public",
}
SOURCES = {
    "saisie": "Saisie",
    "rpps": "Extraction RPPS",
    "finess": "Extraction FINESS",
    "fichier": "Fichier importé",
    "vcard": "Carte de visite (vCard)",
    "partage": "Dossier partagé",
}


def _rows(name: str) -> list[dict[str, str]]:
    with resource_path("annuaire", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@cache
def professions() -> dict[str, Profession]:
    return {
        r["code"]: Profession(r["code"], r["libelle"], r["famille"], r["registre"])
        for r in _rows("professions.csv")
    }


@cache
def types_structure() -> dict[str, TypeStructure]:
    return {
        r["code"]: TypeStructure(
            r["code"], r["libelle"], tuple(c for c in r["categories_finess"].split(",") if c)
        )
        for r in _rows("types_structure.csv")
    }


@cache
def type_par_categorie_finess() -> dict[str, str]:
    return {cat: t.code for t in types_structure().values() for cat in t.categories_finess}


def libelle_profession(code: str | None) -> str:
    if not code:
        return ""
    found = professions().get(code)
    return found.libelle if found else code


def libelle_type(code: str | None) -> str:
    if not code:
        return ""
    found = types_structure().get(code)
    return found.libelle if found else code


# What the directory's table shows in its "Profession ou type" column when the full name is longer than the
# longest usual one ("Service d'aide à domicile (SAAD)"): the name people say; the full one is its tooltip.
LIBELLES_COURTS = {
    "Service de soins infirmiers à domicile (SSIAD)": "SSIAD",
    "Dispositif d'appui à la coordination (DAC)": "DAC",
    "Service mandataire judiciaire (MJPM)": "Service MJPM",
    "Maison de santé pluriprofessionnelle": "Maison de santé (MSP)",
    "Mandataire judiciaire à la protection des majeurs": "Mandataire (MJPM)",
}


def libelle_court(libelle: str) -> str:
    return LIBELLES_COURTS.get(libelle, libelle)
