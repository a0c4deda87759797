"""The audit journal says what happened, in the coordinator's words: a cancelled print is not a print,
and no internal name (« boite_envoi », « Compte rendu equipe ») shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog
from pytestqt.qtbot import QtBot

from coordinateur.confiance.journal import LIBELLES_OBJETS, Filtre, entrees
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.service import enregistre_personne, valide_fiche
from coordinateur.store import Store


def test_a_cancelled_print_is_not_journaled_as_a_print(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.fiches.panel import FichesPanel

    pid, _ = enregistre_personne(store, Dossier(nom_naissance="Vabre", prenoms_naissance="Héloïse",
                                                date_naissance="1938-05-02", commune_code="12119"))  # fmt: skip
    valide_fiche(store, pid)
    monkeypatch.setattr(QPrintDialog, "exec", lambda _dialog: 0)  # « Annuler »
    panel = FichesPanel(store, pid, lambda: pid)
    qtbot.addWidget(panel)
    panel.print_()
    assert not [e for e in entrees(store, Filtre(action="impression"), limite=None)]


def test_the_journal_speaks_french(store: Store, annuaire: dict, tmp_path: Path) -> None:
    from datetime import date

    from coordinateur.reunions.exports import exporte_compte_rendu
    from coordinateur.reunions.service import DonneesReunion, enregistre_reunion

    rid = enregistre_reunion(store, DonneesReunion(titre="Commission", date=date.today().isoformat()))
    exporte_compte_rendu(store, rid, "pdf", "equipe", tmp_path / "cr.pdf", destinataire="Équipe")
    exporte_compte_rendu(store, rid, "odt", "partenaires", tmp_path / "cr.odt", destinataire="CIAS")
    everything = entrees(store, Filtre(), limite=None)
    resumes = {e.resume for e in everything}
    assert "Compte rendu pour l'équipe (PDF) → Équipe" in resumes
    assert "Relevé de décisions pour les partenaires (ODT) → CIAS" in resumes
    deposit = [e for e in everything if e.objet_type == "boite_envoi"]  # the relevé waiting for the folder
    assert deposit and {e.objet_libelle for e in deposit} == {"Boîte d'envoi"}
    assert set(LIBELLES_OBJETS.values()) >= {e.objet_libelle for e in everything}
    # a validated minutes' fingerprint is named, not a bare hexadecimal code in brackets
    from coordinateur.reunions.service import valide_reunion

    valide_reunion(store, rid)
    validated = [
        e.resume for e in entrees(store, Filtre(), limite=None) if e.resume.startswith("Compte rendu validé")
    ]
    assert validated and all("empreinte du contenu : " in r for r in validated), validated
