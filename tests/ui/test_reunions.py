"""Meetings driven as a coordinator would: create, add participants from the directory, a situation and
an action, validate, export for partners."""

from __future__ import annotations

import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from coordinateur.partage.boite import boite_envoi
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.service import enregistre_personne
from coordinateur.reunions.service import liste_reunions, lit_reunion
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.text import date_longue
from tests.ui.helpers import type_text
from ui.common.dates import ChampDate
from ui.reunions.apercu import ApercuSortie
from ui.reunions.dialog import DiffusionDialog, ReunionDialog
from ui.reunions.screen import ReunionsScreen


def marthe_and_a_new_meeting(qtbot: QtBot, store: Store) -> tuple[str, ReunionDialog]:
    person, _ = enregistre_personne(store, Dossier(nom_naissance="Bessière", prenoms_naissance="Marthe",
                                                   date_naissance="1937-04-12", commune_code="12119"))  # fmt: skip
    dialog = ReunionDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return person, dialog


def test_create_a_meeting_validate_and_export_for_partners(
    qtbot: QtBot, store: Store, annuaire: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    person, dialog = marthe_and_a_new_meeting(qtbot, store)
    type_text(dialog.titre, "Concertation de Laguiole")
    type_text(dialog.serie, "CPP Laguiole")
    dialog.tabs.setCurrentWidget(dialog.participants)
    for name in ("jérôme", "cœurdevey"):
        dialog.participants.picker.search.clear()
        type_text(dialog.participants.picker.search, name)
        assert dialog.participants.picker.found.count() >= 1
        qtbot.mouseClick(dialog.participants.picker.add, Qt.MouseButton.LeftButton)
    assert [p["nom"] for p in dialog.participants.values()] == ["Jérôme Lefèvre", "Anne Cœurdevey"]
    # picked from the directory, a participant comes with the e-mail of his record (Anne's has none)
    assert [p["email"] for p in dialog.participants.values()] == ["jerome.lefevre@example.fr", ""]
    dialog.tabs.setCurrentWidget(dialog.situations)
    qtbot.mouseClick(dialog.situations.add_button, Qt.MouseButton.LeftButton)
    dialog.situations.person.setCurrentIndex(dialog.situations.person.findData(person))
    dialog.situations.question.setPlainText("Maintien à domicile de Marthe Bessière ?")
    dialog.situations.decision.setPlainText("Passage SAAD renforcé")
    dialog.actions_editor.add_row({"quoi": "Évaluation APA", "responsable": "CIAS Aubrac",
                            "echeance": (date.today() + timedelta(days=20)).isoformat(), "situation_index": 0})  # fmt: skip
    said: list[str] = []

    def question(
        _parent: object, title: str, text: str, *_a: object, **_k: object
    ) -> QMessageBox.StandardButton:
        said.append(title + " — " + text)
        return QMessageBox.StandardButton.Cancel if len(said) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.mouseClick(dialog.validate_button, Qt.MouseButton.LeftButton)  # cancelled: not even saved
    assert dialog.saved_id is None and "figé" in said[0] and "amendement" in said[0]
    qtbot.mouseClick(dialog.validate_button, Qt.MouseButton.LeftButton)
    data = lit_reunion(store, dialog.saved_id or "")
    assert data.statut == "validee" and len(data.situations) == 1 and data.actions[0].quoi == "Évaluation APA"
    assert len(data.participants) == 2 and data.participants[0]["annuaire_id"] == annuaire["jerome"]
    assert "Validée" in dialog.state.text()
    board = ReunionsScreen(store, load_settings(store))
    qtbot.addWidget(board)
    column = board.actions_model.HEADERS.index("Personne ou situation")
    assert board.actions_model.index(0, column).data() == "BESSIÈRE Marthe"  # the action's situation
    assert dialog.windowTitle() == f"Réunion du {date_longue(date.today())} — Concertation de Laguiole"

    target = tmp_path / "releve.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    from coordinateur.settings import enregistre_reglages

    assert not DiffusionDialog(
        "partenaires", "", dossier_partage=False
    ).deposer.isChecked()  # no folder: not offered
    enregistre_reglages(store, partage_dossier=str(tmp_path / "nas"))
    asked: list[bool] = []

    def answer(box: DiffusionDialog, deposer: bool | None = None) -> int:
        asked.append(box.deposer.isChecked())  # what the coordinator is offered by default
        box.destinataire.setText("CIAS Aubrac")
        if deposer is not None:
            box.deposer.setChecked(deposer)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(DiffusionDialog, "exec", answer)
    previewed: list[str] = []

    def look(preview: ApercuSortie) -> int:
        previewed.append(preview.browser.toPlainText())
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ApercuSortie, "exec", look)
    announced: list[str] = []  # the message after the export, offering to open the file
    monkeypatch.setattr(QMessageBox, "exec", lambda box: announced.append(box.informativeText()) or 0)
    qtbot.mouseClick(dialog.export_buttons[("partenaires", "docx")], Qt.MouseButton.LeftButton)
    assert len(previewed) == 1 and "S-0001" in previewed[0] and "Bessière" not in previewed[0]
    assert announced == [str(target)]
    with zipfile.ZipFile(target) as archive:
        content = "".join(
            archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml")
        )
    assert "Bessière" not in content and "Marthe" not in content and "S-0001" in content
    line = dialog.log.item(0).text()
    assert dialog.log.count() == 1 and "relevé de décisions pour les partenaires (DOCX) → CIAS Aubrac" in line
    assert line.endswith("sans amendement") and "révision" not in line
    waiting = boite_envoi(store)
    assert asked == [True] and [(w.genre, w.extension, w.donnees_personnes) for w in waiting] == [
        ("releve-de-decisions", "docx", False)
    ]

    # Team minutes: not deposited unless asked; when asked, they wait marked as holding person data.
    target = tmp_path / "compte-rendu.odt"
    qtbot.mouseClick(dialog.export_buttons[("equipe", "odt")], Qt.MouseButton.LeftButton)
    assert asked == [True, False] and len(boite_envoi(store)) == 1
    monkeypatch.setattr(DiffusionDialog, "exec", lambda box: answer(box, deposer=True))
    qtbot.mouseClick(dialog.export_buttons[("equipe", "odt")], Qt.MouseButton.LeftButton)
    team = [w for w in boite_envoi(store) if w.genre == "compte-rendu"]
    assert len(team) == 1 and team[0].extension == "odt" and team[0].donnees_personnes


