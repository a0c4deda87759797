"""Indicators against a hand-built store with known answers, edges included; periods; registers; closing
a period (frozen figures); the bilan read back as PDF, CSV and XLSX; the command line."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from coordinateur.annuaire.fiches import FicheStructure
from coordinateur.annuaire.service import enregistre, lit
from coordinateur.cli import main
from coordinateur.errors import ValidationError
from coordinateur.indicateurs.bilan import bilan, cloture, en_csv, en_xlsx, enregistre_note, exporte
from coordinateur.indicateurs.calcul import calcule, definitions
from coordinateur.indicateurs.periodes import periode, territoire
from coordinateur.indicateurs.registres import (
    DonneesConvention,
    DonneesEvenement,
    alerte,
    echeances,
    enregistre_convention,
    enregistre_evenement,
    liste_conventions,
    supprime,
)
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.service import enregistre_personne, valide_fiche
from coordinateur.reunions.models import Reunion
from coordinateur.reunions.service import (
    DonneesAction,
    DonneesReunion,
    DonneesSituation,
    enregistre_reunion,
    lit_reunion,
    suit_action,
)
from coordinateur.settings import load_settings
from coordinateur.store import Store

TODAY = date(2026, 3, 1)  # every period of 2025 is over


def values(store: Store, code: str = "2025", lieu: str = "") -> dict[str, float]:
    where = territoire(load_settings(store), lieu)
    return {v.code: v.valeur for v in calcule(store, periode(code), where, aujourdhui=TODAY)}


def meeting(store: Store, day: str, kind: str = "cpp", *, personnes: list[str] = (), statut: str = "tenue",
            participants: list[dict] = (), actions: list[DonneesAction] = ()) -> str:  # type: ignore[assignment]  # fmt: skip
    return enregistre_reunion(store, DonneesReunion(
        type=kind, titre=f"Réunion {kind} du {day}", date=day, statut=statut, participants=list(participants),
        situations=[DonneesSituation(personne_id=p, question="?") for p in personnes], actions=list(actions),
    ))  # fmt: skip


def person(store: Store, nom: str, commune: str, **changes: object) -> str:
    pid, _ = enregistre_personne(store, Dossier(nom_naissance=nom, prenoms_naissance="Anne", date_naissance="1940-01-01",
                                                commune_code=commune, **changes))  # type: ignore[arg-type]  # fmt: skip
    return pid


@pytest.fixture
def territory(store: Store, annuaire: dict[str, str]) -> dict[str, str]:
    """The directory of conftest (an SSIAD covering CC Aubrac, Carladez et Viadène; a SAAD covering Laguiole
    and Argences), two persons in two EPCIs, meetings around the new year, registers."""
    ids = dict(annuaire)
    ids["laguiole"] = person(store, "Rouquette", "12119")  # CC Aubrac, Carladez et Viadène
    ids["espalion"] = person(store, "Grimal", "12096")  # CC Comtal Lot et Truyère
    pro = {
        "nom": "Dr Paul Vernhes",
        "qualite": "Médecin",
        "presence": "present",
        "annuaire_id": ids["jerome"],
    }
    ids["m_dec"] = meeting(
        store, "2024-12-31", personnes=[ids["laguiole"]], participants=[pro]
    )  # boundary: 2025
    ids["m_jan"] = meeting(store, "2025-01-01", personnes=[ids["laguiole"], ids["espalion"]], participants=[
        pro, {"nom": "Anne Cœurdevey", "qualite": "Aide à domicile", "presence": "visio"},
        {"nom": "Marc Cayla", "presence": "excuse"}], actions=[
        DonneesAction(situation_index=0, quoi="Visite conjointe", responsable="SSIAD", echeance="2025-02-01"),
        DonneesAction(situation_index=1, quoi="Demande APA", responsable="CCAS", echeance="2025-03-01"),
        DonneesAction(situation_index=1, quoi="Abandonnée", responsable="CCAS", echeance="2025-01-15")])  # fmt: skip
    ids["m_com"] = meeting(store, "2025-06-15", "commission", participants=[{**pro, "presence": "present"}])
    ids["m_prep"] = meeting(store, "2025-07-01", statut="preparee")  # never held: not counted
    ids["m_del"] = meeting(store, "2025-08-01", personnes=[ids["espalion"]])
    with store.write() as session:  # a deleted meeting counts nowhere
        row = session.get(Reunion, ids["m_del"])
        assert row is not None
        row.deleted = True
    actions = lit_reunion(store, ids["m_jan"]).actions
    suit_action(store, actions[0].id or "", statut="fait", fait_le="2025-01-20")
    suit_action(store, actions[2].id or "", statut="abandonne")
    valide_fiche(store, ids["laguiole"])
    for day, genre, partners in (("2024-12-31", "mutualisation", [ids["ssiad"]]), ("2025-01-01", "mutualisation", [ids["saad"]]),
                                 ("2025-12-31", "formation", [ids["ssiad"]])):  # fmt: skip
        enregistre_convention(store, DonneesConvention(titre=f"Convention {day}", genre=genre, partenaires=partners,
                                                       signee_le=day))  # fmt: skip
    gone = enregistre_convention(store, DonneesConvention(titre="Annulée", genre="mutualisation",
                                                          partenaires=[ids["saad"]], signee_le="2025-05-05"))  # fmt: skip
    supprime(store, "convention", gone)
    enregistre_evenement(store, DonneesEvenement(titre="Journée de l'autonomie", genre="journee", date="2025-10-02",
                                                 commune_code="12119", nb_participants=120))  # fmt: skip
    enregistre_evenement(store, DonneesEvenement(titre="Formation chutes", genre="formation", date="2025-03-03",
                                                 commune_code="12096", nb_participants=15))  # fmt: skip
    ssiad = lit(store, ids["ssiad"])
    assert isinstance(ssiad, FicheStructure)
    ssiad.outils_partages_le = "2025-04-01"
    enregistre(store, ssiad)
    return ids


def test_each_indicator_against_a_known_answer(store: Store, territory: dict[str, str]) -> None:
    v = values(store)
    assert v["commissions_territoire"] == 1
    assert (
        v["reunions_professionnels"] == 2
    )  # 1 Jan and the commission; not 31 Dec, the prepared nor the deleted
    assert (
        v["conventions_mutualisation"] == 1 and v["conventions_signees"] == 2
    )  # boundary days; deleted one out
    assert v["etablissements_outils_partages"] == 1
    assert v["journees_autonomie"] == 2
    assert v["situations_discutees"] == 2
    assert v["actions_ouvertes"] == 2  # the abandoned one is not counted
    assert v["actions_faites"] == 1
    assert v["actions_en_retard"] == 1  # "Demande APA", due 1 March 2025, never done
    assert (
        v["professionnels_rencontres"] == 2
    )  # Dr Vernhes once (two meetings), Anne in visio; not the excused
    assert v["personnes_suivies"] == 0  # their files were created this year, after the period
    assert v["fiches_validees"] == 0  # validated today: counted in this year's figures (next test)
    previous = values(store, "2024")
    assert previous["reunions_professionnels"] == 1 and previous["conventions_mutualisation"] == 1
    assert previous["etablissements_outils_partages"] == 0  # noted in April 2025


def test_sheets_and_directory_freshness_at_the_end_of_the_period(
    store: Store, territory: dict[str, str]
) -> None:
    this_year = str(date.today().year)
    where = territoire(load_settings(store))
    v = {x.code: x for x in calcule(store, periode(this_year), where)}
    assert v["fiches_validees"].valeur == 1
    assert v["fiches_a_jour"].valeur == 1 and v["fiches_perimees"].valeur == 1  # Grimal never validated
    assert v["fiches_perimees"].lignes[0].detail == "jamais validée"
    # the directory: conftest's records were never checked except those with a date
    fresh = v["annuaire_a_jour"]
    assert 0 <= fresh.valeur <= 100 and all(
        line.genre in ("intervenant", "structure") for line in fresh.lignes
    )


def test_the_territory_filter_places_meetings_by_their_persons_and_coverage_counts_two_zones(
    store: Store, territory: dict[str, str]
) -> None:
    aubrac = values(store, lieu="epci:200067171")
    comtal = values(store, lieu="epci:200067478")
    assert (
        aubrac["reunions_professionnels"] == 1 and comtal["reunions_professionnels"] == 1
    )  # the 1 Jan meeting
    assert aubrac["commissions_territoire"] == 0  # a commission without situations counts for the whole only
    assert aubrac["situations_discutees"] == 1 and comtal["situations_discutees"] == 1
    assert (
        aubrac["journees_autonomie"] == 1 and values(store, lieu="commune:12096")["journees_autonomie"] == 1
    )
    assert aubrac["communes_sans_ssiad"] == 0  # the SSIAD covers its whole EPCI
    everywhere = values(store)
    assert everywhere["communes_sans_ssiad"] == 38  # 59 communes, 21 covered
    assert everywhere["communes_sans_saad"] == 57  # the SAAD covers two communes
    # an SSIAD whose zone spans two other EPCI covers them both
    enregistre(store, FicheStructure(nom="SSIAD Lot et Causses", type_code="SSIAD", commune_code="12096",
                                     zone_epcis=["200067478", "200068484"]))  # fmt: skip
    assert values(store)["communes_sans_ssiad"] == 0
    assert values(store, lieu="epci:200068484")["communes_sans_ssiad"] == 0


def test_periods_and_their_previous() -> None:
    assert (periode("2026").debut, periode("2026").fin) == (date(2026, 1, 1), date(2026, 12, 31))
    assert periode("2026-s2").fin == date(2026, 12, 31) and periode("2026-S1").precedente().code == "2025-S2"
    assert periode("2026-T1").precedente().code == "2025-T4" and periode("2026-T3").fin == date(2026, 9, 30)
    custom = periode("2026-03-01..2026-03-31")
    assert (
        custom.precedente().fin == date(2026, 2, 28)
        and (custom.precedente().fin - custom.precedente().debut).days == 30
    )
    assert (
        periode("2026-T2").libelle == "2e trimestre 2026"
        and periode("2026-S1").libelle == "1er semestre 2026"
    )
    for bad in ("2026-T5", "26", "2026-06-30..2026-01-01", ""):
        with pytest.raises(ValidationError):
            periode(bad)


def test_definitions_are_versioned_data() -> None:
    d = definitions()
    assert d.version and len({i.code for i in d.indicateurs}) == len(d.indicateurs) >= 18
    assert all(i.groupe in d.groupes and i.definition for i in d.indicateurs)


def test_registers_refuse_bad_input_and_warn_before_expiry(store: Store, annuaire: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="au moins une structure"):
        enregistre_convention(store, DonneesConvention(titre="Sans partenaire", signee_le="2025-01-01"))
    with pytest.raises(ValidationError, match="suivre sa signature"):
        enregistre_convention(store, DonneesConvention(titre="X", partenaires=[annuaire["ssiad"]], signee_le="2025-01-01",
                                                       fin_le="2025-01-01"))  # fmt: skip
    with pytest.raises(ValidationError, match="futur"):
        enregistre_convention(store, DonneesConvention(titre="X", partenaires=[annuaire["ssiad"]],
                                                       signee_le=(date.today() + timedelta(days=3)).isoformat()))  # fmt: skip
    with pytest.raises(ValidationError, match="absent de l'annuaire"):
        enregistre_convention(
            store, DonneesConvention(titre="X", partenaires=["inconnu"], signee_le="2025-01-01")
        )
    with pytest.raises(ValidationError, match="Commune inconnue"):
        enregistre_evenement(store, DonneesEvenement(titre="X", date="2025-01-01", commune_code="99999"))
    soon = (date.today() + timedelta(days=20)).isoformat()
    enregistre_convention(store, DonneesConvention(titre="Bientôt finie", partenaires=[annuaire["ssiad"]],
                                                   signee_le="2025-01-01", fin_le=soon))  # fmt: skip
    assert [c.titre for c in echeances(store)] == ["Bientôt finie"]
    assert liste_conventions(store)[0].alerte == "expire dans 20 jours"
    assert alerte("2020-01-01") == "expirée" and alerte("") == "" and alerte("2099-01-01") == ""


def test_a_closed_period_is_frozen_and_reprints_identically(
    store: Store, territory: dict[str, str], tmp_path: Path
) -> None:
    when, where = periode("2025"), territoire(load_settings(store))
    enregistre_note(store, when, where, "Année de lancement de la commission.")
    with pytest.raises(ValidationError, match="pas terminée"):
        cloture(store, when, where, aujourdhui=date(2025, 12, 31))
    closed = cloture(store, when, where, aujourdhui=TODAY)
    assert closed.clos and closed.commentaire == "Année de lancement de la commission."
    first = exporte(store, closed, tmp_path / "avant.csv").read_bytes()
    # data changes afterwards: the closed figures do not
    meeting(store, "2025-09-09", "commission")
    enregistre_evenement(store, DonneesEvenement(titre="Rencontre", genre="rencontre", date="2025-11-11"))
    again = bilan(store, when, where)
    assert again.valeur("commissions_territoire") == 1 and again.valeur("journees_autonomie") == 2
    assert exporte(store, again, tmp_path / "apres.csv").read_bytes() == first
    assert values(store)["commissions_territoire"] == 2  # while the live figures move on
    with pytest.raises(ValidationError, match="déjà close"):
        cloture(store, when, where, aujourdhui=TODAY)
    with pytest.raises(ValidationError, match="close"):
        enregistre_note(store, when, where, "autre chose")
    conn = sqlite3.connect(store.paths.store)
    for statement in ("UPDATE cloture SET version = 'x'", "DELETE FROM cloture"):
        with pytest.raises(sqlite3.IntegrityError, match="close"):
            conn.execute(statement)
    conn.close()


def test_bilan_read_back_as_pdf_csv_and_xlsx(store: Store, territory: dict[str, str], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    b = bilan(store, periode("2025"), territoire(load_settings(store)), aujourdhui=TODAY)
    pdf = exporte(store, b, tmp_path / "bilan.pdf", structure="DAC Nord-Aveyron")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE) and "(A4)" in info
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Bilan des indicateurs — année 2025" in text and "Réunions des commissions de territoire" in text
    assert "DAC Nord-Aveyron" in text and "Chiffres provisoires" in text
    rows = list(csv.reader(io.StringIO(en_csv(b).decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["Groupe", "Indicateur", "Valeur", "Période précédente", "Évolution"]
    by_label = {r[1]: r for r in rows[2:] if len(r) > 2}
    assert by_label["Réunions entre professionnels"][2:] == ["2", "1", "+1"]
    sheet = load_workbook(io.BytesIO(en_xlsx(b))).active
    assert sheet is not None
    cells = {row[1]: row[2] for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    assert cells["Situations discutées"] == 2
    with pytest.raises(ValidationError, match=r"\.pdf, \.csv"):
        exporte(store, b, tmp_path / "bilan.doc")


def test_command_line(
    store: Store, territory: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(store.paths.data)
    store.close()
    assert (
        main(
            [
                "--data-dir",
                data,
                "indicateurs",
                "calcule",
                "--periode",
                "2025",
                "--epci",
                "200067171",
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["periode"] == "2025" and out["territoire"] == "epci:200067171"
    codes = {i["code"]: i for i in out["indicateurs"]}
    assert {"code", "libelle", "valeur"} <= set(codes["reunions_professionnels"]) and codes[
        "situations_discutees"
    ]["valeur"] == 1
    assert (
        main(["--data-dir", data, "indicateurs", "bilan", "--periode", "2025", "-o", str(tmp_path / "b.pdf")])
        == 0
    )
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    assert main(["--data-dir", data, "indicateurs", "calcule", "--periode", "2026-T9"]) == 2
    assert (
        main(
            [
                "--data-dir",
                data,
                "indicateurs",
                "cloturer",
                "--periode",
                "2024",
                "--commentaire",
                "Rien à signaler",
            ]
        )
        == 0
    )
    assert main(["--data-dir", data, "evenement", "ajoute", "--titre", "Forum", "--genre", "rencontre",
                 "--date", "2025-05-05", "--commune", "12119", "--participants", "40"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--data-dir", data, "evenement", "liste", "--json"]) == 0
    assert "Forum" in [e["titre"] for e in json.loads(capsys.readouterr().out)]
