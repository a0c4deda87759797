import time
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coordinateur.text import (
    compte,
    controle_date,
    date_courte,
    date_longue,
    fold,
    horodatage_fr,
    insecables,
    lit_date_saisie,
    matches,
    nombre,
)


def test_fold_accents_ligatures_and_saint() -> None:
    assert fold("Jérôme") == "jerome"
    assert fold("Cœur") == "coeur"
    assert fold("Saint-Côme-d'Olt") == "saint come d olt"
    assert fold("st come") == "saint come"
    assert fold("Ste-Geneviève-sur-Argence") == fold("Sainte Genevieve sur Argence")
    assert fold("  ÆTHER   l’Hospitalet ") == "aether l hospitalet"


def test_matches_each_word_anywhere() -> None:
    target = fold("Saint-Côme-d'Olt")
    assert matches("st come", target)
    assert matches("olt", target)
    assert not matches("laguiole", target)


@given(st.text())
def test_fold_is_idempotent_and_never_fails(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.lower()


def test_french_counts() -> None:
    assert compte(0, "commune") == "0 commune"
    assert compte(1, "commune") == "1 commune"
    assert compte(59, "commune") == "59 communes"
    assert nombre(44201) == "44\u202f201"
    assert compte(2, "communauté de communes", "communautés de communes") == "2 communautés de communes"


def test_french_dates() -> None:
    assert date_longue(date(2026, 11, 23)) == "lundi 23 novembre 2026"
    assert date_longue(date(2026, 12, 1)) == "mardi 1er décembre 2026"
    assert date_longue(date(2027, 2, 14)) == "dimanche 14 février 2027"
    assert date_courte(date(2027, 2, 4)) == "04/02/2027"


def test_stored_instants_are_shown_on_the_laptop_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        assert horodatage_fr("2026-11-23T16:50:12+00:00") == "23/11/2026 17:50"  # winter: UTC+1
        assert horodatage_fr("2026-07-14T22:30:00+00:00") == "15/07/2026 00:30"  # summer: UTC+2, next day
        assert horodatage_fr("2026-11-23T09:05:00") == "23/11/2026 09:05"  # no zone: as written
        assert horodatage_fr("") == "jamais"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    ("typed", "iso"),
    [("2026-11-23", "2026-11-23"), ("23/11/2026", "2026-11-23"), ("1/2/2027", "2027-02-01"),
     (" 23.11.2026 ", "2026-11-23"), ("23-11-2026", "2026-11-23"), ("", "")],
)  # fmt: skip
def test_one_rule_for_every_date_field(typed: str, iso: str) -> None:
    assert controle_date(typed, "Signée le") == (iso, None)


def test_a_typed_date_takes_the_keyboard_shortcuts() -> None:
    assert lit_date_saisie("23112026") == date(2026, 11, 23)
    assert lit_date_saisie("23/11", date(2027, 3, 1)) == date(2027, 11, 23)
    assert lit_date_saisie("1.2", date(2027, 3, 1)) == date(2027, 2, 1)
    assert controle_date("23/11", "Échéance") == (f"{date.today().year}-11-23", None)
    for refused in ("31022026", "31/02", "2311", "23/11/26", "demain"):
        with pytest.raises(ValueError):
            lit_date_saisie(refused)
    assert controle_date("31/02", "Échéance")[1] == (
        "Échéance : « 31/02 » n'est pas une date (attendu : 23/11/2026 ou 2026-11-23)."
    )


def test_a_date_field_says_in_french_why_it_is_refused() -> None:
    assert controle_date("31/02/2026", "Échéance")[1] == (
        "Échéance : « 31/02/2026 » n'est pas une date (attendu : 23/11/2026 ou 2026-11-23)."
    )
    assert controle_date("", "Date", requise=True)[1] == "Date : date obligatoire."
    tomorrow = date.fromordinal(date.today().toordinal() + 1)
    assert controle_date(tomorrow.isoformat(), "Vérifiée le", passee=True)[1] == (
        f"Vérifiée le : la date ({tomorrow:%d/%m/%Y}) est dans le futur."
    )
    assert controle_date(tomorrow.isoformat(), "À revoir le")[1] is None


_INSECABLES = "\u00a0\u2007\u202f"
_RETOURS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _secable(c: str) -> bool:
    """A space a line may break at."""
    return c.isspace() and c not in _INSECABLES + _RETOURS


@given(st.text(alphabet=st.sampled_from("«»  \t\u00a0\u202f\u2009\u3000\nab:'")) | st.text())
def test_no_guillemet_is_ever_left_alone_at_a_line_break(text: str) -> None:
    out = insecables(text)
    assert not any(a == "«" and _secable(b) for a, b in pairwise(out))
    assert not any(_secable(a) and b == "»" for a, b in pairwise(out))
    assert [c for c in out if not c.isspace()] == [c for c in text if not c.isspace()]  # only spaces change
    assert insecables(out) == out


def test_guillemets_hold_their_words_with_no_break_spaces() -> None:
    said = "Segment « 12.seg » de l'ordinateur «  Portable de Lucie\t» refusé"
    assert (
        insecables(said)
        == "Segment «\u00a012.seg\u00a0» de l'ordinateur «\u00a0Portable de Lucie\u00a0» refusé"
    )
    assert insecables("« Rejoindre l'équipe »\n« ") == "«\u00a0Rejoindre l'équipe\u00a0»\n«\u00a0"
    assert insecables("«\nmot\n»") == "«\nmot\n»"  # a line break stays one
