"""The one redaction module of every document that leaves the laptop (architecture §5, "border out").

Two steps, on every text of the document:

1. **Replace** what is known to identify the persons concerned, whatever the case, accents, ligatures,
   hyphens, apostrophes and particles: every part of their names (birth and usage names, each first name,
   parts of any length, two letters included) by their case code; the names of their contacts and of the
   private persons of their care circle by « [proche] »; the words of their address (street, lieu-dit,
   directions) by « [adresse] »; their phone numbers, NIR and birth date in any written form. Names of the
   other persons followed are replaced where they are written as a name (civility or first name beside
   them, or in capitals).
2. **Detect** what may still identify someone, for the coordinator to look at before anything leaves:
   phone numbers (phonenumbers' matcher), e-mail addresses, NIR (python-stdnum), full dates more than a
   year before the document, the surnames of persons followed, and capitalised words that are common
   French first names or surnames (the lists Faker ships for fr_FR, fr_BE, fr_CH, fr_CA and fr_QC).
   Professionals named by the meeting itself (participants, référents, responsables) are the partners and
   stay named.

Weak name parts (particles and common French words: « Le », « de », « Vu », « Claire ») are replaced
only where they are written as a name: beside another part of the same name, after a civility, in
capitals, or capitalised inside a sentence; strong parts (« Rouquette », « Ly ») are replaced everywhere.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from coordinateur.documents.rendus import Document
from coordinateur.errors import ValidationError

CODE = re.compile(r"S-\d{4,}")
MARQUES = {
    "proche": "[proche]",
    "adresse": "[adresse]",
    "telephone": "[téléphone]",
    "email": "[e-mail]",
    "nir": "[NIR]",
    "naissance": "[date de naissance]",
    "personne": "[personne suivie]",
}
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
TITRES = frozenset({"dr", "pr", "docteur", "professeur", "me", "maitre"})  # a professional follows
ABREVIATIONS = CIVILITES | TITRES | {"st", "ste"}
# Common French words that are also names or parts of addresses: replaced only where written as a name.
MOTS_COURANTS = PARTICULES | _liste(
    """a à au aux et en un une sur sous par pour avec sans chez dans vers entre est sont il elle ils elles on
    se sa son ses ce ces cet cette qui que quoi dont mais ne pas plus bien tout tous toute toutes vu su lu bu
    eu pu mis pris dit fait non oui si car or ni donc puis lui leur leurs nous vous je tu me te y
    rue route chemin impasse allée allee avenue boulevard place quai cours lieu lieudit hameau lotissement
    résidence residence village bourg domaine mas ferme moulin pont côte cote montée montee passage sentier
    voie faubourg square parc cité cite bâtiment batiment bat appartement appt étage etage porte escalier
    maison après apres avant droite gauche face haut bas haute basse grand grande petit petite vieux vieille
    neuf neuve nord sud est ouest premier première deuxième fond bout entrée entree derrière devant près pres
    blanc blanche noir noire rouge vert verte roux rousse brun brune gros grosse long longue beau belle bon
    bonne fort forte jeune claire clair rose pierre olive fleur marine reine france aimé aimée prudence
    constance patience victoire martin roche vigne bois lac mont val fontaine prat mère mere père pere fils
    fille frère frere soeur sœur oncle tante neveu nièce niece voisin voisine ami amie dame monsieur
    bis ter"""
)
JOINT = re.compile(r"[\s\-‐‑'’]{1,3}")
JOINT_CIVILITE = re.compile(r"\.?\s{1,2}")
FIN_DE_PHRASE = re.compile(r"[.!?:;\n•]")
MOT = re.compile(r"[^\W_]+")

MOIS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
DATE_CHIFFRES = re.compile(
    r"(?<![\d/.\-])(\d{1,2})\s?([/.\-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d/.\-]\d)"
)
DATE_ESPACES = re.compile(r"(?<!\d)(\d{1,2}) (\d{1,2}) (\d{4})(?!\d)")
DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
DATE_LETTRES = re.compile(
    r"(?<!\w)(1\s?er|\d{1,2})\s+(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre"
    r"|novembre|d[ée]cembre)\s+(\d{4})(?!\d)",
    re.IGNORECASE,
)
NIR_FORME = re.compile(
    r"(?<![\w])[12][\s.]?\d{2}[\s.]?\d{2}[\s.]?(?:\d{2}|2[ABab])[\s.]?\d{3}[\s.]?\d{3}(?:[\s.]?\d{2})?(?![\w])"
)
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def mots(texte: str) -> list[str]:
    return [cle(m.group(0)) for m in MOT.finditer(texte)]


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


@dataclass(frozen=True)
class Suspicion:
    """A passage that may still identify someone, as it would leave."""

    texte: str
    motif: str
    ou: str
    extrait: str = ""

    @property
    def cle(self) -> str:
        return f"{self.motif} : {self.texte}"

    def libelle(self) -> str:
        return f"« {self.texte} » — {self.motif} ({self.ou})"


class SuspicionsNonConfirmees(ValidationError):
    """Raised by exports when what would leave still holds unconfirmed suspicions. The message lists them
    for the coordinator; `resume` says only how many, for logs."""

    def __init__(self, suspicions: list[Suspicion]) -> None:
        self.suspicions = suspicions
        lines = "\n".join(f"  - {s.libelle()}" for s in suspicions)
        super().__init__(
            f"Ce document pour les partenaires contient {len(suspicions)} passage(s) qui peuvent encore "
            f"identifier quelqu'un :\n{lines}\nModifiez la réunion, ou confirmez qu'ils peuvent partir "
            "(--confirme en ligne de commande, « Confirmer » dans l'aperçu)."
        )
        self.resume = f"{len(suspicions)} passage(s) à confirmer avant un export pour les partenaires"


@dataclass
class _Identite:
    remplacement: str
    motif: str  # key of MOTIFS_REMPLACEMENT
    priorite: int  # the lower wins when a word belongs to several identities
    forts: set[str] = field(default_factory=set)
    faibles: set[str] = field(default_factory=set)
    personne: bool = True  # a person's name (civility and capitals rules apply), not an address


@dataclass
class _AutrePersonne:
    noms: set[str]
    prenoms: set[str]


@dataclass
class _Jeton:
    debut: int
    fin: int
    brut: str
    cle: str
    identite: _Identite | None = None
    protege: bool = False  # part of a partner's full name (a professional named by the document)


class Caviardage:
    """Replaces and detects, one text at a time; counts what it replaced and keeps what it suspects."""

    def __init__(self, *, reference: date | None = None) -> None:
        self.reference = reference or date.today()
        self._identites: list[_Identite] = []
        self._forts: dict[str, list[_Identite]] = {}
        self._faibles: dict[str, list[_Identite]] = {}
        self._autres_noms: dict[str, list[_AutrePersonne]] = {}
        self._telephones: dict[str, str] = {}  # E.164 → mark
        self._emails: set[str] = set()
        self._nirs: set[str] = set()
        self._naissances: set[date] = set()
        self._permis: set[str] = set()
        self._phrases: dict[str, list[tuple[str, ...]]] = {}  # partners' full names, by first word
        self._telephones_permis: set[str] = set()
        self._emails_permis: set[str] = set()
        self.remplacements: Counter[str] = Counter()
        self.suspicions: list[Suspicion] = []

    # -- what is known ----------------------------------------------------------------------------------

    def _identite(self, identite: _Identite, *textes: str) -> None:
        for texte in textes:
            for word in mots(texte):
                if (word.isdigit() and identite.personne) or word in CIVILITES or word in TITRES:
                    continue
                if word in MOTS_COURANTS or word.isdigit() or (not identite.personne and len(word) < 3):
                    identite.faibles.add(word)
                else:
                    identite.forts.add(word)
        identite.faibles -= identite.forts
        if not identite.forts and not identite.faibles:
            return
        self._identites.append(identite)
        for word in identite.forts:
            self._forts.setdefault(word, []).append(identite)
        for word in identite.faibles:
            self._faibles.setdefault(word, []).append(identite)

    def ajoute_personne(self, dossier: object, code: str) -> None:
        """A person concerned by the document: every name, her contacts, care circle, address, phones,
        NIR and birth date. `dossier` is a personnes.dossier.Dossier."""
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
            if not _organisme(name):
                self._identite(_Identite(MARQUES["proche"], "proche", 1), name)
            for key in ("telephone", "telephone2"):
                self._telephone(str(contact.get(key) or ""), "telephone")
        for membre in getattr(d, "cercle", []) or []:
            if not membre.get("annuaire_id") and not _organisme(str(membre.get("nom") or "")):
                self._identite(_Identite(MARQUES["proche"], "proche", 1), str(membre.get("nom") or ""))
                self._telephone(str(membre.get("telephone") or ""), "telephone")
        commune = _commune(getattr(d, "commune_code", ""))
        address = _Identite(MARQUES["adresse"], "adresse", 2, personne=False)
        self._identite(address, getattr(d, "adresse", ""), getattr(d, "complement", ""))
        address.forts -= commune
        for word in commune:
            if address in self._forts.get(word, []):
                self._forts[word].remove(address)
        self._telephone(getattr(d, "telephone", ""), "telephone")
        nir = re.sub(r"[\s.]", "", getattr(d, "nir", "") or "").upper()
        if nir:
            self._nirs.add(nir[:13])
        born = getattr(d, "date_naissance", "")
        if born:
            self._naissances.add(date.fromisoformat(born))

    def ajoute_autre_personne(self, nom_naissance: str, nom_usage: str, prenoms: str) -> None:
        """Another person followed: replaced where written as a name, suspected where capitalised alone."""
        other = _AutrePersonne(
            {w for w in mots(f"{nom_naissance} {nom_usage}") if w not in PARTICULES and len(w) >= 2},
            {w for w in mots(prenoms) if len(w) >= 2},
        )
        for word in other.noms:
            self._autres_noms.setdefault(word, []).append(other)

    def permet(self, *textes: str) -> None:
        """Names, phones and e-mails of the partners (professionals named by the document): never suspected."""
        for texte in textes:
            words = tuple(w for w in mots(texte) if w not in CIVILITES and w not in TITRES)
            self._permis.update(words)
            if 2 <= len(words) <= 6:
                self._phrases.setdefault(words[0], []).append(words)
            for match in EMAIL.finditer(texte):
                self._emails_permis.add(match.group(0).lower())
            e164 = _e164(texte)
            if e164:
                self._telephones_permis.add(e164)

    def permet_telephones(self, numeros: Iterable[str]) -> None:
        self._telephones_permis.update(n for n in (_e164(x) for x in numeros) if n)

    def _telephone(self, numero: str, motif: str) -> None:
        e164 = _e164(numero)
        if e164:
            self._telephones[e164] = motif

    # -- one text ---------------------------------------------------------------------------------------

    def __call__(self, texte: str, ou: str = "") -> str:
        return self.texte(texte, ou)

    def texte(self, texte: str, ou: str = "") -> str:
        """The text as it may leave; what may still identify someone is added to `suspicions`."""
        if not texte:
            return texte
        out = EMAIL.sub(lambda m: self._email(m, ou, m.string), texte)
        out = self._noms(out, ou)
        out = self._numeros(out, ou)
        self._noms_courants(out, ou)
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

    def _suspecte(self, texte: str, motif: str, ou: str, source: str, debut: int, fin: int) -> None:
        extrait = source[max(0, debut - 30) : fin + 30].replace("\n", " ")
        suspicion = Suspicion(texte.strip(" ()[]\t\n"), motif, ou or "document", extrait)
        if all(s.cle != suspicion.cle for s in self.suspicions):
            self.suspicions.append(suspicion)

    def _noms(self, texte: str, ou: str) -> str:
        jetons = [_Jeton(m.start(), m.end(), m.group(0), cle(m.group(0))) for m in MOT.finditer(texte)]
        if not jetons:
            return texte
        self._protege(texte, jetons)
        for n, j in enumerate(jetons):
            found = self._forts.get(j.cle)
            if found and not j.protege:
                identite = min(found, key=lambda i: i.priorite)
                if identite.motif != "proche" or not _apres_titre(jetons, n):  # Dr Jean Martin: a partner
                    j.identite = identite
        changed = True
        while changed:
            changed = False
            for n, j in enumerate(jetons):
                if j.identite is not None or j.protege or j.cle not in self._faibles:
                    continue
                for identite in sorted(self._faibles[j.cle], key=lambda i: i.priorite):
                    if self._faible_nomme(texte, jetons, n, identite):
                        j.identite = identite
                        changed = True
                        break
        self._autres(texte, jetons, ou)
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

    def _protege(self, texte: str, jetons: list[_Jeton]) -> None:
        """Partners' full names stay, unless every word of one is a name of the same person concerned."""
        for n, j in enumerate(jetons):
            for phrase in self._phrases.get(j.cle, ()):
                run = jetons[n : n + len(phrase)]
                if len(run) != len(phrase) or any(t.cle != w for t, w in zip(run, phrase, strict=True)):
                    continue
                if not all(JOINT.fullmatch(texte[a.fin : b.debut]) for a, b in itertools.pairwise(run)):
                    continue
                owners = [
                    {id(i) for i in self._forts.get(t.cle, []) + self._faibles.get(t.cle, [])} for t in run
                ]
                if not set.intersection(*owners):
                    for t in run:
                        t.protege = True

    def _faible_nomme(self, texte: str, jetons: list[_Jeton], n: int, identite: _Identite) -> bool:
        """Is this weak word written as part of that identity's name here?"""
        j = jetons[n]
        for k in (n - 1, n + 1):
            if 0 <= k < len(jetons) and jetons[k].identite is identite:
                between = texte[min(j.fin, jetons[k].fin) : max(j.debut, jetons[k].debut)]
                if JOINT.fullmatch(between):
                    return True
        if not identite.personne:
            return False
        if (
            n > 0
            and jetons[n - 1].cle in CIVILITES
            and JOINT_CIVILITE.fullmatch(texte[jetons[n - 1].fin : j.debut])
        ):
            return True
        if len(j.brut) >= 2 and j.brut.isupper():
            return True
        return j.brut[:1].isupper() and not _debut_de_phrase(texte, jetons, n)

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
                if j.brut[:1].isupper() and j.cle not in self._permis and not _apres_titre(jetons, n):
                    self._suspecte(j.brut, "nom d'une personne suivie", ou, texte, j.debut, j.fin)

    def _numeros(self, texte: str, ou: str) -> str:
        import phonenumbers

        pieces = []
        cursor = 0
        for match in phonenumbers.PhoneNumberMatcher(texte, "FR", leniency=phonenumbers.Leniency.VALID):
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            if e164 in self._telephones:
                opening = "(" if match.raw_string.startswith("(") and ")" not in match.raw_string else ""
                pieces += [texte[cursor : match.start], opening + MARQUES["telephone"]]
                cursor = match.end
                self.remplacements["telephone"] += 1
            elif e164 not in self._telephones_permis:
                self._suspecte(match.raw_string, "numéro de téléphone", ou, texte, match.start, match.end)
        texte = "".join([*pieces, texte[cursor:]])
        texte = NIR_FORME.sub(lambda m: self._nir(m, ou, m.string), texte)
        for pattern in (DATE_LETTRES, DATE_ISO, DATE_CHIFFRES, DATE_ESPACES):
            texte = pattern.sub(lambda m, p=pattern: self._date(m, p, ou, m.string), texte)  # type: ignore[misc]
        return texte

    def _nir(self, match: re.Match[str], ou: str, source: str) -> str:
        from stdnum.fr import nir

        compact = re.sub(r"[\s.]", "", match.group(0)).upper()
        if compact[:13] in self._nirs:
            self.remplacements["nir"] += 1
            return MARQUES["nir"]
        if len(compact) in (13, 15) or nir.is_valid(compact):
            self._suspecte(
                match.group(0), "NIR (numéro de sécurité sociale)", ou, source, match.start(), match.end()
            )
        return match.group(0)

    def _email(self, match: re.Match[str], ou: str, source: str) -> str:
        address = match.group(0).lower()
        named = any(
            w in self._forts and any(i.personne for i in self._forts[w]) for w in mots(address.split("@")[0])
        )
        if address in self._emails or (named and address not in self._emails_permis):
            self.remplacements["email"] += 1
            return MARQUES["email"]
        if address not in self._emails_permis and not address.endswith(".invalid"):
            self._suspecte(match.group(0), "adresse e-mail", ou, source, match.start(), match.end())
        return match.group(0)

    def _date(self, match: re.Match[str], pattern: re.Pattern[str], ou: str, source: str) -> str:
        day = _lit_date(match, pattern)
        if day is None:
            return match.group(0)
        short_year = pattern is DATE_CHIFFRES and len(match.group(4)) == 2
        for born in self._naissances:
            if (day.day, day.month) == (born.day, born.month) and (
                day.year == born.year or (short_year and day.year % 100 == born.year % 100)
            ):
                self.remplacements["naissance"] += 1
                return MARQUES["naissance"]
        if day < self.reference - timedelta(days=365):
            self._suspecte(match.group(0), "date complète ancienne (date de naissance ?)", ou, source,
                           match.start(), match.end())  # fmt: skip
        return match.group(0)

    def _noms_courants(self, texte: str, ou: str) -> None:
        common = noms_courants()
        jetons = [_Jeton(m.start(), m.end(), m.group(0), cle(m.group(0))) for m in MOT.finditer(texte)]
        already = {s.texte for s in self.suspicions if s.ou == (ou or "document")}
        for n, j in enumerate(jetons):
            if not j.brut[:1].isupper() or j.cle not in common or j.cle in self._permis or j.brut in already:
                continue
            if j.cle in MOTS_COURANTS and (_debut_de_phrase(texte, jetons, n) or not j.brut[1:].islower()):
                continue
            if REMPLACEMENT.fullmatch(texte[max(0, j.debut - 1) : j.fin + 1]):
                continue
            if n > 0 and jetons[n - 1].cle in ("saint", "sainte", "st", "ste"):
                continue  # a place: Saint-Martin
            if _apres_titre(jetons, n):
                continue  # Dr Martin: a professional, a partner
            self._suspecte(j.brut, "prénom ou nom de famille courant", ou, texte, j.debut, j.fin)


