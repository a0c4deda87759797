"""Partners' spreadsheets: CSV (any encoding, `;` `,` or tab) and XLSX, through a column mapping.

The mapping says which of their columns feeds which of our fields; it is guessed from the headers and
can be corrected by the user (the UI remembers it per source). Each data row becomes a fiche.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coordinateur.annuaire.fiches import Fiche, FicheIntervenant, FicheStructure
from coordinateur.annuaire.imports.base import (
    LIGNES_MAX,
    TAILLE_MAX,
    XLSX_COLONNES_MAX,
    XLSX_DECOMPRESSE_MAX,
    ImportError_,
    LigneImport,
    mo,
)
from coordinateur.annuaire.listes import professions, types_structure
from coordinateur.errors import decrit_erreur_systeme
from coordinateur.referentiels.cog import referentiel
from coordinateur.text import compte, fold

MAX_CELL = 2000
ENCODINGS = ("utf-8-sig", "cp1252")

# Our fields that a spreadsheet may feed, with the header spellings we recognise (folded).
CHAMPS_IMPORT: dict[str, tuple[str, ...]] = {
    "categorie": ("categorie", "type de fiche", "intervenant ou structure"),
    "civilite": ("civilite", "titre"),
    "nom": ("nom", "nom de famille", "nom d exercice", "raison sociale", "nom structure", "denomination", "structure nom"),
    "prenom": ("prenom", "prenom d exercice"),
    "profession": ("profession", "metier", "fonction", "qualite", "profession ou type", "type", "type de structure", "specialite professionnelle"),
    "specialite": ("specialite", "savoir faire"),
    "structure": ("structure", "structure s", "employeur", "etablissement", "service"),
    "telephone": ("telephone", "tel", "tel fixe", "telephone fixe", "telephones", "telephone 1"),
    "portable": ("portable", "mobile", "tel portable", "telephone portable", "gsm", "telephone 2"),
    "fax": ("fax", "telecopie"),
    "email": ("email", "e mail", "mail", "courriel", "adresse mail", "adresse e mail"),
    "mssante": ("mssante", "messagerie securisee", "adresse mssante"),
    "adresse": ("adresse", "rue", "voie", "adresse postale", "adresse 1"),
    "complement": ("complement", "complement d adresse", "adresse 2"),
    "code_postal": ("code postal", "cp", "code postal commune"),
    "commune": ("commune", "ville", "localite"),
    "commune_code": ("code insee", "insee", "code commune"),
    "rpps": ("rpps", "n rpps", "numero rpps", "identifiant rpps"),
    "adeli": ("adeli", "n adeli", "numero adeli"),
    "finess": ("finess", "n finess", "finess et", "finess etablissement", "numero finess"),
    "siret": ("siret", "n siret"),
    "horaires": ("horaires", "disponibilites", "permanence"),
    "notes": ("notes", "commentaire", "commentaires", "remarques", "observations"),
}  # fmt: skip
LIBELLES_IMPORT = {
    "categorie": "Intervenant ou structure", "civilite": "Civilité", "nom": "Nom", "prenom": "Prénom",
    "profession": "Profession ou type", "specialite": "Spécialité", "structure": "Structure", "telephone": "Téléphone",
    "portable": "Portable", "fax": "Fax", "email": "E-mail", "mssante": "MSSanté", "adresse": "Adresse",
    "complement": "Complément", "code_postal": "Code postal", "commune": "Commune", "commune_code": "Code INSEE",
    "rpps": "RPPS", "adeli": "ADELI", "finess": "FINESS", "siret": "SIRET", "horaires": "Horaires", "notes": "Notes",
}  # fmt: skip

# Common ways professions are written in partners' files.
SYNONYMES_PROFESSION = {
    "ide": "60", "idel": "60", "infirmiere": "60", "infirmier liberal": "60", "infirmiere liberale": "60",
    "medecin generaliste": "10", "generaliste": "10", "medecin traitant": "10", "mg": "10", "docteur": "10",
    "kine": "70", "kinesitherapeute": "70", "masseur kinesitherapeute": "70", "pharmacienne": "21",
    "orthophoniste": "91", "psychologue": "93", "ergotherapeute": "94", "dieteticienne": "96", "podologue": "80",
    "aide a domicile": "AIDE_DOM", "aide menagere": "AIDE_DOM", "auxiliaire de vie": "AUX_VIE", "avs": "AUX_VIE",
    "aide soignante": "AS", "aide soignant": "AS", "assistante sociale": "ASS", "assistant social": "ASS",
    "tuteur": "MJPM", "curateur": "MJPM", "mandataire": "MJPM", "gestionnaire de cas": "GEST_CAS",
    "sage femme": "50", "dentiste": "40", "pompier": "SECOURS", "sapeur pompier": "SECOURS",
}  # fmt: skip
SYNONYMES_TYPE = {"ssiad": "SSIAD", "saad": "SAAD", "ehpad": "EHPAD", "ccas": "CCAS", "cias": "CCAS", "msp": "MSP",
                  "pharmacie": "PHARMA", "had": "HAD", "hopital": "CH", "centre hospitalier": "CH", "dac": "DAC",
                  "cpts": "CPTS", "sdis": "SDIS", "mdph": "MDPH", "association": "ASSO", "spasad": "SPASAD",
                  "accueil de jour": "ADJ", "residence autonomie": "RA", "cabinet infirmier": "CAB_IDE"}  # fmt: skip
STRUCTURE_WORDS = ("structure", "etablissement", "service", "organisme")


@dataclass
class Tableau:
    """A spreadsheet read into memory: its header and rows (with their line numbers in the file)."""

    entetes: list[str]
    lignes: list[tuple[int, list[str]]]
    encodage: str = ""
    separateur: str = ""
    notes: list[str] = field(default_factory=list)

    def apercu(self, n: int = 8) -> list[list[str]]:
        return [row for _num, row in self.lignes[:n]]


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def lit_csv(data: bytes) -> Tableau:
    if not data.strip():
        raise ImportError_("Le fichier est vide.")
    text, encoding = _decode(data)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n" + sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        delimiter = max(";,\t", key=first.count)
    csv.field_size_limit(10_000_000)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    notes: list[str] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip() for cell in row]
                continue
            if len(rows) >= LIGNES_MAX:
                raise ImportError_(
                    f"Le tableur a plus de {compte(LIGNES_MAX, 'ligne')} : découpez-le en plusieurs fichiers."
                )
            if any(len(cell) > MAX_CELL for cell in row):
                notes.append(f"Ligne {line} : une cellule de plus de {MAX_CELL} caractères a été tronquée.")
                row = [cell[:MAX_CELL] for cell in row]
            rows.append((line, row))
    except csv.Error as exc:
        raise ImportError_(f"Le fichier n'est pas un CSV lisible (ligne {reader.line_num} : {exc}).") from exc
    if header is None:
        raise ImportError_("Le fichier ne contient aucune ligne.")
    names = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
    return Tableau(header, rows, encoding, names.get(delimiter, delimiter), notes)


def _xlsx_borne(path: Path) -> None:
    """Refuse a workbook whose content, once uncompressed, would not fit (a zip bomb): the sizes a zip
    declares are the ones zipfile enforces while reading, so checking them is enough."""
    import zipfile

    if path.stat().st_size > TAILLE_MAX["xlsx"]:
        raise ImportError_(
            f"Le classeur {path.name} est trop volumineux : un import accepte au plus {mo(TAILLE_MAX['xlsx'])}."
        )
    with zipfile.ZipFile(path) as archive:
        total = sum(info.file_size for info in archive.infolist())
    if total > XLSX_DECOMPRESSE_MAX:
        raise ImportError_(
            f"Le classeur {path.name} contiendrait {mo(total)} une fois décompressé : un import accepte au plus "
            f"{mo(XLSX_DECOMPRESSE_MAX)} (fichier piégé ou trop grand)."
        )


def lit_xlsx(path: Path) -> Tableau:
    """The first sheet, read in streaming mode: at most XLSX_COLONNES_MAX columns and LIGNES_MAX rows,
    XML through defusedxml (no entities, no DTD)."""
    import zipfile
    import zlib
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook

    refused: tuple[type[BaseException], ...] = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, TypeError,
                                                ParseError, IndexError)  # fmt: skip
    try:
        from defusedxml import DefusedXmlException

        refused += (DefusedXmlException,)
    except ImportError:  # pragma: no cover - a dependency; openpyxl then parses with expat's own limits
        pass
    try:
        from lxml.etree import XMLSyntaxError

        refused += (XMLSyntaxError,)
    except ImportError:  # pragma: no cover
        pass
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    notes: list[str] = []
    try:
        _xlsx_borne(path)
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            for number, values in enumerate(
                sheet.iter_rows(max_col=XLSX_COLONNES_MAX, values_only=True), start=1
            ):
                cells = ["" if v is None else str(v).strip()[:MAX_CELL] for v in values]
                if not any(cells):
                    continue
                if header is None:
                    header = cells
                elif len(rows) >= LIGNES_MAX:
                    raise ImportError_(
                        f"Le classeur {path.name} a plus de {compte(LIGNES_MAX, 'ligne')} : découpez-le en plusieurs fichiers."
                    )
                else:
                    rows.append((number, cells))
            if sheet.max_column and sheet.max_column > XLSX_COLONNES_MAX:
                notes.append(f"Seules les {XLSX_COLONNES_MAX} premières colonnes ont été lues.")
        finally:
            workbook.close()
    except ImportError_:
        raise
    except OSError as exc:
        raise ImportError_(f"Impossible de lire {path.name} : {decrit_erreur_systeme(exc)}.") from exc
    except refused as exc:
        raise ImportError_(
            f"Le fichier {path.name} n'est pas un classeur Excel lisible (abîmé, ou contenant des "
            "constructions XML refusées par prudence)."
        ) from exc
    if header is None:
        raise ImportError_("Le classeur est vide.")
    return Tableau(header, rows, "xlsx", "", notes)


def devine_correspondance(entetes: list[str]) -> dict[str, str]:
    """{our field: their header} for every header we recognise."""
    mapping: dict[str, str] = {}
    for header in entetes:
        folded = fold(header)
        for champ, spellings in CHAMPS_IMPORT.items():
            if champ not in mapping and folded in spellings:
                mapping[champ] = header
                break
    return mapping


def signature(entetes: list[str]) -> str:
    """Identifies a source by its headers, to remember the mapping the user chose for it."""
    return "|".join(sorted(fold(h) for h in entetes if h))


def reconnait_profession(texte: str) -> str | None:
    folded = fold(texte)
    if not folded:
        return None
    for code, profession in professions().items():
        if fold(profession.libelle) == folded or code.lower() == folded:
            return code
    if folded in SYNONYMES_PROFESSION:
        return SYNONYMES_PROFESSION[folded]
    for synonym, code in SYNONYMES_PROFESSION.items():
        if folded.startswith(synonym):
            return code
    for code, profession in professions().items():
        if fold(profession.libelle).startswith(folded) or folded.startswith(fold(profession.libelle)):
            return code
    return None


def reconnait_type(texte: str) -> str | None:
    folded = fold(texte)
    if not folded:
        return None
    for code, kind in types_structure().items():
        if fold(kind.libelle) == folded or code.lower() == folded:
            return code
    for synonym, code in SYNONYMES_TYPE.items():
        if synonym in folded.split() or folded.startswith(synonym):
            return code
    return None


def commune_des_valeurs(values: dict[str, str], departements: list[str]) -> tuple[str, str]:
    """The INSEE code from a row's « Code INSEE », or its postcode and commune name; else why not."""
    ref = referentiel()
    code = values.get("commune_code", "").strip()
    if code:
        return code.upper().zfill(5), ""
    name, postcode = values.get("commune", "").strip(), values.get("code_postal", "").strip()
    if postcode:
        candidates = ref.communes_par_code_postal(postcode.zfill(5))
        if name:
            named = [c for c in candidates if c.nom_plie == fold(name)]
            if named:
                return named[0].code, ""
        if len(candidates) == 1:
            return candidates[0].code, ""
    if name:
        found = ref.cherche_communes(name, limite=2, departements=departements or None)
        if found and found[0].nom_plie == fold(name):
            return found[0].code, ""
        return "", f"commune « {name} » non reconnue"
    return "", ""


