"""The Partage screen: choose a folder, sync, see a conflict side by side and restore the other value."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import enregistre, lit
from coordinateur.confiance.ouverture import open_store
from coordinateur.partage.sync import synchronise
from coordinateur.paths import resolve_paths
from coordinateur.settings import enregistre_reglages, load_settings
from coordinateur.store import Store
from coordinateur.text import insecables
from tests.coordinateur.partage.outils import en_equipe
from ui.partage.screen import PartageScreen


def test_choose_folder_sync_and_restore_a_conflict(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    shared = tmp_path / "cle-usb"
    shared.mkdir()
    screen = PartageScreen(store, load_settings(store))
    qtbot.addWidget(screen)
    record_id = enregistre(
        store, FicheIntervenant(nom="Cayla", profession_code="60", commune_code="12119")
    ).id
    assert "aucun dossier de partage" in screen.status.text() and "non connecté" not in screen.status.text()
    with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
        screen.set_folder(shared)
        assert screen.veille.busy and not screen.sync_button.isEnabled()  # on a worker thread
        assert "Synchronisation en cours" in screen.status.text()
    assert load_settings(store).partage_dossier == str(shared) and screen.sync_button.isEnabled()
    assert "connecté" in screen.status.text() and "1 modification(s) envoyée(s)" in screen.status.text()

    with open_store(resolve_paths(tmp_path / "collegue")) as other:
        other.rename_device("Portable d'Hervé Cayla-d'Olt")
        en_equipe(shared, store, other)
        synchronise(other, shared)
        theirs = lit(other, record_id)
        theirs.email = "collegue@example.fr"
        enregistre(other, theirs)
        mine = lit(store, record_id)
        mine.email = "moi@example.fr"
        enregistre(store, mine)
        synchronise(other, shared)
    with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
        qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    assert screen.conflicts.rowCount() == 1
    kept, lost = screen.conflicts.item(0, 2).text(), screen.conflicts.item(0, 3).text()
    assert {kept, lost} == {"moi@example.fr", "collegue@example.fr"}
    assert lit(store, record_id).email == kept
    # who typed each value, and when, in its tooltip
    by = {screen.conflicts.item(0, c).text(): screen.conflicts.item(0, c).toolTip() for c in (2, 3)}
    assert "Saisie par cet ordinateur, le " in by["moi@example.fr"]
    assert "Saisie par «\u00a0Portable d'Hervé Cayla-d'Olt\u00a0», le " in by["collegue@example.fr"]
    screen.conflicts.selectRow(0)
    qtbot.mouseClick(screen.restore_button, Qt.MouseButton.LeftButton)
    assert lit(store, record_id).email == lost and screen.conflicts.rowCount() == 0


def screen_on_a_new_nas_folder(qtbot: QtBot, store: Store, tmp_path: Path) -> tuple[PartageScreen, Path]:
    screen = PartageScreen(store, load_settings(store))
    qtbot.addWidget(screen)
    shared = tmp_path / "nas"
    shared.mkdir()
    with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
        screen.set_folder(shared)
    return screen, shared


def test_missing_folder_says_offline_and_nothing_is_lost(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    screen, shared = screen_on_a_new_nas_folder(qtbot, store, tmp_path)
    shared.rename(tmp_path / "nas-debranche")
    enregistre(store, FicheIntervenant(nom="Vernhes", profession_code="10"))
    with qtbot.waitSignal(screen.veille.state_changed, timeout=30_000) as looked:
        screen.check()  # on a worker thread: a hung network share does not freeze the window
    state = looked.args[0]
    assert not state.connecte and state.en_attente == 1
    assert "non connecté" in screen.status.text() and "rien n'est perdu" in screen.status.text()


def test_a_long_line_of_the_history_reads_whole(qtbot: QtBot, store: Store) -> None:
    """A sync's line with a restore's notice is longer than the list is wide: it wraps, and its tooltip
    gives it whole."""
    line = ("30/11/2026 07:00 — 0 modification(s) envoyée(s), 6 reçue(s) (4 de cet ordinateur (avant sa "
            "reprise), 2 de « Portable d'Hervé Cayla-d'Olt »), 0 export(s) déposé(s). Cet ordinateur reprend "
            "sous un nouvel identifiant : rien n'est perdu, ce qu'il avait écrit avant est relu.")  # fmt: skip
    enregistre_reglages(store, partage_historique=[line])
    screen = PartageScreen(store, load_settings(store))
    qtbot.addWidget(screen)
    screen.resize(700, 600)
    screen.show()
    screen.tabs.setCurrentWidget(screen.history)
    qtbot.waitExposed(screen)
    item = screen.history.item(0)
    assert item.text() == insecables(line) and item.toolTip() == item.text()
    lines = screen.history.visualItemRect(item).height() / screen.history.fontMetrics().lineSpacing()
    assert lines >= 2, lines


def test_no_guillemet_of_the_screen_is_left_alone_at_a_line_break(qtbot: QtBot, store: Store) -> None:
    """The core's messages too (the state's warnings, the last sync's report, the team's summary)."""
    from PySide6.QtWidgets import QLabel, QTableWidget

    from coordinateur.partage.tableau import Etat

    screen = PartageScreen(store, load_settings(store))
    qtbot.addWidget(screen)
    said = "Dossier de partage : retrait « 0a1b2c3d.cmb » refusé : mal formé."
    screen._show_state(Etat("/mnt/nas", True, 0, None, 0, said), "Segment « 1.seg » mis en quarantaine")
    assert (
        "«\u00a00a1b2c3d.cmb\u00a0»" in screen.status.text() and "«\u00a01.seg\u00a0»" in screen.status.text()
    )
    texts = [label.text() for label in screen.findChildren(QLabel)]
    texts += [t.item(r, c).text() for t in screen.findChildren(QTableWidget)
              for r in range(t.rowCount()) for c in range(t.columnCount()) if t.item(r, c)]  # fmt: skip
    assert any("«" in text for text in texts)  # the team's summary says « Rejoindre l'équipe »
    for text in texts:
        assert "« " not in text and " »" not in text, text


def test_a_hung_share_never_freezes_the_window_and_a_sync_asked_meanwhile_follows(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coordinateur.partage.sync as sync_module

    screen, _shared = screen_on_a_new_nas_folder(qtbot, store, tmp_path)
    enregistre(store, FicheIntervenant(nom="Vernhes", profession_code="10"))
    reachable = sync_module.verifie_connexion
    entered, release, left = threading.Event(), threading.Event(), threading.Event()

    def hung(path: Path | None) -> Path:  # an SMB mount that does not answer
        entered.set()
        release.wait(30)
        left.set()
        return reachable(path)

    monkeypatch.setattr(sync_module, "verifie_connexion", hung)
    with qtbot.waitSignal(screen.veille.synced, timeout=30_000) as synced:
        assert screen.veille.check()
        assert entered.wait(10) and not left.is_set()  # the look waits on the share, not the window
        assert screen.veille.sync() is False  # asked during the look: it will follow
        qtbot.wait(50)  # the window keeps processing events meanwhile
        release.set()
    assert "envoyée" in synced.args[0]
    qtbot.waitUntil(lambda: not screen.veille.busy and screen.veille.last_state is not None
                    and screen.veille.last_state.en_attente == 0, timeout=30_000)  # fmt: skip


def test_a_quarantined_segment_is_listed_and_lifted_from_the_screen(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    from tests.coordinateur.partage.outils import depose, membre_fictif, operation, scelle, segment

    screen, shared = screen_on_a_new_nas_folder(qtbot, store, tmp_path)
    bad_device, good_device = "0f0f0f0f-1111-4222-8333-444455556666", "0e0e0e0e-1111-4222-8333-444455556666"
    membre_fictif(shared, store, bad_device)
    membre_fictif(shared, store, good_device)
    wrong = operation(bad_device, nom=42)
    bad = depose(shared, bad_device, f"{bad_device}_00000001.seg", segment(bad_device, 1, [wrong]))
    depose(shared, good_device, f"{good_device}_00000001.seg",
           segment(good_device, 1, [operation(good_device, nom="Vernhes")]))  # fmt: skip
    with qtbot.waitSignal(screen.veille.synced, timeout=30_000) as synced:
        qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    assert bad.name in synced.args[0] and "quarantaine" in synced.args[0]
    assert screen.quarantine.rowCount() == 1 and screen.tabs.tabText(1) == "Quarantaine (1)"
    assert screen.quarantine.item(0, 0).text() == bad.name
    assert "«\u00a0nom\u00a0»" in screen.quarantine.item(0, 2).text()  # « » held to their word
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: said.append(text))
    screen.quarantine.selectRow(0)
    qtbot.mouseClick(screen.lift_button, Qt.MouseButton.LeftButton)
    assert "toujours invalide" in said[-1] and screen.quarantine.rowCount() == 1
    wrong["fields"]["valeurs"]["nom"] = "Cayla"
    bad.with_name(f"{bad_device}_00000001.r1.seg").write_bytes(
        scelle(bad_device, segment(bad_device, 1, [wrong]))
    )
    screen.quarantine.selectRow(0)
    qtbot.mouseClick(screen.lift_button, Qt.MouseButton.LeftButton)
    assert "appliquée" in said[-1] and screen.quarantine.rowCount() == 0
    from coordinateur.annuaire.recherche import Filtre, liste

    assert {ligne.nom for ligne in liste(store, Filtre(actifs_seulement=False))} == {"Vernhes", "Cayla"}


def test_a_damaged_format_file_is_named_and_a_crash_never_comes_back_every_minute(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    import coordinateur.partage.sync as sync_module

    screen, shared = screen_on_a_new_nas_folder(qtbot, store, tmp_path)
    fmt = shared / "coordinateur" / "FORMAT.json"
    fmt.write_text("[]")
    with qtbot.waitSignal(screen.veille.state_changed, timeout=30_000):
        screen.check()
    assert str(fmt) in screen.status.text() and "mal formé" in screen.status.text()
    fmt.write_text('{"format": "coordinateur-partage", "major": 2}')
    enregistre(store, FicheIntervenant(nom="Vernhes", profession_code="10"))

    def bug(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("un défaut du programme")

    shown: list[BaseException] = []
    monkeypatch.setattr(sync_module, "synchronise", bug)
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: shown.append(exc))
    for _minute in range(3):  # the timer's looks, one a minute
        # a look already under way (the first one, 300 ms after the screen opened, on a slow machine) would
        # make `check` say False: the timer's next look comes once it is over
        qtbot.waitUntil(lambda: screen.veille._thread is None, timeout=30_000)
        with qtbot.waitSignal(
            screen.veille.busy_changed, timeout=30_000, check_params_cb=lambda busy: not busy
        ):
            assert screen.veille.check()
    assert len(shown) == 1  # the crash dialog once, not every minute
    assert "déjà signalée" in screen.status.text()


def test_a_laptop_with_nothing_to_send_receives_by_itself(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """The periodic look syncs when a colleague's folder shows something new, not only when something waits
    to be sent; with nothing new it stays a look."""
    from coordinateur.partage.tableau import appareils

    screen, shared = screen_on_a_new_nas_folder(qtbot, store, tmp_path)
    with open_store(resolve_paths(tmp_path / "collegue")) as other:
        en_equipe(shared, store, other)
        enregistre(other, FicheIntervenant(nom="Vernhes", profession_code="10"))
        card = shared / "coordinateur" / "appareils" / other.device_id / "appareil.cmb"
        synchronise(other, shared)
        card.rename(tmp_path / "carte-en-route")  # the sync tool delivers the card after the segments
        with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
            assert screen.veille.check()
        assert lit_names(store) == {"Vernhes"}
        assert [d.nom for d in appareils(store)] == [""]
        (tmp_path / "carte-en-route").rename(card)
        with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
            assert screen.veille.check()  # the card arrived: looked at again
        assert [d.nom for d in appareils(store)] == [other.device_name]
    seen: list[bool] = []
    screen.veille.busy_changed.connect(seen.append)
    with qtbot.waitSignal(screen.veille.state_changed, timeout=30_000):
        assert screen.veille.check()
    assert seen == []  # nothing new, nothing to send: no sync


def lit_names(store: Store) -> set[str]:
    from coordinateur.annuaire.recherche import Filtre, liste

    return {ligne.nom for ligne in liste(store, Filtre(actifs_seulement=False))}


def test_the_window_says_so_in_its_status_bar_from_the_start(qtbot: QtBot, tmp_path: Path) -> None:
    """A laptop whose date looks wrong: the status bar says so (the details in its tooltip), not only the
    Partage screen."""
    from coordinateur.partage.dossier import initialise
    from coordinateur.partage.tableau import etat
    from coordinateur.store.clock import system_ms
    from ui.main_window import MainWindow

    day = 24 * 3600 * 1000
    shared = tmp_path / "partage"
    shared.mkdir()
    initialise(shared)
    with open_store(resolve_paths(tmp_path / "a")) as a, open_store(resolve_paths(tmp_path / "b")) as b:
        en_equipe(shared, a, b)
        b.clock._now_ms = lambda: system_ms() - 3650 * day
        enregistre(b, FicheIntervenant(nom="Il y a dix ans", profession_code="60", commune_code="12119"))
        synchronise(b, shared)
        synchronise(a, shared)
        window = MainWindow(a, load_settings(a))
        qtbot.addWidget(window)
        state = etat(a, shared)
        assert "postérieure de 3650 jour(s)" in state.horloge and state.horloge in state.erreur
        window.show_partage_state(state)
        assert "date de l'ordinateur à vérifier" in window.status_partage.text()
        assert state.horloge in window.status_partage.toolTip()
        b.clock._now_ms = system_ms
        window.show_partage_state(etat(b, shared))  # a laptop whose date is right: nothing said
        assert "date" not in window.status_partage.text()
        window.close()


def test_the_screen_says_when_the_folder_was_last_compacted(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A week after its first segment, a sync writes this laptop's snapshot of the folder: the state then
    says when (a coordinator wondering why old segments left the folder finds it there)."""
    from datetime import UTC, datetime, timedelta

    from coordinateur.partage import instantane

    shared = tmp_path / "nas"
    shared.mkdir()
    enregistre(
        store, FicheIntervenant(nom="Marie-Thérèse d'Arsonval", profession_code="60", commune_code="12119")
    )
    with open_store(resolve_paths(tmp_path / "collegue")) as other:
        en_equipe(shared, store, other)
    screen = PartageScreen(store, load_settings(store))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
        screen.set_folder(shared)
    assert "instantané" not in screen.status.text()
    week = datetime.now(UTC) + timedelta(days=8)
    monkeypatch.setattr(instantane, "_now", lambda: week)
    with qtbot.waitSignal(screen.veille.synced, timeout=30_000):
        qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    assert "dernier instantané du dossier (compactage) : " in screen.status.text()
    assert list((shared / "coordinateur" / "appareils" / store.device_id).glob("*.snap"))