def test_a_validated_meeting_asks_for_the_reason_of_an_amendment(
    qtbot: QtBot, store: Store, annuaire: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ReunionDialog(store)
    qtbot.addWidget(dialog)
    type_text(dialog.titre, "Commission")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.validate_button, Qt.MouseButton.LeftButton)
    dialog.decisions.setPlainText("Décision ajoutée après coup")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Oubli en séance", True))
    assert dialog.save()
    assert lit_reunion(store, dialog.saved_id or "").revisions[0]["motif"] == "Oubli en séance"


def test_screen_and_board(qtbot: QtBot, demo_store: Store) -> None:
    screen = ReunionsScreen(demo_store, load_settings(demo_store))
    qtbot.addWidget(screen)
    assert screen.model.rowCount() == len(liste_reunions(demo_store)) >= 10
    total = screen.actions_model.rowCount()
    screen.late.setChecked(True)
    late = screen.actions_model.rowCount()
    assert late <= total
    screen.late.setChecked(False)
    screen.actions_table.selectRow(0)
    screen._follow("fait")
    assert screen.actions_model.rowCount() == total - 1


def open_editor(table: QWidget) -> ChampDate | None:
    """The cell's editor now open (a closed one waits for its deletion, hidden)."""
    return next((e for e in table.findChildren(ChampDate) if e.isVisible()), None)


