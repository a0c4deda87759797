"""The Indicateurs screen as a coordinator uses it: change the period and the territory, open the records
behind a figure, enter a convention, export the bilan."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from coordinateur.indicateurs.registres import structures
from coordinateur.settings import load_settings
from coordinateur.store import Store
from tests.ui.helpers import type_text
from ui.indicateurs.registres import ConventionDialog
from ui.main_window import MainWindow


def test_period_territory_and_the_records_behind_a_figure(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    window = MainWindow(demo_store, load_settings(demo_store))
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen_named("indicateurs")
    tableau = screen.tableau
    year = date.today().year
    assert tableau.periode().code == str(year) and tableau.current is not None
    meetings = tableau.current.valeur("reunions_professionnels")
    assert meetings > 0
    tableau.genre.setCurrentIndex(tableau.genre.findData("Trimestre"))
    tableau.partie.setCurrentIndex(tableau.partie.findData("T1"))
    assert tableau.periode().code == f"{year}-T1" and "trimestre" in tableau.etat.text()
    tableau.choose(str(year))
    assert tableau.current.valeur("reunions_professionnels") == meetings
    tableau.lieu.setCurrentIndex(tableau.lieu.findData("epci:200067478"))
    assert tableau.territoire().code == "epci:200067478"
    assert tableau.current.valeur("commissions_territoire") == 0  # commissions count for the whole territory
    tableau.lieu.setCurrentIndex(0)
    # the records behind a figure, from a double-click on its line
    item = next(tableau.tree.topLevelItem(0).child(n) for n in range(tableau.tree.topLevelItem(0).childCount())
                if tableau.tree.topLevelItem(0).child(n).text(0) == "Réunions entre professionnels")  # fmt: skip
    tableau.tree.itemDoubleClicked.emit(item, 0)
    dialog = next(w for w in window.findChildren(object) if type(w).__name__ == "DetailDialog")
    assert dialog.table.rowCount() == meetings
    assert dialog.table.item(0, 0).text().startswith(("Concertations", "Commission"))
    dialog.close()
    # the chart follows the group of the selected line, and says its figures to assistive technology
    tableau.tree.setCurrentItem(item)
    assert "Réunions entre professionnels" in tableau.chart.accessibleDescription()
    # the bilan, with the comment typed
    tableau.commentaire.setPlainText("Une année de mise en route.")
    path = tableau.export(str(tmp_path / "bilan.pdf"))
    assert path is not None
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
    assert screen.tableau.current.valeur("conventions_mutualisation") == before + 1


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
