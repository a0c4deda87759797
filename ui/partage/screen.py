"""Partage: the shared folder — where it is, what travels, what waits, who wrote, and the conflicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coordinateur.annuaire.fiches import LIBELLES_CHAMPS
from coordinateur.errors import CoordinateurError
from coordinateur.partage.boite import boite_envoi
from coordinateur.partage.dossier import RACINE, initialise
from coordinateur.partage.tableau import (
    Etat,
    LigneConflit,
    LigneQuarantaine,
    appareils,
    conflits,
    ignore,
    leve_quarantaine,
    quarantaine,
    restaure,
)
from coordinateur.referentiels.telephone import affiche_telephone
from coordinateur.settings import Settings, enregistre_reglages, load_settings
from coordinateur.store import Store
from coordinateur.text import horodatage_fr, insecables
from ui.common.table_model import en_lecture
from ui.partage.equipe import EquipePage
from ui.partage.selection import choisi, reprend
from ui.partage.veille import VeillePartage


def _show(value: Any) -> str:
    if isinstance(value, list):  # phone numbers as the directory shows them
        return (
            ", ".join(
                affiche_telephone(str(p["numero"])) if isinstance(p, dict) and "numero" in p else str(p)
                for p in value
            )
            or "—"
        )
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value) if value not in (None, "") else "—"


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    return en_lecture(table, name, etiree=True)


class PartageScreen(QWidget):
    coordinateur_change = Signal(str)  # a new coordinator took this laptop over: the status bar follows

    def __init__(
        self,
        store: Store,
        settings: Settings,
        veille: VeillePartage | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ecran-partage")
        self.store = store
        self.veille = veille or VeillePartage(store, self)
        self._conflicts: list[LigneConflit] = []
        self._quarantine: list[LigneQuarantaine] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Partage entre coordinateurs')}</h2>"))
        box = QGroupBox(self.tr("Dossier de partage (NAS, partage réseau, dossier synchronisé, clé USB)"))
        form = QFormLayout(box)
        row = QHBoxLayout()
        self.folder = QLabel()
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose = QPushButton(self.tr("&Choisir le dossier…"))
        self.sync_button = QPushButton(self.tr("&Synchroniser maintenant"))
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose)
        row.addWidget(self.sync_button)
        form.addRow(self.tr("Dossier :"), row)
        self.reunions = QCheckBox(self.tr("Partager aussi les réunions et leurs actions avec l'équipe"))
        self.interne = QCheckBox(
            self.tr(
                "Ce dossier est un stockage interne de la structure (il peut recevoir des documents nominatifs)"
            )
        )
        form.addRow("", self.reunions)
        form.addRow("", self.interne)
        self.device_name = QLineEdit(store.device_name)
        self.device_name.setAccessibleName(self.tr("Nom de cet ordinateur"))
        self.device_name.setToolTip(self.tr("Le nom sous lequel vos collègues voient cet ordinateur"))
        self.device_name.editingFinished.connect(self._rename)
        self.coordinator = QLineEdit(settings.coordinateur_nom)
        self.coordinator.setAccessibleName(self.tr("Coordinateur de cet ordinateur"))
        self.coordinator.setMaxLength(200)  # as a colleague reads it from the device card
        self.coordinator.setToolTip(
            self.tr("Le nom sous lequel vos collègues voient qui travaille sur cet ordinateur")
        )
        self.coordinator.editingFinished.connect(self._rename_coordinator)
        names = QHBoxLayout()  # one row: a small screen keeps its height for the lists
        names.addWidget(self.device_name, 1)
        coordinator_label = QLabel(self.tr("Coordinateur :"))
        coordinator_label.setBuddy(self.coordinator)
        names.addWidget(coordinator_label)
        names.addWidget(self.coordinator, 1)
        form.addRow(self.tr("Nom de cet ordinateur :"), names)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("État du partage"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy a warning
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # several warnings scroll within the box instead of pushing the lists out of a small screen
        self._status_box = scroller = QScrollArea()
        scroller.setWidget(self.status)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.viewport().setAutoFillBackground(False)  # the box's colour, not a panel of its own
        self.status.setAutoFillBackground(False)
        line = self.status.fontMetrics().lineSpacing()
        self._status_bounds = (line * 3, line * 7)  # from three lines (a small screen: it scrolls) to seven
        scroller.setMinimumHeight(self._status_bounds[0])
        scroller.setMaximumHeight(self._status_bounds[1])
        form.addRow(self.tr("État :"), scroller)
        layout.addWidget(box)
        self.tabs = QTabWidget()
        self.outbox = _table(["Déposé le", "Pour", "Document", "État"], self.tr("Boîte d'envoi"))
        self.devices = _table(["Ordinateur", "Coordinateur", "Vu le", "Alerte"], self.tr("Ordinateurs vus"))
        conflicts_page = QWidget()
        conflicts_layout = QVBoxLayout(conflicts_page)
        self.conflicts = _table(
            ["Fiche", "Champ", "Valeur gardée", "Valeur écartée", "Détecté le"], self.tr("Conflits")
        )
        buttons = QHBoxLayout()
        self.restore_button = QPushButton(self.tr("&Rétablir la valeur écartée"))
        self.ignore_button = QPushButton(self.tr("Garder la valeur actuelle"))
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.ignore_button)
        buttons.addStretch(1)
        conflicts_layout.addWidget(self.conflicts, 1)
        conflicts_layout.addLayout(buttons)
        self.tabs.addTab(conflicts_page, self.tr("Conflits"))
        quarantine_page = QWidget()
        quarantine_layout = QVBoxLayout(quarantine_page)
        explanation = QLabel(
            self.tr(
                "Segments reçus d'autres ordinateurs mais refusés (contenu invalide) : rien n'en a été appliqué, "
                "le reste de la synchronisation continue. Quand l'auteur l'a réécrit, réexaminez-le."
            )
        )
        explanation.setWordWrap(True)
        self.quarantine = _table(
            ["Fichier", "Ordinateur", "Motif", "Détecté le"], self.tr("Segments en quarantaine")
        )
        self.lift_button = QPushButton(self.tr("Réexaminer le segment"))
        quarantine_buttons = QHBoxLayout()
        quarantine_buttons.addWidget(self.lift_button)
        quarantine_buttons.addStretch(1)
        quarantine_layout.addWidget(explanation)
        quarantine_layout.addWidget(self.quarantine, 1)
        quarantine_layout.addLayout(quarantine_buttons)
        self.tabs.addTab(quarantine_page, self.tr("Quarantaine"))
        self.equipe = EquipePage(store)
        self.tabs.addTab(self.equipe, self.tr("Équipe"))
        self.tabs.addTab(self.outbox, self.tr("Boîte d'envoi"))
        self.tabs.addTab(self.devices, self.tr("Ordinateurs"))
        self.history = QListWidget()
        self.history.setWordWrap(True)  # a line with a restore's or a clock's notice reads whole
        self.history.setAlternatingRowColors(True)  # where one wrapped line ends and the next begins
        self.history.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.history.setResizeMode(QListView.ResizeMode.Adjust)  # wrapped again when the window is resized
        self.history.setAccessibleName(self.tr("Synchronisations récentes"))
        self.tabs.addTab(self.history, self.tr("Synchronisations récentes"))
        layout.addWidget(self.tabs, 1)
        self.choose.clicked.connect(self.choose_folder)
        self.sync_button.clicked.connect(self.sync)
        self.reunions.toggled.connect(self._save_options)
        self.interne.toggled.connect(self._save_options)
        self.restore_button.clicked.connect(lambda: self._resolve(restore=True))
        self.ignore_button.clicked.connect(lambda: self._resolve(restore=False))
        self.lift_button.clicked.connect(self._lift)
        self.equipe.changed.connect(self.sync)
        self.veille.state_changed.connect(self._show_state)
        self.veille.synced.connect(lambda message: self.refresh(message, self.veille.last_state))
        self.veille.busy_changed.connect(self._show_busy)
        self._show_busy(self.veille.busy)
        self.refresh(state=self.veille.last_state)

    def _rename(self) -> None:
        if self.device_name.text().strip() == self.store.device_name:
            return
        try:
            self.store.rename_device(self.device_name.text())
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Nom de l'ordinateur"), insecables(exc.message))
            self.device_name.setText(self.store.device_name)
        else:
            self.equipe.refresh()  # its own row of the team, under its new name

    def _rename_coordinator(self) -> None:
        """Who works on this laptop (a new coordinator takes it over): colleagues see it at their next sync."""
        name = " ".join(self.coordinator.text().split())
        current = load_settings(self.store).coordinateur_nom
        if name == current:
            return
        if not name:
            QMessageBox.warning(self, self.tr("Coordinateur"), self.tr("Donnez le nom du coordinateur ou de la "
                                                                       "coordinatrice (ex. : Camille Bessière)."))  # fmt: skip
            self.coordinator.setText(current)
            return
        enregistre_reglages(
            self.store, coordinateur_nom=name, audit_summary=f"Coordinateur de cet ordinateur : {name}"
        )
        self.store.user = name  # the audit trail names who works from now on
        self.equipe.refresh()  # its own row of the team, under the new name
        self.coordinateur_change.emit(name)

    def _save_options(self) -> None:
        enregistre_reglages(
            self.store,
            partage_reunions=self.reunions.isChecked(),
            partage_dossier_interne=self.interne.isChecked(),
            audit_summary="Réglages du partage",
        )

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Dossier de partage"), str(Path.home()))
        if path:
            self.set_folder(Path(path))

    def set_folder(self, path: Path) -> None:
        try:
            if not (path / RACINE).exists():
                initialise(path)
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Dossier de partage"), insecables(exc.message))
            return
        enregistre_reglages(
            self.store, partage_dossier=str(path), audit_summary=f"Dossier de partage : {path}"
        )
        self.folder.setText(str(path))
        self.sync()

    def sync(self) -> None:
        self.veille.sync()  # the screen refreshes on `synced`

    def _show_busy(self, busy: bool) -> None:
        self.sync_button.setEnabled(not busy)
        self.choose.setEnabled(not busy)
        if busy:  # what the last look said no longer holds: the result replaces this line
            self.status.setText(self.tr("Synchronisation en cours…"))

    def check(self) -> bool:
        return self.veille.check()  # the screen refreshes on `state_changed`

    def _show_state(self, state: Etat, message: str = "") -> None:
        self.folder.setText(state.dossier or self.tr("aucun dossier choisi"))
        if not state.dossier:
            first = self.tr(
                "aucun dossier de partage : choisissez-en un pour partager l'annuaire et les exports"
            )
        elif state.connecte and state.hors_equipe:  # the folder is there, the team does not take its writes
            first = self.tr(
                "dossier joignable, mais cet ordinateur n'est pas admis dans l'équipe : "
                "ses modifications ne sont pas reçues par les autres"
            )
        elif state.connecte:
            first = self.tr("connecté")
        elif state.indisponible:  # the folder is there but not usable (FORMAT.json damaged…): say why
            first = state.indisponible
        else:
            first = self.tr(
                "non connecté (dossier absent, clé retirée ou réseau coupé) : rien n'est perdu, tout attend"
            )
        lines = [first]
        lines.append(self.tr("{n} en attente d'envoi · dernière synchronisation : {d}").format(
            n=state.en_attente, d=horodatage_fr(state.derniere_synchro or "")))  # fmt: skip
        if state.dernier_instantane:
            lines.append(self.tr("dernier instantané du dossier (compactage) : {d}").format(
                d=horodatage_fr(state.dernier_instantane)))  # fmt: skip
        if state.retenus:
            lines.append(self.tr(
                "{n} document(s) avec des données de personnes retenu(s) : ce dossier n'est pas déclaré comme "
                "stockage interne de la structure"
            ).format(n=state.retenus))  # fmt: skip
        if state.hors_equipe and state.hors_equipe not in state.erreur.splitlines():
            lines.append(state.hors_equipe)
        if state.erreur:
            lines += state.erreur.splitlines()
        # the last sync's report, but for the warnings the state above already gives (each said once)
        lines += [line for line in message.splitlines() if line not in lines]
        self.status.setText(insecables("\n".join(lines)))  # core messages too: « » never left alone
        self._fit_status()

    def _fit_status(self) -> None:
        """The warnings' box as tall as its lines, between its bounds (beyond, it scrolls)."""
        width = self._status_box.viewport().width()
        if width > 100:  # laid out
            low, high = self._status_bounds
            self._status_box.setFixedHeight(max(low, min(self.status.heightForWidth(width), high)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_status()  # its lines wrap differently

    def refresh(self, message: str = "", state: Etat | None = None) -> None:
        settings = load_settings(self.store)
        for box, value in (
            (self.reunions, settings.partage_reunions),
            (self.interne, settings.partage_dossier_interne),
        ):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        self._show_state(state or self.veille.last_state or self.veille.update(), message)
        chosen = choisi(self.conflicts, [c.id for c in self._conflicts])
        self._conflicts = conflits(self.store)
        self._fill(self.conflicts, [[c.libelle, LIBELLES_CHAMPS.get(c.champ, c.champ), _show(c.gardee), _show(c.ecartee),
                                     horodatage_fr(c.detecte_le)] for c in self._conflicts])  # fmt: skip
        for row, conflict in enumerate(self._conflicts):  # who typed each value, and when: in its tooltip
            for column, who in ((2, conflict.par_gardee), (3, conflict.par_ecartee)):
                item = self.conflicts.item(row, column)
                if item is not None and who:
                    item.setToolTip(insecables(self.tr("{v}\nSaisie par {w}").format(v=item.text(), w=who)))
        reprend(self.conflicts, [c.id for c in self._conflicts], chosen)
        self._fill(self.outbox, [[horodatage_fr(i.cree_le), i.destinataire, f"{i.genre}.{i.extension}",
                                  ("déposé le " + horodatage_fr(i.publie_le)) if i.publie_le else (i.erreur or "en attente")]
                                 for i in boite_envoi(self.store)])  # fmt: skip
        self._fill(self.devices, [[d.libelle, d.coordinateur, horodatage_fr(d.vu_le), d.alerte]
                                  for d in appareils(self.store)])  # fmt: skip
        self.tabs.setTabText(0, self.tr("Conflits ({n})").format(n=len(self._conflicts)))
        chosen = choisi(self.quarantine, [q.id for q in self._quarantine])
        self._quarantine = quarantaine(self.store)
        self._fill(self.quarantine, [[q.fichier.rsplit("/", 1)[-1], q.auteur, q.motif, horodatage_fr(q.detecte_le)]
                                     for q in self._quarantine])  # fmt: skip
        reprend(self.quarantine, [q.id for q in self._quarantine], chosen)
        self.tabs.setTabText(1, self.tr("Quarantaine ({n})").format(n=len(self._quarantine)))
        self.equipe.refresh()
        self.history.clear()
        for line in [insecables(line) for line in settings.partage_historique] or [
            self.tr("Aucune synchronisation pour l'instant.")
        ]:
            entry = QListWidgetItem(line)
            entry.setToolTip(line)
            self.history.addItem(entry)

    @staticmethod
    def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                value = insecables(value)
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # a long note or value, whole, where the column cuts it
                table.setItem(r, c, item)

    def _lift(self) -> None:
        row = self.quarantine.currentRow()
        if not 0 <= row < len(self._quarantine):
            return
        try:
            message = leve_quarantaine(self.store, self._quarantine[row].id)
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Quarantaine"), insecables(exc.message))
        else:
            QMessageBox.information(self, self.tr("Quarantaine"), insecables(message))
        self.refresh()

    def _resolve(self, *, restore: bool) -> None:
        row = self.conflicts.currentRow()
        if not 0 <= row < len(self._conflicts):
            QMessageBox.information(
                self, self.tr("Conflit"), self.tr("Choisissez d'abord un conflit dans la liste.")
            )
            return
        conflict = self._conflicts[row]
        try:
            (restaure if restore else ignore)(self.store, conflict.id)
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Conflit"), insecables(exc.message))
        self.refresh()
        self.veille.check()  # what now waits to be sent: the status line follows on `state_changed`
