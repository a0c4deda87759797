"""A person's file in tabs: Identité, Contacts, Cercle de soins, Santé, Autonomie et risques, Souhaits,
Partage et consentement, Fiches."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coordinateur.errors import ValidationError
from coordinateur.fiches.sections import SECTIONS_PAR_CLE
from coordinateur.personnes.dossier import INS_STATUTS, SEXES, STATUTS, Dossier, controle
from coordinateur.personnes.service import enregistre_personne, lit_personne
from coordinateur.referentiels.cog import referentiel
from coordinateur.referentiels.telephone import affiche_telephone
from coordinateur.settings import Settings
from coordinateur.store import Store
from coordinateur.territoire import communes_du_territoire
from ui.common.couleurs import style
from ui.common.dates import ChampDate
from ui.common.ecran import a_la_taille_de_l_ecran
from ui.common.validation import debounce, problems_label, show_problems
from ui.fiches.panel import FichesPanel
from ui.personnes.editors import CercleEditor, ContactsEditor, PartageEditor, SectionForm


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class PersonneDialog(QDialog):
    def __init__(
        self, store: Store, settings: Settings, personne_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.dossier = lit_personne(store, personne_id) if personne_id else Dossier()
        self.saved_id: str | None = personne_id
        self.setWindowTitle(self.tr("Dossier de {n}").format(n=self.dossier.libelle()) if personne_id
                            else self.tr("Nouvelle personne accompagnée"))  # fmt: skip
        a_la_taille_de_l_ecran(self, 1200, 760)
        self.fields: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(_scroll(self._identity_tab()), self.tr("&Identité"))
        self.contacts = ContactsEditor(self.tr("Personnes à contacter"))
        for contact in self.dossier.contacts_ordonnes():
            self.contacts.add_row(contact)
        self.tabs.addTab(self.contacts, self.tr("&Contacts"))
        self.fields["contacts"] = self.contacts
        self.cercle = CercleEditor(store)
        self.cercle.commune_de_la_personne = lambda: str(self.commune.currentData() or "")
        for membre in self.dossier.cercle:
            self.cercle.add_row(membre)
        self.tabs.addTab(self.cercle, self.tr("Cercle de &soins"))
        self.fields["cercle"] = self.cercle
        self.sections: dict[str, SectionForm] = {}
        for title, keys in ((self.tr("Sant&é"), ("sante",)), (self.tr("Autonomie et &risques"), ("autonomie", "risques")),
                            (self.tr("Sou&haits"), ("souhaits", "habitudes", "annexes"))):  # fmt: skip
            page = QWidget()
            page_layout = QVBoxLayout(page)
            legend = QLabel(
                self.tr(
                    "★ : figure sur la fiche d'urgence (frigo). Un champ laissé vide s'imprime « non renseigné »."
                )
            )
            legend.setStyleSheet(style("discret"))
            page_layout.addWidget(legend)
            if "autonomie" in keys:
                page_layout.addWidget(self._gir_box())
            for key in keys:
                section = SECTIONS_PAR_CLE[key]
                page_layout.addWidget(QLabel(f"<h3>{section.titre}</h3>"))
                form = SectionForm(section, self.dossier.fiche.get(key, {}))
                form.changed.connect(self._schedule)
                page_layout.addWidget(form)
                self.sections[key] = form
            page_layout.addStretch(1)
            self.tabs.addTab(_scroll(page), title)
        self.partage = PartageEditor(self.dossier.partage)
        self.partage.changed.connect(self._schedule)
        self.tabs.addTab(_scroll(self.partage), self.tr("&Partage et consentement"))
        self.fields["partage"] = self.partage
        self.fiches = FichesPanel(store, personne_id, self._save_for_validation)
        self.tabs.addTab(self.fiches, self.tr("&Fiches"))
        for editor in (self.contacts, self.cercle):
            editor.changed.connect(self._schedule)

        self.problems = problems_label(self)
        layout.addWidget(self.problems)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Enregistrer"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._timer = debounce(self, 250, self.check)
        self.check()

    # -- tabs --------------------------------------------------------------------------------------

    def _line(self, form: QFormLayout, key: str, label: str, placeholder: str = "") -> QLineEdit:
        value = str(getattr(self.dossier, key) or "")
        edit = QLineEdit(affiche_telephone(value) if key == "telephone" and value.startswith("+") else value)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label)
        edit.textChanged.connect(self._schedule)
        form.addRow(f"{label} :", edit)
        self.fields[key] = edit
        return edit

    def _combo(self, form: QFormLayout, key: str, label: str, items: dict[str, str]) -> QComboBox:
        combo = QComboBox()
        for code, text in items.items():
            combo.addItem(text or "—", code)
        combo.setCurrentIndex(max(combo.findData(getattr(self.dossier, key)), 0))
        combo.setAccessibleName(label)
        combo.currentIndexChanged.connect(self._schedule)
        form.addRow(f"{label} :", combo)
        self.fields[key] = combo
        return combo

    def _date(self, form: QFormLayout, key: str, label: str) -> ChampDate:
        edit = ChampDate(getattr(self.dossier, key), label, passee=True)
        edit.modifie.connect(self._schedule)
        form.addRow(f"{label} :", edit)
        self.fields[key] = edit
        return edit

    def _identity_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self._combo(form, "civilite", self.tr("Civilité"), {"": "", "Mme": "Mme", "M.": "M."})
        self.nom_naissance = self._line(form, "nom_naissance", self.tr("Nom de naissance"))
        self._line(form, "nom_usage", self.tr("Nom d'usage"), self.tr("si différent"))
        self.prenoms = self._line(
            form,
            "prenoms_naissance",
            self.tr("Prénoms de naissance"),
            self.tr("dans l'ordre de l'état civil"),
        )
        self._line(form, "prenom_usage", self.tr("Prénom d'usage"))
        self.naissance = self._date(form, "date_naissance", self.tr("Date de naissance"))
        self._combo(form, "sexe", self.tr("Sexe"), SEXES)
        self._line(form, "lieu_naissance", self.tr("Lieu de naissance"), self.tr("commune ou pays"))
        self.nir = self._line(form, "nir", self.tr("N° de sécurité sociale"), "2 37 04 12 243 484 15")
        self._combo(form, "ins_statut", self.tr("Identité"), INS_STATUTS)
        self._line(form, "langues", self.tr("Langue(s) parlée(s)"))
        self._line(form, "situation_familiale", self.tr("Situation familiale"))
        self.vit_seul = self._combo(
            form, "vit_seul", self.tr("Vit seul(e)"), {"": "non renseigné", "oui": "oui", "non": "non"}
        )
        vit_seul = {True: "oui", False: "non", None: ""}[self.dossier.vit_seul]
        self.vit_seul.setCurrentIndex(max(self.vit_seul.findData(vit_seul), 0))
        self._line(form, "adresse", self.tr("Adresse"), self.tr("n° et voie"))
        self._line(form, "complement", self.tr("Complément"), self.tr("bâtiment, lieu-dit…"))
        self.code_postal = self._line(form, "code_postal", self.tr("Code postal"))
        self.commune = QComboBox()
        self.commune.setAccessibleName(self.tr("Commune"))
        self.commune.addItem("—", "")
        current = self.dossier.commune_code
        communes = communes_du_territoire(self.settings)
        if current and all(c.code != current for c in communes) and (known := referentiel().commune(current)):
            communes = [known, *communes]
        for commune in communes:
            self.commune.addItem(f"{commune.nom} ({commune.code_postal})", commune.code)
        self.commune.setCurrentIndex(max(self.commune.findData(current), 0))
        self._codes_postaux = {commune.code: commune.code_postal for commune in communes}
        self.commune.currentIndexChanged.connect(self._schedule)
        self.commune.currentIndexChanged.connect(self._commune_choisie)
        form.addRow(self.tr("Commune :"), self.commune)
        self.fields["commune_code"] = self.commune
        self._line(form, "telephone", self.tr("Téléphone"))
        self.acces = QPlainTextEdit(self.dossier.acces)
        self.acces.setPlaceholderText(self.tr("code de la porte, où sont les clés, boîte à clés…"))
        self.acces.setMaximumHeight(60)
        self.acces.setAccessibleName(self.tr("Accès au logement"))
        self.acces.textChanged.connect(self._schedule)
        form.addRow(self.tr("Accès au logement ★ :"), self.acces)
        self._line(form, "animaux", self.tr("Animaux"))
        self._line(form, "teleassistance", self.tr("Téléassistance"), self.tr("fournisseur et numéro"))
        self.autocollant = QCheckBox(self.tr("Autocollant « boîte au frigo » posé"))
        self.autocollant.setChecked(self.dossier.autocollant)
        form.addRow("", self.autocollant)
        self._combo(form, "statut", self.tr("Suivi"), {k: v for k, v in STATUTS.items() if k != "anonymisee"})
        self.dernier_contact = self._date(form, "date_dernier_contact", self.tr("Dernier contact"))
        return page

    def _commune_choisie(self, _index: int) -> None:
        """The commune chosen gives its postal code when none is typed yet: one field less to fill."""
        code_postal = self._codes_postaux.get(str(self.commune.currentData() or ""), "")
        if code_postal and not self.code_postal.text().strip():
            self.code_postal.setText(code_postal)

    def _gir_box(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        self.gir = QSpinBox()
        self.gir.setRange(0, 6)
        self.gir.setSpecialValueText(self.tr("non évalué"))
        self.gir.setValue(self.dossier.gir or 0)
        self.gir.setAccessibleName(self.tr("GIR"))
        self.gir.valueChanged.connect(self._schedule)
        form.addRow(self.tr("GIR (1 le plus dépendant – 6) :"), self.gir)
        self.fields["gir"] = self.gir
        self.gir_date = self._date(form, "gir_date", self.tr("Évalué le"))
        self._line(form, "gir_evaluateur", self.tr("Évalué par"))
        return box

    # -- reading, checking, saving -----------------------------------------------------------------

    def current(self) -> Dossier:
        def text(key: str) -> str:
            widget = self.fields[key]
            return widget.text() if isinstance(widget, QLineEdit) else ""

        def combo(key: str) -> str:
            widget = self.fields[key]
            return widget.currentData() if isinstance(widget, QComboBox) else ""

        def day(edit: ChampDate) -> str:
            return edit.valeur()

        fiche = {key: form.values() for key, form in self.sections.items()}
        return Dossier(
            id=self.saved_id, civilite=combo("civilite"), nom_naissance=text("nom_naissance"), nom_usage=text("nom_usage"),
            prenoms_naissance=text("prenoms_naissance"), prenom_usage=text("prenom_usage"), date_naissance=day(self.naissance),
            sexe=combo("sexe"), lieu_naissance=text("lieu_naissance"), nir=text("nir"), ins_statut=combo("ins_statut"),
            langues=text("langues"), situation_familiale=text("situation_familiale"),
            vit_seul={"oui": True, "non": False}.get(combo("vit_seul")), description=self.dossier.description,
            adresse=text("adresse"), complement=text("complement"), code_postal=text("code_postal"),
            commune_code=self.commune.currentData() or "", telephone=text("telephone"), acces=self.acces.toPlainText(),
            animaux=text("animaux"), teleassistance=text("teleassistance"), autocollant=self.autocollant.isChecked(),
            contacts=self.contacts.values(), cercle=self.cercle.values(), gir=self.gir.value() or None,
            gir_date=day(self.gir_date), gir_evaluateur=text("gir_evaluateur"), statut=combo("statut"),
            date_dernier_contact=day(self.dernier_contact), code_situation=self.dossier.code_situation,
            partage=self.partage.values(), fiche=fiche,
        )  # fmt: skip

    def _schedule(self, *_args: object) -> None:
        if hasattr(self, "_timer"):
            self._timer.start()

    def check(self) -> bool:
        _dossier, problemes = controle(self.current())
        ok = show_problems(self.problems, self.fields, problemes)
        self.save_button.setEnabled(ok)
        return ok

    def _save(self) -> str | None:
        self._timer.stop()
        if not self.check():
            return None
        try:
            self.saved_id, _warnings = enregistre_personne(self.store, self.current())
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("Dossier non enregistré"), exc.message)
            return None
        self.setWindowTitle(
            self.tr("Dossier de {n}").format(n=self.current().libelle())
        )  # no longer "Nouvelle…"
        return self.saved_id

    def _save_for_validation(self) -> str | None:
        return self._save()

    def save(self) -> None:
        if self._save():
            self.accept()
