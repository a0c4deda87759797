"""Réunions: the meetings, and the board of actions followed across meetings."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coordinateur.reunions.service import (
    OUVERTES,
    STATUTS_ACTION,
    STATUTS_REUNION,
    TYPES,
    LigneAction,
    LigneReunion,
    actions,
    liste_reunions,
    planifie,
    suit_action,
)
from coordinateur.settings import Settings
from coordinateur.store import Store
from coordinateur.text import compte, date_fr
from ui.common.annonces import EcouteChangements
from ui.common.couleurs import couleur
from ui.common.export_fait import annonce_export
from ui.common.fichiers import enregistrer_sous
from ui.common.table_model import Index, RowsTableModel, table_de_lecture

ID_ROLE = Qt.ItemDataRole.UserRole + 10


class ReunionsModel(RowsTableModel):
    HEADERS = ("Date", "Réunion", "Type", "État", "Situations", "Actions ouvertes")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r: LigneReunion = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (date_fr(r.date), r.titre, TYPES[r.type], STATUTS_REUNION[r.statut], str(r.nb_situations),
                    str(r.nb_actions_ouvertes))[index.column()]  # fmt: skip
        if role == ID_ROLE:
            return r.id
        return None


class ActionsModel(RowsTableModel):
    HEADERS = (
        "Échéance",
        "Action",
        "Personne ou situation",
        "Responsable",
        "Statut",
        "Décidée le",
        "Réunion",
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a: LigneAction = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            due = date_fr(a.echeance) + (" ⚠ en retard" if a.en_retard else "")
            return (
                due,
                a.quoi,
                a.situation or "—",
                a.responsable or "—",
                STATUTS_ACTION[a.statut],
                date_fr(a.reunion_date),
                a.reunion,
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and a.en_retard:
            return QBrush(couleur("erreur"))
        if role == ID_ROLE:
            return a.id
        return None


class ReunionsScreen(QWidget):
    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ecran-reunions")
        self.store = store
        self.ecoute = EcouteChangements(self, store, ("reunion", "action", "situation"), self._changed)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Réunions de concertation')}</h2>"))
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._meetings_page(), self.tr("Réunions"))
        self.tabs.addTab(self._board_page(), self.tr("Suivi des actions"))
        self.refresh()

    def _meetings_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&Nouvelle réunion"))
        self.next_button = QPushButton(self.tr("&Planifier la suivante de la série"))
        self.next_button.setToolTip(
            self.tr("Même type, lieu et participants ; l'ordre du jour reprend les actions ouvertes")
        )
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.model = ReunionsModel(self)
        self.table = table_de_lecture(self.model, self.tr("Réunions"), etiree=True)
        header = self.table.horizontalHeader()
        for column in (0, 3, 4, 5):  # date, state and counts: as wide as they need; the title takes the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.new_button.clicked.connect(lambda: self.open_meeting(None))
        self.next_button.clicked.connect(self.plan_next)
        self.table.activated.connect(lambda index: self.open_meeting(index.data(ID_ROLE)))
        return page

    def _board_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.responsable = QLineEdit()
        self.responsable.setPlaceholderText(self.tr("Responsable (structure ou personne)"))
        self.responsable.setAccessibleName(self.tr("Filtrer par responsable"))
        self.action_statut = QComboBox()
        self.action_statut.setAccessibleName(self.tr("Statut des actions"))
        self.action_statut.addItem(self.tr("Ouvertes (à faire, en cours)"), OUVERTES)
        self.action_statut.addItem(self.tr("Toutes"), None)
        for code, label in STATUTS_ACTION.items():
            self.action_statut.addItem(label, (code,))
        self.late = QCheckBox(self.tr("En retard seulement"))
        self.due = QCheckBox(self.tr("Échéance dans les 15 jours"))
        for widget in (self.responsable, self.action_statut, self.late, self.due):
            bar.addWidget(widget)
        layout.addLayout(bar)
        self.actions_model = ActionsModel(self)
        self.actions_table = table_de_lecture(self.actions_model, self.tr("Actions"), etiree=True)
        header = self.actions_table.horizontalHeader()
        for column in (0, 4, 5):  # deadline, status, decided on: as wide as they need; the action the most
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        for column in (1, 2, 3, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.actions_table, 1)
        buttons = QHBoxLayout()
        self.done_button = QPushButton(self.tr("Marquer &faite"))
        self.progress_button = QPushButton(self.tr("Marquer en &cours"))
        self.export_pdf = QPushButton(self.tr("Liste des actions en PDF…"))
        self.export_csv = QPushButton(self.tr("Liste des actions en CSV…"))
        for button in (self.done_button, self.progress_button, self.export_pdf, self.export_csv):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.board_count = QLabel()
        layout.addWidget(self.board_count)
        self.responsable.textChanged.connect(lambda _t: self.refresh_board())
        self.action_statut.currentIndexChanged.connect(lambda _i: self.refresh_board())
        self.late.toggled.connect(lambda _b: self.refresh_board())
        self.due.toggled.connect(lambda _b: self.refresh_board())
        self.done_button.clicked.connect(lambda: self._follow("fait"))
        self.progress_button.clicked.connect(lambda: self._follow("en_cours"))
        self.export_pdf.clicked.connect(lambda: self._export_list("pdf"))
        self.export_csv.clicked.connect(lambda: self._export_list("csv"))
        return page

    def _changed(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        rows = liste_reunions(self.store)
        self.model.set_rows(rows)
        self.count.setText(compte(len(rows), "réunion", "réunions") if rows
                           else self.tr("Aucune réunion : « Nouvelle réunion » pour préparer la première."))  # fmt: skip
        self.refresh_board()

    def board_rows(self) -> list[LigneAction]:
        due = (date.today() + timedelta(days=15)).isoformat() if self.due.isChecked() else None
        rows = actions(self.store, statuts=self.action_statut.currentData(), echeance_avant=due)
        wanted = self.responsable.text().strip().lower()
        if wanted:
            rows = [a for a in rows if wanted in a.responsable.lower()]
        if self.late.isChecked():
            rows = [a for a in rows if a.en_retard]
        return rows

    def refresh_board(self) -> None:
        rows = self.board_rows()
        self.actions_model.set_rows(rows)
        late = sum(1 for a in rows if a.en_retard)
        self.board_count.setText(
            f"{compte(len(rows), 'action', 'actions')} · {compte(late, 'en retard', 'en retard')}"
        )

    def open_meeting(self, reunion_id: str | None) -> None:
        from ui.reunions.dialog import ReunionDialog

        dialog = ReunionDialog(self.store, reunion_id, parent=self)
        dialog.exec()
        self.refresh()

    def plan_next(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        row: LigneReunion = self.model.row_at(index.row())
        if not row.serie:
            self.count.setText(
                self.tr("Cette réunion n'appartient à aucune série : renseignez sa série d'abord.")
            )
            return
        next_day = max(date.fromisoformat(row.date) + timedelta(days=28), date.today())
        self.open_meeting(planifie(self.store, row.serie, next_day))

    def _follow(self, statut: str) -> None:
        index = self.actions_table.currentIndex()
        if index.isValid():
            suit_action(self.store, self.actions_model.row_at(index.row()).id, statut=statut)
            self.refresh()

    def _export_list(self, fmt: str) -> None:
        from coordinateur.errors import CoordinateurError
        from coordinateur.reunions.exports import liste_actions_csv, liste_actions_pdf, prepare_actions
        from ui.reunions.apercu import ApercuSortie

        rows = self.board_rows()
        who = self.responsable.text().strip() or "tous les responsables"
        titre = f"Actions en cours — {who}"
        confirmes: set[str] = set()
        sortie = prepare_actions(self.store, rows, titre=titre)[1]
        if sortie.suspicions or sortie.remplacements:
            preview = ApercuSortie(
                self.store, None, lambda: prepare_actions(self.store, rows, titre=titre)[1],
                self.tr("Liste des actions — aperçu"), self,
            )  # fmt: skip
            preview.edit_button.hide()
            if preview.exec() != QDialog.DialogCode.Accepted:
                return
            confirmes = preview.confirmes()
        path, _ = enregistrer_sous(self, self.tr("Liste des actions"), f"actions.{fmt}", f"*.{fmt}")
        if not path:
            return
        try:
            if fmt == "csv":
                liste_actions_csv(self.store, rows, Path(path), confirme=confirmes)
            else:
                liste_actions_pdf(self.store, rows, Path(path), titre=titre, confirme=confirmes)
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Export impossible"), exc.message)
            return
        annonce_export(self, Path(path), self.tr("Liste des actions enregistrée."))

    def focus_search(self) -> None:
        self.responsable.setFocus()
