"""Synthetic but well-formed extracts for import tests and benchmarks: RPPS PS_LibreAcces and FINESS."""

from __future__ import annotations

import random
from pathlib import Path

from stdnum import luhn

RPPS_HEADER = [
    "Type d'identifiant PP", "Identifiant PP", "Identification nationale PP", "Code civilité d'exercice",
    "Libellé civilité exercice", "Code civilité", "Libellé civilité", "Nom d'exercice", "Prénom d'exercice",
    "Code profession", "Libellé profession", "Code catégorie professionnelle", "Libellé catégorie professionnelle",
    "Code type savoir-faire", "Libellé type savoir-faire", "Code savoir-faire", "Libellé savoir-faire",
    "Code mode exercice", "Libellé mode exercice", "Numéro SIRET site", "Numéro SIREN site", "Numéro FINESS site",
    "Numéro FINESS établissement juridique", "Identifiant technique de la structure", "Raison sociale site",
    "Enseigne commerciale site", "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)", "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. Structure)", "Code type de voie (coord. structure)",
    "Libellé type de voie (coord. structure)", "Libellé Voie (coord. structure)",
    "Mention distribution (coord. structure)", "Bureau cedex (coord. structure)", "Code postal (coord. structure)",
    "Code commune (coord. structure)", "Libellé commune (coord. structure)", "Code pays (coord. structure)",
    "Libellé pays (coord. structure)", "Téléphone (coord. structure)", "Téléphone 2 (coord. structure)",
    "Télécopie (coord. structure)", "Adresse e-mail (coord. structure)", "Code département (coord. structure)",
    "Libellé département (coord. structure)", "Ancien identifiant de la structure", "Autorité d'enregistrement",
    "Code secteur d'activité", "Libellé secteur d'activité", "Code section tableau pharmaciens",
    "Libellé section tableau pharmaciens", "Code fonction", "Libellé fonction", "Code genre d'activité",
    "Libellé genre d'activité",
]  # fmt: skip
NOMS = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEFEBVRE", "LEFÈVRE",
        "MOREAU", "SIMON", "LAURENT", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER",
        "BESSIÈRE", "VERNHES", "ROUQUETTE", "CAYLA", "GRIMAL"]  # fmt: skip
PRENOMS = ["MARIE", "JEAN", "CÉLINE", "PIERRE", "NATHALIE", "JÉRÔME", "SOPHIE", "FRANÇOIS", "HÉLÈNE", "LOÏC"]
PROFESSIONS = [("10", "Médecin"), ("60", "Infirmier"), ("70", "Masseur-kinésithérapeute"), ("21", "Pharmacien"),
               ("91", "Orthophoniste")]  # fmt: skip
# (département, commune INSEE, postcode, name)
COMMUNES = [("12", "12119", "12210", "LAGUIOLE"), ("12", "12096", "12500", "ESPALION"),
            ("12", "12216", "12500", "SAINT-CÔME-D'OLT"), ("48", "48095", "48100", "MARVEJOLS"),
            ("31", "31555", "31000", "TOULOUSE"), ("75", "75056", "75001", "PARIS")]  # fmt: skip


def rpps_number(rng: random.Random) -> str:
    body = "10" + "".join(str(rng.randrange(10)) for _ in range(8))
    return body + luhn.calc_check_digit(body)


def rpps_row(rng: random.Random, *, rpps: str | None = None, commune: tuple[str, str, str, str] | None = None,
             finess: str = "") -> list[str]:  # fmt: skip
    dept, code, postcode, name = commune or rng.choice(COMMUNES)
    prof_code, prof_label = rng.choice(PROFESSIONS)
    number = rpps or rpps_number(rng)
    values = dict.fromkeys(RPPS_HEADER, "")
    values.update({
        "Type d'identifiant PP": "8", "Identifiant PP": number, "Identification nationale PP": "8" + number,
        "Libellé civilité exercice": "Docteur" if prof_code == "10" else "", "Code civilité": rng.choice(["M", "MME"]),
        "Nom d'exercice": rng.choice(NOMS), "Prénom d'exercice": rng.choice(PRENOMS), "Code profession": prof_code,
        "Libellé profession": prof_label, "Libellé savoir-faire": "Médecine Générale" if prof_code == "10" else "",
        "Code mode exercice": rng.choice("LS"), "Numéro FINESS site": finess, "Raison sociale site": "CABINET",
        "Numéro Voie (coord. structure)": str(rng.randrange(1, 80)), "Libellé type de voie (coord. structure)": "Rue",
        "Libellé Voie (coord. structure)": "DES ÉCOLES", "Code postal (coord. structure)": postcode,
        "Code commune (coord. structure)": code, "Libellé commune (coord. structure)": name,
        "Téléphone (coord. structure)": "05" + "65" + "".join(str(rng.randrange(10)) for _ in range(6)),
        "Code département (coord. structure)": dept, "Libellé département (coord. structure)": "",
    })  # fmt: skip
    return [values[h] for h in RPPS_HEADER]


def write_rpps(path: Path, rows: list[list[str]], *, header: list[str] | None = None) -> Path:
    lines = ["|".join(header or RPPS_HEADER) + "|"] + ["|".join(r) + "|" for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_big_rpps(path: Path, lines: int, seed: int = 7) -> Path:
    """A large extract, written in a stream (about 1 in 6 lines in Aveyron)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("|".join(RPPS_HEADER) + "|\n")
        for _ in range(lines):
            handle.write("|".join(rpps_row(rng)) + "|\n")
    return path


FINESS_FIELDS = 31


def finess_number(rng: random.Random, dept: str = "12") -> str:
    body = dept + "".join(str(rng.randrange(10)) for _ in range(6))
    return body + luhn.calc_check_digit(body)


def finess_row(rng: random.Random, *, categorie: str = "354", dept: str = "12", commune: str = "119",
               acheminement: str = "12210 LAGUIOLE", nom: str = "SSIAD DU CANTON", finess: str | None = None) -> list[str]:  # fmt: skip
    values = [
        finess or finess_number(rng, dept),
        finess_number(rng, dept),
        nom[:38],
        nom,
        "",
        "",
        "3",
        "R",
        "DU FOIRAIL",
        "",
        "",
        commune,
        dept,
        "AVEYRON",
        acheminement,
        "0565" + "".join(str(rng.randrange(10)) for _ in range(6)),
        "",
        categorie,
        "Libellé",
        "4301",
        "Agrégat",
        "",
        "8810A",
        "",
        "",
        "",
        "",
        "2001-01-01",
        "2001-01-01",
        "2024-03-09",
    ]
    return ["structureet", *values]


def write_finess(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    lines = ["finess;etalab;95;2026-03-09"] + [";".join(r) for r in rows]
    lines.append("geolocalisation;120000000;0;0;LAMBERT_93;2026-03-09")
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path
