"""What leaves for partners says only what it must: the redaction module on hard names, a property test
over every field of a meeting and every outbound format, the demo's meetings, the refusal and its
confirmation on the command line."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coordinateur.cli import main
from coordinateur.documents.caviardage import Caviardage
from coordinateur.documents.lexique import cle, mots
from coordinateur.documents.suspicions import SuspicionsNonConfirmees
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.service import enregistre_personne
from coordinateur.reunions.exports import apercu_compte_rendu, emargement, exporte_compte_rendu, invitation
from coordinateur.reunions.service import (
    DIMENSIONS,
    DonneesAction,
    DonneesReunion,
    DonneesSituation,
    choisit_pour_partenaires,
    enregistre_reunion,
    lit_reunion,
    valide_reunion,
)
from coordinateur.store import Store

TODAY = date.today()
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre"]  # fmt: skip


def redact(dossiers: list[tuple[Dossier, str]], text: str) -> tuple[str, Caviardage]:
    c = Caviardage(reference=TODAY)
    for dossier, code in dossiers:
        c.ajoute_personne(dossier, code)
    return c.texte(text, "test"), c


MARTHE = Dossier(
    civilite="Mme", nom_naissance="ZYXWVU-TESTARD", nom_usage="D'ARSONVAL", prenoms_naissance="Marie-Claire Élise",
    date_naissance="1933-05-01", adresse="Lieu-dit la Borie Haute", complement="après le pont de la Selves",
    commune_code="12119", telephone="05 65 44 12 12", nir="233051234567890",
    contacts=[{"nom": "Jean-Luc Testard", "telephone": "06 12 34 56 78", "role": "prevenir"},
              {"nom": "UDAF de l'Aveyron", "role": "representant", "mesure": "curatelle"}],
    cercle=[{"nom": "Mme Poujol (voisine)", "role": "autre"},
            {"nom": "Dr Paul Vernhes", "role": "medecin_traitant", "annuaire_id": "x"}],
)  # fmt: skip
LE = Dossier(civilite="M.", nom_naissance="Le", prenoms_naissance="Minh", date_naissance="1942-02-03")
LY = Dossier(civilite="Mme", nom_naissance="Ly", prenoms_naissance="Vu", date_naissance="1940-07-14")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Situation de Mme Zyxwvu-Testard / M. Le / Mme Ly",
            "Situation de Mme S-0001 / M. S-0002 / Mme S-0003",
        ),
        ("MARIE-CLAIRE D'ARSONVAL née le 1er mai 1933", "S-0001 née le [date de naissance]"),
        ("marie-claire d’arsonval, née le 01/05/33", "S-0001, née le [date de naissance]"),
        ("Mme darsonval ? non : Mme d'Arsonval", "Mme S-0001 ? non : Mme S-0001"),
        (
            "Élise (1933-05-01) au lieu-dit la Borie Haute",
            "S-0001 ([date de naissance]) au lieu-dit [adresse]",
        ),
        (
            "Son fils Jean-Luc (06.12.34.56.78) et la voisine, Mme Poujol",
            "Son fils [proche] ([téléphone]) et la voisine, Mme [proche]",
        ),
        ("Tél. +33 5 65 44 12 12, NIR 2 33 05 12 345 678 90", "Tél. [téléphone], NIR [NIR]"),
        ("Le fils de M. Le est vu le lundi par Minh LE.", "Le fils de M. S-0002 est vu le lundi par S-0002."),
        ("Vu Ly le 3 mars ; LY Vu ; ly vu", "S-0003 le 3 mars ; S-0003 ; S-0003"),
        (
            "Curatelle : UDAF de l'Aveyron ; Dr Paul Vernhes",
            "Curatelle : UDAF de l'Aveyron ; Dr Paul Vernhes",
        ),
        ("La situation est claire.", "La situation est claire."),
    ],
)
def test_hard_names_are_replaced_in_every_written_form(text: str, expected: str) -> None:
    out, _ = redact([(MARTHE, "S-0001"), (LE, "S-0002"), (LY, "S-0003")], text)
    assert out == expected


def test_what_may_still_identify_someone_is_detected() -> None:
    text = ("Sa cousine Sandrine (07 81 23 45 67, sandrine.b@example.fr) ; ancien NIR 1 85 12 75 108 042 ; "
            "hospitalisée le 12/03/2019, revue le 02/12/2026 ; Dr Martin suit ; Petit souci réglé.")  # fmt: skip
    _, c = redact([(MARTHE, "S-0001")], text)
    found = {(s.texte, s.motif) for s in c.suspicions}
    assert ("Sandrine", "nom d'un proche ?") in found
    assert ("07 81 23 45 67", "numéro de téléphone") in found
    assert ("sandrine.b@example.fr", "adresse e-mail") in found
    assert any(m.startswith("NIR") for _, m in found)
    assert ("12/03/2019", "date complète ancienne (date de naissance ?)") in found
    assert not any(
        "02/12/2026" in t or t in ("Martin", "Petit") for t, _ in found
    )  # recent date, Dr, sentence start


def test_other_persons_followed_are_replaced_where_written_as_a_name() -> None:
    c = Caviardage(reference=TODAY)
    c.ajoute_autre_personne("Bourdon", "", "Pierre")
    assert c.texte("Pierre Bourdon, M. Bourdon, BOURDON et un bourdon") == (
        "[personne suivie], M. [personne suivie], [personne suivie] et un bourdon"
    )
    c.texte("Voir avec Bourdon.", "décision")
    assert [(s.texte, s.motif) for s in c.suspicions] == [("Bourdon", "nom d'une personne suivie")]


def test_partners_named_in_full_stay_named_unless_they_bear_the_persons_name() -> None:
    c = Caviardage(reference=TODAY)
    c.ajoute_personne(Dossier(nom_naissance="Sauvage", prenoms_naissance="Jeanne"), "S-0001")
    c.permet("Célina Sauvage", "Jeanne Sauvage")
    assert c.texte("Célina Sauvage voit Jeanne Sauvage ; Sauvage") == "Célina Sauvage voit S-0001 ; S-0001"


# -- property test: every field of a meeting, every outbound format ---------------------------------------

SYLLABES = ["ba", "bé", "cœ", "dra", "ké", "lu", "mö", "na", "pï", "qa", "ré", "sy", "tô", "xé", "zo", "æl", "gü",
            "jo", "wé", "fä", "hû"]  # fmt: skip
FORTE = st.lists(st.sampled_from(SYLLABES), min_size=2, max_size=4).map(lambda s: "".join(s).capitalize())
COURTE = st.sampled_from(["Le", "Ly", "Vu", "Ba"])
NOM = st.one_of(
    FORTE,
    st.tuples(FORTE, FORTE).map("-".join),
    FORTE.map(lambda n: f"d'{n}"),
    FORTE.map(lambda n: f"de la {n}"),
    COURTE,
)
PRENOM = st.one_of(
    FORTE, st.tuples(FORTE, FORTE).map("-".join), st.tuples(FORTE, st.just("Claire")).map("-".join)
)
FORMES = st.sampled_from(["tel", "upper", "lower", "sans_accents", "title"])
# Words of the document's own template: a generated name equal to one of them would be a false alarm.
GABARIT = set(mots(
    "Concertation pluriprofessionnelle RCP situation individuelle Partenaires relevé de décisions pseudonymisé Date "
    "Lieu Organisateur Animation Secrétariat Participants présents sur Nom Qualité Structure Présence Ordre du jour "
    "Situations examinées ans commune non renseignée Référent Question posée Médical Psychologique Social "
    "Environnemental Avis et décision Personne informée À représenter Décisions Actions décidées Action Responsable "
    "Échéance Statut À faire Diffusion Compte rendu validé le par amendement s dernier Coordinateur Émargement "
    "Feuille émargement Signature page Laguiole Espalion Invitation Mme M"
))  # fmt: skip


def forme(texte: str, choix: str) -> str:
    if choix == "upper":
        return texte.upper()
    if choix == "lower":
        return texte.lower()
    if choix == "sans_accents":
        return "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))
    if choix == "title":
        return texte.title()
    return texte


@st.composite
def personnes(draw: st.DrawFn) -> dict:
    nom, usage = draw(NOM), draw(st.one_of(st.just(""), NOM))
    prenom = draw(PRENOM)
    fils = f"{draw(FORTE)} {draw(NOM)}"
    lieu = draw(FORTE)
    born = date(draw(st.integers(1925, 1950)), draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    mobile = "06 12 " + " ".join(f"{draw(st.integers(10, 99)):02d}" for _ in range(3))
    fixe = (
        "05 65 4"
        + f"{draw(st.integers(0, 9))} "
        + " ".join(f"{draw(st.integers(10, 99)):02d}" for _ in range(2))
    )
    return {"nom": nom, "usage": usage, "prenom": prenom, "fils": fils, "lieu": lieu, "born": born,
            "mobile": mobile, "fixe": fixe, "formes": draw(st.lists(FORMES, min_size=12, max_size=12))}  # fmt: skip


def ecrits(p: dict) -> dict[str, str]:
    """How a coordinator writes about her: each mention in one of the drawn case and accent forms."""
    f = iter(p["formes"])
    nom = p["usage"] or p["nom"]
    born = p["born"]
    mentions = {
        "titre": f"Situation de Mme {nom}",
        "ordre": f"{p['prenom']} {nom}",
        "question": f"{p['prenom']} {p['nom']}, née le {born:%d/%m/%Y}, au lieu-dit {p['lieu']} ?",
        "medical": f"{nom.upper()} chute souvent (née le {born.day} {MOIS[born.month - 1]} {born.year})",
        "psychologique": f"Mme {p['nom']} ({born.isoformat()}) appelle au {p['fixe']}",
        "social": f"Son fils {p['fils']} ({p['mobile']}) passe le soir",
        "environnemental": f"Accès par le lieu-dit {p['lieu']}, après le pont",
        "decision": f"{p['fils']} prévient Mme {nom}",
        "decisions": f"Revoir {p['prenom']} {nom}",
        "action": f"Appeler {p['fils']} au {p['mobile']}",
        "motif": f"Correction pour Mme {nom}",
        "lieu": f"domicile de Mme {nom}, lieu-dit {p['lieu']}",
    }
    return {k: forme(v, next(f)) for k, v in mentions.items()}


def identifiants(p: dict) -> tuple[set[str], list[str], list[str]]:
    """What must never leave: strong name words (as compared words), mentions (folded), digit strings."""
    parts = mots(f"{p['nom']} {p['usage']} {p['prenom']} {p['fils']} {p['lieu']}")
    from coordinateur.documents.lexique import GRAMMAIRE

    strong = {w for w in parts if w not in GRAMMAIRE}
    phrases = [
        " ".join(mots(m))
        for m in (f"mme {p['usage'] or p['nom']}", f"{p['prenom']} {p['usage'] or p['nom']}")
    ]
    born = p["born"]
    digits = [
        re.sub(r"\D", "", p["mobile"]),
        re.sub(r"\D", "", p["fixe"]),
        f"{born:%d%m%Y}",
        f"{born:%Y%m%d}",
    ]
    return strong, phrases, digits


def everything(path: Path) -> str:
    """Every character a reader or a program can get from the file: text, metadata, XML parts."""
    if path.suffix == ".pdf":
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        return (
            text + subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        )
    if path.suffix == ".ics":
        return path.read_text(encoding="utf-8").replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                         if n.endswith((".xml", ".rdf")))  # fmt: skip


def fuites(text: str, people: list[dict]) -> list[str]:
    words = set(mots(text))
    folded = " ".join(mots(text))
    compact = re.sub(r"\D", "", text)
    found = []
    for p in people:
        strong, phrases, digits = identifiants(p)
        found += sorted(strong & words)
        found += [ph for ph in phrases if f" {ph} " in f" {folded} "]
        found += [d for d in digits if d in compact]
    return found


def cree(store: Store, p: dict, commune: str) -> str:
    return enregistre_personne(store, Dossier(
        civilite="Mme", nom_naissance=p["nom"], nom_usage=p["usage"], prenoms_naissance=p["prenom"], sexe="F",
        date_naissance=p["born"].isoformat(), adresse=f"Lieu-dit {p['lieu']}", commune_code=commune,
        telephone=p["fixe"], contacts=[{"nom": p["fils"], "role": "prevenir", "lien": "fils", "telephone": p["mobile"]}],
    ))[0]  # fmt: skip


def reunion_qui_les_nomme(store: Store, ids: list[str], people: list[dict]) -> str:
    written = [ecrits(p) for p in people]
    rid = enregistre_reunion(store, DonneesReunion(
        type="rcp", titre=" ; ".join(w["titre"] for w in written), date=TODAY.isoformat(), heure_debut="10:00",
        heure_fin="11:00", lieu=written[0]["lieu"], ordre_du_jour=[w["ordre"] for w in written],
        participants=[{"nom": f"{people[0]['fils']} (fils)", "presence": "present"}],
        diffusion=[people[0]["fils"]], decisions=[w["decisions"] for w in written],
        situations=[DonneesSituation(personne_id=pid, question=w["question"], decision=w["decision"],
                                     synthese={k: w[k] for k in DIMENSIONS}) for pid, w in zip(ids, written, strict=True)],
        actions=[DonneesAction(situation_index=n, quoi=w["action"], responsable=people[n]["fils"],
                               echeance=(TODAY + timedelta(days=9)).isoformat()) for n, w in enumerate(written)],
    ))  # fmt: skip
    data = lit_reunion(store, rid)
    choisit_pour_partenaires(store, rid, {s.id or "": list(DIMENSIONS) for s in data.situations})
    valide_reunion(store, rid)
    data = lit_reunion(store, rid)
    data.notes = "amendée"
    data.decisions = [*data.decisions, "Décision ajoutée"]
    enregistre_reunion(store, data, motif_amendement=written[0]["motif"])
    return rid


@settings(max_examples=18, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(people=st.lists(personnes(), min_size=1, max_size=2))
def test_partner_documents_carry_no_identifying_string_in_any_form(
    store: Store, tmp_path_factory: pytest.TempPathFactory, people: list[dict]
) -> None:
    for p in people:
        strong, _, _ = identifiants(p)
        assume(not strong & GABARIT)
    ids = [cree(store, p, commune) for p, commune in zip(people, ("12119", "12096"), strict=False)]
    rid = reunion_qui_les_nomme(store, ids, people)
    out = tmp_path_factory.mktemp("sortie")
    for fmt in ("pdf", "odt", "docx"):
        exporte_compte_rendu(store, rid, fmt, "partenaires", out / f"cr.{fmt}", destinataire=people[0]["fils"],
                             confirme=True)  # fmt: skip
    invitation(store, rid, out / "i.ics", confirme=True)
    emargement(store, rid, out / "e.pdf", confirme=True)
    for name in ("cr.pdf", "cr.odt", "cr.docx", "i.ics", "e.pdf"):
        text = everything(out / name)
        assert "S-0" in text, name  # the situations are there, by their codes
        assert fuites(text, people) == [], name
    # what was deposited for the shared folder: the same redacted bytes, under a redacted recipient
    from coordinateur.partage.boite import boite_envoi

    for waiting in boite_envoi(store):
        assert fuites(waiting.destinataire, people) == []


def test_the_property_test_sees_a_field_left_out(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Break the redaction of list items (the agenda, the situations' lines): the check must fail."""
    import coordinateur.documents.caviardage as module

    person = {"nom": "Bécœlu", "usage": "", "prenom": "Tôvura", "fils": "Kédra Zosy", "lieu": "Qajobé",
              "born": date(1931, 4, 2), "mobile": "06 11 22 33 44", "fixe": "05 65 10 20 30", "formes": ["tel"] * 12}  # fmt: skip
    rid = reunion_qui_les_nomme(store, [cree(store, person, "12119")], [person])
    original = module.Caviardage.document

    def leaky(self: module.Caviardage, doc: module.Document) -> module.Document:
        redacted = original(self, doc)
        for bloc, before in zip(redacted.blocs, doc.blocs, strict=True):
            bloc.items = list(before.items)
        return redacted

    monkeypatch.setattr(module.Caviardage, "document", leaky)
    exporte_compte_rendu(store, rid, "pdf", "partenaires", tmp_path / "cr.pdf", confirme=True)
    assert fuites(everything(tmp_path / "cr.pdf"), [person])


