"""The Indicateurs screen as a coordinator uses it: change the period and the territory, open the records
behind a figure, enter a convention, export the bilan. The figures are computed off the GUI thread (the
screen says « calcul en cours ») and recomputed when what they count changes."""

from __future__ import annotations

import subprocess
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from coordinateur.indicateurs.registres import DonneesConvention, enregistre_convention, structures
from coordinateur.settings import load_settings
from coordinateur.store import Store
from tests.ui.helpers import type_text
from ui.indicateurs import screen as ecran
from ui.indicateurs.registres import ConventionDialog
from ui.indicateurs.screen import IndicateursScreen, TableauWidget
from ui.main_window import MainWindow


def calcule(qtbot: QtBot, tableau: TableauWidget) -> None:
    """Wait for the figures asked last."""
    qtbot.waitUntil(lambda: not tableau.calcul_en_cours and tableau.current is not None, timeout=15_000)


def ecran_indicateurs(qtbot: QtBot, store: Store) -> tuple[MainWindow, IndicateursScreen]:
    window = MainWindow(store, load_settings(store))
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen_named("indicateurs")
    return window, screen


def test_period_territory_and_the_records_behind_a_figure(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    window = MainWindow(demo_store, load_settings(demo_store))
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen_named("indicateurs")
    tableau = screen.tableau
    year = date.today().year
    calcule(qtbot, tableau)
    assert tableau.periode().code == str(year) and tableau.current is not None
    meetings = tableau.current.valeur("reunions_professionnels")
    assert meetings > 0
    tableau.genre.setCurrentIndex(tableau.genre.findData("Trimestre"))
    tableau.partie.setCurrentIndex(tableau.partie.findData("T1"))
    calcule(qtbot, tableau)
    assert tableau.periode().code == f"{year}-T1" and "trimestre" in tableau.etat.text()
    tableau.choose(str(year))
    calcule(qtbot, tableau)
    assert tableau.current.valeur("reunions_professionnels") == meetings
    tableau.lieu.setCurrentIndex(tableau.lieu.findData("epci:200067478"))
    calcule(qtbot, tableau)
    assert tableau.territoire().code == "epci:200067478"
    assert tableau.current.valeur("commissions_territoire") == 0  # commissions count for the whole territory
    tableau.lieu.setCurrentIndex(0)
    calcule(qtbot, tableau)
    # the records behind a figure, from a double-click on its line
    item = next(tableau.tree.topLevelItem(0).child(n) for n in range(tableau.tree.topLevelItem(0).childCount())
                if tableau.tree.topLevelItem(0).child(n).text(0) == "Réunions entre professionnels")  # fmt: skip
    tableau.tree.itemDoubleClicked.emit(item, 0)  # the records are looked up off the GUI thread
    qtbot.waitUntil(lambda: bool(tableau.findChildren(ecran.DetailDialog)), timeout=15_000)
    dialog = tableau.findChildren(ecran.DetailDialog)[0]
    assert dialog.table.rowCount() == meetings
    assert dialog.table.item(0, 0).text().startswith(("Concertations", "Commission"))
    dialog.close()
    # the chart follows the group of the selected line, and says its figures to assistive technology
    tableau.tree.setCurrentItem(item)
    assert "Réunions entre professionnels" in tableau.chart.accessibleDescription()
    # the bilan, with the comment typed
    tableau.commentaire.setPlainText("Une année de mise en route.")
    operation = tableau.export(str(tmp_path / "bilan.pdf"))
    assert operation is not None
    qtbot.waitUntil(lambda: not tableau.export_en_cours, timeout=15_000)
    path = tableau.dernier_export
    assert path == tmp_path / "bilan.pdf"
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Une année de mise en route." in text and f"année {year}" in text
    assert not tableau.close_button.isEnabled()  # this year is not over


def test_entering_a_convention_counts_it(qtbot: QtBot, demo_store: Store) -> None:
    window = MainWindow(demo_store, load_settings(demo_store))
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen_named("indicateurs")
    calcule(qtbot, screen.tableau)
    before = screen.tableau.current.valeur("conventions_mutualisation")
    dialog = ConventionDialog(demo_store, None, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.titre, "Mutualisation d'un lève-personne")
    dialog.save_button.click()
    assert dialog.isVisible() and "au moins une structure" in dialog.error.text()  # said, nothing saved
    partner = structures(demo_store)[0][0]
    dialog.partenaires.set_items(structures(demo_store), {partner})
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    screen.tabs.setCurrentWidget(screen.conventions)
    screen.conventions.refresh()
    titles = [screen.conventions.model.row_at(r).titre for r in range(screen.conventions.model.rowCount())]
    assert "Mutualisation d'un lève-personne" in titles
    screen.tabs.setCurrentWidget(screen.tableau)  # back on the figures: recomputed
    calcule(qtbot, screen.tableau)
    assert screen.tableau.current.valeur("conventions_mutualisation") == before + 1


@pytest.fixture
def bilan_retenu(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, list[threading.Thread]]:
    """The screen's figures computed only once the test lets them (and on which thread, recorded)."""
    real, gate, threads = ecran.bilan, threading.Event(), []

    def held(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        assert gate.wait(15)
        return real(*args, **kwargs)

    monkeypatch.setattr(ecran, "bilan", held)
    return gate, threads


def test_figures_are_computed_off_the_gui_thread(
    qtbot: QtBot, demo_store: Store, bilan_retenu: tuple[threading.Event, list[threading.Thread]]
) -> None:
    gate, threads = bilan_retenu
    _window, screen = ecran_indicateurs(qtbot, demo_store)  # returns while the figures are being computed
    tableau = screen.tableau
    assert tableau.calcul_en_cours and "calcul en cours" in tableau.etat.text()
    assert not tableau.tree.isEnabled() and not tableau.export_button.isEnabled()
    assert tableau.show_detail("reunions_professionnels") is None  # nothing to show yet
    gate.set()
    calcule(qtbot, tableau)
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    assert "chiffres calculés" in tableau.etat.text() and tableau.tree.isEnabled()
    assert tableau.tree.topLevelItemCount() > 0


def test_the_bilan_is_counted_and_written_off_the_gui_thread(
    qtbot: QtBot,
    demo_store: Store,
    tmp_path: Path,
    bilan_retenu: tuple[threading.Event, list[threading.Thread]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate, threads = bilan_retenu
    written: list[threading.Thread] = []
    real_exporte = ecran.exporte

    def exporte(*args: Any, **kwargs: Any) -> Any:
        written.append(threading.current_thread())
        return real_exporte(*args, **kwargs)

    monkeypatch.setattr(ecran, "exporte", exporte)
    _window, screen = ecran_indicateurs(qtbot, demo_store)
    tableau = screen.tableau
    gate.set()
    calcule(qtbot, tableau)
    gate.clear()  # the export counts again, with the comment saved: held until the test lets it
    tableau.commentaire.setPlainText("Saisi juste avant l'export")
    assert tableau.export(str(tmp_path / "bilan.csv")) is not None
    assert tableau.export_en_cours and not tableau.export_button.isEnabled()  # the window is not held
    assert tableau.export(str(tmp_path / "encore.csv")) is None  # one at a time
    assert not (tmp_path / "bilan.csv").exists()
    gate.set()
    qtbot.waitUntil(lambda: not tableau.export_en_cours, timeout=15_000)
    assert tableau.dernier_export == tmp_path / "bilan.csv" and tableau.export_button.isEnabled()
    assert "Saisi juste avant l'export" in (tmp_path / "bilan.csv").read_text(encoding="utf-8-sig")
    assert written and all(thread is not threading.main_thread() for thread in written + threads)
    assert not (tmp_path / "encore.csv").exists()


def test_a_failed_bilan_export_says_why_in_french(
    qtbot: QtBot, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: said.append(text))
    window, screen = ecran_indicateurs(qtbot, demo_store)
    tableau = screen.tableau
    calcule(qtbot, tableau)
    (tmp_path / "cle").write_text("un fichier, pas un dossier")
    target = tmp_path / "cle" / "bilan.pdf"  # cannot be written there
    assert tableau.export(str(target)) is not None
    qtbot.waitUntil(lambda: not tableau.export_en_cours, timeout=15_000)
    assert said and said[0].startswith("Impossible d'écrire") and tableau.dernier_export is None
    assert "Export du bilan impossible" in window.statusBar().currentMessage()
    assert tableau.export_button.isEnabled()  # nothing stuck: the coordinator can try again


def test_only_the_latest_figures_are_shown(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = date.today().year
    real, gate = ecran.bilan, threading.Event()

    def slow_for_the_year(store: Store, periode: Any, territoire: Any) -> Any:
        if periode.code == str(year):
            assert gate.wait(15)
        return real(store, periode, territoire)

    monkeypatch.setattr(ecran, "bilan", slow_for_the_year)
    _window, screen = ecran_indicateurs(qtbot, demo_store)
    tableau = screen.tableau
    tableau.choose(f"{year}-T1")  # asked while the year's figures are still being computed
    calcule(qtbot, tableau)
    assert tableau.current is not None and tableau.current.periode.code == f"{year}-T1"
    gate.set()  # the year's figures come late: dropped
    qtbot.wait(300)
    assert tableau.current.periode.code == f"{year}-T1" and "trimestre" in tableau.etat.text()


def test_figures_follow_a_change_made_elsewhere(qtbot: QtBot, demo_store: Store) -> None:
    _window, screen = ecran_indicateurs(qtbot, demo_store)
    tableau = screen.tableau
    calcule(qtbot, tableau)
    before = tableau.current.valeur("conventions_mutualisation")
    type_text(tableau.commentaire, "En cours de saisie")
    partner = structures(demo_store)[0][0]
    # as a sync or another screen would: written to the store, not through this screen
    enregistre_convention(demo_store, DonneesConvention(titre="Lève-personne partagé", partenaires=[partner],
                                                        signee_le=date.today().isoformat()))  # fmt: skip
    qtbot.waitUntil(
        lambda: (
            not tableau.calcul_en_cours and tableau.current.valeur("conventions_mutualisation") == before + 1
        ),
        timeout=15_000,
    )
    assert tableau.commentaire.toPlainText() == "En cours de saisie"  # what was being typed stays


def test_coverage_of_the_communes(qtbot: QtBot, store: Store, annuaire: dict[str, str]) -> None:
    window = MainWindow(store, load_settings(store))
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen_named("indicateurs")
    screen.tableau.lieu.setCurrentIndex(screen.tableau.lieu.findData("epci:200067171"))
    screen.tabs.setCurrentWidget(screen.couverture)
    qtbot.waitUntil(lambda: screen.couverture.table.rowCount() == 21, timeout=10_000)  # the EPCI's communes
    rows = {line.commune_code: line for line in screen.couverture.lines}
    assert (
        rows["12119"].saad == 1 and rows["12119"].ssiad == 1
    )  # Laguiole: the SAAD's zone and the SSIAD's EPCI
    assert rows["12164"].saad == 0 and rows["12164"].ssiad == 1
    assert rows["12119"].intervenants == 1  # Anne Cœurdevey lives and works in Laguiole
    assert "12216" not in rows  # Saint-Côme is in another EPCI: not listed
    texts = [screen.couverture.table.item(r, 4).text() for r in range(21)]
    assert texts.count("⚠ aucun") == 19


def test_coverage_says_it_is_being_computed_and_shows_only_the_latest(
    qtbot: QtBot, store: Store, annuaire: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinateur.indicateurs import couverture as module

    real, gate, threads = module.couverture, threading.Event(), []

    def held(store_: Store, where: Any) -> Any:
        threads.append(threading.current_thread())
        if where.code == "epci:200067171":
            assert gate.wait(15)
        return real(store_, where)

    monkeypatch.setattr(module, "couverture", held)
    window = MainWindow(store, load_settings(store))
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen_named("indicateurs")
    couverture = screen.couverture
    screen.tableau.lieu.setCurrentIndex(screen.tableau.lieu.findData("epci:200067171"))
    screen.tabs.setCurrentWidget(couverture)
    assert couverture.calcul_en_cours and "calcul en cours" in couverture.intro.text()
    assert not couverture.table.isEnabled()
    screen.tableau.lieu.setCurrentIndex(0)  # the whole territory asked while the EPCI is still counted
    screen.tabs.setCurrentWidget(screen.tableau)
    screen.tabs.setCurrentWidget(couverture)
    qtbot.waitUntil(lambda: not couverture.calcul_en_cours, timeout=15_000)
    whole = couverture.table.rowCount()
    assert whole > 21 and couverture.table.isEnabled() and "calcul en cours" not in couverture.intro.text()
    gate.set()  # the EPCI's coverage comes late: dropped
    qtbot.wait(300)
    assert couverture.table.rowCount() == whole
    assert threads and all(thread is not threading.main_thread() for thread in threads)
