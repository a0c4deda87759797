"""On a 1366×768 laptop (100 % and 125 %): the window opens at the screen's size, nothing is taller than the screen, and no
label, button, tab, column title or choice is cut ("Personne à pré…", "Mesure de protectio")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect, Qt
from PySide6.QtGui import QFontMetrics, QImage, QScreen
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from coordinateur.settings import load_settings, save_settings
from coordinateur.store import Store
from tests.ui.ecran import cellules_coupees, lignes_coupees, textes_coupes
from ui.app import make_application
from ui.common.ecran import CADRE_HAUTEUR
from ui.main_window import ECRANS, MainWindow

# 1366×768 less a 40-pixel task bar, at 100 % and at 125 % (Windows' default on such laptops: Qt then lays
# out a 1093×614 screen, less a 32-pixel task bar)
PORTABLES = {"100 %": QRect(0, 0, 1366, 728), "125 %": QRect(0, 0, 1093, 582)}


@pytest.fixture(params=list(PORTABLES))
def portable(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> QRect:
    make_application()  # the application's own style, as at start
    room = PORTABLES[request.param]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(room))
    return room


def settle(qtbot: QtBot) -> None:
    QApplication.processEvents()
    qtbot.wait(30)


def computed(qtbot: QtBot, root: QWidget) -> None:
    """Waits for the figures a shown tab computes in its thread (the coverage of a territory), then for the
    layout their text asks for: a label that grows to two lines is measured once the layout gave it room."""
    busy = [w for w in root.findChildren(QWidget) if w.isVisible() and getattr(w, "calcul_en_cours", False)]
    for widget in busy:
        qtbot.waitUntil(lambda w=widget: not w.calcul_en_cours, timeout=10_000)
    settle(qtbot)
    if busy:
        settle(qtbot)


def walk_tabs(qtbot: QtBot, root: QWidget, where: str) -> list[str]:
    """What is cut on `root`, tab after tab of every tab widget it shows."""
    computed(qtbot, root)
    cut = [f"{where} : {t}" for t in textes_coupes(root)]
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            computed(qtbot, root)
            cut += [f"{where} › {tabs.tabText(index)} : {t}" for t in textes_coupes(root)]
        tabs.setCurrentIndex(0)
    return cut


def test_the_window_opens_at_the_size_of_a_laptop_screen(
    qtbot: QtBot, demo_store: Store, portable: QRect
) -> None:
    window = MainWindow(demo_store, load_settings(demo_store))
    qtbot.addWidget(window)
    assert window.windowState() & Qt.WindowState.WindowMaximized
    assert window.width() <= portable.width() and window.height() <= portable.height() - CADRE_HAUTEUR
    window.setWindowState(Qt.WindowState.WindowNoState)  # offscreen: maximised means its own screen
    window.show()
    for n, name in enumerate(ECRANS):
        window.show_screen(n)
        settle(qtbot)
        need = window.minimumSizeHint()
        assert need.width() <= portable.width() and need.height() <= portable.height() - CADRE_HAUTEUR, name


def test_a_size_saved_on_a_larger_screen_is_fitted_to_this_one(
    qtbot: QtBot, demo_store: Store, portable: QRect
) -> None:
    wide = MainWindow(demo_store, load_settings(demo_store))
    qtbot.addWidget(wide)
    wide.setWindowState(Qt.WindowState.WindowNoState)
    wide.resize(1800, 1000)
    settings = load_settings(demo_store)
    settings.fenetre_geometrie = bytes(wide.saveGeometry().toBase64().data()).decode("ascii")
    save_settings(demo_store, settings)
    assert QByteArray.fromBase64(settings.fenetre_geometrie.encode("ascii"))
    window = MainWindow(demo_store, load_settings(demo_store))
    qtbot.addWidget(window)
    assert window.width() <= portable.width() and window.height() <= portable.height() - CADRE_HAUTEUR


def test_nothing_is_cut_on_any_screen_of_a_laptop(qtbot: QtBot, demo_store: Store, portable: QRect) -> None:
    window = MainWindow(demo_store, load_settings(demo_store))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(portable.width(), portable.height() - CADRE_HAUTEUR)
    window.show()
    # the shared folder's state arrives from its thread: once it is there, the status bar is laid out again
    qtbot.waitUntil(lambda: window.status_partage.text() != "Partage : …", timeout=5000)
    settle(qtbot)
    cut: list[str] = []
    for name in ECRANS:
        screen = window.show_screen_named(name)
        settle(qtbot)
        tableau = getattr(screen, "tableau", None)
        # the indicators' figures arrive from their thread: checked once they are there and laid out
        if tableau is not None:
            qtbot.waitUntil(lambda t=tableau: not t.calcul_en_cours, timeout=10_000)
            settle(qtbot)
        cut += walk_tabs(qtbot, window, name)
    # the directory's professions and kinds of structure read whole ("Service de soins infirmiers à do…"):
    # every one the demo holds, on every row
    window.show_screen(ECRANS.index("annuaire"))
    settle(qtbot)
    table, model = window.annuaire.table, window.annuaire.model
    while model.canFetchMore():
        model.fetchMore()
    metrics = QFontMetrics(table.font())
    room = table.columnWidth(model.COL_PROFESSION) - 8
    shown = {str(model.index(r, model.COL_PROFESSION).data() or "") for r in range(model.rowCount())}
    assert "SSIAD" in shown and len(shown) > 20
    cut += [f"Annuaire : « {t} » {metrics.horizontalAdvance(t)} px pour {room}"
            for t in sorted(shown) if metrics.horizontalAdvance(t) > room]  # fmt: skip
    # the state of each person's sheet reads whole ("périmée : données modifiées depuis la version …")
    window.show_screen(ECRANS.index("personnes"))
    settle(qtbot)
    cut += [c for c in cellules_coupees(window.personnes.table) if "périmée" in c or "jamais" in c]
    # the names of the indicators read whole
    window.show_screen(ECRANS.index("indicateurs"))
    settle(qtbot)
    indicateurs = window.screens[ECRANS.index("indicateurs")]
    tableau = indicateurs.tableau  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: not tableau.calcul_en_cours and tableau.tree.topLevelItemCount() > 0, timeout=15_000
    )
    cut += lignes_coupees(tableau.tree)
    # and the registers' partners ("SSIAD Co…")
    for register in (indicateurs.conventions, indicateurs.evenements):  # type: ignore[union-attr]
        indicateurs.tabs.setCurrentWidget(register)  # type: ignore[union-attr]
        settle(qtbot)
        cut += cellules_coupees(register.table)
    assert not cut, "\n".join(cut)


def test_nothing_is_cut_in_a_persons_file_a_meeting_nor_the_partner_preview(
    qtbot: QtBot, demo_store: Store, portable: QRect
) -> None:
    from coordinateur.personnes.service import liste_personnes
    from coordinateur.reunions.exports import apercu_compte_rendu
    from coordinateur.reunions.service import liste_reunions
    from ui.personnes.dialog import PersonneDialog
    from ui.reunions.apercu import ApercuSortie
    from ui.reunions.dialog import ReunionDialog

    person = PersonneDialog(demo_store, load_settings(demo_store), liste_personnes(demo_store)[1].id)
    meeting = ReunionDialog(demo_store, liste_reunions(demo_store)[0].id)
    rcp = next(r.id for r in liste_reunions(demo_store) if r.titre.startswith("RCP"))
    preview = ApercuSortie(demo_store, rcp, lambda: apercu_compte_rendu(demo_store, rcp), "Aperçu")
    cut: list[str] = []
    for dialog, where in (
        (person, "dossier"),
        (meeting, "réunion"),
        (preview, "aperçu pour les partenaires"),
    ):
        qtbot.addWidget(dialog)
        assert dialog.height() <= portable.height() - CADRE_HAUTEUR, where
        assert dialog.minimumSizeHint().height() <= portable.height() - CADRE_HAUTEUR, where
        dialog.show()
        settle(qtbot)
        cut += walk_tabs(qtbot, dialog, where)
    assert not cut, "\n".join(cut)


def test_the_first_start_fits_the_screen(qtbot: QtBot, store: Store, portable: QRect) -> None:
    from ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.height() <= portable.height() - CADRE_HAUTEUR and dialog.width() <= portable.width()
    assert dialog.minimumSizeHint().height() <= portable.height() - CADRE_HAUTEUR
    dialog.show()
    settle(qtbot)
    assert not textes_coupes(dialog)


def _ink_height(image: QImage, rect: QRect) -> int:
    rows = [
        y
        for y in range(rect.top(), rect.bottom() + 1)
        if any(image.pixelColor(x, y).lightness() < 200 for x in range(rect.left(), rect.right() + 1))
    ]
    return max(rows) - min(rows) + 1 if rows else 0


def test_a_tab_keeps_the_accent_of_its_capital(qtbot: QtBot, portable: QRect) -> None:
    """ "Événements", not "Evénements": an unselected tab shows the whole word, as a label does."""
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), "Indicateurs")
    tabs.addTab(QWidget(), "Événements")
    tabs.show()
    label = QLabel("Événements")
    qtbot.addWidget(label)
    label.setFont(tabs.tabBar().font())
    label.show()
    settle(qtbot)
    bar = tabs.tabBar()
    in_tab = _ink_height(bar.grab().toImage(), bar.tabRect(1).adjusted(5, 3, -5, -3))
    alone = _ink_height(label.grab().toImage(), label.rect())
    assert in_tab >= alone
