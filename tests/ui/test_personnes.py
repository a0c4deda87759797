"""Persons and liaison sheets, driven as a coordinator would."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from coordinateur.fiches.impression import pdf_fiche
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.service import (
    enregistre_personne,
    etat_fiche,
    liste_personnes,
    lit_personne,
    valide_fiche,
)
from coordinateur.settings import load_settings
from coordinateur.store import Store
from tests.ui.helpers import type_text
from ui.fiches.printing import print_pdf
from ui.personnes.dialog import PersonneDialog
from ui.personnes.screen import PersonnesScreen


def test_print_path_through_qprinter_to_a_pdf_file(
    qtbot: QtBot, store: Store, annuaire: dict, tmp_path: Path
) -> None:
    pid, _ = enregistre_personne(
        store, Dossier(nom_naissance="Rouquette", prenoms_naissance="Marthe", commune_code="12119")
    )
    valide_fiche(store, pid)
    data, _version = pdf_fiche(store, pid, "dlu", action="impression")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    output = tmp_path / "imprime.pdf"
    printer.setOutputFileName(str(output))
    printer.setResolution(150)
    printed = print_pdf(printer, data)
    info = subprocess.run(["pdfinfo", str(output)], capture_output=True, text=True, check=True).stdout
    assert printed >= 2 and f"Pages:           {printed}" in info
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(output), str(tmp_path / "page")],
        check=True,
    )
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    dark = sum(
        1
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if image.pixelColor(x, y).lightness() < 128
    )
    assert dark > 50  # the page carries the sheet, not a blank


def test_create_a_person_add_the_doctor_from_the_directory_validate_and_preview(
    qtbot: QtBot, store: Store, annuaire: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinateur.annuaire.fiches import FicheIntervenant
    from coordinateur.annuaire.service import enregistre

    enregistre(store, FicheIntervenant(civilite="Dr", nom="Vernhès", prenom="Paul", profession_code="10", commune_code="12119",
                                       telephones=[{"type": "fixe", "numero": "05 65 48 00 11"}]))  # fmt: skip
    dialog = PersonneDialog(store, load_settings(store))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.nom_naissance, "Bessière")
    type_text(dialog.prenoms, "Marthe Élise")
    dialog.commune.setCurrentIndex(dialog.commune.findData("12119"))
    dialog.tabs.setCurrentWidget(dialog.cercle)
    type_text(dialog.cercle.search, "vernhès")
    assert dialog.cercle.found.count() == 2  # « — 1 trouvé(s) : choisissez — », then the doctor
    assert not dialog.cercle.pick.isEnabled()  # nothing is chosen for the coordinator
    dialog.cercle.found.setCurrentIndex(1)
    qtbot.mouseClick(dialog.cercle.pick, Qt.MouseButton.LeftButton)
    assert dialog.cercle.values()[0]["role"] == "medecin_traitant"
    dialog.sections["sante"].widgets["allergies"].setPlainText("Pénicilline\nIode")  # type: ignore[attr-defined]
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=2000)
    dialog.tabs.setCurrentWidget(dialog.fiches)
    # unsaved: the panel says that validating saves her first, and offers to save her without closing;
    # nothing to print or deposit yet
    assert dialog.fiches.validate_button.isEnabled()
    assert "pas encore enregistrée" in dialog.fiches.state.text()
    assert dialog.fiches.save_person_button.isVisible()
    assert not dialog.fiches.deposit_button.isEnabled() and not dialog.fiches.print_button.isEnabled()
    qtbot.mouseClick(dialog.fiches.save_person_button, Qt.MouseButton.LeftButton)
    person = liste_personnes(store, "bessière")[0]
    assert dialog.isVisible() and not dialog.fiches.save_person_button.isVisible()
    assert dialog.windowTitle() == "Dossier de Marthe BESSIÈRE"
    assert dialog.fiches.validate_button.isEnabled() and etat_fiche(store, person.id).code == "aucune"
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel

    def question(
        _parent: object, title: str, text: str, *_a: object, **_k: object
    ) -> QMessageBox.StandardButton:
        asked.append(title + " — " + text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.mouseClick(dialog.fiches.validate_button, Qt.MouseButton.LeftButton)
    assert etat_fiche(store, person.id).code == "aucune"  # cancelled: nothing frozen
    assert "version n° 1" in asked[0] and "figée" in asked[0] and "périmée" in asked[0]
    answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(dialog.fiches.validate_button, Qt.MouseButton.LeftButton)
    assert etat_fiche(store, person.id).code == "a_jour"
    saved = lit_personne(store, person.id)
    assert saved.cercle[0]["nom"] == "Dr Paul Vernhès" and saved.cercle[0]["annuaire_id"]
    assert saved.fiche["sante"]["allergies"] == ["Pénicilline", "Iode"]
    assert dialog.fiches.view.page_count() == 1  # the fridge sheet is previewed
    assert not dialog.fiches.view.pages[0].pixmap().isNull()


def test_a_new_person_is_validated_in_one_click_without_saving_her_first(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Task (b) of issue 19: « Valider la fiche » on a new person saves her and freezes version 1 after the
    confirmation, without a separate « Enregistrer la personne »."""
    asked: list[str] = []

    def question(
        _parent: object, title: str, text: str, *_a: object, **_k: object
    ) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = PersonneDialog(store, load_settings(store))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.nom_naissance, "d'Alzon")
    type_text(dialog.prenoms, "Marie-Thérèse")
    dialog.tabs.setCurrentWidget(dialog.fiches)
    qtbot.mouseClick(dialog.fiches.validate_button, Qt.MouseButton.LeftButton)
    person = liste_personnes(store, "alzon")[0]
    assert "version n° 1" in asked[0] and "d'abord enregistré" in asked[0]
    assert etat_fiche(store, person.id).code == "a_jour"
    assert dialog.fiches.print_button.isEnabled() and dialog.fiches.deposit_button.isEnabled()


