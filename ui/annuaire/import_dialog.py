"""Import into the directory: choose a file, check the column mapping on a preview, simulate, import."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coordinateur.annuaire.imports.base import ImportError_, Rapport
from coordinateur.annuaire.imports.pilote import (
    LIBELLES_FORMATS,
    departements_du_territoire,
    detecte_format,
    importe,
    lit_tableau,
)
from coordinateur.annuaire.imports.tableur import LIBELLES_IMPORT, Tableau, devine_correspondance, signature
from coordinateur.errors import CoordinateurError
from coordinateur.settings import Settings, enregistre_reglages, load_settings
from coordinateur.store import Store
from ui.common.ecran import a_la_taille_de_l_ecran
from ui.common.operation import run_in_background

FILTERS = "Fichiers d'annuaire (*.csv *.txt *.xlsx *.zip *.vcf);;Tous les fichiers (*)"


class ImportDialog(QDialog):
    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.imported = False
        self.path: Path | None = None
        self.format_ = ""
        self.tableau: Tableau | None = None
        self.mapping_boxes: dict[str, QComboBox] = {}
        self.setWindowTitle(self.tr("Importer dans l'annuaire"))
        a_la_taille_de_l_ecran(self, 900, 700)
        layout = QVBoxLayout(self)

        row = QHBoxLayout()
        self.file_label = QLabel(self.tr("Aucun fichier choisi. Formats acceptés : tableur CSV ou Excel, extraction "
                                         "RPPS (PS_LibreAcces), extraction FINESS, cartes de visite vCard."))  # fmt: skip
        self.file_label.setWordWrap(True)
        self.choose = QPushButton(self.tr("&Choisir un fichier…"))
        self.choose.clicked.connect(self.choose_file)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.choose)
        layout.addLayout(row)

        form = QFormLayout()
        self.departements = QLineEdit(" ".join(departements_du_territoire(settings)))
        self.departements.setAccessibleName(self.tr("Départements à garder"))
        form.addRow(self.tr("&Départements à garder (extractions nationales) :"), self.departements)
        layout.addLayout(form)

        self.mapping_box = QGroupBox(self.tr("Colonnes du tableur → champs de l'annuaire"))
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.mapping_box.hide()
        layout.addWidget(self.mapping_box)
        self.preview = QTableWidget()
        self.preview.setAccessibleName(self.tr("Aperçu des premières lignes"))
        self.preview.hide()
        layout.addWidget(self.preview, 1)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName(self.tr("Rapport d'import"))
        self.report.setPlaceholderText(self.tr("Le rapport apparaîtra ici : fiches créées, mises à jour, inchangées, "
                                               "lignes refusées avec leur numéro."))  # fmt: skip
        layout.addWidget(self.report, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.simulate_button = QPushButton(self.tr("&Simuler"))
        self.simulate_button.setToolTip(self.tr("Montre ce que ferait l'import, sans rien enregistrer"))
        self.import_button = QPushButton(self.tr("&Importer"))
        for button in (self.simulate_button, self.import_button):
            button.setEnabled(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.simulate_button.clicked.connect(lambda: self.run(simulation=True))
        self.import_button.clicked.connect(lambda: self.run(simulation=False))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choisir le fichier à importer"), str(Path.home()), FILTERS
        )
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        self.report.clear()
        try:
            self.format_ = detecte_format(path)
            self.tableau = lit_tableau(path, self.format_) if self.format_ in ("csv", "xlsx") else None
        except ImportError_ as exc:
            self.file_label.setText(f"{path.name} : {exc.message}")
            self.simulate_button.setEnabled(False)
            self.import_button.setEnabled(False)
            return
        self.path = path
        details = ""
        if self.tableau is not None:
            details = self.tr(" — {n} lignes, encodage {e}").format(
                n=len(self.tableau.lignes), e=self.tableau.encodage
            )
            if self.tableau.separateur:
                details += self.tr(", séparateur {s}").format(s=self.tableau.separateur)
        self.file_label.setText(f"<b>{path.name}</b> : {LIBELLES_FORMATS[self.format_]}{details}")
        self._show_mapping()
        self.simulate_button.setEnabled(True)
        self.import_button.setEnabled(True)

    def _show_mapping(self) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.mapping_boxes.clear()
        if self.tableau is None:
            self.mapping_box.hide()
            self.preview.hide()
            return
        remembered = load_settings(self.store).correspondances_import.get(signature(self.tableau.entetes))
        mapping = remembered or devine_correspondance(self.tableau.entetes)
        for n, (champ, label) in enumerate(LIBELLES_IMPORT.items()):
            combo = QComboBox()
            combo.setAccessibleName(label)
            combo.addItem(self.tr("(ignorer)"), "")
            for header in self.tableau.entetes:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(mapping.get(champ, "")), 0))
            label_widget = QLabel(f"{label} :")
            label_widget.setBuddy(combo)
            self.mapping_grid.addWidget(label_widget, n // 4, (n % 4) * 2, Qt.AlignmentFlag.AlignRight)
            self.mapping_grid.addWidget(combo, n // 4, (n % 4) * 2 + 1)
            self.mapping_boxes[champ] = combo
        self.mapping_box.show()
        rows = self.tableau.apercu(8)
        self.preview.setColumnCount(len(self.tableau.entetes))
        self.preview.setHorizontalHeaderLabels(self.tableau.entetes)
        self.preview.setRowCount(len(rows))
        self.preview.setVerticalHeaderLabels(
            [str(number) for number, _row in self.tableau.lignes[: len(rows)]]
        )
        for r, row in enumerate(rows):
            for c, value in enumerate(row[: len(self.tableau.entetes)]):
                self.preview.setItem(r, c, QTableWidgetItem(value))
        self.preview.show()

    def mapping(self) -> dict[str, str] | None:
        if self.tableau is None:
            return None
        return {
            champ: combo.currentData() for champ, combo in self.mapping_boxes.items() if combo.currentData()
        }

    def run(self, *, simulation: bool) -> None:
        if self.path is None:
            return
        mapping = self.mapping()
        if mapping is not None and self.tableau is not None:
            known = dict(load_settings(self.store).correspondances_import)
            known[signature(self.tableau.entetes)] = mapping
            enregistre_reglages(self.store, correspondances_import=known)
        departements = self.departements.text().replace(",", " ").split()
        store, path, format_ = self.store, self.path, self.format_

        def work(on_progress: object, cancelled: object) -> Rapport:
            return importe(store, path, format_=format_, departements=departements, correspondance=mapping,
                           simulation=simulation, on_progress=on_progress, cancelled=cancelled)  # type: ignore[arg-type]  # fmt: skip

        for button in (self.simulate_button, self.import_button, self.choose):
            button.setEnabled(False)
        self.report.setPlainText(self.tr("Lecture en cours…"))
        run_in_background(self, work, label=self.tr("Import de {f}…").format(f=path.name),
                          on_success=self._done, on_failure=self._failed)  # fmt: skip

    def _done(self, rapport: Rapport) -> None:
        self.report.setPlainText("\n".join(rapport.details()))
        if not rapport.simulation and (rapport.crees or rapport.mises_a_jour):
            self.imported = True
        for button in (self.simulate_button, self.import_button, self.choose):
            button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, CoordinateurError):
            self.report.setPlainText(exc.message)
        else:
            self.report.setPlainText(
                self.tr("L'import n'a pas abouti et rien n'a été modifié (erreur inattendue).")
            )
            sys.excepthook(type(exc), exc, exc.__traceback__)
        for button in (self.simulate_button, self.import_button, self.choose):
            button.setEnabled(True)
