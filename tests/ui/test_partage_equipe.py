"""The Partage screen's team side: this laptop's and its coordinator's names, the Équipe tab (invite, join,
retire, a former place, a refused arrival, the team's nominative documents)."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import enregistre
from coordinateur.confiance.ouverture import open_store
from coordinateur.partage.sync import synchronise
from coordinateur.paths import resolve_paths
from coordinateur.settings import enregistre_reglages, load_settings
from coordinateur.store import Store
from coordinateur.text import insecables
from tests.coordinateur.partage.outils import en_equipe
from tests.ui.test_partage import screen_on_a_new_nas_folder
from ui.partage.screen import PartageScreen


def test_this_laptop_can_be_renamed(qtbot: QtBot, store: Store) -> None:
    screen = PartageScreen(store, load_settings(store))
    qtbot.addWidget(screen)
    screen.device_name.setText("Portable de Camille")
    screen.device_name.editingFinished.emit()
    assert store.device_name == "Portable de Camille"
    store.close()
    with open_store(store.paths) as again:
        assert again.device_name == "Portable de Camille"


def test_the_coordinator_of_this_laptop_can_be_renamed(qtbot: QtBot, store: Store) -> None:
    """A new coordinator takes the laptop over: typed on the Partage screen, kept (its row of the team too);
    an empty name is refused with a French message and the former one stays."""
    enregistre_reglages(store, coordinateur_nom="Camille Bessière")
    screen = PartageScreen(store, load_settings(store))
    qtbot.addWidget(screen)
    screen.coordinator.setText("  Anne-Laure   N'Diaye-Fabre ")
    screen.coordinator.editingFinished.emit()
    assert load_settings(store).coordinateur_nom == "Anne-Laure N'Diaye-Fabre"
    said: list[str] = []
    with patch.object(QMessageBox, "warning", lambda _p, _t, text: said.append(text)):
        screen.coordinator.setText(" ")
        screen.coordinator.editingFinished.emit()
    assert said and "nom du coordinateur" in said[0]
    assert load_settings(store).coordinateur_nom == "Anne-Laure N'Diaye-Fabre"
    assert screen.coordinator.text() == "Anne-Laure N'Diaye-Fabre"
    assert store.user == "Anne-Laure N'Diaye-Fabre"  # the audit trail names who works from now on


def test_the_status_bar_names_the_new_coordinator(qtbot: QtBot, store: Store) -> None:
    from ui.main_window import MainWindow

    enregistre_reglages(store, coordinateur_nom="Camille Bessière")
    window = MainWindow(store, load_settings(store))
    qtbot.addWidget(window)
    screen = window.show_screen_named("partage")
    assert window.status_user.text().startswith("Camille Bessière")
    screen.coordinator.setText("Hervé Cayla-d'Olt")  # type: ignore[attr-defined]
    screen.coordinator.editingFinished.emit()  # type: ignore[attr-defined]
    assert window.status_user.text().startswith("Hervé Cayla-d'Olt")


def test_a_laptop_the_team_does_not_admit_is_not_said_connected(qtbot: QtBot, store: Store) -> None:
    from coordinateur.partage.actualisation import ARRIVEE_REFUSEE
    from coordinateur.partage.tableau import Etat

    screen = PartageScreen(store, load_settings(store))
    qtbot.addWidget(screen)
    screen._show_state(Etat("/mnt/nas", True, 0, None, 0, ARRIVEE_REFUSEE, hors_equipe=ARRIVEE_REFUSEE))
    first, *rest = screen.status.text().splitlines()
    assert first.startswith("dossier joignable, mais cet ordinateur n'est pas admis dans l'équipe")
    assert rest.count(insecables(ARRIVEE_REFUSEE)) == 1  # the reason, once


def test_renaming_this_laptop_renames_its_row_of_the_team_at_once(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    screen, _shared = screen_on_a_new_nas_folder(qtbot, store, tmp_path)  # its sync created the team
    members = screen.equipe.members
    assert members.rowCount() == 1 and members.item(0, 0).text() == store.device_name
    screen.device_name.setText("Portable de Noémie")
    screen.device_name.editingFinished.emit()
    assert members.item(0, 0).text() == "Portable de Noémie"  # no sync, no reading of the team in between
    assert members.item(0, 3).text() == "cet ordinateur"


def test_invite_join_and_retire_a_laptop_from_the_screens(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole team through the window: the first laptop's sync creates the team, it shows an invitation
    code, the new laptop types it, both see each other, then the first retires the second."""
    from PySide6.QtWidgets import QMessageBox

    from ui.partage.equipe import InvitationDialog, RejoindreDialog

    screen, shared = screen_on_a_new_nas_folder(qtbot, store, tmp_path)
    page = screen.equipe
    assert "chiffré" in page.summary.text() and page.members.rowCount() == 1
    assert page.invite_button.isEnabled() and not page.join_button.isEnabled()
    qtbot.mouseClick(page.invite_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, InvitationDialog) and dialog.isVisible()
    code = dialog.code.text()
    assert len(code) == 19 and code.count("-") == 3
    dialog.close()

    with open_store(resolve_paths(tmp_path / "nouveau")) as other:
        second = PartageScreen(other, load_settings(other))
        qtbot.addWidget(second)
        with qtbot.waitSignal(second.veille.synced, timeout=30_000):
            second.set_folder(shared)
        assert "demandez une invitation" in second.status.text()
        assert second.equipe.join_button.isEnabled() and not second.equipe.invite_button.isEnabled()
        qtbot.mouseClick(second.equipe.join_button, Qt.MouseButton.LeftButton)
        join = second.equipe.dialog
        assert isinstance(join, RejoindreDialog)
        join.code.setText("ABCD")
        join.accept()
        assert "16 caractères" in join.error.text() and join.isVisible()
        join.code.setText(code)
        assert join.error.text() == ""  # what was said of the code typed before is gone
        with qtbot.waitSignal(second.veille.synced, timeout=30_000):
            join.accept()  # joined: the screen syncs at once
        assert not join.isVisible() and second.equipe.members.rowCount() == 2
        assert "demandez une invitation" not in second.status.text()
        other_device = other.device_id

    with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
        qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    assert page.members.rowCount() == 2
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    row = next(r for r, line in enumerate(page._lines) if line.appareil == other_device)
    page.members.selectRow(row)
    with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
        qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    assert "retiré de l'équipe" in said[-1]
    states = [page.members.item(r, 3).text() for r in range(page.members.rowCount())]
    assert sorted(states) == ["cet ordinateur", "retiré"]

    # it had only been left in a drawer: it is told what to do, and doing it works
    qtbot.mouseClick(page.invite_button, Qt.MouseButton.LeftButton)
    assert isinstance(page.dialog, InvitationDialog)
    code = page.dialog.code.text()
    page.dialog.close()
    with open_store(resolve_paths(tmp_path / "nouveau")) as other:
        second = PartageScreen(other, load_settings(other))
        qtbot.addWidget(second)
        with qtbot.waitSignal(second.veille.synced, timeout=30_000):
            qtbot.mouseClick(second.sync_button, Qt.MouseButton.LeftButton)
        assert "demandez une nouvelle invitation" in second.equipe.summary.text()
        assert second.equipe.join_button.isEnabled()
        qtbot.mouseClick(second.equipe.join_button, Qt.MouseButton.LeftButton)
        join = second.equipe.dialog
        assert isinstance(join, RejoindreDialog)
        join.code.setText(code)
        with qtbot.waitSignal(second.veille.synced, timeout=30_000):
            join.accept()
        assert not join.isVisible() and other.device_id != other_device
        assert "nouvel identifiant" in second.equipe.summary.text()
        states = [second.equipe.members.item(r, 3).text() for r in range(second.equipe.members.rowCount())]
        assert sorted(states) == ["cet ordinateur", "membre", "retiré"]


