"""Dates as a coordinator types and reads them (23/11/2026, with a calendar), stored as ISO 2026-11-23."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QDate, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from coordinateur.text import date_fr

ISO = "yyyy-MM-dd"
AFFICHAGE = "dd/MM/yyyy"


def champ_date(value: str, name: str, *, jusqu_a_aujourdhui: bool = False) -> QDateEdit:
    """A date field with its calendar, showing 23/11/2026; today when `value` is empty."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(AFFICHAGE)
    edit.setAccessibleName(name)
    if jusqu_a_aujourdhui:
        edit.setMaximumDate(QDate.currentDate())
    edit.setDate(QDate.fromString(value, ISO) if value else QDate.currentDate())
    return edit


def date_facultative(
    value: str, name: str, *, jusqu_a_aujourdhui: bool = True
) -> tuple[QCheckBox, QDateEdit]:
    """A check box that says whether the date is known, and the date field it enables."""
    check = QCheckBox()
    check.setAccessibleName(name)  # the form's label points to the row holding both
    edit = champ_date(value, name, jusqu_a_aujourdhui=jusqu_a_aujourdhui)
    check.setChecked(bool(value))
    edit.setEnabled(bool(value))
    check.toggled.connect(edit.setEnabled)
    return check, edit


def valeur_date(check: QCheckBox, edit: QDateEdit) -> str:
    return edit.date().toString(ISO) if check.isChecked() else ""


def pose_date(check: QCheckBox, edit: QDateEdit, value: str) -> None:
    """Show `value` (ISO, or empty for "not known") in a pair made by `date_facultative`."""
    check.setChecked(bool(value))
    edit.setEnabled(bool(value))
    edit.setDate(QDate.fromString(value, ISO) if value else QDate.currentDate())


def cote_a_cote(*widgets: QWidget) -> QWidget:
    """Widgets side by side on one line of a form."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return holder


class DateDelegate(QStyledItemDelegate):
    """A table column of ISO dates shown as 23/11/2026 and edited with a calendar. An empty cell opens
    on today and stays empty unless a date is chosen; Suppr empties the selected cell (`efface`)."""

    def displayText(self, value: object, locale: QLocale | QLocale.Language) -> str:
        text = str(value or "")
        try:
            return date_fr(text, "")
        except ValueError:
            return text  # typed by hand in an older version: shown as it is, refused when saved

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        edit = QDateEdit(parent)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(AFFICHAGE)
        edit.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal) or ""))
        edit.dateChanged.connect(lambda _d: edit.setProperty("vide", False))  # a date was chosen
        return edit

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QDateEdit)
        day = QDate.fromString(str(index.data(Qt.ItemDataRole.EditRole) or ""), ISO)
        editor.setDate(day if day.isValid() else QDate.currentDate())
        editor.setProperty("vide", not day.isValid())

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QDateEdit)
        if not editor.property("vide"):  # an empty cell left as it was stays empty
            model.setData(index, editor.date().toString(ISO), Qt.ItemDataRole.EditRole)

    @staticmethod
    def efface(model: QAbstractItemModel, index: QModelIndex) -> None:
        model.setData(index, "", Qt.ItemDataRole.EditRole)
