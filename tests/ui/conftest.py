"""The screens' tests: an unexpected error fails the test that raised it, instead of waiting on the modal
crash dialog that the application shows a coordinator (`ui.crash`), which would hang the whole run."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_crash_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """`ui.app.run` keeps pytest-qt's exception hook, which records the error and fails the test."""
    from ui import app

    monkeypatch.setattr(app, "install_crash_handler", lambda _log_file: None)
