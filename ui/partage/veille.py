"""The watch on the shared folder: a timer that syncs when the folder is there and something waits.

It lives in the main window from the start (the status bar shows its state), while the Partage screen is
built only when the coordinator opens it. Its first look at the folder comes just after the window is
shown, so that a slow network share never delays the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from coordinateur.errors import CoordinateurError
from coordinateur.store import Store

if TYPE_CHECKING:
    from coordinateur.partage.sync import Etat

CHECK_MS = 60_000
FIRST_LOOK_MS = 300  # once the window is drawn and the directory listed


class VeillePartage(QObject):
    state_changed = Signal(object)  # Etat
    synced = Signal(str)  # the French summary of a sync, or why it failed

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.last_state: Etat | None = None
        QTimer.singleShot(FIRST_LOOK_MS, self.update)

    def update(self) -> Etat:
        """Read the state again (folder reachable, what waits, last sync) and tell whoever listens."""
        from coordinateur.partage.sync import etat

        self.last_state = etat(self.store)
        self.state_changed.emit(self.last_state)
        return self.last_state

    def sync(self) -> str:
        from coordinateur.partage.sync import synchronise

        try:
            bilan = synchronise(self.store)
            message = bilan.resume() + "".join(f"\n{a}" for a in bilan.alertes + bilan.exports_refuses)
        except CoordinateurError as exc:
            message = exc.message
        self.update()
        self.synced.emit(message)
        return message

    def check(self) -> Etat:
        """On the timer: if the folder is there and something waits, sync; always refresh the state."""
        state = self.update()
        if state.connecte and state.en_attente:
            self.sync()
            return self.last_state or state
        return state
