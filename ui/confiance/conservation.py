"""RGPD: retention per kind of data, the purge assistant (it lists before anything goes), the registre des
traitements and the information notice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coordinateur.documents import registre
from coordinateur.errors import CoordinateurError
from coordinateur.personnes.rgpd import GENRES, APurger, Regles, a_purger, purge
from coordinateur.settings import Settings, enregistre_reglages
from coordinateur.store import Store
from coordinateur.text import compte, date_fr
from ui.common.export_fait import annonce_export
from ui.common.fichiers import enregistrer_sous
from ui.common.table_model import en_lecture


class ConservationWidget(QWidget):
    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conservation")
        self.store = store
        self.settings = settings
        self.found: list[APurger] = []
        layout = QVBoxLayout(self)

        rules = QGroupBox(self.tr("Durées de conservation"))
        form = QFormLayout(rules)
        self.dossiers = QSpinBox()
        self.situations = QSpinBox()
        for spin, value, name in (
            (self.dossiers, settings.conservation_dossiers_mois, self.tr("Dossiers des personnes, en mois")),
            (self.situations, settings.conservation_situations_mois, self.tr("Situations évoquées en réunion, en mois")),
        ):  # fmt: skip
            spin.setRange(1, 240)
            spin.setMaximumWidth(140)
            spin.setSuffix(self.tr(" mois"))
            spin.setValue(value)
            spin.setAccessibleName(name)
        form.addRow(self.tr("Dossier d'une personne, après le dernier &contact :"), self.dossiers)
        form.addRow(self.tr("Textes d'une situation évoquée, après la &réunion :"), self.situations)
        hint = QLabel(
            self.tr(
                "Référentiel de la CNIL pour le social et le médico-social : 2 ans après le dernier contact."
            )
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        layout.addWidget(rules)

        assistant = QGroupBox(self.tr("Assistant de purge"))
        box = QVBoxLayout(assistant)
        top = QHBoxLayout()
        self.search_button = QPushButton(self.tr("&Chercher ce qui a dépassé ces durées"))
        top.addWidget(self.search_button)
        top.addStretch(1)
        box.addLayout(top)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Donnée"), self.tr("Qui ou quoi"), self.tr("Depuis le"), self.tr("Âge")]
        )
        en_lecture(self.table, self.tr("Données proposées à l'anonymisation"), une_ligne=False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.result = QLabel(self.tr("Rien n'est effacé sans que vous ayez vu la liste et confirmé."))
        self.result.setWordWrap(True)
        self.purge_button = QPushButton(self.tr("&Anonymiser les éléments cochés…"))
        self.purge_button.setEnabled(False)
        bottom.addWidget(self.result, 1)
        bottom.addWidget(self.purge_button)
        box.addLayout(bottom)
        layout.addWidget(assistant, 1)

        documents = QGroupBox(self.tr("Documents RGPD de la structure"))
        docs = QHBoxLayout(documents)
        text = QLabel(self.tr("Pré-remplis avec vos paramètres, à compléter et signer par la structure :"))
        text.setWordWrap(True)
        self.registre_button = QPushButton(self.tr("Registre des &traitements…"))
        self.notice_button = QPushButton(self.tr("&Notice d'information…"))
        docs.addWidget(text, 1)
        docs.addWidget(self.registre_button)
        docs.addWidget(self.notice_button)
        layout.addWidget(documents)

        for spin in (self.dossiers, self.situations):
            spin.valueChanged.connect(lambda _v: self._rules_changed())
            spin.editingFinished.connect(self._save_rules)
        self.search_button.clicked.connect(self.search)
        self.purge_button.clicked.connect(self.purge_checked)
        self.registre_button.clicked.connect(lambda: self.export("registre"))
        self.notice_button.clicked.connect(lambda: self.export("notice"))

    def regles(self) -> Regles:
        return Regles(self.dossiers.value(), self.situations.value())

    def _rules_changed(self) -> None:
        """A list made under other durations is not what would go now: it must be searched again."""
        self.found = []
        self.table.setRowCount(0)
        self.purge_button.setEnabled(False)

    def _save_rules(self) -> None:
        if (self.settings.conservation_dossiers_mois, self.settings.conservation_situations_mois) == (
            self.dossiers.value(),
            self.situations.value(),
        ):
            return
        self.settings.conservation_dossiers_mois = self.dossiers.value()
        self.settings.conservation_situations_mois = self.situations.value()
        enregistre_reglages(
            self.store, conservation_dossiers_mois=self.dossiers.value(),
            conservation_situations_mois=self.situations.value(), audit_summary=(
                f"Durées de conservation : dossiers {self.dossiers.value()} mois, situations {self.situations.value()} mois"),
        )  # fmt: skip

    def search(self) -> None:
        self.found = a_purger(self.store, self.regles())
        self.table.setRowCount(len(self.found))
        for row, item in enumerate(self.found):
            kind = QTableWidgetItem(GENRES[item.genre])
            kind.setFlags(kind.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            kind.setCheckState(Qt.CheckState.Checked)
            cells = [kind, QTableWidgetItem(item.libelle),
                     QTableWidgetItem(date_fr(item.depuis)),
                     QTableWidgetItem(compte(item.mois, "mois", "mois"))]  # fmt: skip
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        if self.found:
            self.result.setText(
                self.tr(
                    "{n} : décochez ce qui doit être gardé (suivi repris, contentieux…), puis anonymisez."
                ).format(
                    n=compte(len(self.found), "élément a dépassé sa durée", "éléments ont dépassé leur durée")
                )
            )
        else:
            self.result.setText(self.tr("Rien n'a dépassé les durées de conservation."))
        self.purge_button.setEnabled(bool(self.found))

    def checked(self) -> list[APurger]:
        chosen = []
        for row, item in enumerate(self.found):
            cell = self.table.item(row, 0)
            if cell is not None and cell.checkState() == Qt.CheckState.Checked:
                chosen.append(item)
        return chosen

    def purge_checked(self) -> None:
        chosen = self.checked()
        if not chosen:
            QMessageBox.information(self, self.tr("Purge"), self.tr("Aucun élément coché."))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Anonymiser"),
            self.tr(
                "Anonymiser {n} ?\n\nLes noms, coordonnées, contacts et contenus des fiches seront effacés "
                "définitivement ; ne resteront que les chiffres utiles aux indicateurs. Les sauvegardes "
                "anciennes disparaîtront avec leur rotation."
            ).format(n=compte(len(chosen), "élément", "éléments")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            count = purge(self.store, chosen, self.regles())
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Purge impossible"), exc.message)
            return
        self.search()
        self.result.setText(
            self.tr("{n}.").format(n=compte(count, "élément anonymisé", "éléments anonymisés"))
        )

    def export(self, which: str) -> None:
        titre = (
            self.tr("Registre des traitements") if which == "registre" else self.tr("Notice d'information")
        )
        base = "registre_des_traitements" if which == "registre" else "notice_information"
        pdf_filter, odt_filter = self.tr("PDF (*.pdf)"), self.tr("Texte OpenDocument (*.odt)")
        path, chosen = enregistrer_sous(self, titre, f"{base}.pdf", f"{pdf_filter};;{odt_filter}")
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".pdf", ".odt"):
            target = target.with_suffix(".odt" if chosen == odt_filter else ".pdf")
        try:
            registre.enregistre(self.store, self.settings, which, target)
        except (CoordinateurError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Export impossible"), getattr(exc, "message", None) or str(exc))
            return
        annonce_export(self, target, self.tr("{t} enregistré.").format(t=titre), titre=titre)
