"""Every worked example of domain.md §3.2, plus the error/warning split."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coordinateur.referentiels.identifiants import (
    Niveau,
    valide_adeli,
    valide_finess,
    valide_nir,
    valide_rpps,
    valide_siren,
    valide_siret,
)


@pytest.mark.parametrize(
    "nir",
    ["2 95 10 99 126 111 93", "2 53 07 2B 073 004 70", "2 53 07 2A 073 004 43", "1 37 04 76 243 484 15"],
)
def test_nir_worked_examples_are_valid(nir: str) -> None:
    verdict = valide_nir(nir)
    assert verdict.ok, verdict.message
    assert " " not in verdict.valeur and len(verdict.valeur) == 15


@pytest.mark.parametrize("nir", ["2 95 10 99 126 111 94", "2 53 07 2B 073 004 43", "1 37 04 76 243 484 16"])
def test_nir_wrong_key_is_an_error(nir: str) -> None:
    verdict = valide_nir(nir)
    assert verdict.niveau is Niveau.ERREUR
    assert "clé" in verdict.message


def test_nir_wrong_length_is_an_error() -> None:
    assert "15 caractères" in valide_nir("2951099126111").message


@pytest.mark.parametrize("rpps", ["10001045367", "810001045367"])
def test_rpps_worked_example(rpps: str) -> None:
    verdict = valide_rpps(rpps)
    assert verdict.ok and verdict.valeur == "10001045367"


@pytest.mark.parametrize("rpps", ["10102727017", "10003461033"])
def test_ans_fictitious_rpps_examples_only_warn(rpps: str) -> None:
    verdict = valide_rpps(rpps)
    assert verdict.niveau is Niveau.AVERTISSEMENT and not verdict.bloquant


def test_rpps_length_is_an_error() -> None:
    assert valide_rpps("1000104536").niveau is Niveau.ERREUR


@pytest.mark.parametrize("adeli", ["759124159", "012600631"])
def test_adeli_worked_examples(adeli: str) -> None:
    assert valide_adeli(adeli).ok


def test_adeli_wrong_key_warns() -> None:
    assert valide_adeli("759124158").niveau is Niveau.AVERTISSEMENT


@pytest.mark.parametrize("finess", ["010780195", "010000016", "010000156", "010000164", "010787190"])
def test_finess_worked_examples(finess: str) -> None:
    assert valide_finess(finess).ok


def test_finess_wrong_key_warns_and_corsica_is_uncertain() -> None:
    assert valide_finess("010780196").niveau is Niveau.AVERTISSEMENT
    corsica = valide_finess("2A0000001")
    assert corsica.niveau in (Niveau.OK, Niveau.AVERTISSEMENT)
    if not corsica.ok:
        assert "Corse" in corsica.message


def test_siren_and_siret_examples() -> None:
    assert valide_siren("732 829 320").ok
    assert valide_siren("404833048").ok
    assert valide_siren("404833047").niveau is Niveau.ERREUR
    assert valide_siret("732 829 320 00074").ok
    assert valide_siret("73282932000075").niveau is Niveau.ERREUR


def test_la_poste_siret_exception() -> None:
    assert valide_siret("35600000000048").ok  # head office: Luhn
    assert valide_siret("35600000049837").ok  # establishment: digit sum multiple of 5


@given(st.text(max_size=30))
def test_validators_never_crash(value: str) -> None:
    for validate in (valide_nir, valide_siren, valide_siret, valide_rpps, valide_adeli, valide_finess):
        verdict = validate(value)
        assert verdict.ok or verdict.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2 37 04 12 243 484 44", True), ("1 85 02 2A 123 456 78", True), ("06 12 34 56 78", True),
     ("+33 6 12 34 56 78", True), ("10001045367", True), ("010780195", True), ("12/04/1937", False),
     ("12210", False), ("4 rue du Valat", False), ("ABABABABAB", False), ("", False)],
)  # fmt: skip
def test_what_counts_as_an_identifier_for_the_clipboard(text: str, expected: bool) -> None:
    from coordinateur.referentiels.identifiants import ressemble_a_un_identifiant

    assert ressemble_a_un_identifiant(text) is expected
