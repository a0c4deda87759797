"""The main window of a demo store at a laptop's size, for the scripts that drive it (captures.py,
parcours.py): imported once they have put the project on sys.path."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def ouvre(data_dir: str, out_dir: str) -> tuple[Any, Any, Any, Path]:
    """The application, the store, the shown main window (1366×738: a 1366×768 laptop less its task bar)
    and the output folder, created."""
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.paths import resolve_paths
    from ui.app import make_application, open_main_window

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    app.setQuitOnLastWindowClosed(False)
    store = open_store(resolve_paths(data_dir), kind="fenetre")
    window = open_main_window(store)
    assert window is not None
    window.resize(1366, 738)
    window.show()
    return app, store, window, out
