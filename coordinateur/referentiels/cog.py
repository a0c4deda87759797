"""Communes, départements and EPCI from the shipped COG resource (read-only SQLite, no network).

Name searches ignore accents, ligatures, hyphens, apostrophes and "St/Ste"; former communes (déléguées,
associées) lead to the commune they now belong to, since people still write the old names.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from coordinateur.text import fold
from resources import resource_path

_COMMUNE_COLUMNS = "c.code, c.nom, c.departement, c.codes_postaux, c.population, c.epci, e.nom, c.nom_plie"
_COMMUNE_FROM = "commune c LEFT JOIN epci e ON e.code = c.epci"
_EPCI_JOIN = "LEFT JOIN epci e ON e.code = c.epci"


@dataclass(frozen=True)
class Commune:
    code: str
    nom: str
    departement: str
    codes_postaux: tuple[str, ...]
    population: int | None
    epci_code: str | None
    epci_nom: str | None
    nom_plie: str = ""

    @property
    def code_postal(self) -> str:
        return self.codes_postaux[0] if self.codes_postaux else ""

    def libelle(self) -> str:
        return f"{self.nom} ({self.code_postal or self.departement})"


@dataclass(frozen=True)
class Departement:
    code: str
    nom: str
    region: str

    def libelle(self) -> str:
        return f"{self.code} – {self.nom}"


@dataclass(frozen=True)
class Epci:
    code: str
    nom: str
    type: str
    population: int
    departements: tuple[str, ...]


def _commune(row: tuple) -> Commune:
    return Commune(
        code=row[0],
        nom=row[1],
        departement=row[2],
        codes_postaux=tuple(p for p in row[3].split(",") if p),
        population=row[4],
        epci_code=row[5],
        epci_nom=row[6],
        nom_plie=row[7],
    )


class Referentiel:
    """Lookups in the COG resource. Thread-safe; one shared instance through `referentiel()`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or resource_path("referentiel", "cog.sqlite")
        if not self.path.exists():
            raise FileNotFoundError(f"Référentiel des communes introuvable : {self.path}")
        self._db = sqlite3.connect(
            f"{self.path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        self._mutex = threading.Lock()

    def _rows(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        with self._mutex:
            return self._db.execute(sql, tuple(params)).fetchall()

    # -- communes ---------------------------------------------------------------------------------

    def commune(self, code: str) -> Commune | None:
        rows = self._rows(
            f"SELECT {_COMMUNE_COLUMNS} FROM {_COMMUNE_FROM} WHERE c.code = ?", (code.strip().upper(),)
        )
        return _commune(rows[0]) if rows else None

    def communes(self, codes: Iterable[str]) -> list[Commune]:
        wanted = sorted({c.strip().upper() for c in codes})
        found: list[Commune] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found += [
                _commune(r)
                for r in self._rows(
                    f"SELECT {_COMMUNE_COLUMNS} FROM {_COMMUNE_FROM} WHERE c.code IN ({marks})", chunk
                )
            ]
        return sorted(found, key=lambda c: (c.nom_plie, c.code))

    def communes_par_code_postal(self, code_postal: str) -> list[Commune]:
        rows = self._rows(
            f"SELECT {_COMMUNE_COLUMNS} FROM code_postal p JOIN commune c ON c.code = p.commune {_EPCI_JOIN} "
            "WHERE p.code_postal = ? ORDER BY c.nom_plie",
            (code_postal.strip(),),
        )
        return [_commune(r) for r in rows]

    def communes_departement(self, departement: str) -> list[Commune]:
        rows = self._rows(
            f"SELECT {_COMMUNE_COLUMNS} FROM {_COMMUNE_FROM} WHERE c.departement = ? ORDER BY c.nom_plie",
            (departement.strip().upper(),),
        )
        return [_commune(r) for r in rows]

    def communes_epci(self, epci: str) -> list[Commune]:
        rows = self._rows(
            f"SELECT {_COMMUNE_COLUMNS} FROM {_COMMUNE_FROM} WHERE c.epci = ? ORDER BY c.nom_plie",
            (epci.strip(),),
        )
        return [_commune(r) for r in rows]

    def communes_territoire(self, departements: Iterable[str], epcis: Iterable[str]) -> list[Commune]:
        """The union of whole départements and whole EPCI, sorted by name."""
        found: dict[str, Commune] = {}
        for code in departements:
            found.update((c.code, c) for c in self.communes_departement(code))
        for code in epcis:
            found.update((c.code, c) for c in self.communes_epci(code))
        return sorted(found.values(), key=lambda c: (c.nom_plie, c.code))

    def cherche_communes(
        self, texte: str, *, limite: int = 20, departements: Iterable[str] | None = None
    ) -> list[Commune]:
        """Communes whose name, former name, postcode or INSEE code matches what was typed.

        Ranking: exact name, then names starting with the text, then the rest; larger population first.
        """
        query = texte.strip()
        if not query:
            return []
        depts = [d.upper() for d in departements] if departements else []
        dept_sql = f" AND c.departement IN ({','.join('?' * len(depts))})" if depts else ""
        compact = query.replace(" ", "")
        if compact.isdigit() or (len(compact) == 5 and compact[:2].upper() in ("2A", "2B")):
            rows = self._rows(
                f"SELECT DISTINCT {_COMMUNE_COLUMNS} FROM code_postal p JOIN commune c ON c.code = p.commune {_EPCI_JOIN} "
                f"WHERE (p.code_postal LIKE ? OR c.code LIKE ?){dept_sql} "
                "ORDER BY c.population DESC LIMIT ?",
                (compact + "%", compact.upper() + "%", *depts, limite),
            )
            return [_commune(r) for r in rows]
        words = fold(query).split()
        if not words:
            return []
        like = " AND ".join("c.nom_plie LIKE ?" for _ in words)
        rows = self._rows(
            f"SELECT {_COMMUNE_COLUMNS} FROM {_COMMUNE_FROM} WHERE {like}{dept_sql}",
            [f"%{w}%" for w in words] + depts,
        )
        old_like = " AND ".join("a.nom_plie LIKE ?" for _ in words)
        rows += self._rows(
            f"SELECT {_COMMUNE_COLUMNS} FROM ancienne_commune a JOIN commune c ON c.code = a.commune {_EPCI_JOIN} "
            f"WHERE {old_like}{dept_sql}",
            [f"%{w}%" for w in words] + depts,
        )
        folded = " ".join(words)
        unique = {r[0]: _commune(r) for r in rows}

        def rank(c: Commune) -> tuple[int, int, str]:
            if c.nom_plie == folded:
                level = 0
            elif c.nom_plie.startswith(folded):
                level = 1
            elif any(part.startswith(words[0]) for part in c.nom_plie.split()):
                level = 2
            else:
                level = 3
            return (level, -(c.population or 0), c.nom_plie)

        return sorted(unique.values(), key=rank)[:limite]

    # -- départements and EPCI --------------------------------------------------------------------

    def departements(self) -> list[Departement]:
        return [
            Departement(*r) for r in self._rows("SELECT code, nom, region FROM departement ORDER BY code")
        ]

    def departement(self, code: str) -> Departement | None:
        rows = self._rows("SELECT code, nom, region FROM departement WHERE code = ?", (code.strip().upper(),))
        return Departement(*rows[0]) if rows else None

    def _epcis(self, where: str = "", params: Iterable[object] = ()) -> list[Epci]:
        rows = self._rows(
            "SELECT e.code, e.nom, e.type, e.population, group_concat(DISTINCT c.departement) "
            f"FROM epci e JOIN commune c ON c.epci = e.code {where} GROUP BY e.code ORDER BY e.nom_plie",
            params,
        )
        return [Epci(r[0], r[1], r[2], r[3], tuple(sorted((r[4] or "").split(",")))) for r in rows]

    def epcis(self, departements: Iterable[str] | None = None) -> list[Epci]:
        """All EPCI, or those with at least one member commune in the given départements."""
        if departements is None:
            return self._epcis()
        depts = [d.upper() for d in departements]
        if not depts:
            return []
        marks = ",".join("?" * len(depts))
        return self._epcis(
            f"WHERE e.code IN (SELECT epci FROM commune WHERE departement IN ({marks}) AND epci IS NOT NULL)",
            depts,
        )

    def epci(self, code: str) -> Epci | None:
        found = self._epcis("WHERE e.code = ?", (code.strip(),))
        return found[0] if found else None

    def info(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._rows("SELECT cle, valeur FROM info")}


@cache
def referentiel() -> Referentiel:
    return Referentiel()
