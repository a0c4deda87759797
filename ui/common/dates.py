"""Dates as a coordinator types and reads them (23/11/2026, with a calendar), stored as ISO 2026-11-23."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from coordinateur.text import controle_date, date_fr

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


def _icone_calendrier(size: int) -> QIcon:
    """A small calendar drawn here (a page, its binding bar, its days): no emoji font is needed."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ink = QColor("#3a3a3a")
    painter.setPen(QPen(ink, 1))
    painter.setBrush(QColor("white"))
    margin = max(1, size // 8)
    painter.drawRect(margin, margin + 1, size - 2 * margin - 1, size - 2 * margin - 2)
    painter.fillRect(margin, margin + 1, size - 2 * margin, max(2, size // 5), QColor("#1d5d90"))
    step = (size - 2 * margin) / 4
    top = margin + 1 + max(2, size // 5) + step * 0.6
    for row in range(3):
        for column in range(3):
            x = margin + step * (column + 0.6)
            y = top + step * row * 0.9
            painter.fillRect(int(x), int(y), max(1, size // 10), max(1, size // 10), ink)
    painter.end()
    return QIcon(pixmap)


class ChampDate(QWidget):
    """A date that may be left empty: a field you type into (23/11/2026, 23112026, or 23/11 for this year)
    with a calendar beside it. What is typed is either taken (shown again as 23/11/2026 when you leave the
    field) or refused with a French message under the field; never replaced by a date nobody chose.
    `valeur()` is the ISO date, "" when empty, or the text as typed when refused (so that the core's rule,
    the same `controle_date`, refuses it too when saving)."""

    modifie = Signal()

    def __init__(
        self,
        value: str = "",
        name: str = "",
        *,
        passee: bool = False,
        parent: QWidget | None = None,
        dans_une_cellule: bool = False,
    ) -> None:
        """`dans_une_cellule`: a table's editor, one line high; the refusal goes to the tooltip."""
        super().__init__(parent)
        self.nom = name
        self.passee = passee
        self.dans_une_cellule = dans_une_cellule
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.saisie = QLineEdit()
        self.saisie.setPlaceholderText(self.tr("jj/mm/aaaa"))
        self.saisie.setAccessibleName(name)
        self.saisie.setMaxLength(20)
        self.saisie.setMinimumWidth(self.saisie.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.saisie.setMaximumWidth(self.saisie.fontMetrics().horizontalAdvance("00/00/0000000") + 16)
        if dans_une_cellule:
            self.saisie.setMaximumWidth(16_777_215)  # the cell's width
        self.saisie.textChanged.connect(self._tape)
        self.saisie.editingFinished.connect(self._quitte)
        self.saisie.installEventFilter(self)
        self.setFocusProxy(self.saisie)
        row.addWidget(self.saisie)
        self.calendrier_bouton = QToolButton()
        self.calendrier_bouton.setIcon(_icone_calendrier(self.saisie.fontMetrics().height()))
        self.calendrier_bouton.setAccessibleName(self.tr("Calendrier : {champ}").format(champ=name))
        self.calendrier_bouton.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # out of the Tab order (a date is typed, Tab goes to the next field); Alt+↓ or F4 opens it
        self.calendrier_bouton.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendrier_bouton.setToolTip(self.tr("Choisir dans le calendrier (Alt+↓ ou F4 dans le champ)"))
        menu = QMenu(self.calendrier_bouton)
        self.calendrier = QCalendarWidget()
        self.calendrier.setGridVisible(True)
        self.calendrier.clicked.connect(self._choisi)
        self.calendrier.activated.connect(self._choisi)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendrier)
        menu.addAction(action)
        menu.aboutToShow.connect(self._ouvre_calendrier)
        self.calendrier_bouton.setMenu(menu)
        row.addWidget(self.calendrier_bouton)
        if not dans_une_cellule:
            row.addStretch(1)
        layout.addLayout(row)
        self.erreur = QLabel()
        self.erreur.setWordWrap(True)
        self.erreur.setStyleSheet("color: #a1260d;")
        self.erreur.setVisible(False)
        layout.addWidget(self.erreur)
        self.pose(value)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.saisie and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.calendrier_bouton.showMenu()
                return True
        return super().eventFilter(watched, event)

    def texte(self) -> str:
        return self.saisie.text()

    def valeur(self) -> str:
        return controle_date(self.saisie.text(), self.nom, passee=self.passee)[0]

    def probleme(self) -> str | None:
        """Why what is typed is refused, in French and naming the field; None when it is taken."""
        return controle_date(self.saisie.text(), self.nom, passee=self.passee)[1]

    def pose(self, value: str) -> None:
        """Show `value` (ISO, or empty for "not known")."""
        try:
            self.saisie.setText(date_fr(value, ""))
        except ValueError:
            self.saisie.setText(value)  # kept as it was stored, refused when saved
        self._montre(self.probleme())

    def _tape(self, _text: str) -> None:
        if self.erreur.text() and self.probleme() is None:
            self._montre(None)  # corrected: the message goes at once; a new one waits for leaving the field
        self.modifie.emit()

    def _quitte(self) -> None:
        why = self.probleme()
        if why is None and self.saisie.text().strip():
            self.saisie.setText(date_fr(self.valeur()))  # 23112026 → 23/11/2026
        self._montre(why)

    def _montre(self, why: str | None) -> None:
        self.erreur.setText(why or "")
        self.erreur.setVisible(bool(why) and not self.dans_une_cellule)
        self.saisie.setToolTip(why or self.tr("Exemples : 23/11/2026, 23112026, ou 23/11 pour cette année"))

    def _ouvre_calendrier(self) -> None:
        day = QDate.fromString(self.valeur(), ISO) if self.probleme() is None else QDate()
        self.calendrier.setSelectedDate(day if day.isValid() else QDate.currentDate())

    def _choisi(self, day: QDate) -> None:
        self.saisie.setText(day.toString(AFFICHAGE))
        self._quitte()
        menu = self.calendrier_bouton.menu()
        if menu is not None:
            menu.close()


def dates_refusees(parent: QWidget) -> bool:
    """Before saving a form: True (after saying why, and putting the cursor there) when one of its date
    fields holds a typed text that is not a date."""
    for champ in parent.findChildren(ChampDate):
        why = champ.probleme()
        if why:
            champ._montre(why)
            QMessageBox.warning(parent, parent.tr("Date à corriger"), why)
            champ.saisie.setFocus()
            champ.saisie.selectAll()
            return True
    return False


class DateDelegate(QStyledItemDelegate):
    """A table column of ISO dates shown as 23/11/2026 and typed like any optional date (ChampDate: 23112026,
    23/11, or the calendar). An empty cell stays empty unless a date is typed or chosen; what is not a date
    is kept as typed, shown as it is, and refused in French when the table is saved (the core's rule);
    Suppr empties the selected cell (`efface`)."""

    def displayText(self, value: object, locale: QLocale | QLocale.Language) -> str:
        text = str(value or "")
        try:
            return date_fr(text, "")
        except ValueError:
            return text  # not a date: shown as it is, refused when saved

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        name = str(index.model().headerData(index.column(), Qt.Orientation.Horizontal) or "")
        editor = ChampDate("", name, parent=parent, dans_une_cellule=True)
        editor.setAutoFillBackground(True)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, ChampDate)
        editor.pose(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, ChampDate)
        model.setData(index, editor.valeur(), Qt.ItemDataRole.EditRole)

    @staticmethod
    def efface(model: QAbstractItemModel, index: QModelIndex) -> None:
        model.setData(index, "", Qt.ItemDataRole.EditRole)
