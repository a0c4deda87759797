"""What changed is announced after a commit: by kind and id, for an import, a merge, a purge, a sync, and
a restore (everything); nothing for a rolled back transaction."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from coordinateur.annonces import RESTAURATION, SYNCHRONISATION, Changements, annonces
from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.imports.pilote import importe
from coordinateur.annuaire.recherche import Filtre, cherche
from coordinateur.annuaire.service import enregistre, fusionne
from coordinateur.store import Store
from tests.fichiers_annuaire import COMMUNES, rpps_number, rpps_row, write_rpps


def listen(store: Store) -> list[Changements]:
    heard: list[Changements] = []
    annonces(store).abonne(heard.append)
    return heard


def test_an_import_announces_the_records_it_created(store: Store, annuaire: dict, tmp_path: Path) -> None:
    heard = listen(store)
    rng = random.Random(3)
    number = rpps_number(rng)
    path = write_rpps(tmp_path / "PS_LibreAcces_Personne_activite_202603090900.txt",
                      [rpps_row(rng, rpps=number, commune=COMMUNES[0])])  # fmt: skip
    importe(store, path, departements=["12"])
    created = cherche(store, Filtre(texte=number))[0].id
    assert any(created in c.ids.get("intervenant", ()) for c in heard)
    assert all(not c.tout and c.origine != SYNCHRONISATION for c in heard)
    heard.clear()
    importe(store, path, departements=["12"], simulation=True)  # a simulation writes nothing
    assert not any("intervenant" in c.ids for c in heard)


def test_a_merge_announces_both_records_and_a_rollback_nothing(store: Store, annuaire: dict) -> None:
    heard = listen(store)
    double = enregistre(store, FicheIntervenant(nom="Lefèvre", prenom="Jérôme", profession_code="60",
                                                email="j.lefevre@example.fr")).id  # fmt: skip
    assert heard[-1].ids["intervenant"] == {double}
    fusionne(store, annuaire["jerome"], double, {"email"})
    assert {annuaire["jerome"], double} <= heard[-1].ids["intervenant"]
    assert heard[-1].touche(["structure", "intervenant"]) and not heard[-1].touche(["reunion"])
    heard.clear()
    with pytest.raises(RuntimeError), store.write() as session:
        from coordinateur.annuaire.models import Intervenant

        session.add(Intervenant(nom="Annulé", profession_code="60"))
        session.flush()
        raise RuntimeError("abandon")
    assert heard == []


def test_a_change_applied_from_the_shared_folder_says_so(store: Store, annuaire: dict) -> None:
    from coordinateur.annuaire.models import Intervenant

    heard = listen(store)
    with store.write() as session:
        session.info["remote"] = True  # how the sync applies what other laptops wrote
        row = session.get(Intervenant, annuaire["coeur"])
        assert row is not None
        row.notes = "vue sur un autre ordinateur"
    assert heard == [Changements({"intervenant": frozenset({annuaire["coeur"]})}, SYNCHRONISATION)]


def test_a_purge_announces_the_people_it_anonymised(demo_store: Store) -> None:
    from coordinateur.personnes.rgpd import anonymise
    from coordinateur.personnes.service import liste_personnes

    heard = listen(demo_store)
    person = liste_personnes(demo_store)[0].id
    anonymise(demo_store, person)
    assert any(person in c.ids.get("personne", ()) for c in heard)


def test_a_restore_reaches_the_listeners_of_the_store_it_replaced(store: Store, annuaire: dict) -> None:
    from coordinateur.confiance.reouverture import ferme_et_rouvre, restauration
    from coordinateur.confiance.sauvegarde import sauvegarde_manuelle

    saved, _note = sauvegarde_manuelle(store)
    heard = listen(store)
    reopened, done, error = ferme_et_rouvre(store, restauration(saved.id))
    try:
        assert error == "" and done is not None
        assert heard[-1].tout and heard[-1].origine == RESTAURATION and heard[-1].touche(["personne"])
        ident = enregistre(reopened, FicheIntervenant(nom="Cayla", profession_code="60")).id
        assert heard[-1].ids["intervenant"] == {ident}  # the same listeners follow the reopened store
    finally:
        reopened.close()
