import pytest

from coordinateur.referentiels.cog import referentiel


def names(query: str, **kw: object) -> list[str]:
    return [c.nom for c in referentiel().cherche_communes(query, **kw)]  # type: ignore[arg-type]


def test_counts_of_the_official_data() -> None:
    ref = referentiel()
    assert ref.info()["communes"] == "34969"
    assert len(ref.communes_departement("12")) == 285
    assert len(ref.departements()) >= 101


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("st come", "Saint-Côme-d'Olt"),
        ("saint come d olt", "Saint-Côme-d'Olt"),
        ("SAINT-COME-D'OLT", "Saint-Côme-d'Olt"),
        ("laguiole", "Laguiole"),
        ("ste genevieve sur argence", "Argences en Aubrac"),  # merged in 2016, name still in use
        ("espalion", "Espalion"),
    ],
)
def test_name_search_ignores_accents_hyphens_and_saint(query: str, expected: str) -> None:
    assert names(query, departements=["12"])[0] == expected


def test_ligatures() -> None:
    assert "Cœur de Causse" in names("coeur de causse")


def test_exact_name_ranks_first() -> None:
    assert names("laguiole")[0] == "Laguiole"


def test_postcode_and_insee_code() -> None:
    assert {"Laguiole", "Argences en Aubrac", "Montpeyroux"} <= set(names("12210"))
    assert names("12096") == ["Espalion"]
    assert [c.nom for c in referentiel().communes_par_code_postal("12500")][:3]


def test_former_communes_lead_to_the_current_one() -> None:
    assert "Terre-de-Bancalié" in names("saint antonin de lacalm")


def test_corsica_codes() -> None:
    assert referentiel().commune("2A004").nom == "Ajaccio"  # type: ignore[union-attr]


def test_epci_of_the_demo_territory() -> None:
    ref = referentiel()
    aubrac = ref.epci("200067171")
    assert aubrac is not None and aubrac.nom == "CC Aubrac, Carladez et Viadène"
    members = ref.communes_epci("200067171")
    assert len(members) == 21
    assert {c.nom for c in members} >= {"Laguiole", "Mur-de-Barrez", "Argences en Aubrac"}
    assert all(c.epci_nom == aubrac.nom for c in members)


def test_epci_spanning_two_departements() -> None:
    figeac = [e for e in referentiel().epcis(["12"]) if e.nom == "CC Grand-Figeac"]
    assert figeac and figeac[0].departements == ("12", "46")


def test_territory_is_a_union_without_duplicates() -> None:
    ref = referentiel()
    union = ref.communes_territoire(["12"], ["200067171"])
    assert len(union) == 285
    assert len({c.code for c in union}) == 285
