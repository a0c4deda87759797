"""The FINESS open extract (etalab "structureet" lines), filtered on départements and on the categories
that matter to home care (kept as data in resources/annuaire/types_structure.csv)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from coordinateur.annuaire.fiches import FicheStructure
from coordinateur.annuaire.imports.base import ImportError_, LigneImport, Rapport, lit_borne
from coordinateur.annuaire.listes import type_par_categorie_finess
from coordinateur.referentiels.cog import referentiel
from coordinateur.text import fold

FIELDS = (
    "nofinesset", "nofinessej", "rs", "rslongue", "complrs", "compldistrib", "numvoie", "typvoie", "voie", "compvoie",
    "lieuditbp", "commune", "departement", "libdepartement", "ligneacheminement", "telephone", "telecopie",
    "categetab", "libcategetab", "categagretab", "libcategagretab", "siret", "codeape", "codemft", "libmft",
    "codesph", "libsph", "dateouv", "dateautor", "datemaj",
)  # fmt: skip
OVERSEAS = {"9A": "971", "9B": "972", "9C": "973", "9D": "974", "9F": "976"}
VOIES = {"R": "rue", "AV": "avenue", "BD": "boulevard", "PL": "place", "CHE": "chemin", "RTE": "route", "IMP": "impasse",
         "ALL": "allée", "QUA": "quai", "LD": "lieu-dit", "CRS": "cours", "SQ": "square", "FG": "faubourg"}  # fmt: skip


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _dept_code(departement: str) -> str:
    return OVERSEAS.get(departement, departement)


def _insee(values: dict[str, str]) -> tuple[str, str]:
    dept = values["departement"]
    if dept in OVERSEAS or (dept.startswith("9") and len(dept) == 2 and not dept.isdigit()):
        postcode, _sep, locality = values["ligneacheminement"].partition(" ")
        candidates = referentiel().communes_par_code_postal(postcode)
        named = [c for c in candidates if c.nom_plie == fold(locality.replace("CEDEX", ""))]
        chosen = named or (candidates if len(candidates) == 1 else [])
        if chosen:
            return chosen[0].code, ""
        return (
            "",
            f"commune d'outre-mer non déterminée ({values['ligneacheminement']}) : structure importée sans commune",
        )
    return dept + values["commune"], ""


def lignes(path: Path, departements: list[str], rapport: Rapport) -> list[LigneImport]:
    wanted = {d.upper() for d in departements}
    if not wanted:
        raise ImportError_("Indiquez au moins un département pour filtrer l'extraction FINESS.")
    text = _decode(lit_borne(path, "finess"))
    if not text.strip():
        raise ImportError_("Le fichier FINESS est vide.")
    categories = type_par_categorie_finess()
    result: list[LigneImport] = []
    today = date.today().isoformat()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    first = True
    for row in reader:
        number = reader.line_num
        if first:
            first = False
            if row and row[0].lower() == "finess":
                continue
        if not row or row[0] != "structureet":
            continue
        rapport.lues += 1
        if len(row) < len(FIELDS) + 1:
            rapport.refusees.append(
                (number, f"ligne incomplète ({len(row)} champs au lieu de {len(FIELDS) + 2})")
            )
            continue
        values = dict(zip(FIELDS, (cell.strip() for cell in row[1:]), strict=False))
        if _dept_code(values["departement"]) not in wanted and values["departement"] not in wanted:
            rapport.ignorees += 1
            continue
        type_code = categories.get(values["categetab"])
        if type_code is None:
            rapport.ignorees += 1
            continue
        code, problem = _insee(values)
        street = " ".join(
            p for p in (values["numvoie"], values["compvoie"], VOIES.get(values["typvoie"], values["typvoie"].lower()), values["voie"]) if p
        )  # fmt: skip
        phones = [{"type": "fixe", "numero": values["telephone"]}] if values["telephone"] else []
        if values["telecopie"]:
            phones.append({"type": "fax", "numero": values["telecopie"]})
        fiche = FicheStructure(
            nom=values["rslongue"] or values["rs"], type_code=type_code, finess_et=values["nofinesset"],
            finess_ej=values["nofinessej"], siret=values["siret"], adresse=street,
            complement=" ".join(p for p in (values["complrs"], values["compldistrib"], values["lieuditbp"]) if p),
            code_postal=values["ligneacheminement"][:5], commune_code=code, telephones=phones,
            source="finess", source_ref=path.name, date_verification=values["datemaj"][:10] if values["datemaj"][:4].isdigit() else today,
        )  # fmt: skip
        ligne = LigneImport(number, fiche)
        if problem:
            ligne.avertissements.append(problem)
        result.append(ligne)
    if reader.line_num and rapport.lues == 0:
        raise ImportError_("Aucune ligne « structureet » : ce fichier n'est pas une extraction FINESS.")
    return result
