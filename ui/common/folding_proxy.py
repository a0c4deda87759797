"""A sort/filter proxy that matches what the user types without caring about accents, hyphens or St/Ste."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from coordinateur.text import fold

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's folded search text, from the source model
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # raw value to sort on (numbers stay numbers)


class FoldingFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._extra: dict[int, object] = {}
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)

    def _change_filter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        def change() -> None:
            self._words = fold(text).split()

        self._change_filter(change)

    def set_column_value(self, column: int, value: object | None) -> None:
        """Keep only rows whose SORT_ROLE value in `column` equals `value` (None: no constraint)."""

        def change() -> None:
            if value is None:
                self._extra.pop(column, None)
            else:
                self._extra[column] = value

        self._change_filter(change)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        for column, wanted in self._extra.items():
            if model.data(model.index(source_row, column, source_parent), SORT_ROLE) != wanted:
                return False
        if not self._words:
            return True
        haystack = model.data(model.index(source_row, 0, source_parent), SEARCH_ROLE) or ""
        return all(word in haystack for word in self._words)