def lignes(
    tableau: Tableau, correspondance: dict[str, str], *, departements: list[str] | None = None
) -> Iterator[LigneImport]:
    positions = {
        champ: tableau.entetes.index(h) for champ, h in correspondance.items() if h in tableau.entetes
    }
    if "nom" not in positions:
        raise ImportError_("Indiquez quelle colonne contient le nom (colonne « Nom » introuvable).")
    for number, row in tableau.lignes:
        values = {champ: (row[pos].strip() if pos < len(row) else "") for champ, pos in positions.items()}
        yield _ligne(number, values, departements or [])


def _ligne(number: int, values: dict[str, str], departements: list[str]) -> LigneImport:
    if not values.get("nom"):
        return LigneImport(number, erreur="nom absent")
    categorie = fold(values.get("categorie", ""))
    kind_text = values.get("profession", "")
    is_structure = any(w in categorie for w in STRUCTURE_WORDS) or (
        not categorie
        and not values.get("prenom")
        and reconnait_type(kind_text) is not None
        and reconnait_profession(kind_text) is None
    )
    commune_code, commune_problem = commune_des_valeurs(values, departements)
    phones = [
        phone
        for column, kind in (("telephone", "fixe"), ("portable", "mobile"), ("fax", "fax"))
        for phone in decoupe_telephones(values.get(column, ""), kind)
    ]
    common: dict[str, Any] = {
        "telephones": phones, "email": values.get("email", ""), "mssante": values.get("mssante", ""),
        "adresse": values.get("adresse", ""), "complement": values.get("complement", ""),
        "code_postal": values.get("code_postal", "").zfill(5) if values.get("code_postal") else "",
        "commune_code": commune_code, "horaires": values.get("horaires", ""), "notes": values.get("notes", ""),
        "source": "fichier",
    }  # fmt: skip
    fiche: Fiche
    if is_structure:
        fiche = FicheStructure(nom=values["nom"], type_code=reconnait_type(kind_text) or "AUTRE",
                               finess_et=values.get("finess", ""), siret=values.get("siret", ""), **common)  # fmt: skip
    else:
        fiche = FicheIntervenant(
            civilite=_civilite(values.get("civilite", "")), nom=values["nom"], prenom=values.get("prenom", ""),
            profession_code=reconnait_profession(kind_text) or "AUTRE", specialite=values.get("specialite", ""),
            rpps=values.get("rpps", ""), adeli=values.get("adeli", ""), **common,
        )  # fmt: skip
    ligne = LigneImport(number, fiche)
    if commune_problem:
        ligne.avertissements.append(f"{commune_problem} : fiche importée sans commune.")
    if (
        kind_text
        and (fiche.type_code if isinstance(fiche, FicheStructure) else fiche.profession_code) == "AUTRE"
    ):
        ligne.avertissements.append(f"« {kind_text} » non reconnu : classé « Autre ».")
    return ligne


