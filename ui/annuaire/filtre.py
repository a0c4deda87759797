"""The directory's profession filter: several professions and kinds of structure at once, found by typing
(« ssiad » finds the SSIAD, « educ » the Éducateur) in a list sorted the French way."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from coordinateur.text import fold

_ACRONYME = re.compile(r"\(([A-Z][A-Z0-9/ ]+)\)\s*$")  # « … à domicile (SSIAD) » says « SSIAD » on the button
CODE_ROLE = Qt.ItemDataRole.UserRole
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1


def rang(typed: str, label: str, code: str) -> int | None:
    """How well `typed` names this entry: 0 its code or a whole word of it, 1 the start of its name,
    2 the start of a word of it; None when some typed word starts no word of it."""
    words = fold(typed).split()
    if not words:
        return 2
    own = fold(label).split() + fold(code).split()
    if not all(any(w.startswith(typed_word) for w in own) for typed_word in words):
        return None
    if all(typed_word in own for typed_word in words):
        return 0
    return 1 if own[0].startswith(words[0]) else 2


class FiltreProfessions(QToolButton):
    """A button that says what is chosen (« Toutes les professions et types », « Infirmier, SSIAD ») and
    opens a list to type into and tick. Enter in the search ticks the best match."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # the text ends with « ▾ »; the style's own small arrow squeezed under it made a double arrow
        self.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.setAccessibleName(self.tr("Professions ou types de structure"))
        self.setToolTip(self.tr("Cochez une ou plusieurs professions ; tapez pour chercher dans la liste"))
        menu = QMenu(self)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(6, 6, 6, 6)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tapez : infirm, ssiad, kiné…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Chercher une profession ou un type de structure"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Professions et types de structure"))
        self.list.setMinimumSize(330, 320)
        self.clear_button = QPushButton(self.tr("Tout décocher"))
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.clear_button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(holder)
        menu.addAction(action)
        menu.aboutToShow.connect(self._opening)
        self.setMenu(menu)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list.itemChanged.connect(self._ticked)
        self.clear_button.clicked.connect(self.clear)
        self._summary()

    def set_items(self, items: list[tuple[str, str]]) -> None:
        """(code, label) pairs, shown sorted as a French reader expects (« Éducateur » among the E); what
        was ticked and is still offered stays ticked."""
        kept = set(self.checked())
        self.list.blockSignals(True)
        self.list.clear()
        for code, label in sorted(items, key=lambda item: (fold(item[1]), item[1])):
            item = QListWidgetItem(label)
            item.setData(CODE_ROLE, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in kept else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._filter(self.search.text())
        self._summary()

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def checked(self) -> list[str]:
        return [i.data(CODE_ROLE) for i in self.items() if i.checkState() == Qt.CheckState.Checked]

    def checked_labels(self) -> list[str]:
        return [i.text() for i in self.items() if i.checkState() == Qt.CheckState.Checked]

    def set_checked(self, codes: set[str]) -> None:
        self.list.blockSignals(True)
        for item in self.items():
            item.setCheckState(
                Qt.CheckState.Checked if item.data(CODE_ROLE) in codes else Qt.CheckState.Unchecked
            )
        self.list.blockSignals(False)
        self._ticked()

    def clear(self) -> None:
        self.set_checked(set())

    def best(self) -> QListWidgetItem | None:
        """The visible entry that best matches what is typed."""
        typed = self.search.text()
        ranked = [
            (r, n, item)
            for n, item in enumerate(self.items())
            if (r := rang(typed, item.text(), item.data(CODE_ROLE))) is not None
        ]
        return min(ranked, key=lambda t: (t[0], t[1]))[2] if ranked else None

    def _filter(self, typed: str) -> None:
        for item in self.items():
            item.setHidden(rang(typed, item.text(), item.data(CODE_ROLE)) is None)
        best = self.best() if typed.strip() else None
        if best is not None:
            self.list.setCurrentItem(best)
            self.list.scrollToItem(best)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.tick_best()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.list.setFocus()
                return True
        return super().eventFilter(watched, event)

    def tick_best(self) -> None:
        """Tick the best match of what is typed, and empty the search for the next one."""
        best = self.best() if self.search.text().strip() else self.list.currentItem()
        if best is None:
            return
        best.setCheckState(Qt.CheckState.Checked)
        self.search.clear()

    def _opening(self) -> None:
        self.search.setFocus()

    def _ticked(self, *_args: object) -> None:
        self._summary()
        self.changed.emit()

    def _summary(self) -> None:
        labels = self.checked_labels()
        short = [m.group(1) if (m := _ACRONYME.search(label)) else label for label in labels]
        if not labels:
            text = self.tr("Toutes les professions et types")
        elif len(labels) <= 2:
            text = ", ".join(short)
        else:
            text = self.tr("{n} professions ou types").format(n=len(labels))
        self.setText(text + " ▾")
        self.setToolTip(
            "\n".join(labels)
            if labels
            else self.tr("Cochez une ou plusieurs professions ; tapez pour chercher dans la liste")
        )
