from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.territoire import communes_du_territoire
from tests.ui.helpers import type_text
from ui.territoire.model import CommunesModel
from ui.territoire.screen import TerritoireScreen


def visible_names(screen: TerritoireScreen) -> list[str]:
    proxy = screen.proxy
    return [proxy.index(r, CommunesModel.COL_NOM).data() for r in range(proxy.rowCount())]


def test_shows_the_communes_of_the_territory(qtbot: QtBot, demo_store: Store) -> None:
    screen = TerritoireScreen(load_settings(demo_store))
    qtbot.addWidget(screen)
    names = visible_names(screen)
    assert len(names) == 59
    assert {"Laguiole", "Espalion", "Saint-Côme-d'Olt", "Argences en Aubrac"} <= set(names)
    assert "Rodez" not in names
    assert "Nord-Aveyron" in screen.heading.text()
    assert "59 communes" in screen.summary.text()
    row = names.index("Laguiole")
    assert screen.proxy.index(row, CommunesModel.COL_CODE_POSTAL).data() == "12210"
    assert screen.proxy.index(row, CommunesModel.COL_EPCI).data() == "CC Aubrac, Carladez et Viadène"


def test_search_as_you_type_without_accents_or_saint(qtbot: QtBot, demo_store: Store) -> None:
    screen = TerritoireScreen(load_settings(demo_store))
    qtbot.addWidget(screen)
    screen.show()
    type_text(screen.search, "st côme")
    assert visible_names(screen) == ["Saint-Côme-d'Olt"]
    assert screen.count.text() == "1 commune sur 59"
    screen.search.clear()
    type_text(screen.search, "12210")
    expected = {
        c.nom for c in communes_du_territoire(load_settings(demo_store)) if "12210" in c.codes_postaux
    }
    assert {"Laguiole", "Argences en Aubrac"} <= expected
    assert set(visible_names(screen)) == expected
    screen.search.clear()
    type_text(screen.search, "zzz")
    assert visible_names(screen) == []
    assert "Aucune commune" in screen.count.text()


def test_filter_by_communaute_and_sort_by_population(qtbot: QtBot, demo_store: Store) -> None:
    screen = TerritoireScreen(load_settings(demo_store))
    qtbot.addWidget(screen)
    index = screen.epci.findText("CC Aubrac, Carladez et Viadène")
    screen.epci.setCurrentIndex(index)
    assert len(visible_names(screen)) == 21
    screen.table.sortByColumn(CommunesModel.COL_POPULATION, Qt.SortOrder.DescendingOrder)
    populations = [
        screen.proxy.index(r, CommunesModel.COL_POPULATION).data(Qt.ItemDataRole.UserRole + 2)
        for r in range(screen.proxy.rowCount())
    ]
    assert populations == sorted(populations, reverse=True)
    screen.epci.setCurrentIndex(0)
    assert len(visible_names(screen)) == 59