_PHONE_LABELS = {"portable": "mobile", "port": "mobile", "mobile": "mobile", "gsm": "mobile", "fixe": "fixe",
                 "tel": "fixe", "telephone": "fixe", "fax": "fax", "telecopie": "fax", "autre": "autre"}  # fmt: skip
_PHONE_SPLIT = re.compile(r"\s*(?:;|/|\||,|\bou\b|\bet\b)\s*")
_PHONE_LABEL = re.compile(r"^([A-Za-zÀ-ÿ.]+)\s*:?\s*(?=[+0-9(])")


def decoupe_telephones(text: str, default: str) -> list[dict[str, str]]:
    """ "Portable 06 12 34 56 78 ; Fixe 05 65 …" → typed phones; one number alone keeps the column's type."""
    phones = []
    for part in _PHONE_SPLIT.split(text.strip()):
        if not part:
            continue
        kind = default
        label = _PHONE_LABEL.match(part)
        if label:
            kind = _PHONE_LABELS.get(fold(label.group(1)), default)
            part = part[label.end() :]
        phones.append({"type": kind, "numero": part.strip()})
    return phones


def _civilite(text: str) -> str:
    folded = fold(text)
    return {"mme": "Mme", "madame": "Mme", "m": "M.", "monsieur": "M.", "mr": "M.", "dr": "Dr", "docteur": "Dr",
            "pr": "Pr", "professeur": "Pr"}.get(folded, "")  # fmt: skip
