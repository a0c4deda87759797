"""Editors of the person file: contacts, care circle (picked from the directory), sheet sections, sharing."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coordinateur.annuaire.recherche import Filtre, cherche, classe_pour_choisir, role_dans_le_cercle
from coordinateur.fiches.sections import Section
from coordinateur.personnes.dossier import MESURES, ROLES_CERCLE, ROLES_CONTACT
from coordinateur.referentiels.telephone import affiche_telephone
from coordinateur.store import Store
from ui.common.couleurs import style
from ui.common.dates import ChampDate

ID_ROLE = Qt.ItemDataRole.UserRole


def _combo(items: dict[str, str], current: str) -> QComboBox:
    combo = QComboBox()
    for code, label in items.items():
        combo.addItem(label or "—", code)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def _phone(value: str) -> str:
    return affiche_telephone(value) if value.startswith("+") else value


class RowsEditor(QWidget):
    """A table of rows with a role combo in the first column and text cells after it."""

    changed = Signal()
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    ROLES: ClassVar[dict[str, str]] = {}
    # How wide each column must be to show what it holds: the choices of a list, or a typical value.
    CHOIX: ClassVar[dict[int, dict[str, str]]] = {}
    EXEMPLES: ClassVar[dict[int, str]] = {}
    ETIREE: ClassVar[int] = 1  # the column that takes the room left

    def __init__(self, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setAccessibleName(accessible)
        self._size_columns()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())
        layout.addWidget(self.table)
        self.buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("+ Ajouter"))
        self.remove_button = QPushButton(self.tr("Retirer la ligne"))
        self.add_button.clicked.connect(self.add_and_edit)
        self.remove_button.clicked.connect(self._remove)
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.remove_button)
        self.buttons.addStretch(1)
        layout.addLayout(self.buttons)

    def _size_columns(self) -> None:
        """Each column as wide as its title and what it holds (never "Personne à pré…"), one taking the rest."""
        header = self.table.horizontalHeader()
        metrics = QFontMetrics(header.font())
        margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 10
        choices = {0: self.ROLES, **self.CHOIX}
        for column, title in enumerate(self.COLUMNS):
            width = metrics.horizontalAdvance(self.tr(title)) + margin
            if column in choices:
                width = max(width, _combo(choices[column], "").sizeHint().width() + 4)
            if column in self.EXEMPLES:
                width = max(
                    width, QFontMetrics(self.table.font()).horizontalAdvance(self.EXEMPLES[column]) + margin
                )
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(self.ETIREE, QHeaderView.ResizeMode.Stretch)

    def add_and_edit(self) -> int:
        """« + Ajouter »: a new row, its first text cell (the name) open for typing at once."""
        row = self.add_row({})
        item = self.table.item(row, 1)
        if item is None:
            item = QTableWidgetItem("")
            self.table.setItem(row, 1, item)
        self.table.setCurrentCell(row, 1)
        self.table.setFocus()
        self.table.editItem(item)
        return row

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def _set_text(self, row: int, column: int, text: str, data: Any = None) -> None:
        item = QTableWidgetItem(text)
        if data is not None:
            item.setData(ID_ROLE, data)
        self.table.setItem(row, column, item)

    def text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def role(self, row: int) -> str:
        combo = self.table.cellWidget(row, 0)
        return combo.currentData() if isinstance(combo, QComboBox) else ""

    def _cell(self, row: int, column: int, widget: QWidget) -> None:
        """A control inside the table, named for screen readers after its column and row."""
        widget.setAccessibleName(self.tr("{c}, ligne {n}").format(c=self.tr(self.COLUMNS[column]), n=row + 1))
        self.table.setCellWidget(row, column, widget)

    def _add_role(self, row: int, role: str) -> None:
        combo = _combo(self.ROLES, role)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._cell(row, 0, combo)

    def add_row(self, values: dict[str, Any]) -> int:
        raise NotImplementedError


class ContactsEditor(RowsEditor):
    COLUMNS = (
        "Rôle",
        "Nom",
        "Lien",
        "Téléphone",
        "2e téléphone",
        "Ordre d'appel",
        "Mesure de protection",
        "Commentaire",
    )
    ROLES = ROLES_CONTACT
    CHOIX: ClassVar[dict[int, dict[str, str]]] = {6: MESURES}
    EXEMPLES: ClassVar[dict[int, str]] = {
        1: "Jean-Christophe Rouquette",
        2: "belle-fille",
        3: "06 12 34 56 78",
        4: "06 12 34 56 78",
    }
    ETIREE = 7

    def add_row(self, values: dict[str, Any]) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self._add_role(row, values.get("role", "prevenir"))
        for column, key in ((1, "nom"), (2, "lien"), (3, "telephone"), (4, "telephone2"), (7, "commentaire")):
            value = str(values.get(key) or "")
            self._set_text(row, column, _phone(value) if key.startswith("telephone") else value)
        order = QSpinBox()
        order.setRange(1, 20)
        order.setValue(int(values.get("ordre") or row + 1))
        order.valueChanged.connect(lambda _v: self.changed.emit())
        self._cell(row, 5, order)
        mesure = _combo(MESURES, values.get("mesure", ""))
        mesure.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._cell(row, 6, mesure)
        self.table.blockSignals(False)
        self.changed.emit()
        return row

    def values(self) -> list[dict[str, Any]]:
        result = []
        for row in range(self.table.rowCount()):
            order = self.table.cellWidget(row, 5)
            mesure = self.table.cellWidget(row, 6)
            result.append({
                "role": self.role(row), "nom": self.text(row, 1), "lien": self.text(row, 2),
                "telephone": self.text(row, 3), "telephone2": self.text(row, 4),
                "ordre": order.value() if isinstance(order, QSpinBox) else row + 1,
                "mesure": mesure.currentData() if isinstance(mesure, QComboBox) else "", "commentaire": self.text(row, 7),
            })  # fmt: skip
        return result


class CercleEditor(RowsEditor):
    """The care circle; members are picked from the directory (linked by id) or typed."""

    COLUMNS = ("Rôle", "Nom", "Téléphone", "Précision")
    ROLES = ROLES_CERCLE
    EXEMPLES: ClassVar[dict[int, str]] = {2: "06 12 34 56 78", 3: "passe le mardi et le vendredi"}

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Cercle de soins", parent)
        self.store = store
        self.commune_de_la_personne: Callable[[], str] = lambda: ""  # set by the person's dialog
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Chercher dans l'annuaire : nom, profession, commune…"))
        self.search.setAccessibleName(self.tr("Chercher un intervenant dans l'annuaire"))
        self.found = QComboBox()
        self.found.setAccessibleName(self.tr("Intervenants trouvés"))
        self.pick = QPushButton(self.tr("Ajouter depuis l'annuaire"))
        self.buttons.insertWidget(0, self.search, 2)
        self.buttons.insertWidget(1, self.found, 3)
        self.buttons.insertWidget(2, self.pick)
        order = (self.table, self.search, self.found, self.pick, self.add_button, self.remove_button)
        for first, second in pairwise(order):  # Tab as the line reads, not as it was built
            QWidget.setTabOrder(first, second)
        self.search.textChanged.connect(self._search)
        self.found.currentIndexChanged.connect(self._choice_changed)
        self.pick.setEnabled(False)
        self.pick.clicked.connect(self.add_found)

    def _search(self, text: str) -> None:
        """Results ranked as a person picks (exact name, structures, her commune first); none is chosen
        for her: « Ajouter depuis l'annuaire » waits until one is."""
        self.found.clear()
        self.pick.setEnabled(False)
        if len(text.strip()) < 2:
            return
        found = classe_pour_choisir(
            cherche(self.store, Filtre(texte=text), 200), text, self.commune_de_la_personne()
        )
        self.found.addItem(self.tr("— {n} trouvé(s) : choisissez —").format(n=len(found)), None)
        for ligne in found[:40]:
            label = f"{ligne.prenom} {ligne.nom}".strip() if ligne.categorie == "intervenant" else ligne.nom
            self.found.addItem(f"{label} — {ligne.profession} — {ligne.commune}", ligne)

    def _choice_changed(self, _index: int) -> None:
        self.pick.setEnabled(self.found.currentData() is not None)

    def add_found(self) -> int | None:
        ligne = self.found.currentData()
        if ligne is None:
            return None
        role = role_dans_le_cercle(ligne)
        name = f"{'Dr ' if ligne.profession_code == '10' else ''}{ligne.prenom} {ligne.nom}".strip()
        return self.add_row({"role": role, "nom": name if ligne.categorie == "intervenant" else ligne.nom,
                             "telephone": ligne.telephone, "annuaire_id": ligne.id})  # fmt: skip

    def add_row(self, values: dict[str, Any]) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self._add_role(row, values.get("role", "autre"))
        self._set_text(row, 1, str(values.get("nom") or ""), values.get("annuaire_id"))
        self._set_text(row, 2, _phone(str(values.get("telephone") or "")))
        self._set_text(row, 3, str(values.get("detail") or ""))
        self.table.blockSignals(False)
        self.changed.emit()
        return row

    def values(self) -> list[dict[str, Any]]:
        result = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 1)
            result.append({"role": self.role(row), "nom": self.text(row, 1), "telephone": self.text(row, 2),
                           "detail": self.text(row, 3), "annuaire_id": item.data(ID_ROLE) if item else None})  # fmt: skip
        return result


