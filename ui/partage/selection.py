"""The row chosen in a list of the Partage screen follows its item, not its position, when the list is read
again (after a sync, or after an action on it): a conflict, a quarantined file or a member added above it
must not put another one under the coordinator's next click, and once the chosen item is gone (settled,
lifted, retired) nothing is chosen."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtWidgets import QTableWidget


def choisi(table: QTableWidget, keys: Sequence[Hashable]) -> Hashable | None:
    """The key of the row chosen in `table`, whose rows are `keys`; None when none is chosen."""
    row = table.currentRow()
    if not 0 <= row < len(keys) or not table.selectionModel().isRowSelected(row, table.rootIndex()):
        return None
    return keys[row]


def reprend(table: QTableWidget, keys: Sequence[Hashable], key: Hashable | None) -> None:
    """Choose again the row of `key` among the new `keys`; none when it is no longer there."""
    if key is not None and key in keys:
        table.selectRow(list(keys).index(key))
        return
    table.clearSelection()
    table.setCurrentCell(-1, -1)
