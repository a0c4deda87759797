"""The base of the app's flat table models: a list of plain rows, column headers, nothing hierarchical."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    """Subclasses set HEADERS and implement `data`; `set_rows` replaces the rows."""

    HEADERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


Table = TypeVar("Table", bound=QTableView)


def en_lecture(table: Table, nom: str, *, une_ligne: bool = True, etiree: bool = False) -> Table:
    """A list to read and pick from, the same on every screen: whole rows, alternate shading, no row
    numbers, no editing in place, a name for screen readers; `une_ligne`: one row at a time; `etiree`:
    the columns share the width."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if une_ligne:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.setAccessibleName(nom)
    if etiree:
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def table_de_lecture(
    model: QAbstractItemModel, nom: str, *, une_ligne: bool = True, etiree: bool = False
) -> QTableView:
    """A QTableView on `model`, set up by `en_lecture`."""
    table = QTableView()
    table.setModel(model)
    return en_lecture(table, nom, une_ligne=une_ligne, etiree=etiree)