def test_the_preview_shows_the_whole_page_and_apercu_enlarges_it(qtbot: QtBot, store: Store) -> None:
    pid, _ = enregistre_personne(store, Dossier(nom_naissance="Rouquette", prenoms_naissance="Marthe"))
    valide_fiche(store, pid)
    dialog = PersonneDialog(store, load_settings(store), pid)
    qtbot.addWidget(dialog)
    dialog.resize(1200, 688)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.fiches)
    dialog.fiches.preview()
    qtbot.wait(200)  # the page is drawn again once the view has its size
    view = dialog.fiches.view
    small = view.pages[0].pixmap().deviceIndependentSize()
    assert small.height() <= view.viewport().height() and small.width() >= 300  # the whole page, not a stamp
    qtbot.mouseClick(dialog.fiches.preview_button, Qt.MouseButton.LeftButton)
    big = dialog.fiches.apercu
    assert big is not None and big.isVisible()
    qtbot.wait(200)
    large = big.view.pages[0].pixmap().deviceIndependentSize()  # type: ignore[attr-defined]
    assert large.width() >= 1.5 * small.width() and large.width() >= 600


def test_bad_gir_and_nir_block_saving(qtbot: QtBot, store: Store) -> None:
    dialog = PersonneDialog(store, load_settings(store))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.nom_naissance, "Cayla")
    type_text(dialog.prenoms, "Jeanne")
    type_text(dialog.nir, "2 37 04 12 243 484 45")
    qtbot.waitUntil(lambda: "N° de sécurité sociale" in dialog.problems.text(), timeout=2000)
    assert not dialog.save_button.isEnabled()
    dialog.nir.clear()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=2000)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_screen_lists_and_filters_sheets_to_redo(qtbot: QtBot, demo_store: Store) -> None:
    screen = PersonnesScreen(demo_store, load_settings(demo_store))
    qtbot.addWidget(screen)
    assert screen.model.rowCount() == 83  # 80 drawn at random, 3 hard cases of the RCP
    screen.a_refaire.setChecked(True)
    assert 0 < screen.model.rowCount() < 80
    assert all(screen.model.row_at(r).etat.code != "a_jour" for r in range(screen.model.rowCount()))
    screen.a_refaire.setChecked(False)
    first = screen.model.row_at(0)
    type_text(screen.search, first.prenom.lower())
    qtbot.waitUntil(lambda: 0 < screen.model.rowCount() < 80, timeout=2000)


def test_personnes_and_indicateurs_count_the_same_sheets_to_redo_in_the_same_words(
    qtbot: QtBot, demo_store: Store
) -> None:
    from datetime import date

    from coordinateur.indicateurs.calcul import calcule
    from coordinateur.indicateurs.periodes import periode, territoire

    screen = PersonnesScreen(demo_store, load_settings(demo_store))
    qtbot.addWidget(screen)
    redo = sum(
        1 for r in liste_personnes(demo_store, statut="suivie") if r.etat.code in ("perimee", "aucune")
    )
    assert redo >= 16  # the demo: one sheet in ten never validated, one in ten changed since printed
    assert f"{redo} fiches à refaire" in screen.count.text()
    this_year = periode(str(date.today().year))
    figures = {v.code: v for v in calcule(demo_store, this_year, territoire(load_settings(demo_store)))}
    assert figures["fiches_perimees"].valeur == redo
    assert "à refaire" in figures["fiches_perimees"].definition.libelle
    assert figures["fiches_a_jour"].valeur + redo == figures["personnes_suivies"].valeur
    details = {line.detail for line in figures["fiches_perimees"].lignes}
    assert {"jamais validée", "périmée : données modifiées depuis la version imprimée"} <= details


