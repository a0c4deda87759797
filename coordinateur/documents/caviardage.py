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

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from coordinateur.documents.connus import Connus, _Identite
from coordinateur.documents.lexique import (
    CIVILITES,
    CODE,
    DATE_CHIFFRES,
    DATE_COMPACTE,
    DATE_ESPACES,
    DATE_ISO,
    DATE_LETTRES,
    EMAIL,
    FIN_DE_PHRASE,
    GRAMMAIRE,
    JOINT,
    JOINT_CIVILITE,
    MARQUES,
    MOIS,
    MOIS_ANNEE,
    MOT,
    NIR_FORME,
    NOMS_COMMUNS,
    PARENTE,
    REMPLACEMENT,
    TELEPHONE,
    TITRES,
    _ombre,
    cle,
    mots,
    noms_courants,
    propre,
)
from coordinateur.documents.rendus import Document


@dataclass
class _Jeton:
    debut: int
    fin: int
    brut: str
    cle: str
    identite: _Identite | None = None
    protege: bool = False  # part of a partner's full name, or after a professional title


class Caviardage(Connus):
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

    def _jetons(self, texte: str) -> list[_Jeton]:
        jetons = [_Jeton(m.start(), m.end(), m.group(0), cle(m.group(0))) for m in MOT.finditer(texte)]
        for n, j in enumerate(jetons):
            if _apres_titre(jetons, n) or _apres_saint(texte, jetons, n):
                j.protege = True  # Dr Paul Vernhes, Saint-Côme-d'Olt, Sainte-Marie
        return jetons

    def _noms(self, texte: str, ou: str) -> str:
        jetons = self._jetons(texte)
        if not jetons:
            return texte
        self._protege(texte, jetons)
        for j in jetons:
            if j.protege:
                continue
            found = [i for i in self._mots.get(j.cle, []) if i.force(j.cle) == "fort"]
            if not found:
                found = self._approche(j)
            if found:
                j.identite = min(found, key=lambda i: i.priorite)
        self._colles(texte, jetons)
        changed = True
        while changed:
            changed = False
            for n, j in enumerate(jetons):
                if j.identite is not None or j.protege or j.cle not in self._mots:
                    continue
                for identite in sorted(self._mots[j.cle], key=lambda i: i.priorite):
                    if self._nomme(texte, jetons, n, identite):
                        j.identite = identite
                        changed = True
                        break
        self._autres(texte, jetons, ou)
        self._civilites_et_parentes(texte, jetons, ou)
        pieces = []
        cursor = 0
        n = 0
        while n < len(jetons):
            j = jetons[n]
            if j.identite is None:
                n += 1
                continue
            end = n
            while (
                end + 1 < len(jetons)
                and jetons[end + 1].identite is j.identite
                and JOINT.fullmatch(texte[jetons[end].fin : jetons[end + 1].debut])
            ):
                end += 1
            pieces += [texte[cursor : j.debut], j.identite.remplacement]
            self.remplacements[j.identite.motif] += 1
            cursor = jetons[end].fin
            n = end + 1
        pieces.append(texte[cursor:])
        return "".join(pieces)

    def _approche(self, j: _Jeton) -> list[_Identite]:
        """A capitalised word one letter away from a strong name of six letters or more (a typo, a
        plural): « Rouquete », « Canteloubes »."""
        if len(j.cle) < 6 or not j.brut[:1].isupper():
            return []
        from rapidfuzz.distance import Levenshtein

        return [
            i
            for word, identites in self._mots.items()
            if len(word) >= 6 and abs(len(word) - len(j.cle)) <= 1 and Levenshtein.distance(word, j.cle) <= 1
            for i in identites
            if i.force(word) == "fort"
        ]

    def _colles(self, texte: str, jetons: list[_Jeton]) -> None:
        """Two words written apart that make one strong name: « Del Pech » for Delpech, « Jean Luc »."""
        for a, b in itertools.pairwise(jetons):
            if a.identite or b.identite or a.protege or b.protege:
                continue
            if not JOINT.fullmatch(texte[a.fin : b.debut]):
                continue
            found = [i for i in self._mots.get(a.cle + b.cle, []) if i.force(a.cle + b.cle) == "fort"]
            if found:
                a.identite = b.identite = min(found, key=lambda i: i.priorite)

    def _protege(self, texte: str, jetons: list[_Jeton]) -> None:
        """Partners' full names stay, unless every word of one is a name of the same person concerned."""
        for n, j in enumerate(jetons):
            for phrase in self._phrases.get(j.cle, ()):
                run = jetons[n : n + len(phrase)]
                if len(run) != len(phrase) or any(t.cle != w for t, w in zip(run, phrase, strict=True)):
                    continue
                if not all(JOINT.fullmatch(texte[a.fin : b.debut]) for a, b in itertools.pairwise(run)):
                    continue
                owners = [{id(i) for i in self._mots.get(t.cle, [])} for t in run]
                if not set.intersection(*owners):
                    for t in run:
                        t.protege = True

    def _nomme(self, texte: str, jetons: list[_Jeton], n: int, identite: _Identite) -> bool:
        """Is this common or grammar word written here as part of that identity's name?"""
        j = jetons[n]
        strength = identite.force(j.cle)
        for k in (n - 1, n + 1):
            if 0 <= k < len(jetons) and JOINT.fullmatch(
                texte[min(j.fin, jetons[k].fin) : max(j.debut, jetons[k].debut)]
            ):
                if jetons[k].identite is identite:
                    return True
                if (  # « claire petit »: two common words that are both her names
                    strength == "commun"
                    and jetons[k].identite is None
                    and jetons[k].cle != j.cle
                    and identite.force(jetons[k].cle) == "commun"
                    and identite in self._mots.get(jetons[k].cle, [])
                ):
                    return True
        if not identite.personne:
            return False
        if (
            n > 0
            and jetons[n - 1].cle in CIVILITES
            and JOINT_CIVILITE.fullmatch(texte[jetons[n - 1].fin : j.debut])
        ):
            return True
        if strength == "commun":
            return j.brut[:1].isupper()
        return j.brut[:1].isupper() and not j.brut.isupper() and not _debut_de_phrase(texte, jetons, n)

    def _autres(self, texte: str, jetons: list[_Jeton], ou: str) -> None:
        """Other persons followed: a surname beside a civility or one of her first names, or in capitals."""
        for n, j in enumerate(jetons):
            if j.identite is not None or j.protege or j.cle not in self._autres_noms:
                continue
            for other in self._autres_noms[j.cle]:
                beside = [
                    k for k in (n - 1, n + 1)
                    if 0 <= k < len(jetons) and jetons[k].identite is None and jetons[k].cle in other.prenoms
                    and JOINT.fullmatch(texte[min(j.fin, jetons[k].fin) : max(j.debut, jetons[k].debut)])
                ]  # fmt: skip
                civil = (
                    n > 0
                    and jetons[n - 1].cle in CIVILITES
                    and bool(JOINT_CIVILITE.fullmatch(texte[jetons[n - 1].fin : j.debut]))
                )
                if beside or civil or (len(j.brut) >= 3 and j.brut.isupper()):
                    identite = _Identite(MARQUES["personne"], "personne", 3)
                    j.identite = identite
                    for k in beside:
                        jetons[k].identite = identite
                    break
            else:
                if j.brut[:1].isupper():
                    self._suspecte(j.brut, "nom d'une personne suivie", ou, texte, j.debut, j.fin)

    def _civilites_et_parentes(self, texte: str, jetons: list[_Jeton], ou: str) -> None:
        """A name nobody told us about: a capitalised word after M. or Mme, a word after « sa fille »."""
        for n, j in enumerate(jetons):
            if (
                j.identite is not None
                or j.protege
                or j.cle in GRAMMAIRE
                or j.cle in CIVILITES
                or j.brut.isdigit()
            ):
                continue
            if CODE.match(texte, j.debut):
                continue  # a case code written by hand: « Mme S-0001 »
            before = jetons[n - 1] if n > 0 else None
            if (
                before is not None
                and before.cle in CIVILITES
                and j.brut[:1].isupper()
                and JOINT_CIVILITE.fullmatch(texte[before.fin : j.debut])
            ):
                self._suspecte(j.brut, "nom après une civilité (M., Mme…)", ou, texte, j.debut, j.fin)
                continue
            kin = [jetons[k] for k in (n - 1, n - 2) if k >= 0]
            if (
                any(t.cle in PARENTE for t in kin)
                and j.cle not in PARENTE
                and (j.brut[:1].isupper() or j.cle in noms_courants())
                and not REMPLACEMENT.fullmatch(texte[max(0, j.debut - 1) : j.fin + 1])
            ):
                self._suspecte(j.brut, "nom d'un proche ?", ou, texte, j.debut, j.fin)

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

    def _noms_courants(self, texte: str, ou: str) -> None:
        common = noms_courants()
        jetons = self._jetons(texte)
        self._protege(texte, jetons)
        already = {s.texte for s in self.suspicions if s.ou == (ou or "document")}
        for n, j in enumerate(jetons):
            if not j.brut[:1].isupper() or j.cle not in common or j.protege or j.brut in already:
                continue
            if (j.cle in GRAMMAIRE or j.cle in NOMS_COMMUNS) and (
                _debut_de_phrase(texte, jetons, n) or not j.brut[1:].islower()
            ):
                continue
            if REMPLACEMENT.fullmatch(texte[max(0, j.debut - 1) : j.fin + 1]):
                continue
            self._suspecte(j.brut, "prénom ou nom de famille courant", ou, texte, j.debut, j.fin)


