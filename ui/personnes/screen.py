"""Personnes accompagnées: find a person as you type, see whose sheet is out of date, print them in a batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinateur.errors import CoordinateurError
from coordinateur.fiches.impression import MODELES, toutes
from coordinateur.personnes.dossier import STATUTS
from coordinateur.personnes.service import LignePersonne, liste_personnes
from coordinateur.settings import Settings
from coordinateur.store import Store
from coordinateur.text import compte, date_fr
from ui.common.annonces import EcouteChangements
from ui.common.couleurs import couleur
from ui.common.export_fait import annonce_export
from ui.common.fichiers import enregistrer_sous
from ui.common.operation import run_in_background
from ui.common.table_model import Index, RowsTableModel, table_de_lecture

ID_ROLE = Qt.ItemDataRole.UserRole + 10
COULEURS = {"a_jour": "ok", "a_revoir": "attention", "perimee": "erreur", "aucune": "erreur"}


class PersonnesModel(RowsTableModel):
    COL_NOM, COL_NAISSANCE, COL_COMMUNE, COL_SUIVI, COL_FICHE = range(5)
    HEADERS = ("Nom", "Né(e) le", "Commune", "Suivi", "Fiche de liaison")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p: LignePersonne = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_NOM:
                return f"{p.nom.upper()} {p.prenom}"
            if column == self.COL_NAISSANCE:
                return date_fr(p.date_naissance)
            if column == self.COL_COMMUNE:
                return p.commune or "—"
            if column == self.COL_SUIVI:
                return STATUTS.get(p.statut, p.statut)
            return ("⚠ " if p.etat.code != "a_jour" else "✔ ") + p.etat.libelle
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_FICHE:
            return QBrush(couleur(COULEURS.get(p.etat.code, "erreur")))
        if role == ID_ROLE:
            return p.id
        return None


class PersonnesScreen(QWidget):
    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ecran-personnes")
        self.store = store
        self.ecoute = EcouteChangements(self, store, ("personne", "fiche_liaison"), self._changed)
        self.settings = settings
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(QLabel(f"<h2>{self.tr('Personnes accompagnées')}</h2>"))
        head.addStretch(1)
        self.new_button = QPushButton(self.tr("&Nouvelle personne"))
        self.batch_button = QPushButton(self.tr("Imprimer les fiches à &refaire…"))
        self.rights_button = QPushButton(self.tr("&Droits de la personne"))
        self.rights_button.setToolTip(self.tr("Droit d'accès, effacement, journal du dossier (RGPD)"))
        head.addWidget(self.new_button)
        head.addWidget(self.batch_button)
        head.addWidget(self.rights_button)
        layout.addLayout(head)
        bar = QHBoxLayout()
        label = QLabel(self.tr("&Rechercher :"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Nom, prénom, nom de naissance, date de naissance…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Rechercher une personne"))
        label.setBuddy(self.search)
        self.statut = QComboBox()
        self.statut.setAccessibleName(self.tr("Suivi"))
        self.statut.addItem(self.tr("Personnes suivies"), "suivie")
        self.statut.addItem(self.tr("Toutes"), None)
        for code, text in STATUTS.items():
            if code != "suivie":
                self.statut.addItem(text, code)
        self.a_refaire = QCheckBox(self.tr("Seulement les fiches à refaire ou à revoir &bientôt"))
        bar.addWidget(label)
        bar.addWidget(self.search, 2)
        bar.addWidget(self.statut)
        bar.addWidget(self.a_refaire)
        layout.addLayout(bar)
        self.model = PersonnesModel(self)
        self.table = table_de_lecture(self.model, self.tr("Personnes accompagnées"), etiree=True)
        for column in (1, 3):  # the date and the follow-up are short: the sheet's state gets the room
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.statut.currentIndexChanged.connect(lambda _i: self.refresh())
        self.a_refaire.toggled.connect(lambda _b: self.refresh())
        self.table.activated.connect(self._open_index)
        self.new_button.clicked.connect(lambda: self.open_person(None))
        batch_menu = QMenu(self.batch_button)
        batch_menu.addAction(self.tr("Imprimer sur une imprimante…"), self.print_batch_to_printer)
        batch_menu.addAction(self.tr("Enregistrer en PDF dans un dossier…"), self.print_batch)
        self.batch_button.setMenu(batch_menu)
        rights = QMenu(self.rights_button)
        rights.addAction(self.tr("Remettre le dossier complet (PDF)…"), self.access_bundle)
        rights.addAction(self.tr("Voir le journal de ce dossier"), self.show_journal)
        rights.addSeparator()
        rights.addAction(self.tr("Effacer : anonymiser le dossier…"), self.erase)
        self.rights_button.setMenu(rights)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for menu_action in rights.actions():
            self.table.addAction(menu_action)
        action = QAction(self)
        action.setShortcut(QKeySequence.StandardKey.New)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: self.open_person(None))
        self.addAction(action)
        self.refresh()

    def _changed(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        rows = liste_personnes(self.store, self.search.text(), statut=self.statut.currentData())
        if self.a_refaire.isChecked():
            rows = [r for r in rows if r.etat.code != "a_jour"]
        self.model.set_rows(rows)
        redo = sum(1 for r in rows if r.etat.perimee)  # the same count as the indicator "fiches à refaire"
        soon = sum(1 for r in rows if r.etat.code == "a_revoir")
        if rows:
            self.count.setText(
                f"{compte(len(rows), 'personne', 'personnes')} · {compte(redo, 'fiche à refaire', 'fiches à refaire')}"
                + (f" · {soon} à revoir bientôt" if soon else "")
            )
        elif self.search.text() or self.a_refaire.isChecked():
            self.count.setText(self.tr("Personne ne correspond à la recherche."))
        else:
            self.count.setText(
                self.tr(
                    "Aucune personne accompagnée pour l'instant : « Nouvelle personne » (Ctrl+N) pour commencer."
                )
            )

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _open_index(self, index: QModelIndex) -> None:
        if self.model.row_at(index.row()).statut == "anonymisee":
            QMessageBox.information(
                self, self.tr("Dossier anonymisé"),
                self.tr("Ce dossier a été anonymisé : il ne contient plus rien qui se consulte."),
            )  # fmt: skip
            return
        self.open_person(index.data(ID_ROLE))

    def selected(self) -> LignePersonne | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(
                self, self.tr("Personnes"), self.tr("Choisissez d'abord une personne dans la liste.")
            )
            return None
        return self.model.row_at(rows[0].row())

    def access_bundle(self, path: str | None = None) -> Path | None:
        """Right of access: everything held about the person, with the audit entries, as one PDF."""
        from coordinateur.fichiers import ecriture_atomique
        from coordinateur.personnes.rgpd import pdf_acces

        person = self.selected()
        if person is None:
            return None
        asked = path is None
        if path is None:
            name = f"donnees_{person.nom}_{person.prenom}.pdf".replace(" ", "_")
            path, _f = enregistrer_sous(
                self, self.tr("Dossier complet de {p}").format(p=f"{person.prenom} {person.nom}"),
                name, self.tr("PDF (*.pdf)"),
            )  # fmt: skip
            if not path:
                return None
        try:
            data = pdf_acces(self.store, person.id, structure=self.settings.structure_nom)
            with ecriture_atomique(Path(path)) as handle:
                handle.write(data)
        except (CoordinateurError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Dossier complet"), getattr(exc, "message", None) or str(exc))
            return None
        if asked:
            annonce_export(self, Path(path), self.tr("Dossier complet enregistré."))
        return Path(path)

    def show_journal(self) -> None:
        person = self.selected()
        window = self.window()
        show = getattr(window, "show_screen_named", None)
        if person is not None and show is not None:
            show("protection").show_journal_of(person.id)

    def erase(self) -> None:
        """Right to erasure: the file is anonymised; what the indicators count is kept."""
        from coordinateur.personnes.rgpd import anonymise

        person = self.selected()
        if person is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Effacer le dossier"),
            self.tr(
                "Anonymiser le dossier de {p} ?\n\nIdentité, coordonnées, contacts, cercle de soins, contenu des "
                "fiches et textes des situations évoquées en réunion seront effacés définitivement. Ne restent "
                "que des chiffres sans nom (commune, dates, nombre de fiches) pour les indicateurs. Pensez à "
                "remettre d'abord son dossier complet si la personne le demande."
            ).format(p=f"{person.prenom} {person.nom.upper()}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            anonymise(self.store, person.id)
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Effacement impossible"), exc.message)
            return
        self.refresh()

    def open_person(self, personne_id: str | None) -> None:
        from ui.personnes.dialog import PersonneDialog

        dialog = PersonneDialog(self.store, self.settings, personne_id, parent=self)
        dialog.exec()
        self.refresh()

    def to_redo(self) -> list[LignePersonne]:
        return [
            p for p in liste_personnes(self.store, statut="suivie") if p.etat.code in ("perimee", "a_revoir")
        ]

    def print_batch_to_printer(self) -> None:
        """Print every sheet to redo, the printer chosen once, with progress and cancel."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from coordinateur.fiches.impression import pdf_fiche
        from ui.fiches.printing import print_pdf

        people = self.to_redo()
        if not people:
            QMessageBox.information(
                self, self.tr("Fiches à refaire"), self.tr("Toutes les fiches validées sont à jour.")
            )
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Imprimer {n}").format(n=compte(len(people), "fiche", "fiches")))
        if not dialog.exec():
            return
        progress = QProgressDialog(
            self.tr("Impression des fiches…"), self.tr("Annuler"), 0, len(people), self
        )
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)
        refused: list[str] = []
        for n, person in enumerate(people):
            if progress.wasCanceled():
                break
            progress.setValue(n)
            try:
                data, _version = pdf_fiche(self.store, person.id, "frigo", action="impression")
                print_pdf(printer, data)
            except CoordinateurError as exc:
                refused.append(f"{person.prenom} {person.nom} : {exc.message}")
        progress.setValue(len(people))
        if refused:
            QMessageBox.warning(self, self.tr("Fiches non imprimées"), "\n".join(refused))

    def print_batch(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Dossier où enregistrer les fiches à imprimer"), str(Path.home())
        )
        if not folder:
            return
        store = self.store

        def work(on_progress: Any, cancelled: Any) -> Any:
            return toutes(
                store,
                Path(folder),
                modele="frigo",
                perimees=True,
                on_progress=on_progress,
                cancelled=cancelled,
            )

        def done(lot: Any) -> None:
            lines = [
                self.tr("{n}.").format(n=compte(len(lot.ecrites), "fiche enregistrée", "fiches enregistrées"))
            ]
            lines += [f"{qui} : {raison}" for qui, raison in lot.refusees]
            self.refresh()
            annonce_export(self, Path(folder), "\n".join(lines), titre=self.tr("Fiches à refaire"))

        run_in_background(
            self,
            work,
            label=self.tr("Préparation des {m}…").format(m=MODELES["frigo"].lower()),
            on_success=done,
        )
