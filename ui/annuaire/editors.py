"""Small editors used by the directory form: phones, zone of intervention, attached structures."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinateur.annuaire.listes import TYPES_TELEPHONE
from coordinateur.annuaire.recherche import Filtre, cherche
from coordinateur.referentiels.cog import Commune
from coordinateur.referentiels.telephone import affiche_telephone
from coordinateur.store import Store
from coordinateur.text import fold

CODE_ROLE = Qt.ItemDataRole.UserRole


class PhonesEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[QComboBox, QLineEdit]] = []
        self.add_button = QPushButton(self.tr("+ Ajouter un numéro"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self._grid.addWidget(self.add_button, 99, 1)

    def add_row(self, kind: str = "fixe", number: str = "") -> QLineEdit:
        combo = QComboBox()
        for code, label in TYPES_TELEPHONE.items():
            combo.addItem(self.tr(label), code)
        combo.setCurrentIndex(max(combo.findData(kind), 0))
        combo.setAccessibleName(self.tr("Type du numéro {n}").format(n=len(self.rows) + 1))
        edit = QLineEdit(affiche_telephone(number) if number.startswith("+") else number)
        edit.setPlaceholderText("05 65 12 34 56")
        edit.setAccessibleName(self.tr("Numéro de téléphone {n}").format(n=len(self.rows) + 1))
        row = len(self.rows)
        self._grid.addWidget(combo, row, 0)
        self._grid.addWidget(edit, row, 1)
        self.rows.append((combo, edit))
        self._order_tabs()
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        edit.textChanged.connect(lambda _t: self.changed.emit())
        return edit

    def _order_tabs(self) -> None:
        """Rows are created after the "Ajouter" button but shown above it: Tab goes through them first.
        Done again when shown, as an order set before the editor is in its window does not hold."""
        order = [widget for pair in self.rows for widget in pair] + [self.add_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:
        self._order_tabs()
        super().showEvent(event)

    def set_phones(self, phones: list[dict[str, str]]) -> None:
        for phone in phones:
            self.add_row(phone.get("type", "fixe"), phone.get("numero", ""))
        if not phones:
            self.add_row("mobile")

    def phones(self) -> list[dict[str, str]]:
        return [
            {"type": c.currentData(), "numero": e.text().strip()} for c, e in self.rows if e.text().strip()
        ]


class CheckList(QWidget):
    """A filterable list of checkable items (communes or EPCI)."""

    changed = Signal()

    def __init__(self, placeholder: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Filtrer : {liste}").format(liste=accessible))
        self.list = QListWidget()
        self.list.setAccessibleName(accessible)
        self.list.setMinimumHeight(110)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._filter)
        self.list.itemChanged.connect(lambda _i: self.changed.emit())

    def set_items(self, items: list[tuple[str, str]], checked: set[str]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for code, label in items:
            item = QListWidgetItem(label)
            item.setData(CODE_ROLE, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def checked(self) -> list[str]:
        return [
            self.list.item(i).data(CODE_ROLE)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(not all(w in fold(item.text()) for w in words))


def commune_items(communes: list[Commune]) -> list[tuple[str, str]]:
    return [(c.code, f"{c.nom} ({c.code_postal})") for c in communes]


class StructuresEditor(QWidget):
    """The structures an intervenant is attached to: search the directory, add, remove."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.attached = QListWidget()
        self.attached.setAccessibleName(self.tr("Structures de rattachement"))
        self.attached.setMaximumHeight(80)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Chercher une structure à rattacher…"))
        self.search.setAccessibleName(self.tr("Chercher une structure à rattacher"))
        self.found = QComboBox()
        self.found.setAccessibleName(self.tr("Structures trouvées"))
        self.add = QPushButton(self.tr("Rattacher"))
        self.remove = QPushButton(self.tr("Retirer"))
        row.addWidget(self.search, 2)
        row.addWidget(self.found, 3)
        row.addWidget(self.add)
        row.addWidget(self.remove)
        layout.addWidget(self.attached)
        layout.addLayout(row)
        self.search.textChanged.connect(self._search)
        self.add.clicked.connect(self._add)
        self.remove.clicked.connect(self._remove)

    def set_structures(self, items: list[tuple[str, str]]) -> None:
        for record_id, name in items:
            self._append(record_id, name)

    def _append(self, record_id: str, name: str) -> None:
        if record_id in self.ids():
            return
        item = QListWidgetItem(name)
        item.setData(CODE_ROLE, record_id)
        self.attached.addItem(item)
        self.changed.emit()

    def ids(self) -> list[str]:
        return [self.attached.item(i).data(CODE_ROLE) for i in range(self.attached.count())]

    def _search(self, text: str) -> None:
        self.found.clear()
        if len(text.strip()) < 2:
            return
        for ligne in cherche(self.store, Filtre(texte=text, categorie="structure"), 30):
            self.found.addItem(f"{ligne.nom} — {ligne.commune}", ligne.id)

    def _add(self) -> None:
        if self.found.currentData():
            self._append(self.found.currentData(), self.found.currentText().split(" — ")[0])

    def _remove(self) -> None:
        for item in self.attached.selectedItems():
            self.attached.takeItem(self.attached.row(item))
        self.changed.emit()