def test_dates_are_chosen_in_french_with_a_calendar_and_kept_as_iso(
    qtbot: QtBot, store: Store, annuaire: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    person, dialog = marthe_and_a_new_meeting(qtbot, store)
    type_text(dialog.titre, "Concertation")
    # an action's deadline: shown 15/12/2026, chosen with a calendar, emptied with Suppr
    dialog.tabs.setCurrentWidget(dialog.actions_editor.parentWidget() or dialog.actions_editor)
    row = dialog.actions_editor.add_row(
        {"quoi": "Visite à domicile", "responsable": "SSIAD", "echeance": "2026-12-15"}
    )
    table = dialog.actions_editor.table
    cell = table.model().index(row, dialog.actions_editor.COL_ECHEANCE)
    assert (
        table.itemDelegateForColumn(dialog.actions_editor.COL_ECHEANCE).displayText("2026-12-15", QLocale())
        == "15/12/2026"
    )
    table.setCurrentIndex(cell)
    table.edit(cell)
    editor = open_editor(table)
    assert isinstance(editor, ChampDate) and editor.texte() == "15/12/2026"
    editor.saisie.clear()
    type_text(editor.saisie, "08012027")  # typed as on the other date fields
    table.commitData(editor)
    table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    assert dialog.actions_editor.values()[0]["echeance"] == "2027-01-08"
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert dialog.actions_editor.values()[0]["echeance"] == ""
    table.edit(cell)  # opened and closed without typing: the deadline stays empty
    editor = open_editor(table)
    assert isinstance(editor, ChampDate) and editor.texte() == ""
    table.commitData(editor)
    table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    assert dialog.actions_editor.values()[0]["echeance"] == ""
    table.edit(cell)  # what is not a date is kept as typed, and refused in French when saving
    editor = open_editor(table)
    assert isinstance(editor, ChampDate)
    type_text(editor.saisie, "31/02")
    table.commitData(editor)
    table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    assert dialog.actions_editor.values()[0]["echeance"] == "31/02"
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: refused.append(text))
    assert not dialog.save()
    assert refused == [
        "Action n° 1, échéance : « 31/02 » n'est pas une date (attendu : 23/11/2026 ou 2026-11-23)."
    ]
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    # a situation's dates: empty fields you type into, shown again as 23/11/2026
    dialog.situations.add()
    dialog.situations.person.setCurrentIndex(dialog.situations.person.findData(person))
    informed = dialog.situations.informee_le
    assert informed.texte() == "" and informed.valeur() == ""
    type_text(informed.saisie, "20112026")
    informed.saisie.editingFinished.emit()
    assert informed.texte() == "20/11/2026"
    type_text(dialog.situations.revue_le.saisie, QDate.currentDate().addMonths(3).toString("dd/MM/yyyy"))
    assert dialog.save()
    saved = lit_reunion(store, dialog.saved_id or "").situations[0]
    assert saved.informee_le == "2026-11-20"
    assert saved.revue_le == QDate.currentDate().addMonths(3).toString("yyyy-MM-dd")


