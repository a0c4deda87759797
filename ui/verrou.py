"""Passphrase dialogs: protect a new store, unlock at start, recovery key, and unlock after a lock."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinateur.confiance import chiffrement
from coordinateur.errors import CoordinateurError
from coordinateur.paths import Paths
from ui.common.couleurs import style
from ui.common.fichiers import enregistrer_sous

if TYPE_CHECKING:
    from coordinateur.store import Store


def _secret(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setMinimumWidth(320)
    return field


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setObjectName("erreur")
    label.setStyleSheet(style("erreur"))
    label.hide()
    return label


class _PhraseDialog(QDialog):
    """Common frame: an intro, a form, a French error line, OK/Cancel."""

    def __init__(self, title: str, intro: str, ok: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.store: Store | None = None
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = _error_label()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.setMinimumHeight(300)

    def new_phrase_ok(self, phrase: QLineEdit, confirmation: QLineEdit) -> bool:
        """The CNIL rule and the two typings alike; otherwise says why, in French, and returns False."""
        why = chiffrement.regle_phrase(phrase.text())
        if why:
            self.show_error(why, phrase)
            return False
        if phrase.text() != confirmation.text():
            self.show_error(self.tr("Les deux saisies ne sont pas identiques."), confirmation)
            return False
        return True

    def show_error(self, message: str, focus: QLineEdit) -> None:
        self.error.setText(message)
        self.error.show()
        self.adjustSize()  # word-wrapped labels: let the dialog grow with the message
        focus.selectAll()
        focus.setFocus()


class CreationDialog(_PhraseDialog):
    """First start: the passphrase that encrypts the new store (CNIL rule explained as it is typed)."""

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Bienvenue dans Coordinateur"),
            self.tr(
                "<h2>Bienvenue</h2>Coordinateur tient l'annuaire du territoire, les dossiers des personnes "
                "accompagnées, leurs fiches de liaison et les réunions de concertation. Deux étapes pour "
                "commencer : protéger les données, puis décrire votre territoire."
                "<h3>1. Choisissez la phrase de passe de Coordinateur</h3>Les données des personnes suivies sont "
                "chiffrées sur cet ordinateur : sans la phrase de passe, un portable perdu ou volé ne livre "
                "rien. Au moins 12 caractères mêlant majuscules, minuscules, chiffres et caractères spéciaux, "
                "ou 14 caractères sans caractère spécial, ou une phrase d'au moins 7 mots."
            ),
            self.tr("&Chiffrer et continuer"),
            parent,
        )
        self.paths = paths
        self.phrase = _secret(self.tr("Phrase de passe"))
        self.confirmation = _secret(self.tr("Confirmation de la phrase de passe"))
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.form.addRow(self.tr("&Phrase de passe :"), self.phrase)
        self.form.addRow(self.tr("C&onfirmation :"), self.confirmation)
        self.form.addRow("", self.rule)
        self._rule_error: str | None = None  # the refusal shown for the rule, hidden once the rule is met
        self.phrase.textChanged.connect(self._explain)
        self._explain("")

    def _explain(self, text: str) -> None:
        why = chiffrement.regle_phrase(text)
        if self.error.isVisible() and self.error.text() == self._rule_error:
            # the refusal follows the typing: updated while still too weak (its length), gone once robust,
            # so « trop faible… » is never left beside « assez robuste »
            self._rule_error = why
            if why is None:
                self.error.hide()
            else:
                self.error.setText(why)
        self.rule.setText(
            self.tr("✔ Phrase de passe assez robuste.")
            if why is None
            else self.tr("✘ Pas encore assez robuste.")
        )

    def accept(self) -> None:
        from coordinateur.confiance.ouverture import open_store

        self._rule_error = chiffrement.regle_phrase(self.phrase.text())
        if not self.new_phrase_ok(self.phrase, self.confirmation):
            return
        try:
            self.store = open_store(self.paths, kind="fenetre", phrase=self.phrase.text())
        except CoordinateurError as exc:
            self.show_error(exc.message, self.phrase)
            return
        super().accept()


class DeverrouillageDialog(_PhraseDialog):
    """At start on an encrypted store: the passphrase, or the recovery key and a new passphrase."""

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Coordinateur — déverrouiller"),
            self.tr("<h3>Données chiffrées</h3>Saisissez votre phrase de passe pour ouvrir Coordinateur."),
            self.tr("&Ouvrir"),
            parent,
        )
        self.paths = paths
        self.phrase = _secret(self.tr("Phrase de passe"))
        self.form.addRow(self.tr("&Phrase de passe :"), self.phrase)
        self.forgotten = QPushButton(self.tr("Phrase &oubliée ? Utiliser la clé de secours…"))
        self.buttons.addButton(self.forgotten, QDialogButtonBox.ButtonRole.ResetRole)
        self.forgotten.clicked.connect(self._use_recovery)
        self.failures = 0

    def accept(self) -> None:
        from coordinateur.confiance.ouverture import open_store

        try:
            self.store = open_store(self.paths, kind="fenetre", phrase=self.phrase.text())
        except chiffrement.PhraseIncorrecte as exc:
            self.failures += 1
            self.show_error(f"{exc.message} ({self.failures} essai(s))", self.phrase)
            return
        except CoordinateurError as exc:
            self.show_error(exc.message, self.phrase)
            return
        super().accept()

    def _use_recovery(self) -> None:
        dialog = SecoursDialog(self.paths, self)
        if dialog.exec() and dialog.store is not None:
            self.store = dialog.store
            super().accept()


class SecoursDialog(_PhraseDialog):
    """The recovery key typed from the printed sheet, then a new passphrase (the store is not touched)."""

    def __init__(self, paths: Paths, parent: QWidget | None = None, *, ouverte: Store | None = None) -> None:
        """`ouverte`: the store already open behind a lock; the key is checked against it, nothing reopened."""
        super().__init__(
            self.tr("Clé de secours"),
            self.tr(
                "Recopiez les huit groupes de la clé de secours, puis choisissez une nouvelle phrase de passe."
            ),
            self.tr("&Valider"),
            parent,
        )
        self.paths = paths
        self.ouverte = ouverte
        self.recovery = QLineEdit()
        self.recovery.setAccessibleName(self.tr("Clé de secours"))
        self.recovery.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.phrase = _secret(self.tr("Nouvelle phrase de passe"))
        self.confirmation = _secret(self.tr("Confirmation"))
        self.form.addRow(self.tr("&Clé de secours :"), self.recovery)
        self.form.addRow(self.tr("&Nouvelle phrase :"), self.phrase)
        self.form.addRow(self.tr("C&onfirmation :"), self.confirmation)

    def accept(self) -> None:
        from coordinateur.confiance.ouverture import ouvre_avec_secours
        from coordinateur.secours import remplace_phrase_par_secours

        if not self.new_phrase_ok(self.phrase, self.confirmation):
            return
        try:
            if self.ouverte is not None:
                remplace_phrase_par_secours(self.ouverte, self.recovery.text(), self.phrase.text())
                store = self.ouverte
            else:
                store = ouvre_avec_secours(self.paths, self.recovery.text(), self.phrase.text())
        except CoordinateurError as exc:
            self.show_error(exc.message, self.recovery)
            return
        self.store = store
        super().accept()


class ChangePhraseDialog(_PhraseDialog):
    """The current passphrase, then a new one: the data key is re-wrapped, the store is not rewritten."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Changer la phrase de passe"),
            self.tr(
                "La nouvelle phrase de passe remplace l'ancienne dès maintenant, sur cet ordinateur. La clé "
                "de secours imprimée reste valable. Les sauvegardes déjà faites s'ouvrent avec l'ancienne "
                "phrase ou la clé de secours."
            ),
            self.tr("&Changer"),
            parent,
        )
        self.target = store
        self.current = _secret(self.tr("Phrase de passe actuelle"))
        self.phrase = _secret(self.tr("Nouvelle phrase de passe"))
        self.confirmation = _secret(self.tr("Confirmation"))
        self.form.addRow(self.tr("Phrase &actuelle :"), self.current)
        self.form.addRow(self.tr("&Nouvelle phrase :"), self.phrase)
        self.form.addRow(self.tr("C&onfirmation :"), self.confirmation)

    def accept(self) -> None:
        if not self.current.text():
            self.show_error(self.tr("Saisissez d'abord la phrase de passe actuelle."), self.current)
            return
        if not self.new_phrase_ok(self.phrase, self.confirmation):
            return
        try:
            chiffrement.change_phrase_du_store(self.target, self.current.text(), self.phrase.text())
        except chiffrement.PhraseIncorrecte as exc:
            self.show_error(exc.message, self.current)
            return
        except (CoordinateurError, OSError) as exc:
            self.show_error(getattr(exc, "message", None) or str(exc), self.phrase)
            return
        super().accept()


