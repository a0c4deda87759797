"""The liaison sheet's content, declared once (domain.md §1.2 F–K): each section's fields with their French
labels and kinds. Forms, validation and the printed layouts all read this declaration.

Kinds: "texte" (one line), "long" (several lines), "oui_non" (True / False / None = non renseigné),
"liste" (list of lines), "date".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NON_RENSEIGNE = "non renseigné"


@dataclass(frozen=True)
class Champ:
    cle: str
    libelle: str
    genre: str = "texte"
    urgence: bool = False  # printed on the one-page fridge sheet
    aide: str = ""


@dataclass(frozen=True)
class Section:
    cle: str
    titre: str
    champs: tuple[Champ, ...]


SECTIONS: tuple[Section, ...] = (
    Section("sante", "Santé", (
        Champ("allergies", "Allergies et intolérances", "liste", True, "une par ligne : substance — réaction"),
        Champ("traitements", "Traitements en cours", "liste", True, "un par ligne : médicament, dose, horaires"),
        Champ("anticoagulant", "Sous anticoagulant ou antiagrégant", "oui_non", True),
        Champ("antecedents", "Antécédents et problèmes actifs", "liste", True, "un par ligne, avec l'année"),
        Champ("dispositifs", "Appareillages et dispositifs", "liste", True, "pacemaker, oxygène, sonde…"),
        Champ("vaccinations", "Vaccinations", "long"),
        Champ("groupe_sanguin", "Groupe sanguin"),
        Champ("regime", "Régime alimentaire"),
        Champ("etat", "État fonctionnel et psychique", "long"),
        Champ("soins_palliatifs", "En soins palliatifs", "oui_non", True),
    )),
    Section("autonomie", "Autonomie et aides", (
        Champ("aides_techniques", "Aides techniques", "liste", False, "canne, déambulateur, fauteuil, lit médicalisé…"),
        Champ("sensoriel", "Limites de vision, d'audition, de langage", "long", True),
        Champ("comportement", "Éléments de compréhension du comportement", "long"),
    )),
    Section("risques", "Risques", (
        Champ("ne_se_releve_pas", "Ne peut pas se relever seul(e)", "oui_non", True),
        Champ("chutes", "Chutes récentes", "oui_non", True),
        Champ("fausse_route", "Risque de fausse route", "oui_non", True),
        Champ("errance", "Errance, risque de fugue", "oui_non", True),
        Champ("logement", "Risques liés au logement", "long"),
    )),
    Section("souhaits", "Souhaits et directives", (
        Champ("directives", "Directives anticipées rédigées", "oui_non", True),
        Champ("directives_lieu", "Où sont les directives anticipées", "texte", True),
        Champ("hopital", "Hôpital de préférence", "texte", True),
        Champ("limitation", "Limitation des soins souhaitée", "long"),
    )),
    Section("habitudes", "Habitudes de vie", (
        Champ("rythme", "Rythme (lever, coucher)"),
        Champ("repas", "Repas et goûts"),
        Champ("sommeil", "Sommeil"),
        Champ("loisirs", "Loisirs"),
        Champ("apaise", "Ce qui apaise"),
        Champ("inquiete", "Ce qui inquiète ou agite"),
    )),
    Section("annexes", "Annexes jointes", (
        Champ("ordonnances", "Ordonnances en cours", "oui_non"),
        Champ("biologie", "Biologie récente", "oui_non"),
        Champ("ecg", "ECG", "oui_non"),
        Champ("cr_hospitalisation", "Derniers comptes rendus d'hospitalisation", "oui_non"),
        Champ("copie_directives", "Copie des directives anticipées", "oui_non"),
        Champ("carte_vitale", "Attestation de carte Vitale", "oui_non"),
        Champ("mutuelle", "Carte de mutuelle", "oui_non"),
    )),
)  # fmt: skip

SECTIONS_PAR_CLE = {s.cle: s for s in SECTIONS}


def vide() -> dict[str, Any]:
    """An empty sheet: every field present, nothing filled."""
    empty: dict[str, object] = {"texte": "", "long": "", "oui_non": None, "date": ""}
    return {
        s.cle: {c.cle: ([] if c.genre == "liste" else empty[c.genre]) for c in s.champs} for s in SECTIONS
    }


def normalise(contenu: dict[str, Any] | None) -> dict[str, Any]:
    """Keep known fields with the right kinds; unknown keys are dropped, missing ones filled empty."""
    result = vide()
    for section in SECTIONS:
        given = (contenu or {}).get(section.cle) or {}
        for champ in section.champs:
            value = given.get(champ.cle)
            if champ.genre == "liste":
                if isinstance(value, str):
                    value = [line.strip() for line in value.splitlines()]
                result[section.cle][champ.cle] = [str(v).strip() for v in (value or []) if str(v).strip()]
            elif champ.genre == "oui_non":
                result[section.cle][champ.cle] = value if value in (True, False) else None
            else:
                result[section.cle][champ.cle] = str(value or "").strip()
    return result


def oui_non(value: object) -> str:
    return "oui" if value is True else "non" if value is False else NON_RENSEIGNE
