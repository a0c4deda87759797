"""What a person sees cut on a screen: labels, buttons, tabs, column headers and choices whose text does not
fit the room Qt gives them (clipped, or elided with "…")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QTreeWidget,
    QWidget,
)

MARGE = 1  # pixels of rounding allowed


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _label(label: QLabel) -> str | None:
    text = label.text()
    if not text or not label.isVisible() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    room = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        return (
            f"QLabel « {text[:60]} » : {need} px de haut pour {label.height()}"
            if need > label.height() + MARGE
            else None
        )
    automatic = label.textFormat() == Qt.TextFormat.AutoText
    if QtGui.mightBeRichText(text) if automatic else label.textFormat() == Qt.TextFormat.RichText:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        need = int(document.idealWidth())
    else:
        need = max(QFontMetrics(label.font()).horizontalAdvance(line) for line in _plain(text).split("\n"))
    if need > room.width() + MARGE:
        return f"QLabel « {text[:60]} » : {need} px pour {room.width()}"
    return None


def _bouton(button: QAbstractButton) -> str | None:
    if not button.isVisible() or not button.text():
        return None
    need = button.sizeHint().width()
    if need > button.width() + MARGE:
        return f"{type(button).__name__} « {button.text()} » : {need} px pour {button.width()}"
    return None


def _onglets(bar: QTabBar) -> list[str]:
    if not bar.isVisible():
        return []
    return [
        f"onglet « {bar.tabText(i)} » : {bar.tabSizeHint(i).width()} px pour {bar.tabRect(i).width()}"
        for i in range(bar.count())
        if bar.isTabVisible(i) and bar.tabRect(i).width() + MARGE < bar.tabSizeHint(i).width()
    ]


def _entetes(header: QHeaderView) -> list[str]:
    if not header.isVisible() or header.orientation() != Qt.Orientation.Horizontal:
        return []
    model = header.model()
    if model is None:
        return []
    metrics = QFontMetrics(header.font())
    cut = []
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionSize(section) == 0:
            continue
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        need = metrics.horizontalAdvance(text) + 2 * header.style().pixelMetric(
            QStyle.PixelMetric.PM_HeaderMargin
        )
        if text and need > header.sectionSize(section) + MARGE:
            cut.append(f"colonne « {text} » : {need} px pour {header.sectionSize(section)}")
    return cut


def _choix(combo: QComboBox) -> str | None:
    if not combo.isVisible() or combo.isEditable() or not combo.currentText():
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    need = QFontMetrics(combo.font()).horizontalAdvance(combo.currentText())
    if need > field.width() + MARGE:
        return f"liste « {combo.currentText()} » : {need} px pour {field.width()}"
    return None


def textes_coupes(root: QWidget) -> list[str]:
    """Every visible text under `root` that does not fit."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            found += [x for x in [_label(widget)] if x]
        elif isinstance(widget, QAbstractButton):
            found += [x for x in [_bouton(widget)] if x]
        elif isinstance(widget, QTabBar):
            found += _onglets(widget)
        elif isinstance(widget, QHeaderView):
            found += _entetes(widget)
        elif isinstance(widget, QComboBox):
            found += [x for x in [_choix(widget)] if x]
    return found


def cellules_coupees(view: QTableView) -> list[str]:
    """Cells of the rows on screen whose text is elided ("SSIAD Co…")."""
    model = view.model()
    if model is None or not view.isVisible():
        return []
    metrics = QFontMetrics(view.font())
    padding = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    first, last = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
    last = model.rowCount() - 1 if last < 0 else last
    cut = []
    for row in range(max(first, 0), last + 1):
        for column in range(model.columnCount()):
            if view.isColumnHidden(column) or view.columnWidth(column) == 0:
                continue
            text = str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole) or "")
            if not text:
                continue
            width = view.columnWidth(column) - padding
            lines = max(view.rowHeight(row) // metrics.lineSpacing(), 1) if view.wordWrap() else 1
            rect = metrics.boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, text)
            fits = (
                rect.height() <= lines * metrics.lineSpacing()
                if lines > 1
                else metrics.horizontalAdvance(text) <= width
            )
            if not fits:
                cut.append(
                    f"cellule « {text} » ({row + 1}, {column + 1}) : colonne de {view.columnWidth(column)} px"
                )
    return cut


def lignes_coupees(tree: QTreeWidget) -> list[str]:
    """Items of a tree whose first column is elided ("Établissements ayant inscrit des outils partagé…")."""
    if not tree.isVisible():
        return []
    metrics = QFontMetrics(tree.font())
    cut = []
    items = [tree.topLevelItem(n) for n in range(tree.topLevelItemCount())]
    while items:
        item = items.pop(0)
        items += [item.child(n) for n in range(item.childCount())]
        depth, parent = 0, item.parent()
        while parent is not None:
            depth, parent = depth + 1, parent.parent()
        indent = tree.indentation() * (depth + (1 if tree.rootIsDecorated() else 0))
        font = item.font(0)
        need = (
            QFontMetrics(font).horizontalAdvance(item.text(0))
            if font
            else metrics.horizontalAdvance(item.text(0))
        )
        if need + indent + 8 > tree.columnWidth(0):
            cut.append(f"ligne « {item.text(0)} » : {need + indent + 8} px pour {tree.columnWidth(0)}")
    return cut
