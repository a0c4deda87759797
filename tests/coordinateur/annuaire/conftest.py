from __future__ import annotations

import pytest

from coordinateur.annuaire.fiches import FicheIntervenant, FicheStructure
from coordinateur.annuaire.service import enregistre
from coordinateur.store import Store
from coordinateur.territoire import enregistre_premier_demarrage


@pytest.fixture
def annuaire(store: Store) -> dict[str, str]:
    """A small hand-built directory of the Nord-Aveyron; returns ids by short name."""
    from coordinateur.demo import DEMO_COORDINATEUR

    enregistre_premier_demarrage(store, DEMO_COORDINATEUR)
    ids: dict[str, str] = {}
    ids["ssiad"] = enregistre(store, FicheStructure(
        nom="SSIAD du Carladez", type_code="SSIAD", commune_code="12164", finess_et="010780195",
        zone_epcis=["200067171"], telephones=[{"type": "fixe", "numero": "05 65 66 10 20"}],
    )).id  # fmt: skip
    ids["saad"] = enregistre(store, FicheStructure(
        nom="Aide à domicile Viadène", type_code="SAAD", commune_code="12223", zone_communes=["12223", "12119"],
    )).id  # fmt: skip
    ids["jerome"] = enregistre(store, FicheIntervenant(
        civilite="M.", nom="Lefèvre", prenom="Jérôme", profession_code="60", commune_code="12216",
        rpps="10001045367", telephones=[{"type": "mobile", "numero": "06 12 34 56 78"}], email="jerome.lefevre@example.fr",
        structure_ids=[ids["ssiad"]],
    )).id  # fmt: skip
    ids["coeur"] = enregistre(store, FicheIntervenant(
        nom="Cœurdevey", prenom="Anne", profession_code="AIDE_DOM", commune_code="12119", structure_ids=[ids["saad"]],
    )).id  # fmt: skip
    ids["ancien"] = enregistre(store, FicheIntervenant(
        nom="Vernhes", prenom="Paul", profession_code="10", commune_code="12096", actif=False,
    )).id  # fmt: skip
    return ids
