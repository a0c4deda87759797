"""The main window: navigation between the screens that exist, status bar, remembered geometry."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from coordinateur import APP_NAME, __version__
from coordinateur.settings import Settings, enregistre_reglages, load_settings
from coordinateur.store import Store
from coordinateur.text import horodatage_fr, insecables
from ui.common.operation import (
    Operation,
    attend_avant_fermeture,
    attend_travaux,
    message_pour,
    run_in_background,
)
from ui.partage.veille import VeillePartage

if TYPE_CHECKING:
    from coordinateur.confiance.reouverture import Tache
    from ui.annuaire.screen import AnnuaireScreen

# Navigation entries. The directory is built at start, the others on first visit, so that opening the
# laptop goes straight to the directory. The watch on the shared folder starts with the window.
ECRANS = ("annuaire", "personnes", "reunions", "partage", "territoire", "indicateurs", "protection")
TITRES = {"annuaire": "Annuaire", "personnes": "Personnes", "reunions": "Réunions", "partage": "Partage",
          "territoire": "Territoire", "indicateurs": "Indicateurs", "protection": "Protection"}  # fmt: skip
BACKUP_MS = 30 * 60_000
ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel)


log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    annuaire: AnnuaireScreen  # built by `remplis`, like every screen on first visit

    def __init__(self, store: Store, settings: Settings, *, remplir: bool = True) -> None:
        """`remplir=False` at start-up: the window's frame (navigation, menus, status bar) is built and can be
        shown at once; `remplis` then builds the directory and the watch on the shared folder, a moment later."""
        super().__init__()
        self._rempli = False
        self.store = store
        self.settings = settings
        self.setWindowTitle(f"{APP_NAME} — {settings.territoire_nom or settings.structure_nom}")
        self.setMinimumSize(760, 480)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Écrans"))
        widest = max(self.navigation.fontMetrics().horizontalAdvance(t) for t in TITRES.values())
        self.navigation.setFixedWidth(
            max(widest + 48, 120)
        )  # no wider than its words: the screens need the room
        self.stack = QStackedWidget()
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.screens: list[QWidget | None] = [None for _name in ECRANS]
        for number, name in enumerate(ECRANS, start=1):
            item = QListWidgetItem(TITRES[name])
            item.setToolTip(self.tr("Ctrl+{n}").format(n=number))
            self.navigation.addItem(item)
            self.stack.addWidget(self._attente() if number == 1 else QWidget())
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, n=number - 1: self.show_screen(n))
            self.addAction(action)
        self.navigation.setCurrentRow(
            0
        )  # before the signal is connected: the directory is built by `remplis`
        self.navigation.currentRowChanged.connect(self._show_index)

        self._build_menus()
        self._build_status_bar()
        self.status_partage.setText(self.tr("Partage : …"))
        self._restore_geometry()
        self._watch_activation()
        from ui.common.presse_papiers import GardePressePapiers

        self.presse_papiers = GardePressePapiers(self)
        from ui.aide import AideDansLesDialogues

        self.aide_dialogues = AideDansLesDialogues(self)  # F1 in a modal dialog
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.aide_dialogues)
        self._setup_lock()
        self.tache: Tache | None = None  # work to run once the window has closed the store
        self._backup_running = False
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_MS)
        self.backup_timer.timeout.connect(self.automatic_backup)
        if remplir:
            self.remplis()

    def _attente(self) -> QLabel:
        waiting = QLabel(self.tr("Ouverture de l'annuaire…"))
        waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return waiting

    def remplis(self) -> None:
        """The directory (its index rebuilt first if an earlier version made it), the watch on the shared
        folder and the timers. Once; at start-up just after the window's frame is on the screen."""
        if self._rempli:
            return
        self._rempli = True
        from coordinateur.annuaire.index import a_jour

        a_jour(self.store)  # a directory indexed by an earlier version is rebuilt once, before it is searched
        self.veille = VeillePartage(self.store, self)
        self.veille.state_changed.connect(self.show_partage_state)
        self.veille.busy_changed.connect(self._show_sync_busy)
        self.screen_widget("annuaire")
        self._show_index(self.navigation.currentRow())
        self.backup_timer.start()
        QTimer.singleShot(1500, self, self.show_alerts)

    # -- construction ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        search = QAction(self.tr("&Rechercher"), self)
        search.setShortcut(QKeySequence.StandardKey.Find)
        search.triggered.connect(self._focus_search)
        file_menu.addAction(search)
        file_menu.addSeparator()
        self.lock_action = QAction(self.tr("&Verrouiller"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock if self.store.key is not None else self._cannot_lock)
        file_menu.addAction(self.lock_action)
        quit_action = QAction(self.tr("&Quitter"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Aide"))
        help_action = QAction(self.tr("&Aide de Coordinateur"), self)
        help_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        help_action.triggered.connect(lambda: self.show_help())
        help_menu.addAction(help_action)
        guide = QAction(self.tr("&Premiers pas"), self)
        guide.triggered.connect(lambda: self.show_help("guide"))
        help_menu.addAction(guide)
        help_menu.addSeparator()
        about = QAction(self.tr("À &propos de Coordinateur"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _coordinateur_change(self, name: str) -> None:
        self.settings.coordinateur_nom = name
        self.status_user.setText(" · ".join(p for p in (name, self.settings.structure_nom) if p))

    def _build_status_bar(self) -> None:
        who = " · ".join(p for p in (self.settings.coordinateur_nom, self.settings.structure_nom) if p)
        self.status_user = QLabel(who)
        from ui.common.ecran import LibelleAbrege

        # the folder's path shortened in its middle on a laptop screen; whole in the tooltip, with the device
        self.status_store = LibelleAbrege(self.tr("Données : {p}").format(p=self.store.paths.data))
        self.status_store.setToolTip(
            self.status_store.texte_complet
            + "\n"
            + self.tr("Appareil : {n}").format(n=self.store.device_name)
        )
        self.status_partage = QLabel()
        self.status_partage.setAccessibleName(self.tr("État du partage"))
        self.statusBar().addWidget(self.status_user)
        self.statusBar().addPermanentWidget(self.status_partage)
        self.statusBar().addPermanentWidget(self.status_store)

    def _show_sync_busy(self, busy: bool) -> None:
        if busy:
            self.status_partage.setText(self.tr("Partage : synchronisation…"))

    def show_partage_state(self, state: object) -> None:
        """Connected or not, what waits, when it last synced, the last error — never only a colour."""
        dossier = getattr(state, "dossier", "")
        if not dossier:
            self.status_partage.setText(self.tr("Partage : aucun dossier"))
            return
        text = (
            self.tr("Partage : hors ligne")
            if not getattr(state, "connecte", False)
            else self.tr("Partage : ⚠ non admis dans l'équipe")
            if getattr(state, "hors_equipe", "")
            else self.tr("Partage : connecté")
        )
        waiting = getattr(state, "en_attente", 0)
        if waiting:
            text += self.tr(" · {n} en attente").format(n=waiting)
        conflicts = getattr(state, "conflits", 0)
        if conflicts:
            text += self.tr(" · {n} conflit(s)").format(n=conflicts)
        if getattr(state, "horloge", ""):  # a wrong date: said from the start, the details in the tooltip
            text += self.tr(" · ⚠ date de l'ordinateur à vérifier")
        last = getattr(state, "derniere_synchro", None)
        self.status_partage.setText(text)
        said = [getattr(state, "hors_equipe", ""), *getattr(state, "erreur", "").splitlines()]
        said = [line for n, line in enumerate(said) if line and line not in said[:n]]  # each once
        self.status_partage.setToolTip(insecables(self.tr("Dernière synchronisation : {d}\n{e}").format(
            d=horodatage_fr(last or ""), e="\n".join(said))))  # fmt: skip

    def _watch_activation(self) -> None:
        """A second start on the same store touches the activation file; we come to the front."""
        path = self.store.paths.activation
        path.touch(exist_ok=True)
        self._activation = QFileSystemWatcher([str(path)], self)
        self._activation.fileChanged.connect(lambda _p: QTimer.singleShot(0, self, self.bring_to_front))

    def automatic_backup(self) -> Operation | None:
        """Every 30 minutes, if data changed: a verified backup, rotated, in the background (copying and
        checking a large store takes seconds), then copied to the second destination when it is plugged
        in. A failure is said in the status bar, never fatal; the next one runs whatever happened."""
        from coordinateur.confiance.sauvegarde import sauvegarde_auto, seconde_a_jour

        if self._backup_running:
            return None
        self._backup_running = True
        second = load_settings(self.store).sauvegarde_seconde  # fresh: chosen since the window opened?
        store = self.store

        def work(*, cancelled: Any = None, **_kw: object) -> tuple[object, str]:
            saved = sauvegarde_auto(store, cancelled=cancelled)  # stops if the window closes meanwhile
            try:
                note = seconde_a_jour(store, second)
            except Exception as exc:  # the backup is made; only the second copy failed
                log.warning("Seconde copie de la sauvegarde impossible", exc_info=exc)
                note = message_pour(exc)
            return saved, note

        def finished() -> None:
            self._backup_running = False

        return run_in_background(
            self, work, label=self.tr("Sauvegarde automatique…"), name=self.tr("Sauvegarde automatique"),
            on_success=self._backup_done, on_finished=finished, quiet=True,
        )  # fmt: skip

    def _backup_done(self, result: tuple[object, str]) -> None:
        saved, note = result
        date = getattr(saved, "date", None)
        parts = []
        if date is not None:
            parts.append(
                self.tr("Sauvegarde automatique faite ({h})").format(h=date.astimezone().strftime("%H:%M"))
            )
        if note:
            parts.append(note)
        if parts:
            self.statusBar().showMessage(" · ".join(parts), 10_000)

    def show_alerts(self) -> None:
        """Conventions to renew, said once in the status bar when the window opens."""
        from coordinateur.indicateurs.registres import echeances

        due = echeances(self.store)
        if due and not self.locked:
            self.statusBar().showMessage(self.tr("⚠ {n} à renouveler : voir Indicateurs › Conventions").format(
                n=f"{len(due)} convention" + ("s" if len(due) > 1 else "")), 30_000)  # fmt: skip

    # -- lock ----------------------------------------------------------------------------------------

    def _setup_lock(self) -> None:
        """Encrypted stores lock on Ctrl+L and after `verrouillage_minutes` without keyboard or mouse."""
        self.locked = False
        self._lock_page: QWidget | None = None
        self._lock_overlays: list[QWidget] = []
        if self.store.key is None:
            return
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(max(1, self.settings.verrouillage_minutes) * 60_000)
        self.idle.timeout.connect(self.lock)
        self.idle.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_lock_delay(self, minutes: int) -> None:
        if self.store.key is not None:
            self.idle.setInterval(max(1, minutes) * 60_000)
            self.idle.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and not self.locked:
            self.idle.start()
        return super().eventFilter(watched, event)

    def _cannot_lock(self) -> None:
        """Ctrl+L on a plain store: say why nothing happens, and what to do."""
        self.statusBar().showMessage(
            self.tr(
                "Ces données ne sont pas chiffrées : il n'y a pas de phrase de passe pour les verrouiller. "
                "Chiffrez-les dans Protection › Phrase de passe et verrouillage."
            ),
            15_000,
        )

    def lock(self) -> None:
        """Hide every screen (and every person's data) behind the passphrase, open dialogs included."""
        if self.locked or self.store.key is None:
            return
        from ui.verrou import VerrouWidget

        self.locked = True
        self.presse_papiers.vide()  # a copied identifier does not outlive the lock
        # An open dialog (a person's file being typed…) stays open with what was typed, covered by its
        # own lock: a modal dialog takes the keyboard, so the passphrase is typed there.
        self._lock_overlays = []
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                overlay = VerrouWidget(self.store, widget)
                overlay.setAutoFillBackground(True)
                overlay.setGeometry(widget.rect())
                overlay.show()
                overlay.raise_()
                overlay.unlock_button.clicked.connect(lambda _c=False, o=overlay: self._try_unlock(o))
                overlay.phrase.setFocus()
                self._lock_overlays.append(overlay)
        page = VerrouWidget(self.store)
        page.unlock_button.clicked.connect(lambda: self._try_unlock(page))
        self._lock_page = page
        self._central_before = self.takeCentralWidget()
        self.setCentralWidget(page)
        self.menuBar().setEnabled(False)
        for action in self.actions():  # Ctrl+1…7 and the like reach nothing behind the lock
            action.setEnabled(False)
        self.status_partage.hide()
        if not self._lock_overlays:
            page.phrase.setFocus()

    def _try_unlock(self, page: QWidget) -> None:
        from ui.verrou import VerrouWidget

        if not isinstance(page, VerrouWidget) or not page.check():
            return
        for overlay in self._lock_overlays:
            overlay.hide()
            overlay.deleteLater()
        self._lock_overlays = []
        self.takeCentralWidget()
        if self._lock_page is not None:
            self._lock_page.deleteLater()
        self._lock_page = None
        if self._central_before is not None:
            self.setCentralWidget(self._central_before)
        self.menuBar().setEnabled(True)
        for action in self.actions():
            action.setEnabled(True)
        self.status_partage.show()
        self.locked = False
        self.idle.start()

    # -- behaviour ---------------------------------------------------------------------------------

    def show_screen(self, index: int) -> None:
        if 0 <= index < len(self.screens):
            self.navigation.setCurrentRow(index)

    def show_screen_named(self, name: str) -> QWidget:
        self.show_screen(ECRANS.index(name))
        return self.screen_widget(name)

    def _show_index(self, index: int) -> None:
        if not self._rempli:  # a click on the navigation in the instant before the window is filled
            self.remplis()
            return
        if 0 <= index < len(self.screens):
            self.stack.setCurrentWidget(self.screen_widget(ECRANS[index]))

    def screen_widget(self, name: str) -> QWidget:
        """The screen called `name`, built on first use."""
        index = ECRANS.index(name)
        built = self.screens[index]
        if built is None:
            built = self._build_screen(name)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, built)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.screens[index] = built
            setattr(self, name, built)
        return built

    def _build_screen(self, name: str) -> QWidget:
        if name == "annuaire":
            from ui.annuaire.screen import AnnuaireScreen

            return AnnuaireScreen(self.store, self.settings)
        if name == "personnes":
            from ui.personnes.screen import PersonnesScreen

            return PersonnesScreen(self.store, self.settings)
        if name == "reunions":
            from ui.reunions.screen import ReunionsScreen

            return ReunionsScreen(self.store, self.settings)
        if name == "partage":
            from ui.partage.screen import PartageScreen

            partage = PartageScreen(self.store, self.settings, self.veille)
            partage.coordinateur_change.connect(self._coordinateur_change)
            return partage
        if name == "indicateurs":
            from ui.indicateurs.screen import IndicateursScreen

            return IndicateursScreen(self.store, self.settings)
        if name == "protection":
            from ui.confiance.screen import ConfianceScreen

            screen = ConfianceScreen(self.store, self.settings, self.close_and_run)
            screen.protection.delay_changed.connect(self.set_lock_delay)
            return screen
        from ui.territoire.screen import TerritoireScreen

        territoire = TerritoireScreen(self.settings)
        territoire.commune_choisie.connect(self.annuaire_de_la_commune)
        return territoire

    def annuaire_de_la_commune(self, code: str) -> None:
        """The directory, filtered on who works in this commune (from a double click in Territoire)."""
        self.show_screen_named("annuaire")
        self.annuaire.montre_commune(code)

    def _focus_search(self) -> None:
        focus = getattr(self.stack.currentWidget(), "focus_search", None)
        if focus is not None:
            focus()

    def bring_to_front(self) -> None:
        path = str(self.store.paths.activation)
        if path not in self._activation.files():
            self._activation.addPath(path)
        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        self.show()
        self.raise_()
        self.activateWindow()

    def show_help(self, section: str | None = None) -> QDialog:
        """F1: the help, at the section of the screen shown (or `section`); one window, kept open."""
        from ui.aide import SECTIONS, AideDialog

        if section is None:
            current = self.navigation.currentRow()
            section = SECTIONS.get(ECRANS[current], "") if 0 <= current < len(ECRANS) else ""
        dialog = getattr(self, "_aide", None)
        if dialog is None:
            dialog = AideDialog(section, self)
            self._aide = dialog
        else:
            dialog.montre(section)
        dialog.show()
        dialog.raise_()
        return dialog

    def show_about(self) -> None:
        from coordinateur.referentiels.cog import referentiel

        info = referentiel().info()
        QMessageBox.about(
            self,
            self.tr("À propos de Coordinateur"),
            self.tr(
                "<h3>Coordinateur {v}</h3><p>L'outil hors ligne des coordinateurs du maintien à domicile.</p>"
                "<p>Référentiel des communes : {s}.</p><p>Dossier des données : {d}</p>"
            ).format(v=__version__, s=info.get("source", "?"), d=self.store.paths.data),
        )

    def _restore_geometry(self) -> None:
        """The size left last time if it still fits this screen; otherwise the screen's size (maximised on a
        laptop screen, 1280×800 at most on a large one)."""
        from ui.common.ecran import CADRE_HAUTEUR, a_la_taille_de_l_ecran, petit_ecran, zone_disponible

        room = zone_disponible(self)
        restored = bool(self.settings.fenetre_geometrie) and self.restoreGeometry(
            QByteArray.fromBase64(self.settings.fenetre_geometrie.encode("ascii"))
        )
        fits = self.width() <= room.width() and self.height() <= room.height() - CADRE_HAUTEUR
        if not restored or not fits:
            a_la_taille_de_l_ecran(self, 1280, 800)
            if petit_ecran(self):
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        if self.settings.fenetre_etat:
            self.restoreState(QByteArray.fromBase64(self.settings.fenetre_etat.encode("ascii")))

    def save_geometry(self) -> None:
        enregistre_reglages(
            self.store,
            fenetre_geometrie=bytes(self.saveGeometry().toBase64().data()).decode("ascii"),
            fenetre_etat=bytes(self.saveState().toBase64().data()).decode("ascii"),
        )

    def close_and_run(self, tache: Tache) -> None:
        """Close the window, run `tache` on the closed store, and come back on the reopened store (in a new
        window: this one's timers stop now and it is deleted, so nothing touches the old store)."""
        self._stop_timers()
        # the store file is replaced once the window is closed: nothing may still be writing to it
        if not attend_travaux(self, self.tr("Fin des travaux en cours avant de fermer les données…")):
            QMessageBox.warning(self, APP_NAME, self.tr(
                "Un travail en arrière-plan ne se termine pas (un dossier de partage qui ne répond plus ?) : "
                "rien n'a été fait. Réessayez dans un moment."))  # fmt: skip
            self._start_timers()
            return
        self.tache = tache
        self.close()
        self.deleteLater()
        QApplication.quit()

    def _stop_timers(self) -> None:
        veille = getattr(self, "veille", None)  # none before `remplis`
        for timer in (self.backup_timer, veille.timer if veille else None, getattr(self, "idle", None)):
            if timer is not None:
                timer.stop()

    def _start_timers(self) -> None:
        veille = getattr(self, "veille", None)  # none before `remplis`
        for timer in (self.backup_timer, veille.timer if veille else None, getattr(self, "idle", None)):
            if timer is not None:
                timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        # a backup, an import, a sync under way finishes (and says how it went) before the store closes
        self._stop_timers()
        attend_avant_fermeture(self, self.tr("Fin des travaux en cours…"))  # told to stop, then asked
        self.save_geometry()
        super().closeEvent(event)
