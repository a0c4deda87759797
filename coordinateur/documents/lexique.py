"""The words and patterns the redaction of documents leaving the laptop reads with (`caviardage` and its
layers `connus`, `noms`, `numeros`): the marks that replace what identifies a person, French grammar words,
particles, civilities, kinship words and organisms, the written forms of dates, phone numbers, NIR and
e-mail addresses, the common French names Faker ships, and the words of the communes' names. Everything is
compared by `cle` (case, accents and ligatures folded)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MARQUES = {
    "proche": "[proche]",
    "adresse": "[adresse]",
    "telephone": "[téléphone]",
    "email": "[e-mail]",
    "nir": "[NIR]",
    "naissance": "[date de naissance]",
    "personne": "[personne suivie]",
}
CODE = re.compile(r"S-\d{4,}")
# What the preview highlights as a replacement: case codes and the marks above.
REMPLACEMENT = re.compile(r"S-\d{4,}|" + "|".join(re.escape(m) for m in MARQUES.values()))
MOTIFS_REMPLACEMENT = {
    "nom": "nom ou prénom de la personne",
    "proche": "nom d'un proche",
    "adresse": "adresse",
    "telephone": "téléphone",
    "email": "adresse e-mail",
    "nir": "NIR",
    "naissance": "date de naissance",
    "personne": "nom d'une autre personne suivie",
}
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def cle(mot: str) -> str:
    """A word as compared: lower case, no accents, ligatures expanded ("Œuvre" → "oeuvre")."""
    decomposed = unicodedata.normalize("NFKD", mot.translate(LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _liste(words: str) -> frozenset[str]:
    return frozenset(cle(w) for w in words.split())


PARTICULES = _liste(
    "d de du des l la le les van von der den ter di da del della dei dos das do y ben bin ibn el al ou mac mc"
    " saint sainte st ste"
)
CIVILITES = _liste("m mme mmes mlle mlles madame mesdames monsieur messieurs mademoiselle mr vve veuve")
TITRES = _liste("dr pr docteur professeur me maître")  # a professional follows (when capitalised)
STATUTS = _liste("épouse ep née ne veuve vve divorcée divorcee dite dit")  # "épouse Rouquette": not a name
# Grammar words and the words of addresses and directions: replaced only where clearly part of a name.
GRAMMAIRE = PARTICULES | _liste(
    """a à au aux et en un une sur sous par pour avec sans chez dans vers entre est sont il elle ils elles on
    se sa son ses ce ces cet cette qui que quoi dont mais ne pas plus bien tout tous toute toutes vu su lu bu
    eu pu mis pris dit fait non oui si car or ni donc puis lui leur leurs nous vous je tu me te y
    rue route chemin impasse allée avenue boulevard place quai cours lieu lieudit hameau lotissement
    résidence village bourg domaine mas ferme moulin pont côte montée passage sentier voie faubourg square
    parc cité bâtiment bat appartement appt étage porte escalier maison après avant droite gauche face haut
    bas haute basse nord sud est ouest premier première deuxième second seconde fond bout entrée derrière
    devant près croix église mairie école bis ter"""
)
# Common French words that are also first names or surnames: replaced wherever capitalised.
NOMS_COMMUNS = (
    _liste(
        """grand grande petit petite vieux vieille neuf neuve blanc blanche noir noire rouge vert verte roux
    rousse brun brune gros grosse long longue beau belle bon bonne fort forte jeune claire clair rose pierre
    olive fleur marine reine france aimé aimée prudence constance patience victoire martin roche vigne bois
    lac mont val fontaine prat loup lebon leblanc lenoir lefort masse porte marchand mercier berger boucher
    meunier charpentier chevalier bonnet fabre faure"""
    )
    - GRAMMAIRE
)
PARENTE = _liste(
    """fils fille filles epoux epouse mari femme conjoint conjointe compagnon compagne concubin concubine frere
    soeur freres soeurs neveu niece neveux nieces cousin cousine oncle tante gendre bru belle beau
    petit-fils petite-fille voisin voisine voisins ami amie aidant aidante pere mere parent tuteur tutrice
    curateur curatrice"""
)
ORGANISMES = _liste(
    "udaf ati association service mjpm ccas cias tutelle tutelaire conseil departement departemental centre hopital"
)
JOINT = re.compile(r"[\s\-‐‑'’]{1,3}")
JOINT_CIVILITE = re.compile(r"\.?\s{1,2}")
FIN_DE_PHRASE = re.compile(r"[.!?:;\n•]")
MOT = re.compile(r"[^\W_]+")
INVISIBLES = {cp: None for cp in (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E)}

MOIS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}  # fmt: skip
_MOIS = r"(janvier|janv|jan|f[ée]vrier|f[ée]vr|f[ée]v|mars|avril|avr|mai|juin|juillet|juil|ao[uû]t|septembre|sept|sep|octobre|oct|novembre|nov|d[ée]cembre|d[ée]c)\.?"  # fmt: skip
DATE_CHIFFRES = re.compile(
    r"(?<![\d/.\-])(\d{1,2})\s?([/.\-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d/.\-]\d)"
)
DATE_ESPACES = re.compile(r"(?<!\d)(\d{1,2}) (\d{1,2}) (\d{4})(?!\d)")
DATE_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
DATE_LETTRES = re.compile(
    rf"(?<!\w)(1\s?er|premier|\d{{1,2}})\s+{_MOIS}\s+(\d{{4}}|\d{{2}})(?!\d)", re.IGNORECASE
)
DATE_COMPACTE = re.compile(r"(?<!\d)(\d{8})(?!\d)")
MOIS_ANNEE = re.compile(
    rf"(?<!\w){_MOIS}\s+(\d{{4}}|\d{{2}})(?!\d)|(?<![\d/])(\d{{1,2}})/(\d{{4}})(?![\d/])", re.IGNORECASE
)
NIR_FORME = re.compile(r"(?<![\w])[12](?:[\s.\-]?[0-9ABab]){12}(?:[\s.\-]?\d){0,2}(?![\w])")
EMAIL = re.compile(
    r"[\w.+\-]+(?:\s?@\s?|\s?\[at\]\s?|\s?\(at\)\s?)[\w\-]+(?:\s?\.\s?[\w\-]+)*", re.IGNORECASE
)
TELEPHONE = re.compile(r"(?<!\d)(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)[1-9](?:[\s./\-]{0,2}\d{2}){4}(?!\d)")


def mots(texte: str) -> list[str]:
    return [cle(m.group(0)) for m in MOT.finditer(texte)]


def propre(texte: str) -> str:
    """NFC, without the invisible characters that split a word (soft hyphen, zero-width spaces)."""
    return unicodedata.normalize("NFC", texte).translate(INVISIBLES)


def _ombre(texte: str) -> str:
    """A copy of the same length for matching numbers, dates and e-mails: each character in its
    compatibility form when that is one character (narrow no-break space → space, ＠ → @, ᵉʳ → er,
    full-width digits → digits), line breaks as spaces."""
    out = []
    for ch in texte:
        if ch in "\n\r\t":
            out.append(" ")
            continue
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


@lru_cache(maxsize=1)
def noms_courants() -> frozenset[str]:
    """Common French first names and surnames, from the lists Faker ships for French-speaking locales."""
    import importlib

    found: set[str] = set()
    for locale in ("fr_FR", "fr_BE", "fr_CH", "fr_CA", "fr_QC"):
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):
            continue
        for attribute in ("first_names", "first_names_female", "first_names_male", "last_names"):
            for name in getattr(provider, attribute, ()) or ():
                found.update(w for w in mots(str(name)) if len(w) >= 3 and w not in PARTICULES)
    return frozenset(found)


@lru_cache(maxsize=16)
def mots_des_communes(departement: str) -> frozenset[str]:
    """Every word of the names of a département's communes (never an address's identifying word)."""
    from coordinateur.referentiels.cog import referentiel

    return frozenset(w for c in referentiel().communes_departement(departement) for w in mots(c.nom))