def test_syntheses_leave_only_when_ticked_for_partners(store: Store, tmp_path: Path) -> None:
    pid = enregistre_personne(store, Dossier(nom_naissance="Cayla", prenoms_naissance="Rose", date_naissance="1936-02-02",
                                             commune_code="12119"))[0]  # fmt: skip
    rid = enregistre_reunion(store, DonneesReunion(titre="RCP", date=TODAY.isoformat(), situations=[DonneesSituation(
        personne_id=pid, question="Aides ?", decision="SAAD deux fois par jour",
        synthese={"medical": "Diabète déséquilibré", "social": "Aidante épuisée"})]))  # fmt: skip
    text = " ".join(b.texte + " ".join(b.items) for b in apercu_compte_rendu(store, rid).document.blocs)
    assert "SAAD deux fois par jour" in text and "Diabète" not in text and "Aidante" not in text
    situation = lit_reunion(store, rid).situations[0]
    choisit_pour_partenaires(store, rid, {situation.id or "": ["social"]})
    sortie = apercu_compte_rendu(store, rid)
    text = " ".join(b.texte + " ".join(b.items) for b in sortie.document.blocs)
    assert "Aidante épuisée" in text and "Diabète" not in text
    assert sortie.choix[0].remplies == ["medical", "social"] and sortie.choix[0].choisies == ["social"]
    # the choice is kept with the meeting, and changes even on validated minutes without an amendment
    valide_reunion(store, rid)
    choisit_pour_partenaires(store, rid, {situation.id or "": []})
    assert lit_reunion(store, rid).situations[0].pour_partenaires == []
    assert lit_reunion(store, rid).revisions == []


