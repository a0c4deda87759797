"""Application start: QApplication, French translations, crash handler, store, first run, main window."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from coordinateur import APP_NAME, __version__
from coordinateur.errors import EXIT_OK, CoordinateurError, StoreLockedError
from coordinateur.logs import LOG_FILENAME
from coordinateur.paths import Paths
from resources import resource_path
from ui.crash import install_crash_handler

if TYPE_CHECKING:
    from coordinateur.confiance.reouverture import Tache
    from coordinateur.store import Store
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("coordinateur")
    icon = resource_path("icons", "coordinateur.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_french(app)
    from ui.common.style import installe_style

    installe_style(app)
    return app


def install_french(app: QApplication) -> None:
    """French for Qt's own dialogs and buttons (qtbase_fr), and French number/date formats."""
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    if getattr(app, "_coordinateur_translators", None):
        return
    translators = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_fr", "qt_fr"):
        translator = QTranslator(app)
        if translator.load(name, folder) or translator.load(name, str(resource_path("translations"))):
            app.installTranslator(translator)
            translators.append(translator)
    own = QTranslator(
        app
    )  # the interface's own messages (resources/translations, see packaging/traductions.py)
    if own.load("coordinateur_fr", str(resource_path("translations"))):
        app.installTranslator(own)
        translators.append(own)
    app._coordinateur_translators = translators  # type: ignore[attr-defined]


def _announce_to_running_window(paths: Paths) -> None:
    try:
        paths.activation.write_text(datetime.now(UTC).isoformat(), encoding="utf-8")
    except OSError:
        log.warning("Impossible de prévenir la fenêtre déjà ouverte", exc_info=True)


def open_main_window(
    store: Store, *, apres_bienvenue: bool = False, remplir: bool = True
) -> MainWindow | None:
    """First-run assistant if needed, then the main window. None when the user quits the assistant.
    `apres_bienvenue`: the welcome and the passphrase were just shown; the assistant is their second step.
    `remplir=False`: only the window's frame; the caller shows it, then calls `remplis` (see `run`)."""
    from coordinateur.settings import load_settings
    from ui.main_window import MainWindow

    settings = load_settings(store)
    first_start = not settings.premier_demarrage_fait
    if first_start:
        from ui.first_run import FirstRunDialog

        dialog = FirstRunDialog(store, suite=apres_bienvenue)
        if not dialog.exec() or dialog.settings is None:
            return None
        settings = dialog.settings
    if settings.coordinateur_nom:
        store.user = settings.coordinateur_nom
    window = MainWindow(store, settings, remplir=remplir)
    if first_start:  # the guide "Premiers pas" beside the window, once
        QTimer.singleShot(400, window, lambda: window.show_help("guide"))
    return window


def _open_for_window(paths: Paths, phrase: str | None) -> tuple[Store | None, str | None]:
    """The store, asking for the passphrase when it is encrypted, and for a new one when there is no store
    yet (encryption is on by default). Returns (None, None) when the user cancels; the recovery key when
    this start created the keys.

    A dialog is shown before the engine is loaded (see `cli._run_gui`): SQLAlchemy and the core modules of
    the window are imported a moment after it is on the screen, while the passphrase is typed."""
    from coordinateur.confiance import chiffrement

    if phrase is not None or not chiffrement.est_chiffre(paths.data):
        from coordinateur.confiance.ouverture import open_store
        from coordinateur.store.schema import existing_revision

        if phrase is not None or existing_revision(paths.store):
            store = open_store(paths, kind="fenetre", phrase=phrase)
            return store, store.recovery_key
    from ui.verrou import CreationDialog, DeverrouillageDialog

    paths.ensure()
    dialog = DeverrouillageDialog(paths) if chiffrement.est_chiffre(paths.data) else CreationDialog(paths)
    QTimer.singleShot(PRECHARGE_MS, _precharge)
    if not dialog.exec() or dialog.store is None:
        return None, None
    return dialog.store, dialog.store.recovery_key


PRECHARGE_MS = 150  # the dialog painted first; then the engine loads while the passphrase is typed


def _precharge() -> None:
    import importlib

    from coordinateur.cli import GUI_CORE_MODULES

    for module in GUI_CORE_MODULES:
        importlib.import_module(module)


def run(paths: Paths, *, phrase: str | None = None, quit_after_show: bool = False) -> int:
    app = make_application()
    install_crash_handler(paths.logs / LOG_FILENAME)
    try:
        opened, recovery = _open_for_window(paths, phrase)
        if opened is None:
            return EXIT_OK
        store = opened
    except StoreLockedError as exc:
        if exc.holder.get("type") == "fenetre":
            _announce_to_running_window(paths)
            print(exc.message, file=sys.stderr)
            return exc.exit_code
        QMessageBox.warning(None, APP_NAME, exc.message)
        return exc.exit_code
    except CoordinateurError as exc:
        print(exc.message, file=sys.stderr)
        if phrase is None:  # a passphrase given by file or environment is an unattended start: no dialog
            QMessageBox.critical(None, APP_NAME, exc.message)
        return exc.exit_code
    created = phrase is None and recovery is not None  # the welcome and passphrase dialog was shown
    try:
        while True:
            if recovery:
                from ui.verrou import CleSecoursDialog

                CleSecoursDialog(recovery, paths).exec()
            window = open_main_window(store, apres_bienvenue=created, remplir=False)
            created = False
            if window is None:
                return EXIT_OK
            # The frame first (navigation, menus, status bar: what the person sees at once), painted before
            # anything else runs; then the directory fills it, a moment later.
            window.show()
            app.processEvents()
            QTimer.singleShot(0, window, window.remplis)
            if quit_after_show:

                def report(shown: MainWindow = window) -> None:  # after `remplis`: timers run in order
                    print("fenetre-affichee", flush=True)
                    shown.close()
                    app.quit()

                QTimer.singleShot(0, window, report)
            code = app.exec()
            if window.tache is None:
                return code
            store, recovery = _reopen(store, window.tache)
    finally:
        from ui.common.operation import ferme_quand_libre

        ferme_quand_libre(store)  # not under work the coordinator chose not to wait for


def _reopen(store: Store, tache: Tache) -> tuple[Store, str | None]:
    """Run work that needs the store closed (restore, encryption), then reopen; say how it went."""
    from coordinateur.confiance.reouverture import ferme_et_rouvre

    store, done, error = ferme_et_rouvre(store, tache)
    if error:
        QMessageBox.warning(None, APP_NAME, error)
    elif done is not None and done.message:
        QMessageBox.information(None, APP_NAME, done.message)
    return store, done.recovery if done is not None else None