def test_batch_print_of_the_sheets_to_redo(
    qtbot: QtBot, demo_store: Store, tmp_path: Path, monkeypatch
) -> None:
    import sqlite3

    from PySide6 import QtPrintSupport

    class PrintToFile:
        def __init__(self, printer: QPrinter, _parent: object) -> None:
            self.printer = printer

        def setWindowTitle(self, _title: str) -> None:
            pass

        def exec(self) -> int:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(tmp_path / "lot.pdf"))
            self.printer.setResolution(72)
            return 1

    monkeypatch.setattr(QtPrintSupport, "QPrintDialog", PrintToFile)
    screen = PersonnesScreen(demo_store, load_settings(demo_store))
    qtbot.addWidget(screen)
    expected = len(screen.to_redo())
    assert expected > 0
    screen.print_batch_to_printer()
    assert (tmp_path / "lot.pdf").read_bytes().startswith(b"%PDF")
    conn = sqlite3.connect(demo_store.paths.store)
    printed = conn.execute("SELECT count(*) FROM journal_audit WHERE action = 'impression'").fetchone()[0]
    conn.close()
    assert printed == expected


def test_picking_from_the_directory_ranks_as_a_person_would(
    qtbot: QtBot, store: Store, annuaire: dict
) -> None:
    """« ssiad » lists the SSIAD before its aides-soignantes; a pharmacist is added as the pharmacy, an
    aide-soignante of the SSIAD as the SSIAD."""
    from coordinateur.annuaire.fiches import FicheIntervenant, FicheStructure
    from coordinateur.annuaire.service import enregistre

    for n in range(6):
        enregistre(store, FicheIntervenant(nom=f"Aide{n}", prenom="Ssiad", profession_code="AS", commune_code="12119",
                                           structure_ids=[annuaire["ssiad"]]))  # fmt: skip
    enregistre(
        store, FicheIntervenant(nom="Lacombe", prenom="Paul", profession_code="21", commune_code="12119")
    )
    enregistre(store, FicheStructure(nom="Pharmacie de Laguiole", type_code="PHARMA", commune_code="12119"))
    dialog = PersonneDialog(store, load_settings(store))
    qtbot.addWidget(dialog)
    dialog.commune.setCurrentIndex(dialog.commune.findData("12119"))
    type_text(dialog.cercle.search, "ssiad")
    assert dialog.cercle.found.itemData(1).nom == "SSIAD du Carladez"
    type_text(dialog.cercle.search, "")
    dialog.cercle.search.setText("pharmacie de laguiole")
    assert dialog.cercle.found.itemData(1).nom == "Pharmacie de Laguiole"
    dialog.cercle.search.setText("lacombe")
    dialog.cercle.found.setCurrentIndex(1)
    dialog.cercle.add_found()
    dialog.cercle.search.setText("aide0")
    dialog.cercle.found.setCurrentIndex(1)
    dialog.cercle.add_found()
    assert [m["role"] for m in dialog.cercle.values()] == ["pharmacie", "ssiad"]


def test_sheets_to_redo_saved_in_a_folder_then_the_folder_is_offered_to_open(
    qtbot: QtBot, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    screen = PersonnesScreen(demo_store, load_settings(demo_store))
    qtbot.addWidget(screen)
    assert screen.to_redo()  # the demonstration has sheets to redo
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    announced: list[tuple[str, str, list[str]]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: announced.append(
        (box.text(), box.informativeText(), sorted(b.text() for b in box.buttons()))) or 0)  # fmt: skip
    screen.print_batch()
    qtbot.waitUntil(lambda: bool(announced), timeout=20_000)
    text, where, buttons = announced[0]
    written = list(tmp_path.glob("*.pdf"))
    assert written and text.startswith(f"{len(written)} fiche") and where == str(tmp_path)
    assert buttons == ["&Ouvrir", "Fermer"]  # a folder: opened, not printed


def test_choosing_the_commune_fills_an_empty_postal_code_and_keeps_a_typed_one(
    qtbot: QtBot, demo_store: Store
) -> None:
    dialog = PersonneDialog(demo_store, load_settings(demo_store))
    qtbot.addWidget(dialog)
    assert dialog.commune.count() > 2 and not dialog.code_postal.text()
    dialog.commune.setCurrentIndex(1)  # « Laguiole (12210) » and the like
    assert dialog.code_postal.text() == dialog.commune.itemText(1).rsplit("(", 1)[1].rstrip(")")
    dialog.code_postal.setText("12210 Cedex")
    dialog.commune.setCurrentIndex(2)
    assert dialog.code_postal.text() == "12210 Cedex"  # what was typed is never replaced


def test_a_new_contact_row_is_open_for_typing_its_name(qtbot: QtBot, store: Store) -> None:
    """« + Ajouter » then typing: the name goes in the new row, with no click on its cell first."""
    from PySide6.QtWidgets import QAbstractItemView

    dialog = PersonneDialog(store, load_settings(store))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.contacts)
    qtbot.mouseClick(dialog.contacts.add_button, Qt.MouseButton.LeftButton)
    table = dialog.contacts.table
    assert (table.currentRow(), table.currentColumn()) == (0, 1)
    assert table.state() == QAbstractItemView.State.EditingState
