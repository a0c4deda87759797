"""The store's announcements of what changed (coordinateur.annonces), brought to a screen on the GUI
thread: a sync, an import run in the background, a merge or a purge refreshes what the screen shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from coordinateur.annonces import Changements, annonces
from coordinateur.store import Store

DELAI_MS = 150  # an import commits in batches: one refresh for the lot


class EcouteChangements(QObject):
    """Calls `refresh` (on the GUI thread, once per burst) when a change touches one of `kinds`. Lives as a
    child of the screen; stops listening when the screen is deleted."""

    heard = Signal(object)  # Changements; emitted on the committing thread, received on the GUI thread

    def __init__(
        self, screen: QWidget, store: Store, kinds: Iterable[str], refresh: Callable[[], None]
    ) -> None:
        super().__init__(screen)
        self.kinds = frozenset(kinds)
        self._refresh = refresh
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAI_MS)
        self._timer.timeout.connect(self._refresh_now)
        self.heard.connect(self._heard)  # queued when emitted from a worker thread

        def relay(changements: Changements) -> None:
            if shiboken6.isValid(self) and changements.touche(self.kinds):
                self.heard.emit(changements)

        stop = annonces(store).abonne(relay)
        self.destroyed.connect(lambda *_a: stop())

    def _heard(self, _changements: Changements) -> None:
        self._timer.start()

    def _refresh_now(self) -> None:
        self._refresh()
