"""The directory screens driven as a coordinator would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from coordinateur.annuaire.recherche import Filtre, cherche
from coordinateur.annuaire.service import lit
from coordinateur.settings import load_settings
from coordinateur.store import Store
from tests.ui.helpers import type_text
from ui.annuaire.form import FicheDialog
from ui.annuaire.import_dialog import ImportDialog
from ui.annuaire.model import AnnuaireModel
from ui.annuaire.screen import AnnuaireScreen


@pytest.fixture
def screen(qtbot: QtBot, store: Store, annuaire: dict) -> AnnuaireScreen:
    widget = AnnuaireScreen(store, load_settings(store))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def names(screen: AnnuaireScreen) -> list[str]:
    model = screen.model
    return [model.row_at(r).nom for r in range(model.rowCount())]


def test_lists_and_searches_as_you_type(qtbot: QtBot, screen: AnnuaireScreen) -> None:
    assert len(names(screen)) == 4 and screen.count.text() == "4 fiches"
    type_text(screen.search, "jérôme st côme")
    qtbot.waitUntil(lambda: names(screen) == ["Lefèvre"], timeout=2000)
    screen.search.clear()
    type_text(screen.search, "cœur")
    qtbot.waitUntil(lambda: names(screen) == ["Cœurdevey"], timeout=2000)
    screen.search.clear()
    type_text(screen.search, "zzzz")
    qtbot.waitUntil(lambda: names(screen) == [], timeout=2000)
    assert "Aucune fiche" in screen.count.text()


def test_filters_by_commune_and_inactive(qtbot: QtBot, screen: AnnuaireScreen) -> None:
    screen.commune.setCurrentIndex(screen.commune.findData("12119"))
    assert set(names(screen)) == {"SSIAD du Carladez", "Aide à domicile Viadène", "Cœurdevey"}
    screen.commune.setCurrentIndex(0)
    screen.inactifs.setChecked(True)
    assert "Vernhes" in names(screen)
    screen.categorie.setCurrentIndex(screen.categorie.findData("structure"))
    assert set(names(screen)) == {"SSIAD du Carladez", "Aide à domicile Viadène"}


def test_several_professions_found_by_typing_in_a_french_sorted_list(
    qtbot: QtBot, screen: AnnuaireScreen
) -> None:
    choice = screen.profession
    labels = [item.text() for item in choice.items()]
    # sorted the French way: « Éducateur spécialisé » among the E, not after the Z
    assert labels.index("Diététicien") < labels.index("Éducateur spécialisé") < labels.index("Ergothérapeute")
    assert choice.text() == "Toutes les professions et types ▾"
    choice.showMenu = lambda: None  # type: ignore[method-assign]  # the popup's widgets are used directly
    type_text(choice.search, "SSIAD")
    best = choice.best()
    assert best is not None and best.text() == "Service de soins infirmiers à domicile (SSIAD)"
    assert not [i.text() for i in choice.items() if not i.isHidden() and i.text().startswith("Sage")]
    qtbot.keyClick(choice.search, Qt.Key.Key_Return)  # ticks the best match, empties the search
    assert choice.checked() == ["SSIAD"] and choice.search.text() == ""
    type_text(choice.search, "infirm")
    qtbot.keyClick(choice.search, Qt.Key.Key_Return)
    assert set(choice.checked()) == {"SSIAD", "60"}
    assert choice.text() == "Infirmier, SSIAD ▾"  # the acronym of a long name
    qtbot.waitUntil(lambda: set(names(screen)) == {"SSIAD du Carladez", "Lefèvre"}, timeout=2000)
    screen.commune.setCurrentIndex(screen.commune.findData("12164"))  # Mur-de-Barrez: the SSIAD's commune
    assert set(names(screen)) == {"SSIAD du Carladez", "Lefèvre"}  # Jérôme works there through his SSIAD
    choice.clear()
    assert choice.checked() == [] and "Lefèvre" in names(screen)


def test_the_booklet_is_named_and_titled_by_the_filters_and_offered_to_open(
    qtbot: QtBot, screen: AnnuaireScreen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    screen.profession.set_checked({"60", "SSIAD"})
    screen.commune.setCurrentIndex(screen.commune.findData("12164"))
    offered: list[str] = []

    def save_as(_parent: object, _title: str, default: str, _filter: str) -> tuple[str, str]:
        offered.append(default)
        return str(tmp_path / Path(default).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    announced: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(
        QMessageBox,
        "exec",
        lambda box: announced.append((box.text(), sorted(b.text() for b in box.buttons()))) or 0,
    )
    screen.export("pdf")
    qtbot.waitUntil(lambda: bool(announced), timeout=10_000)
    name = f"annuaire_infirmiers-ssiad_mur-de-barrez_{date.today().isoformat()}.pdf"
    assert Path(offered[0]).name == name
    assert announced == [("2 fiches exportées.", ["&Imprimer…", "&Ouvrir", "Fermer"])]
    assert PdfReader(tmp_path / name).metadata.title == "Infirmiers et SSIAD — Mur-de-Barrez"


def test_the_form_lists_professions_the_french_way(qtbot: QtBot, store: Store, annuaire: dict) -> None:
    dialog = FicheDialog(store, load_settings(store), record_id=None, categorie="intervenant")
    qtbot.addWidget(dialog)
    labels = [dialog.profession.itemText(i) for i in range(dialog.profession.count())]
    assert labels.index("Diététicien") < labels.index("Éducateur spécialisé") < labels.index("Ergothérapeute")


def test_a_structure_lists_its_members_and_opens_them(
    qtbot: QtBot, store: Store, annuaire: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = FicheDialog(store, load_settings(store), record_id=annuaire["ssiad"], categorie="structure")
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.members.item(i).text() for i in range(dialog.members.count())] == [
        "M. Jérôme Lefèvre — Infirmier — 06 12 34 56 78"
    ]
    opened: list[str] = []
    monkeypatch.setattr(FicheDialog, "exec", lambda self: opened.append(self.fiche.nom) or 0)
    dialog.members.itemActivated.emit(dialog.members.item(0))
    assert opened == ["Lefèvre"]


def test_open_a_record_fix_a_phone_and_see_it_saved(qtbot: QtBot, store: Store, annuaire: dict) -> None:
    dialog = FicheDialog(store, load_settings(store), record_id=annuaire["jerome"], categorie="intervenant")
    qtbot.addWidget(dialog)
    dialog.show()
    phone = dialog.phones.rows[0][1]
    assert phone.text() == "06 12 34 56 78"
    phone.clear()
    type_text(phone, "06 12 34")
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled(), timeout=2000)
    assert "Téléphone n° 1" in dialog.problems.text()
    type_text(phone, " 99 00")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=2000)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert lit(store, annuaire["jerome"]).telephones == [{"type": "mobile", "numero": "+33612349900"}]


def test_new_record_warns_of_a_probable_duplicate(qtbot: QtBot, store: Store, annuaire: dict) -> None:
    dialog = FicheDialog(store, load_settings(store), record_id=None, categorie="intervenant")
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.nom, "Lefebvre")
    type_text(dialog.prenom, "Jerome")
    type_text(dialog.code_postal, "12500")
    dialog.commune.setCurrentIndex(dialog.commune.findData("12216"))
    qtbot.waitUntil(dialog.duplicates.isVisible, timeout=2000)
    assert "Lefèvre" in dialog.duplicates.text() and "nom proche" in dialog.duplicates.text()
    dialog.profession.setCurrentIndex(dialog.profession.findData("60"))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(cherche(store, Filtre(texte="jerome"))) == 2  # saved anyway: the user decides


def test_checked_date_is_empty_until_someone_says_when(qtbot: QtBot, store: Store, annuaire: dict) -> None:
    """A new record is « jamais vérifiée » until a date is typed or « Vérifiées aujourd'hui » is pressed:
    the form never puts today's date there by itself."""
    from datetime import date

    dialog = FicheDialog(store, load_settings(store), record_id=None, categorie="intervenant")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.checked.valeur() == "" and dialog.checked.texte() == ""
    type_text(dialog.nom, "Bouviala")
    type_text(dialog.prenom, "Anne-Laure")
    type_text(dialog.code_postal, "12210")
    dialog.commune.setCurrentIndex(dialog.commune.findData("12119"))
    dialog.profession.setCurrentIndex(dialog.profession.findData("60"))
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=3000)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = cherche(store, Filtre(texte="bouviala"))[0]
    assert lit(store, saved.id).date_verification == ""
    again = FicheDialog(store, load_settings(store), record_id=saved.id, categorie="intervenant")
    qtbot.addWidget(again)
    again.show()
    qtbot.mouseClick(again.checked_today, Qt.MouseButton.LeftButton)
    assert again.checked.valeur() == date.today().isoformat()
    with qtbot.waitSignal(again.accepted):
        qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert lit(store, saved.id).date_verification == date.today().isoformat()


