"""Leak scan (issue 7): persons with marker strings, everything exercised, a kill -9 in the middle of
writing; then every file under the data folder is read: no marker may appear anywhere."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from coordinateur.cli import main
from coordinateur.confiance.backup import copy_store
from coordinateur.confiance.journal import Filtre, exporte_csv
from coordinateur.confiance.ouverture import open_store
from coordinateur.confiance.sauvegarde import sauvegarde_auto
from coordinateur.fiches.impression import genere
from coordinateur.paths import resolve_paths
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.rgpd import pdf_acces
from coordinateur.personnes.service import (
    enregistre_personne,
    liste_personnes,
    lit_personne,
    valide_fiche,
    version_a_imprimer,
)
from coordinateur.settings import load_settings
from ui.main_window import MainWindow

PHRASE = "Causse-Comtal 2026 !"
# names, a NIR fragment, a relative named only in a meeting's free text
MARKERS = ["Qzxwvbeth", "Plomkarvu", "Kestrelune", "2370412243484", "Zorglubine"]

CHILD = """
import sys
from coordinateur.paths import resolve_paths
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.service import enregistre_personne
from coordinateur.confiance.ouverture import open_store

store = open_store(resolve_paths(sys.argv[1]), phrase=sys.argv[2])
n = 0
while True:
    enregistre_personne(store, Dossier(civilite="Mme", nom_naissance=f"Kestrelune{n}", prenoms_naissance="Ada",
                                       date_naissance="1940-01-01", sexe="F", commune_code="12119"))
    print(n, flush=True)
    n += 1
"""


def person(name: str) -> Dossier:
    return Dossier(civilite="Mme", nom_naissance=name, prenoms_naissance="Plomkarvu", date_naissance="1937-04-12",
                   sexe="F", nir="237041224348444", commune_code="12119", code_postal="12210",
                   adresse="4 rue du Valat")  # fmt: skip


def test_no_marker_anywhere_in_the_data_folder(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "donnees"
    phrase_file = tmp_path / "phrase.txt"
    phrase_file.write_text(PHRASE + "\n", encoding="utf-8")
    assert main(["--data-dir", str(data), "--passphrase-file", str(phrase_file), "demo", "--no-gui"]) == 0
    paths = resolve_paths(data)
    with open_store(paths, phrase=PHRASE) as store:
        person_id, _problems = enregistre_personne(store, person("Qzxwvbeth"))
        dossier = lit_personne(store, person_id)
        dossier.adresse = "5 rue du Valat"
        enregistre_personne(store, dossier)  # an edit
        assert [p.id for p in liste_personnes(store, "qzxw")] == [person_id]  # a search
        valide_fiche(store, person_id)
        printed = tmp_path / "hors-donnees" / "fiche.pdf"  # printing to a file outside the data folder
        printed.parent.mkdir()
        printed.write_bytes(genere(version_a_imprimer(store, person_id), "frigo"))
        copy_store(paths.store, paths.backups / "essai.db", store.key)  # the backup path
        outside = tmp_path / "hors-donnees"
        (outside / "acces.pdf").write_bytes(pdf_acces(store, person_id))  # right of access, given out
        exporte_csv(store, Filtre(personne_id=person_id), outside / "journal.csv")
        assert sauvegarde_auto(store) is not None  # the automatic backup, rotated
        # the window: the persons' list, the audit trail, then the lock
        window = MainWindow(store, load_settings(store))
        qtbot.addWidget(window)
        window.show()
        window.show_screen_named("personnes").search.setText("qzxw")
        window.show_screen_named("protection").show_journal_of(person_id)
        window.lock()
        assert window.locked
        window.close()
        # the sheet opened in the system's PDF viewer: a file it needs, gone when the store closes
        from PySide6.QtGui import QDesktopServices

        from ui.fiches.panel import FichesPanel

        opened: list[object] = []
        monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
        panel = FichesPanel(store, person_id, lambda: person_id)
        qtbot.addWidget(panel)
        panel.open_viewer()
        assert opened and any((paths.cache / "apercus").iterdir())
        # a meeting naming her and a relative nobody recorded: the partner export is refused, listing the
        # passage on the terminal; the log keeps only how many
        from coordinateur.reunions.service import DonneesReunion, DonneesSituation, enregistre_reunion

        rid = enregistre_reunion(store, DonneesReunion(titre="RCP", date="2026-11-20", situations=[DonneesSituation(
            personne_id=person_id, question="Qzxwvbeth peut-elle rester seule ?",
            decision="Sa nièce Mme Zorglubine passe le soir")]))  # fmt: skip
    assert not any((paths.cache / "apercus").iterdir())
    refused = ["--data-dir", str(data), "--passphrase-file", str(phrase_file), "reunion", "export", rid,
               "--format", "pdf", "-o", str(tmp_path / "hors-donnees" / "releve.pdf")]  # fmt: skip
    assert main(refused) == 1 and not (tmp_path / "hors-donnees" / "releve.pdf").exists()
    # a writer killed with SIGKILL in the middle of its work: WAL and journal left as they are
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data), PHRASE], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    assert child.stdout is not None
    deadline = time.monotonic() + 60
    while int(child.stdout.readline() or -1) < 20:
        assert time.monotonic() < deadline and child.poll() is None, child.stderr and child.stderr.read()
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert any(p.name.endswith("-wal") for p in data.iterdir())  # the crash left a WAL behind

    assert not paths.store.read_bytes().startswith(b"SQLite format 3")
    leaks = []
    files = [p for p in data.rglob("*") if p.is_file()]
    assert len(files) >= 5
    for path in files:
        content = path.read_bytes().lower()  # the app writes surnames in capitals: compare in lower case
        for marker in MARKERS:
            for encoded in {marker.lower().encode("utf-8"), marker.lower().encode("utf-16-le")}:
                if encoded in content:
                    leaks.append(f"{path.relative_to(data)} : {marker}")
    assert leaks == []
    # and everything committed is there after the crash
    with open_store(paths, phrase=PHRASE) as store:
        assert len(liste_personnes(store, "kestrelune")) >= 20