def _libre(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b, _ in spans)


def _debut_de_phrase(texte: str, jetons: list[_Jeton], n: int) -> bool:
    if n == 0:
        return not texte[: jetons[0].debut].strip(' \t"«(-–—')
    before = texte[jetons[n - 1].fin : jetons[n].debut]
    if (
        jetons[n - 1].cle in CIVILITES | TITRES | {"st", "ste"}
        and before.startswith(".")
        and "\n" not in before
    ):
        return False
    return bool(FIN_DE_PHRASE.search(before))


def _apres_titre(jetons: list[_Jeton], n: int) -> bool:
    """Dr Jean Martin, Dr Martin, Maître Cayla: the word follows a professional title (one first name
    between), written as a title (capitalised; « elle me présente » is not « Me »)."""
    return any(
        n - k >= 0 and jetons[n - k].cle in TITRES and jetons[n - k].brut[:1].isupper() for k in (1, 2)
    )


def _apres_saint(texte: str, jetons: list[_Jeton], n: int) -> bool:
    """Saint-Côme-d'Olt, Sainte-Geneviève-sur-Argence, EHPAD Sainte-Marie: a place or a saint's name."""
    return (
        n > 0
        and jetons[n - 1].cle in ("saint", "sainte", "st", "ste")
        and texte[jetons[n - 1].fin : jetons[n].debut] in ("-", "‑", "‐")
    )


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
