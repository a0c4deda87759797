"""Protecting, unlocking and locking, as a coordinator does it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from coordinateur.confiance import chiffrement
from coordinateur.confiance.ouverture import open_store
from coordinateur.paths import resolve_paths
from coordinateur.settings import load_settings
from coordinateur.territoire import PremierDemarrage, enregistre_premier_demarrage
from tests.ui.helpers import type_text
from ui.main_window import MainWindow
from ui.verrou import CleSecoursDialog, CreationDialog, DeverrouillageDialog, SecoursDialog, VerrouWidget

PHRASE = "Causse-Comtal 2026 !"


def test_first_start_asks_for_a_strong_passphrase_and_shows_the_recovery_key(
    qtbot: QtBot, tmp_path: Path
) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    paths.ensure()
    dialog = CreationDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    # the first window says welcome before it asks for the passphrase
    assert dialog.windowTitle() == "Bienvenue dans Coordinateur"
    intro = dialog.findChildren(QLabel)[0].text()
    assert intro.index("Bienvenue") < intro.index("phrase de passe")
    type_text(dialog.phrase, "motdepasse")
    assert "Pas encore" in dialog.rule.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert (
        dialog.isVisible()
        and "CNIL" in dialog.error.text()
        and "Longueur actuelle : 10" in dialog.error.text()
    )
    qtbot.keyClick(dialog.phrase, Qt.Key.Key_End)
    type_text(dialog.phrase, "!")  # the refusal follows the typing
    assert dialog.error.isVisible() and "Longueur actuelle : 11" in dialog.error.text()
    dialog.phrase.clear()
    type_text(dialog.phrase, PHRASE)
    assert "assez robuste" in dialog.rule.text()
    assert not dialog.error.isVisible()  # never « trop faible » beside « assez robuste »
    type_text(dialog.confirmation, PHRASE + "x")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "pas identiques" in dialog.error.text() and not chiffrement.est_chiffre(paths.data)
    dialog.confirmation.clear()
    type_text(dialog.confirmation, PHRASE)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    store = dialog.store
    assert store is not None and store.key is not None and store.recovery_key
    recovery = store.recovery_key
    store.close()

    shown = CleSecoursDialog(recovery, paths, "CPTS Aubrac")
    qtbot.addWidget(shown)
    assert any(" – ".join(recovery.split("-")) == label.text() for label in shown.findChildren(QLabel))
    pdf = shown.save_pdf(str(tmp_path / "secours.pdf"))
    assert pdf is not None
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Clé de secours" in text and recovery.split("-")[0] in text
    assert mode(pdf) == 0o600  # like every export
    # a stray Enter or Escape does not hide the key for ever: it closes once the coordinator says it is noted
    shown.show()
    assert shown.pdf_button.isDefault() and not shown.done_button.isEnabled()
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    shown.accept()
    assert shown.isVisible()
    shown.note.setChecked(True)
    with qtbot.waitSignal(shown.accepted):
        qtbot.mouseClick(shown.done_button, Qt.MouseButton.LeftButton)


def mode(path: Path) -> int:
    import stat

    return stat.S_IMODE(path.stat().st_mode)


def test_unlock_refuses_a_wrong_passphrase_then_opens_and_recovery_sets_a_new_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    with open_store(paths, phrase=PHRASE) as store:
        recovery = store.recovery_key
    assert recovery
    dialog = DeverrouillageDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.phrase, "pas la bonne")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "incorrecte" in dialog.error.text() and "1 essai" in dialog.error.text()
    dialog.phrase.clear()
    type_text(dialog.phrase, PHRASE)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.store is not None
    dialog.store.close()

    forgot = SecoursDialog(paths)
    qtbot.addWidget(forgot)
    forgot.show()
    type_text(forgot.recovery, recovery.lower().replace("-", " "))
    type_text(forgot.phrase, "Nouvelle phrase 2027 ?")
    type_text(forgot.confirmation, "Nouvelle phrase 2027 ?")
    with qtbot.waitSignal(forgot.accepted):
        qtbot.mouseClick(forgot.ok_button, Qt.MouseButton.LeftButton)
    assert forgot.store is not None
    forgot.store.close()
    with open_store(paths, phrase="Nouvelle phrase 2027 ?"):
        pass


def test_ctrl_l_hides_everything_until_the_passphrase_is_typed(qtbot: QtBot, tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    store = open_store(paths, phrase=PHRASE)
    try:
        enregistre_premier_demarrage(store, PremierDemarrage("Camille Vernhes", "", "DAC 12", ["12"], []))
        window = MainWindow(store, load_settings(store))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        annuaire = window.centralWidget()
        window.lock_action.trigger()
        assert window.locked and window.centralWidget() is not annuaire
        assert window.centralWidget().objectName() == "ecran-verrouille"
        assert not annuaire.isVisible() and not window.menuBar().isEnabled()
        page = window.centralWidget()
        type_text(page.phrase, "pas la bonne")
        qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
        assert window.locked and "incorrecte" in page.error.text() and page.phrase.text() == ""
        type_text(page.phrase, PHRASE)
        qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
        assert not window.locked and window.centralWidget() is annuaire and window.menuBar().isEnabled()
        # a dialog open at lock time keeps what was typed, hidden under its own lock
        from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

        dialog = QDialog(window)
        field = QLineEdit("brouillon non enregistré")
        QVBoxLayout(dialog).addWidget(field)
        dialog.resize(400, 300)
        dialog.show()
        qtbot.waitExposed(dialog)
        window.lock()
        covers = [o for o in window._lock_overlays if o.parent() is dialog]
        assert dialog.isVisible() and len(covers) == 1 and covers[0].geometry() == dialog.rect()
        type_text(covers[0].phrase, PHRASE)
        qtbot.mouseClick(covers[0].unlock_button, Qt.MouseButton.LeftButton)
        assert not window.locked and window.centralWidget() is annuaire
        assert field.text() == "brouillon non enregistré" and not covers[0].isVisible()
        dialog.close()
        # inactivity locks too
        window.idle.setInterval(50)
        window.idle.start()
        qtbot.waitUntil(lambda: window.locked, timeout=3000)
        window.close()
    finally:
        store.close()


def test_the_lock_page_explains_a_forgotten_passphrase_and_the_recovery_key_unlocks(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    store = open_store(paths, phrase=PHRASE)
    recovery = store.recovery_key or ""
    try:
        enregistre_premier_demarrage(store, PremierDemarrage("Camille Vernhes", "", "DAC 12", ["12"], []))
        window = MainWindow(store, load_settings(store))
        qtbot.addWidget(window)
        window.show()
        annuaire = window.centralWidget()
        window.lock()
        page = window.centralWidget()
        assert isinstance(page, VerrouWidget) and page.forgotten.text() == "Phrase &oubliée ?"
        explained: list[str] = []

        def answer(box: QMessageBox, choice: str) -> int:
            explained.append(box.informativeText())
            next(b for b in box.buttons() if b.text() == choice).click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", lambda box: answer(box, "Annuler"))
        page.forgotten.click()
        assert "clé de secours" in explained[0].lower() and "huit groupes" in explained[0] and window.locked

        def recover(dialog: SecoursDialog, key: str) -> int:
            type_text(dialog.recovery, key)
            type_text(dialog.phrase, "Nouvelle phrase 2027 ?")
            type_text(dialog.confirmation, "Nouvelle phrase 2027 ?")
            dialog.accept()
            refused.append(dialog.error.text())
            return dialog.result()

        refused: list[str] = []
        monkeypatch.setattr(QMessageBox, "exec", lambda box: answer(box, "&Utiliser la clé de secours…"))
        monkeypatch.setattr(SecoursDialog, "exec", lambda d: recover(d, "ABCD-" * 7 + "ABCD"))
        page.forgotten.click()
        assert window.locked and "incorrecte" in refused[-1]  # a wrong key unlocks nothing
        monkeypatch.setattr(SecoursDialog, "exec", lambda d: recover(d, recovery))
        page.forgotten.click()
        assert not window.locked and window.centralWidget() is annuaire
        assert chiffrement.ouvre_cle(paths.data, "Nouvelle phrase 2027 ?") == store.key
        window.close()
    finally:
        store.close()


def test_a_copied_identifier_leaves_the_clipboard_after_the_delay_and_at_lock(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtGui import QGuiApplication

    from ui.common.presse_papiers import GardePressePapiers

    paths = resolve_paths(tmp_path / "donnees")
    store = open_store(paths, kind="fenetre", phrase=PHRASE)
    try:
        enregistre_premier_demarrage(
            store, PremierDemarrage("Hélène Bousquet", "", "CPTS Aubrac", ["12"], [])
        )
        window = MainWindow(store, load_settings(store))
        qtbot.addWidget(window)
        window.show()
        window.windowHandle().requestActivate()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        clipboard = QGuiApplication.clipboard()
        short = GardePressePapiers(window, delai_ms=200)
        clipboard.setText("2 37 04 12 243 484 44")  # a NIR copied from a person's file
        qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3000)
        clipboard.setText("Laguiole")  # not an identifier: stays
        qtbot.wait(400)
        assert clipboard.text() == "Laguiole"
        clipboard.setText("06 12 34 56 78")
        qtbot.wait(50)
        clipboard.setText("autre chose copiée ensuite")  # something copied since is left alone
        qtbot.wait(400)
        assert clipboard.text() == "autre chose copiée ensuite"
        short.deleteLater()
        clipboard.setText("10001045367")  # an RPPS, then Ctrl+L: gone at once
        window.lock()
        assert clipboard.text() == ""
        window.close()
    finally:
        store.close()