def _debut_de_phrase(texte: str, jetons: list[_Jeton], n: int) -> bool:
    if n == 0:
        return not texte[: jetons[0].debut].strip(' \t"«(-–—')
    before = texte[jetons[n - 1].fin : jetons[n].debut]
    if jetons[n - 1].cle in ABREVIATIONS and before.startswith(".") and "\n" not in before:
        return False
    return bool(FIN_DE_PHRASE.search(before))


def _apres_titre(jetons: list[_Jeton], n: int) -> bool:
    """Dr Jean Martin, Dr Martin: the word follows a professional title (one first name between)."""
    return any(n - k >= 0 and jetons[n - k].cle in TITRES for k in (1, 2))


def _organisme(nom: str) -> bool:
    """A contact that is an organisation (a guardianship association, a service), not a private person."""
    words = set(mots(nom))
    return bool(words & {"udaf", "ati", "atiaveyron", "association", "service", "mjpm", "mandataire", "ccas",
                         "tutelle", "tutelaire", "conseil", "departement", "departemental", "centre", "hopital"})  # fmt: skip


def _commune(code: str) -> set[str]:
    if not code:
        return set()
    from coordinateur.referentiels.cog import referentiel

    commune = referentiel().commune(code)
    return set(mots(commune.nom)) if commune else set()


def _e164(numero: str) -> str:
    if not numero or not any(ch.isdigit() for ch in numero):
        return ""
    from coordinateur.referentiels.telephone import normalise_telephone

    verdict = normalise_telephone(numero)
    return verdict.valeur if verdict.ok else ""


def _lit_date(match: re.Match[str], pattern: re.Pattern[str]) -> date | None:
    try:
        if pattern is DATE_ISO:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if pattern is DATE_LETTRES:
            day = 1 if match.group(1).replace(" ", "").lower() == "1er" else int(match.group(1))
            return date(int(match.group(3)), MOIS[cle(match.group(2))], day)
        if pattern is DATE_CHIFFRES:
            year = int(match.group(4))
            if len(match.group(4)) == 2:  # 26 is 2026 and 33 is 1933, seen from 2026
                year += 2000 if 2000 + year <= date.today().year + 10 else 1900
            return date(year, int(match.group(3)), int(match.group(1)))
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
