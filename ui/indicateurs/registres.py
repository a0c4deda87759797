"""The conventions and events registers: lists with their alerts, and the forms to enter them once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coordinateur.errors import CoordinateurError, ValidationError
from coordinateur.indicateurs.registres import (
    GENRES_CONVENTION,
    GENRES_EVENEMENT,
    DonneesConvention,
    DonneesEvenement,
    LigneConvention,
    LigneEvenement,
    enregistre_convention,
    enregistre_evenement,
    liste_conventions,
    liste_evenements,
    lit_convention,
    lit_evenement,
    structures,
    supprime,
)
from coordinateur.settings import Settings
from coordinateur.store import Store
from coordinateur.territoire import communes_du_territoire
from coordinateur.text import compte, date_fr
from ui.annuaire.editors import CheckList
from ui.common.couleurs import couleur, style
from ui.common.dates import ChampDate, champ_date
from ui.common.table_model import Index, RowsTableModel, table_de_lecture


class _Formulaire(QDialog):
    """Common frame: a form, a French error line, Enregistrer/Annuler; `save` does the work."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(style("erreur"))
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Enregistrer"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.saved_id: str | None = None

    def save(self) -> str:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.saved_id = self.save()
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.windowTitle(), exc.message)
            return
        super().accept()


class ConventionDialog(_Formulaire):
    def __init__(self, store: Store, convention_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Convention"), parent)
        self.store = store
        self.data = lit_convention(store, convention_id) if convention_id else DonneesConvention()
        d = self.data
        self.titre = QLineEdit(d.titre)
        self.titre.setAccessibleName(self.tr("Intitulé"))
        self.genre = QComboBox()
        self.genre.setAccessibleName(self.tr("Genre"))
        for code, label in GENRES_CONVENTION.items():
            self.genre.addItem(label, code)
        self.genre.setCurrentIndex(max(0, self.genre.findData(d.genre)))
        self.partenaires = CheckList(self.tr("Filtrer les structures…"), self.tr("Partenaires"))
        chosen = set(d.partenaires)
        self.partenaires.set_items(
            sorted(structures(store), key=lambda item: item[0] not in chosen), chosen
        )  # chosen first
        self.partenaires.setMinimumHeight(180)
        self.signee = champ_date(d.signee_le, self.tr("Signée le"), jusqu_a_aujourdhui=True)
        self.fin = ChampDate(d.fin_le, self.tr("Fin de la convention"))
        self.fin.saisie.setPlaceholderText(self.tr("vide : sans fin"))
        self.reference = QLineEdit(d.reference)
        self.reference.setPlaceholderText(self.tr("n° ou emplacement du document signé"))
        self.reference.setAccessibleName(self.tr("Référence du document"))
        self.notes = QPlainTextEdit(d.notes)
        self.notes.setMaximumHeight(70)
        self.notes.setAccessibleName(self.tr("Notes"))
        for label, widget in ((self.tr("&Intitulé :"), self.titre), (self.tr("&Genre :"), self.genre),
                              (self.tr("&Partenaires :"), self.partenaires), (self.tr("&Signée le :"), self.signee),
                              (self.tr("&Fin :"), self.fin), (self.tr("&Référence :"), self.reference),
                              (self.tr("&Notes :"), self.notes)):  # fmt: skip
            self.form.addRow(label, widget)

    def current(self) -> DonneesConvention:
        return dataclasses.replace(
            self.data, titre=self.titre.text(), genre=self.genre.currentData(), partenaires=self.partenaires.checked(),
            signee_le=self.signee.date().toString("yyyy-MM-dd"),
            fin_le=self.fin.valeur(),
            reference=self.reference.text(), notes=self.notes.toPlainText(),
        )  # fmt: skip

    def save(self) -> str:
        return enregistre_convention(self.store, self.current())


class EvenementDialog(_Formulaire):
    def __init__(
        self, store: Store, settings: Settings, evenement_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Événement"), parent)
        self.store = store
        self.data = lit_evenement(store, evenement_id) if evenement_id else DonneesEvenement()
        d = self.data
        self.titre = QLineEdit(d.titre)
        self.titre.setAccessibleName(self.tr("Intitulé"))
        self.genre = QComboBox()
        self.genre.setAccessibleName(self.tr("Genre"))
        for code, label in GENRES_EVENEMENT.items():
            self.genre.addItem(label, code)
        self.genre.setCurrentIndex(max(0, self.genre.findData(d.genre)))
        self.date = champ_date(d.date, self.tr("Date"))
        self.commune = QComboBox()
        self.commune.setAccessibleName(self.tr("Commune"))
        self.commune.addItem(self.tr("— non précisée —"), "")
        for c in sorted(communes_du_territoire(settings), key=lambda c: c.nom):
            self.commune.addItem(f"{c.nom} ({c.code_postal})", c.code)
        self.commune.setCurrentIndex(max(0, self.commune.findData(d.commune_code)))
        self.nombre = QSpinBox()
        self.nombre.setRange(0, 100_000)
        self.nombre.setValue(max(d.nb_participants, len(d.participants)))
        self.nombre.setAccessibleName(self.tr("Nombre de participants"))
        self.organisateurs = QLineEdit(d.organisateurs)
        self.organisateurs.setAccessibleName(self.tr("Organisateurs"))
        self.notes = QPlainTextEdit(d.notes)
        self.notes.setMaximumHeight(70)
        self.notes.setAccessibleName(self.tr("Notes"))
        for label, widget in ((self.tr("&Intitulé :"), self.titre), (self.tr("&Genre :"), self.genre),
                              (self.tr("&Date :"), self.date), (self.tr("&Commune :"), self.commune),
                              (self.tr("&Participants :"), self.nombre), (self.tr("&Organisé par :"), self.organisateurs),
                              (self.tr("&Notes :"), self.notes)):  # fmt: skip
            self.form.addRow(label, widget)

    def current(self) -> DonneesEvenement:
        return dataclasses.replace(
            self.data, titre=self.titre.text(), genre=self.genre.currentData(),
            date=self.date.date().toString("yyyy-MM-dd"), commune_code=self.commune.currentData(),
            nb_participants=self.nombre.value(), organisateurs=self.organisateurs.text(), notes=self.notes.toPlainText(),
        )  # fmt: skip

    def save(self) -> str:
        return enregistre_evenement(self.store, self.current())


class ConventionsModel(RowsTableModel):
    HEADERS = ("Intitulé", "Genre", "Signée le", "Fin", "Échéance", "Partenaires")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c: LigneConvention = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (c.titre, GENRES_CONVENTION.get(c.genre, c.genre), date_fr(c.signee_le),
                    date_fr(c.fin_le) if c.fin_le else "sans fin", f"⚠ {c.alerte}" if c.alerte else "", c.partenaires)[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return c.partenaires
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4 and c.alerte:
            return QBrush(couleur("erreur"))
        return None


class EvenementsModel(RowsTableModel):
    HEADERS = ("Date", "Intitulé", "Genre", "Commune", "Participants", "Organisé par")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        e: LigneEvenement = self._rows[index.row()]
        return (date_fr(e.date), e.titre, GENRES_EVENEMENT.get(e.genre, e.genre), e.commune or "—",
                str(e.participants) if e.participants else "—", e.organisateurs)[index.column()]  # fmt: skip


class RegistreWidget(QWidget):
    """A register: its list, Nouveau / Modifier / Supprimer, and what it is for."""

    def __init__(self, store: Store, genre: str, intro: str, model: RowsTableModel,
                 load: Callable[[], list[Any]], dialog: Callable[[str | None], _Formulaire],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.store = store
        self.genre = genre
        self.load = load
        self.dialog = dialog
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.model = model
        self.table = table_de_lecture(model, intro.split(" :")[0])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (0, len(model.HEADERS) - 1):  # the title and the last share the room left (a laptop)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # long titles and partner lists wrap on two lines rather than end in "…" ("SSIAD Co…")
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.count = QLabel()
        bottom.addWidget(self.count, 1)
        self.new_button = QPushButton(self.tr("&Nouveau…") if genre == "evenement" else self.tr("&Nouvelle…"))
        self.edit_button = QPushButton(self.tr("&Modifier…"))
        self.delete_button = QPushButton(self.tr("&Supprimer…"))
        for button in (self.new_button, self.edit_button, self.delete_button):
            bottom.addWidget(button)
        layout.addLayout(bottom)
        self.new_button.clicked.connect(lambda: self.open(None))
        self.edit_button.clicked.connect(lambda: self.open(self.selected()))
        self.delete_button.clicked.connect(self.delete)
        self.table.activated.connect(lambda index: self.open(self.model.row_at(index.row()).id))
        self.refresh()

    def refresh(self) -> None:
        rows = self.load()
        self.model.set_rows(rows)
        noun = ("convention", "conventions") if self.genre == "convention" else ("événement", "événements")
        self.count.setText(
            compte(len(rows), *noun)
            if rows
            else self.tr("Le registre est vide : « Nouveau » pour commencer.")
        )

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None

    def open(self, record_id: str | None) -> None:
        if record_id is None and self.sender() is self.edit_button:
            return
        dialog = self.dialog(record_id)
        if dialog.exec():
            self.refresh()

    def delete(self) -> None:
        record_id = self.selected()
        if record_id is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Supprimer"),
            self.tr("Retirer cette fiche du registre ? Les périodes déjà closes gardent leurs chiffres."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            supprime(self.store, self.genre, record_id)
            self.refresh()


def conventions_widget(store: Store, parent: QWidget | None = None) -> RegistreWidget:
    return RegistreWidget(
        store, "convention",
        QCoreApplication.translate("RegistreWidget", "Conventions signées avec les partenaires de l'annuaire : elles alimentent les indicateurs, et une convention qui arrive à échéance dans les 60 jours est signalée (⚠)."),
        ConventionsModel(), lambda: liste_conventions(store),
        lambda rid: ConventionDialog(store, rid, parent), parent,
    )  # fmt: skip


def evenements_widget(store: Store, settings: Settings, parent: QWidget | None = None) -> RegistreWidget:
    return RegistreWidget(
        store, "evenement",
        QCoreApplication.translate("RegistreWidget", "Journées de l'autonomie, formations et rencontres organisées sur le territoire : elles alimentent l'indicateur des journées sur l'autonomie."),
        EvenementsModel(), lambda: liste_evenements(store),
        lambda rid: EvenementDialog(store, settings, rid, parent), parent,
    )  # fmt: skip
