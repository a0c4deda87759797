"""One background-operation helper: the core function runs on a worker thread with `on_progress` and
`cancelled` callbacks; success and failure come back on the GUI thread; a progress dialog appears only
if the work lasts more than ~600 ms; a core error (French message) opens a warning, anything else the
crash dialog."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from coordinateur.errors import CoordinateurError

PROGRESS_DELAY_MS = 600


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.cancel = cancel

    def run(self) -> None:
        try:
            result = self.fn(on_progress=self.signals.progress.emit, cancelled=self.cancel.is_set)
        except BaseException as exc:  # everything goes back to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Operation(QObject):
    """Run `fn(on_progress=…, cancelled=…)` off the GUI thread. Keep a reference until `finished`."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        fn: Callable[..., Any],
        *,
        label: str,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        cancellable: bool = True,
        quiet: bool = False,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._label = label
        self._on_success = on_success
        self._on_failure = on_failure
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
        self._job = _Job(fn, self._signals, self._cancel)

    def start(self) -> Operation:
        self.running = True
        self._timer.start(PROGRESS_DELAY_MS)
        QThreadPool.globalInstance().start(self._job)
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def _show_dialog(self) -> None:
        if not self.running or self._quiet:
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
        self.running = False
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _done(self, result: Any) -> None:
        self._close()
        if self._on_success:
            self._on_success(result)
        self.finished.emit()

    def _failed(self, exc: BaseException) -> None:
        self._close()
        if self._on_failure:
            self._on_failure(exc)
        elif isinstance(exc, CoordinateurError):
            QMessageBox.warning(self._parent, self.tr("Coordinateur"), exc.message)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        self.finished.emit()


def run_in_background(parent: QWidget, fn: Callable[..., Any], *, label: str, **kwargs: Any) -> Operation:
    operation = Operation(parent, fn, label=label, **kwargs)
    operations: list[Operation] = parent.__dict__.setdefault("_operations", [])
    operations.append(operation)
    operation.finished.connect(lambda: operations.remove(operation) if operation in operations else None)
    return operation.start()
