"""What a directory selection is called: the booklet's title (« Infirmiers et SSIAD — Laguiole ») and the
export's file name (annuaire_infirmiers-ssiad_laguiole_2026-11-27.pdf)."""

from __future__ import annotations

import re
from datetime import date

from coordinateur.annuaire.listes import libelle_profession, libelle_type, professions
from coordinateur.annuaire.recherche import Filtre
from coordinateur.referentiels.cog import referentiel
from coordinateur.text import fold

TITRE_PAR_DEFAUT = "Annuaire des intervenants à domicile"
_ACRONYME = re.compile(r"\(([A-Z][A-Z0-9/ ]+)\)\s*$")
_PETITS_MOTS = {"de", "d", "du", "des", "à", "a", "au", "aux", "en", "pour", "la", "le", "les", "l", "/"}
_ET = {"et", "ou"}
_INVARIABLES = {"autonomie", "santé", "secours"}


def _pluriel_mot(mot: str) -> str:
    if not mot or mot.isupper() or fold(mot) in _INVARIABLES or mot[-1] in "sxz":
        return mot
    if mot.endswith("al"):
        return mot[:-2] + "aux"  # social → sociaux
    if mot.endswith(("eau", "au")):
        return mot + "x"
    return mot + "s"


def pluriel(libelle: str) -> str:
    """« Infirmiers », « Sages-femmes », « Aides à domicile », « Masseurs-kinésithérapeutes »: every word
    up to the first preposition takes the plural; acronyms and what follows « de », « à »… do not."""
    mots = libelle.split(" ")
    for n, mot in enumerate(mots):
        if fold(mot) in _PETITS_MOTS or "'" in mot or "’" in mot:
            break
        if fold(mot) not in _ET:
            mots[n] = "-".join(_pluriel_mot(part) for part in mot.split("-"))
    return " ".join(mots)


def nom_court(code: str) -> str:
    """A profession or kind of structure as a title says it: « Infirmiers », « SSIAD », « Pharmacies »."""
    if code in professions():
        return pluriel(libelle_profession(code))
    libelle = libelle_type(code)
    acronyme = _ACRONYME.search(libelle)
    return acronyme.group(1) if acronyme else pluriel(libelle)


def _liste(noms: list[str]) -> str:
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


def codes_professions(filtre: Filtre) -> list[str]:
    return list(dict.fromkeys([*filtre.professions, *([filtre.profession] if filtre.profession else [])]))


def lieux(filtre: Filtre, communes: tuple[str, ...] = ()) -> list[str]:
    """The names of the communes (or the EPCI) the selection asks for."""
    ref = referentiel()
    codes = list(dict.fromkeys([*communes, *([filtre.commune] if filtre.commune else [])]))
    noms = [c.nom for code in codes if (c := ref.commune(code))]
    if filtre.epci and (epci := ref.epci(filtre.epci)):
        noms.append(epci.nom)
    return noms


def titre_selection(filtre: Filtre, communes: tuple[str, ...] = ()) -> str:
    """« Infirmiers et SSIAD — Laguiole »; « Structures — Espalion »; the directory's usual title when
    nothing is filtered."""
    codes = codes_professions(filtre)
    if codes:
        quoi = _liste([nom_court(code) for code in codes])
    elif filtre.categorie == "structure":
        quoi = "Structures"
    elif filtre.categorie == "intervenant":
        quoi = "Intervenants"
    else:
        quoi = TITRE_PAR_DEFAUT
    ou = lieux(filtre, communes)
    return f"{quoi} — {_liste(ou)}" if ou else quoi


def _slug(texte: str) -> str:
    return "-".join(fold(texte).split())[:40].strip("-")


def nom_fichier(filtre: Filtre, communes: tuple[str, ...], suffixe: str, le: date) -> str:
    """annuaire_laguiole_2026-11-27.pdf, annuaire_infirmiers-ssiad_laguiole_2026-11-27.csv."""
    parts = ["annuaire"]
    codes = codes_professions(filtre)
    if codes:
        parts.append(
            "-".join(_slug(nom_court(code)) for code in codes[:3]) + ("-etc" if len(codes) > 3 else "")
        )
    elif filtre.categorie:
        parts.append(filtre.categorie + "s")
    parts += [_slug(nom) for nom in lieux(filtre, communes)[:3]]
    parts.append(le.isoformat())
    return "_".join(p for p in parts if p) + suffixe
