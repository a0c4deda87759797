"""Rights of the person and retention: the access bundle read back, erasure that keeps the counts, the purge
assistant's list and its boundaries, the registre and the notice."""

from __future__ import annotations

import sqlite3
import subprocess
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from coordinateur.documents import registre
from coordinateur.errors import ValidationError
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.rgpd import Regles, a_purger, anonymise, document_acces, pdf_acces, purge
from coordinateur.personnes.service import (
    enregistre_personne,
    liste_personnes,
    lit_personne,
    valide_fiche,
    versions,
)
from coordinateur.reunions.service import (
    DonneesAction,
    DonneesReunion,
    DonneesSituation,
    enregistre_reunion,
    lit_reunion,
    valide_reunion,
)
from coordinateur.settings import Settings
from coordinateur.store import Store

MARKERS = ["Bessière", "BESSIÈRE", "Bessiere", "Marthe", "237041224348444", "Valat", "1937-04-12", "Rouquette",
           "Pénicilline", "0612345678", "+33612345678"]  # fmt: skip


def marthe(store: Store, **changes: object) -> str:
    values: dict = dict(
        nom_naissance="Bessière", nom_usage="Rouquette", prenoms_naissance="Marthe", date_naissance="1937-04-12", sexe="F",
        nir="237041224348444", commune_code="12119", adresse="4 rue du Valat", telephone="06 12 34 56 78", gir=3,
        date_dernier_contact=date.today().isoformat(),
        contacts=[{"role": "prevenir", "nom": "Jean Rouquette", "lien": "fils", "telephone": "06 12 34 56 78"}],
        fiche={"sante": {"allergies": ["Pénicilline — œdème"]}},
    )  # fmt: skip
    values.update(changes)
    pid, _ = enregistre_personne(store, Dossier(**values))
    return pid


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "acces.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def raw_dump(store: Store) -> str:
    conn = sqlite3.connect(store.paths.store)
    try:
        return "\n".join(str(row) for table in ("personne", "fiche_liaison", "situation", "reunion", "action")
                         for row in conn.execute(f"SELECT * FROM {table}"))  # fmt: skip
    finally:
        conn.close()


def meeting(store: Store, pid: str, *, when: date | None = None) -> str:
    day = (when or date.today()).isoformat()
    return enregistre_reunion(store, DonneesReunion(
        type="cpp", titre="Concertation MSP", date=day, ordre_du_jour=["Situation de Marthe"],
        situations=[DonneesSituation(personne_id=pid, question="Maintien à domicile de Marthe Bessière ?",
                                     synthese={"medical": "Bessière marche avec un déambulateur"},
                                     decision="Augmenter le SAAD chez Mme Rouquette")],
        decisions=["Point sur Marthe à la prochaine réunion"],
        actions=[DonneesAction(situation_index=0, quoi="Évaluation APA pour Marthe", responsable="CIAS")],
    ))  # fmt: skip


def test_access_bundle_holds_everything_and_the_audit_entries(store: Store, tmp_path: Path) -> None:
    pid = marthe(store)
    valide_fiche(store, pid)
    meeting(store, pid)
    lit_personne(store, pid)
    text = pdf_text(pdf_acces(store, pid, structure="CPTS Aubrac"), tmp_path)
    flat = " ".join(text.split())
    for expected in ("Données détenues sur Marthe ROUQUETTE", "Bessière", "237041224348444", "12/04/1937",
                     "06 12 34 56 78", "Jean Rouquette", "Pénicilline", "Versions validées", "Concertation MSP",
                     "Maintien à domicile", "Consultation", "Création", "CPTS Aubrac"):  # fmt: skip
        assert expected in flat, expected
    # making the bundle is itself recorded, and appears in the next one
    again = document_acces(store, pid)
    journal = next(
        b for b in again.blocs if b.genre == "tableau" and b.lignes[0] == ["Date", "Par", "Action", "Détail"]
    )
    assert any(row[2] == "Droit d'accès" for row in journal.lignes[1:])