def test_delete_asks_first(qtbot: QtBot, screen: AnnuaireScreen, monkeypatch: pytest.MonkeyPatch) -> None:
    row = names(screen).index("Cœurdevey")
    screen.table.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    screen.delete_selected()
    assert "Cœurdevey" in names(screen)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    screen.delete_selected()
    assert "Cœurdevey" not in names(screen)


def test_import_through_the_dialog(qtbot: QtBot, store: Store, annuaire: dict, tmp_path: Path) -> None:
    path = tmp_path / "partenaires.csv"
    path.write_text("Nom;Prénom;Profession;Téléphone;Code postal;Commune\n"
                    "Rouquette;Élise;Infirmière;05 65 44 12 12;12210;Laguiole\n"
                    "Grimal;;IDE;05 65;12210;Laguiole\n", encoding="cp1252")  # fmt: skip
    dialog = ImportDialog(store, load_settings(store))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(path)
    assert dialog.mapping_box.isVisible() and dialog.preview.rowCount() == 2
    assert dialog.mapping_boxes["telephone"].currentData() == "Téléphone"
    qtbot.mouseClick(dialog.simulate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Simulation" in dialog.report.toPlainText(), timeout=5000)
    assert cherche(store, Filtre(texte="rouquette")) == []
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report.toPlainText().startswith("1 fiche créée"), timeout=5000)
    assert "Ligne 3 refusée" in dialog.report.toPlainText()
    assert dialog.imported and len(cherche(store, Filtre(texte="élise"))) == 1
    # the mapping is remembered for this kind of file
    assert load_settings(store).correspondances_import


