"""The audit trail read back: every kind of act is recorded, filters, period bounds, CSV export, CLI."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import enregistre, fusionne, supprime
from coordinateur.cli import main
from coordinateur.confiance.journal import (
    Filtre,
    compte,
    entrees,
    exporte_csv,
    sur_personne,
    utilisateurs,
    verifie,
)
from coordinateur.confiance.sauvegarde import sauvegarde_manuelle
from coordinateur.fiches.impression import enregistre_pdf, pdf_fiche
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.rgpd import anonymise, pdf_acces
from coordinateur.personnes.service import enregistre_personne, lit_personne, valide_fiche
from coordinateur.reunions.exports import exporte_compte_rendu
from coordinateur.reunions.service import DonneesReunion, DonneesSituation, enregistre_reunion
from coordinateur.settings import load_settings, save_settings
from coordinateur.store import Store


def person(store: Store, nom: str = "Bessière") -> str:
    pid, _ = enregistre_personne(store, Dossier(nom_naissance=nom, prenoms_naissance="Marthe", date_naissance="1937-04-12",
                                                commune_code="12119", fiche={"sante": {"allergies": ["Pénicilline"]}}))  # fmt: skip
    return pid


def test_every_kind_of_act_is_recorded(store: Store, tmp_path: Path) -> None:
    """Create, update, read, print, export, delete, merge, backup, settings, access, erasure: each leaves
    its line, about the right object, and the chain stays intact."""
    pid = person(store)
    lit_personne(store, pid)
    valide_fiche(store, pid)
    pdf_fiche(store, pid, "frigo", action="impression")
    enregistre_pdf(store, pid, "dlu", tmp_path / "fiche_BESSIERE_Marthe.pdf")
    a = enregistre(
        store, FicheIntervenant(nom="Cayla", prenom="Anne", profession_code="60", commune_code="12119")
    ).id
    b = enregistre(
        store, FicheIntervenant(nom="Cayla", prenom="Anne", profession_code="60", commune_code="12119")
    ).id
    fusionne(store, a, b, set())
    c = enregistre(store, FicheIntervenant(nom="Vernhes", profession_code="10")).id
    supprime(store, c)
    rid = enregistre_reunion(store, DonneesReunion(type="cpp", titre="CPP", date=date.today().isoformat(),
                                                   situations=[DonneesSituation(personne_id=pid, question="?")]))  # fmt: skip
    exporte_compte_rendu(store, rid, "pdf", "partenaires", tmp_path / "cr.pdf", destinataire="SSIAD")
    settings = load_settings(store)
    settings.verrouillage_minutes = 5
    save_settings(store, settings, audit_summary="Verrouillage après 5 min")
    sauvegarde_manuelle(store)
    pdf_acces(store, pid)
    anonymise(store, pid)

    rows = entrees(store, limite=None)
    actions = {e.action for e in rows}
    assert {"creation", "modification", "lecture", "impression", "export", "suppression", "fusion", "sauvegarde",
            "parametrage", "droit_acces", "anonymisation"} <= actions  # fmt: skip
    about = {(e.action, e.objet_type) for e in sur_personne(store, pid)}
    assert {("creation", "personne"), ("lecture", "personne"), ("modification", "fiche_liaison"),
            ("impression", "fiche_liaison"), ("export", "fiche_liaison"), ("droit_acces", "personne"),
            ("anonymisation", "personne")} <= about  # fmt: skip
    # the log never keeps a person's name, not even through a file name
    assert not any("BESSIERE" in e.resume.upper() or "Bessière" in e.resume for e in rows)
    assert verifie(store) == []


def test_filters_by_person_user_action_and_period_bounds(store: Store) -> None:
    first, second = person(store, "Bessière"), person(store, "Grimal")
    store.user = "Hélène Bousquet"
    lit_personne(store, second)
    assert {e.objet_id for e in entrees(store, Filtre(personne_id=first))} == {first}
    assert [e.action for e in entrees(store, Filtre(utilisateur="Hélène Bousquet"))] == ["lecture"]
    assert "Hélène Bousquet" in utilisateurs(store)
    assert compte(store, Filtre(action="lecture")) == 1
    today = date.today()
    assert compte(store, Filtre(du=today, au=today)) == compte(store)  # both ends included
    assert compte(store, Filtre(au=today - timedelta(days=1))) == 0
    assert compte(store, Filtre(du=today + timedelta(days=1))) == 0


def test_csv_export_for_excel_is_itself_recorded(store: Store, tmp_path: Path) -> None:
    pid = person(store)
    lit_personne(store, pid)
    target = tmp_path / "journal.csv"
    count = exporte_csv(store, Filtre(personne_id=pid), target)
    assert count == 2
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:3] == ["N°", "Date", "Heure"]
    assert [r[5] for r in rows[1:]] == ["Création", "Consultation"]  # oldest first
    assert entrees(store, limite=1)[0].action == "export"


def test_an_edited_line_is_reported_by_the_journal(store: Store) -> None:
    person(store)
    conn = sqlite3.connect(store.paths.store)
    conn.execute("DROP TRIGGER journal_audit_pas_de_modification")
    conn.execute("UPDATE journal_audit SET utilisateur = 'quelqu''un' WHERE id = 1")
    conn.commit()
    conn.close()
    assert any("modifiée" in p for p in verifie(store))


def test_cli_journal(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pid = person(store)
    data = str(store.paths.data)
    store.close()
    assert main(["--data-dir", data, "journal", "--personne", pid, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["action"] for r in rows] == ["creation"]
    assert main(["--data-dir", data, "journal", "--du", "31/02/2026"]) == 2
    assert "JJ/MM/AAAA" in capsys.readouterr().err
    assert (
        main(["--data-dir", data, "journal", "--action", "creation", "--csv", str(tmp_path / "j.csv")]) == 0
    )
    assert (tmp_path / "j.csv").read_text(encoding="utf-8-sig").count("Création") == 1