def test_erasure_anonymises_and_keeps_what_is_counted(store: Store) -> None:
    pid = marthe(store)
    other = marthe(store, nom_naissance="Grimal", nom_usage="", prenoms_naissance="Noé", nir="", contacts=[], fiche={},
                   adresse="", telephone="", date_naissance="1941-02-01")  # fmt: skip
    valide_fiche(store, pid)
    rid = meeting(store, pid)
    valide_reunion(store, rid)
    anonymise(store, pid)
    dump = raw_dump(store)
    for marker in MARKERS:
        assert marker not in dump, marker
    rows = {p.id: p for p in liste_personnes(store)}
    assert set(rows) == {pid, other}  # still counted
    assert rows[pid].statut == "anonymisee" and rows[pid].commune_code == "12119"
    assert [v.numero for v in versions(store, pid)] == [1]  # the validated sheet is still counted
    data = lit_reunion(store, rid)
    assert data.situations[0].decision.startswith("Augmenter le SAAD chez")  # the decision stays, masked
    assert len(data.actions) == 1 and data.revisions[-1]["motif"] == "Anonymisation d'une personne (RGPD)"
    assert "Grimal" in raw_dump(store)  # the other person is untouched
    with pytest.raises(ValidationError):
        anonymise(store, "inconnu")


def test_purge_assistant_lists_by_kind_with_its_bounds_then_anonymises_what_was_kept(store: Store) -> None:
    today = date(2026, 11, 23)
    old = marthe(store, date_dernier_contact="2024-11-23")  # exactly 24 months: over
    young = marthe(
        store, nom_naissance="Grimal", prenoms_naissance="Noé", nir="", date_dernier_contact="2024-11-24"
    )
    kept = marthe(
        store, nom_naissance="Cayla", prenoms_naissance="Anne", nir="", date_dernier_contact="2020-01-01"
    )
    meeting(store, young, when=date(2024, 6, 1))
    listed = a_purger(store, Regles(24, 24), aujourdhui=today)
    assert [(p.genre, p.id) for p in listed if p.genre == "dossier"] == [("dossier", kept), ("dossier", old)]
    assert [p.genre for p in listed].count("situation") == 1
    assert young not in {p.id for p in listed}
    assert a_purger(store, Regles(120, 120), aujourdhui=today) == []
    # the coordinator unticks Anne Cayla (follow-up resumed); the rest goes, in one transaction
    chosen = [p for p in listed if p.id != kept]
    assert purge(store, chosen, Regles(24, 24)) == 2
    statuts = {p.id: p.statut for p in liste_personnes(store)}
    assert statuts[old] == "anonymisee" and statuts[kept] == "suivie" and statuts[young] == "suivie"
    assert "Maintien à domicile" not in raw_dump(store)  # the situation's texts went
    assert [p.id for p in a_purger(store, Regles(24, 24), aujourdhui=today)] == [kept]


def test_registre_and_notice_are_prefilled_and_read_back(store: Store, tmp_path: Path) -> None:
    settings = Settings(structure_nom="CPTS Aubrac", coordinateur_nom="Hélène Bousquet", territoire_nom="Aubrac",
                        conservation_dossiers_mois=30)  # fmt: skip
    pdf = registre.enregistre(store, settings, "registre", tmp_path / "registre.pdf")
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Registre des activités de traitement" in text and "CPTS Aubrac" in text and "30 mois" in text
    odt = registre.enregistre(store, settings, "notice", tmp_path / "notice.odt")
    with zipfile.ZipFile(odt) as archive:
        content = archive.read("content.xml").decode("utf-8")
    assert (
        "Vos informations personnelles et vos droits" in content
        and "30 mois" in content
        and "CNIL" in content
    )
    with pytest.raises(ValidationError, match=r"\.pdf, \.odt"):
        registre.enregistre(store, settings, "notice", tmp_path / "notice.txt")
    assert not (tmp_path / "notice.txt").exists()


def test_a_person_with_no_contact_date_ages_from_the_last_change(store: Store) -> None:
    pid = marthe(store, date_dernier_contact="")
    in_three_years = date.today() + timedelta(days=3 * 366)
    assert [p.id for p in a_purger(store, aujourdhui=in_three_years)] == [pid]
    assert a_purger(store) == []
