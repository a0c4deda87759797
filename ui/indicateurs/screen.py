"""Indicateurs: the figures of a period for a part of the territory, compared with the previous period, a
bar chart, the records behind each figure, the coordinator's comments, closing and the bilan export; and
the conventions and events registers they are counted from."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coordinateur.errors import CoordinateurError
from coordinateur.indicateurs.bilan import Bilan, bilan, cloture, enregistre_note, exporte, nombre
from coordinateur.indicateurs.calcul import Valeur, calcule, definitions
from coordinateur.indicateurs.periodes import Periode, Territoire, parties, periode, territoire
from coordinateur.settings import Settings
from coordinateur.store import Store
from coordinateur.text import date_fr
from ui.common.annonces import EcouteChangements
from ui.common.export_fait import annonce_export
from ui.common.fichiers import enregistrer_sous
from ui.common.operation import Operation, message_pour, run_in_background
from ui.common.table_model import en_lecture
from ui.indicateurs.graphique import Graphique
from ui.indicateurs.registres import conventions_widget, evenements_widget

CODE_ROLE = Qt.ItemDataRole.UserRole + 20
GENRES = ("Année", "Semestre", "Trimestre", "Personnalisée")
# What the figures are counted from: a change to one of these, wherever it comes from (a form, an import,
# a sync), recomputes the figures shown.
SOURCES = ("personne", "fiche_liaison", "reunion", "situation", "action", "diffusion", "convention",
           "evenement", "cloture", "note_bilan", "structure", "intervenant")  # fmt: skip


class DetailDialog(QDialog):
    """The records behind one figure."""

    def __init__(self, valeur: Valeur, periode_: Periode, clos: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(valeur.definition.libelle)
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        head = QLabel(
            f"<b>{valeur.definition.libelle}</b> — {periode_.libelle} : {nombre(valeur.valeur, valeur.definition.unite)}"
            f"<br><small>{valeur.definition.definition}</small>"
        )
        head.setWordWrap(True)
        layout.addWidget(head)
        if clos:
            note = QLabel(self.tr("Période close : la liste montre les données d'aujourd'hui ; le bilan garde ses "
                                  "chiffres figés."))  # fmt: skip
            note.setWordWrap(True)
            layout.addWidget(note)
        self.table = QTableWidget(len(valeur.lignes), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Fiche"), self.tr("Détail")])
        en_lecture(self.table, self.tr("Fiches derrière le chiffre"), une_ligne=False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, line in enumerate(valeur.lignes):
            self.table.setItem(row, 0, QTableWidgetItem(line.libelle))
            self.table.setItem(row, 1, QTableWidgetItem(line.detail))
        layout.addWidget(self.table, 1)
        if not valeur.lignes:
            layout.addWidget(QLabel(self.tr("Aucune fiche pour cette période.")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class TableauWidget(QWidget):
    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.current: Bilan | None = None
        self._valeurs: dict[str, Valeur] | None = None  # the records behind the figures, when asked
        self._calcul = 0  # the figures asked last: a result of an earlier request is dropped
        self.calcul_en_cours = False
        self.export_en_cours = False
        self.dernier_export: Path | None = None  # the file the last export wrote
        self.detail_en_cours = False
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.genre = QComboBox()
        self.genre.setAccessibleName(self.tr("Genre de période"))
        for genre in GENRES:
            self.genre.addItem(self.tr(genre), genre)
        self.annee = QSpinBox()
        self.annee.setRange(2000, 2100)
        self.annee.setValue(date.today().year)
        self.annee.setAccessibleName(self.tr("Année"))
        self.partie = QComboBox()
        self.partie.setAccessibleName(self.tr("Semestre ou trimestre"))
        self.du = QDateEdit(QDate(date.today().year, 1, 1))
        self.au = QDateEdit(QDate.currentDate())
        for edit, name in ((self.du, self.tr("Du")), (self.au, self.tr("Au"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setAccessibleName(name)
        self.lieu = QComboBox()
        self.lieu.setAccessibleName(self.tr("Partie du territoire"))
        self.lieu.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for code, name in parties(settings):
            self.lieu.addItem(name, code)
        label = QLabel(self.tr("&Période :"))
        label.setBuddy(self.genre)
        bar.addWidget(label)
        for widget in (self.genre, self.annee, self.partie, self.du, self.au):
            bar.addWidget(widget)
        where = QLabel(self.tr("&Territoire :"))
        where.setBuddy(self.lieu)
        bar.addSpacing(12)
        bar.addWidget(where)
        bar.addWidget(self.lieu, 1)
        layout.addLayout(bar)
        self.etat = QLabel()
        self.etat.setWordWrap(True)
        layout.addWidget(self.etat)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("Indicateur"), self.tr("Valeur"), self.tr("Précédente"), self.tr("Évolution")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName(self.tr("Indicateurs de la période"))
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setToolTip(self.tr("Double-cliquez sur un chiffre pour voir les fiches qui le composent."))
        split.addWidget(self.tree)
        self.chart = Graphique()
        split.addWidget(self.chart)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([700, 300])  # the names of the indicators whole on a laptop; the chart beside them
        layout.addWidget(split, 1)

        comments = QHBoxLayout()
        self.commentaire = QPlainTextEdit()
        self.commentaire.setPlaceholderText(
            self.tr("Commentaires du bilan : faits marquants, explications des écarts…")
        )
        self.commentaire.setMaximumHeight(80)
        self.commentaire.setAccessibleName(self.tr("Commentaires du bilan"))
        comments.addWidget(self.commentaire, 1)
        buttons = QVBoxLayout()
        self.save_comment = QPushButton(self.tr("Enregistrer le co&mmentaire"))
        self.close_button = QPushButton(self.tr("&Clore la période…"))
        self.export_button = QPushButton(self.tr("E&xporter le bilan…"))
        for button in (self.save_comment, self.close_button, self.export_button):
            buttons.addWidget(button)
        comments.addLayout(buttons)
        layout.addLayout(comments)

        self.genre.currentIndexChanged.connect(self._genre_changed)
        for signal in (self.annee.valueChanged, self.partie.currentIndexChanged, self.du.dateChanged,
                       self.au.dateChanged, self.lieu.currentIndexChanged):  # fmt: skip
            signal.connect(lambda *_a: self.refresh())
        self.tree.itemDoubleClicked.connect(lambda item, _c: self.show_detail(item.data(0, CODE_ROLE)))
        self.tree.currentItemChanged.connect(lambda item, _p: self._chart_for(item))
        self.save_comment.clicked.connect(self.store_comment)
        self.close_button.clicked.connect(self.close_period)
        self.export_button.clicked.connect(self.export)
        self.ecoute = EcouteChangements(self, store, SOURCES, self._changed)
        self._genre_changed()

    # -- choosing ---------------------------------------------------------------------------------------

    def _genre_changed(self) -> None:
        kind = self.genre.currentData()
        self.partie.blockSignals(True)
        self.partie.clear()
        if kind == "Semestre":
            for n in (1, 2):
                self.partie.addItem(
                    self.tr("{n}{e} semestre").format(n=n, e="er" if n == 1 else "e"), f"S{n}"
                )
        elif kind == "Trimestre":
            for n in (1, 2, 3, 4):
                self.partie.addItem(
                    self.tr("{n}{e} trimestre").format(n=n, e="er" if n == 1 else "e"), f"T{n}"
                )
        self.partie.blockSignals(False)
        self.partie.setVisible(kind in ("Semestre", "Trimestre"))
        self.annee.setVisible(kind != "Personnalisée")
        self.du.setVisible(kind == "Personnalisée")
        self.au.setVisible(kind == "Personnalisée")
        self.refresh()

    def choose(self, code: str, lieu: str = "") -> None:
        """Select a period by its code (2026, 2026-S1, 2026-T2, A..B) and a part of the territory."""
        p = periode(code)
        for widget in (self.genre, self.annee, self.partie, self.du, self.au, self.lieu):
            widget.blockSignals(True)
        if ".." in p.code:
            self.genre.setCurrentIndex(3)
            self.du.setDate(QDate(p.debut.year, p.debut.month, p.debut.day))
            self.au.setDate(QDate(p.fin.year, p.fin.month, p.fin.day))
        else:
            self.genre.setCurrentIndex({"S": 1, "T": 2}.get(p.code[5:6], 0))
            self.annee.setValue(int(p.code[:4]))
        self.lieu.setCurrentIndex(max(0, self.lieu.findData(lieu)))
        for widget in (self.genre, self.annee, self.partie, self.du, self.au, self.lieu):
            widget.blockSignals(False)
        self._genre_changed()
        if p.code[5:6] in ("S", "T"):
            self.partie.setCurrentIndex(max(0, self.partie.findData(p.code[5:])))

    def periode(self) -> Periode:
        kind = self.genre.currentData()
        year = self.annee.value()
        if kind == "Personnalisée":
            return periode(
                f"{self.du.date().toString('yyyy-MM-dd')}..{self.au.date().toString('yyyy-MM-dd')}"
            )
        if kind in ("Semestre", "Trimestre"):
            return periode(f"{year}-{self.partie.currentData() or ('S1' if kind == 'Semestre' else 'T1')}")
        return periode(str(year))

    def territoire(self) -> Territoire:
        return territoire(self.settings, self.lieu.currentData() or "")

    # -- showing ----------------------------------------------------------------------------------------

    def _changed(self) -> None:
        """Data the figures count changed (here, on another screen, or from a sync): recomputed when the
        figures are on screen; otherwise when they are shown again (IndicateursScreen.showEvent)."""
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Compute the figures of the period chosen off the GUI thread; the screen says « calcul en cours »
        meanwhile and shows the figures when they come (only those of the latest request)."""
        self._valeurs = None
        self._calcul += 1
        ticket = self._calcul
        try:
            chosen, where = self.periode(), self.territoire()
        except CoordinateurError as exc:
            self._sans_chiffres(exc.message)
            return
        self.calcul_en_cours = True
        self.etat.setText(self.tr("{p} — {t} : calcul en cours…").format(p=chosen.libelle.capitalize(),
                                                                           t=where.libelle))  # fmt: skip
        self.tree.setEnabled(False)
        for button in (self.save_comment, self.close_button, self.export_button):
            button.setEnabled(False)
        store = self.store
        run_in_background(
            self, lambda **_kw: bilan(store, chosen, where), label=self.tr("Calcul des indicateurs…"),
            quiet=True, cancellable=False,
            on_success=lambda result: self._calcule(ticket, chosen, where, result),
            on_failure=lambda exc: self._echec(ticket, exc),
        )  # fmt: skip

    def _echec(self, ticket: int, exc: BaseException) -> None:
        if ticket == self._calcul:
            self._sans_chiffres(message_pour(exc))

    def _sans_chiffres(self, message: str) -> None:
        self.calcul_en_cours = False
        self.etat.setText(f"⚠ {message}")
        self.tree.clear()
        self.tree.setEnabled(True)
        self.current = None
        self.chart.montre("", [], {})

    def _calcule(self, ticket: int, chosen: Periode, where: Territoire, result: Bilan) -> None:
        if ticket != self._calcul:  # the period or the territory changed meanwhile: a newer result comes
            return
        self.calcul_en_cours = False
        self.tree.setEnabled(True)
        self.export_button.setEnabled(not self.export_en_cours)
        before = self.current
        self.current = result
        if result.clos:
            self.etat.setText(self.tr("🔒 {p} — {t} : période close le {d} par {u} ; les chiffres sont figés "
                                      "(définitions {v}).").format(p=chosen.libelle.capitalize(), t=where.libelle,
                                      d=date_fr(result.close_le), u=result.close_par,
                                      v=result.version))  # fmt: skip
        else:
            self.etat.setText(self.tr("{p} — {t} : chiffres calculés à partir des données, comparés à la période "
                                      "précédente ({q}). Double-cliquez sur un indicateur pour voir ses fiches.").format(
                                      p=chosen.libelle.capitalize(), t=where.libelle, q=chosen.precedente().libelle))  # fmt: skip
        self.tree.clear()
        groups = definitions().groupes
        parents: dict[str, QTreeWidgetItem] = {}
        for line in result.lignes:
            parent = parents.get(line.groupe)
            if parent is None:
                parent = QTreeWidgetItem([groups.get(line.groupe, line.groupe)])
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                parent.setData(0, CODE_ROLE, f"groupe:{line.groupe}")
                self.tree.addTopLevelItem(parent)
                parent.setFirstColumnSpanned(True)
                parents[line.groupe] = parent
            item = QTreeWidgetItem([line.libelle, nombre(line.valeur, line.unite), nombre(line.precedente, line.unite),
                                    line.evolution])  # fmt: skip
            item.setData(0, CODE_ROLE, line.code)
            for column in (1, 2, 3):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            parent.addChild(item)
        self.tree.expandAll()
        same = before is not None and (before.periode.code, before.territoire.code) == (
            chosen.code,
            where.code,
        )
        if not (same and self.commentaire.document().isModified()):  # a comment being typed stays
            self.commentaire.setPlainText(result.commentaire)
            self.commentaire.document().setModified(False)
        self.commentaire.setReadOnly(result.clos)
        self.save_comment.setEnabled(not result.clos)
        self.close_button.setEnabled(not result.clos and chosen.fin < date.today())
        self.close_button.setToolTip(
            "" if chosen.fin < date.today() else self.tr("La période n'est pas terminée.")
        )
        self._chart_for(self.tree.topLevelItem(0))

    def _chart_for(self, item: QTreeWidgetItem | None) -> None:
        if self.current is None or item is None:
            return
        code = item.data(0, CODE_ROLE) or ""
        group = code[7:] if code.startswith("groupe:") else next(
            (line.groupe for line in self.current.lignes if line.code == code), "plan")  # fmt: skip
        lines = [line for line in self.current.lignes if line.groupe == group and line.unite == "nombre"]
        short = {d.code: d.court or d.libelle for d in definitions().indicateurs}
        self.chart.montre(definitions().groupes.get(group, group), lines, short)

    def valeur(self, code: str) -> Valeur | None:
        """The figure with the records behind it, once computed for the period shown (None until then)."""
        return (self._valeurs or {}).get(code)

    def show_detail(self, code: str | None) -> DetailDialog | None:
        """The records behind a figure: computed off the GUI thread the first time for the period shown
        (a progress dialog if it lasts), then the dialog opens. Returns it when it opened at once."""
        if not code or code.startswith("groupe:") or self.current is None or self.calcul_en_cours:
            return None
        if self._valeurs is not None:
            return self._open_detail(code)
        if self.detail_en_cours:
            return None
        self.detail_en_cours = True
        ticket, store, chosen, where = self._calcul, self.store, self.current.periode, self.territoire()

        def computed(values: Any) -> None:
            if ticket == self._calcul:
                self._valeurs = {v.code: v for v in values}
                self._open_detail(code)

        def finished() -> None:
            self.detail_en_cours = False

        run_in_background(
            self, lambda **_kw: calcule(store, chosen, where), label=self.tr("Recherche des fiches…"),
            name=self.tr("Détail de l'indicateur"), cancellable=False, on_success=computed,
            on_finished=finished,
        )  # fmt: skip
        return None

    def _open_detail(self, code: str) -> DetailDialog | None:
        value = self.valeur(code)
        if value is None or self.current is None:
            return None
        dialog = DetailDialog(value, self.current.periode, self.current.clos, self)
        dialog.open()
        return dialog

    # -- acting -----------------------------------------------------------------------------------------

    def store_comment(self) -> None:
        try:
            enregistre_note(self.store, self.periode(), self.territoire(), self.commentaire.toPlainText())
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Commentaires"), exc.message)
            return
        self.commentaire.document().setModified(False)

    def close_period(self) -> None:
        chosen, where = self.periode(), self.territoire()
        answer = QMessageBox.question(
            self, self.tr("Clore la période"),
            self.tr("Clore {p} pour {t} ?\n\nSes chiffres et vos commentaires seront figés : le bilan se réimprimera "
                    "à l'identique même si les données changent ensuite. Une période close ne se rouvre pas.").format(
                    p=chosen.libelle, t=where.libelle),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            cloture(self.store, chosen, where, self.commentaire.toPlainText())
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Clore la période"), exc.message)
            return
        self.refresh()

    def export(self, path: str | None = None) -> Operation | None:
        """Save the bilan in the file chosen (or `path`): the comment is saved first, then the figures with it
        are computed and the file written off the GUI thread (a progress dialog if it lasts); the file is
        offered to open when it was chosen in the dialog. Returns the operation under way, if any."""
        if self.current is None or self.export_en_cours:
            return None
        if not self.current.clos:
            self.store_comment()
        asked = path is None  # chosen in the dialog: then the file is offered to open
        if path is None:
            name = f"bilan_{self.current.periode.code.replace('..', '_au_')}.pdf"
            pdf, csv_, xlsx = (
                self.tr("PDF d'une page (*.pdf)"),
                self.tr("CSV pour Excel (*.csv)"),
                self.tr("Classeur Excel (*.xlsx)"),
            )
            path, chosen = enregistrer_sous(
                self, self.tr("Exporter le bilan"), name, f"{pdf};;{csv_};;{xlsx}"
            )
            if not path:
                return None
            if Path(path).suffix.lower() not in (".pdf", ".csv", ".xlsx"):
                path = str(Path(path).with_suffix({csv_: ".csv", xlsx: ".xlsx"}.get(chosen, ".pdf")))
        store, current, where, target = self.store, self.current, self.territoire(), Path(path)
        structure = self.settings.structure_nom

        def work(**_kw: Any) -> Path:
            # a closed period prints its frozen figures; an open one is counted again, with the comment saved
            figures = current if current.clos else bilan(store, current.periode, where)
            return exporte(store, figures, target, structure=structure)

        def written(result: Path) -> None:
            self.dernier_export = result
            if asked:
                annonce_export(self, result, self.tr("Bilan enregistré."))

        def finished() -> None:
            self.export_en_cours = False
            self.export_button.setEnabled(self.current is not None and not self.calcul_en_cours)

        self.export_en_cours = True
        self.export_button.setEnabled(False)
        return run_in_background(
            self, work, label=self.tr("Export du bilan…"), name=self.tr("Export du bilan"), cancellable=False,
            on_success=written, on_finished=finished,
        )  # fmt: skip


class CouvertureWidget(QWidget):
    """Commune by commune: persons followed, professionals and home services whose zone covers it."""

    HEADERS = ("Commune", "Communauté de communes", "Personnes suivies", "Professionnels", "Aide à domicile",
               "Soins infirmiers")  # fmt: skip

    def __init__(self, store: Store, tableau: TableauWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tableau = tableau
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        en_lecture(self.table, self.tr("Couverture des communes"), une_ligne=False)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # communes A to Z
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.lines: list[Any] = []
        self._calcul = 0  # the coverage asked last: a result of an earlier request is dropped
        self.calcul_en_cours = False

    def refresh(self) -> None:
        """Computed off the GUI thread: the table is greyed and the text says « calcul en cours » meanwhile;
        only the result of the latest request is shown (the territory may change meanwhile)."""
        from coordinateur.indicateurs.couverture import couverture

        where = self.tableau.territoire()
        self._calcul += 1
        ticket = self._calcul
        self.calcul_en_cours = True
        self.intro.setText(self.tr("Couverture de {t} : calcul en cours…").format(t=where.libelle))
        self.table.setEnabled(False)
        store = self.store

        def shown(lines: Any) -> None:
            if ticket == self._calcul:
                self.show_lines(lines, where)

        def failed(exc: BaseException) -> None:
            if ticket == self._calcul:
                self.calcul_en_cours = False
                self.table.setEnabled(True)
                self.intro.setText(f"⚠ {message_pour(exc)}")

        run_in_background(self, lambda **_kw: couverture(store, where), label=self.tr("Calcul de la couverture…"),
                          quiet=True, cancellable=False, on_success=shown, on_failure=failed)  # fmt: skip

    def show_lines(self, lines: Any, where: Territoire) -> None:
        self.calcul_en_cours = False
        self.table.setEnabled(True)
        self.intro.setText(self.tr("Couverture actuelle de {t} : qui intervient dans chaque commune d'après les zones "
                                   "d'intervention de l'annuaire. « ⚠ aucun » signale une commune qu'aucun service "
                                   "ne couvre.").format(t=where.libelle))  # fmt: skip
        self.lines = list(lines)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            cells = [
                line.commune,
                line.epci,
                line.personnes_suivies,
                line.intervenants,
                line.saad,
                line.ssiad,
            ]
            for column, value in enumerate(cells):
                item = QTableWidgetItem()
                if isinstance(value, int):
                    item.setData(Qt.ItemDataRole.DisplayRole, value)
                    if column >= 4 and value == 0:
                        item.setData(Qt.ItemDataRole.DisplayRole, self.tr("⚠ aucun"))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                else:
                    item.setText(value)
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)


class IndicateursScreen(QWidget):
    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ecran-indicateurs")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Indicateurs du territoire')}</h2>"))
        self.tabs = QTabWidget()
        self.tableau = TableauWidget(store, settings)
        self.conventions = conventions_widget(store, self)
        self.evenements = evenements_widget(store, settings, self)
        self.couverture = CouvertureWidget(store, self.tableau)
        self.tabs.addTab(self.tableau, self.tr("&Indicateurs"))
        self.tabs.addTab(self.couverture, self.tr("C&ouverture des communes"))
        self.tabs.addTab(self.conventions, self.tr("&Conventions"))
        self.tabs.addTab(self.evenements, self.tr("É&vénements"))
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.tableau:
            self.tableau.refresh()  # registers may have changed
        elif self.tabs.currentWidget() is self.couverture:
            self.couverture.refresh()

    def showEvent(self, event: Any) -> None:  # data changes on other screens
        super().showEvent(event)
        self._tab_changed()
