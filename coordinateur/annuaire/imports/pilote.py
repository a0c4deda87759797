"""One entry point for every directory import: detect the format, read, filter, apply (or simulate)."""

from __future__ import annotations

from pathlib import Path

from coordinateur.annuaire.imports import finess, rpps, tableur, vcard
from coordinateur.annuaire.imports.base import (
    Cancelled,
    ImportError_,
    LigneImport,
    Progress,
    Rapport,
    applique,
    lit_borne,
)
from coordinateur.errors import decrit_erreur_systeme
from coordinateur.referentiels.cog import referentiel
from coordinateur.settings import Settings
from coordinateur.store import Store

FORMATS = ("auto", "csv", "xlsx", "rpps", "finess", "vcard")
LIBELLES_FORMATS = {
    "csv": "tableur CSV", "xlsx": "classeur Excel", "rpps": "extraction RPPS (Annuaire Santé)",
    "finess": "extraction FINESS", "vcard": "cartes de visite (vCard)",
}  # fmt: skip


def detecte_format(path: Path) -> str:
    """From the content first (extracts are often renamed), then the file name."""
    import zipfile

    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise ImportError_(f"Impossible de lire {path.name} : {decrit_erreur_systeme(exc)}.") from exc
    if zipfile.is_zipfile(path):
        if suffix == ".xlsx":
            return "xlsx"
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ImportError_(
                f"L'archive {path.name} est abîmée ou incomplète : elle ne peut pas être lue."
            ) from exc
        if any("Personne_activite" in n for n in names):
            return "rpps"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise ImportError_(f"L'archive {path.name} ne contient pas de fichier reconnu.")
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    if text.startswith("Type d'identifiant PP|"):
        return "rpps"
    if text.lower().startswith("finess;") or text.startswith("structureet;"):
        return "finess"
    if "BEGIN:VCARD" in text.upper()[:200]:
        return "vcard"
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    return "csv"


def departements_du_territoire(settings: Settings) -> list[str]:
    depts = set(settings.territoire_departements)
    for code in settings.territoire_epcis:
        epci = referentiel().epci(code)
        if epci:
            depts.update(epci.departements)
    return sorted(depts)


def lit_tableau(path: Path, format_: str) -> tableur.Tableau:
    try:
        return tableur.lit_xlsx(path) if format_ == "xlsx" else tableur.lit_csv(lit_borne(path, "csv"))
    except OSError as exc:
        raise ImportError_(f"Impossible de lire {path.name} : {decrit_erreur_systeme(exc)}.") from exc


def prepare(
    path: Path,
    format_: str,
    departements: list[str],
    rapport: Rapport,
    *,
    correspondance: dict[str, str] | None = None,
    cancelled: Cancelled | None = None,
) -> list[LigneImport]:
    if format_ == "rpps":
        return rpps.lignes(path, departements, rapport, cancelled=cancelled)
    if format_ == "finess":
        return finess.lignes(path, departements, rapport)
    if format_ == "vcard":
        found = vcard.lignes(lit_borne(path, "vcard"))
        rapport.lues = len(found)
        return found
    tableau = lit_tableau(path, format_)
    rapport.notes += tableau.notes
    mapping = correspondance if correspondance is not None else tableur.devine_correspondance(tableau.entetes)
    found = list(tableur.lignes(tableau, mapping, departements=departements))
    rapport.lues = len(found)
    return found


def importe(
    store: Store,
    path: Path,
    *,
    format_: str = "auto",
    departements: list[str] | None = None,
    correspondance: dict[str, str] | None = None,
    simulation: bool = False,
    on_progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Rapport:
    """Import `path` into the directory in one transaction; the report says what happened to each line."""
    path = Path(path)
    if not path.exists():
        raise ImportError_(f"Fichier introuvable : {path}.")
    if not path.is_file():  # a folder, a FIFO, a device: reading it would hang or mean nothing
        raise ImportError_(f"{path.name} n'est pas un fichier ordinaire : rien n'a été importé.")
    if format_ == "auto":
        format_ = detecte_format(path)
    if format_ not in LIBELLES_FORMATS:
        raise ImportError_(f"Format inconnu : {format_}.")
    rapport = Rapport(source=f"{path.name} ({LIBELLES_FORMATS[format_]})")
    found = prepare(
        path, format_, departements or [], rapport, correspondance=correspondance, cancelled=cancelled
    )
    return applique(
        store,
        found,
        rapport,
        simulation=simulation,
        on_progress=on_progress,
        cancelled=cancelled,
        total=len(found),
    )
