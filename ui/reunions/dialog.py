"""A meeting in tabs: the meeting, participants, situations, decisions and actions, documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from coordinateur.errors import CoordinateurError, ValidationError
from coordinateur.reunions.contenu import Sortie
from coordinateur.reunions.service import (
    STATUTS_REUNION,
    TYPES,
    DonneesAction,
    DonneesReunion,
    enregistre_reunion,
    lit_reunion,
    valide_reunion,
)
from coordinateur.store import Store
from coordinateur.text import date_longue
from ui.common.ecran import a_la_taille_de_l_ecran
from ui.common.export_fait import annonce_export
from ui.common.fichiers import enregistrer_sous
from ui.reunions.apercu import ApercuSortie
from ui.reunions.editors import ActionsEditor, ParticipantsEditor, SituationsEditor

DOCUMENTS = (
    ("equipe", "pdf", "Compte rendu pour l'équipe de soins (PDF)"), ("equipe", "odt", "… (ODT)"), ("equipe", "docx", "… (DOCX)"),
    ("partenaires", "pdf", "Relevé de décisions pour les partenaires (PDF)"), ("partenaires", "odt", "… (ODT)"),
    ("partenaires", "docx", "… (DOCX)"),
)  # fmt: skip


class DiffusionDialog(QDialog):
    """Who the minutes are for, and whether they wait in the outbox for the shared folder."""

    def __init__(
        self, niveau: str, destinataires: str, parent: QWidget | None = None, *, dossier_partage: bool = True
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Diffusion"))
        layout = QFormLayout(self)
        self.destinataire = QLineEdit(destinataires)
        self.destinataire.setMinimumWidth(320)
        self.destinataire.setCursorPosition(0)
        layout.addRow(self.tr("Destinataire(s) de ce document :"), self.destinataire)
        self.deposer = QCheckBox(self.tr("À déposer dans le dossier de partage"))
        self.deposer.setChecked(niveau == "partenaires" and dossier_partage)
        layout.addRow(self.deposer)
        if niveau == "equipe":
            note = QLabel(self.tr("Le compte rendu d'équipe contient des données de personnes : il ne partira que "
                                  "vers un dossier déclaré comme stockage interne de la structure."))  # fmt: skip
            note.setWordWrap(True)
            layout.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ReunionDialog(QDialog):
    def __init__(self, store: Store, reunion_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.data = (
            lit_reunion(store, reunion_id)
            if reunion_id
            else DonneesReunion(date=QDate.currentDate().toString("yyyy-MM-dd"))
        )
        self.saved_id = reunion_id
        self.setWindowTitle(self._title() if reunion_id else self.tr("Nouvelle réunion"))
        a_la_taille_de_l_ecran(self, 1050, 760)
        layout = QVBoxLayout(self)
        self.state = QLabel()
        layout.addWidget(self.state)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        meeting = QScrollArea()  # the form scrolls rather than make the window taller than a laptop screen
        meeting.setWidgetResizable(True)
        meeting.setFrameShape(QFrame.Shape.NoFrame)
        meeting.setWidget(self._meeting_tab())
        self.tabs.addTab(meeting, self.tr("&Réunion"))
        self.participants = ParticipantsEditor(store)
        for participant in self.data.participants:
            self.participants.add_row(participant)
        self.tabs.addTab(self.participants, self.tr("&Participants"))
        self.situations = SituationsEditor(store)
        self.situations.set_items(self.data.situations)
        self.tabs.addTab(self.situations, self.tr("&Situations"))
        self.tabs.addTab(self._actions_tab(), self.tr("&Décisions et actions"))
        self.tabs.addTab(self._documents_tab(), self.tr("D&ocuments"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Enregistrer"))
        buttons.accepted.connect(self.save_and_close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_state()

    def _title(self) -> str:
        return self.tr("Réunion du {d} — {t}").format(
            d=date_longue(date.fromisoformat(self.data.date)), t=self.data.titre
        )

    def _meeting_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        d = self.data
        self.type = QComboBox()
        for code, label in TYPES.items():
            self.type.addItem(label, code)
        self.type.setCurrentIndex(max(self.type.findData(d.type), 0))
        self.titre = QLineEdit(d.titre)
        self.serie = QLineEdit(d.serie)
        self.serie.setPlaceholderText(
            self.tr("ex. : Concertations MSP de Laguiole (relie les réunions qui se suivent)")
        )
        self.date = QDateEdit(QDate.fromString(d.date, "yyyy-MM-dd"))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.debut = QTimeEdit(QTime.fromString(d.heure_debut or "14:00", "HH:mm"))
        self.fin = QTimeEdit(QTime.fromString(d.heure_fin or "16:00", "HH:mm"))
        self.lieu = QLineEdit(d.lieu)
        self.visio = QLineEdit(d.visio)
        self.organisateur = QLineEdit(d.organisateur)
        self.animateur = QLineEdit(d.animateur)
        self.secretaire = QLineEdit(d.secretaire)
        self.ordre = QPlainTextEdit("\n".join(d.ordre_du_jour))
        self.ordre.setPlaceholderText(self.tr("un point par ligne"))
        self.diffusion = QPlainTextEdit("\n".join(d.diffusion))
        self.diffusion.setPlaceholderText(self.tr("destinataires du compte rendu, un par ligne"))
        self.statut = QComboBox()
        for code in ("preparee", "tenue"):
            self.statut.addItem(STATUTS_REUNION[code], code)
        self.statut.setCurrentIndex(max(self.statut.findData(d.statut), 0))
        for label, widget in (
            ("Type", self.type), ("Titre", self.titre), ("Série", self.serie), ("Date", self.date), ("Début", self.debut),
            ("Fin", self.fin), ("Lieu", self.lieu), ("Visio (lien)", self.visio), ("Organisateur", self.organisateur),
            ("Animation", self.animateur), ("Secrétariat", self.secretaire), ("Ordre du jour", self.ordre),
            ("Diffusion", self.diffusion), ("État", self.statut),
        ):  # fmt: skip
            widget.setAccessibleName(label)
            form.addRow(self.tr(label) + " :", widget)
        return page

    def _actions_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        box = QGroupBox(self.tr("Décisions de la réunion (une par ligne)"))
        box_layout = QVBoxLayout(box)
        self.decisions = QPlainTextEdit("\n".join(self.data.decisions))
        self.decisions.setAccessibleName(self.tr("Décisions"))
        self.decisions.setMaximumHeight(90)
        box_layout.addWidget(self.decisions)
        layout.addWidget(box)
        self.actions_editor = ActionsEditor(self.store)
        for action in self.data.actions:
            self.actions_editor.add_row(action.__dict__)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Actions décidées (les actions encore ouvertes reviennent à la réunion suivante de la série) :"
                )
            )
        )
        layout.addWidget(self.actions_editor, 1)
        return page

    def _documents_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.validate_button = QPushButton(self.tr("&Valider le compte rendu"))
        self.validate_button.clicked.connect(self.validate)
        layout.addWidget(self.validate_button)
        self.export_buttons: dict[tuple[str, str], QPushButton] = {}
        for niveau, fmt, label in DOCUMENTS:
            button = QPushButton(self.tr(label))
            button.clicked.connect(lambda _c=False, n=niveau, f=fmt: self.export(n, f))
            layout.addWidget(button)
            self.export_buttons[(niveau, fmt)] = button
        self.sheet_button = QPushButton(self.tr("Ordre du jour et feuille d'émargement (PDF)"))
        self.sheet_button.clicked.connect(self.export_sheet)
        self.ics_button = QPushButton(self.tr("Invitation pour les agendas (.ics)"))
        self.ics_button.clicked.connect(self.export_ics)
        layout.addWidget(self.sheet_button)
        layout.addWidget(self.ics_button)
        layout.addWidget(QLabel(self.tr("Diffusions enregistrées :")))
        self.log = QListWidget()
        self.log.setAccessibleName(self.tr("Registre des diffusions"))
        layout.addWidget(self.log, 1)
        return page

    def _show_state(self) -> None:
        if not self.saved_id:
            self.state.setText(self.tr("Nouvelle réunion : enregistrez-la pour produire ses documents."))
            return
        data = lit_reunion(self.store, self.saved_id)
        text = f"<b>{STATUTS_REUNION[data.statut]}</b>"
        if data.statut == "validee":
            text += self.tr(" le {d} par {p} — toute modification sera un amendement tracé").format(
                d=date_longue(date.fromisoformat(data.valide_le[:10])), p=data.valide_par
            )
            if data.revisions:
                text += self.tr(" ({n} amendement(s))").format(n=len(data.revisions))
        self.state.setText(text)
        self.validate_button.setEnabled(data.statut != "validee")
        from coordinateur.reunions.exports import diffusions, libelle_diffusion

        self.log.clear()
        for d in diffusions(self.store, self.saved_id):
            self.log.addItem(libelle_diffusion(d))

    def current(self) -> DonneesReunion:
        situations = self.situations.values()
        known = {a.id: a for a in self.data.actions if a.id}
        actions = []
        for values in self.actions_editor.values():
            before = known.get(values.get("id") or "")
            follow_up: dict[str, Any] = (
                {"fait_le": before.fait_le, "resultat": before.resultat} if before else {}
            )
            actions.append(DonneesAction(**values, **follow_up))
        return DonneesReunion(
            id=self.saved_id, type=self.type.currentData(), titre=self.titre.text(), serie=self.serie.text().strip(),
            date=self.date.date().toString("yyyy-MM-dd"), heure_debut=self.debut.time().toString("HH:mm"),
            heure_fin=self.fin.time().toString("HH:mm"), lieu=self.lieu.text(), visio=self.visio.text(),
            organisateur=self.organisateur.text(), animateur=self.animateur.text(), secretaire=self.secretaire.text(),
            ordre_du_jour=_lines(self.ordre.toPlainText()), participants=self.participants.values(),
            diffusion=_lines(self.diffusion.toPlainText()), decisions=_lines(self.decisions.toPlainText()),
            notes=self.data.notes, statut=self.statut.currentData(), situations=situations, actions=actions,
        )  # fmt: skip

    def save(self) -> bool:
        data = self.current()
        try:
            self.saved_id = enregistre_reunion(self.store, data)
        except ValidationError as exc:
            if exc.field != "motif":
                QMessageBox.warning(self, self.tr("Réunion non enregistrée"), exc.message)
                return False
            motif, ok = QInputDialog.getText(
                self, self.tr("Amendement"), exc.message + "\n\n" + self.tr("Motif :")
            )
            if not ok or not motif.strip():
                return False
            try:
                self.saved_id = enregistre_reunion(self.store, data, motif_amendement=motif)
            except ValidationError as again:
                QMessageBox.warning(self, self.tr("Réunion non enregistrée"), again.message)
                return False
        self.data = lit_reunion(self.store, self.saved_id)
        self.setWindowTitle(self._title())
        self.actions_editor.table.setRowCount(0)
        for action in self.data.actions:
            self.actions_editor.add_row(action.__dict__)
        self._show_state()
        return True

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def _confirm_validation(self) -> bool:
        """Validating freezes the minutes: say what it means before doing it."""
        answer = QMessageBox.question(
            self,
            self.tr("Valider le compte rendu"),
            self.tr(
                "Valider le compte rendu de cette réunion ?\n\nLa réunion est d'abord enregistrée, puis son compte "
                "rendu est figé : les documents pour l'équipe et pour les partenaires partent de cette version. "
                "Toute modification ultérieure sera un amendement daté, avec son motif, visible dans les "
                "documents."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def validate(self) -> None:
        if not self._confirm_validation() or not self.save() or not self.saved_id:
            return
        try:
            valide_reunion(self.store, self.saved_id)
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Compte rendu non validé"), exc.message)
        self._show_state()

    def _target(self, suffix: str, name: str) -> Path | None:
        if not self.save() or not self.saved_id:
            return None
        path, _ = enregistrer_sous(
            self, self.tr("Enregistrer"), f"{name}-{self.data.date}{suffix}", f"*{suffix}"
        )
        if not path:
            return None
        return Path(path if path.endswith(suffix) else path + suffix)

    def _preview(self, preparer: Callable[[], Sortie], title: str, *, always: bool) -> set[str] | None:
        """Show what leaves for partners; the confirmed passages, or None when nothing is to be written.
        `always`: the minutes are always previewed; other documents when something was replaced or is
        suspected."""
        if not self.saved_id:
            return None
        if not always:
            sortie = preparer()
            if not sortie.suspicions and not sortie.remplacements:
                return set()
        preview = ApercuSortie(self.store, self.saved_id, preparer, title, self)
        result = preview.exec()
        if result == ApercuSortie.MODIFIER:
            self.tabs.setCurrentWidget(self.situations)
            return None
        if result != QDialog.DialogCode.Accepted:
            return None
        return preview.confirmes()

    def export(self, niveau: str, fmt: str) -> None:
        from coordinateur.reunions.exports import apercu_compte_rendu, exporte_compte_rendu

        if not self.save() or not self.saved_id:
            return
        confirmes: set[str] = set()
        if niveau == "partenaires":
            reunion_id = self.saved_id
            preview = self._preview(lambda: apercu_compte_rendu(self.store, reunion_id),
                                    self.tr("Relevé de décisions pour les partenaires — aperçu"), always=True)  # fmt: skip
            if preview is None:
                self._show_state()
                return
            confirmes = preview
        path = self._target(f".{fmt}", "compte-rendu" if niveau == "equipe" else "releve-de-decisions")
        if path is None or not self.saved_id:
            return
        from coordinateur.settings import load_settings

        ask = DiffusionDialog(niveau, ", ".join(self.data.diffusion), self,
                              dossier_partage=bool(load_settings(self.store).partage_dossier))  # fmt: skip
        if ask.exec() != QDialog.DialogCode.Accepted:
            return
        destinataire = ask.destinataire.text().strip()
        try:
            exporte_compte_rendu(self.store, self.saved_id, fmt, niveau, path, destinataire=destinataire or str(path),
                                 deposer=ask.deposer.isChecked(), confirme=confirmes)  # fmt: skip
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Export impossible"), exc.message)
            self._show_state()
            return
        self._show_state()
        annonce_export(self, path, self.tr("Document enregistré."))

    def _convocation(self, suffix: str, name: str, title: str) -> tuple[Path, set[str]] | None:
        from coordinateur.reunions.exports import apercu_convocation

        if not self.save() or not self.saved_id:
            return None
        reunion_id = self.saved_id
        confirmes = self._preview(lambda: apercu_convocation(self.store, reunion_id), title, always=False)
        if confirmes is None:
            return None
        path = self._target(suffix, name)
        return (path, confirmes) if path is not None else None

    def export_sheet(self) -> None:
        from coordinateur.reunions.exports import emargement

        chosen = self._convocation(".pdf", "emargement", self.tr("Ordre du jour et émargement — aperçu"))
        if chosen is not None and self.saved_id:
            try:
                emargement(self.store, self.saved_id, chosen[0], confirme=chosen[1])
            except CoordinateurError as exc:
                QMessageBox.warning(self, self.tr("Export impossible"), exc.message)
                return
            annonce_export(self, chosen[0], self.tr("Ordre du jour et feuille d'émargement enregistrés."))

    def export_ics(self) -> None:
        from coordinateur.reunions.exports import invitation

        chosen = self._convocation(".ics", "invitation", self.tr("Invitation — aperçu"))
        if chosen is not None and self.saved_id:
            try:
                invitation(self.store, self.saved_id, chosen[0], confirme=chosen[1])
            except CoordinateurError as exc:
                QMessageBox.warning(self, self.tr("Export impossible"), exc.message)
                return
            annonce_export(
                self,
                chosen[0],
                self.tr("Invitation enregistrée (à joindre à un courriel ou à ouvrir dans l'agenda)."),
            )
