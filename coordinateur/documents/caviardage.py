"""The one redaction module of every document that leaves the laptop (architecture §5, "border out").

Two steps, on every text of the document:

1. **Replace** what is known to identify the persons concerned, whatever the case, accents, ligatures,
   hyphens, apostrophes, particles, invisible characters and small typos: every part of their names (birth
   and usage names, each first name, parts of any length, two letters included) by their case code; the
   names of their contacts and of the private persons of their care circle by « [proche] »; the proper
   names of their address, lieu-dit and access notes by « [adresse] »; their phone numbers, NIR and birth
   date in any written form. Names of the other persons followed are replaced where they are written as a
   name (civility or first name beside them, or in capitals).
2. **Detect** what may still identify someone, for the coordinator to look at before anything leaves:
   phone numbers (phonenumbers' matcher and a digit-run scan), e-mail addresses (obfuscated ones too), NIR
   (python-stdnum), full dates more than a year before the document, a name after a civility or a kinship
   word, the surnames of persons followed, and capitalised words that are common French first names or
   surnames (the lists Faker ships for fr_FR, fr_BE, fr_CH, fr_CA and fr_QC). Professionals of the directory
   named in full by the meeting itself stay named: they are the partners.

Name parts come in three strengths. Strong parts (« Rouquette », « Ly ») are replaced everywhere. Common
words used as names (« Petit », « Claire », « Rose ») are replaced wherever capitalised, and in lower case
beside another part of the same name or after a civility. Grammar words and particles (« Le », « de »,
« Vu ») are replaced only beside another part of the same name, after a civility, or capitalised inside a
sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from coordinateur.documents.lexique import (
    DATE_CHIFFRES,
    DATE_COMPACTE,
    DATE_ESPACES,
    DATE_ISO,
    DATE_LETTRES,
    EMAIL,
    MARQUES,
    MOIS,
    MOIS_ANNEE,
    NIR_FORME,
    TELEPHONE,
    _ombre,
    cle,
    mots,
    propre,
)
from coordinateur.documents.noms import Noms
from coordinateur.documents.rendus import Document


class Caviardage(Noms):
    """Replaces and detects, one text at a time; counts what it replaced and keeps what it suspects."""

    # -- one text ---------------------------------------------------------------------------------------

    def __call__(self, texte: str, ou: str = "") -> str:
        return self.texte(texte, ou)

    def texte(self, texte: str, ou: str = "") -> str:
        """The text as it may leave; what may still identify someone is added to `suspicions`."""
        if not texte:
            return texte
        before = len(self.suspicions)
        out = propre(texte)
        out = self._emails_du_texte(out, ou)
        out = self._noms(out, ou)
        out = self._numeros(out, ou)
        self._noms_courants(out, ou)
        for n in range(before, len(self.suspicions)):  # the excerpt shown is of the text as it leaves
            s = self.suspicions[n]
            at = out.find(s.texte)
            if at >= 0:
                self.suspicions[n] = replace(
                    s, extrait=out[max(0, at - 30) : at + len(s.texte) + 30].replace("\n", " ")
                )
        return out

    def document(self, doc: Document) -> Document:
        """Every text of a document, the title and subtitle (its metadata) included."""
        ou = "titre"
        titre = self.texte(doc.titre, "titre")
        sous_titre = self.texte(doc.sous_titre, "sous-titre")
        blocs = []
        for bloc in doc.blocs:
            if bloc.genre in ("h1", "h2"):
                texte = self.texte(bloc.texte, ou)
                ou = texte
                blocs.append(replace(bloc, texte=texte))
            else:
                blocs.append(replace(
                    bloc, texte=self.texte(bloc.texte, ou), items=[self.texte(i, ou) for i in bloc.items],
                    lignes=[[self.texte(c, ou) for c in row] for row in bloc.lignes],
                ))  # fmt: skip
        return Document(titre, sous_titre, blocs, self.texte(doc.auteur, "auteur"))

    # -- numbers, dates, e-mails ------------------------------------------------------------------------

    def _emails_du_texte(self, texte: str, ou: str) -> str:
        shadow = _ombre(texte)
        pieces, cursor = [], 0
        for m in EMAIL.finditer(shadow):
            address = re.sub(r"\s", "", m.group(0).lower())
            address = re.sub(r"\[at\]|\(at\)", "@", address)
            local = address.split("@")[0]
            named = any(
                any(i.personne and i.force(w) == "fort" for i in self._mots.get(w, [])) for w in mots(local)
            )
            if address in self._emails or (named and address not in self._emails_permis):
                pieces += [texte[cursor : m.start()], MARQUES["email"]]
                cursor = m.end()
                self.remplacements["email"] += 1
            elif address not in self._emails_permis and not address.endswith(".invalid"):
                self._suspecte(texte[m.start() : m.end()], "adresse e-mail", ou, texte, m.start(), m.end())
        return "".join([*pieces, texte[cursor:]])

    def _numeros(self, texte: str, ou: str) -> str:
        """Phones, NIR and dates, found on the shadow text and replaced in the text at the same places."""
        import phonenumbers

        spans: list[tuple[int, int, str]] = []
        shadow = _ombre(texte)
        found = [
            (m.start, m.end, m.number)
            for m in phonenumbers.PhoneNumberMatcher(shadow, "FR", leniency=phonenumbers.Leniency.VALID)
        ]
        for m in TELEPHONE.finditer(shadow):
            if not any(a <= m.start() < b for a, b, _ in found):
                try:
                    found.append(
                        (m.start(), m.end(), phonenumbers.parse(re.sub(r"[^\d+]", "", m.group(0)), "FR"))
                    )
                except phonenumbers.NumberParseException:
                    continue
        for start, end, number in found:
            if not phonenumbers.is_valid_number(number):
                continue
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if e164 in self._telephones:
                opening = "(" if shadow[start] == "(" and ")" not in shadow[start:end] else ""
                spans.append((start, end, opening + MARQUES["telephone"]))
                self.remplacements["telephone"] += 1
            elif e164 not in self._telephones_permis:
                self._suspecte(texte[start:end], "numéro de téléphone", ou, texte, start, end)
        for m in NIR_FORME.finditer(shadow):
            if not _libre(spans, m.start(), m.end()):
                continue
            mark = self._nir(m.group(0))
            if mark:
                spans.append((m.start(), m.end(), mark))
            else:
                self._suspecte(
                    texte[m.start() : m.end()],
                    "NIR (numéro de sécurité sociale)",
                    ou,
                    texte,
                    m.start(),
                    m.end(),
                )
        for pattern in (DATE_LETTRES, DATE_ISO, DATE_CHIFFRES, DATE_ESPACES, DATE_COMPACTE, MOIS_ANNEE):
            for m in pattern.finditer(shadow):
                if not _libre(spans, m.start(), m.end()):
                    continue
                verdict = self._date(m, pattern)
                if verdict == "naissance":
                    spans.append((m.start(), m.end(), MARQUES["naissance"]))
                    self.remplacements["naissance"] += 1
                elif verdict == "ancienne":
                    self._suspecte(texte[m.start() : m.end()], "date complète ancienne (date de naissance ?)", ou, texte,
                                   m.start(), m.end())  # fmt: skip
        pieces, cursor = [], 0
        for start, end, mark in sorted(spans):
            pieces += [texte[cursor:start], mark]
            cursor = end
        return "".join([*pieces, texte[cursor:]])

    def _nir(self, forme: str) -> str:
        """The NIR mark when `forme` is one of the persons' NIR; "" for another NIR-shaped number."""
        compact = re.sub(r"[\s.\-]", "", forme).upper()
        if compact[:13] in self._nirs:
            self.remplacements["nir"] += 1
            return MARQUES["nir"]
        return ""

    def _date(self, match: re.Match[str], pattern: re.Pattern[str]) -> str:
        """ "naissance" (a person's birth date, or its month and year), "ancienne" (a full date more than a
        year before the document), or ""."""
        if pattern is MOIS_ANNEE:
            month_year = _lit_mois_annee(match)
            if month_year is None:
                return ""
            month, year, short = month_year
            for b in self._naissances:
                if b.month == month and (b.year == year or (short and b.year % 100 == year % 100)):
                    return "naissance"
            return ""
        day, short_year = _lit_date(match, pattern)
        if day is None:
            return ""
        for born in self._naissances:
            if (day.day, day.month) == (born.day, born.month) and (
                day.year == born.year or (short_year and day.year % 100 == born.year % 100)
            ):
                return "naissance"
        if pattern is DATE_COMPACTE or (pattern is DATE_LETTRES and short_year):
            return ""  # eight digits, or « 5 mai 10 h », are often something else: only a birth date counts
        return "ancienne" if day < self.reference - timedelta(days=365) else ""


