"""Phrase de passe et verrouillage: change the passphrase, the inactivity delay; encrypt a plain store."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coordinateur.confiance.reouverture import Tache, chiffrement_de
from coordinateur.errors import CoordinateurError
from coordinateur.settings import Settings, enregistre_reglages
from coordinateur.store import Store


class ProtectionWidget(QWidget):
    delay_changed = Signal(int)  # minutes

    def __init__(
        self,
        store: Store,
        settings: Settings,
        restart: Callable[[Tache], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("protection")
        self.store = store
        self.settings = settings
        self.restart = restart
        layout = QVBoxLayout(self)

        phrase_box = QGroupBox(self.tr("Chiffrement des données"))
        phrase_layout = QVBoxLayout(phrase_box)
        self.state = QLabel()
        self.state.setWordWrap(True)
        phrase_layout.addWidget(self.state)
        if store.key is not None:
            self.state.setText(
                self.tr(
                    "✔ Les données de cet ordinateur sont chiffrées (SQLCipher, AES-256), sauvegardes comprises. "
                    "Sans la phrase de passe ou la clé de secours, elles sont illisibles."
                )
            )
            self.phrase_button = QPushButton(self.tr("&Changer la phrase de passe…"))
            self.phrase_button.clicked.connect(self.change_phrase)
        else:
            self.state.setText(
                self.tr(
                    "⚠ Les données de cet ordinateur sont en clair : un portable perdu ou volé livrerait les "
                    "dossiers des personnes suivies. Chiffrez-les."
                )
            )
            self.phrase_button = QPushButton(self.tr("&Chiffrer les données…"))
            self.phrase_button.clicked.connect(self.encrypt)
        phrase_layout.addWidget(self.phrase_button)
        layout.addWidget(phrase_box)

        lock_box = QGroupBox(self.tr("Verrouillage"))
        form = QFormLayout(lock_box)
        self.delay = QSpinBox()
        self.delay.setRange(1, 120)
        self.delay.setSuffix(self.tr(" min"))
        self.delay.setValue(settings.verrouillage_minutes)
        self.delay.setAccessibleName(self.tr("Verrouiller après tant de minutes sans activité"))
        form.addRow(self.tr("Verrouiller après &inactivité de :"), self.delay)
        note = QLabel(self.tr("Ctrl+L verrouille tout de suite. Fenêtres et dossiers ouverts sont masqués."))
        note.setWordWrap(True)
        form.addRow("", note)
        self.delay_apply = QPushButton(self.tr("&Appliquer"))
        form.addRow("", self.delay_apply)
        lock_box.setEnabled(store.key is not None)
        layout.addWidget(lock_box)
        layout.addStretch(1)
        self.delay_apply.clicked.connect(self.apply_delay)

    def change_phrase(self) -> None:
        from ui.verrou import ChangePhraseDialog

        if ChangePhraseDialog(self.store, self).exec():
            QMessageBox.information(
                self, self.tr("Phrase de passe"), self.tr("La phrase de passe a été changée.")
            )

    def encrypt(self) -> None:
        from ui.verrou import ChiffrerDialog

        dialog = ChiffrerDialog(self)
        if dialog.exec():
            self.restart(chiffrement_de(dialog.phrase.text()))

    def apply_delay(self) -> None:
        self.settings.verrouillage_minutes = self.delay.value()
        try:
            enregistre_reglages(
                self.store,
                verrouillage_minutes=self.delay.value(),
                audit_summary=f"Verrouillage après {self.delay.value()} min d'inactivité",
            )
        except CoordinateurError as exc:
            QMessageBox.warning(self, self.tr("Verrouillage"), exc.message)
            return
        self.delay_changed.emit(self.delay.value())
