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


def horodatage_fr(iso: str | None, vide: str = "jamais") -> str:
    """A stored instant ("2026-11-23T16:50:12+00:00", UTC) as the laptop's clock reads it: "23/11/2026 17:50"."""
    if not iso:
        return vide
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")


def jour(iso: str) -> date:
    """The day of a stored date or instant, as the laptop's clock reads it (an instant is stored in UTC)."""
    if len(iso) > 10:
        moment = datetime.fromisoformat(iso)
        return (moment.astimezone() if moment.tzinfo is not None else moment).date()
    return date.fromisoformat(iso)


def date_fr(iso: str, vide: str = "—") -> str:
    """A stored date "2026-11-23" (or the day of an instant) as "23/11/2026"; `vide` when there is none."""
    return date.fromisoformat(iso[:10]).strftime("%d/%m/%Y") if iso else vide


_DATE_FRANCAISE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def lit_date(texte: str) -> date:
    """A date as people type or import it: 2026-11-23, or the French 23/11/2026 (also 23-11-2026,
    23.11.2026, 1/2/2027). ValueError when it is neither or does not exist."""
    texte = texte.strip()
    francaise = _DATE_FRANCAISE.fullmatch(texte)
    if francaise:
        jour, mois, annee = (int(part) for part in francaise.groups())
        return date(annee, mois, jour)
    return date.fromisoformat(texte)


_SAISIE_COLLEE = re.compile(r"(\d{2})(\d{2})(\d{4})")
_SAISIE_SANS_ANNEE = re.compile(r"(\d{1,2})[/.-](\d{1,2})")


def lit_date_saisie(texte: str, aujourdhui: date | None = None) -> date:
    """A date typed in a form: what `lit_date` reads, and the shortcuts of a keyboard, 23112026 and 23/11
    (the current year). ValueError when it is none of these or does not exist."""
    texte = texte.strip()
    collee = _SAISIE_COLLEE.fullmatch(texte)
    if collee:
        jour, mois, annee = (int(part) for part in collee.groups())
        return date(annee, mois, jour)
    sans_annee = _SAISIE_SANS_ANNEE.fullmatch(texte)
    if sans_annee:
        jour, mois = (int(part) for part in sans_annee.groups())
        return date((aujourdhui or date.today()).year, mois, jour)
    return lit_date(texte)


def controle_date(
    texte: str, libelle: str, *, passee: bool = False, requise: bool = False
) -> tuple[str, str | None]:
    """The one rule for a date field: its stored form (ISO, "" when empty) and, when it is refused, why
    (in French, naming the field); the keyboard's shortcuts (23112026, 23/11) are read as the field does.
    `passee`: not after today; `requise`: not empty."""
    texte = (texte or "").strip()
    if not texte:
        return "", (f"{libelle} : date obligatoire." if requise else None)
    try:
        jour = lit_date_saisie(texte)
    except ValueError:
        return texte, f"{libelle} : « {texte} » n'est pas une date (attendu : 23/11/2026 ou 2026-11-23)."
    if passee and jour > date.today():
        return jour.isoformat(), f"{libelle} : la date ({jour:%d/%m/%Y}) est dans le futur."
    return jour.isoformat(), None


# A space a line may break at (not a line break itself, not already a no-break space), after « or before ».
_ESPACE_SECABLE = r"[^\S\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\u00a0\u2007\u202f]+"
_APRES_OUVRANT = re.compile(rf"«{_ESPACE_SECABLE}")
_AVANT_FERMANT = re.compile(rf"{_ESPACE_SECABLE}»")


def insecables(texte: str) -> str:
    """`texte` with a no-break space (U+00A0) inside its French quotation marks, in place of the spaces a
    line could break at: a wrapped message never leaves « or » alone at the start or end of a line."""
    if "«" not in texte and "»" not in texte:
        return texte
    return _AVANT_FERMANT.sub("\u00a0»", _APRES_OUVRANT.sub("«\u00a0", texte))
