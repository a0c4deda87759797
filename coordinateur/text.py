"""Text folding for searching as French users type: accents, ligatures, hyphens, "St/Ste"."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—'’`´.,;:/_()\"«»]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def fold(text: str) -> str:
    """Lower-case, strip accents, expand ligatures, split on hyphens and apostrophes, expand St/Ste.

    >>> fold("Saint-Côme-d'Olt") == fold("st come d olt")
    True
    """
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    words = [w for w in _SEPARATORS.split(stripped) if w]
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def matches(query: str, folded_target: str) -> bool:
    """True when every word of the folded query starts a word of (or is inside) the folded target."""
    words = fold(query).split()
    return all(w in folded_target for w in words)


NARROW_NBSP = "\u202f"


def nombre(n: int) -> str:
    """French thousands grouping: 44 201 (narrow no-break space)."""
    return f"{n:,}".replace(",", NARROW_NBSP)


def compte(n: int, singulier: str, pluriel: str | None = None) -> str:
    """ "0 commune", "1 commune", "59 communes" — French puts 0 and 1 in the singular."""
    word = singulier if abs(n) < 2 else (pluriel or singulier + "s")
    return f"{nombre(n)} {word}"


_VOWELS = tuple("AEIOUYÂÀÉÈÊËÎÏÔÛÙÜ")


def de(nom: str) -> str:
    """French "de" before a place name: "de Laguiole", "d'Espalion", "du Nayrac", "des Costes-Gozon"."""
    if nom.startswith("Le "):
        return "du " + nom[3:]
    if nom.startswith("Les "):
        return "des " + nom[4:]
    if nom[:1].upper() in _VOWELS or (nom[:1] in ("H",) and nom[:2].lower() in ("ha", "he", "ho", "hu")):
        return "d'" + nom
    return "de " + nom


MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")  # fmt: skip
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def date_longue(d: date) -> str:
    """ "lundi 23 novembre 2026", "mardi 1er décembre 2026"."""
    premier = "1er" if d.day == 1 else str(d.day)
    return f"{JOURS[d.weekday()]} {premier} {MOIS[d.month - 1]} {d.year}"


def date_courte(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def horodatage_fr(iso: str, vide: str = "jamais") -> str:
    """A stored instant ("2026-11-23T16:50:12+00:00", UTC) as the laptop's clock reads it: "23/11/2026 17:50"."""
    if not iso:
        return vide
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")
