from datetime import date

import pytest

from coordinateur.annuaire.intitules import nom_fichier, pluriel, titre_selection
from coordinateur.annuaire.recherche import Filtre


@pytest.mark.parametrize(
    ("libelle", "attendu"),
    [("Infirmier", "Infirmiers"), ("Sage-femme", "Sages-femmes"), ("Aide à domicile", "Aides à domicile"),
     ("Masseur-kinésithérapeute", "Masseurs-kinésithérapeutes"), ("Accompagnant éducatif et social",
     "Accompagnants éducatifs et sociaux"), ("Assistant de service social", "Assistants de service social"),
     ("Manipulateur ERM", "Manipulateurs ERM"), ("Résidence autonomie", "Résidences autonomie")],
)  # fmt: skip
def test_plural_of_a_profession(libelle: str, attendu: str) -> None:
    assert pluriel(libelle) == attendu


def test_a_selection_is_named_by_its_filters() -> None:
    assert (
        titre_selection(Filtre(professions=("60", "SSIAD"), commune="12119"))
        == "Infirmiers et SSIAD — Laguiole"
    )
    assert titre_selection(Filtre(professions=("60", "70", "PHARMA"))) == (
        "Infirmiers, Masseurs-kinésithérapeutes et Pharmacies"
    )
    assert (
        titre_selection(Filtre(categorie="structure"), ("12096", "12119"))
        == "Structures — Espalion et Laguiole"
    )
    assert titre_selection(Filtre()) == "Annuaire des intervenants à domicile"
    le = date(2026, 11, 27)
    assert nom_fichier(Filtre(commune="12119"), (), ".pdf", le) == "annuaire_laguiole_2026-11-27.pdf"
    assert nom_fichier(Filtre(professions=("60", "SSIAD"), commune="12216"), (), ".csv", le) == (
        "annuaire_infirmiers-ssiad_saint-come-d-olt_2026-11-27.csv"
    )
    assert nom_fichier(Filtre(), (), ".vcf", le) == "annuaire_2026-11-27.vcf"
