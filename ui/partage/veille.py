"""The watch on the shared folder: a timer that syncs when the folder is there and something waits.

It lives in the main window from the start (the status bar shows its state), while the Partage screen is
built only when the coordinator opens it. Its first look at the folder comes just after the window is
shown, so that a slow network share never delays the window; every look at the folder and every sync runs
on a worker thread, so that a slow or hung share (or a thousand exports to push) never freezes it either.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from coordinateur.errors import CoordinateurError
from coordinateur.store import Store
from ui.common.operation import Travail

if TYPE_CHECKING:
    from coordinateur.partage.tableau import Etat

CHECK_MS = 60_000
FIRST_LOOK_MS = 300  # once the window is drawn and the directory listed


class VeillePartage(QObject):
    state_changed = Signal(object)  # Etat
    synced = Signal(str)  # the French summary of a sync, or why it failed
    busy_changed = Signal(bool)  # a sync started (True) or ended (False)
    _syncing = Signal()  # from the worker thread: the folder is there and something waits
    _finished = Signal(object, object)  # from the worker thread: (message or None, Etat)
    _crashed = Signal(object)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.last_state: Etat | None = None
        self._thread: Travail | None = None
        self._synchronising = False
        self._sync_asked = False
        self._forced = False
        self._last_crash = ""  # the unexpected error already shown: the timer never shows it again
        self._syncing.connect(self._sync_started, Qt.ConnectionType.QueuedConnection)
        self._finished.connect(self._after, Qt.ConnectionType.QueuedConnection)
        self._crashed.connect(self._after_crash, Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(FIRST_LOOK_MS, self, self.check)

    @property
    def busy(self) -> bool:
        """A sync is under way."""
        return self._synchronising

    def update(self) -> Etat:
        """Read the state now, on this thread (the screens' first display), and tell whoever listens."""
        from coordinateur.partage.tableau import etat

        self.last_state = etat(self.store)
        self.state_changed.emit(self.last_state)
        return self.last_state

    def check(self) -> bool:
        """On the timer: look at the folder on a worker thread (a hung network share must not freeze the
        window) and sync if it is there and something waits to be sent or to be received. False when a look is already under way."""
        return self._start(force=False)

    def sync(self) -> bool:
        """Sync now on a worker thread (after the look at the folder under way, if any: then False).
        `synced` gives the result, `busy_changed` frames it."""
        return self._start(force=True)

    def _start(self, *, force: bool) -> bool:
        if self._thread is not None:
            self._sync_asked = self._sync_asked or (force and not self._synchronising)  # after this look
            return False
        from coordinateur.partage.sync import synchronise
        from coordinateur.partage.tableau import etat

        store = self.store

        def work() -> None:
            try:
                message = None
                state = None if force else etat(store)
                if force or (state is not None and state.connecte and (state.en_attente or state.nouveau)):
                    if not force:
                        self._syncing.emit()
                    try:
                        bilan = synchronise(store, arret=travail.arret.is_set)  # the window closes
                    except CoordinateurError as exc:
                        message = exc.message
                    else:
                        message = bilan.resume() + "".join(
                            f"\n{a}" for a in bilan.alertes + bilan.exports_refuses
                        )
                    state = etat(store)
            except BaseException as exc:  # a bug: the crash dialog, on the GUI thread
                self._crashed.emit(exc)
            else:
                self._finished.emit(message, state)

        self._forced = force
        # known to the window, which waits for it to close (and tells it to stop: the next sync goes on)
        travail = Travail(work, name="partage", reprenable=True)
        self._thread = travail
        if force:
            self._sync_started()
        self._thread.start()
        return True

    def _sync_started(self) -> None:
        self._synchronising = True
        self.busy_changed.emit(True)

    def wait(self, timeout: float = 120) -> None:
        """Let a look or a sync under way finish (before the store closes)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _ended(self) -> bool:
        self.wait()
        self._thread = None
        synchronised, self._synchronising = self._synchronising, False
        if synchronised:
            self.busy_changed.emit(False)
        return synchronised

    def _after(self, message: str | None, state: Etat) -> None:
        synchronised = self._ended()
        self._last_crash = ""
        self.last_state = state
        self.state_changed.emit(state)
        if synchronised and message is not None:
            self.synced.emit(message)
        if self._sync_asked:  # "Synchroniser maintenant" came during a look at the folder
            self._sync_asked = False
            self.sync()

    def _after_crash(self, exc: BaseException) -> None:
        """A bug: the crash dialog once; the same error coming back on the minute timer is only said in the
        state line (a crash dialog every minute would make the window unusable)."""
        synchronised = self._ended()
        key = f"{type(exc).__name__}: {exc}"
        if key == self._last_crash and not self._forced:
            if synchronised:
                self.synced.emit(self.tr("Erreur inattendue pendant la synchronisation (déjà signalée)."))
            return
        self._last_crash = key
        sys.excepthook(type(exc), exc, exc.__traceback__)
