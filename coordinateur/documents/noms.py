"""The names in one text, as `Caviardage` reads them. Replaced: the words written as a name of a person
concerned, of a relative or of her address (a run of one identity's words by one mark), and the surname of
another person followed where written as a name. Suspected: that surname capitalised alone, a name after a
civility or a kinship word, and capitalised common French first names and surnames. Partners' full names,
and names after a professional title or « Saint- », are left alone."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from coordinateur.documents.connus import Connus, _Identite
from coordinateur.documents.lexique import (
    CIVILITES,
    CODE,
    FIN_DE_PHRASE,
    GRAMMAIRE,
    JOINT,
    JOINT_CIVILITE,
    MARQUES,
    MOT,
    NOMS_COMMUNS,
    PARENTE,
    REMPLACEMENT,
    TITRES,
    cle,
    noms_courants,
)


@dataclass
class _Jeton:
    debut: int
    fin: int
    brut: str
    cle: str
    identite: _Identite | None = None
    protege: bool = False  # part of a partner's full name, or after a professional title


class Noms(Connus):
    """Reads the names of one text: replaces the known ones, suspects the others."""

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
