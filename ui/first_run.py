"""The first-run assistant: who you are, your structure, and the territory you coordinate."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coordinateur.errors import ValidationError
from coordinateur.referentiels.cog import referentiel
from coordinateur.settings import Settings
from coordinateur.store import Store
from coordinateur.territoire import PremierDemarrage, enregistre_premier_demarrage, valide_premier_demarrage
from coordinateur.text import fold
from ui.common.couleurs import style
from ui.common.ecran import a_la_taille_de_l_ecran

CODE_ROLE = Qt.ItemDataRole.UserRole


def _checked_codes(widget: QListWidget) -> list[str]:
    return [
        widget.item(i).data(CODE_ROLE)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


class FirstRunDialog(QDialog):
    """Fills the settings the first time the app opens on a store. `settings` is set when accepted."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, suite: bool = False) -> None:
        """`suite`: the welcome and the passphrase came just before (a new protected store): this is the
        second step, not a second welcome."""
        super().__init__(parent)
        self.store = store
        self.settings: Settings | None = None
        self._ref = referentiel()
        self.setWindowTitle(self.tr("Bienvenue dans Coordinateur"))
        self.setMinimumSize(560, 400)
        a_la_taille_de_l_ecran(self, 720, 640)  # a laptop at 125 % has less than 640 pixels of height
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "<h2>2. Votre territoire</h2>Les données sont protégées. Quelques informations pour finir. "
                "Elles restent sur cet ordinateur et figurent sur les documents que vous imprimerez. Vous "
                "pourrez les modifier plus tard."
            )
            if suite
            else self.tr(
                "<h2>Bienvenue</h2>Quelques informations pour commencer. Elles restent sur cet ordinateur "
                "et figurent sur les documents que vous imprimerez. Vous pourrez les modifier plus tard."
            )
        )
        self.intro = intro
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.nom = QLineEdit()
        self.nom.setPlaceholderText(self.tr("Prénom Nom"))
        self.fonction = QLineEdit()
        self.fonction.setPlaceholderText(self.tr("ex. : coordinatrice de parcours"))
        self.structure = QLineEdit()
        self.structure.setPlaceholderText(self.tr("ex. : CPTS du Nord-Aveyron, DAC, CCAS…"))
        for label, widget in (
            (self.tr("Votre &nom :"), self.nom),
            (self.tr("Votre &fonction :"), self.fonction),
            (self.tr("Votre &structure :"), self.structure),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)

        territory = QGroupBox(self.tr("Votre territoire"))
        tlayout = QHBoxLayout(territory)

        left = QVBoxLayout()
        dept_label = QLabel(self.tr("&Département(s) :"))
        self.dept_filter = QLineEdit()
        self.dept_filter.setPlaceholderText(self.tr("Filtrer : 12, Aveyron, Lozère…"))
        self.dept_filter.setClearButtonEnabled(True)
        dept_label.setBuddy(self.dept_filter)
        self.departements = QListWidget()
        self.departements.setAccessibleName(self.tr("Départements"))
        for dept in self._ref.departements():
            item = QListWidgetItem(dept.libelle())
            item.setData(CODE_ROLE, dept.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.departements.addItem(item)
        left.addWidget(dept_label)
        left.addWidget(self.dept_filter)
        left.addWidget(self.departements)
        tlayout.addLayout(left, 2)

        right = QVBoxLayout()
        self.scope_all = QRadioButton(self.tr("&Tout le territoire des départements cochés"))
        self.scope_epci = QRadioButton(self.tr("Certaines &communautés de communes :"))
        self.scope_all.setChecked(True)
        self._scope = QButtonGroup(self)
        self._scope.addButton(self.scope_all)
        self._scope.addButton(self.scope_epci)
        self.epcis = QListWidget()
        self.epcis.setAccessibleName(self.tr("Communautés de communes"))
        self.epcis.setEnabled(False)
        right.addWidget(self.scope_all)
        right.addWidget(self.scope_epci)
        right.addWidget(self.epcis)
        tlayout.addLayout(right, 3)
        layout.addWidget(territory, 1)

        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Résumé du territoire"))
        layout.addWidget(self.summary)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(style("erreur", "font-weight: bold;"))
        self.error.setAccessibleName(self.tr("Message d'erreur"))
        self.error.hide()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Commencer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Quitter"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.dept_filter.textChanged.connect(self._filter_departements)
        self.departements.itemChanged.connect(lambda _item: self._refresh_epcis())
        self.epcis.itemChanged.connect(lambda _item: self._refresh_summary())
        self.scope_epci.toggled.connect(self._scope_changed)
        self._refresh_summary()

    # -- behaviour ---------------------------------------------------------------------------------

    def _filter_departements(self, text: str) -> None:
        words = fold(text).split()
        for i in range(self.departements.count()):
            item = self.departements.item(i)
            label = fold(item.text())
            item.setHidden(not all(w in label for w in words))

    def _scope_changed(self, by_epci: bool) -> None:
        self.epcis.setEnabled(by_epci)
        self._refresh_summary()

    def _refresh_epcis(self) -> None:
        kept = set(_checked_codes(self.epcis))
        self.epcis.blockSignals(True)
        self.epcis.clear()
        for epci in self._ref.epcis(_checked_codes(self.departements)):
            item = QListWidgetItem(epci.nom)
            item.setData(CODE_ROLE, epci.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if epci.code in kept else Qt.CheckState.Unchecked)
            self.epcis.addItem(item)
        self.epcis.blockSignals(False)
        self._refresh_summary()

    def choice(self) -> PremierDemarrage:
        by_epci = self.scope_epci.isChecked()
        return PremierDemarrage(
            coordinateur_nom=self.nom.text(),
            coordinateur_fonction=self.fonction.text(),
            structure_nom=self.structure.text(),
            departements=[] if by_epci else _checked_codes(self.departements),
            epcis=_checked_codes(self.epcis) if by_epci else [],
        )

    def _refresh_summary(self) -> None:
        choice = self.choice()
        communes = self._ref.communes_territoire(choice.departements, choice.epcis)
        if not communes:
            self.summary.setText(
                self.tr("Cochez un département, puis, si besoin, des communautés de communes.")
            )
            return
        locale = QLocale(QLocale.Language.French, QLocale.Country.France)
        population = sum(c.population or 0 for c in communes)
        self.summary.setText(
            self.tr("Votre territoire : {n} communes, {p} habitants.").format(
                n=locale.toString(len(communes)), p=locale.toString(population)
            )
        )

    def accept(self) -> None:
        choice = self.choice()
        try:
            valide_premier_demarrage(choice)
            self.settings = enregistre_premier_demarrage(self.store, choice)
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            focus = {"coordinateur_nom": self.nom, "structure_nom": self.structure}.get(exc.field or "")
            (focus or self.departements).setFocus()
            return
        super().accept()