def test_the_chosen_conflict_follows_its_row_and_nothing_is_chosen_once_it_is_settled(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A conflict arriving above the chosen one (a sync in the background) does not put another one under the
    next click, and once « Rétablir » settled it no row is chosen: a second click settles nothing unseen."""
    from coordinateur.partage.models import Conflit
    from ui.partage import screen as module

    record_id = enregistre(
        store,
        FicheIntervenant(
            nom="d'Arsonval", prenom="Marie-Thérèse", profession_code="60", commune_code="12119"
        ),
    ).id

    def conflit(champ: str, gardee: str, ecartee: str) -> int:
        with store.write() as session:
            row = Conflit(kind="intervenant", record_id=record_id, champ=champ, valeur_gardee=gardee,
                          valeur_ecartee=ecartee, horloge_gardee="b", horloge_ecartee="a",
                          detecte_le="2026-11-30T08:00:00+00:00", regle=False)  # fmt: skip
            session.add(row)
            session.flush()
            return row.id

    first = conflit("email", "moi@example.fr", "collegue@example.fr")
    second = conflit("horaires", "8 h – 12 h", "Sauf le jeudi d'Olt")
    screen = PartageScreen(store, load_settings(store))
    qtbot.addWidget(screen)
    screen.refresh()
    assert [c.id for c in screen._conflicts] == [second, first]
    # fields by the names the forms give them, a long value whole in the cell's tooltip
    assert [screen.conflicts.item(r, 1).text() for r in range(2)] == ["Horaires / disponibilités", "E-mail"]
    assert screen.conflicts.item(0, 3).toolTip() == "Sauf le jeudi d'Olt"
    screen.conflicts.selectRow(1)  # the e-mail's
    conflit("notes", "Fille : Mme Puech", "Fils : M. Cayla-Vayssettes")  # a sync brings another, listed first
    screen.refresh()
    assert screen._conflicts[screen.conflicts.currentRow()].id == first  # still the e-mail's
    qtbot.mouseClick(screen.restore_button, Qt.MouseButton.LeftButton)
    assert lit(store, record_id).email == "collegue@example.fr"
    assert first not in [c.id for c in screen._conflicts] and screen.conflicts.currentRow() == -1
    told: list[str] = []
    monkeypatch.setattr(module.QMessageBox, "information", lambda *args: told.append(args[2]))
    qtbot.mouseClick(screen.restore_button, Qt.MouseButton.LeftButton)  # nothing chosen: nothing settled
    assert len(screen._conflicts) == 2 and told == ["Choisissez d'abord un conflit dans la liste."]


def test_a_conflict_over_phone_numbers_shows_them_as_the_directory_does() -> None:
    from ui.partage.screen import _show

    phones = [{"numero": "+33565479999", "type": "fixe"}, {"numero": "+33601020304", "type": "mobile"}]
    assert _show(phones) == "05 65 47 99 99, 06 01 02 03 04"
    assert _show([]) == "—" and _show(None) == "—" and _show(True) == "oui"
