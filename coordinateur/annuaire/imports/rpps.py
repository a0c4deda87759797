"""The RPPS open extract "PS_LibreAcces_Personne_activite" (zip or txt), streamed and filtered.

One line per activity; columns are read by header name (formats.md). Lines outside the chosen
départements are skipped at csv.reader speed; the few thousand kept are grouped per professional.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.imports.base import ImportError_, LigneImport, Rapport
from coordinateur.annuaire.listes import professions

COL_TYPE = "Type d'identifiant PP"
COL_ID = "Identifiant PP"
COL_DEPT = "Code département (coord. structure)"
COL_COMMUNE = "Code commune (coord. structure)"
REQUIRED = (
    COL_TYPE, COL_ID, "Nom d'exercice", "Prénom d'exercice", "Code profession", "Code commune (coord. structure)",
)  # fmt: skip
OPTIONAL = (
    "Libellé civilité exercice", "Code civilité", "Libellé savoir-faire", "Code mode exercice", "Numéro FINESS site",
    "Raison sociale site", "Enseigne commerciale site", "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)", "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. Structure)", "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)", "Mention distribution (coord. structure)", "Code postal (coord. structure)",
    "Téléphone (coord. structure)", "Téléphone 2 (coord. structure)", "Télécopie (coord. structure)",
    "Adresse e-mail (coord. structure)", COL_DEPT,
)  # fmt: skip
_DATE_IN_NAME = re.compile(r"(20\d{2})(\d{2})(\d{2})\d{0,4}")


@contextmanager
def ouvre(path: Path) -> Iterator[IO[str]]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if "Personne_activite" in n and n.lower().endswith(".txt")]
            if not names:
                raise ImportError_(
                    f"L'archive {path.name} ne contient pas de fichier PS_LibreAcces_Personne_activite."
                )
            with archive.open(names[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
    else:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            yield handle


def date_extraction(path: Path) -> str:
    match = _DATE_IN_NAME.search(path.name)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        except ValueError:
            pass
    return date.today().isoformat()


def _proper(name: str) -> str:
    """ "DUPONT-MARTIN" → "Dupont-Martin", "LE GALL" → "Le Gall" (RPPS names come in capitals)."""
    if not name.isupper():
        return name
    return re.sub(r"[A-Za-zÀ-ÿ]+", lambda m: m.group(0).capitalize(), name.lower())


def _in_territory(
    row: list[str], dept_idx: int | None, commune_idx: int, departements: tuple[str, ...]
) -> bool:
    if dept_idx is not None and row[dept_idx]:
        return row[dept_idx] in departements
    code = row[commune_idx]
    return code[:3] in departements or code[:2] in departements


def lignes(
    path: Path,
    departements: list[str],
    rapport: Rapport,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> list[LigneImport]:
    """Read and filter the extract; a damaged or cut archive is refused with a French message."""
    import zlib

    try:
        return _lignes(path, departements, rapport, cancelled=cancelled)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:  # OSError: a seek past a cut end
        raise ImportError_(
            f"L'archive {path.name} est abîmée ou incomplète (téléchargement interrompu ?) : "
            "rien n'a été importé. Téléchargez-la de nouveau."
        ) from exc


def _lignes(
    path: Path,
    departements: list[str],
    rapport: Rapport,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> list[LigneImport]:
    """Read and filter the extract; one LigneImport per professional (first line number kept)."""
    wanted = tuple(d.upper() for d in departements)
    if not wanted:
        raise ImportError_("Indiquez au moins un département pour filtrer l'extraction RPPS.")
    groups: dict[str, tuple[int, list[list[str]]]] = {}
    with ouvre(path) as handle:
        reader = csv.reader(handle, delimiter="|", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if not header:
            raise ImportError_("Le fichier RPPS est vide.")
        header = [h.strip() for h in header]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ImportError_(
                "Colonnes absentes de l'extraction RPPS : " + ", ".join(f"« {c} »" for c in missing) + "."
            )
        col = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
        id_idx, commune_idx, dept_idx = col[COL_ID], col[COL_COMMUNE], col.get(COL_DEPT)
        width = len(header)
        csv.field_size_limit(1 << 20)
        while True:  # a broken line (csv.Error) is refused and reading goes on with the next one
            try:
                _read_rows(reader, groups, rapport, wanted, width, id_idx, commune_idx, dept_idx, cancelled)
                break
            except csv.Error as exc:
                rapport.lues += 1
                rapport.refusees.append((reader.line_num, f"ligne illisible ({exc})"))
    checked = date_extraction(path)
    return [_fiche(number, rows, col, checked, path.name) for number, rows in groups.values()]


def _read_rows(
    reader: Any,
    groups: dict[str, tuple[int, list[list[str]]]],
    rapport: Rapport,
    wanted: tuple[str, ...],
    width: int,
    id_idx: int,
    commune_idx: int,
    dept_idx: int | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    """The hot loop: one test per line for lines outside the territory."""
    for row in reader:
        rapport.lues += 1
        if len(row) < width - 1:  # cut or damaged: its département cannot be trusted, so it is reported
            rapport.refusees.append(
                (reader.line_num, f"ligne incomplète ({len(row)} colonnes au lieu de {width})")
            )
            continue
        if not _in_territory(row, dept_idx, commune_idx, wanted):
            rapport.ignorees += 1
            if cancelled is not None and rapport.ignorees % 50_000 == 0 and cancelled():
                from coordinateur.annuaire.imports.base import ImportAnnule

                raise ImportAnnule()
            continue
        key = row[id_idx]
        if key in groups:
            groups[key][1].append(row)
        else:
            groups[key] = (reader.line_num, [row])


def _fiche(number: int, rows: list[list[str]], col: dict[str, int], checked: str, source: str) -> LigneImport:
    def get(row: list[str], name: str) -> str:
        idx = col.get(name)
        return row[idx].strip() if idx is not None and idx < len(row) else ""

    first = rows[0]
    kind = get(first, COL_TYPE)
    identifier = get(first, COL_ID)
    code = get(first, "Code profession")
    ligne_avert: list[str] = []
    if code not in professions():
        ligne_avert.append(f"profession RPPS {code} inconnue : classée « Autre »")
        code = "AUTRE"
    civ_label = get(first, "Libellé civilité exercice") or get(first, "Code civilité")
    civilite = {"DR": "Dr", "DOCTEUR": "Dr", "PR": "Pr", "PROFESSEUR": "Pr", "MME": "Mme", "MADAME": "Mme", "M": "M.",
                "MONSIEUR": "M."}.get(civ_label.upper().rstrip("."), "")  # fmt: skip
    street = " ".join(
        p for p in (get(first, "Numéro Voie (coord. structure)"), get(first, "Indice répétition voie (coord. Structure)"),
                    get(first, "Libellé type de voie (coord. structure)"), get(first, "Libellé Voie (coord. structure)")) if p
    )  # fmt: skip
    complement = " ".join(
        p for p in (get(first, "Complément destinataire (coord. structure)"),
                    get(first, "Complément point géographique (coord. structure)"),
                    get(first, "Mention distribution (coord. structure)")) if p
    )  # fmt: skip
    phones: list[dict[str, str]] = []
    seen: set[str] = set()
    for row in rows:
        for name, kind_phone in (("Téléphone (coord. structure)", "fixe"), ("Téléphone 2 (coord. structure)", "fixe"),
                                 ("Télécopie (coord. structure)", "fax")):  # fmt: skip
            number_text = get(row, name)
            if number_text and number_text not in seen:
                seen.add(number_text)
                phones.append(
                    {
                        "type": "mobile" if number_text.startswith(("06", "07")) else kind_phone,
                        "numero": number_text,
                    }
                )
    zone = sorted({get(r, COL_COMMUNE) for r in rows if get(r, COL_COMMUNE)})
    fiche = FicheIntervenant(
        civilite=civilite, nom=_proper(get(first, "Nom d'exercice")), prenom=_proper(get(first, "Prénom d'exercice")),
        profession_code=code, specialite=get(first, "Libellé savoir-faire"),
        mode_exercice=get(first, "Code mode exercice") if get(first, "Code mode exercice") in ("L", "S", "B") else "",
        rpps=identifier if kind == "8" else "", adeli=identifier if kind == "0" else "",
        telephones=phones, email=get(first, "Adresse e-mail (coord. structure)"), adresse=street, complement=complement,
        code_postal=get(first, "Code postal (coord. structure)"), commune_code=get(first, COL_COMMUNE),
        zone_communes=zone if len(zone) > 1 else [], source="rpps", source_ref=source, date_verification=checked,
    )  # fmt: skip
    return LigneImport(
        number, fiche, avertissements=ligne_avert, finess_site=get(first, "Numéro FINESS site")
    )