class ChiffrerDialog(_PhraseDialog):
    """For a store still in clear: the passphrase that will encrypt it (the conversion runs once the
    window has closed the store, then Coordinateur reopens on the encrypted store)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Chiffrer les données"),
            self.tr(
                "<h3>Les données de cet ordinateur sont en clair</h3>Coordinateur va faire une sauvegarde, "
                "écrire une copie chiffrée, la vérifier, la mettre à la place de la base puis effacer "
                "l'ancienne. La fenêtre se fermera quelques instants et se rouvrira. Une clé de secours sera "
                "affichée : imprimez-la."
            ),
            self.tr("&Chiffrer"),
            parent,
        )
        self.phrase = _secret(self.tr("Phrase de passe"))
        self.confirmation = _secret(self.tr("Confirmation de la phrase de passe"))
        self.form.addRow(self.tr("&Phrase de passe :"), self.phrase)
        self.form.addRow(self.tr("C&onfirmation :"), self.confirmation)

    def accept(self) -> None:
        if self.new_phrase_ok(self.phrase, self.confirmation):
            super().accept()


class CleSecoursDialog(QDialog):
    """Shown once, when the keys are created: the recovery key, to write down or save as a PDF to print."""

    def __init__(self, cle: str, paths: Paths, structure: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cle = cle
        self.paths = paths
        self.structure = structure
        self.setWindowTitle(self.tr("Clé de secours"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "<h3>Notez votre clé de secours</h3>Elle seule permet de rouvrir les données si la phrase de "
                "passe est oubliée. Elle ne sera <b>plus jamais affichée</b> : imprimez-la et rangez-la loin "
                "de l'ordinateur."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        key = QLabel(" – ".join(cle.split("-")))
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key.setAccessibleName(self.tr("Clé de secours"))
        font = key.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        font.setFamily("monospace")
        key.setFont(font)
        layout.addWidget(key)
        self.pdf_button = QPushButton(self.tr("&Enregistrer en PDF pour l'imprimer…"))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.note = QCheckBox(self.tr("J'ai noté ou imprimé cette clé, je la range loin de l'ordinateur"))
        layout.addWidget(self.note)
        buttons = QDialogButtonBox()
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.done_button = buttons.addButton(self.tr("C'est noté"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.clicked.connect(self.accept)
        # a stray Enter or Escape must not hide the key for ever: nothing closes until it is noted
        self.done_button.setEnabled(False)
        self.done_button.setAutoDefault(False)
        self.note.toggled.connect(self.done_button.setEnabled)
        self.pdf_button.setDefault(True)
        layout.addWidget(buttons)

    def reject(self) -> None:
        if self.note.isChecked():
            super().reject()

    def accept(self) -> None:
        if self.note.isChecked():
            super().accept()

    def save_pdf(self, path: str | None = None) -> Path | None:
        from coordinateur.documents.secours import pdf_cle_secours

        target = (
            path
            or enregistrer_sous(
                self,
                self.tr("Enregistrer la clé de secours"),
                "cle-de-secours-coordinateur.pdf",
                self.tr("PDF (*.pdf)"),
            )[0]
        )
        if not target:
            return None
        try:
            from coordinateur.fichiers import ecriture_atomique

            with ecriture_atomique(Path(target)) as handle:  # 0600, like every export
                handle.write(pdf_cle_secours(self.cle, str(self.paths.data), self.structure))
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Clé de secours"), exc.message)
            return None
        return Path(target)


class VerrouWidget(QWidget):
    """What the window shows while locked: nothing of anybody's data, a field for the passphrase."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("ecran-verrouille")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(self.tr("<h2>Coordinateur est verrouillé</h2>"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        hint = QLabel(self.tr("Les données sont masquées. Saisissez la phrase de passe pour reprendre."))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        self.phrase = _secret(self.tr("Phrase de passe"))
        self.phrase.setMaximumWidth(360)
        layout.addWidget(self.phrase, 0, Qt.AlignmentFlag.AlignHCenter)
        self.error = _error_label()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.error)
        self.unlock_button = QPushButton(self.tr("&Déverrouiller"))
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.forgotten = QPushButton(self.tr("Phrase &oubliée ?"))
        self.forgotten.setFlat(True)
        self.forgotten.setStyleSheet("text-decoration: underline;")
        self.forgotten.setToolTip(self.tr("La clé de secours imprimée permet de choisir une nouvelle phrase"))
        layout.addWidget(self.forgotten, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.phrase.returnPressed.connect(self.unlock_button.click)
        self.forgotten.clicked.connect(self.forgot)
        self._recovered = False

    def forgot(self) -> None:
        """Explain the recovery key; with it, choose a new passphrase and unlock."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Phrase de passe oubliée"))
        box.setText(self.tr("Sans la phrase de passe, seule la clé de secours rouvre les données."))
        box.setInformativeText(
            self.tr(
                "C'est la feuille « Clé de secours » imprimée ou enregistrée en PDF quand les données ont été "
                "protégées : huit groupes de lettres et de chiffres. Recopiez-la, puis choisissez une nouvelle "
                "phrase de passe ; rien n'est perdu. Sans cette feuille, personne ne peut rouvrir les données, "
                "pas même l'éditeur : restaurez alors une sauvegarde dont vous connaissez la phrase."
            )
        )
        use = box.addButton(self.tr("&Utiliser la clé de secours…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Annuler"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not use:
            return
        dialog = SecoursDialog(self.store.paths, self, ouverte=self.store)
        if dialog.exec():
            self._recovered = True  # the key was checked against the open store's: unlock
            self.unlock_button.click()

    def check(self) -> bool:
        """True when the typed passphrase opens this store's key (or the recovery key was just used)."""
        if self._recovered:
            self._recovered = False
            self.phrase.clear()
            self.error.hide()
            return True
        try:
            ok = chiffrement.ouvre_cle(self.store.paths.data, self.phrase.text()) == self.store.key
        except CoordinateurError as exc:
            self.error.setText(exc.message)
            self.error.show()
            ok = False
        self.phrase.clear()
        if ok:
            self.error.hide()
        return ok
