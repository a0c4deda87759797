"""Protection: the audit trail, backups, passphrase and lock, retention and RGPD documents, in tabs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from coordinateur.confiance.reouverture import Tache
from coordinateur.settings import Settings
from coordinateur.store import Store
from ui.confiance.conservation import ConservationWidget
from ui.confiance.journal import JournalWidget
from ui.confiance.protection import ProtectionWidget
from ui.confiance.sauvegardes import SauvegardesWidget


class ConfianceScreen(QWidget):
    def __init__(
        self,
        store: Store,
        settings: Settings,
        restart: Callable[[Tache], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ecran-protection")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Protection des données')}</h2>"))
        self.tabs = QTabWidget()
        self.journal = JournalWidget(store)
        self.sauvegardes = SauvegardesWidget(store, settings, restart)
        self.protection = ProtectionWidget(store, settings, restart)
        self.conservation = ConservationWidget(store, settings)
        self.tabs.addTab(self.journal, self.tr("&Journal d'audit"))
        self.tabs.addTab(self.sauvegardes, self.tr("&Sauvegardes"))
        self.tabs.addTab(self.protection, self.tr("&Phrase de passe et verrouillage"))
        self.tabs.addTab(self.conservation, self.tr("&Conservation (RGPD)"))
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.journal:
            self.journal.reload_choices()
        elif self.tabs.widget(index) is self.sauvegardes:
            self.sauvegardes.refresh()

    def showEvent(self, event: object) -> None:  # the log grows while other screens are used
        super().showEvent(event)  # type: ignore[arg-type]
        self._tab_changed(self.tabs.currentIndex())

    def show_journal_of(self, personne_id: str) -> None:
        self.tabs.setCurrentWidget(self.journal)
        self.journal.reload_choices()
        self.journal.show_person(personne_id)