def test_unconfirmed_suspicions_stop_the_export_and_the_confirmation_is_journaled(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coordinateur.confiance.journal import Filtre, entrees
    from coordinateur.partage.boite import boite_envoi

    rid = enregistre_reunion(store, DonneesReunion(
        titre="Commission", date=TODAY.isoformat(), decisions=["Rappeler Sandrine au 07 81 23 45 67"]))  # fmt: skip
    with pytest.raises(SuspicionsNonConfirmees) as refused:
        exporte_compte_rendu(store, rid, "pdf", "partenaires", tmp_path / "cr.pdf")
    assert {s.texte for s in refused.value.suspicions} == {"Sandrine", "07 81 23 45 67"}
    assert not (tmp_path / "cr.pdf").exists() and boite_envoi(store) == []
    keys = {s.cle for s in refused.value.suspicions}
    with pytest.raises(SuspicionsNonConfirmees):  # confirming one passage is not confirming both
        exporte_compte_rendu(
            store, rid, "pdf", "partenaires", tmp_path / "cr.pdf", confirme={next(iter(keys))}
        )
    exporte_compte_rendu(store, rid, "pdf", "partenaires", tmp_path / "cr.pdf", confirme=keys)
    assert (tmp_path / "cr.pdf").exists() and len(boite_envoi(store)) == 1
    line = next(e for e in entrees(store, Filtre(), limite=None) if "confirmé" in e.resume)
    assert "2 passage(s) signalé(s) confirmé(s)" in line.resume and "Sandrine" not in line.resume

    data = str(store.paths.data)
    store.close()
    args = [
        "--data-dir",
        data,
        "reunion",
        "export",
        "Commission",
        "--format",
        "odt",
        "-o",
        str(tmp_path / "c.odt"),
    ]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "« Sandrine » — prénom ou nom de famille courant" in err and "07 81 23 45 67" in err
    assert not (tmp_path / "c.odt").exists()
    assert main([*args, "--confirme"]) == 0 and (tmp_path / "c.odt").exists()
    for fmt, name in (("ics", "i.ics"), ("emargement", "e.pdf")):  # the agenda carries no suspicion here
        assert (
            main(
                [
                    "--data-dir",
                    data,
                    "reunion",
                    "export",
                    "Commission",
                    "--format",
                    fmt,
                    "-o",
                    str(tmp_path / name),
                ]
            )
            == 0
        )
    log = next((Path(data) / "journaux").glob("*.log"), None) if (Path(data) / "journaux").exists() else None
    if log is not None:
        assert "Sandrine" not in log.read_text(encoding="utf-8")


def test_the_demo_partner_exports_name_no_person_followed(demo_store: Store, tmp_path: Path) -> None:
    """Every meeting of the demo (its RCP names people in the title, agenda and syntheses), every syntheses
    dimension ticked, every format: no person followed is named."""
    from sqlalchemy import select

    from coordinateur.personnes.models import Personne
    from coordinateur.reunions.service import liste_reunions

    with demo_store.read() as session:
        persons = session.execute(select(Personne.nom_naissance, Personne.nom_usage, Personne.prenoms_naissance,
                                         Personne.prenom_usage)).all()  # fmt: skip
    full_names = set()
    for nom, usage, prenoms, prenom_usage in persons:
        for last in filter(None, (nom, usage)):
            for first in filter(None, (*prenoms.split(), prenom_usage)):
                full_names |= {" ".join(mots(f"{first} {last}")), " ".join(mots(f"{last} {first}"))}
            full_names.add(" ".join(mots(f"mme {last}")))
            full_names.add(" ".join(mots(f"m {last}")))
    hard = {"rouquette", "bessiere", "arsonval", "poujol", "vayssade"}
    meetings = liste_reunions(demo_store)
    rcp = next(m for m in meetings if m.titre.startswith("RCP"))
    data = lit_reunion(demo_store, rcp.id)
    choisit_pour_partenaires(demo_store, rcp.id, {s.id or "": list(DIMENSIONS) for s in data.situations})
    for meeting in meetings:
        outputs = []
        for fmt in ("pdf", "odt", "docx"):
            path = tmp_path / f"{meeting.id}.{fmt}"
            exporte_compte_rendu(demo_store, meeting.id, fmt, "partenaires", path, confirme=True)
            outputs.append(path)
        invitation(demo_store, meeting.id, tmp_path / f"{meeting.id}.ics", confirme=True)
        emargement(demo_store, meeting.id, tmp_path / f"{meeting.id}-e.pdf", confirme=True)
        outputs += [tmp_path / f"{meeting.id}.ics", tmp_path / f"{meeting.id}-e.pdf"]
        for path in outputs:
            text = everything(path)
            folded = f" {' '.join(mots(text))} "
            assert not [n for n in full_names if f" {n} " in folded], (meeting.titre, path.suffix)
            assert not hard & set(mots(text)), (meeting.titre, path.suffix)
            assert "06 12 34 56 78" not in text and "01/05/1933" not in text
    assert cle("Bessière") == "bessiere"
    # the action list names the meeting as its minutes do: the same codes, so a partner can link them
    from coordinateur.reunions.exports import prepare_actions
    from coordinateur.reunions.service import actions

    rcp_actions = [a for a in actions(demo_store) if a.reunion_id == rcp.id]
    listed, _ = prepare_actions(demo_store, rcp_actions, titre="Actions")
    minutes = apercu_compte_rendu(demo_store, rcp.id).document.titre
    assert {a.reunion for a in listed} == {minutes} and "[personne suivie]" not in minutes


def test_places_professionals_and_common_words_are_not_taken_for_the_person() -> None:
    """Over-redaction found by the security review: it mangled places and could itself point at the
    person (« Dr S-0001 » beside « Dr Paul Vernhes »)."""
    c = Caviardage(reference=TODAY)
    c.ajoute_personne(Dossier(nom_naissance="Fabre", nom_usage="épouse Vernhes", prenoms_naissance="Geneviève Côme Marie",
                              adresse="12 route d'Espalion", complement="après la croix", commune_code="12119"), "S-0001")  # fmt: skip
    c.ajoute_personne(Dossier(nom_naissance="Le", prenoms_naissance="Minh"), "S-0002")
    for kept in (
        "EHPAD Sainte-Marie à Sainte-Geneviève-sur-Argence et Saint-Côme-d'Olt",
        "Dr Vernhes suit ; Dr Paul Fabre aussi",
        "LE POINT SUR LE MAINTIEN",
        "Son épouse est épuisée",
        "CH d'Espalion ; la Croix-Rouge",
    ):
        assert c.texte(kept) == kept
    assert c.texte("Marie Fabre et Mme Vernhes") == "S-0001 et Mme S-0001"
