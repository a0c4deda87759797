"""Table model of the territory's communes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Qt

from coordinateur.referentiels.cog import Commune
from coordinateur.text import fold
from ui.common.folding_proxy import SEARCH_ROLE, SORT_ROLE
from ui.common.table_model import Index, RowsTableModel


class CommunesModel(RowsTableModel):
    COL_NOM, COL_CODE_POSTAL, COL_INSEE, COL_POPULATION, COL_EPCI = range(5)
    HEADERS = ("Commune", "Code postal", "Code INSEE", "Population", "Communauté de communes")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Commune] = []
        self._search: list[str] = []
        self._locale = QLocale(QLocale.Language.French, QLocale.Country.France)

    def set_communes(self, communes: list[Commune]) -> None:
        self.beginResetModel()
        self._rows = list(communes)
        self._search = [
            " ".join((c.nom_plie or fold(c.nom), *c.codes_postaux, c.code, fold(c.epci_nom or "")))
            for c in self._rows
        ]
        self.endResetModel()

    def commune(self, row: int) -> Commune:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        commune = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_NOM:
                return commune.nom
            if column == self.COL_CODE_POSTAL:
                return ", ".join(commune.codes_postaux)
            if column == self.COL_INSEE:
                return commune.code
            if column == self.COL_POPULATION:
                return self._locale.toString(commune.population) if commune.population is not None else "—"
            if column == self.COL_EPCI:
                return commune.epci_nom or "—"
        elif role == SORT_ROLE:
            if column == self.COL_NOM:
                return commune.nom_plie
            if column == self.COL_CODE_POSTAL:
                return commune.code_postal
            if column == self.COL_INSEE:
                return commune.code
            if column == self.COL_POPULATION:
                return commune.population or 0
            if column == self.COL_EPCI:
                return commune.epci_code or ""
        elif role == SEARCH_ROLE and column == 0:
            return self._search[index.row()]
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_POPULATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
