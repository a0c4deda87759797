"""Settings are written field by field: a screen that was opened with a snapshot of the settings never
writes that snapshot back over what another screen (or the background sync) changed since."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from coordinateur.settings import enregistre_reglages, load_settings
from coordinateur.store import Store
from ui.confiance.conservation import ConservationWidget
from ui.confiance.protection import ProtectionWidget


def test_changing_the_lock_delay_keeps_the_shared_folder_chosen_since(
    qtbot: QtBot, store: Store, tmp_path: object
) -> None:
    snapshot = load_settings(store)  # what the window took at start
    protection = ProtectionWidget(store, snapshot, lambda _t: None)
    conservation = ConservationWidget(store, snapshot)
    qtbot.addWidget(protection)
    qtbot.addWidget(conservation)
    # meanwhile the Partage screen chooses a folder and a sync records its time
    enregistre_reglages(store, partage_dossier="/mnt/nas/cpts", audit_summary="Dossier de partage")
    enregistre_reglages(store, partage_derniere_synchro="2026-11-27T10:00:00+00:00")
    protection.delay.setValue(25)
    protection.apply_delay()
    conservation.dossiers.setValue(30)
    conservation._save_rules()
    now = load_settings(store)
    assert now.verrouillage_minutes == 25 and now.conservation_dossiers_mois == 30
    assert now.partage_dossier == "/mnt/nas/cpts"
    assert now.partage_derniere_synchro == "2026-11-27T10:00:00+00:00"


def test_an_unknown_or_mistyped_setting_is_refused(store: Store) -> None:
    import pytest

    with pytest.raises(ValueError):
        enregistre_reglages(store, verrouillage_minutes="dix")
    with pytest.raises(ValueError):
        enregistre_reglages(store, inconnu=1)
