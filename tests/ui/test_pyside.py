"""The Qt binding keeps Python's own books: PySide6 6.12.0 dropped a reference to None at every call that
returns nothing, and on Python 3.11 (where None is not immortal) the window died with "Fatal Python error:
deallocating None" once some 40,000 such calls had been made (a window holds about 48,000 references to
None once started)."""

from __future__ import annotations

import sys

from pytestqt.qtbot import QtBot

APPELS = 500  # four kinds of call: a small process holds about 5,000 references to None


def test_calls_that_return_nothing_keep_none_alive(qtbot: QtBot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    label = QLabel()
    qtbot.addWidget(label)
    calls = {
        "QLabel.setText": lambda: label.setText("Saint-Geniez-d'Olt-et-d'Aubrac"),
        "QWidget.update": label.update,
        "QApplication.processEvents": QApplication.processEvents,
        "QTimer.singleShot": lambda: QTimer.singleShot(0, label, label.update),
    }
    lost = {}
    for name, call in calls.items():
        before = sys.getrefcount(None)
        for _ in range(APPELS):
            call()
        lost[name] = before - sys.getrefcount(None)
    qtbot.wait(10)  # the queued timers run and go
    assert all(n < APPELS // 2 for n in lost.values()), lost