def _libre(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b, _ in spans)


def _annee(texte: str) -> tuple[int, bool]:
    """A year as written; two digits are read as the nearest past or near-future year (26 → 2026, 33 → 1933)."""
    year = int(texte)
    if len(texte) == 2:
        year += 2000 if 2000 + year <= date.today().year + 10 else 1900
        return year, True
    return year, False


def _lit_date(match: re.Match[str], pattern: re.Pattern[str]) -> tuple[date | None, bool]:
    try:
        if pattern is DATE_ISO:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))), False
        if pattern is DATE_LETTRES:
            first = match.group(1).replace(" ", "").lower()
            day = 1 if first in ("1er", "premier") else int(first)
            year, short = _annee(match.group(3))
            return date(year, MOIS[cle(match.group(2))], day), short
        if pattern is DATE_CHIFFRES:
            year, short = _annee(match.group(4))
            return date(year, int(match.group(3)), int(match.group(1))), short
        if pattern is DATE_COMPACTE:
            digits = match.group(1)
            for candidate in ((digits[4:], digits[2:4], digits[:2]), (digits[:4], digits[4:6], digits[6:])):
                try:
                    return date(int(candidate[0]), int(candidate[1]), int(candidate[2])), False
                except ValueError:
                    continue
            return None, False
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1))), False
    except (ValueError, KeyError):
        return None, False


def _lit_mois_annee(match: re.Match[str]) -> tuple[int, int, bool] | None:
    try:
        if match.group(1):
            return MOIS[cle(match.group(1))], *_annee(match.group(2))
        return int(match.group(3)), *_annee(match.group(4))
    except (ValueError, KeyError, TypeError):
        return None