def test_a_laptop_restored_from_before_it_joined_sees_its_former_place_and_retires_it(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This laptop was restored from a backup made before it joined; a colleague invites it again: the Équipe
    tab names its former place, still a member, tells what to do, and retiring it from there works."""
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy import delete

    from coordinateur.partage import invitations
    from coordinateur.partage.dossier import racine
    from coordinateur.partage.models import EquipeLocale
    from coordinateur.settings import enregistre_reglages

    shared = tmp_path / "nas"
    shared.mkdir()
    enregistre_reglages(store, partage_dossier=str(shared))
    with open_store(resolve_paths(tmp_path / "collegue")) as other:
        en_equipe(shared, other, store)
        synchronise(store, shared)
        with store.write() as session:  # the restore: no team here any more, the same device id
            session.execute(delete(EquipeLocale))
        former = store.device_id
        invitations.rejoint(store, racine(shared), invitations.invite(other, racine(shared)).code)
        synchronise(store, shared)
        synchronise(other, shared)
    screen = PartageScreen(store, load_settings(store))
    qtbot.addWidget(screen)
    page = screen.equipe
    states = {line.appareil: page.members.item(r, 3).text() for r, line in enumerate(page._lines)}
    assert (
        states[former] == "ancienne place de cet ordinateur" and states[store.device_id] == "cet ordinateur"
    )
    assert "retirez-la" in page.summary.text()
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **_k: asked.append(a[2]) or QMessageBox.StandardButton.Yes
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    page.members.selectRow(next(r for r, line in enumerate(page._lines) if line.appareil == former))
    with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
        qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    # asked as what it is: not « Retirer « (this laptop's own name) » de l'équipe ? »
    assert len(asked) == 1 and "l'ancienne place de cet ordinateur" in asked[0] and former[:8] in asked[0]
    states = {line.appareil: page.members.item(r, 3).text() for r, line in enumerate(page._lines)}
    assert states[former] == "retiré" and "retirez-la" not in page.summary.text()


def test_a_teams_nominative_document_is_saved_from_the_equipe_tab(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from coordinateur.partage.boite import depose
    from coordinateur.settings import enregistre_reglages

    screen, shared = screen_on_a_new_nas_folder(qtbot, store, tmp_path)
    with open_store(resolve_paths(tmp_path / "collegue")) as other:
        en_equipe(shared, store, other)
        enregistre_reglages(other, partage_dossier_interne=True)
        depose(other, destinataire="Hôpital de Rodez", genre="fiche-frigo", extension="pdf", contenu=b"%PDF-1.7 fiche",
               donnees_personnes=True)  # fmt: skip
        synchronise(other, shared)
    with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
        qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    page = screen.equipe
    assert page.documents.rowCount() == 1 and page.save_document.isEnabled()
    target = tmp_path / "enregistre.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    page.documents.selectRow(0)
    qtbot.mouseClick(page.save_document, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == b"%PDF-1.7 fiche" and target.stat().st_mode & 0o077 == 0
    assert str(target) in said[-1]


def test_a_newcomer_the_team_refuses_is_told_in_the_equipe_tab_and_joins_again_from_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from coordinateur.partage import equipe, invitations
    from coordinateur.partage.actualisation import ARRIVEE_REFUSEE
    from coordinateur.partage.dossier import initialise
    from coordinateur.settings import enregistre_reglages
    from ui.partage.equipe import RejoindreDialog

    shared = tmp_path / "nas"
    shared.mkdir()
    root = initialise(shared)
    with open_store(resolve_paths(tmp_path / "a")) as a, open_store(resolve_paths(tmp_path / "n")) as n:
        equipe.creer(a, root)
        synchronise(a, shared)
        invitations.rejoint(n, root, invitations.invite(a, root).code)
        enregistre(n, FicheIntervenant(nom="Cabrolier", profession_code="60", commune_code="12119"))
        synchronise(n, shared)
        later = equipe._now() + timedelta(days=40)  # nobody read N before its invitation expired
        monkeypatch.setattr(equipe, "_now", lambda: later)
        enregistre_reglages(n, partage_dossier=str(shared))
        synchronise(n)
        screen = PartageScreen(n, load_settings(n))
        qtbot.addWidget(screen)
        page = screen.equipe
        assert page.summary.text() == insecables(ARRIVEE_REFUSEE)
        assert page.join_button.isEnabled() and not page.invite_button.isEnabled()
        assert not screen.status.text().startswith("connecté")
        code = invitations.invite(a, root).code
        qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
        join = page.dialog
        assert isinstance(join, RejoindreDialog)
        join.code.setText(code)
        with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
            join.accept()
        assert not join.isVisible() and join.error.text() == ""
        assert "chiffré" in page.summary.text() and page.invite_button.isEnabled()
        assert screen.status.text().startswith("connecté")
        screen.veille.wait()
