"""The screens show what changed behind them: an import run in the background, a change received from
another laptop, a meeting recorded elsewhere, a person anonymised."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from coordinateur.annuaire.imports.pilote import importe
from coordinateur.settings import load_settings
from coordinateur.store import Store
from tests.fichiers_annuaire import COMMUNES, rpps_row, write_rpps
from ui.annuaire.screen import AnnuaireScreen
from ui.common.operation import run_in_background


def test_after_a_background_import_the_directory_lists_the_new_record(
    qtbot: QtBot, store: Store, annuaire: dict, tmp_path: Path
) -> None:
    screen = AnnuaireScreen(store, load_settings(store))
    qtbot.addWidget(screen)
    screen.show()
    before = {screen.model.row_at(r).nom for r in range(screen.model.rowCount())}
    row = rpps_row(random.Random(5), commune=COMMUNES[0])
    path = write_rpps(tmp_path / "PS_LibreAcces_Personne_activite_202603090900.txt", [row])
    screen.table.selectRow(0)
    selected = screen.selected_id()
    job = run_in_background(screen, lambda **kw: importe(store, path, departements=["12"], **kw),
                            label="Import…", quiet=True)  # fmt: skip
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass

    def shown() -> set[str]:
        return {screen.model.row_at(r).nom for r in range(screen.model.rowCount())}

    qtbot.waitUntil(lambda: len(shown()) == len(before) + 1, timeout=5_000)
    assert screen.count.text() == "5 fiches" and screen.selected_id() == selected  # the same one still chosen


def test_a_change_from_another_thread_reaches_the_people_and_meetings_screens(
    qtbot: QtBot, demo_store: Store
) -> None:
    import threading

    from coordinateur.personnes.rgpd import anonymise
    from coordinateur.personnes.service import liste_personnes
    from coordinateur.reunions.service import DonneesReunion, enregistre_reunion
    from ui.personnes.screen import PersonnesScreen
    from ui.reunions.screen import ReunionsScreen

    settings = load_settings(demo_store)
    people, meetings = PersonnesScreen(demo_store, settings), ReunionsScreen(demo_store, settings)
    for widget in (people, meetings):
        qtbot.addWidget(widget)
        widget.show()
    person = liste_personnes(demo_store)[0]
    meetings_before = meetings.model.rowCount()

    def people_shown() -> str:
        return " ".join(str(people.model.index(r, 0).data()) for r in range(people.model.rowCount()))

    shown_as = f"{person.nom.upper()} {person.prenom}"
    assert shown_as in people_shown()

    def elsewhere() -> Any:
        anonymise(demo_store, person.id)
        enregistre_reunion(demo_store, DonneesReunion(titre="RCP de Saint-Chély", date="2026-12-03"))

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join(30)
    qtbot.waitUntil(lambda: meetings.model.rowCount() == meetings_before + 1, timeout=5_000)
    qtbot.waitUntil(lambda: shown_as not in people_shown(), timeout=5_000)
