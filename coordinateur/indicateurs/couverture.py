"""Coverage of the territory, commune by commune: persons followed, professionals and services whose zone
covers it, and whether an aide à domicile (SAAD) and a soins infirmiers (SSIAD) service reach it."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select, text

from coordinateur.annuaire.models import Structure
from coordinateur.indicateurs.periodes import Territoire
from coordinateur.personnes.models import Personne
from coordinateur.referentiels.cog import referentiel

if TYPE_CHECKING:
    from coordinateur.store import Store

SAAD = ("SAAD", "SPASAD")
SSIAD = ("SSIAD", "SPASAD")


@dataclass(frozen=True)
class LigneCouverture:
    commune_code: str
    commune: str
    epci: str
    personnes_suivies: int
    intervenants: int  # active professionals whose commune or zone covers it
    saad: int  # services d'aide à domicile reaching it
    ssiad: int


def _zone(
    commune_code: str,
    zone_communes: list[str] | None,
    zone_epcis: list[str] | None,
    epci_communes: dict[str, set[str]],
) -> set[str]:
    covered = {commune_code} if commune_code else set()
    covered.update(zone_communes or [])
    for epci in zone_epcis or []:
        covered |= epci_communes.setdefault(epci, {c.code for c in referentiel().communes_epci(epci)})
    return covered


def couverture(store: Store, territoire: Territoire) -> list[LigneCouverture]:
    """One line per commune of this part of the territory, by name (current state of the data)."""
    ref = referentiel()
    epci_communes: dict[str, set[str]] = {}
    people: Counter[str] = Counter()
    pros: Counter[str] = Counter()
    saad: Counter[str] = Counter()
    ssiad: Counter[str] = Counter()
    with store.read() as session:
        for (code,) in session.execute(
            select(Personne.commune_code).where(~Personne.deleted, Personne.statut == "suivie")
        ):
            people[code] += 1
        # professionals: grouped by zone in SQL (reading 50,000 JSON zones one by one takes over a second)
        grouped = session.execute(text(
            "SELECT commune_code, zone_communes, zone_epcis, count(*) FROM intervenant WHERE NOT deleted AND actif "
            "GROUP BY commune_code, zone_communes, zone_epcis"
        ))  # fmt: skip
        for code, zone, epcis, count in grouped:
            for covered in (
                _zone(code, json.loads(zone or "[]"), json.loads(epcis or "[]"), epci_communes)
                & territoire.communes
            ):
                pros[covered] += count
        for code, zone, epcis, kind in session.execute(
            select(Structure.commune_code, Structure.zone_communes, Structure.zone_epcis, Structure.type_code)
            .where(~Structure.deleted, Structure.actif, Structure.type_code.in_(SAAD + SSIAD))
        ):  # fmt: skip
            for covered in _zone(code, zone, epcis, epci_communes) & territoire.communes:
                if kind in SAAD:
                    saad[covered] += 1
                if kind in SSIAD:
                    ssiad[covered] += 1
    lines = []
    for code in territoire.communes:
        commune = ref.commune(code)
        if commune is not None:
            lines.append(LigneCouverture(code, commune.nom, commune.epci_nom or "", people[code], pros[code],
                                         saad[code], ssiad[code]))  # fmt: skip
    return sorted(lines, key=lambda line: (line.epci, line.commune))
