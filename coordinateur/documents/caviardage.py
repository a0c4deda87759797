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

`Caviardage` reads one text or a whole document; it builds on what is known (`connus`: the persons'
identities, phones, NIR, birth dates, the partners) and reads in two layers, names (`noms`) then phones,
NIR, dates and e-mails (`numeros`). What it reports is in `suspicions`, its words and patterns in `lexique`.
"""

from __future__ import annotations

from dataclasses import replace

from coordinateur.documents.lexique import propre
from coordinateur.documents.noms import Noms
from coordinateur.documents.numeros import Numeros
from coordinateur.documents.rendus import Document


class Caviardage(Noms, Numeros):
    """Replaces and detects, one text at a time; counts what it replaced and keeps what it suspects."""

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
