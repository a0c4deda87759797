"""The watch on the shared folder: a timer that syncs when the folder is there and something waits.

It lives in the main window from the start (the status bar shows its state), while the Partage screen is
built only when the coordinator opens it. Its first look at the folder comes just after the window is
shown, so that a slow network share never delays the window; a sync runs on a worker thread, so that
a slow share (or a thousand exports to push) never freezes it either.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from coordinateur.errors import CoordinateurError
from coordinateur.store import Store

if TYPE_CHECKING:
    from coordinateur.partage.sync import Etat

CHECK_MS = 60_000
FIRST_LOOK_MS = 300  # once the window is drawn and the directory listed


class VeillePartage(QObject):
    state_changed = Signal(object)  # Etat
    synced = Signal(str)  # the French summary of a sync, or why it failed
    busy_changed = Signal(bool)  # a sync started (True) or ended (False)
    _finished = Signal(str)  # from the worker thread
    _crashed = Signal(object)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.last_state: Etat | None = None
        self._thread: threading.Thread | None = None
        self._finished.connect(self._after_sync, Qt.ConnectionType.QueuedConnection)
        self._crashed.connect(self._after_crash, Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(FIRST_LOOK_MS, self.update)

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def update(self) -> Etat:
        """Read the state again (folder reachable, what waits, last sync) and tell whoever listens."""
        from coordinateur.partage.sync import etat

        self.last_state = etat(self.store)
        self.state_changed.emit(self.last_state)
        return self.last_state

    def sync(self) -> bool:
        """Start a sync on a worker thread; False when one is already under way. `synced` gives the
        result, `busy_changed` frames it."""
        if self._thread is not None:
            return False
        from coordinateur.partage.sync import synchronise

        store = self.store

        def work() -> None:
            try:
                bilan = synchronise(store)
            except CoordinateurError as exc:
                self._finished.emit(exc.message)
            except BaseException as exc:  # a bug: the crash dialog, on the GUI thread
                self._crashed.emit(exc)
            else:
                self._finished.emit(
                    bilan.resume() + "".join(f"\n{a}" for a in bilan.alertes + bilan.exports_refuses)
                )

        self._thread = threading.Thread(target=work, name="partage", daemon=True)
        self.busy_changed.emit(True)
        self._thread.start()
        return True

    def wait(self, timeout: float = 120) -> None:
        """Let a sync under way finish (before the store closes)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _ended(self) -> None:
        self.wait()
        self._thread = None
        self.update()
        self.busy_changed.emit(False)

    def _after_sync(self, message: str) -> None:
        self._ended()
        self.synced.emit(message)

    def _after_crash(self, exc: BaseException) -> None:
        self._ended()
        sys.excepthook(type(exc), exc, exc.__traceback__)

    def check(self) -> Etat:
        """On the timer: if the folder is there and something waits, sync; always refresh the state."""
        state = self.update()
        if state.connecte and state.en_attente:
            self.sync()
        return state
