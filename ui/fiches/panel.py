"""The "Fiches" tab of a person: state of the sheet, versions, validate, preview, print, save, open."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinateur.errors import CoordinateurError
from coordinateur.fiches.impression import MODELES, nom_fichier, pdf_fiche
from coordinateur.personnes.service import etat_fiche, valide_fiche, versions
from coordinateur.store import Store
from coordinateur.text import date_fr
from ui.common.export_fait import annonce_export
from ui.common.fichiers import enregistrer_sous
from ui.fiches.preview import PdfPreview
from ui.fiches.printing import print_pdf


class FichesPanel(QWidget):
    def __init__(
        self, store: Store, personne_id: str | None, before_validate: object, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.personne_id = personne_id
        self._before_validate = before_validate  # saves the dialog first; returns the person's id or None
        self._pdf: tuple[object, object] | None = None
        self.apercu: QWidget | None = None  # the large preview, once opened
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("État de la fiche"))
        left.addWidget(self.state)
        self.save_person_button = QPushButton(self.tr("&Enregistrer la personne"))
        self.save_person_button.setToolTip(self.tr("Enregistre le dossier sans fermer la fenêtre"))
        self.save_person_button.clicked.connect(self.save_person)
        left.addWidget(self.save_person_button)
        form = QFormLayout()
        self.review = QDateEdit()
        self.review.setCalendarPopup(True)
        self.review.setDisplayFormat("dd/MM/yyyy")
        self.review.setMinimumDate(QDate.currentDate().addDays(1))
        self.review.setMaximumDate(QDate.currentDate().addDays(365))
        self.review.setDate(QDate.currentDate().addDays(365))
        self.review.setAccessibleName(self.tr("Nouvelle version à revoir avant le"))
        # the date of the version about to be validated (the current one's is said in the state above)
        form.addRow(self.tr("Nouvelle version à revoir avant le :"), self.review)
        self.copies = QLineEdit(self.tr("domicile, médecin traitant"))
        self.copies.setAccessibleName(self.tr("Exemplaires papier"))
        form.addRow(self.tr("Exemplaires papier :"), self.copies)
        left.addLayout(form)
        self.validate_button = QPushButton(self.tr("&Valider la fiche (nouvelle version)"))
        self.validate_button.clicked.connect(self.validate)
        left.addWidget(self.validate_button)
        left.addWidget(QLabel(self.tr("Versions validées :")))
        self.versions = QListWidget()
        self.versions.setAccessibleName(self.tr("Versions validées"))
        left.addWidget(self.versions, 1)
        self.model = QComboBox()
        for code, label in MODELES.items():
            self.model.addItem(label, code)
        self.model.setAccessibleName(self.tr("Modèle à imprimer"))
        left.addWidget(self.model)
        buttons = QGridLayout()
        self.preview_button = QPushButton(self.tr("&Aperçu"))
        self.print_button = QPushButton(self.tr("&Imprimer…"))
        self.save_button = QPushButton(self.tr("Enregistrer le &PDF…"))
        self.open_button = QPushButton(self.tr("Ouvrir dans le &visionneur"))
        self.deposit_button = QPushButton(self.tr("Déposer (partage interne)"))
        self.deposit_button.setToolTip(
            self.tr("Dans la boîte d'envoi ; ne part que vers un dossier déclaré stockage interne")
        )
        self.deposit_button.clicked.connect(self.deposit)
        # two rows, so that the preview beside them gets the room
        for n, button in enumerate((self.preview_button, self.print_button, self.save_button, self.open_button,
                                    self.deposit_button)):  # fmt: skip
            buttons.addWidget(button, n // 3, n % 3)
        left.addLayout(buttons)
        self.preview_button.setToolTip(self.tr("Montre la fiche en grand, à la taille de l'écran"))
        self.preview_button.clicked.connect(self.enlarge)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save_pdf)
        self.open_button.clicked.connect(self.open_viewer)
        self.model.currentIndexChanged.connect(lambda _i: self.preview() if self._pdf else None)
        layout.addLayout(left, 1)
        self.view = PdfPreview()
        self.view.setAccessibleName(self.tr("Aperçu de la fiche"))
        layout.addWidget(self.view, 1)
        self.refresh()

    def refresh(self) -> None:
        self.save_person_button.setVisible(not self.personne_id)
        exports = (
            self.preview_button,
            self.print_button,
            self.save_button,
            self.open_button,
            self.deposit_button,
        )
        if not self.personne_id:  # « Valider » saves her first (after saying so): no separate step needed
            self.state.setText(
                self.tr(
                    "Personne pas encore enregistrée : « Valider la fiche » l'enregistre, puis fige la version n° 1."
                )
            )
            for button in exports:
                button.setEnabled(False)
            return
        state = etat_fiche(self.store, self.personne_id)
        color = {"a_jour": "#1e6b2f", "a_revoir": "#8a5300"}.get(state.code, "#a1260d")
        text = f"<b style='color:{color}'>Fiche {state.libelle}</b>"
        if state.version:
            text += self.tr("<br>Dernière version : n° {n}, à revoir avant le {d}.").format(
                n=state.version, d=date_fr(state.prochaine_revue))  # fmt: skip
        self.state.setText(text)
        self.versions.clear()
        for v in versions(self.store, self.personne_id):
            copies = ", ".join(v.exemplaires) or self.tr("exemplaires non notés")
            day = date_fr(v.valide_le)
            self.versions.addItem(
                self.tr("Version {n} — {d} par {u} — {c}").format(n=v.numero, d=day, u=v.valide_par, c=copies)
            )
        has_version = state.version is not None
        for button in exports:
            button.setEnabled(has_version)

    def save_person(self) -> None:
        personne_id = self._before_validate()  # type: ignore[operator]
        if personne_id:
            self.personne_id = personne_id
            self.refresh()

    def _confirm_validation(self) -> bool:
        """Freezing a version is for good: say what it means before doing it."""
        version = etat_fiche(self.store, self.personne_id).version if self.personne_id else None
        answer = QMessageBox.question(
            self,
            self.tr("Valider la fiche"),
            self.tr(
                "Valider la version n° {n} de la fiche ?\n\nLe dossier est d'abord enregistré, puis cette version est "
                "figée : elle ne se modifie plus, c'est elle qui s'imprime. Si plus tard une donnée imprimée "
                "change, la fiche devient périmée et il faut valider une nouvelle version. À revoir avant "
                "le {d}."
            ).format(n=(version or 0) + 1, d=self.review.date().toString("dd/MM/yyyy")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def validate(self) -> None:
        if not self._confirm_validation():
            return
        personne_id = self._before_validate()  # type: ignore[operator]
        if not personne_id:
            return
        self.personne_id = personne_id
        try:
            version = valide_fiche(self.store, personne_id, exemplaires=[c.strip() for c in self.copies.text().split(",")],
                                   prochaine_revue=date.fromisoformat(self.review.date().toString("yyyy-MM-dd")))  # fmt: skip
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Fiche non validée"), exc.message)
            return
        self.refresh()
        self.preview()
        self.state.setText(self.state.text() + self.tr("<br>Version {n} validée.").format(n=version.numero))

    def _pdf_bytes(self, action: str) -> bytes | None:
        if not self.personne_id:
            return None
        try:
            data, _version = pdf_fiche(self.store, self.personne_id, self.model.currentData(), action=action)
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Impossible d'imprimer"), exc.message)
            return None
        return data

    def preview(self) -> None:
        data = self._pdf_bytes("lecture")
        if data is None:
            return
        self.view.set_pdf(data)
        self._pdf = (data, None)

    def enlarge(self) -> None:
        """ "Aperçu": the sheet in its own window, as large as the screen allows."""
        self.preview()
        if self._pdf is None:
            return
        from ui.fiches.preview import ApercuDialog

        title = self.tr("Aperçu — {m}").format(m=self.model.currentText())
        self.apercu = ApercuDialog(self._pdf[0], title, self)  # type: ignore[arg-type]
        self.apercu.show()

    def print_(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Imprimer la fiche"))
        if (
            dialog.exec()
        ):  # the print is recorded in the audit journal only once it is asked for, not cancelled
            data = self._pdf_bytes("impression")
            if data is None:
                return
            try:
                print_pdf(printer, data)
            except (CoordinateurError, OSError) as exc:
                QMessageBox.warning(
                    self, self.tr("Impression impossible"), getattr(exc, "message", None) or str(exc)
                )

    def save_pdf(self) -> None:
        from coordinateur.personnes.service import lit_personne

        dossier = lit_personne(self.store, self.personne_id or "", motif="enregistrement d'une fiche en PDF")
        default = nom_fichier(dossier.nom, dossier.prenom, self.model.currentData())
        path, _ = enregistrer_sous(self, self.tr("Enregistrer la fiche"), default, "PDF (*.pdf)")
        if not path:
            return
        from coordinateur.fiches.impression import enregistre_pdf

        try:
            enregistre_pdf(self.store, self.personne_id or "", self.model.currentData(), Path(path))
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Fiche non enregistrée"), exc.message)
            return
        annonce_export(self, Path(path), self.tr("Fiche enregistrée."))

    def deposit(self) -> None:
        from coordinateur.partage.boite import depose

        data = self._pdf_bytes("export")
        if data is None:
            return
        depose(self.store, destinataire="dossier de la structure", genre=f"fiche-{self.model.currentData()}",
               extension="pdf", contenu=data, donnees_personnes=True)  # fmt: skip
        self.state.setText(self.state.text() + self.tr("<br>Fiche déposée dans la boîte d'envoi."))

    def open_viewer(self) -> None:
        data = self._pdf_bytes("export")
        if data is None:
            return
        # The system's viewer needs a file: it goes in the app's own cache folder (0700, the file 0600), not
        # the system's temp, and is removed when the store closes and, if the viewer held it, at next start.
        folder = self.store.paths.cache / "apercus"
        folder.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(prefix="fiche-", suffix=".pdf", dir=folder, delete=False)  # noqa: SIM115
        with handle:
            handle.write(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(handle.name))