def test_the_preview_shows_what_leaves_and_refuses_until_each_passage_is_confirmed(
    qtbot: QtBot, store: Store, annuaire: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A meeting naming the person in its title, her son and his mobile in a synthesis: the preview shows
    the replacements, the dimensions to tick and the passage still suspected; nothing is written until it
    is confirmed, and the confirmation is in the audit journal."""
    from coordinateur.confiance.journal import Filtre, entrees

    person, _ = enregistre_personne(store, Dossier(
        civilite="Mme", nom_naissance="Rouquette", prenoms_naissance="Marthe", date_naissance="1933-05-01",
        commune_code="12119", contacts=[{"nom": "Jean-Luc Rouquette", "role": "prevenir", "telephone": "06 12 34 56 78"}],
    ))  # fmt: skip
    from coordinateur.reunions.service import DonneesReunion, DonneesSituation, enregistre_reunion

    rid = enregistre_reunion(store, DonneesReunion(
        titre="RCP — situation de Mme Rouquette", date=date.today().isoformat(), situations=[DonneesSituation(
            personne_id=person, question="Rester au domicile ?", decision="SSIAD matin et soir",
            synthese={"social": "Son fils Jean-Luc (06 12 34 56 78) passe le soir ; sa cousine Sandrine aussi.",
                      "medical": "Chutes répétées"})]))  # fmt: skip
    dialog = ReunionDialog(store, rid)
    qtbot.addWidget(dialog)
    target = tmp_path / "releve.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(DiffusionDialog, "exec", lambda box: QDialog.DialogCode.Accepted.value)
    seen: dict[str, object] = {}

    def cancel(preview: ApercuSortie) -> int:
        seen["html"] = preview.browser.toHtml()
        seen["text"] = preview.browser.toPlainText()
        seen["suspects"] = preview.suspects.count()
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(ApercuSortie, "exec", cancel)
    qtbot.mouseClick(dialog.export_buttons[("partenaires", "pdf")], Qt.MouseButton.LeftButton)
    assert not target.exists()
    text = str(seen["text"])
    assert "Mme S-0001" in text and "Rouquette" not in text and "Chutes" not in text  # synthesis not ticked
    assert seen["suspects"] == 0 and "#cdeccd" in str(seen["html"])  # replacements highlighted

    def tick_social_then_confirm(preview: ApercuSortie) -> int:
        assert not preview.boxes[(preview.sortie.choix[0].situation_id, "psychologique")].isEnabled()
        preview.boxes[(preview.sortie.choix[0].situation_id, "social")].setChecked(True)
        text = preview.browser.toPlainText()
        assert "[proche] ([téléphone])" in text and "Sandrine" in text and "06 12" not in text
        assert preview.suspects.count() == 1 and "Sandrine" in preview.suspects.item(0).text()
        assert not preview.export_button.isEnabled()  # refused until the passage is confirmed
        preview.suspects.item(0).setCheckState(Qt.CheckState.Checked)
        assert preview.export_button.isEnabled()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ApercuSortie, "exec", tick_social_then_confirm)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # the message offering to open the file
    qtbot.mouseClick(dialog.export_buttons[("partenaires", "pdf")], Qt.MouseButton.LeftButton)
    assert target.exists()
    assert lit_reunion(store, rid).situations[0].pour_partenaires == ["social"]  # kept with the meeting
    journal = [e.resume for e in entrees(store, Filtre(), limite=None)]
    assert any("1 passage(s) signalé(s) confirmé(s)" in line for line in journal)
    assert not any("Sandrine" in line for line in journal)

    def edit_instead(preview: ApercuSortie) -> int:
        return ApercuSortie.MODIFIER

    target.unlink()
    monkeypatch.setattr(ApercuSortie, "exec", edit_instead)
    qtbot.mouseClick(dialog.export_buttons[("partenaires", "pdf")], Qt.MouseButton.LeftButton)
    assert not target.exists() and dialog.tabs.currentWidget() is dialog.situations


def test_a_situation_is_filled_with_the_keyboard_and_named_in_the_list_at_once(
    qtbot: QtBot, store: Store
) -> None:
    """Task (c) of issue 19: after « + Situation » the person is chosen next, the list names her at once,
    and Tab goes from the question to the next box instead of typing a tab into it."""
    person, dialog = marthe_and_a_new_meeting(qtbot, store)
    dialog.tabs.setCurrentWidget(dialog.situations)
    situations = dialog.situations
    qtbot.mouseClick(situations.add_button, Qt.MouseButton.LeftButton)
    assert dialog.focusWidget() is situations.person
    situations.person.setCurrentIndex(situations.person.findData(person))
    assert "BESSIÈRE" in situations.list.item(0).text()
    situations.question.setFocus()
    type_text(situations.question, "Maintien à domicile ?")
    qtbot.keyClick(situations.question, Qt.Key.Key_Tab)
    assert situations.question.toPlainText() == "Maintien à domicile ?"
    assert dialog.focusWidget() is situations.synthese["medical"]


def test_a_participant_is_never_added_from_a_list_nobody_chose_from(qtbot: QtBot, demo_store: Store) -> None:
    dialog = ReunionDialog(demo_store)
    qtbot.addWidget(dialog)
    picker = dialog.participants.picker
    type_text(picker.search, "infirmier")
    assert picker.found.count() > 2 and picker.found.currentData() is None
    assert not picker.add.isEnabled()  # the first of many is not chosen for her
    qtbot.mouseClick(picker.add, Qt.MouseButton.LeftButton)
    assert dialog.participants.values() == []
    picker.found.setCurrentIndex(2)
    chosen = picker.found.currentData()
    qtbot.mouseClick(picker.add, Qt.MouseButton.LeftButton)
    assert [p["annuaire_id"] for p in dialog.participants.values()] == [chosen.id]


def test_a_participant_from_the_directory_shows_whole_at_1050_pixels(qtbot: QtBot, demo_store: Store) -> None:
    """Seen at 1366×768: « Infirm… », « Cabinet infirmier… », « adel… » in the participants' table."""
    dialog = ReunionDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.resize(1050, 728)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.participants)
    picker = dialog.participants.picker
    type_text(picker.search, "chevallier")
    picker.found.setCurrentIndex(picker.found.count() - 1)
    qtbot.mouseClick(picker.add, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    table = dialog.participants.table
    metrics = table.fontMetrics()
    for column in (1, 2, 4):
        text = table.item(0, column).text()
        assert text and metrics.horizontalAdvance(text) + 8 <= table.columnWidth(column), (column, text)
    assert table.columnWidth(3) >= metrics.horizontalAdvance("Cabinet infirmier de Laguiole") + 8


def test_the_preview_counts_in_french(qtbot: QtBot, store: Store) -> None:
    """Seen on a meeting with nothing to replace: « 0 remplacement(s) (aucun) ; 0 passage(s) à vérifier »."""
    from coordinateur.reunions.exports import apercu_compte_rendu
    from coordinateur.reunions.service import DonneesReunion, DonneesSituation, enregistre_reunion

    clean = enregistre_reunion(store, DonneesReunion(titre="RCP d'Aubrac", date=date.today().isoformat(),
                                                     situations=[DonneesSituation(question="Maintien à domicile ?")]))  # fmt: skip
    preview = ApercuSortie(store, clean, lambda: apercu_compte_rendu(store, clean), "Aperçu")
    qtbot.addWidget(preview)
    assert preview.summary.text() == "Aucun remplacement ; aucun passage à vérifier."
    person, _ = enregistre_personne(store, Dossier(civilite="Mme", nom_naissance="Rouquette", prenoms_naissance="Marthe",
                                                   contacts=[{"nom": "Jean-Luc Rouquette", "role": "prevenir"}]))  # fmt: skip
    named = enregistre_reunion(store, DonneesReunion(titre="RCP", date=date.today().isoformat(), situations=[
        DonneesSituation(personne_id=person, question="Marthe Rouquette peut-elle rester seule ?",
                         synthese={"social": "Sa cousine Sandrine passe."})]))  # fmt: skip
    preview = ApercuSortie(store, named, lambda: apercu_compte_rendu(store, named), "Aperçu")
    qtbot.addWidget(preview)
    text = preview.summary.text()
    assert "(s)" not in text and "aucun)" not in text
    assert text.split(" ; ")[0].split()[1] in ("remplacement", "remplacements"), text


def test_a_long_situation_name_wraps_in_the_list(qtbot: QtBot, store: Store) -> None:
    """Seen at 1366×768: « 3. BECKER Suzanne (Soulages-Bonneval) » cut under a horizontal scroll bar."""
    person, _ = enregistre_personne(store, Dossier(nom_naissance="Becker-Vernhes", prenoms_naissance="Marie-Suzanne",
                                                   commune_code="12223"))  # fmt: skip
    dialog = ReunionDialog(store)
    qtbot.addWidget(dialog)
    dialog.resize(1050, 728)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.situations)
    situations = dialog.situations
    qtbot.mouseClick(situations.add_button, Qt.MouseButton.LeftButton)
    situations.person.setCurrentIndex(situations.person.findData(person))
    qtbot.wait(50)
    item = situations.list.item(0)
    assert "BECKER-VERNHES" in item.text()
    assert not situations.list.horizontalScrollBar().isVisible()
    shown = situations.list.visualItemRect(item)
    assert shown.right() <= situations.list.viewport().width()  # the whole name, on two lines if need be
