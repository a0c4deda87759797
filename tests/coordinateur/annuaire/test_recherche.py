from pathlib import Path

import pytest

from coordinateur.annuaire.fiches import FicheStructure
from coordinateur.annuaire.recherche import Filtre, cherche, compte, fts_query, liste
from coordinateur.annuaire.service import change_actif, enregistre, lit, supprime
from coordinateur.store import Store


def noms(store: Store, **filtre: object) -> list[str]:
    return [ligne.nom for ligne in cherche(store, Filtre(**filtre), 100)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("jerome", "Lefèvre"), ("JÉRÔME", "Lefèvre"), ("lefevre", "Lefèvre"), ("coeur", "Cœurdevey"),
     ("cœurdevey", "Cœurdevey"), ("st come", "Lefèvre"), ("saint-côme", "Lefèvre"), ("infirm", "Lefèvre"),
     ("carladez", "SSIAD du Carladez"), ("10001045367", "Lefèvre"), ("viadene aide", "Aide à domicile Viadène")],
)  # fmt: skip
def test_search_ignores_accents_ligatures_hyphens_and_saint(
    store: Store, annuaire: dict, typed: str, expected: str
) -> None:
    assert expected in noms(store, texte=typed)


def test_search_by_attached_structure_name(store: Store, annuaire: dict) -> None:
    assert "Lefèvre" in noms(store, texte="carladez")


def test_fts_query_is_safe_with_quotes_and_operators() -> None:
    assert fts_query('a"b OR c* (d)') == '"a"* "b"* "or"* "c"* "d"*'
    assert fts_query("  ") is None


def test_filters(store: Store, annuaire: dict) -> None:
    assert set(noms(store, categorie="structure")) == {"SSIAD du Carladez", "Aide à domicile Viadène"}
    assert noms(store, profession="60") == ["Lefèvre"]
    assert set(noms(store, professions=("60", "SSIAD"))) == {"Lefèvre", "SSIAD du Carladez"}
    assert noms(store, professions=("60", "SSIAD"), commune="12216") == ["Lefèvre"]
    assert "Vernhes" not in noms(store)  # inactive hidden by default
    assert "Vernhes" in noms(store, actifs_seulement=False)


def test_who_works_in_this_commune(store: Store, annuaire: dict) -> None:
    # Laguiole (12119): the SSIAD covers the whole EPCI, the SAAD lists it, Anne lives there.
    assert set(noms(store, commune="12119")) == {"SSIAD du Carladez", "Aide à domicile Viadène", "Cœurdevey"}
    # Saint-Côme-d'Olt (12216) is in another EPCI: only Jérôme, who lives there.
    assert noms(store, commune="12216") == ["Lefèvre"]
    # Mur-de-Barrez (12164): the SSIAD's address, so Jérôme, its nurse, works there too
    assert set(noms(store, commune="12164")) == {"SSIAD du Carladez", "Lefèvre"}
    assert set(noms(store, epci="200067171")) == {
        "SSIAD du Carladez",
        "Aide à domicile Viadène",
        "Cœurdevey",
        "Lefèvre",  # Mur-de-Barrez is in it
    }


def test_index_follows_edits_deactivation_and_deletion(store: Store, annuaire: dict) -> None:
    fiche = lit(store, annuaire["ssiad"])
    assert isinstance(fiche, FicheStructure)
    fiche.nom = "SSIAD Carladez-Viadène"
    enregistre(store, fiche)
    assert "SSIAD Carladez-Viadène" in noms(store, texte="viadene")
    # the attached intervenant shows the new structure name
    jerome = next(ligne for ligne in cherche(store, Filtre(texte="jerome")))
    assert jerome.structure == "SSIAD Carladez-Viadène"
    fiche.commune_code = "12119"  # the SSIAD moves to Laguiole: its nurse is found there, no longer at Mur
    enregistre(store, fiche)
    assert "Lefèvre" in noms(store, commune="12119") and "Lefèvre" not in noms(store, commune="12164")
    change_actif(store, annuaire["jerome"], False)
    assert "Lefèvre" not in noms(store, texte="jerome")
    supprime(store, annuaire["ssiad"])
    assert noms(store, texte="carladez") == []
    assert lit(store, annuaire["jerome"]).structure_ids == []  # type: ignore[union-attr]


def test_liste_and_compte(store: Store, annuaire: dict) -> None:
    everything = liste(store, Filtre(actifs_seulement=False))
    assert [ligne.tri for ligne in everything] == sorted(ligne.tri for ligne in everything)
    assert compte(store, Filtre(actifs_seulement=False)) == 5
    assert len(cherche(store, Filtre(), limite=2)) == 2


def test_an_index_made_by_an_earlier_version_is_rebuilt_once(store: Store, annuaire: dict) -> None:
    from sqlalchemy import text

    from coordinateur.annuaire.index import INDEX_VERSION, a_jour
    from coordinateur.settings import enregistre_reglages, load_settings

    assert a_jour(store) and load_settings(store).annuaire_index_version == INDEX_VERSION
    assert not a_jour(store)  # once
    # as a version 1 index was: Jérôme works only where he lives, not where his SSIAD is
    with store.write() as session:
        session.execute(text("DELETE FROM annuaire_zone WHERE commune_code = '12164' AND ligne IN "
                             "(SELECT rowid FROM annuaire_index WHERE nom = 'Lefèvre')"))  # fmt: skip
    enregistre_reglages(store, annuaire_index_version=1)
    assert "Lefèvre" not in noms(store, commune="12164")
    assert a_jour(store)
    assert "Lefèvre" in noms(store, commune="12164")


def test_a_new_store_has_nothing_to_rebuild(store: Store) -> None:
    """The first window on a fresh store, or on a demo, does not rebuild an index this version made (on the
    large demo that took 13 s at its first opening)."""
    from coordinateur.annuaire import index
    from coordinateur.settings import load_settings

    rebuilt: list[int] = []
    original = index.rebuild
    index.rebuild = lambda session: rebuilt.append(1) or original(session)  # type: ignore[assignment]
    try:
        assert index.a_jour(store)  # an empty store: the version is recorded, nothing to rebuild
        assert rebuilt == [] and load_settings(store).annuaire_index_version == index.INDEX_VERSION
    finally:
        index.rebuild = original


def test_the_demo_records_the_index_version(tmp_path: Path) -> None:
    from coordinateur.annuaire.index import INDEX_VERSION, a_jour
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.demo import remplir_demo
    from coordinateur.paths import resolve_paths
    from coordinateur.settings import load_settings

    demo = open_store(resolve_paths(tmp_path / "demo"))
    try:
        remplir_demo(demo)
        assert load_settings(demo).annuaire_index_version == INDEX_VERSION
        assert not a_jour(demo)
    finally:
        demo.close()
