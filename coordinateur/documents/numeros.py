"""Phones, NIR, dates and e-mail addresses in one text, as `Caviardage` reads them: found on the text's
shadow (same length, compatibility forms) and replaced at the same places when they are known (the phones
of the persons concerned and of their relatives, their NIR, their birth dates, an e-mail address named after
one of them); suspected otherwise, unless a partner's, and a full date only when more than a year before the
document (a birth date?)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from coordinateur.documents.connus import Connus
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
)


class Numeros(Connus):
    """Reads the phones, NIR, dates and e-mail addresses of one text."""

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
