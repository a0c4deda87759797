"""Persons from a spreadsheet (CSV or XLSX): `coordinateur personnes import FICHIER [--simulation]`.

Built like the directory's import: the same bounded readers (`annuaire/imports/tableur.py`), columns
recognised by their headers, every line checked by the dossier's own rules, everything in one transaction,
and a report that says what happened to each line. A person already recorded (same NIR, or same name,
first name and birth date) is left as it is: an import creates, it never overwrites a dossier.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy import select

from coordinateur.annuaire.imports.base import ImportError_, Rapport, lit_borne
from coordinateur.annuaire.imports.tableur import Tableau, commune_des_valeurs, lit_csv, lit_xlsx
from coordinateur.personnes.dossier import Dossier, controle
from coordinateur.personnes.models import Personne
from coordinateur.personnes.service import ecrit_dossier
from coordinateur.store import Store
from coordinateur.text import compte, fold, lit_date

# Our fields and the header spellings recognised (folded).
COLONNES: dict[str, tuple[str, ...]] = {
    "civilite": ("civilite", "titre"),
    "nom_naissance": ("nom", "nom de naissance", "nom de famille", "nom patronymique"),
    "nom_usage": ("nom d usage", "nom marital", "nom usuel", "nom d epouse"),
    "prenoms_naissance": ("prenom", "prenoms", "prenoms de naissance", "prenom de naissance"),
    "prenom_usage": ("prenom d usage", "prenom usuel"),
    "date_naissance": ("date de naissance", "naissance", "ne e le", "ne le", "date naissance", "ddn"),
    "sexe": ("sexe", "genre"),
    "lieu_naissance": ("lieu de naissance",),
    "nir": ("nir", "n de securite sociale", "numero de securite sociale", "securite sociale", "n ss", "nss"),
    "adresse": ("adresse", "rue", "voie", "adresse postale"),
    "complement": ("complement", "complement d adresse", "adresse 2"),
    "code_postal": ("code postal", "cp"),
    "commune": ("commune", "ville", "localite"),
    "commune_code": ("code insee", "insee", "code commune"),
    "telephone": ("telephone", "tel", "portable", "telephone fixe", "mobile"),
    "langues": ("langues", "langue", "langues parlees"),
    "situation_familiale": ("situation familiale",),
    "vit_seul": ("vit seul", "vit seule", "vit seul e", "isole", "isolee"),
    "gir": ("gir",),
}
LIBELLES = {
    "civilite": "Civilité", "nom_naissance": "Nom de naissance", "nom_usage": "Nom d'usage",
    "prenoms_naissance": "Prénoms", "prenom_usage": "Prénom d'usage", "date_naissance": "Date de naissance",
    "sexe": "Sexe", "lieu_naissance": "Lieu de naissance", "nir": "N° de sécurité sociale", "adresse": "Adresse",
    "complement": "Complément", "code_postal": "Code postal", "commune": "Commune", "commune_code": "Code INSEE",
    "telephone": "Téléphone", "langues": "Langues", "situation_familiale": "Situation familiale",
    "vit_seul": "Vit seul(e)", "gir": "GIR",
}  # fmt: skip
_SEXES = {"f": "F", "femme": "F", "feminin": "F", "m": "M", "h": "M", "homme": "M", "masculin": "M"}
_CIVILITES = {"mme": "Mme", "madame": "Mme", "mlle": "Mme", "m": "M.", "monsieur": "M.", "mr": "M."}
_OUI = {"oui", "o", "x", "1", "vrai", "yes"}
_NON = {"non", "n", "0", "faux", "no"}


class RapportPersonnes(Rapport):
    """The directory import's report, in the words of persons."""

    def resume(self) -> str:
        parts = [
            compte(len(self.crees), "personne créée", "personnes créées"),
            compte(len(self.inchangees), "déjà enregistrée", "déjà enregistrées"),
            compte(len(self.refusees), "ligne refusée", "lignes refusées"),
        ]
        return ("Simulation : " if self.simulation else "") + ", ".join(parts) + "."


def correspondance(entetes: list[str]) -> dict[str, str]:
    """{our field: their header} for every header recognised."""
    found: dict[str, str] = {}
    for header in entetes:
        folded = " ".join(fold(header).replace("°", " ").split())  # « N° SS » as « n ss »
        for champ, spellings in COLONNES.items():
            if champ not in found and folded in spellings:
                found[champ] = header
                break
    return found


def lit_tableau(path: Path) -> Tableau:
    """The file's first sheet or its CSV, read within the directory import's bounds."""
    path = Path(path)
    if not path.exists():
        raise ImportError_(f"Fichier introuvable : {path}.")
    if not path.is_file():
        raise ImportError_(f"{path.name} n'est pas un fichier ordinaire : rien n'a été importé.")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return lit_xlsx(path)
    if suffix in (".csv", ".txt", ""):
        return lit_csv(lit_borne(path, "csv"))
    raise ImportError_(f"{path.name} : un import de personnes lit un tableur CSV ou XLSX.")


