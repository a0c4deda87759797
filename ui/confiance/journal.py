"""Journal d'audit: who did what, when, to which record — filtered, exported, its chain checked."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinateur.confiance.journal import (
    LIBELLES_ACTIONS,
    LIMITE,
    Entree,
    Filtre,
    compte,
    entrees,
    exporte_csv,
    utilisateurs,
    verifie,
)
from coordinateur.errors import CoordinateurError
from coordinateur.personnes.service import liste_personnes
from coordinateur.store import Store
from coordinateur.text import compte as compte_texte
from coordinateur.text import nombre
from ui.common.export_fait import annonce_export
from ui.common.fichiers import enregistrer_sous
from ui.common.table_model import Index, RowsTableModel, table_de_lecture

PERIODES = ("Tout", "Aujourd'hui", "7 derniers jours", "30 derniers jours", "Cette année", "Personnalisée")


class JournalModel(RowsTableModel):
    COL_DATE, COL_UTILISATEUR, COL_ACTION, COL_OBJET, COL_DETAIL = range(5)
    HEADERS = ("Date", "Utilisateur", "Action", "Objet", "Détail")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.noms: dict[str, str] = {}  # person id -> "NOM Prénom", to say whose file it was

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e: Entree = self._rows[index.row()]
        column = index.column()
        if column == self.COL_DATE:
            return e.horodatage.strftime("%d/%m/%Y %H:%M:%S")
        if column == self.COL_UTILISATEUR:
            return e.utilisateur
        if column == self.COL_ACTION:
            return e.action_libelle
        if column == self.COL_OBJET:
            who = self.noms.get(e.objet_id or "")
            return f"{e.objet_libelle} — {who}" if who else e.objet_libelle
        return e.resume


class JournalWidget(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journal-audit")
        self.store = store
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Chaque création, modification, suppression, consultation d'un dossier, impression et export "
                "est inscrite ici, avec son auteur. Les lignes sont chaînées : une ligne modifiée ou retirée "
                "se voit à la vérification."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        filters = QVBoxLayout()
        self.personne = QComboBox()
        self.personne.setAccessibleName(self.tr("Personne"))
        self.utilisateur = QComboBox()
        self.utilisateur.setAccessibleName(self.tr("Utilisateur"))
        self.action = QComboBox()
        self.action.setAccessibleName(self.tr("Action"))
        self.action.addItem(self.tr("Toutes les actions"), None)
        for code, label in sorted(LIBELLES_ACTIONS.items(), key=lambda kv: kv[1]):
            self.action.addItem(label, code)
        self.periode = QComboBox()
        self.periode.setAccessibleName(self.tr("Période"))
        for label in PERIODES:
            self.periode.addItem(self.tr(label), label)
        self.du = QDateEdit()
        self.au = QDateEdit()
        for edit, name in ((self.du, self.tr("Du")), (self.au, self.tr("Au"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setDate(QDate.currentDate())
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        for combo in (self.personne, self.utilisateur, self.action, self.periode):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        who = QHBoxLayout()
        when = QHBoxLayout()
        for row, text, widget in ((who, self.tr("&Personne :"), self.personne), (who, self.tr("&Utilisateur :"), self.utilisateur),
                                  (when, self.tr("&Action :"), self.action), (when, self.tr("Pé&riode :"), self.periode)):  # fmt: skip
            caption = QLabel(text)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
        who.addStretch(1)
        when.addWidget(QLabel(self.tr("du")))
        when.addWidget(self.du)
        when.addWidget(QLabel(self.tr("au")))
        when.addWidget(self.au)
        when.addStretch(1)
        filters.addLayout(who)
        filters.addLayout(when)
        layout.addLayout(filters)

        self.model = JournalModel(self)
        self.table = table_de_lecture(self.model, self.tr("Lignes du journal d'audit"), une_ligne=False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col in (JournalModel.COL_DATE, JournalModel.COL_UTILISATEUR, JournalModel.COL_ACTION):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(JournalModel.COL_OBJET, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(JournalModel.COL_OBJET, 260)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count = QLabel()
        bottom.addWidget(self.count, 1)
        self.verify_button = QPushButton(self.tr("&Vérifier le journal"))
        self.export_button = QPushButton(self.tr("E&xporter en CSV…"))
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)

        for combo in (self.personne, self.utilisateur, self.action):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.periode.currentIndexChanged.connect(self._periode_changed)
        self.du.dateChanged.connect(lambda _d: self.refresh())
        self.au.dateChanged.connect(lambda _d: self.refresh())
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self.export)
        self.reload_choices()

    # -- filters ------------------------------------------------------------------------------------

    def reload_choices(self) -> None:
        """Persons and users as they are now, keeping the current choices; then the rows."""
        keep_person, keep_user = self.personne.currentData(), self.utilisateur.currentData()
        people = liste_personnes(self.store)
        self.model.noms = {p.id: f"{p.nom.upper()} {p.prenom}".strip() for p in people}
        for combo in (self.personne, self.utilisateur):
            combo.blockSignals(True)
            combo.clear()
        self.personne.addItem(self.tr("Toutes les personnes et fiches"), None)
        for p in sorted(people, key=lambda p: (p.nom.casefold(), p.prenom.casefold())):
            self.personne.addItem(self.model.noms[p.id], p.id)
        self.utilisateur.addItem(self.tr("Tous"), None)
        for user in utilisateurs(self.store):
            self.utilisateur.addItem(user, user)
        for combo, keep in ((self.personne, keep_person), (self.utilisateur, keep_user)):
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)
        self.refresh()

    def show_person(self, personne_id: str) -> None:
        self.personne.setCurrentIndex(max(0, self.personne.findData(personne_id)))

    def _periode_changed(self) -> None:
        custom = self.periode.currentData() == "Personnalisée"
        self.du.setEnabled(custom)
        self.au.setEnabled(custom)
        self.refresh()

    def filtre(self) -> Filtre:
        today = date.today()
        choice = self.periode.currentData()
        du: date | None = None
        au: date | None = None
        if choice == "Aujourd'hui":
            du = au = today
        elif choice == "7 derniers jours":
            du, au = today - timedelta(days=6), today
        elif choice == "30 derniers jours":
            du, au = today - timedelta(days=29), today
        elif choice == "Cette année":
            du, au = date(today.year, 1, 1), today
        elif choice == "Personnalisée":
            du, au = self.du.date().toPython(), self.au.date().toPython()  # type: ignore[assignment]
        return Filtre(
            self.personne.currentData(), self.utilisateur.currentData(), self.action.currentData(), du, au
        )

    def refresh(self) -> None:
        filtre = self.filtre()
        rows = entrees(self.store, filtre)
        self.model.set_rows(rows)
        if len(rows) >= LIMITE:
            total = compte(self.store, filtre)
            self.count.setText(
                self.tr(
                    "{n} lignes ; les {k} plus récentes sont affichées, l'export les contient toutes."
                ).format(n=nombre(total), k=nombre(LIMITE))
            )
        elif rows:
            self.count.setText(compte_texte(len(rows), "ligne", "lignes"))
        else:
            self.count.setText(self.tr("Aucune ligne ne correspond à ces filtres."))
        self.export_button.setEnabled(bool(rows))

    # -- actions ------------------------------------------------------------------------------------

    def verify(self) -> None:
        problems = verifie(self.store)
        if problems:
            QMessageBox.critical(
                self,
                self.tr("Journal d'audit altéré"),
                self.tr("Le journal a été modifié en dehors de Coordinateur :\n\n{p}").format(
                    p="\n".join(problems)
                ),
            )
        else:
            QMessageBox.information(
                self,
                self.tr("Journal d'audit"),
                self.tr("Le journal est intact : {n}, chaînées sans rupture.").format(
                    n=compte_texte(compte(self.store), "ligne", "lignes")
                ),
            )

    def export(self) -> None:
        name = f"journal_audit_{date.today().isoformat()}.csv"
        path, _filter = enregistrer_sous(
            self, self.tr("Exporter le journal d'audit"), name, self.tr("Tableur CSV (*.csv)")
        )
        if not path:
            return
        try:
            count = exporte_csv(self.store, self.filtre(), Path(path))
        except (CoordinateurError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Export impossible"), getattr(exc, "message", None) or str(exc))
            return
        self.refresh()
        annonce_export(
            self,
            Path(path),
            compte_texte(count, "ligne exportée.", "lignes exportées."),
            titre=self.tr("Journal exporté"),
        )
