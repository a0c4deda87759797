import sqlite3

from coordinateur.settings import Settings, load_settings, save_settings
from coordinateur.store import Store
from tests.raw import raw_sql


def test_defaults_on_a_new_store(store: Store) -> None:
    assert load_settings(store) == Settings()
    assert load_settings(store).verrouillage_minutes == 10


def test_round_trip_and_audit(store: Store) -> None:
    settings = load_settings(store)
    settings.coordinateur_nom = "Élodie Cœurdevey"
    settings.territoire_epcis = ["200067171"]
    save_settings(store, settings, audit_summary="Modification du profil")
    assert load_settings(store) == settings
    raw = sqlite3.connect(store.paths.store)
    assert raw.execute("SELECT count(*) FROM journal_audit WHERE action = 'parametrage'").fetchone()[0] == 1
    raw.close()


def test_wrong_type_falls_back_to_default(store: Store) -> None:
    raw_sql(
        store.paths.store,
        "INSERT INTO parametre VALUES ('verrouillage_minutes', '\"dix\"')",
        "INSERT INTO parametre VALUES ('territoire_epcis', 'pas du json')",
        "INSERT INTO parametre VALUES ('inconnu', '1')",
    )
    settings = load_settings(store)
    assert settings.verrouillage_minutes == 10
    assert settings.territoire_epcis == []
