"""Partage → Équipe: who is in the shared folder's team; invite a laptop, join, retire a lost one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coordinateur.errors import CoordinateurError
from coordinateur.fichiers import ecriture_atomique
from coordinateur.partage import equipe, fichiers, invitations, retrait
from coordinateur.partage.actualisation import arrivee_refusee
from coordinateur.partage.boite import DocumentEquipe, documents_equipe, journalise_document, ouvre_document
from coordinateur.partage.dossier import verifie_connexion
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.text import horodatage_fr, insecables
from ui.common.fichiers import enregistrer_sous
from ui.common.table_model import en_lecture
from ui.partage.selection import choisi, reprend


def _enregistre(parent: QWidget, title: str, name: str, pattern: str, data: bytes) -> None:
    path, _ = enregistrer_sous(parent, title, name, pattern)
    if not path:
        return
    try:
        with ecriture_atomique(Path(path)) as handle:
            handle.write(data)
        Path(path).chmod(0o600)
    except (CoordinateurError, OSError) as exc:
        QMessageBox.warning(parent, title, insecables(getattr(exc, "message", str(exc))))


class InvitationDialog(QDialog):
    """The code to type on the new laptop, and the same invitation as a file or a page to print."""

    def __init__(self, invitation: invitations.Invitation, par: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.invitation = invitation
        self.setWindowTitle(self.tr("Inviter un ordinateur dans l'équipe"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        intro = QLabel(insecables(self.tr(
            "Sur le nouvel ordinateur : Partage → choisir le même dossier de partage → Équipe → « Rejoindre l'équipe », "
            "puis taper ce code. Il sert une seule fois, pour un seul ordinateur, jusqu'au {d}."
        ).format(d=horodatage_fr(invitation.expire_le))))  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code = QLabel(invitation.code)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(22)
        font.setBold(True)
        self.code.setFont(font)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setAccessibleName(self.tr("Code d'invitation"))
        layout.addWidget(self.code)
        more = QLabel(self.tr(
            "Si le dossier de partage n'est pas encore joignable depuis le nouvel ordinateur, emportez le fichier "
            "d'invitation (il demande aussi le code : ne les transportez pas ensemble)."
        ))  # fmt: skip
        more.setWordWrap(True)
        layout.addWidget(more)
        buttons = QDialogButtonBox()
        self.save_file = buttons.addButton(
            self.tr("Enregistrer le &fichier…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_page = buttons.addButton(
            self.tr("Enregistrer la &page à imprimer…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Fermer"))
        buttons.rejected.connect(self.reject)
        self.save_file.clicked.connect(lambda: _enregistre(self, self.tr("Fichier d'invitation"), "invitation.cinv",
                                                           "Invitation (*.cinv)", invitation.fichier))  # fmt: skip
        self.save_page.clicked.connect(
            lambda: _enregistre(
                self,
                self.tr("Page d'invitation"),
                "invitation.pdf",
                "PDF (*.pdf)",
                invitations.page_invitation(invitation, par),
            )
        )
        layout.addWidget(buttons)


class RejoindreDialog(QDialog):
    """Type the code of an invitation (and pick its file when the shared folder is not reachable)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.fichier: Path | None = None
        self.setWindowTitle(self.tr("Rejoindre l'équipe de partage"))
        layout = QVBoxLayout(self)
        intro = QLabel(insecables(self.tr(
            "Tapez le code que vous a donné un collègue de l'équipe (sur son écran ou sur la page imprimée). "
            "Tirets et majuscules sont facultatifs."
        )))  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-JKLM-NPQR")
        self.code.setAccessibleName(self.tr("Code d'invitation"))
        form.addRow(self.tr("&Code :"), self.code)
        row = QHBoxLayout()
        self.file_label = QLabel(self.tr("lue dans le dossier de partage"))
        self.file_label.setToolTip(
            self.tr(
                "Choisissez un fichier d'invitation seulement si le dossier de partage n'est pas joignable."
            )
        )
        choose = QPushButton(self.tr("Choisir un fichier d'invitation…"))
        choose.clicked.connect(self._choose)
        row.addWidget(self.file_label, 1)
        row.addWidget(choose)
        form.addRow(self.tr("Invitation :"), row)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a40000")
        layout.addWidget(self.error)
        self.code.textChanged.connect(self.error.clear)  # what was said of the code typed before
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Rejoindre"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Fichier d'invitation"), str(Path.home()),
                                              "Invitation (*.cinv)")  # fmt: skip
        if path:
            self.fichier = Path(path)
            self.file_label.setText(path)

    def accept(self) -> None:
        folder = load_settings(self.store).partage_dossier
        try:
            data = fichiers.lit(self.fichier, equipe.FICHIER_MAX) if self.fichier else None
            try:
                root = verifie_connexion(Path(folder) if folder else None)
            except CoordinateurError:
                if data is None:
                    raise
                root = None
            invitations.rejoint(self.store, root, self.code.text(), data)
        except (CoordinateurError, OSError) as exc:
            self.error.setText(insecables(getattr(exc, "message", str(exc))))
            return
        super().accept()


