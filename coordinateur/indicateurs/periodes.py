"""Periods and parts of the territory the indicators are computed for.

A period is written as on the command line: `2026` (year), `2026-S1` (semester), `2026-T2` (quarter) or
`2026-01-01..2026-06-30` (custom, both days included). Its previous period has the same kind and length.
A part of the territory is `""` (all of it), `epci:<SIREN>` or `commune:<INSEE>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from coordinateur.errors import ValidationError
from coordinateur.referentiels.cog import referentiel
from coordinateur.settings import Settings

MOIS_TRIMESTRE = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


def _fin_de_mois(annee: int, mois: int) -> date:
    return (date(annee + (mois == 12), mois % 12 + 1, 1)) - timedelta(days=1)


@dataclass(frozen=True)
class Periode:
    code: str
    debut: date
    fin: date

    @property
    def libelle(self) -> str:
        if re.fullmatch(r"\d{4}", self.code):
            return f"année {self.code}"
        if match := re.fullmatch(r"(\d{4})-S([12])", self.code):
            return f"{'1er' if match[2] == '1' else '2e'} semestre {match[1]}"
        if match := re.fullmatch(r"(\d{4})-T([1-4])", self.code):
            return f"{'1er' if match[2] == '1' else match[2] + 'e'} trimestre {match[1]}"
        return f"du {self.debut.strftime('%d/%m/%Y')} au {self.fin.strftime('%d/%m/%Y')}"

    def contient(self, iso: str) -> bool:
        return bool(iso) and self.debut.isoformat() <= iso[:10] <= self.fin.isoformat()

    def reference(self, aujourdhui: date | None = None) -> date:
        """The day states are looked at: the end of the period, or today if it is not over."""
        return min(self.fin, aujourdhui or date.today())

    def precedente(self) -> Periode:
        if re.fullmatch(r"\d{4}", self.code):
            return periode(str(int(self.code) - 1))
        if match := re.fullmatch(r"(\d{4})-S([12])", self.code):
            year, half = int(match[1]), int(match[2])
            return periode(f"{year - 1}-S2" if half == 1 else f"{year}-S1")
        if match := re.fullmatch(r"(\d{4})-T([1-4])", self.code):
            year, quarter = int(match[1]), int(match[2])
            return periode(f"{year - 1}-T4" if quarter == 1 else f"{year}-T{quarter - 1}")
        length = self.fin - self.debut
        fin = self.debut - timedelta(days=1)
        return Periode(f"{(fin - length).isoformat()}..{fin.isoformat()}", fin - length, fin)


def periode(text: str) -> Periode:
    """Parse a period; a French ValidationError says what is expected."""
    value = (text or "").strip()
    try:
        if re.fullmatch(r"\d{4}", value):
            year = int(value)
            return Periode(value, date(year, 1, 1), date(year, 12, 31))
        if match := re.fullmatch(r"(\d{4})-S([12])", value, re.IGNORECASE):
            year, half = int(match[1]), int(match[2])
            return Periode(
                f"{year}-S{half}",
                date(year, 1 if half == 1 else 7, 1),
                _fin_de_mois(year, 6 if half == 1 else 12),
            )
        if match := re.fullmatch(r"(\d{4})-T([1-4])", value, re.IGNORECASE):
            year, quarter = int(match[1]), int(match[2])
            first, last = MOIS_TRIMESTRE[quarter]
            return Periode(f"{year}-T{quarter}", date(year, first, 1), _fin_de_mois(year, last))
        if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", value):
            debut, fin = date.fromisoformat(match[1]), date.fromisoformat(match[2])
            if fin < debut:
                raise ValidationError("Période : la fin est avant le début.", "periode")
            return Periode(value, debut, fin)
    except ValueError:
        pass
    raise ValidationError(
        f"Période « {value} » incomprise : écrivez 2026, 2026-S1, 2026-T2 ou 2026-01-01..2026-06-30.",
        "periode",
    )


@dataclass(frozen=True)
class Territoire:
    code: str  # "", "epci:<SIREN>" or "commune:<INSEE>"
    libelle: str
    communes: frozenset[str]  # the communes of this part (of the whole territory for "")

    @property
    def tout(self) -> bool:
        return self.code == ""

    def contient(self, commune: str | None) -> bool:
        """Whether a record placed in `commune` counts here (everything counts for the whole territory)."""
        return self.tout or (commune or "") in self.communes


def territoire(settings: Settings, code: str = "") -> Territoire:
    ref = referentiel()
    if not code:
        communes = ref.communes_territoire(settings.territoire_departements, settings.territoire_epcis)
        return Territoire(
            "", settings.territoire_nom or "tout le territoire", frozenset(c.code for c in communes)
        )
    kind, _, value = code.partition(":")
    if kind == "epci":
        communes = ref.communes_epci(value)
        if communes:
            return Territoire(code, communes[0].epci_nom or value, frozenset(c.code for c in communes))
        raise ValidationError(f"Communauté de communes inconnue : {value}.", "territoire")
    if kind == "commune" and (commune := ref.commune(value)):
        return Territoire(code, commune.nom, frozenset({commune.code}))
    raise ValidationError(
        f"Partie du territoire inconnue : {code} (epci:CODE ou commune:CODE).", "territoire"
    )


def parties(settings: Settings) -> list[tuple[str, str]]:
    """The choices of the screen: the whole territory, then its EPCI, then its communes."""
    ref = referentiel()
    communes = ref.communes_territoire(settings.territoire_departements, settings.territoire_epcis)
    choices = [
        (
            "",
            f"Tout le territoire ({settings.territoire_nom})"
            if settings.territoire_nom
            else "Tout le territoire",
        )
    ]
    epcis = sorted(
        {(c.epci_code, c.epci_nom or c.epci_code) for c in communes if c.epci_code}, key=lambda e: e[1]
    )
    choices += [(f"epci:{code}", name) for code, name in epcis]
    choices += [
        (f"commune:{c.code}", f"{c.nom} ({c.code_postal})") for c in sorted(communes, key=lambda c: c.nom)
    ]
    return choices
