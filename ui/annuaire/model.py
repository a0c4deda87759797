"""Table model of directory rows. Holds plain rows from the core and hands them to the view in batches
as it scrolls (canFetchMore/fetchMore), so 50,000 rows load as fast as the query that reads them."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from coordinateur.annuaire.listes import libelle_court
from coordinateur.annuaire.recherche import LigneAnnuaire
from ui.common.table_model import Index, RowsTableModel

ID_ROLE = Qt.ItemDataRole.UserRole + 10
BATCH = 500


@cache
def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class AnnuaireModel(RowsTableModel):
    COL_NOM, COL_PROFESSION, COL_STRUCTURE, COL_COMMUNE, COL_TELEPHONE = range(5)
    HEADERS = ("Nom", "Profession ou type", "Structure", "Commune", "Téléphone")
    _SORT_KEYS: ClassVar[dict[int, Callable[[LigneAnnuaire], Any]]] = {
        COL_NOM: lambda r: r.tri,
        COL_PROFESSION: lambda r: (r.profession, r.tri),
        COL_STRUCTURE: lambda r: (r.structure, r.tri),
        COL_COMMUNE: lambda r: (r.commune, r.tri),
        COL_TELEPHONE: lambda r: (r.telephone, r.tri),
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LigneAnnuaire] = []
        self._shown = 0

    def set_rows(self, rows: list[LigneAnnuaire]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._shown = min(BATCH, len(rows))
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._rows)

    def row_at(self, row: int) -> LigneAnnuaire:
        return self._rows[row]

    def row_of(self, record_id: str) -> int | None:
        for n, ligne in enumerate(self._rows):
            if ligne.id == record_id:
                return n
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(BATCH, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ligne = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_NOM:
                name = (
                    f"{ligne.nom} {ligne.prenom}".strip() if ligne.categorie == "intervenant" else ligne.nom
                )
                return name if ligne.actif else f"{name} (inactif)"
            if column == self.COL_PROFESSION:
                return libelle_court(ligne.profession)
            return (None, None, ligne.structure, ligne.commune, ligne.telephone)[column]
        if role == ID_ROLE:
            return ligne.id
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_NOM:
            return "Structure" if ligne.categorie == "structure" else "Intervenant"
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_PROFESSION:
            return ligne.profession if libelle_court(ligne.profession) != ligne.profession else None
        if role == Qt.ItemDataRole.FontRole and ligne.categorie == "structure" and column == self.COL_NOM:
            return _bold()
        if role == Qt.ItemDataRole.ForegroundRole and not ligne.actif:
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._SORT_KEYS.get(column)
        if key is None:
            return
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
