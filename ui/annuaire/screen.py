"""Annuaire: the territory's directory, searchable as you type, filtered, opened, created, imported, exported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinateur.annuaire.listes import professions, types_structure
from coordinateur.annuaire.recherche import Filtre, cherche, liste
from coordinateur.annuaire.service import supprime
from coordinateur.referentiels.cog import referentiel
from coordinateur.settings import Settings
from coordinateur.store import Store
from coordinateur.territoire import communes_du_territoire
from coordinateur.text import compte
from ui.annuaire.filtre import FiltreProfessions
from ui.annuaire.model import BATCH, ID_ROLE, AnnuaireModel
from ui.common.annonces import EcouteChangements
from ui.common.export_fait import annonce_export, imprime_fichier_pdf
from ui.common.fichiers import enregistrer_sous
from ui.common.operation import run_in_background
from ui.common.table_model import table_de_lecture

SEARCH_LIMIT = 500
FULL_LIST_DELAY_MS = 150
EXPORTS = (("csv", "Tableur CSV (Excel)", "CSV (*.csv)", ".csv"), ("vcard", "Cartes de visite vCard", "vCard (*.vcf)", ".vcf"),
           ("pdf", "Livret PDF à imprimer", "PDF (*.pdf)", ".pdf"))  # fmt: skip


class AnnuaireScreen(QWidget):
    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ecran-annuaire")
        self.store = store
        self.ecoute = EcouteChangements(self, store, ("intervenant", "structure"), self._changed)
        self.settings = settings
        layout = QVBoxLayout(self)

        heading = QHBoxLayout()
        title = QLabel(f"<h2>{self.tr('Annuaire des intervenants')}</h2>")
        heading.addWidget(title)
        heading.addStretch(1)
        self.new_button = QPushButton(self.tr("&Nouvel intervenant"))
        self.new_button.setToolTip(self.tr("Ctrl+N"))
        self.new_structure_button = QPushButton(self.tr("Nouvelle s&tructure"))
        self.import_button = QPushButton(self.tr("&Importer…"))
        self.export_button = QPushButton(self.tr("E&xporter"))
        export_menu = QMenu(self.export_button)
        print_action = export_menu.addAction(self.tr("&Imprimer le livret…"))
        print_action.setShortcut(QKeySequence.StandardKey.Print)  # shown in the menu; the screen's own
        print_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # action below answers Ctrl+P
        print_action.triggered.connect(self.print_booklet)
        export_menu.addSeparator()
        for code, label, _filter, _suffix in EXPORTS:
            action = export_menu.addAction(self.tr(label))
            action.triggered.connect(lambda _c=False, c=code: self.export(c))
        export_menu.addSeparator()
        for code, label, _filter, _suffix in EXPORTS:
            action = export_menu.addAction(
                self.tr("Déposer dans le dossier de partage : {l}").format(l=label.lower())
            )
            action.triggered.connect(lambda _c=False, c=code: self.deposit(c))
        self.export_button.setMenu(export_menu)
        for button in (self.new_button, self.new_structure_button, self.import_button, self.export_button):
            heading.addWidget(button)
        layout.addLayout(heading)

        bar = QHBoxLayout()
        search_label = QLabel(self.tr("&Rechercher :"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Nom, profession, structure, commune, n° RPPS…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Rechercher dans l'annuaire"))
        search_label.setBuddy(self.search)
        bar.addWidget(search_label)
        bar.addWidget(self.search, 3)
        self.categorie = QComboBox()
        self.categorie.setAccessibleName(self.tr("Intervenants ou structures"))
        for label, value in (
            (self.tr("Tout"), None),
            (self.tr("Intervenants"), "intervenant"),
            (self.tr("Structures"), "structure"),
        ):
            self.categorie.addItem(label, value)
        bar.addWidget(self.categorie)
        self.profession = FiltreProfessions()
        bar.addWidget(self.profession, 2)
        layout.addLayout(bar)

        bar2 = QHBoxLayout()
        commune_label = QLabel(self.tr("Travaille à (&commune) :"))
        self.commune = QComboBox()
        self.commune.setAccessibleName(self.tr("Commune où la personne ou la structure intervient"))
        commune_label.setBuddy(self.commune)
        self.commune.addItem(self.tr("Toutes les communes"), None)
        for commune in communes_du_territoire(settings):
            self.commune.addItem(f"{commune.nom} ({commune.code_postal})", commune.code)
        self.epci = QComboBox()
        self.epci.setAccessibleName(self.tr("Communauté de communes"))
        self.epci.addItem(self.tr("Toutes les communautés de communes"), None)
        for name, code in sorted(
            {(c.epci_nom or "", c.epci_code) for c in communes_du_territoire(settings) if c.epci_code}
        ):
            self.epci.addItem(name, code)
        self.inactifs = QCheckBox(self.tr("Inclure les fiches &inactives"))
        bar2.addWidget(commune_label)
        bar2.addWidget(self.commune, 2)
        bar2.addWidget(self.epci, 2)
        bar2.addWidget(self.inactifs)
        layout.addLayout(bar2)

        self.model = AnnuaireModel(self)
        self.table = table_de_lecture(self.model, self.tr("Fiches de l'annuaire"))
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(AnnuaireModel.COL_NOM, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column in (AnnuaireModel.COL_NOM, AnnuaireModel.COL_STRUCTURE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        digits = self.table.fontMetrics().horizontalAdvance("05 65 00 00 00")  # a phone number, whole
        kind = self.table.fontMetrics().horizontalAdvance(
            "Service d'aide à domicile (SAAD)"
        )  # the longest usual
        widths = {
            AnnuaireModel.COL_PROFESSION: kind + 16,
            AnnuaireModel.COL_COMMUNE: 190,
            AnnuaireModel.COL_TELEPHONE: digits + 24,
        }
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Nombre de fiches affichées"))
        layout.addWidget(self.count)

        self._generation = 0
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.categorie.currentIndexChanged.connect(self._categorie_changed)
        for combo in (self.commune, self.epci):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.profession.changed.connect(self.refresh)
        self.inactifs.toggled.connect(lambda _b: self.refresh())
        self.table.activated.connect(self._open_index)
        self.new_button.clicked.connect(lambda: self.open_fiche(None, "intervenant"))
        self.new_structure_button.clicked.connect(lambda: self.open_fiche(None, "structure"))
        self.import_button.clicked.connect(self.open_import)
        for shortcut, slot in ((QKeySequence.StandardKey.New, lambda: self.open_fiche(None, "intervenant")),
                               (QKeySequence(Qt.Key.Key_Delete), self.delete_selected),
                               (QKeySequence.StandardKey.Print, self.print_booklet)):  # fmt: skip
            action = QAction(self)
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self._fill_professions()
        self.refresh()

    # -- filtering -------------------------------------------------------------------------------

    def _fill_professions(self) -> None:
        kind = self.categorie.currentData()
        items: list[tuple[str, str]] = []
        if kind in (None, "intervenant"):
            items += [(code, profession.libelle) for code, profession in professions().items()]
        if kind in (None, "structure"):
            items += [(code, kind_.libelle) for code, kind_ in types_structure().items()]
        self.profession.blockSignals(True)
        self.profession.set_items(items)
        self.profession.blockSignals(False)

    def _categorie_changed(self, _index: int) -> None:
        self._fill_professions()
        self.refresh()

    def filtre(self) -> Filtre:
        return Filtre(
            texte=self.search.text(),
            categorie=self.categorie.currentData(),
            professions=tuple(self.profession.checked()),
            commune=self.commune.currentData(),
            epci=self.epci.currentData(),
            actifs_seulement=not self.inactifs.isChecked(),
        )

    def _changed(self) -> None:
        """A sync, an import, a merge changed the directory: the list again, the same record selected."""
        selected = self.selected_id()
        self.refresh()
        self.select(selected)

    def refresh(self) -> None:
        """Searches answer at once (with a LIMIT). A full list shows its first rows at once and the rest
        as soon as a background read returns, so the window never waits for 50,000 rows."""
        filtre = self.filtre()
        self._generation += 1
        if filtre.texte.strip():
            self._show(filtre, cherche(self.store, filtre, SEARCH_LIMIT), complete=True)
            return
        first = cherche(self.store, filtre, BATCH)
        self._show(filtre, first, complete=len(first) < BATCH)
        if len(first) < BATCH:
            return
        generation, store = self._generation, self.store

        def load(on_progress: object, cancelled: object) -> list:
            return liste(store, filtre)

        def loaded(rows: list) -> None:
            if generation == self._generation:
                selected = self.selected_id()
                self._show(filtre, rows, complete=True)
                self.select(selected)

        # Started once the window has painted, so the first rows show without competing for the GIL.
        QTimer.singleShot(
            FULL_LIST_DELAY_MS,
            self,  # not after the screen is gone
            lambda: (
                generation == self._generation
                and run_in_background(
                    self, load, label=self.tr("Lecture de l'annuaire…"), on_success=loaded, quiet=True
                )
            ),
        )

    def _show(self, filtre: Filtre, rows: list, *, complete: bool) -> None:
        header = self.table.horizontalHeader()
        self.model.set_rows(rows)
        if (
            header.sortIndicatorSection() != AnnuaireModel.COL_NOM
            or header.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder
        ):
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        total = self.model.total
        if total == 0:
            empty = not (
                filtre.texte or filtre.categorie or filtre.professions or filtre.commune or filtre.epci
            )
            self.count.setText(
                self.tr(
                    "L'annuaire est vide : créez une fiche (Ctrl+N) ou importez un tableur, une extraction RPPS ou FINESS."
                )
                if empty
                else self.tr("Aucune fiche ne correspond : essayez moins de mots, ou retirez un filtre.")
            )
        elif filtre.texte.strip() and total >= SEARCH_LIMIT:
            self.count.setText(
                self.tr("Les {n} premières fiches : précisez la recherche.").format(n=SEARCH_LIMIT)
            )
        elif not complete:
            self.count.setText(self.tr("Lecture de l'annuaire…"))
        else:
            self.count.setText(compte(total, self.tr("fiche"), self.tr("fiches")))

    def montre_commune(self, code: str) -> None:
        """Who works in this commune: the other filters are taken off so that nobody is hidden."""
        for widget in (self.search, self.categorie, self.profession, self.commune, self.epci):
            widget.blockSignals(True)
        self.search.clear()
        self.categorie.setCurrentIndex(0)
        self._fill_professions()
        self.profession.clear()
        self.epci.setCurrentIndex(0)
        index = self.commune.findData(code)
        if index < 0:  # outside the territory (a commune added since): offered all the same
            commune = referentiel().commune(code)
            self.commune.addItem(f"{commune.nom} ({commune.code_postal})" if commune else code, code)
            index = self.commune.count() - 1
        self.commune.setCurrentIndex(index)
        for widget in (self.search, self.categorie, self.profession, self.commune, self.epci):
            widget.blockSignals(False)
        self.refresh()
        self.table.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- actions ---------------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def _open_index(self, index: QModelIndex) -> None:
        record_id = index.data(ID_ROLE)
        if record_id:
            self.open_fiche(record_id)

    def open_fiche(self, record_id: str | None, categorie: str = "intervenant") -> None:
        from ui.annuaire.form import FicheDialog

        dialog = FicheDialog(self.store, self.settings, record_id=record_id, categorie=categorie, parent=self)
        if dialog.exec():
            self.refresh()
            self.select(dialog.saved_id)

    def select(self, record_id: str | None) -> None:
        if not record_id:
            return
        row = self.model.row_of(record_id)
        if row is None:
            return
        while row >= self.model.rowCount() and self.model.canFetchMore():
            self.model.fetchMore()
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def delete_selected(self) -> None:
        record_id = self.selected_id()
        if not record_id:
            return
        ligne = self.model.row_at(self.table.currentIndex().row())
        name = f"{ligne.prenom} {ligne.nom}".strip()
        answer = QMessageBox.question(
            self,
            self.tr("Supprimer la fiche"),
            self.tr(
                "Supprimer la fiche « {n} » de l'annuaire ?\n\nElle disparaîtra aussi chez les collègues "
                "avec qui l'annuaire est partagé. Pour la garder sans l'afficher, désactivez-la plutôt."
            ).format(n=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            supprime(self.store, record_id)
            self.refresh()

    def open_import(self) -> None:
        from ui.annuaire.import_dialog import ImportDialog

        dialog = ImportDialog(self.store, self.settings, parent=self)
        dialog.exec()
        if dialog.imported:
            self.refresh()

    def deposit(self, format_: str) -> None:
        """The export waits in the outbox and goes to the shared folder at the next sync."""
        import tempfile

        from coordinateur.annuaire.exports import Selection, exporte
        from coordinateur.annuaire.intitules import titre_selection
        from coordinateur.partage.boite import depose

        suffix = next(e[3] for e in EXPORTS if e[0] == format_)
        folder = self.store.paths.cache / "depots"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder) as temp:
            path = Path(temp) / f"annuaire{suffix}"
            count = exporte(self.store, format_, Selection(filtre=self.filtre()), path,
                            titre=titre_selection(self.filtre()), sous_titre=self.settings.territoire_nom)  # fmt: skip
            depose(self.store, destinataire="partenaires du territoire", genre="annuaire", extension=suffix.lstrip("."),
                   contenu=path.read_bytes(), donnees_personnes=False)  # fmt: skip
        QMessageBox.information(self, self.tr("Boîte d'envoi"),
                                self.tr("{c} dans la boîte d'envoi : elles partiront à la prochaine synchronisation.").format(
                                    c=compte(count, "fiche", "fiches")))  # fmt: skip

    def print_booklet(self) -> None:
        """« Imprimer le livret… » (Ctrl+P): the booklet of what is shown goes to the print dialog at once,
        with no file to name first; the PDF made for it lives in the app's cache only while it prints."""
        import tempfile

        from coordinateur.annuaire.exports import Selection, exporte
        from coordinateur.annuaire.intitules import nom_fichier, titre_selection

        filtre = self.filtre()
        folder = self.store.paths.cache / "apercus"
        folder.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(dir=folder))
        target = temp / nom_fichier(filtre, (), ".pdf", date.today())
        store, titre, sous_titre = self.store, titre_selection(filtre), self.settings.territoire_nom

        def work(on_progress: object, cancelled: object) -> int:
            return exporte(store, "pdf", Selection(filtre=filtre), target, titre=titre, sous_titre=sous_titre)

        def done(_count: int) -> None:
            try:
                imprime_fichier_pdf(self, target)
            finally:
                target.unlink(missing_ok=True)
                temp.rmdir()

        run_in_background(
            self, work, label=self.tr("Préparation du livret…"), on_success=done, cancellable=False
        )

    def export(self, format_: str) -> None:
        from coordinateur.annuaire.intitules import nom_fichier, titre_selection

        _code, label, file_filter, suffix = next(e for e in EXPORTS if e[0] == format_)
        filtre = self.filtre()
        default = nom_fichier(filtre, (), suffix, date.today())
        path, _ = enregistrer_sous(
            self, self.tr("Exporter l'annuaire — {l}").format(l=label), default, file_filter
        )
        if not path:
            return
        from coordinateur.annuaire.exports import Selection, exporte

        target = Path(path if path.lower().endswith(suffix) else path + suffix)
        selection = Selection(filtre=filtre)
        store, titre, sous_titre = self.store, titre_selection(filtre), self.settings.territoire_nom

        def work(on_progress: object, cancelled: object) -> int:
            return exporte(store, format_, selection, target, titre=titre, sous_titre=sous_titre)

        def done(count: int) -> None:
            annonce_export(self, target, self.tr("{c} exportées.").format(c=compte(count, "fiche", "fiches")))

        run_in_background(
            self, work, label=self.tr("Export de l'annuaire…"), on_success=done, cancellable=False
        )
