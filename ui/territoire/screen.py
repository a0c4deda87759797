"""Territoire: the communes of the coordinator's territory, with postcode, population and EPCI."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coordinateur.settings import Settings
from coordinateur.territoire import communes_du_territoire, resume_territoire
from coordinateur.text import compte, nombre
from ui.common.folding_proxy import FoldingFilterProxy
from ui.territoire.model import CommunesModel


class TerritoireScreen(QWidget):
    commune_choisie = Signal(str)  # a commune double-clicked (or Enter): its INSEE code, for the directory

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ecran-territoire")
        layout = QVBoxLayout(self)

        self.heading = QLabel()
        self.heading.setObjectName("titre-ecran")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.heading)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        bar = QHBoxLayout()
        search_label = QLabel(self.tr("&Rechercher :"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Commune, code postal, code INSEE ou communauté de communes"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Rechercher une commune"))
        search_label.setBuddy(self.search)
        epci_label = QLabel(self.tr("Communauté de &communes :"))
        self.epci = QComboBox()
        self.epci.setAccessibleName(self.tr("Filtrer par communauté de communes"))
        epci_label.setBuddy(self.epci)
        bar.addWidget(search_label)
        bar.addWidget(self.search, 2)
        bar.addWidget(epci_label)
        bar.addWidget(self.epci, 1)
        layout.addLayout(bar)

        self.model = CommunesModel(self)
        self.proxy = FoldingFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CommunesModel.COL_NOM, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("Communes du territoire"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CommunesModel.COL_NOM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CommunesModel.COL_EPCI, QHeaderView.ResizeMode.Stretch)
        for col in (CommunesModel.COL_CODE_POSTAL, CommunesModel.COL_INSEE, CommunesModel.COL_POPULATION):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        hint = QLabel(
            self.tr("Double-cliquez sur une commune (ou Entrée) pour voir dans l'annuaire qui y travaille.")
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table.activated.connect(self._activated)

        self.search.textChanged.connect(self._search_changed)
        self.epci.currentIndexChanged.connect(self._epci_changed)
        self.set_settings(settings)

    def set_settings(self, settings: Settings) -> None:
        communes = communes_du_territoire(settings)
        resume = resume_territoire(settings, communes)
        self.heading.setText(f"<h2>{self.tr('Territoire')} : {resume.nom}</h2>")
        self.summary.setText(
            " · ".join(
                (
                    compte(resume.nb_communes, self.tr("commune"), self.tr("communes")),
                    compte(resume.population, self.tr("habitant"), self.tr("habitants")),
                    compte(
                        resume.nb_epcis, self.tr("communauté de communes"), self.tr("communautés de communes")
                    ),
                )
            )
        )
        self.model.set_communes(communes)
        epcis = sorted({(c.epci_nom or "", c.epci_code) for c in communes if c.epci_code})
        self.epci.blockSignals(True)
        self.epci.clear()
        self.epci.addItem(self.tr("Toutes"), None)
        for name, code in epcis:
            self.epci.addItem(name, code)
        self.epci.blockSignals(False)
        self._update_count()

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.commune_choisie.emit(self.model.commune(self.proxy.mapToSource(index).row()).code)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _epci_changed(self, _index: int) -> None:
        self.proxy.set_column_value(CommunesModel.COL_EPCI, self.epci.currentData())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if total and not shown:
            self.count.setText(self.tr("Aucune commune ne correspond à votre recherche."))
        elif shown == total:
            self.count.setText(compte(total, self.tr("commune"), self.tr("communes")))
        else:
            self.count.setText(
                self.tr("{shown} sur {total}").format(
                    shown=compte(shown, self.tr("commune"), self.tr("communes")), total=nombre(total)
                )
            )
