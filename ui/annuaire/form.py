"""The directory form: an intervenant or a structure, checked as you type, warned of probable duplicates."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coordinateur.annuaire.fiches import LIBELLES_CHAMPS, Fiche, FicheIntervenant, FicheStructure, controle
from coordinateur.annuaire.listes import (
    CIVILITES,
    MODES_EXERCICE,
    PUBLICS,
    SOURCES,
    libelle_profession,
    professions,
    types_structure,
)
from coordinateur.annuaire.service import Doublon, doublons, enregistre, lit, lit_plusieurs, membres
from coordinateur.errors import ValidationError
from coordinateur.referentiels.cog import referentiel
from coordinateur.referentiels.telephone import affiche_telephone
from coordinateur.settings import Settings
from coordinateur.store import Store
from coordinateur.territoire import communes_du_territoire
from coordinateur.text import fold
from ui.annuaire.editors import CheckList, PhonesEditor, StructuresEditor, commune_items
from ui.common.dates import ChampDate
from ui.common.ecran import a_la_taille_de_l_ecran
from ui.common.validation import debounce, problems_label, show_problems


class FicheDialog(QDialog):
    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        record_id: str | None,
        categorie: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.saved_id: str | None = None
        self.fiche: Fiche = lit(store, record_id) if record_id else (
            FicheIntervenant() if categorie == "intervenant" else FicheStructure()
        )  # fmt: skip
        self.intervenant = isinstance(self.fiche, FicheIntervenant)
        kind = self.tr("intervenant") if self.intervenant else self.tr("structure")
        self.setWindowTitle(self.tr("Fiche {k} — {n}").format(k=kind, n=self.fiche.libelle()) if record_id
                            else self.tr("Nouvelle fiche {k}").format(k=kind))  # fmt: skip
        a_la_taille_de_l_ecran(self, 820, 760)
        self.widgets: dict[str, QWidget] = {}
        self._territory = communes_du_territoire(settings)

        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        layout.addWidget(self._identity_box())
        layout.addWidget(self._contact_box())
        layout.addWidget(self._zone_box())
        if self.intervenant:
            box = QGroupBox(self.tr("Structures de rattachement"))
            box_layout = QVBoxLayout(box)
            self.structures = StructuresEditor(store)
            ids = self.fiche.structure_ids if isinstance(self.fiche, FicheIntervenant) else []
            attached = lit_plusieurs(store, list(ids)) if ids else []
            self.structures.set_structures([(f.id or "", f.nom) for f in attached])
            self.structures.changed.connect(self._schedule)
            box_layout.addWidget(self.structures)
            layout.addWidget(box)
        elif self.fiche.id:
            layout.addWidget(self._members_box())
        layout.addWidget(self._other_box())

        self.duplicates = QLabel()
        self.duplicates.setWordWrap(True)
        self.duplicates.setTextFormat(Qt.TextFormat.RichText)
        self.duplicates.setOpenExternalLinks(False)
        self.duplicates.linkActivated.connect(self._open_duplicate)
        self.duplicates.setStyleSheet("background: #fff4d6; padding: 6px;")
        self.duplicates.hide()
        self.problems = problems_label(self)
        outer.addWidget(self.duplicates)
        outer.addWidget(self.problems)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Enregistrer"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self._timer = debounce(self, 200, self.check)
        self.check()

    # -- construction ------------------------------------------------------------------------------

    def _line(self, form: QFormLayout, champ: str, value: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(value)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(LIBELLES_CHAMPS[champ])
        edit.textChanged.connect(self._schedule)
        form.addRow(f"{LIBELLES_CHAMPS[champ]} :", edit)
        self.widgets[champ] = edit
        return edit

    def _combo(self, form: QFormLayout, champ: str, items: list[tuple[str, str]], current: str) -> QComboBox:
        combo = QComboBox()
        for code, label in items:
            combo.addItem(label, code)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.setAccessibleName(LIBELLES_CHAMPS[champ])
        combo.currentIndexChanged.connect(self._schedule)
        form.addRow(f"{LIBELLES_CHAMPS[champ]} :", combo)
        self.widgets[champ] = combo
        return combo

    def _identity_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Identité"))
        form = QFormLayout(box)
        f = self.fiche
        if isinstance(f, FicheIntervenant):
            self.civilite = self._combo(form, "civilite", [(c, c or "—") for c in CIVILITES], f.civilite)
            self.nom = self._line(form, "nom", f.nom)
            self.prenom = self._line(form, "prenom", f.prenom)
            items = sorted(
                ((c, p.libelle) for c, p in professions().items()), key=lambda i: (fold(i[1]), i[1])
            )  # « Éducateur » among the E
            self.profession = self._combo(form, "profession_code", items, f.profession_code)
            self.specialite = self._line(
                form, "specialite", f.specialite, self.tr("ex. : médecine générale, soins palliatifs")
            )
            self.mode = self._combo(
                form,
                "mode_exercice",
                [(c, label or "—") for c, label in MODES_EXERCICE.items()],
                f.mode_exercice,
            )
            self.rpps = self._line(form, "rpps", f.rpps, self.tr("11 chiffres"))
            self.adeli = self._line(form, "adeli", f.adeli, self.tr("9 chiffres"))
        else:
            assert isinstance(f, FicheStructure)
            self.nom = self._line(form, "nom", f.nom)
            items = sorted(
                ((c, t.libelle) for c, t in types_structure().items()), key=lambda i: (fold(i[1]), i[1])
            )
            self.type = self._combo(form, "type_code", items, f.type_code)
            self.finess_et = self._line(form, "finess_et", f.finess_et, self.tr("9 caractères"))
            self.finess_ej = self._line(form, "finess_ej", f.finess_ej, self.tr("9 caractères"))
            self.siret = self._line(form, "siret", f.siret, self.tr("14 chiffres"))
            publics = QWidget()
            row = QHBoxLayout(publics)
            row.setContentsMargins(0, 0, 0, 0)
            self.publics: dict[str, QCheckBox] = {}
            for code, label in PUBLICS.items():
                check = QCheckBox(self.tr(label))
                check.setChecked(code in f.publics)
                check.toggled.connect(self._schedule)
                row.addWidget(check)
                self.publics[code] = check
            form.addRow(self.tr("Publics :"), publics)
            self.widgets["publics"] = publics
            self.outils_le = ChampDate(
                f.outils_partages_le, LIBELLES_CHAMPS["outils_partages_le"], passee=True
            )
            self.outils_le.modifie.connect(self._schedule)
            shared = QWidget()
            row = QHBoxLayout(shared)
            row.setContentsMargins(0, 0, 0, 0)
            caption = QLabel(self.tr("Outils partagés inscrits au projet d'établissement le"))
            caption.setToolTip(self.tr("Laissez vide s'ils n'y sont pas inscrits"))
            row.addWidget(caption, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(self.outils_le)
            row.addStretch(1)
            form.addRow(self.tr("Coopération :"), shared)
            self.widgets["outils_partages_le"] = self.outils_le
        return box

    def _members_box(self) -> QGroupBox:
        """Who works in this structure: the intervenants attached to it, each opened by a double click."""
        found = membres(self.store, self.fiche.id or "")
        box = QGroupBox(self.tr("Membres de la structure ({n})").format(n=len(found)))
        box_layout = QVBoxLayout(box)
        self.members = QListWidget()
        self.members.setAccessibleName(self.tr("Intervenants rattachés à la structure"))
        for member in found:
            phone = next((p["numero"] for p in member.telephones if p.get("type") != "fax"), "")
            parts = [member.libelle(), libelle_profession(member.profession_code),
                     affiche_telephone(phone) if phone else "", "" if member.actif else self.tr("inactif")]  # fmt: skip
            item = QListWidgetItem(" — ".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            self.members.addItem(item)
        self.members.setMaximumHeight(max(60, min(len(found), 6) * 22 + 8))
        self.members.itemActivated.connect(self._open_member)
        note = QLabel(
            self.tr(
                "Double-cliquez pour ouvrir une fiche. On rattache un intervenant depuis sa propre fiche."
            )
            if found
            else self.tr("Aucun intervenant rattaché. On rattache un intervenant depuis sa propre fiche.")
        )
        note.setWordWrap(True)
        if found:
            box_layout.addWidget(self.members)
        else:
            self.members.hide()
        box_layout.addWidget(note)
        return box

    def _open_member(self, item: QListWidgetItem) -> None:
        dialog = FicheDialog(
            self.store, self.settings, record_id=item.data(Qt.ItemDataRole.UserRole), categorie="intervenant",
            parent=self,
        )  # fmt: skip
        dialog.exec()

    def _contact_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Coordonnées"))
        form = QFormLayout(box)
        f = self.fiche
        self.phones = PhonesEditor()
        self.phones.set_phones(f.telephones)
        self.phones.changed.connect(self._schedule)
        form.addRow(self.tr("Téléphones :"), self.phones)
        self.widgets["telephones"] = self.phones
        self.email = self._line(form, "email", f.email, "nom@domaine.fr")
        self.mssante = self._line(form, "mssante", f.mssante, "prenom.nom@xxx.mssante.fr")
        self.adresse = self._line(form, "adresse", f.adresse, self.tr("n° et voie"))
        self.complement = self._line(form, "complement", f.complement, self.tr("bâtiment, lieu-dit, BP…"))
        self.code_postal = self._line(form, "code_postal", f.code_postal, "12210")
        self.commune = QComboBox()
        self.commune.setAccessibleName(LIBELLES_CHAMPS["commune_code"])
        form.addRow(f"{LIBELLES_CHAMPS['commune_code']} :", self.commune)
        self.widgets["commune_code"] = self.commune
        self._fill_communes(f.commune_code)
        self.code_postal.textChanged.connect(lambda _t: self._fill_communes(self.commune.currentData()))
        self.commune.currentIndexChanged.connect(self._schedule)
        return box

    def _fill_communes(self, current: str | None) -> None:
        postcode = self.code_postal.text().strip()
        ref = referentiel()
        candidates = ref.communes_par_code_postal(postcode) if len(postcode) == 5 else self._territory
        if current and all(c.code != current for c in candidates) and (known := ref.commune(current)):
            candidates = [known, *candidates]
        self.commune.blockSignals(True)
        self.commune.clear()
        self.commune.addItem(self.tr("— choisir —"), "")
        for commune in candidates:
            self.commune.addItem(f"{commune.nom} ({commune.code_postal})", commune.code)
        index = self.commune.findData(current) if current else (1 if len(candidates) == 1 else 0)
        self.commune.setCurrentIndex(max(index, 0))
        self.commune.blockSignals(False)
        self._schedule()

    def _zone_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Intervient à domicile dans"))
        row = QHBoxLayout(box)
        epcis = sorted(
            {(c.epci_code, c.epci_nom or "") for c in self._territory if c.epci_code}, key=lambda i: i[1]
        )
        self.zone_epcis = CheckList(self.tr("Filtrer…"), LIBELLES_CHAMPS["zone_epcis"])
        self.zone_epcis.set_items([(code, name) for code, name in epcis if code], set(self.fiche.zone_epcis))
        self.zone_communes = CheckList(self.tr("Filtrer les communes…"), LIBELLES_CHAMPS["zone_communes"])
        ref = referentiel()
        outside = [
            c for code in self.fiche.zone_communes if (c := ref.commune(code)) and c not in self._territory
        ]
        self.zone_communes.set_items(commune_items(self._territory + outside), set(self.fiche.zone_communes))
        for editor in (self.zone_epcis, self.zone_communes):
            editor.changed.connect(self._schedule)
        row.addWidget(self.zone_epcis, 2)
        row.addWidget(self.zone_communes, 3)
        self.widgets["zone_communes"] = self.zone_communes
        self.widgets["zone_epcis"] = self.zone_epcis
        return box

    def _other_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Disponibilités et suivi"))
        form = QFormLayout(box)
        f = self.fiche
        self.horaires = self._line(
            form, "horaires", f.horaires, self.tr("ex. : lundi–vendredi 8 h–18 h, astreinte le week-end")
        )
        self.notes = QPlainTextEdit(f.notes)
        self.notes.setAccessibleName(LIBELLES_CHAMPS["notes"])
        self.notes.setMaximumHeight(80)
        self.notes.textChanged.connect(self._schedule)
        form.addRow(self.tr("Notes (restent sur cet ordinateur) :"), self.notes)
        # Empty until someone says when the information was checked: a date nobody chose would hide a record
        # never verified from the indicators (« jamais vérifiée »).
        self.checked = ChampDate(f.date_verification, LIBELLES_CHAMPS["date_verification"], passee=True)
        self.checked.modifie.connect(self._schedule)
        today = QPushButton(self.tr("Vérifiées aujourd'hui"))
        today.setToolTip(self.tr("Vous venez de vérifier ces informations (appel, courrier, site)"))
        today.clicked.connect(lambda: self.checked.pose(QDate.currentDate().toString("yyyy-MM-dd")))
        self.checked_today = today
        checked_row = QWidget()
        row = QHBoxLayout(checked_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.checked)
        row.addWidget(today, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        form.addRow(self.tr("Informations vérifiées le :"), checked_row)
        self.widgets["date_verification"] = self.checked
        self.actif = QCheckBox(
            self.tr("Fiche active (décochez si la personne ou la structure n'intervient plus)")
        )
        self.actif.setChecked(f.actif)
        form.addRow("", self.actif)
        source = SOURCES.get(f.source, f.source) + (f" — {f.source_ref}" if f.source_ref else "")
        form.addRow(self.tr("Source :"), QLabel(escape(source)))
        return box

    # -- reading the form --------------------------------------------------------------------------

    def current(self) -> Fiche:
        common: dict[str, Any] = {
            "id": self.fiche.id, "telephones": self.phones.phones(), "email": self.email.text(),
            "mssante": self.mssante.text(), "adresse": self.adresse.text(), "complement": self.complement.text(),
            "code_postal": self.code_postal.text(), "commune_code": self.commune.currentData() or "",
            "zone_communes": self.zone_communes.checked(), "zone_epcis": self.zone_epcis.checked(),
            "horaires": self.horaires.text(), "notes": self.notes.toPlainText(),
            "source": self.fiche.source, "source_ref": self.fiche.source_ref,
            "date_verification": self.checked.valeur(), "actif": self.actif.isChecked(),
        }  # fmt: skip
        if self.intervenant:
            return FicheIntervenant(
                civilite=self.civilite.currentData(), nom=self.nom.text(), prenom=self.prenom.text(),
                profession_code=self.profession.currentData(), specialite=self.specialite.text(),
                mode_exercice=self.mode.currentData(), rpps=self.rpps.text(), adeli=self.adeli.text(),
                structure_ids=self.structures.ids(), **common,
            )  # fmt: skip
        return FicheStructure(
            nom=self.nom.text(), type_code=self.type.currentData(), finess_et=self.finess_et.text(),
            finess_ej=self.finess_ej.text(), siret=self.siret.text(),
            publics=[code for code, check in self.publics.items() if check.isChecked()],
            outils_partages_le=self.outils_le.valeur(),
            **common,
        )  # fmt: skip

    def _schedule(self, *_args: object) -> None:
        if hasattr(self, "_timer"):
            self._timer.start()

    def check(self) -> bool:
        """Validate what is typed; mark fields; list errors and warnings; look for duplicates."""
        fiche, problemes = controle(self.current())
        ok = show_problems(self.problems, self.widgets, problemes)
        self.save_button.setEnabled(ok)
        self._show_duplicates(doublons(self.store, fiche) if fiche.nom else [])
        return ok

    def _show_duplicates(self, found: list[Doublon]) -> None:
        self._duplicates = found
        if not found:
            self.duplicates.hide()
            return
        links = "<br>".join(f"• <a href='{d.id}'>{escape(d.libelle)}</a> ({escape(d.raison)})" for d in found)
        self.duplicates.setText(self.tr("<b>Cette fiche existe peut-être déjà :</b><br>") + links
                                + self.tr("<br>Cliquez pour l'ouvrir, ou enregistrez quand même s'il s'agit d'une autre fiche."))  # fmt: skip
        self.duplicates.show()

    def _open_duplicate(self, record_id: str) -> None:
        if self.fiche.id:
            from ui.annuaire.merge import MergeDialog

            merge = MergeDialog(self.store, self.fiche.id, record_id, parent=self)
            if merge.exec():
                self.saved_id = merge.kept_id
                self.accept()
            return
        other = FicheDialog(
            self.store, self.settings, record_id=record_id, categorie=self.fiche.categorie, parent=self
        )
        if other.exec():
            self.saved_id = other.saved_id
            self.accept()

    def save(self) -> None:
        self._timer.stop()
        if not self.check():
            return
        try:
            result = enregistre(self.store, self.current())
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("Fiche non enregistrée"), exc.message)
            return
        self.saved_id = result.id
        self.accept()
