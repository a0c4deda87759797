"""Real printing: a liaison sheet printed through the app's print path to a CUPS queue (the cups-pdf
virtual printer), and the PDF that comes out read back. Skipped, with the reason, where CUPS cannot run."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from pytestqt.qtbot import QtBot

from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.service import enregistre_personne, valide_fiche
from coordinateur.store import Store

QUEUE = "CoordinateurPDF"


def _cups_ready() -> str:
    """ "" when a cups-pdf queue is ready, else why not."""
    if not (shutil.which("lpadmin") and shutil.which("lpinfo") and Path("/usr/sbin/cupsd").exists()):
        return "CUPS n'est pas installé (paquets Debian cups et printer-driver-cups-pdf)"
    if subprocess.run(["lpstat", "-r"], capture_output=True, text=True).stdout.find("is running") < 0:
        subprocess.run(["/usr/sbin/cupsd"], capture_output=True)
        for _ in range(20):
            if "is running" in subprocess.run(["lpstat", "-r"], capture_output=True, text=True).stdout:
                break
            time.sleep(0.25)
        else:
            return "le service CUPS ne démarre pas ici (droits ou conteneur)"
    drivers = subprocess.run(["lpinfo", "-m"], capture_output=True, text=True).stdout.splitlines()
    ppd = next((line.split()[0] for line in drivers if "CUPS-PDF_noopt" in line), None)
    if ppd is None:
        return "le pilote cups-pdf est absent (paquet printer-driver-cups-pdf)"
    made = subprocess.run(
        ["lpadmin", "-p", QUEUE, "-v", "cups-pdf:/", "-E", "-m", ppd], capture_output=True, text=True
    )
    if made.returncode != 0:
        return f"lpadmin a refusé la file d'impression : {made.stderr.strip()}"
    return ""


def test_a_liaison_sheet_printed_on_a_cups_printer(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = _cups_ready()
    if reason:
        pytest.skip(reason)
    from ui.fiches.panel import FichesPanel

    pid, _ = enregistre_personne(store, Dossier(nom_naissance="Vabre", prenoms_naissance="Héloïse", date_naissance="1938-05-02",
                                                commune_code="12119", fiche={"sante": {"allergies": ["Pénicilline"]}}))  # fmt: skip
    valide_fiche(store, pid)
    outputs = [Path.home() / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS")]
    started = time.time() - 1  # cups-pdf names its output after the job's title: look at what is new

    def choose_the_queue(
        dialog: QPrintDialog,
    ) -> int:  # the coordinator picks the printer and clicks Imprimer
        printer = dialog.printer()
        printer.setPrinterName(QUEUE)
        printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        return 1

    monkeypatch.setattr(QPrintDialog, "exec", choose_the_queue)
    panel = FichesPanel(store, pid, lambda: pid)
    qtbot.addWidget(panel)
    panel.print_()  # the same path as the "Imprimer…" button
    deadline = time.monotonic() + 60
    printed: list[Path] = []
    while time.monotonic() < deadline and not printed:
        printed = [
            p
            for folder in outputs
            if folder.is_dir()
            for p in folder.glob("*.pdf")
            if p.stat().st_mtime > started
        ]
        time.sleep(0.5)
    assert printed, "cups-pdf n'a rien produit"
    time.sleep(0.5)  # the file is complete once cups-pdf has closed it
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(printed[0]), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    # cups-pdf re-distils the job through Ghostscript, whose text layer drops accented letters ("P nicilline");
    # the page itself shows them (looked at as an image)
    for expected in ("FICHE D'URGENCE", "VABRE", "02/05/1938", "Laguiole", "nicilline"):
        assert expected in text, expected


def test_an_unknown_printer_is_refused_with_a_french_message() -> None:
    from coordinateur.errors import CoordinateurError
    from coordinateur.fiches import cups

    if not cups.disponible():
        pytest.skip("la commande lp de CUPS n'est pas installée")
    with pytest.raises(CoordinateurError, match="Imprimante-Inconnue"):
        cups.imprime(b"%PDF-1.4", "Imprimante-Inconnue")
