"""The Protection screen as a coordinator uses it: the audit trail filtered and exported, backups made and
restored, passphrase and lock delay changed, the purge assistant, and the rights of one person."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from coordinateur.confiance import chiffrement
from coordinateur.confiance.journal import entrees
from coordinateur.confiance.ouverture import open_store
from coordinateur.confiance.sauvegarde import liste
from coordinateur.paths import resolve_paths
from coordinateur.personnes.service import liste_personnes, lit_personne
from coordinateur.settings import load_settings
from coordinateur.store import Store
from tests.ui.helpers import type_text
from ui.main_window import MainWindow

PHRASE = "Causse-Comtal 2026 !"
NOUVELLE = "Lévézou et Lot 2027 ?"


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes answered "Oui" and recorded instead of shown."""
    said: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: said.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return said


def window_on(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(store, load_settings(store))
    qtbot.addWidget(window)
    window.show()
    return window


def test_journal_filtered_by_person_exported_and_checked(
    qtbot: QtBot, demo_store: Store, tmp_path: Path, quiet: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    window = window_on(qtbot, demo_store)
    people = window.show_screen_named("personnes")
    people.table.selectRow(0)
    person = people.model.row_at(0)
    lit_personne(demo_store, person.id)  # the demo writes its persons in bulk: one opening to show
    people.show_journal()  # "Droits de la personne → Voir le journal de ce dossier"
    screen = window.screen_widget("protection")
    assert window.stack.currentWidget() is screen and screen.tabs.currentWidget() is screen.journal
    journal = screen.journal
    assert journal.personne.currentData() == person.id
    shown = {journal.model.row_at(r).objet_id for r in range(journal.model.rowCount())}
    assert shown == {person.id}
    assert f"{person.nom.upper()} {person.prenom}" in journal.model.index(0, 3).data()
    journal.personne.setCurrentIndex(0)
    journal.action.setCurrentIndex(journal.action.findData("demo"))
    assert journal.model.rowCount() == 1
    target = tmp_path / "journal.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    announced: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: announced.append(box.text()) or 0)
    journal.export_button.click()
    assert announced == ["1 ligne exportée."]
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert len(rows) == 2 and rows[1][5] == "Démonstration"
    journal.verify_button.click()
    assert "intact" in quiet[-1]


def test_backup_now_then_restore_closes_and_hands_the_work_to_the_start_loop(
    qtbot: QtBot, demo_store: Store, quiet: list[str]
) -> None:
    window = window_on(qtbot, demo_store)
    screen = window.show_screen_named("protection")
    screen.tabs.setCurrentWidget(screen.sauvegardes)
    backups = screen.sauvegardes
    assert not backups.second_choose.isEnabled()  # a plain store: no copy leaves the laptop
    backups.backup_now()
    qtbot.waitUntil(lambda: backups.model.rowCount() == 1, timeout=20_000)
    assert "vérifiée" in quiet[-1]
    backups.verify_selected()
    qtbot.waitUntil(lambda: "intégrité vérifiée" in quiet[-1], timeout=20_000)
    chosen = liste(demo_store.paths)[0]
    backups.restore_button.click()
    assert window.tache is not None and not window.isVisible()
    # what ui.app.run does next: the store is closed, the backup restored, the store reopened
    from coordinateur.confiance.reouverture import ferme_et_rouvre

    reopened, done, error = ferme_et_rouvre(demo_store, window.tache)
    try:
        assert error == "" and done is not None and done.audit is not None and done.audit[2] == chosen.id
    finally:
        reopened.close()


def test_passphrase_change_and_lock_delay(qtbot: QtBot, tmp_path: Path, quiet: list[str]) -> None:
    from ui.verrou import ChangePhraseDialog

    paths = resolve_paths(tmp_path / "donnees")
    store = open_store(paths, kind="fenetre", phrase=PHRASE)
    try:
        from coordinateur.demo import DEMO_COORDINATEUR
        from coordinateur.territoire import enregistre_premier_demarrage

        enregistre_premier_demarrage(store, DEMO_COORDINATEUR)
        window = window_on(qtbot, store)
        screen = window.show_screen_named("protection")
        protection = screen.protection
        dialog = ChangePhraseDialog(store, protection)
        qtbot.addWidget(dialog)
        type_text(dialog.current, "pas la bonne phrase")
        type_text(dialog.phrase, NOUVELLE)
        type_text(dialog.confirmation, NOUVELLE)
        dialog.ok_button.click()
        assert "incorrecte" in dialog.error.text()
        dialog.current.clear()
        type_text(dialog.current, PHRASE)
        with qtbot.waitSignal(dialog.accepted):
            dialog.ok_button.click()
        assert chiffrement.ouvre_cle(paths.data, NOUVELLE) == store.key
        with pytest.raises(chiffrement.PhraseIncorrecte):
            chiffrement.ouvre_cle(paths.data, PHRASE)
        assert entrees(store, limite=1)[0].resume == "Phrase de passe changée"

        protection.delay.setValue(3)
        protection.delay_apply.click()
        assert window.idle.interval() == 3 * 60_000 and load_settings(store).verrouillage_minutes == 3
        # backups of an encrypted store may go to a second destination
        assert screen.sauvegardes.second_choose.isEnabled()
        window.close()
    finally:
        store.close()


def test_purge_assistant_lists_then_anonymises_only_what_stays_ticked(
    qtbot: QtBot, demo_store: Store, quiet: list[str]
) -> None:
    window = window_on(qtbot, demo_store)
    screen = window.show_screen_named("protection")
    screen.tabs.setCurrentWidget(screen.conservation)
    conservation = screen.conservation
    conservation.dossiers.setValue(1)
    conservation.dossiers.editingFinished.emit()
    assert load_settings(demo_store).conservation_dossiers_mois == 1
    assert not conservation.purge_button.isEnabled()
    conservation.search_button.click()
    listed = [item for item in conservation.found if item.genre == "dossier"]
    assert len(listed) >= 2 and conservation.purge_button.isEnabled()
    first = next(row for row, item in enumerate(conservation.found) if item.genre == "dossier")
    kept = conservation.found[first].id
    conservation.table.item(first, 0).setCheckState(Qt.CheckState.Unchecked)
    for row, item in enumerate(conservation.found):  # only persons' files for this test
        if item.genre != "dossier":
            conservation.table.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
    conservation.purge_button.click()
    statuts = {p.id: p.statut for p in liste_personnes(demo_store)}
    assert statuts[kept] != "anonymisee"
    assert sum(1 for s in statuts.values() if s == "anonymisee") == len(listed) - 1
    assert "anonymisé" in conservation.result.text()


def test_rights_of_one_person_from_the_personnes_screen(
    qtbot: QtBot, demo_store: Store, tmp_path: Path, quiet: list[str]
) -> None:
    window = window_on(qtbot, demo_store)
    people = window.show_screen_named("personnes")
    people.table.selectRow(0)
    person = people.model.row_at(0)
    path = people.access_bundle(str(tmp_path / "acces.pdf"))
    assert path is not None
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert person.nom.upper() in text and "Journal des accès" in text
    people.erase()
    assert person.id not in {p.id for p in people.model._rows}  # no longer among the persons followed
    statuts = {p.id: p.statut for p in liste_personnes(demo_store)}
    assert statuts[person.id] == "anonymisee"
    people.statut.setCurrentIndex(people.statut.findData("anonymisee"))
    assert people.model.rowCount() == 1
    people._open_index(people.model.index(0, 0))  # an anonymised file does not open
    assert "anonymisé" in quiet[-1]
