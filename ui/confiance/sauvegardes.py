"""Sauvegardes: the verified copies of the store, a backup now, a check, a restore, a second destination."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinateur.confiance.reouverture import Tache, restauration
from coordinateur.confiance.sauvegarde import Sauvegarde, liste, sauvegarde_manuelle, verifie
from coordinateur.errors import CoordinateurError
from coordinateur.settings import Settings, enregistre_reglages
from coordinateur.store import Store
from coordinateur.text import compte, date_longue
from ui.common.operation import run_in_background
from ui.common.table_model import Index, RowsTableModel, table_de_lecture

MOTIFS = {"auto": "Automatique", "manuelle": "Manuelle", "avant-import": "Avant un import",
          "avant-restauration": "Avant une restauration", "avant-migration": "Avant une mise à jour",
          "avant-chiffrement": "Avant le chiffrement"}  # fmt: skip


def taille(octets: int) -> str:
    if octets >= 1024 * 1024:
        return f"{octets / 1024 / 1024:.1f} Mo".replace(".", ",")
    return f"{max(1, octets // 1024)} Ko"


class SauvegardesModel(RowsTableModel):
    HEADERS = ("Date", "Motif", "Taille")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        s: Sauvegarde = self._rows[index.row()]
        if index.column() == 0:
            return s.date.astimezone().strftime("%d/%m/%Y %H:%M")
        if index.column() == 1:
            return MOTIFS.get(s.motif, s.motif)
        return taille(s.taille)


class SauvegardesWidget(QWidget):
    def __init__(
        self,
        store: Store,
        settings: Settings,
        restart: Callable[[Tache], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sauvegardes")
        self.store = store
        self.settings = settings
        self.restart = restart
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Coordinateur copie la base toutes les 30 minutes quand quelque chose a changé, avant chaque "
                "mise à jour et avant les grands imports ; chaque copie est vérifiée. On garde la dernière de "
                "chacune des 24 dernières heures, des 14 derniers jours, des 8 dernières semaines et des 12 "
                "derniers mois. Dossier : {d}"
            ).format(d=store.paths.backups)
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(intro)

        self.model = SauvegardesModel(self)
        self.table = table_de_lecture(self.model, self.tr("Sauvegardes"), etiree=True)
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        layout.addWidget(self.count)

        buttons = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("&Sauvegarder maintenant"))
        self.verify_button = QPushButton(self.tr("&Vérifier la sauvegarde choisie"))
        self.restore_button = QPushButton(self.tr("&Restaurer la sauvegarde choisie…"))
        for button in (self.backup_button, self.verify_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        second = QHBoxLayout()
        label = QLabel(self.tr("Seconde &destination (clé USB, partage interne) :"))
        self.second = QLineEdit(settings.sauvegarde_seconde)
        self.second.setReadOnly(True)
        self.second.setPlaceholderText(self.tr("aucune"))
        self.second.setAccessibleName(self.tr("Seconde destination des sauvegardes"))
        label.setBuddy(self.second)
        self.second_choose = QPushButton(self.tr("C&hoisir…"))
        self.second_clear = QPushButton(self.tr("Re&tirer"))
        second.addWidget(label)
        second.addWidget(self.second, 1)
        second.addWidget(self.second_choose)
        second.addWidget(self.second_clear)
        layout.addLayout(second)
        self.second_note = QLabel()
        self.second_note.setWordWrap(True)
        layout.addWidget(self.second_note)
        if store.key is None:
            self.second_choose.setEnabled(False)
            self.second_note.setText(
                self.tr(
                    "Les données sont en clair : chiffrez-les d'abord (onglet Phrase de passe) pour copier "
                    "les sauvegardes hors de cet ordinateur."
                )
            )

        self.backup_button.clicked.connect(self.backup_now)
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.second_choose.clicked.connect(self.choose_second)
        self.second_clear.clicked.connect(lambda: self.set_second(""))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.refresh()

    def refresh(self) -> None:
        backups = liste(self.store.paths)
        self.model.set_rows(backups)
        if backups:
            self.count.setText(compte(len(backups), "sauvegarde", "sauvegardes"))
            self.table.selectRow(0)
        else:
            self.count.setText(
                self.tr("Aucune sauvegarde pour l'instant : « Sauvegarder maintenant » en fait une.")
            )
        self.second_clear.setEnabled(bool(self.settings.sauvegarde_seconde))
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected() is not None
        self.verify_button.setEnabled(chosen)
        self.restore_button.setEnabled(chosen)

    def selected(self) -> Sauvegarde | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def backup_now(self) -> None:
        store, second = self.store, self.settings.sauvegarde_seconde

        def done(result: Any) -> None:
            saved, note = result
            self.refresh()
            text = self.tr("Sauvegarde faite et vérifiée : {n}.").format(n=saved.chemin.name)
            QMessageBox.information(
                self, self.tr("Sauvegarde"), text + (f"\n\n{note[:1].upper()}{note[1:]}." if note else "")
            )

        run_in_background(
            self, lambda **_kw: sauvegarde_manuelle(store, second), label=self.tr("Sauvegarde en cours…"),
            on_success=done, cancellable=False,
        )  # fmt: skip

    def verify_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        key = self.store.key

        def done(lines: Any) -> None:
            QMessageBox.information(self, self.tr("Sauvegarde vérifiée"), "\n".join(lines))

        run_in_background(
            self, lambda **_kw: verifie(chosen, key), label=self.tr("Vérification de la sauvegarde…"),
            on_success=done, cancellable=False,
        )  # fmt: skip

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        local = chosen.date.astimezone()
        when = self.tr("{d} à {h}").format(d=date_longue(local.date()), h=local.strftime("%H:%M"))
        answer = QMessageBox.question(
            self,
            self.tr("Restaurer une sauvegarde"),
            self.tr(
                "Remettre les données telles qu'elles étaient le {w} ?\n\nCe qui a été saisi depuis sera "
                "remplacé ; la base actuelle est d'abord gardée comme sauvegarde « avant-restauration », ce "
                "qui permet de revenir en arrière. La fenêtre se fermera quelques instants et se rouvrira."
            ).format(w=when),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restart(restauration(chosen.id))

    def choose_second(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            self.tr("Seconde destination des sauvegardes"),
            self.settings.sauvegarde_seconde or str(Path.home()),
        )
        if folder:
            self.set_second(folder)

    def set_second(self, folder: str) -> None:
        if folder and Path(folder).resolve().is_relative_to(self.store.paths.data.resolve()):
            QMessageBox.warning(
                self, self.tr("Seconde destination"),
                self.tr("Choisissez un autre support que le dossier des données : une clé USB ou un partage."),
            )  # fmt: skip
            return
        self.settings.sauvegarde_seconde = folder
        try:
            enregistre_reglages(
                self.store,
                sauvegarde_seconde=folder,
                audit_summary=f"Seconde destination des sauvegardes : {folder or 'aucune'}",
            )
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Seconde destination"), exc.message)
            return
        self.second.setText(folder)
        self.refresh()
        if folder:
            self.backup_now()
