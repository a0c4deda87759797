"""Attacks on the partner redaction, written by a security review of the first version (every one of them
was a leak then). Each test prints PASS or LEAK and fails on a LEAK: an identifying string that leaves a
partner export neither replaced nor flagged as a suspicion."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from coordinateur.documents.caviardage import Caviardage
from coordinateur.documents.lexique import mots
from coordinateur.documents.suspicions import SuspicionsNonConfirmees
from coordinateur.documents.tableur import neutralise
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.service import enregistre_personne
from coordinateur.reunions.exports import emargement, exporte_compte_rendu, invitation
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


def fold(s: str) -> str:
    return " ".join(mots(s))


def visible(s: str) -> str:
    """What a reader sees: NFC, invisible format characters (soft hyphen, zero-width space) dropped."""
    return "".join(ch for ch in unicodedata.normalize("NFC", s) if unicodedata.category(ch) != "Cf")


def reste(text: str, secret: str) -> bool:
    text = visible(text)
    if re.fullmatch(r"[\d\s./\-+]+", secret):
        return re.sub(r"\D", "", secret) in re.sub(r"\D", "", text)
    return f" {fold(secret)} " in f" {fold(text)} "


def verdict(label: str, out: str, flagged: list[str], secret: str) -> None:
    left = reste(out, secret) and not any(reste(f, secret) for f in flagged)
    print(f"{'LEAK' if left else 'PASS'} | {label} | out={out!r} flagged={flagged}")
    assert not left, f"LEAK: {secret!r} in {out!r}"


PETIT = Dossier(civilite="Mme", nom_naissance="Petit", nom_usage="d'Arsonval", prenoms_naissance="Claire Odette Hélène",
                date_naissance="1933-05-01", adresse="Lieu-dit Canteloube", commune_code="12119",
                telephone="05 65 44 12 12", nir="233051234567809",
                acces="Clé chez Mme Vayssade, chemin de Puech Méjà",
                contacts=[{"nom": "Jean-Luc Testard", "telephone": "06 12 34 56 78", "role": "prevenir"}],
                cercle=[{"nom": "Mme Poujol", "role": "autre"}])  # fmt: skip
BESSIERE = Dossier(
    civilite="Mme", nom_naissance="Bessière", prenoms_naissance="Hélène", date_naissance="1933-09-01"
)
MANDATAIRE = Dossier(nom_naissance="Zyxwvu", prenoms_naissance="Odette",
                     contacts=[{"nom": "Jean-Luc Testard (fils, mandataire familial)", "role": "representant"}])  # fmt: skip

UNITAIRES = [
    # (label, dossier, text, secret)
    ("weak surname at sentence start", PETIT, "Petit a chuté deux fois.", "Petit"),
    ("weak surname first in an agenda item", PETIT, "Petit : retour à domicile", "Petit"),
    ("weak first name at sentence start", PETIT, "Claire refuse les aides.", "Claire"),
    ("weak surname after a line break", PETIT, "Chute le 3/11.\nPetit refuse l'hôpital.", "Petit"),
    ("weak name in guillemets at start", PETIT, "« Petit » ne veut pas", "Petit"),
    ("weak full name in lower case", PETIT, "claire petit refuse", "petit"),
    ("particle glued: Darsonval", PETIT, "Mme Darsonval refuse", "Darsonval"),
    (
        "stored glued, written split: Delpech -> Del Pech",
        Dossier(nom_naissance="Delpech", prenoms_naissance="Odette"),
        "Mme Del Pech refuse",
        "Pech",
    ),
    (
        "contact after the pronoun 'me' (read as Maître)",
        PETIT,
        "Elle me présente Jean-Luc, son fils.",
        "Jean",
    ),
    ("care circle after 'me'", PETIT, "elle me confie Poujol comme personne de confiance", "Poujol"),
    ("relative unknown, after civility", PETIT, "Sa nièce Mme Cabrolier gère les comptes", "Cabrolier"),
    ("relative unknown, in capitals", PETIT, "Le gendre, M. TRÉMOLIÈRES, refuse", "TRÉMOLIÈRES"),
    ("relative first name after 'me'", PETIT, "elle me présente Sandrine, sa fille", "Sandrine"),
    ("relative first name in lower case", PETIT, "sa fille sandrine appelle", "sandrine"),
    ("key holder of the dossier's 'accès' field", PETIT, "La clé est chez Mme Vayssade", "Vayssade"),
    ("'accès' field lieu-dit", PETIT, "Accès par le chemin de Puech Méjà", "Méjà"),
    ("lieu-dit with a typo", PETIT, "au lieu dit Canteloubes", "Canteloubes"),
    ("contact whose name field carries 'mandataire'", MANDATAIRE, "M. Testard gère les comptes", "Testard"),
    (
        "NFD text (pasted from macOS)",
        BESSIERE,
        unicodedata.normalize("NFD", "Mme Hélène Bessière refuse"),
        "Bessière",
    ),
    ("soft hyphen inside the name", PETIT, "Mme d'Arson\u00adval refuse", "Arsonval"),
    ("zero-width space inside a contact's name", PETIT, "Appeler Jean-Luc Tes\u200btard", "Testard"),
    (
        "phone with narrow no-break spaces",
        PETIT,
        "Fils : 06\u202f12\u202f34\u202f56\u202f78",
        "06 12 34 56 78",
    ),
    ("phone with slashes", PETIT, "Fils : 06/12/34/56/78", "06 12 34 56 78"),
    ("phone glued to 'Tél'", PETIT, "Tél0612345678", "0612345678"),
    ("phone split by a line break", PETIT, "Fils : 06 12 34\n56 78", "06 12 34 56 78"),
    (
        "unknown phone with narrow no-break spaces",
        PETIT,
        "Nièce : 07\u202f81\u202f23\u202f45\u202f67",
        "07 81 23 45 67",
    ),
    ("birth date '1er mai 33'", PETIT, "née le 1er mai 33", "1er mai 33"),
    ("birth date 'premier mai 1933'", PETIT, "née le premier mai 1933", "premier mai 1933"),
    ("birth date '1ᵉʳ mai 1933'", PETIT, "née le 1ᵉʳ mai 1933", "1933"),
    ("birth date '1933/05/01'", PETIT, "née le 1933/05/01", "1933/05/01"),
    ("birth month and year 'mai 1933'", PETIT, "née en mai 1933", "mai 1933"),
    ("birth month and year 'mai 33'", PETIT, "née en mai 33", "mai 33"),
    ("birth date abbreviated month", BESSIERE, "née le 1er sept. 1933", "1933"),
    ("NIR with dashes", PETIT, "NIR 2-33-05-12-345-678-09", "2-33-05-12-345-678-09"),
    ("other NIR with dashes", PETIT, "NIR de l'époux 1-31-02-12-345-678-11", "1-31-02-12-345-678-11"),
    ("e-mail with spaces around @", PETIT, "écrire à sandrine.b @ orange.fr", "sandrine b orange"),
    ("e-mail with [at]", PETIT, "écrire à sandrine.b[at]orange.fr", "sandrine b at orange"),
    ("e-mail with fullwidth @", PETIT, "écrire à sandrine.b＠orange.fr", "sandrine b orange"),
]


@pytest.mark.parametrize(("label", "dossier", "text", "secret"), UNITAIRES, ids=[u[0] for u in UNITAIRES])
def test_unitaire(label: str, dossier: Dossier, text: str, secret: str) -> None:
    c = Caviardage(reference=TODAY)
    c.ajoute_personne(dossier, "S-0001")
    out = c.texte(text, "test")
    verdict(label, out, [s.texte for s in c.suspicions], secret)


def test_permitted_professional_first_name_whitens_a_relative() -> None:
    c = Caviardage(reference=TODAY)
    c.ajoute_personne(PETIT, "S-0001")
    c.permet("Nathalie Vidal")  # a nurse of the directory, participant
    out = c.texte("Sa fille Nathalie passe chaque jour.", "test")
    verdict("directory 'Nathalie Vidal' whitens the daughter 'Nathalie'", out, [s.texte for s in c.suspicions],
            "Nathalie")  # fmt: skip


# -- end to end --------------------------------------------------------------------------------------------


def everything(path: Path) -> str:
    if path.suffix == ".pdf":
        return (subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
                + subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout)  # fmt: skip
    if path.suffix == ".ics":
        return path.read_text(encoding="utf-8").replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                         if n.endswith((".xml", ".rdf")))  # fmt: skip


def reunion(store: Store, modif, avant=None) -> str:  # type: ignore[no-untyped-def]
    pid = enregistre_personne(store, PETIT)[0]
    if avant:
        avant(store, pid)
    data = DonneesReunion(type="rcp", titre="RCP Nord-Aveyron", serie="rcp-nord", date=TODAY.isoformat(),
                          heure_debut="10:00", heure_fin="11:00", lieu="Maison de santé",
                          situations=[DonneesSituation(personne_id=pid, question="Maintien à domicile ?",
                                                       decision="SAAD renforcé", synthese={"social": "Aidant présent"})],
                          actions=[DonneesAction(situation_index=0, quoi="Réévaluer le plan d'aide",
                                                 echeance=(TODAY + timedelta(days=9)).isoformat())])  # fmt: skip
    modif(data)
    rid = enregistre_reunion(store, data)
    r = lit_reunion(store, rid)
    choisit_pour_partenaires(store, rid, {s.id or "": list(DIMENSIONS) for s in r.situations})
    return rid


def sortie(store: Store, rid: str, fmt: str, path: Path, destinataire: str = "") -> str | None:
    """The exported text WITHOUT confirmation, or None when the export is refused (a suspicion: no leak)."""
    try:
        if fmt == "ics":
            invitation(store, rid, path)
        elif fmt == "emargement":
            emargement(store, rid, path)
        else:
            exporte_compte_rendu(store, rid, fmt, "partenaires", path, destinataire=destinataire)
    except SuspicionsNonConfirmees:
        return None
    return everything(path)


def e2e_verdict(label: str, text: str | None, secret: str) -> None:
    leak = text is not None and reste(text, secret)
    print(f"{'LEAK' if leak else 'PASS'} | {label}" + (" (refused)" if text is None else ""))
    assert not leak, f"LEAK: {secret!r} in the export ({label})"


E2E = [
    (
        "agenda item 'Petit : retour à domicile'",
        lambda d: d.ordre_du_jour.append("Petit : retour à domicile"),
        "Petit",
        ("pdf", "emargement", "ics"),
    ),
    (
        "title 'Claire refuse les aides' (PDF metadata too)",
        lambda d: setattr(d, "titre", "Claire refuse les aides"),
        "Claire",
        ("pdf", "odt", "docx", "emargement", "ics"),
    ),
    (
        "hand-typed participant (a relative) 'M. Alazard'",
        lambda d: d.participants.append({"nom": "M. Alazard", "qualite": "gendre", "presence": "present"}),
        "Alazard",
        ("pdf", "emargement", "ics"),
    ),
    (
        "hand-typed participant e-mail, in the .ics",
        lambda d: d.participants.append(
            {"nom": "Fils", "qualite": "fils", "email": "jeanluc.testard@orange.fr", "presence": "present"}
        ),
        "testard",
        ("ics",),
    ),
    (
        "lieu 'Chez Mme Vayssade'",
        lambda d: setattr(d, "lieu", "Chez Mme Vayssade"),
        "Vayssade",
        ("pdf", "emargement", "ics"),
    ),
    (
        "diffusion 'Mme Cabrolier (nièce)'",
        lambda d: d.diffusion.append("Mme Cabrolier (nièce)"),
        "Cabrolier",
        ("pdf",),
    ),
    (
        "action responsable 'M. Alazard (gendre)'",
        lambda d: setattr(d.actions[0], "responsable", "M. Alazard (gendre)"),
        "Alazard",
        ("pdf",),
    ),
    (
        "référent typed 'Sandrine Cabrolier (nièce)'",
        lambda d: setattr(d.situations[0], "referent", "Sandrine Cabrolier (nièce)"),
        "Cabrolier",
        ("pdf",),
    ),
    (
        "informée par 'sa fille Nathalie'",
        lambda d: (
            setattr(d.situations[0], "informee", True),
            setattr(d.situations[0], "informee_par", "sa fille Nathalie"),
        ),
        "Nathalie",
        ("pdf",),
    ),
    (
        "ticked synthesis 'née le 1er mai 33'",
        lambda d: d.situations[0].synthese.update(social="Née le 1er mai 33"),
        "1er mai 33",
        ("pdf",),
    ),
    (
        "decision, son's phone with U+202F",
        lambda d: d.decisions.append("Fils : 06\u202f12\u202f34\u202f56\u202f78"),
        "06 12 34 56 78",
        ("pdf",),
    ),
]


@pytest.mark.parametrize(("label", "modif", "secret", "formats"), E2E, ids=[e[0] for e in E2E])
def test_e2e(store: Store, tmp_path: Path, label, modif, secret, formats) -> None:  # type: ignore[no-untyped-def]
    rid = reunion(store, modif)
    for fmt in formats:
        path = tmp_path / ("x.ics" if fmt == "ics" else f"x-{fmt}.pdf" if fmt == "emargement" else f"x.{fmt}")
        e2e_verdict(f"{label} [{fmt}]", sortie(store, rid, fmt, path), secret)


def test_e2e_carried_over_action(store: Store, tmp_path: Path) -> None:
    def avant(store: Store, pid: str) -> None:
        enregistre_reunion(store, DonneesReunion(
            type="rcp", titre="RCP Nord-Aveyron (octobre)", serie="rcp-nord", date=(TODAY - timedelta(days=30)).isoformat(),
            actions=[DonneesAction(quoi="Appeler Mme Cabrolier (nièce)", echeance=(TODAY + timedelta(days=3)).isoformat())]))  # fmt: skip

    rid = reunion(store, lambda d: None, avant)
    e2e_verdict("carried-over open action 'Appeler Mme Cabrolier'", sortie(store, rid, "pdf", tmp_path / "x.pdf"),
                "Cabrolier")  # fmt: skip


def test_e2e_amendment_motif(store: Store, tmp_path: Path) -> None:
    rid = reunion(store, lambda d: None)
    valide_reunion(store, rid)
    data = lit_reunion(store, rid)
    data.decisions = ["Décision ajoutée"]
    enregistre_reunion(store, data, motif_amendement="Correction demandée par Mme Cabrolier, nièce")
    e2e_verdict(
        "amendment motif naming the niece", sortie(store, rid, "pdf", tmp_path / "x.pdf"), "Cabrolier"
    )


def test_e2e_outbox_recipient_folder(store: Store, tmp_path: Path) -> None:
    from coordinateur.partage.boite import boite_envoi

    rid = reunion(store, lambda d: None)
    sortie(store, rid, "pdf", tmp_path / "x.pdf", destinataire="Mme Cabrolier (nièce) sandrine.b@orange.fr")
    folders = [w.destinataire for w in boite_envoi(store)]
    e2e_verdict(f"outbox recipient folder {folders}", " ".join(folders), "Cabrolier")


def test_e2e_nfd(store: Store, tmp_path: Path) -> None:
    rid = reunion(store, lambda d: d.decisions.append(unicodedata.normalize("NFD", "Hélène refuse le SSIAD")))
    text = sortie(store, rid, "pdf", tmp_path / "x.pdf")
    e2e_verdict("NFD decision 'Hélène refuse le SSIAD'", text, "Hélène")


# -- spreadsheets ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", [" =1+1", "\n=1+1", "\u00a0=1+1", "\ufeff=1+1", "﹦1+1", "\u200b=1+1"])
def test_cells_with_a_hidden_start_are_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


def test_e2e_known_contact_protected_inside_a_permitted_free_text(store: Store, tmp_path: Path) -> None:
    """'Personne informée par son fils Jean-Luc Testard': the informee_par text is a partner's 'full name', so the
    run of words is protected although Jean-Luc Testard is a known contact of the person."""

    def modif(d: DonneesReunion) -> None:
        d.situations[0].informee = True
        d.situations[0].informee_par = "son fils Jean-Luc Testard"

    rid = reunion(store, modif)
    e2e_verdict(
        "informée par 'son fils Jean-Luc Testard'", sortie(store, rid, "pdf", tmp_path / "x.pdf"), "Testard"
    )


def test_e2e_referent_famille_protects_the_phrase_everywhere(store: Store, tmp_path: Path) -> None:
    def modif(d: DonneesReunion) -> None:
        d.situations[0].referent = "Famille Testard"
        d.decisions.append("La famille Testard organise les repas")

    rid = reunion(store, modif)
    e2e_verdict("référent 'Famille Testard'", sortie(store, rid, "pdf", tmp_path / "x.pdf"), "Testard")