class EquipePage(QWidget):
    """The team tab of the Partage screen."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Équipe de partage"))
        layout.addWidget(self.summary)
        self.members = en_lecture(QTableWidget(0, 4), self.tr("Ordinateurs de l'équipe"), etiree=True)
        self.members.setHorizontalHeaderLabels(
            [self.tr("Ordinateur"), self.tr("Coordinateur"), self.tr("Depuis le"), self.tr("État")]
        )
        layout.addWidget(self.members, 3)
        layout.addWidget(
            QLabel(self.tr("Documents nominatifs déposés pour l'équipe (chiffrés dans le dossier) :"))
        )
        self.documents = en_lecture(QTableWidget(0, 3), self.tr("Documents de l'équipe"), etiree=True)
        self.documents.setHorizontalHeaderLabels([self.tr("Déposé le"), self.tr("Par"), self.tr("Taille")])
        # on a small screen the members come first: the documents' list (often empty) shrinks to a row
        self.documents.setMinimumHeight(self.documents.fontMetrics().lineSpacing() * 3)
        layout.addWidget(self.documents, 1)
        buttons = QHBoxLayout()
        self.invite_button = QPushButton(self.tr("&Inviter un ordinateur…"))
        self.join_button = QPushButton(self.tr("Re&joindre l'équipe…"))
        self.revoke_button = QPushButton(self.tr("Retirer de l'équipe (ordinateur perdu ou volé)…"))
        self.save_document = QPushButton(self.tr("Enregistrer le &document…"))
        for button in (self.invite_button, self.join_button, self.revoke_button, self.save_document):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.invite_button.clicked.connect(self.invite)
        self.join_button.clicked.connect(self.join)
        self.revoke_button.clicked.connect(self.revoke)
        self.save_document.clicked.connect(self.enregistre_document)
        self._lines: list[retrait.LigneMembre] = []
        self._documents: list[DocumentEquipe] = []
        self.refresh()

    def _root(self) -> Path:
        folder = load_settings(self.store).partage_dossier
        return verifie_connexion(Path(folder) if folder else None)

    def refresh(self) -> None:
        team = equipe.charge(self.store)
        refused = arrivee_refusee(self.store, team) if team is not None else ""
        chosen = choisi(self.members, [line.appareil for line in self._lines])
        self._lines = retrait.membres(self.store)
        if team is None:
            text = self.tr(
                "Cet ordinateur ne fait partie d'aucune équipe. La première synchronisation dans un dossier vide "
                "crée l'équipe ; pour un dossier qui en a déjà une, demandez une invitation à un collègue puis "
                "« Rejoindre l'équipe »."
            )
        elif team.hors_partage():
            text = team.hors_partage()
        elif refused:  # the members refuse its arrival: a new invitation is the way in
            text = refused
        else:
            text = self.tr(
                "Tout ce que l'équipe écrit dans le dossier de partage est chiffré avec la clé de l'équipe et signé "
                "par l'ordinateur qui l'écrit : l'administrateur du stockage voit des fichiers et leurs tailles, "
                "jamais leur contenu. Les documents pour les partenaires (dossier exports/) restent lisibles."
            )
            listed = {line.appareil for line in self._lines}
            if any(former in listed for former in team.anciens):
                text += " " + self.tr(
                    "Cet ordinateur est revenu dans l'équipe avec une nouvelle invitation : il y figure sous un "
                    "nouvel identifiant, son ancienne place reste dans la liste."
                )
            elif (
                team.anciens
            ):  # its former place was never admitted (its arrival refused): nothing left of it
                text += " " + self.tr(
                    "Cet ordinateur est revenu dans l'équipe avec une nouvelle invitation : il y figure sous un "
                    "nouvel identifiant."
                )
            if any(line.ancien for line in self._lines):
                text += " " + self.tr(
                    "Elle y est encore membre (ligne « ancienne place de cet ordinateur ») : si aucun autre "
                    "ordinateur ne travaille plus sous cet identifiant (une copie de cette installation restée sur "
                    "un autre ordinateur, par exemple), retirez-la avec « Retirer de l'équipe »."
                )
        self.summary.setText(insecables(text))
        self.members.setRowCount(len(self._lines))
        for r, line in enumerate(self._lines):
            state = (
                self.tr("retiré")
                if line.retire
                else self.tr("suite contestée")
                if line.conteste
                else self.tr("cet ordinateur")
                if line.moi
                else self.tr("ancienne place de cet ordinateur")
                if line.ancien
                else self.tr("membre")
            )
            for c, value in enumerate((line.nom or line.appareil[:8], line.coordinateur, horodatage_fr(line.depuis),
                                       state)):  # fmt: skip
                item = QTableWidgetItem(insecables(value))
                item.setToolTip(item.text())  # a long name, whole, where the column cuts it
                self.members.setItem(r, c, item)
        reprend(self.members, [line.appareil for line in self._lines], chosen)
        member = team is not None and not team.hors_partage()
        try:
            self._documents = documents_equipe(self._root()) if member else []
        except CoordinateurError:
            self._documents = []
        names = {d: m.get("nom") or d[:8] for d, m in team.membres.items()} if team is not None else {}
        self.documents.setRowCount(len(self._documents))
        for r, document in enumerate(self._documents):
            for c, value in enumerate((horodatage_fr(document.depose_le), names.get(document.auteur, document.auteur[:8]),
                                       f"{max(1, document.taille // 1024)} Ko")):  # fmt: skip
                self.documents.setItem(r, c, QTableWidgetItem(value))
        self.save_document.setEnabled(bool(self._documents))
        # a laptop the members refuse invites nobody (they would refuse its invitations too), and joins again
        self.invite_button.setEnabled(member and not refused)
        self.revoke_button.setEnabled(member and not refused and len(self._lines) > 1)
        self.join_button.setEnabled(not member or bool(refused))

    def enregistre_document(self) -> None:
        """Open the chosen sealed document (its seal checked) and save it where the coordinator says."""
        title = self.tr("Document de l'équipe")
        row = self.documents.currentRow()
        team = equipe.charge(self.store)
        if team is None or not 0 <= row < len(self._documents):
            QMessageBox.information(self, title, self.tr("Choisissez un document dans la liste."))
            return
        try:
            meta, content = ouvre_document(team, self._documents[row])
        except CoordinateurError as exc:
            QMessageBox.warning(self, title, insecables(exc.message))
            return
        name = f"{meta.get('genre', 'document')}.{meta.get('extension', 'pdf')}"
        path, _ = enregistrer_sous(self, title, name)
        if not path:
            return
        try:
            with ecriture_atomique(Path(path)) as handle:
                handle.write(content)
            Path(path).chmod(0o600)
        except CoordinateurError as exc:
            QMessageBox.warning(self, title, insecables(exc.message))
            return
        journalise_document(self.store, meta)
        QMessageBox.information(self, title, self.tr("Document enregistré : {p}").format(p=path))

    def invite(self) -> None:
        try:
            invitation = invitations.invite(self.store, self._root())
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Inviter un ordinateur"), insecables(exc.message))
            return
        self.dialog = InvitationDialog(invitation, self.store.device_name, self)
        self.dialog.open()

    def join(self) -> None:
        self.dialog = RejoindreDialog(self.store, self)
        self.dialog.accepted.connect(self._joined)
        self.dialog.open()

    def _joined(self) -> None:
        self.refresh()
        self.changed.emit()

    def revoke(self) -> None:
        row = self.members.currentRow()
        line = self._lines[row] if 0 <= row < len(self._lines) else None
        title = self.tr("Retirer un ordinateur de l'équipe")
        if line is None or line.moi or line.retire:
            QMessageBox.information(self, title, self.tr("Choisissez dans la liste l'ordinateur à retirer (un autre que "
                                                         "celui-ci, encore membre)."))  # fmt: skip
            return
        question = (
            self.tr("Retirer de l'équipe l'ancienne place de cet ordinateur (« {nom} », identifiant {id}) ? Faites-le "
                    "seulement si aucun autre ordinateur ne travaille plus sous cet identifiant. Ce qui a été envoyé "
                    "sous cet identifiant est gardé ; cet ordinateur continue sous son identifiant actuel.")
            if line.ancien
            else self.tr("Retirer « {nom} » de l'équipe ? Ses modifications déjà reçues sont gardées ; celles qu'il "
                         "écrirait désormais seront refusées par tous, et la clé de l'équipe sera renouvelée pour tout "
                         "ce qui sera écrit ensuite. Pour qu'il revienne, il faudra une nouvelle invitation.")
        )  # fmt: skip
        answer = QMessageBox.question(
            self, title, insecables(question.format(nom=line.nom or line.appareil[:8], id=line.appareil[:8]))
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            message = retrait.revoque(self.store, self._root(), line.appareil)
        except CoordinateurError as exc:
            QMessageBox.warning(self, title, insecables(exc.message))
            return
        QMessageBox.information(self, title, insecables(message))
        self.refresh()
        self.changed.emit()
