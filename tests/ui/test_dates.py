"""Optional dates as a coordinator types them: an empty field, shortcuts, a French refusal."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from coordinateur.personnes.service import enregistre_personne, lit_personne
from coordinateur.settings import load_settings
from coordinateur.store import Store
from tests.ui.helpers import type_text
from ui.common.dates import ChampDate, dates_refusees
from ui.personnes.dialog import PersonneDialog


def _tape(qtbot: QtBot, champ: ChampDate, text: str) -> None:
    champ.saisie.clear()
    type_text(champ.saisie, text)
    qtbot.keyClick(champ.saisie, Qt.Key.Key_Tab)
    champ.saisie.editingFinished.emit()  # offscreen, focus may not move: leaving the field as Tab does


def test_an_empty_date_is_an_empty_field_and_takes_what_is_typed(qtbot: QtBot) -> None:
    champ = ChampDate("", "Informée le", passee=True)
    qtbot.addWidget(champ)
    champ.show()
    assert champ.texte() == "" and champ.valeur() == "" and champ.probleme() is None
    assert not champ.erreur.isVisible()
    _tape(qtbot, champ, "23112025")
    assert champ.texte() == "23/11/2025" and champ.valeur() == "2025-11-23"
    _tape(qtbot, champ, "2/1")
    assert champ.valeur() == f"{date.today().year}-01-02" and champ.texte() == f"02/01/{date.today().year}"
    _tape(qtbot, champ, "")
    assert champ.valeur() == "" and not champ.erreur.isVisible()
    champ.pose("2026-03-04")
    assert champ.texte() == "04/03/2026"


def test_a_date_that_is_not_one_is_refused_in_french_never_replaced(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    champ = ChampDate("", "Consentement retiré le", passee=True, parent=holder)
    holder.show()
    _tape(qtbot, champ, "31/02/2026")
    assert champ.erreur.isVisible()
    assert champ.erreur.text() == (
        "Consentement retiré le : « 31/02/2026 » n'est pas une date (attendu : 23/11/2026 ou 2026-11-23)."
    )
    assert champ.texte() == "31/02/2026" and champ.valeur() == "31/02/2026"  # kept, for the core to refuse
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    assert dates_refusees(holder) and said == [champ.erreur.text()]
    _tape(qtbot, champ, "28/02/2026")
    assert not champ.erreur.isVisible() and not dates_refusees(holder)
    tomorrow = QDate.currentDate().addDays(1).toString("dd/MM/yyyy")
    _tape(qtbot, champ, tomorrow)
    assert champ.erreur.text() == f"Consentement retiré le : la date ({tomorrow}) est dans le futur."


def test_the_calendar_fills_the_field_and_opens_from_the_keyboard(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    champ = ChampDate("", "À revoir le")
    qtbot.addWidget(champ)
    champ._choisi(QDate(2027, 5, 6))
    assert champ.texte() == "06/05/2027" and champ.valeur() == "2027-05-06"
    opened: list[bool] = []
    monkeypatch.setattr(champ.calendrier_bouton, "showMenu", lambda: opened.append(True))
    qtbot.keyClick(champ.saisie, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(champ.saisie, Qt.Key.Key_F4)
    assert opened == [True, True]
    assert champ.calendrier_bouton.focusPolicy() == Qt.FocusPolicy.NoFocus  # Tab goes to the next field


def test_a_birth_date_left_empty_stays_empty_and_a_typed_one_is_kept(qtbot: QtBot, store: Store) -> None:
    dialog = PersonneDialog(store, load_settings(store))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.nom_naissance, "Bessière")
    type_text(dialog.prenoms, "Marthe")
    assert dialog.naissance.texte() == ""
    assert not [box for box in dialog.findChildren(QCheckBox) if box.text() == "renseignée"]
    _tape(qtbot, dialog.naissance, "12041937")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=2000)
    pid = dialog._save()
    assert pid and lit_personne(store, pid).date_naissance == "1937-04-12"
    assert lit_personne(store, pid).date_dernier_contact == ""  # left empty: no 01/01/1940, no today


def test_a_birth_date_that_is_not_one_blocks_saving_with_its_reason(qtbot: QtBot, store: Store) -> None:
    from coordinateur.personnes.dossier import Dossier

    pid, _ = enregistre_personne(store, Dossier(nom_naissance="Cayla", prenoms_naissance="Jean"))
    dialog = PersonneDialog(store, load_settings(store), pid)
    qtbot.addWidget(dialog)
    dialog.show()
    _tape(qtbot, dialog.naissance, "31/13/1940")
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled(), timeout=2000)
    assert "Date de naissance : « 31/13/1940 » n'est pas une date" in dialog.problems.text()
    assert lit_personne(store, pid).date_naissance == ""
