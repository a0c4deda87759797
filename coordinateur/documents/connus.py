"""What a redaction knows before it reads a text: the names of the persons concerned, of their relatives and
of their address, each an identity whose words are strong, common or weak; the other persons followed;
phones, NIR and birth dates; the partners who stay named. `Connus` also holds what reading found so far
(`remplacements`, `suspicions`): it is the state that `Caviardage`'s reading layers read and add to."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from coordinateur.documents.lexique import (
    CIVILITES,
    EMAIL,
    GRAMMAIRE,
    MARQUES,
    MOT,
    NOMS_COMMUNS,
    ORGANISMES,
    PARENTE,
    PARTICULES,
    STATUTS,
    TITRES,
    cle,
    mots,
    mots_des_communes,
    propre,
)
from coordinateur.documents.suspicions import Suspicion


@dataclass
class _Identite:
    remplacement: str
    motif: str  # key of MOTIFS_REMPLACEMENT
    priorite: int  # the lower wins when a word belongs to several identities
    forts: set[str] = field(default_factory=set)
    communs: set[str] = field(default_factory=set)  # common words used as names: « Petit », « Claire »
    faibles: set[str] = field(default_factory=set)  # grammar, particles, address words
    personne: bool = True  # a person's name (civility and capitals rules apply), not an address

    def force(self, word: str) -> str:
        if word in self.forts:
            return "fort"
        return "commun" if word in self.communs else "faible"


@dataclass
class _AutrePersonne:
    noms: set[str]
    prenoms: set[str]


class Connus:
    """The persons concerned, the other persons followed and the partners, by what identifies them; and
    what was replaced and suspected so far."""

    def __init__(self, *, reference: date | None = None) -> None:
        self.reference = reference or date.today()
        self._mots: dict[str, list[_Identite]] = {}
        self._autres_noms: dict[str, list[_AutrePersonne]] = {}
        self._telephones: set[str] = set()  # E.164
        self._emails: set[str] = set()
        self._nirs: set[str] = set()
        self._naissances: set[date] = set()
        self._phrases: dict[str, list[tuple[str, ...]]] = {}  # partners' full names, by first word
        self._telephones_permis: set[str] = set()
        self._emails_permis: set[str] = set()
        self.remplacements: Counter[str] = Counter()
        self.suspicions: list[Suspicion] = []

    def _identite(self, identite: _Identite, *textes: str, propres_seulement: bool = False) -> None:
        """The words of `textes` as this identity's name. `propres_seulement`: an address, whose strong
        words are its capitalised ones (a lieu-dit, a street's name), never its directions."""
        for texte in textes:
            found = list(MOT.finditer(propre(texte)))
            keys = [cle(m.group(0)) for m in found]
            for m, word in zip(found, keys, strict=True):
                if word in CIVILITES or word in TITRES or word in STATUTS or word in PARENTE:
                    continue
                if word.isdigit():
                    if not identite.personne:
                        identite.faibles.add(word)
                    continue
                if word in GRAMMAIRE or (not identite.personne and len(word) < 3):
                    identite.faibles.add(word)
                elif word in NOMS_COMMUNS:
                    identite.communs.add(word)
                elif propres_seulement and not m.group(0)[:1].isupper():
                    identite.faibles.add(word)
                else:
                    identite.forts.add(word)
            names = [k for k in keys if k not in CIVILITES and k not in STATUTS and not k.isdigit()]
            for a, b in itertools.pairwise(names):  # "d'Arsonval" is also written "Darsonval"
                if len(a + b) >= 4 and identite.personne:
                    identite.forts.add(a + b)
        identite.communs -= identite.forts
        identite.faibles -= identite.forts | identite.communs
        if not identite.forts and not identite.communs and not identite.faibles:
            return
        for word in identite.forts | identite.communs | identite.faibles:
            self._mots.setdefault(word, []).append(identite)

    def ajoute_personne(self, dossier: object, code: str) -> None:
        """A person concerned by the document: every name, her contacts, care circle, address, access
        notes, phones, NIR and birth date. `dossier` is a personnes.dossier.Dossier."""
        d = dossier
        self._identite(
            _Identite(code, "nom", 0),
            getattr(d, "nom_naissance", ""),
            getattr(d, "nom_usage", ""),
            getattr(d, "prenoms_naissance", ""),
            getattr(d, "prenom_usage", ""),
        )
        for contact in getattr(d, "contacts", []) or []:
            name = str(contact.get("nom") or "")
            if not _organisme(f"{name} {contact.get('lien') or ''}"):
                self._identite(_Identite(MARQUES["proche"], "proche", 1), name)
            for key in ("telephone", "telephone2"):
                self._telephone(str(contact.get(key) or ""))
        for membre in getattr(d, "cercle", []) or []:
            if not membre.get("annuaire_id") and not _organisme(str(membre.get("nom") or "")):
                self._identite(_Identite(MARQUES["proche"], "proche", 1), str(membre.get("nom") or ""))
                self._telephone(str(membre.get("telephone") or ""))
        address = _Identite(MARQUES["adresse"], "adresse", 2, personne=False)
        self._identite(address, getattr(d, "adresse", ""), getattr(d, "complement", ""), getattr(d, "acces", ""),
                       propres_seulement=True)  # fmt: skip
        places = _mots_commune(getattr(d, "commune_code", ""))
        for word in places & (address.forts | address.communs):
            address.forts.discard(word)
            address.communs.discard(word)
            self._mots[word].remove(address)
        self._telephone(getattr(d, "telephone", ""))
        nir = re.sub(r"[\s.\-]", "", getattr(d, "nir", "") or "").upper()
        if nir:
            self._nirs.add(nir[:13])
        born = getattr(d, "date_naissance", "")
        if born:
            self._naissances.add(date.fromisoformat(born))

    def ajoute_autre_personne(self, nom_naissance: str, nom_usage: str, prenoms: str) -> None:
        """Another person followed: replaced where written as a name, suspected where capitalised alone."""
        other = _AutrePersonne(
            {w for w in mots(f"{nom_naissance} {nom_usage}") if w not in PARTICULES and w not in STATUTS and len(w) >= 2},
            {w for w in mots(prenoms) if len(w) >= 2},
        )  # fmt: skip
        for word in other.noms:
            self._autres_noms.setdefault(word, []).append(other)

    def permet(self, *textes: str) -> None:
        """Partners named by the document (professionals of the directory): their full names stay, and
        their phones and e-mails are not suspected."""
        for texte in textes:
            words = tuple(w for w in mots(propre(texte)) if w not in CIVILITES and w not in TITRES)
            if 2 <= len(words) <= 6:
                self._phrases.setdefault(words[0], []).append(words)
            for match in EMAIL.finditer(texte):
                self._emails_permis.add(match.group(0).lower())
            e164 = _e164(texte)
            if e164:
                self._telephones_permis.add(e164)

    def permet_telephones(self, numeros: Iterable[str]) -> None:
        self._telephones_permis.update(n for n in (_e164(x) for x in numeros) if n)

    def _telephone(self, numero: str) -> None:
        e164 = _e164(numero)
        if e164:
            self._telephones.add(e164)

    def _suspecte(self, texte: str, motif: str, ou: str, source: str, debut: int, fin: int) -> None:
        extrait = source[max(0, debut - 30) : fin + 30].replace("\n", " ")
        suspicion = Suspicion(texte.strip(" ()[]\t\n"), motif, ou or "document", extrait)
        if all(s.cle != suspicion.cle for s in self.suspicions):
            self.suspicions.append(suspicion)


def _organisme(nom: str) -> bool:
    """A contact that is an organisation (a guardianship association, a service), not a private person."""
    words = set(mots(nom))
    return bool(words & ORGANISMES) and not words & PARENTE


def _mots_commune(code: str) -> set[str]:
    if not code:
        return set()
    from coordinateur.referentiels.cog import referentiel

    commune = referentiel().commune(code)
    return set(mots_des_communes(commune.departement)) if commune else set()


def _e164(numero: str) -> str:
    if not numero or not any(ch.isdigit() for ch in numero):
        return ""
    from coordinateur.referentiels.telephone import normalise_telephone

    verdict = normalise_telephone(numero)
    return verdict.valeur if verdict.ok else ""