def test_model_loads_in_batches_and_sorts(qtbot: QtBot, store: Store) -> None:
    from coordinateur.annuaire.recherche import LigneAnnuaire

    rows = [LigneAnnuaire(str(n), "intervenant", f"Nom{n:05d}", "", "60", "Infirmier", "", "12119", "Laguiole", "",
                          True, f"nom{n:05d}") for n in range(1200)]  # fmt: skip
    model = AnnuaireModel()
    model.set_rows(rows)
    assert model.rowCount() == 500 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 1200 and not model.canFetchMore()
    model.sort(AnnuaireModel.COL_NOM, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).nom == "Nom01199"


def test_the_booklet_prints_at_once_with_ctrl_p(
    qtbot: QtBot, screen: AnnuaireScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Task (a) of issue 19 is « print the list »: Ctrl+P (or « Imprimer le livret… » in Exporter) goes
    straight to the print dialog with the booklet of what is shown, no file to name and no message first."""
    import ui.annuaire.screen as module

    screen.profession.set_checked({"60", "SSIAD"})
    screen.commune.setCurrentIndex(screen.commune.findData("12164"))
    printed: list[tuple[str, bytes]] = []
    monkeypatch.setattr(
        module, "imprime_fichier_pdf", lambda _parent, path: printed.append((path.name, path.read_bytes()))
    )
    assert any(a.text() == "&Imprimer le livret…" for a in screen.export_button.menu().actions())
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)
    name, data = printed[0]
    assert name.startswith("annuaire_infirmiers-ssiad_mur-de-barrez") and data.startswith(b"%PDF")
    assert not list((screen.store.paths.cache / "apercus").rglob("*.pdf"))  # not left behind


def test_the_profession_button_shows_one_arrow_not_two(qtbot: QtBot) -> None:
    """At 1366×768 « Infirmier, SSIAD ▾ » had the style's menu arrow squeezed under its « ▾ »: drawn now
    exactly as a plain button with the same text."""
    from PySide6.QtWidgets import QToolButton

    from ui.annuaire.filtre import FiltreProfessions

    button = FiltreProfessions()
    qtbot.addWidget(button)
    button.set_items([("60", "Infirmier"), ("SSIAD", "Service de soins infirmiers à domicile (SSIAD)")])
    button.set_checked({"60", "SSIAD"})
    plain = QToolButton()
    qtbot.addWidget(plain)
    plain.setText(button.text())
    for widget in (button, plain):
        widget.resize(200, 30)
    drawn, expected = button.grab().toImage(), plain.grab().toImage()
    assert drawn == expected
