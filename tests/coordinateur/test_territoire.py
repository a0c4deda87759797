import pytest

from coordinateur.errors import ValidationError
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.territoire import (
    PremierDemarrage,
    communes_du_territoire,
    enregistre_premier_demarrage,
    resume_territoire,
)


def choice(**changes: object) -> PremierDemarrage:
    values: dict = {
        "coordinateur_nom": "Camille",
        "coordinateur_fonction": "",
        "structure_nom": "CPTS",
        "departements": [],
        "epcis": ["200067171"],
    }
    values.update(changes)
    return PremierDemarrage(**values)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"coordinateur_nom": "  "}, "coordinateur_nom"),
        ({"structure_nom": ""}, "structure_nom"),
        ({"epcis": []}, "territoire"),
        ({"departements": ["99"]}, "territoire"),
        ({"epcis": ["123456789"]}, "territoire"),
    ],
)
def test_bad_first_run_choices_are_refused_and_nothing_saved(store: Store, changes: dict, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        enregistre_premier_demarrage(store, choice(**changes))
    assert info.value.field == field
    assert not load_settings(store).premier_demarrage_fait


def test_first_run_saves_the_territory(store: Store) -> None:
    settings = enregistre_premier_demarrage(store, choice(epcis=["200067171", "200067478"]))
    assert settings.premier_demarrage_fait
    assert settings.territoire_nom == "CC Aubrac, Carladez et Viadène et CC Comtal Lot et Truyère"
    stored = load_settings(store)
    communes = communes_du_territoire(stored)
    assert len(communes) == 42
    resume = resume_territoire(stored, communes)
    assert resume.nb_epcis == 2 and resume.population > 10_000


def test_whole_departement(store: Store) -> None:
    settings = enregistre_premier_demarrage(store, choice(departements=["48"], epcis=[]))
    assert settings.territoire_nom == "Lozère"
    assert all(c.departement == "48" for c in communes_du_territoire(settings))
