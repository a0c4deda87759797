"""Editors of a meeting: participants (from the directory or typed), situations, actions."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coordinateur.annuaire.recherche import Filtre, cherche, classe_pour_choisir
from coordinateur.personnes.service import liste_personnes
from coordinateur.reunions.service import DIMENSIONS, PRESENCES, STATUTS_ACTION, DonneesSituation
from coordinateur.store import Store
from ui.common.dates import ChampDate, DateDelegate
from ui.personnes.editors import RowsEditor


class DirectoryPicker(QWidget):
    """A search line and the matching directory rows; `picked` gives the chosen LigneAnnuaire."""

    picked = Signal(object)

    def __init__(self, label: str, categorie: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.categorie = categorie
        self.store: Store | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Chercher dans l'annuaire…"))
        self.search.setAccessibleName(label)
        self.found = QComboBox()
        self.found.setAccessibleName(self.tr("Résultats de l'annuaire"))
        self.add = QPushButton(label)
        row.addWidget(self.search, 2)
        row.addWidget(self.found, 3)
        row.addWidget(self.add)
        self.search.textChanged.connect(self._search)
        self.found.currentIndexChanged.connect(
            lambda _i: self.add.setEnabled(self.found.currentData() is not None)
        )
        self.add.clicked.connect(self._pick)
        self.add.setEnabled(False)

    def _pick(self) -> None:
        if self.found.currentData():
            self.picked.emit(self.found.currentData())

    def _search(self, text: str) -> None:
        """Ranked as a person picks (as in the care circle); a single match is offered as chosen, several
        wait for a choice, so that « Ajouter » never adds the first of a list nobody looked at."""
        self.found.clear()
        self.add.setEnabled(False)
        if self.store is None or len(text.strip()) < 2:
            return
        found = classe_pour_choisir(
            cherche(self.store, Filtre(texte=text, categorie=self.categorie), 200), text
        )
        if len(found) != 1:
            self.found.addItem(self.tr("— {n} trouvé(s) : choisissez —").format(n=len(found)), None)
        for ligne in found[:40]:
            name = f"{ligne.prenom} {ligne.nom}".strip() if ligne.categorie == "intervenant" else ligne.nom
            self.found.addItem(f"{name} — {ligne.profession} — {ligne.commune}", ligne)


class ParticipantsEditor(RowsEditor):
    COLUMNS = ("Présence", "Nom", "Qualité", "Structure", "E-mail")
    ROLES: ClassVar[dict[str, str]] = PRESENCES
    # what a participant picked from the directory brings, whole (not « Infirm… », « adel… »)
    EXEMPLES: ClassVar[dict[int, str]] = {1: "Jean-Christophe Rouquette", 2: "Masseur-kinésithérapeute",
                                          4: "jean-christophe.rouquette@example.fr"}  # fmt: skip
    ETIREE = 3  # the structure takes the room left

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Participants", parent)
        self.store = store
        self.picker = DirectoryPicker(self.tr("Ajouter depuis l'annuaire"), "intervenant")
        self.picker.store = store
        self.picker.picked.connect(self.add_from_directory)
        self.layout().insertWidget(1, self.picker)  # type: ignore[union-attr]
        self.add_button.setText(self.tr("+ Personne extérieure"))

    def add_from_directory(self, ligne: Any) -> int:
        """A participant picked from the directory comes with the e-mail its record gives (the MSSanté
        address when there is no other)."""
        from coordinateur.annuaire.service import lit

        fiche = lit(self.store, ligne.id)
        return self.add_row({"annuaire_id": ligne.id, "nom": f"{ligne.prenom} {ligne.nom}".strip(),
                             "qualite": ligne.profession, "structure": ligne.structure, "presence": "present",
                             "email": fiche.email or fiche.mssante})  # fmt: skip

    def add_row(self, values: dict[str, Any]) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self._add_role(row, values.get("presence", "present"))
        self._set_text(row, 1, str(values.get("nom") or ""), values.get("annuaire_id"))
        self._set_text(row, 2, str(values.get("qualite") or ""))
        self._set_text(row, 3, str(values.get("structure") or ""))
        self._set_text(row, 4, str(values.get("email") or ""))
        self.table.blockSignals(False)
        self.changed.emit()
        return row

    def values(self) -> list[dict[str, Any]]:
        from ui.personnes.editors import ID_ROLE

        result = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 1)
            result.append({"presence": self.role(row), "nom": self.text(row, 1), "qualite": self.text(row, 2),
                           "structure": self.text(row, 3), "email": self.text(row, 4),
                           "annuaire_id": item.data(ID_ROLE) if item else None})  # fmt: skip
        return result


class ActionsEditor(RowsEditor):
    COLUMNS = ("Statut", "Action", "Responsable", "Échéance", "Situation n°")
    ROLES: ClassVar[dict[str, str]] = STATUTS_ACTION
    COL_ECHEANCE = 3
    # the whole date and, while it is typed, the calendar button beside it
    EXEMPLES: ClassVar[dict[int, str]] = {2: "SSIAD Aubrac, Carladez", COL_ECHEANCE: "00/00/0000 MMMM"}

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Actions décidées", parent)
        self.table.setItemDelegateForColumn(self.COL_ECHEANCE, DateDelegate(self.table))
        header = self.table.horizontalHeaderItem(self.COL_ECHEANCE)
        assert header is not None  # RowsEditor labels every column
        header.setToolTip(self.tr("Double-cliquez pour choisir la date ; Suppr l'efface."))
        self.table.installEventFilter(self)
        self.picker = DirectoryPicker(self.tr("Responsable depuis l'annuaire"))
        self.picker.store = store
        self.picker.picked.connect(self._set_responsible)
        self.layout().insertWidget(1, self.picker)  # type: ignore[union-attr]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.table.currentColumn() == self.COL_ECHEANCE
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            DateDelegate.efface(self.table.model(), self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _set_responsible(self, ligne: Any) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.add_row({})
        name = f"{ligne.prenom} {ligne.nom}".strip() if ligne.categorie == "intervenant" else ligne.nom
        self._set_text(row, 2, name, ligne.id)
        self.changed.emit()

    def add_row(self, values: dict[str, Any]) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self._add_role(row, values.get("statut", "a_faire"))
        self._set_text(row, 1, str(values.get("quoi") or ""), values.get("id"))
        self._set_text(row, 2, str(values.get("responsable") or ""), values.get("responsable_id"))
        self._set_text(row, 3, str(values.get("echeance") or ""))
        index = values.get("situation_index")
        self._set_text(row, 4, "" if index is None else str(index + 1))
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, 1)
        self.changed.emit()
        return row

    def values(self) -> list[dict[str, Any]]:
        from ui.personnes.editors import ID_ROLE

        result = []
        for row in range(self.table.rowCount()):
            what, who = self.table.item(row, 1), self.table.item(row, 2)
            situation = self.text(row, 4)
            result.append({
                "id": what.data(ID_ROLE) if what else None, "statut": self.role(row), "quoi": self.text(row, 1),
                "responsable": self.text(row, 2), "responsable_id": who.data(ID_ROLE) if who else None,
                "echeance": self.text(row, 3),
                "situation_index": int(situation) - 1 if situation.isdigit() else None,
            })  # fmt: skip
        return result


class SituationsEditor(QWidget):
    """A list of situations on the left, the one selected on the right."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.items: list[DonneesSituation] = []
        self._current = -1
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Situations examinées"))
        # « 3. BECKER Suzanne (Soulages-Bonneval) » goes on two lines rather than under a scroll bar
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_button = QPushButton(self.tr("+ Situation"))
        self.remove_button = QPushButton(self.tr("Retirer"))
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)
        layout.addLayout(left, 1)
        self.form_widget = QWidget()
        form = QFormLayout(self.form_widget)
        self.person = QComboBox()
        self.person.setAccessibleName(self.tr("Personne concernée"))
        self.person.addItem(self.tr("— aucune personne enregistrée —"), None)
        for p in liste_personnes(store, statut="suivie"):
            self.person.addItem(f"{p.nom.upper()} {p.prenom} ({p.commune})", p.id)
        self.referent = QLineEdit()
        self.question = QPlainTextEdit()
        self.synthese = {key: QPlainTextEdit() for key in DIMENSIONS}
        self.decision = QPlainTextEdit()
        self.informee = QCheckBox(self.tr("La personne a été informée de la décision"))
        self.informee_le = ChampDate("", self.tr("Informée le"), passee=True)
        self.informee_par = QLineEdit()
        self.representer = QCheckBox(self.tr("À représenter à une prochaine réunion"))
        self.revue_le = ChampDate("", self.tr("À revoir le"))
        form.addRow(self.tr("Personne :"), self.person)
        form.addRow(self.tr("Référent :"), self.referent)
        form.addRow(self.tr("Question posée :"), self.question)
        for key, label in DIMENSIONS.items():
            self.synthese[key].setMaximumHeight(50)
            form.addRow(f"{label} :", self.synthese[key])
        form.addRow(self.tr("Avis, décision :"), self.decision)
        form.addRow("", self.informee)
        form.addRow(self.tr("Informée le :"), self.informee_le)
        form.addRow(self.tr("Par :"), self.informee_par)
        form.addRow("", self.representer)
        form.addRow(self.tr("À revoir le :"), self.revue_le)
        for widget in (self.question, self.decision):
            widget.setMaximumHeight(70)
        for text in (self.question, self.decision, *self.synthese.values()):
            text.setTabChangesFocus(True)  # Tab goes to the next field, as everywhere else in the form
        scroll = QScrollArea()  # the form scrolls rather than make the window taller than a laptop screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form_widget)
        layout.addWidget(scroll, 3)
        self.form_widget.setEnabled(False)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.list.currentRowChanged.connect(self._select)
        self.person.currentIndexChanged.connect(self._person_chosen)

    def set_items(self, items: list[DonneesSituation]) -> None:
        self.items = list(items)
        self.list.clear()
        for n, item in enumerate(self.items):
            self.list.addItem(self._label(n, item))
        if self.items:
            self.list.setCurrentRow(0)

    def _label(self, n: int, item: DonneesSituation) -> str:
        index = self.person.findData(item.personne_id) if item.personne_id else -1
        who = self.person.itemText(index) if index > 0 else (item.code or self.tr("situation"))
        return f"{n + 1}. {who}"

    def add(self) -> None:
        self._store_current()
        self.items.append(DonneesSituation())
        self.list.addItem(self._label(len(self.items) - 1, self.items[-1]))
        self.list.setCurrentRow(len(self.items) - 1)
        self.person.setFocus()  # the new situation's person is chosen next
        self.changed.emit()

    def _person_chosen(self, _index: int) -> None:
        """The list names the person as soon as she is chosen, not « 3. situation » until another is selected."""
        if 0 <= self._current < len(self.items):
            item = self.items[self._current]
            item.personne_id = self.person.currentData()
            self.list.item(self._current).setText(self._label(self._current, item))

    def remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self._current = -1
            del self.items[row]
            self.set_items(self.items)
            self.changed.emit()

    def _select(self, row: int) -> None:
        self._store_current()
        self._current = row
        self.form_widget.setEnabled(row >= 0)
        if row < 0:
            return
        item = self.items[row]
        self.person.setCurrentIndex(max(self.person.findData(item.personne_id), 0))
        self.referent.setText(item.referent)
        self.question.setPlainText(item.question)
        for key, widget in self.synthese.items():
            widget.setPlainText(item.synthese.get(key, ""))
        self.decision.setPlainText(item.decision)
        self.informee.setChecked(item.informee)
        self.informee_le.pose(item.informee_le)
        self.informee_par.setText(item.informee_par)
        self.representer.setChecked(item.a_representer)
        self.revue_le.pose(item.revue_le)

    def _store_current(self) -> None:
        if not 0 <= self._current < len(self.items):
            return
        item = self.items[self._current]
        item.personne_id = self.person.currentData()
        item.referent = self.referent.text()
        item.question = self.question.toPlainText()
        item.synthese = {
            key: widget.toPlainText() for key, widget in self.synthese.items() if widget.toPlainText()
        }
        item.decision = self.decision.toPlainText()
        item.informee = self.informee.isChecked()
        item.informee_le = self.informee_le.valeur()
        item.informee_par = self.informee_par.text()
        item.a_representer = self.representer.isChecked()
        item.revue_le = self.revue_le.valeur()
        self.list.item(self._current).setText(self._label(self._current, item))

    def values(self) -> list[DonneesSituation]:
        self._store_current()
        return list(self.items)