OUI_NON = {"": "non renseigné", "oui": "oui", "non": "non"}


class SectionForm(QWidget):
    """The fields of one sheet section, built from its declaration."""

    changed = Signal()

    def __init__(self, section: Section, values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout(self)
        for champ in section.champs:
            value = values.get(champ.cle)
            widget: QWidget
            if champ.genre == "oui_non":
                widget = _combo(OUI_NON, "oui" if value is True else "non" if value is False else "")
                widget.currentIndexChanged.connect(lambda _i: self.changed.emit())
            elif champ.genre in ("liste", "long"):
                text = "\n".join(value) if isinstance(value, list) else str(value or "")
                widget = QPlainTextEdit(text)
                widget.setPlaceholderText(
                    champ.aide or ("une ligne par élément" if champ.genre == "liste" else "")
                )
                widget.setMaximumHeight(90)
                widget.setTabChangesFocus(True)
                widget.textChanged.connect(self.changed.emit)
            else:
                widget = QLineEdit(str(value or ""))
                widget.setPlaceholderText(champ.aide)
                widget.textChanged.connect(lambda _t: self.changed.emit())
            widget.setAccessibleName(champ.libelle)
            label = champ.libelle + (" ★" if champ.urgence else "")
            form.addRow(f"{label} :", widget)
            self.widgets[champ.cle] = widget

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for champ in self.section.champs:
            widget = self.widgets[champ.cle]
            if isinstance(widget, QComboBox):
                result[champ.cle] = {"oui": True, "non": False}.get(widget.currentData())
            elif isinstance(widget, QPlainTextEdit):
                text = widget.toPlainText()
                result[champ.cle] = (
                    [line for line in text.splitlines() if line.strip()] if champ.genre == "liste" else text
                )
            elif isinstance(widget, QLineEdit):
                result[champ.cle] = widget.text()
        return result


class PartageEditor(QWidget):
    """Sharing basis (L1), information (L2), consent (L3), opposition (L4)."""

    changed = Signal()

    def __init__(self, partage: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        base = QGroupBox(self.tr("Base du partage des informations"))
        base_layout = QVBoxLayout(base)
        self.equipe = QRadioButton(self.tr("Les destinataires font partie de l'équipe de soins (L1110-12)"))
        self.consent = QRadioButton(
            self.tr("Partage hors équipe de soins : consentement de la personne requis")
        )
        (self.consent if partage.get("base") == "consentement" else self.equipe).setChecked(True)
        base_layout.addWidget(self.equipe)
        base_layout.addWidget(self.consent)
        note = QLabel(
            self.tr("L'équipe de soins, ce sont les membres du cercle de soins (onglet « Cercle de soins »).")
        )
        note.setStyleSheet(style("discret"))
        base_layout.addWidget(note)
        layout.addWidget(base)

        info = partage.get("information") or {}
        box = QGroupBox(self.tr("Information de la personne (R1110-3)"))
        form = QFormLayout(box)
        self.info_date = ChampDate(str(info.get("date") or ""), self.tr("Informée le"), passee=True)
        form.addRow(self.tr("Informée le :"), self.info_date)
        self.info_par = QLineEdit(str(info.get("par") or ""))
        form.addRow(self.tr("Par :"), self.info_par)
        self.info_notice = QCheckBox(self.tr("Notice d'information remise"))
        self.info_notice.setChecked(bool(info.get("notice_remise")))
        form.addRow("", self.info_notice)
        layout.addWidget(box)

        consent = partage.get("consentement") or {}
        box = QGroupBox(self.tr("Consentement"))
        form = QFormLayout(box)
        self.consent_qui = QLineEdit(str(consent.get("qui") or ""))
        self.consent_qui.setPlaceholderText(self.tr("la personne, ou son représentant légal"))
        self.consent_comment = QLineEdit(str(consent.get("comment") or ""))
        self.consent_comment.setPlaceholderText(self.tr("oral, écrit signé, électronique"))
        self.consent_portee = QLineEdit(str(consent.get("portee") or ""))
        self.consent_date = ChampDate(
            str(consent.get("date") or ""), self.tr("Consentement donné le"), passee=True
        )
        self.consent_retire = ChampDate(
            str(consent.get("retire_le") or ""), self.tr("Consentement retiré le"), passee=True
        )
        form.addRow(self.tr("Donné par :"), self.consent_qui)
        form.addRow(self.tr("Comment :"), self.consent_comment)
        form.addRow(self.tr("Portée :"), self.consent_portee)
        form.addRow(self.tr("Recueilli le :"), self.consent_date)
        form.addRow(self.tr("Retiré le :"), self.consent_retire)
        layout.addWidget(box)

        opposition = partage.get("opposition") or {}
        box = QGroupBox(self.tr("Opposition"))
        form = QFormLayout(box)
        self.opposition = QCheckBox(
            self.tr("La personne s'oppose à l'échange et au partage de ses informations")
        )
        self.opposition.setChecked(bool(opposition.get("active")))
        self.opposition_date = ChampDate(
            str(opposition.get("date") or ""), self.tr("Opposition exprimée le"), passee=True
        )
        self.opposition_motif = QLineEdit(str(opposition.get("motif") or ""))
        form.addRow("", self.opposition)
        form.addRow(self.tr("Depuis le :"), self.opposition_date)
        form.addRow(self.tr("Motif :"), self.opposition_motif)
        layout.addWidget(box)
        layout.addStretch(1)
        for line in self.findChildren(QLineEdit):
            line.textChanged.connect(lambda _t: self.changed.emit())
        for button in self.findChildren(QCheckBox) + self.findChildren(QRadioButton):
            button.toggled.connect(lambda _b: self.changed.emit())

    def values(self) -> dict[str, Any]:
        return {
            "base": "consentement" if self.consent.isChecked() else "equipe",
            "information": {"date": self.info_date.valeur(), "par": self.info_par.text(),
                            "notice_remise": self.info_notice.isChecked()},
            "consentement": {"qui": self.consent_qui.text(), "comment": self.consent_comment.text(),
                             "portee": self.consent_portee.text(), "date": self.consent_date.valeur(),
                             "retire_le": self.consent_retire.valeur()},
            "opposition": {"active": self.opposition.isChecked(), "date": self.opposition_date.valeur(),
                           "motif": self.opposition_motif.text()},
        }  # fmt: skip