def _dossier(values: dict[str, str]) -> tuple[Dossier | None, str, list[str]]:
    """The dossier a row describes, or why it is refused; and what is worth a warning."""
    warnings: list[str] = []
    birth = values.get("date_naissance", "")
    if birth:
        try:  # a spreadsheet's date is read strictly: « 12/04 » is not taken for this year
            birth = lit_date(birth.split(" ")[0]).isoformat()
        except ValueError:
            return None, f"date de naissance « {birth} » illisible (attendu : 12/04/1937 ou 1937-04-12)", []
    sexe = values.get("sexe", "")
    if sexe and fold(sexe) not in _SEXES:
        return None, f"sexe « {sexe} » non reconnu (F ou M)", []
    vit_seul: bool | None = None
    if values.get("vit_seul"):
        answer = fold(values["vit_seul"])
        vit_seul = True if answer in _OUI else False if answer in _NON else None
        if vit_seul is None:
            warnings.append(f"« Vit seul(e) » : « {values['vit_seul']} » non compris, laissé non renseigné")
    gir: int | None = None
    if values.get("gir"):
        text = values["gir"].upper().removeprefix("GIR").strip()
        if not text.isdigit():
            return None, f"GIR « {values['gir']} » illisible (un nombre de 1 à 6)", []
        gir = int(text)
    commune_code, commune_problem = commune_des_valeurs(values, [])
    if commune_problem:
        warnings.append(commune_problem[0].upper() + commune_problem[1:] + " : commune laissée vide")
    civilite = _CIVILITES.get(fold(values.get("civilite", "")), "")
    dossier = Dossier(
        civilite=civilite, nom_naissance=values.get("nom_naissance", ""), nom_usage=values.get("nom_usage", ""),
        prenoms_naissance=values.get("prenoms_naissance", ""), prenom_usage=values.get("prenom_usage", ""),
        date_naissance=birth, sexe=_SEXES.get(fold(sexe), ""), lieu_naissance=values.get("lieu_naissance", ""),
        nir=values.get("nir", "").replace(" ", ""), adresse=values.get("adresse", ""),
        complement=values.get("complement", ""), code_postal=values.get("code_postal", ""),
        commune_code=commune_code, telephone=values.get("telephone", ""), langues=values.get("langues", ""),
        situation_familiale=values.get("situation_familiale", ""), vit_seul=vit_seul, gir=gir,
    )  # fmt: skip
    checked, problemes = controle(dossier)
    errors = [p.message for p in problemes if p.bloquant]
    if errors:
        return None, " ; ".join(errors), warnings
    return checked, "", warnings + [p.message for p in problemes]


def _cle(nom: str, prenom: str, naissance: str) -> str:
    return f"{fold(nom)}|{fold(prenom.split(' ')[0] if prenom else '')}|{naissance}"


def importe_personnes(store: Store, path: Path, *, simulation: bool = False) -> Rapport:
    """Create the persons the spreadsheet lists, in one transaction (none when `simulation`), and say
    what happened to each line."""
    path = Path(path)
    tableau = lit_tableau(path)
    columns = correspondance(tableau.entetes)
    if "nom_naissance" not in columns and "nom_usage" not in columns:
        raise ImportError_(
            f"{path.name} : aucune colonne « Nom » (ou « Nom de naissance ») ; colonnes lues : "
            + ", ".join(h for h in tableau.entetes if h)
            + "."
        )
    rapport = RapportPersonnes(source=f"{path.name} ({'classeur Excel' if path.suffix.lower() == '.xlsx' else 'CSV'})",
                      simulation=simulation, notes=list(tableau.notes))  # fmt: skip
    recognised = ", ".join(f"{LIBELLES[c]} ← « {h} »" for c, h in columns.items())
    rapport.notes.insert(0, f"Colonnes reconnues : {recognised}.")
    ignored = [h for h in tableau.entetes if h and h not in columns.values()]
    if ignored:
        rapport.notes.insert(1, "Colonnes ignorées : " + ", ".join(f"« {h} »" for h in ignored) + ".")
    positions = {champ: tableau.entetes.index(header) for champ, header in columns.items()}

    class _Simulation(Exception):
        pass

    try:
        with store.write() as session:
            by_nir: dict[str, str] = {}
            by_name: dict[str, str] = {}
            for record in session.scalars(select(Personne).where(~Personne.deleted)):
                if record.nir:
                    by_nir[record.nir] = record.id
                for nom in {record.nom_naissance, record.nom_usage} - {""}:
                    by_name[
                        _cle(nom, record.prenom_usage or record.prenoms_naissance, record.date_naissance)
                    ] = record.id
            for number, row in tableau.lignes:
                rapport.lues += 1
                values = {c: (row[p].strip() if p < len(row) else "") for c, p in positions.items()}
                dossier, why, warnings = _dossier(values)
                rapport.avertissements += [(number, w) for w in warnings]
                if dossier is None:
                    rapport.refusees.append((number, why))
                    continue
                names = {dossier.nom_naissance, dossier.nom_usage} - {""}
                keys = [_cle(n, dossier.prenom_usage or dossier.prenoms_naissance, dossier.date_naissance)
                        for n in names]  # fmt: skip
                if (dossier.nir and dossier.nir in by_nir) or any(k in by_name for k in keys):
                    rapport.inchangees.append(number)
                    rapport.avertissements.append(
                        (number, "déjà enregistrée (même NIR, ou mêmes nom, prénom et date de naissance) : laissée telle quelle")
                    )  # fmt: skip
                    continue
                person_id = ecrit_dossier(session, store, dataclasses.replace(dossier),
                                          resume=f"Dossier créé par l'import de {path.name}")  # fmt: skip
                rapport.crees.append(number)
                if dossier.nir:
                    by_nir[dossier.nir] = person_id
                by_name.update(dict.fromkeys(keys, person_id))
            if rapport.crees:
                store.audit(session, "import", "personne", None, f"{rapport.source} : {rapport.resume()}")
            if simulation:
                raise _Simulation()
    except _Simulation:
        pass
    return rapport
