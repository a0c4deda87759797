"""Meetings: redaction for partners read back from every format, LibreOffice conversion, ICS, carry-over,
the validation lock, date checks, case codes, diffusion log, command line."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from coordinateur.cli import main
from coordinateur.errors import ValidationError
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.service import enregistre_personne, lit_personne
from coordinateur.reunions.exports import (
    diffusions,
    emargement,
    exporte_compte_rendu,
    invitation,
    liste_actions_csv,
)
from coordinateur.reunions.service import (
    DonneesAction,
    DonneesReunion,
    DonneesSituation,
    actions,
    enregistre_reunion,
    lit_reunion,
    planifie,
    suit_action,
    valide_reunion,
)
from coordinateur.store import Store
from coordinateur.text import date_longue

TODAY = date.today()
IDENTITY = ["Bessière", "Bessiere", "BESSIÈRE", "Marthe", "12/04/1937", "1937-04-12", "237041224348444", "Valat",
            "05 65 44 12 12", "+33565441212", "Grimal", "Noé", "Rouquette"]  # fmt: skip


@pytest.fixture
def meeting(store: Store, annuaire: dict) -> dict[str, str]:
    marthe, _ = enregistre_personne(store, Dossier(
        nom_naissance="Bessière", nom_usage="Rouquette", prenoms_naissance="Marthe", date_naissance="1937-04-12", sexe="F",
        nir="237041224348444", commune_code="12119", adresse="4 rue du Valat", telephone="05 65 44 12 12"))  # fmt: skip
    noe, _ = enregistre_personne(store, Dossier(nom_naissance="Grimal", prenoms_naissance="Noé", date_naissance="1941-02-01",
                                                commune_code="12096", partage={"opposition": {"active": True}}))  # fmt: skip
    rid = enregistre_reunion(store, DonneesReunion(
        type="cpp", titre="Concertation MSP — situation de Mme Rouquette", serie="CPP Laguiole", date=TODAY.isoformat(),
        heure_debut="14:00", heure_fin="16:00", lieu="MSP de Laguiole",
        participants=[{"annuaire_id": annuaire["ancien"], "nom": "Dr Paul Vernhes", "qualite": "Médecin", "presence": "present",
                       "email": "pv@example.fr"},
                      {"annuaire_id": annuaire["coeur"], "nom": "Anne Cœurdevey", "qualite": "Aide à domicile", "presence": "visio"}],
        ordre_du_jour=["Situations"],
        situations=[DonneesSituation(personne_id=marthe, question="Maintien à domicile de Marthe Bessière ?",
                                     synthese={"medical": "BESSIERE marche avec un déambulateur"},
                                     decision="Augmenter le SAAD chez Mme Rouquette"),
                    DonneesSituation(personne_id=noe, question="Noé refuse les soins", decision="Revoir Noé Grimal")],
        decisions=["Point sur Marthe à la prochaine réunion"],
        actions=[DonneesAction(situation_index=0, quoi="Évaluation APA pour Marthe", responsable="CIAS Aubrac",
                               echeance=(TODAY + timedelta(days=20)).isoformat())],
    ))  # fmt: skip
    return {"reunion": rid, "marthe": marthe, "noe": noe}


def texts(path: Path) -> str:
    """Everything a reader could see: the text and every XML part (metadata included)."""
    if path.suffix == ".pdf":
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return text + info
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith((".xml", ".rdf"))
        )


def readable_text(path: Path) -> str:
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join(parts)
    if path.suffix == ".odt":
        from odfdo import Document

        return Document(str(path)).get_formatted_text()
    return texts(path)


@pytest.mark.parametrize("fmt", ["pdf", "odt", "docx"])
def test_partner_minutes_hold_no_identity_anywhere(
    store: Store, meeting: dict, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"cr.{fmt}"
    exporte_compte_rendu(store, meeting["reunion"], fmt, "partenaires", path)
    everything = texts(path) + readable_text(path)
    for word in IDENTITY:
        assert word not in everything, word
    code = lit_personne(store, meeting["marthe"]).code_situation
    assert code.startswith("S-") and code in readable_text(path)
    assert "85–89 ans" in readable_text(path) and "Laguiole" in readable_text(path)
    assert "s'est opposée au partage" in readable_text(path)


@pytest.mark.parametrize("fmt", ["pdf", "odt", "docx"])
def test_team_minutes_are_nominative_except_under_opposition(
    store: Store, meeting: dict, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"cr.{fmt}"
    exporte_compte_rendu(store, meeting["reunion"], fmt, "equipe", path)
    text = readable_text(path)
    assert "Marthe ROUQUETTE" in text and "Maintien à domicile de Marthe Bessière" in text
    assert "Grimal" not in text and "Noé" not in text  # opposition: the code only, even for the team


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice absent (apt-get install libreoffice-writer-nogui)"
)
def test_odt_and_docx_open_in_libreoffice(store: Store, meeting: dict, tmp_path: Path) -> None:
    for fmt in ("odt", "docx"):
        exporte_compte_rendu(store, meeting["reunion"], fmt, "partenaires", tmp_path / f"cr-{fmt}.{fmt}")
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "out"), str(tmp_path / "cr-odt.odt"), str(tmp_path / "cr-docx.docx")],
                   check=True, capture_output=True, timeout=240)  # fmt: skip
    for name in ("cr-odt.pdf", "cr-docx.pdf"):
        converted = tmp_path / "out" / name
        assert converted.exists(), name
        assert "Concertation MSP" in texts(converted) and "Bessière" not in texts(converted)
        # no chapter numbers on the headings (odfdo's template had LibreOffice print « 1.1.2 Participants »)
        assert not re.search(
            r"^\s*\d+(\.\d+)+\.?\s*(Participants|Situations|Décisions)", texts(converted), re.M
        )
    # the DOCX on A4, its tables across the page: the last column of the participants starts past the middle
    converted = tmp_path / "out" / "cr-docx.pdf"
    assert "595" in subprocess.run(["pdfinfo", str(converted)], capture_output=True, text=True).stdout
    boxes = subprocess.run(["pdftotext", "-bbox", str(converted), "-"], capture_output=True, text=True).stdout
    last_column = re.search(r'<word xMin="([\d.]+)"[^>]*>Présence</word>', boxes)
    assert last_column and float(last_column[1]) > 0.6 * 595


def test_docx_says_who_made_it_in_french(store: Store, meeting: dict, tmp_path: Path) -> None:
    import docx

    valide_reunion(store, meeting["reunion"])
    path = tmp_path / "cr.docx"
    exporte_compte_rendu(store, meeting["reunion"], "docx", "equipe", path)
    with zipfile.ZipFile(path) as archive:
        app = archive.read("docProps/app.xml").decode("utf-8")
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<Application>Coordinateur</Application>" in app and "Microsoft" not in app
    assert body.count('w:tblW w:type="pct" w:w="5000"') == body.count("<w:tbl>") > 0
    document = docx.Document(str(path))
    assert round(document.sections[0].page_width.cm, 1) == 21.0  # A4, not US Letter
    assert document.core_properties.last_modified_by != "python-docx"
    text = readable_text(path)
    assert f"validé le {date_longue(TODAY)}" in text and TODAY.isoformat() not in text
    assert "née le 12/04/1937" in text and "né(e)" not in text


def test_ics_invitation(store: Store, meeting: dict, tmp_path: Path) -> None:
    from icalendar import Calendar

    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    invitation(store, meeting["reunion"], first)
    invitation(store, meeting["reunion"], second)
    events = [next(e for e in Calendar.from_ical(p.read_bytes()).walk("VEVENT")) for p in (first, second)]
    assert events[0]["UID"] == events[1]["UID"] == f"{meeting['reunion']}@coordinateur"
    start = events[0].decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Paris" and start.hour == 14
    assert events[0].decoded("DTEND").hour == 16
    assert "MSP de Laguiole" in str(events[0]["LOCATION"])
    attendees = events[0].get("ATTENDEE")
    assert len(attendees) == 2 and "mailto:pv@example.fr" in [str(a) for a in attendees]


def test_attendance_sheet(store: Store, meeting: dict, tmp_path: Path) -> None:
    emargement(store, meeting["reunion"], tmp_path / "e.pdf")
    text = texts(tmp_path / "e.pdf")
    assert "Feuille d'émargement" in text and "Signature" in text and "Anne Cœurdevey" in text


def test_actions_follow_the_series(store: Store, meeting: dict, tmp_path: Path) -> None:
    nxt = planifie(store, "CPP Laguiole", TODAY + timedelta(days=30))
    data = lit_reunion(store, nxt)
    assert data.ordre_du_jour[0] == "Suivi des actions (1 en cours)"
    assert [p["presence"] for p in data.participants] == ["present", "present"]
    exporte_compte_rendu(store, nxt, "docx", "equipe", tmp_path / "next.docx")
    text = readable_text(tmp_path / "next.docx")
    assert "Suivi des actions des réunions précédentes" in text and "Évaluation APA pour Marthe" in text
    action = actions(store, serie="CPP Laguiole")[0]
    assert action.situation == "ROUQUETTE Marthe"  # the board says whose situation it comes from
    suit_action(store, action.id, statut="fait")
    assert actions(store, serie="CPP Laguiole", statuts=("a_faire", "en_cours")) == []
    liste_actions_csv(store, actions(store), tmp_path / "actions.csv")
    import csv

    with (tmp_path / "actions.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    apa = next(r for r in rows if "Évaluation APA" in r["Action"])
    # dates as a French spreadsheet reads them
    assert apa["Date de la réunion"] == date.fromisoformat(action.reunion_date).strftime("%d/%m/%Y")
    assert all(not r["Échéance"] or re.fullmatch(r"\d\d/\d\d/\d{4}", r["Échéance"]) for r in rows)


def test_overdue_actions_are_flagged(store: Store, annuaire: dict) -> None:
    past = TODAY - timedelta(days=40)
    enregistre_reunion(store, DonneesReunion(titre="Ancienne", serie="S", date=past.isoformat(), actions=[
        DonneesAction(quoi="Appeler la famille", echeance=(past + timedelta(days=5)).isoformat())]))  # fmt: skip
    assert [a.en_retard for a in actions(store, serie="S")] == [True]


def test_validated_minutes_change_only_through_a_logged_amendment(store: Store, meeting: dict) -> None:
    valide_reunion(store, meeting["reunion"])
    data = lit_reunion(store, meeting["reunion"])
    data.decisions.append("Nouvelle décision")
    with pytest.raises(ValidationError, match="motif de l'amendement"):
        enregistre_reunion(store, data)
    assert lit_reunion(store, meeting["reunion"]).decisions == ["Point sur Marthe à la prochaine réunion"]
    enregistre_reunion(store, data, motif_amendement="Oubli de séance")
    after = lit_reunion(store, meeting["reunion"])
    assert after.statut == "validee" and after.revisions[0]["motif"] == "Oubli de séance"
    suit_action(store, after.actions[0].id or "", statut="en_cours")  # follow-up stays free


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"heure_debut": "16:00", "heure_fin": "14:00"}, "fin est avant"),
        (
            {"actions": [DonneesAction(quoi="X", echeance=(TODAY - timedelta(days=1)).isoformat())]},
            "avant la réunion",
        ),
        ({"titre": ""}, "Titre"),
        ({"participants": [{"nom": "X", "presence": "peut-être"}]}, "présence inconnue"),
    ],
)
def test_dates_out_of_order_and_bad_input(store: Store, changes: dict, message: str) -> None:
    values = {"titre": "Réunion", "date": TODAY.isoformat(), **changes}
    with pytest.raises(ValidationError, match=message):
        enregistre_reunion(store, DonneesReunion(**values))


def test_dates_typed_the_french_way_are_stored_iso(store: Store) -> None:
    """The command line and imports give dates as people write them; the minutes keep one form."""
    day = TODAY.strftime("%d/%m/%Y")
    due = (TODAY + timedelta(days=10)).strftime("%d/%m/%Y")
    reunion_id = enregistre_reunion(store, DonneesReunion(
        titre="Réunion", date=day, situations=[DonneesSituation(code="S1", revue_le=due)],
        actions=[DonneesAction(quoi="Appeler", echeance=due)]))  # fmt: skip
    saved = lit_reunion(store, reunion_id)
    assert saved.date == TODAY.isoformat()
    assert (
        saved.actions[0].echeance == saved.situations[0].revue_le == (TODAY + timedelta(days=10)).isoformat()
    )
    with pytest.raises(ValidationError, match="« 31/02/2026 » n'est pas une date"):
        enregistre_reunion(store, DonneesReunion(titre="Réunion", date="31/02/2026"))


def test_codes_are_assigned_and_the_diffusion_is_logged(store: Store, meeting: dict, tmp_path: Path) -> None:
    assert lit_personne(store, meeting["marthe"]).code_situation == ""
    exporte_compte_rendu(
        store, meeting["reunion"], "pdf", "partenaires", tmp_path / "a.pdf", destinataire="CIAS Aubrac"
    )
    exporte_compte_rendu(store, meeting["reunion"], "pdf", "equipe", tmp_path / "b.pdf")
    codes = {lit_personne(store, meeting[k]).code_situation for k in ("marthe", "noe")}
    assert codes == {"S-0001", "S-0002"}
    log = diffusions(store, meeting["reunion"])
    assert len(log) == 2 and ("partenaires", "CIAS Aubrac") in {(d.niveau, d.destinataire) for d in log}
    conn = sqlite3.connect(store.paths.store)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE diffusion SET destinataire = 'x'")
    conn.close()


def test_cli_reunion_liste_and_export(
    store: Store, meeting: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(store.paths.data)
    store.close()
    assert main(["--data-dir", data, "reunion", "liste", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["nb_situations"] == 2 and rows[0]["nb_actions_ouvertes"] == 1
    assert set(rows[0]) >= {"id", "titre", "type", "date", "statut", "nb_situations", "nb_actions_ouvertes"}
    out = tmp_path / "cr.odt"
    assert (
        main(
            [
                "--data-dir",
                data,
                "reunion",
                "export",
                "concertation",
                "--format",
                "odt",
                "--pour",
                "partenaires",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert "Bessière" not in readable_text(out)
    assert (
        main(
            [
                "--data-dir",
                data,
                "reunion",
                "export",
                rows[0]["id"],
                "--format",
                "ics",
                "-o",
                str(tmp_path / "i.ics"),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "--data-dir",
                data,
                "reunion",
                "export",
                "inexistante",
                "--format",
                "pdf",
                "-o",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 1
    )


def test_partner_minutes_wait_in_the_outbox(store: Store, meeting: dict, tmp_path: Path) -> None:
    from coordinateur.partage.boite import boite_envoi

    exporte_compte_rendu(
        store, meeting["reunion"], "pdf", "partenaires", tmp_path / "a.pdf", destinataire="CIAS Aubrac"
    )
    exporte_compte_rendu(store, meeting["reunion"], "pdf", "equipe", tmp_path / "b.pdf")
    waiting = boite_envoi(store)
    assert [(w.destinataire, w.genre, w.donnees_personnes) for w in waiting] == [
        ("CIAS Aubrac", "releve-de-decisions", False)
    ]
    # the listing does not load documents; what waits is the very file exported (same SHA-256)
    assert waiting[0].sha256 == hashlib.sha256((tmp_path / "a.pdf").read_bytes()).hexdigest()


def test_meetings_and_validated_sheets_move_the_last_contact_forward(store: Store) -> None:
    """« Dernier contact », on which the retention rules count, is set by what is a contact: a meeting about
    the person, her sheet validated; never moved back, never into the future."""
    from coordinateur.personnes.service import valide_fiche

    pid, _ = enregistre_personne(store, Dossier(nom_naissance="Cayla", prenoms_naissance="Rose", date_naissance="1936-02-02",
                                                commune_code="12119", date_dernier_contact="2025-01-10"))  # fmt: skip
    held = TODAY - timedelta(days=10)
    enregistre_reunion(
        store,
        DonneesReunion(titre="RCP", date=held.isoformat(), situations=[DonneesSituation(personne_id=pid)]),
    )
    assert lit_personne(store, pid).date_dernier_contact == held.isoformat()
    enregistre_reunion(store, DonneesReunion(titre="Prévue", date=(TODAY + timedelta(days=20)).isoformat(),
                                             situations=[DonneesSituation(personne_id=pid)]))  # fmt: skip
    enregistre_reunion(
        store,
        DonneesReunion(titre="Ancienne", date="2024-06-01", situations=[DonneesSituation(personne_id=pid)]),
    )
    assert lit_personne(store, pid).date_dernier_contact == held.isoformat()
    valide_fiche(store, pid)
    assert lit_personne(store, pid).date_dernier_contact == TODAY.isoformat()
