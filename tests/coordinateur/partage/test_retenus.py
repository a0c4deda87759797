"""A document holding persons' data never leaves for a folder not declared internal: it is held back, not
« waiting » (the window synced every minute for ever to send what it would always refuse)."""

from __future__ import annotations

from pathlib import Path

from coordinateur.partage.boite import depose
from coordinateur.partage.dossier import initialise
from coordinateur.partage.sync import synchronise
from coordinateur.partage.tableau import etat
from coordinateur.settings import enregistre_reglages
from coordinateur.store import Store


def test_a_team_document_for_a_folder_not_internal_is_held_back_not_waiting(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "nas"
    folder.mkdir()
    initialise(folder)
    enregistre_reglages(store, partage_dossier=str(folder))
    depose(
        store,
        destinataire="équipe",
        genre="compte-rendu",
        extension="pdf",
        contenu=b"%PDF-1.4",
        donnees_personnes=True,
    )
    synchronise(store)
    state = etat(store)
    assert state.en_attente == 0 and state.retenus == 1
    assert state.as_json()["retenus"] == 1
    enregistre_reglages(store, partage_dossier_interne=True)
    assert (etat(store).en_attente, etat(store).retenus) == (1, 0)
    synchronise(store)
    assert (etat(store).en_attente, etat(store).retenus) == (0, 0)
