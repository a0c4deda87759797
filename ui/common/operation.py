"""The one way the window runs work in the background.

`Travail` is a piece of work on its own thread, known to a registry until it ends; `Operation` runs a
core function through a `Travail` with `on_progress` and `cancelled` callbacks and brings its result or
its failure back on the GUI thread. Whatever the work raises is caught: it is written to the log and said
in French in the window's status bar; a core error (French message) opens a warning, anything else the
crash dialog (a quiet operation says it only in the status bar). The busy state is cleared whatever
happens (`on_finished` runs after success, failure, or a callback that raised). A progress dialog appears
only if the work lasts more than ~600 ms. `attend_travaux` waits for every piece of work under way (with a
progress dialog): the window calls it before it closes the store and before a restore replaces the file.

Each piece of work has a thread of its own rather than a slot in Qt's global pool: the pool has one thread
per core, and a sync held by a hung network share must not keep a backup or an import waiting.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QProgressDialog, QWidget

from coordinateur.errors import CoordinateurError, erreur_connue

PROGRESS_DELAY_MS = 600
ATTENTE_MAX_S = 120.0  # how long closing the window waits for work under way (a hung share)
ARRET_MAX_S = 10.0  # then how long work told to stop is given to do so, before the coordinator is asked
STATUS_MS = 15_000

log = logging.getLogger("coordinateur.travaux")

_lock = threading.Lock()
_travaux: set[Travail] = set()  # threads under way (any thread adds, the thread itself removes)
_operations: set[Operation] = set()  # operations whose result has not yet reached the GUI thread


def message_pour(exc: BaseException) -> str:
    """A French sentence for a failure of background work; the details go to the log, never to the screen."""
    if isinstance(exc, CoordinateurError):
        return exc.message
    return erreur_connue(exc) or "erreur inattendue (les détails sont dans le journal)"


def attendu(exc: BaseException) -> bool:
    """A failure the program expects (a refusal, a full disk, a busy database) rather than a bug."""
    return isinstance(exc, CoordinateurError) or erreur_connue(exc) is not None


class Travail:
    """`fn()` on a thread of its own, registered from `start` until it returns or raises. What it raises
    is logged (the caller's own signals say it on screen)."""

    def __init__(self, fn: Callable[[], None], *, name: str, reprenable: bool = False) -> None:
        self.name = name
        # takes up again where it stopped (a sync): told to stop as soon as the window closes
        self.reprenable = reprenable
        self._fn = fn
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.arret = threading.Event()  # set when the window closes: work that can stop looks at it

    def start(self) -> Travail:
        with _lock:
            _travaux.add(self)
        try:
            self._thread.start()
        except BaseException:  # no thread (the system refused one): not left registered
            with _lock:
                _travaux.discard(self)
            raise
        return self

    def _run(self) -> None:
        try:
            self._fn()
        except BaseException:
            log.exception("Travail en arrière-plan « %s » interrompu", self.name)
        finally:
            with _lock:
                _travaux.discard(self)

    def join(self, timeout: float | None = None) -> None:
        if self._thread.ident is not None:
            self._thread.join(timeout)

    def is_alive(self) -> bool:
        return self._thread.is_alive()


def demande_arret() -> list[str]:
    """Tell every piece of work under way to stop (an operation's `cancelled()` says True from now on; a
    bare `Travail` has its `arret` set); returns their names."""
    with _lock:
        travaux = list(_travaux)
    for operation in list(_operations):
        operation.cancel()
    for travail in travaux:
        travail.arret.set()
    return sorted({t.name for t in travaux} | {o.name for o in _operations if o.running})


def threads_en_cours() -> list[str]:
    """The names of the threads of work still running (results not yet handed over are not counted)."""
    with _lock:
        return sorted(t.name for t in _travaux)


def en_cours() -> int:
    """How many pieces of work are under way (threads running, or results not yet handed over)."""
    with _lock:
        threads = len(_travaux)
    return threads + len(_operations)


def attend_travaux(parent: QWidget | None, label: str, *, timeout: float | None = None) -> bool:
    """Wait until every piece of work has ended and its result has reached the GUI thread, with a progress
    dialog (no cancel button) once the wait lasts. The keyboard and the mouse are ignored meanwhile. False
    when work is still under way after `timeout` seconds (default ATTENTE_MAX_S).

    Events are processed by hand rather than in a nested event loop: a nested loop would also carry out
    the deletions asked before it started (`deleteLater`), the closing window's own among them."""
    if not en_cours():
        return True
    start = time.monotonic()
    limit = start + (ATTENTE_MAX_S if timeout is None else timeout)
    dialog: QProgressDialog | None = None
    ticks = QTimer()  # wakes the wait below at least every 20 ms
    ticks.start(20)
    flags = (
        QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    )
    try:
        while en_cours() and time.monotonic() < limit:
            if dialog is None and time.monotonic() - start >= PROGRESS_DELAY_MS / 1000:
                dialog = QProgressDialog(label, "", 0, 0, parent)
                dialog.setWindowTitle(QApplication.translate("Operation", "Coordinateur"))
                dialog.setCancelButton(None)
                dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
                dialog.setMinimumDuration(0)
                dialog.show()
            QApplication.processEvents(flags)
    finally:
        ticks.stop()
        if dialog is not None:
            dialog.reset()
            dialog.close()
            dialog.deleteLater()
    left = en_cours()
    if left:
        log.warning("%d travail(s) en arrière-plan encore en cours après l'attente", left)
    return not left


def attend_avant_fermeture(parent: QWidget | None, label: str) -> bool:
    """Before the store closes at the end of the session. Work that takes up again where it stopped (a
    sync) is told to stop at once; other work under way is waited for (ATTENTE_MAX_S);
    if it outlives the wait it is told to stop and given ARRET_MAX_S more; if it still runs, the
    coordinator is told so in French and chooses to wait again or to close now. True when no work is
    left; False when the coordinator closes with work still running: the store must then be left open to
    it (`ferme_quand_libre`), and what the end of the process cuts is what a crash would (the store's
    journal keeps it whole; an unfinished backup copy is removed at the next start)."""
    with _lock:
        reprenables = [t for t in _travaux if t.reprenable]
    for travail in reprenables:  # a sync goes on at the next one: no reason to keep the coordinator waiting
        travail.arret.set()
    while True:
        if attend_travaux(parent, label):
            return True
        names = demande_arret()
        log.warning("Fermeture : arrêt demandé aux travaux encore en cours (%s)", ", ".join(names))
        if attend_travaux(parent, QApplication.translate("Operation", "Arrêt des travaux en cours…"),
                          timeout=ARRET_MAX_S):  # fmt: skip
            return True
        left = ", ".join(threads_en_cours() or names) or "?"
        box = QMessageBox(
            QMessageBox.Icon.Warning, QApplication.translate("Operation", "Coordinateur"),
            QApplication.translate("Operation",
                "Un travail en arrière-plan ne s'est pas terminé ({t}), même après lui avoir demandé de "
                "s'arrêter (un dossier de partage qui ne répond plus ?).\n\n"
                "Vous pouvez attendre encore, ou fermer maintenant : il sera alors interrompu comme par une "
                "coupure de courant. Vos données restent intactes (la dernière modification en cours est "
                "annulée, une sauvegarde inachevée est effacée au prochain démarrage).").format(t=left),
            QMessageBox.StandardButton.NoButton, parent if _vivant(parent) else None,
        )  # fmt: skip
        wait = box.addButton(
            QApplication.translate("Operation", "&Attendre encore"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(
            QApplication.translate("Operation", "&Fermer maintenant"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.setDefaultButton(wait)
        box.exec()
        if box.clickedButton() is wait:
            continue
        log.warning("Fermeture sans attendre la fin de : %s", left)
        return False


def ferme_quand_libre(store: Any) -> bool:
    """Close `store` unless a piece of work still runs (the coordinator chose to close without waiting):
    it is then left open to that work until the process ends, which releases the lock. True when closed."""
    left = threads_en_cours()
    if left:
        log.warning("Base laissée ouverte à la fin : travail encore en cours (%s)", ", ".join(left))
        return False
    store.close()
    return True


def _vivant(widget: QWidget | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


def barre_d_etat(widget: QWidget | None) -> QMainWindow | None:
    """The main window whose status bar speaks for `widget` (a dialog's own window is not one)."""
    if _vivant(widget):
        assert widget is not None
        top = widget.window()
        if isinstance(top, QMainWindow):
            return top
    for candidate in QApplication.topLevelWidgets():
        if isinstance(candidate, QMainWindow) and candidate.isVisible():
            return candidate
    return None


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class Operation(QObject):
    """Run `fn(on_progress=…, cancelled=…)` off the GUI thread; `finished` once everything is handed over.

    `name` says what the work is in the status bar when it fails (« {name} impossible : disque plein »);
    it defaults to `label` without its ellipsis. `on_failure` replaces the dialog a failure opens (the log
    and the status bar still say it); `quiet` opens none and shows no progress dialog."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        fn: Callable[..., Any],
        *,
        label: str,
        name: str | None = None,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        cancellable: bool = True,
        quiet: bool = False,
    ) -> None:
        super().__init__()  # no Qt parent: a dialog closed meanwhile does not take the operation with it
        self._parent = parent
        self._label = label
        self.name = name or label.rstrip("… .")
        self._fn = fn
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_finished = on_finished
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._signals.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self._signals.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._dialog: QProgressDialog | None = None
        self._last = (0, 0)
        self._cancellable = cancellable
        self._quiet = quiet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self.running = False

    def start(self) -> Operation:
        self.running = True
        _operations.add(self)
        self._timer.start(PROGRESS_DELAY_MS)
        try:
            Travail(self._work, name=self.name).start()
        except BaseException as exc:
            self._failed(exc)
        return self

    def _work(self) -> None:
        try:
            result = self._fn(on_progress=self._signals.progress.emit, cancelled=self._cancel.is_set)
        except BaseException as exc:  # everything goes back to the GUI thread
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)

    def cancel(self) -> None:
        self._cancel.set()

    def _show_dialog(self) -> None:
        if not self.running or self._quiet or not _vivant(self._parent):
            return
        dialog = QProgressDialog(
            self._label, self.tr("Annuler") if self._cancellable else "", 0, 0, self._parent
        )
        dialog.setWindowTitle(self.tr("Coordinateur"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        if not self._cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog
        self._progress(*self._last)
        dialog.show()

    def _progress(self, done: int, total: int) -> None:
        self._last = (done, total)
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 0))
            self._dialog.setValue(min(done, total) if total else 0)

    def _close(self) -> None:
        self._timer.stop()
        if self._dialog is not None:
            if shiboken6.isValid(self._dialog):
                self._dialog.reset()
                self._dialog.close()
                self._dialog.deleteLater()
            self._dialog = None

    def _done(self, result: Any) -> None:
        self._close()
        try:
            if self._on_success and _vivant(self._parent):
                self._on_success(result)
        except BaseException as exc:  # a bug in what shows the result: said like a failure of the work
            self._report(exc, dialog=True)
        finally:
            self._end()

    def _failed(self, exc: BaseException) -> None:
        self._close()
        try:
            self._report(exc, dialog=self._on_failure is None)
            if self._on_failure is not None and _vivant(self._parent):
                self._on_failure(exc)
        except BaseException as again:
            log.error("Échec pendant le signalement d'un échec (%s)", self.name, exc_info=again)
        finally:
            self._end()

    def _report(self, exc: BaseException, *, dialog: bool) -> None:
        """The log, the status bar, and (unless quiet or the caller shows it) a dialog."""
        message = message_pour(exc)
        if attendu(exc):
            log.warning("%s impossible : %s", self.name, message)
        else:
            log.error("%s impossible", self.name, exc_info=exc)
        window = barre_d_etat(self._parent)
        if window is not None:
            window.statusBar().showMessage(
                self.tr("{n} impossible : {m}").format(n=self.name, m=message), STATUS_MS
            )
        if not dialog or self._quiet:
            return
        if attendu(exc):
            parent = self._parent if _vivant(self._parent) else None
            QMessageBox.warning(parent, self.tr("Coordinateur"), message)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def _end(self) -> None:
        self.running = False
        _operations.discard(self)
        try:
            if self._on_finished is not None:
                self._on_finished()
        except BaseException as exc:
            log.error("Échec à la fin d'un travail en arrière-plan (%s)", self.name, exc_info=exc)
        self.finished.emit()


def run_in_background(parent: QWidget, fn: Callable[..., Any], *, label: str, **kwargs: Any) -> Operation:
    return Operation(parent, fn, label=label, **kwargs).start()
