import pytest
from hypothesis import given
from hypothesis import strategies as st

from coordinateur.referentiels.telephone import affiche_telephone, normalise_telephone, type_telephone


@pytest.mark.parametrize(
    "typed", ["05 65 12 34 56", "0565123456", "05.65.12.34.56", "+33 5 65 12 34 56", "0033565123456"]
)
def test_french_numbers_are_stored_e164_and_shown_french(typed: str) -> None:
    verdict = normalise_telephone(typed)
    assert verdict.ok and verdict.valeur == "+33565123456"
    assert affiche_telephone(verdict.valeur) == "05 65 12 34 56"
    assert type_telephone(verdict.valeur) == "fixe"


@pytest.mark.parametrize("typed", ["06 12 34 56 78", "07 56 12 34 56"])
def test_mobiles(typed: str) -> None:
    verdict = normalise_telephone(typed)
    assert verdict.ok and type_telephone(verdict.valeur) == "mobile"


@pytest.mark.parametrize(
    ("typed", "message"), [("05 65 12", "10 chiffres"), ("appelez-moi", "lisible"), ("", "vide")]
)
def test_bad_numbers_get_a_french_message(typed: str, message: str) -> None:
    verdict = normalise_telephone(typed)
    assert verdict.bloquant and message in verdict.message


def test_foreign_numbers_keep_international_form() -> None:
    verdict = normalise_telephone("+32 2 555 12 12")
    assert verdict.ok
    assert affiche_telephone(verdict.valeur).startswith("+32")


@given(st.text(max_size=25))
def test_never_crashes(value: str) -> None:
    verdict = normalise_telephone(value)
    assert verdict.ok or verdict.message
