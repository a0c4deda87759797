"""The fridge sheet lays itself out from its content: read back word by word (poppler's word boxes).

For a set of hard records (long rural address, many professionals, long treatments, nothing filled in,
everything overfilled), no two words overlap, every word stays inside the header, a box or the footer,
and what is cut is the least vital.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from coordinateur.documents.pdf import PAGE
from coordinateur.fiches.frigo_contenu import detient_les_cles
from coordinateur.fiches.impression import genere
from coordinateur.fiches.pdf_frigo import Rect, mise_en_page
from coordinateur.personnes.dossier import Dossier, controle
from coordinateur.personnes.service import Version, liste_personnes, lit_personne
from coordinateur.store import Store

SUITE = "suite sur la fiche complète"
TOLERANCE = 0.6  # points: glyph boxes of neighbouring lines may touch, never cross


@dataclass(frozen=True)
class Mot:
    texte: str
    x0: float
    y0: float  # from the top of the page, as poppler gives it
    x1: float
    y1: float


def mots(data: bytes, tmp_path: Path) -> tuple[int, list[Mot]]:
    path = tmp_path / "fiche.pdf"
    path.write_bytes(data)
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = mots_par_page(html)
    return len(pages), [m for page in pages for m in page]


def mots_par_page(html: str) -> list[list[Mot]]:
    return [
        [
            Mot(t, float(a), float(b), float(c), float(e))
            for a, b, c, e, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
            )
        ]
        for page in html.split("<page ")[1:]
    ]


def texte(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "texte.pdf"
    path.write_bytes(data)
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(raw.split())


def chevauchent(a: Mot, b: Mot) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > TOLERANCE and min(a.y1, b.y1) - max(a.y0, b.y0) > TOLERANCE


def dans(m: Mot, r: Rect) -> bool:
    top = PAGE[1] - (r.y + r.h)
    return (
        m.x0 >= r.x - TOLERANCE
        and m.x1 <= r.x + r.w + TOLERANCE
        and m.y0 >= top - TOLERANCE
        and m.y1 <= PAGE[1] - r.y + TOLERANCE
    )


def version(**changes: object) -> Version:
    values: dict = dict(civilite="Mme", nom_naissance="Bessière", nom_usage="Rouquette", prenoms_naissance="Marthe",
                        date_naissance="1938-03-12", sexe="F", commune_code="12119", code_postal="12210")  # fmt: skip
    values.update(changes)
    dossier, problemes = controle(Dossier(**values))
    assert not [p for p in problemes if p.bloquant], problemes
    return Version("v", 1, "2026-11-27T10:00:00+00:00", "Camille Vernhes", "2027-11-27", [], dossier)


CERCLE = [
    {"role": "medecin_traitant", "nom": "Dr Paul Vernhes", "telephone": "05 65 48 00 11"},
    {"role": "ide", "nom": "Cabinet infirmier de Laguiole (Mmes Bouldoires et Cayla-Rouquette)", "telephone": "05 65 48 00 12"},
    {"role": "ssiad", "nom": "SSIAD du Carladez et de la Viadène", "telephone": "05 65 48 00 13"},
    {"role": "pharmacie", "nom": "Pharmacie de l'Aubrac", "telephone": "05 65 48 00 14"},
    {"role": "saad", "nom": "ADMR Viadène, antenne de Saint-Amans-des-Cots", "telephone": "05 65 48 00 15"},
    {"role": "kine", "nom": "Sophie Marty", "telephone": "05 65 48 00 16"},
    {"role": "portage", "nom": "Portage de repas du CCAS d'Espalion", "telephone": "05 65 48 00 17"},
    {"role": "accueil_jour", "nom": "Accueil de jour Les Genêts", "telephone": "05 65 48 00 18"},
    {"role": "dac", "nom": "DAC Nord-Aveyron — Camille Vernhes", "telephone": "05 65 48 00 19"},
    {"role": "had", "nom": "HAD Aveyron Nord", "telephone": "05 65 48 00 20"},
]  # fmt: skip
RURALE = dict(
    nom_usage="Rouquette-Delmas de Vayssettes", prenoms_naissance="Marie-Bernadette",
    adresse="Lieu-dit La Borie Haute, ancienne ferme Cayla",
    complement="après le pont de la Selves, prendre le chemin de terre à droite, 2e ferme après le hangar bleu, "
               "sonner à la porte de la cuisine (côté cour)",
    telephone="05 65 44 01 02", vit_seul=True, acces="Clé dans la boîte à clés à gauche de la porte de la grange, code 1938",
    contacts=[{"role": "prevenir", "nom": "Jean Rouquette", "lien": "fils", "telephone": "06 12 34 56 78", "commentaire": "a les clés"},
              {"role": "confiance", "nom": "Anne Cayla", "telephone": "05 65 44 12 12"}],
    cercle=CERCLE[:3],
    fiche={"sante": {"allergies": ["Pénicilline — œdème de Quincke"], "traitements": ["Kardégic 75 mg — 1 le midi"],
                     "anticoagulant": True, "etat": "désorientée la nuit"},
           "souhaits": {"limitation": "pas de réanimation lourde"}, "risques": {"ne_se_releve_pas": True}},
)  # fmt: skip
SOIGNANTS = dict(cercle=CERCLE, contacts=[
    {"role": "prevenir", "nom": f"Enfant n° {n} Rouquette", "lien": "fille", "telephone": "06 12 34 56 78"} for n in range(4)])  # fmt: skip
TRAITEMENTS = dict(fiche={"sante": {
    "traitements": [f"Médicament n° {n} 2,5 mg — un comprimé matin et soir, à écraser dans la compote" for n in range(25)],
    "allergies": [f"Allergène n° {n} — urticaire géante" for n in range(10)], "anticoagulant": True,
    "antecedents": [f"Antécédent n° {n} (20{n:02d}, hospitalisation)" for n in range(12)]},
    "souhaits": {"limitation": "pas de réanimation lourde, pas d'intubation"}}, contacts=RURALE["contacts"],
    acces=RURALE["acces"])  # fmt: skip
VIDE = dict(civilite="", sexe="", nom_usage="", date_naissance="", commune_code="", code_postal="")
TROP = dict(
    fiche={"sante": {"allergies": [f"Allergène n° {n} — réaction grave" for n in range(30)],
                     "traitements": [f"Médicament {n} — 1 cp matin et soir" for n in range(40)],
                     "antecedents": [f"Antécédent {n} (20{n:02d})" for n in range(30)],
                     "dispositifs": ["Pacemaker"] * 20, "anticoagulant": True, "etat": "désorientée la nuit " * 40},
           "souhaits": {"limitation": "pas de réanimation lourde"}, "risques": {"ne_se_releve_pas": True}},
    contacts=[{"role": "prevenir", "nom": f"Contact {n}", "telephone": "06 12 34 56 78", "commentaire": "a les clés" if n == 11 else ""}
              for n in range(12)], cercle=CERCLE, acces="Porte de derrière " * 30,
)  # fmt: skip
DIFFICILES = {
    "adresse rurale": RURALE,
    "soignants": SOIGNANTS,
    "traitements": TRAITEMENTS,
    "vide": VIDE,
    "trop": TROP,
}


@pytest.mark.parametrize("cas", DIFFICILES)
def test_no_word_overlaps_another_and_each_stays_in_its_box(cas: str, tmp_path: Path) -> None:
    v = version(**DIFFICILES[cas])
    pages, words = mots(genere(v, "frigo"), tmp_path)
    assert pages == 1
    overlaps = [(a.texte, b.texte) for n, a in enumerate(words) for b in words[n + 1 :] if chevauchent(a, b)]
    assert not overlaps, overlaps[:5]
    plan, _header = mise_en_page(v.contenu)
    zones = [plan.entete, plan.pied, *(p.rect for p in plan.places)]
    outside = [m.texte for m in words if not any(dans(m, r) for r in zones)]
    assert not outside, outside[:5]
    rects = [plan.entete, *(p.rect for p in plan.places)]
    for n, a in enumerate(rects):  # the boxes themselves do not overlap
        for b in rects[n + 1 :]:
            assert (
                min(a.x + a.w, b.x + b.w) - max(a.x, b.x) <= 0
                or min(a.y + a.h, b.y + b.h) - max(a.y, b.y) <= 0
            )


def test_a_two_line_rural_address_and_everything_entered_is_printed(tmp_path: Path) -> None:
    text = texte(genere(version(**RURALE), "frigo"), tmp_path)
    for expected in ("née le 12/03/1938", "vit seule", "Tél. : 05 65 44 01 02", "hangar bleu", "12210 Laguiole",
                     "Limitation des soins : pas de réanimation lourde", "désorientée la nuit",
                     "Peut se relever seule : non", "Clés : Jean Rouquette (fils) — 06 12 34 56 78 · a les clés",
                     "SSIAD du Carladez"):  # fmt: skip
        assert expected in text, expected
    assert SUITE not in text
    for ungendered in ("seul(e)", "né(e)", "Ne peut pas"):
        assert ungendered not in text


def test_gendered_from_the_civility_and_neutral_when_unknown(tmp_path: Path) -> None:
    man = texte(genere(version(civilite="M.", sexe="M", prenoms_naissance="Louis", nom_usage="",
                               vit_seul=True, fiche={"risques": {"ne_se_releve_pas": False}}), "frigo"), tmp_path)  # fmt: skip
    assert "né le 12/03/1938" in man and "vit seul " in man + " " and "Peut se relever seul : oui" in man
    assert "née" not in man and "seule" not in man
    unknown = texte(genere(version(civilite="", sexe="", vit_seul=True), "frigo"), tmp_path)
    assert "date de naissance : 12/03/1938" in unknown and "personne vivant seule" in unknown
    assert "Peut se relever sans aide : non renseigné" in unknown


def test_boxes_share_the_page_so_a_long_care_team_is_not_cut(tmp_path: Path) -> None:
    text = texte(genere(version(**SOIGNANTS), "frigo"), tmp_path)
    assert SUITE not in text
    for member in CERCLE:
        assert member["nom"] in text, member["nom"]


def test_when_the_page_is_full_the_most_vital_lines_stay(tmp_path: Path) -> None:
    text = texte(genere(version(**TROP), "frigo"), tmp_path)
    assert text.count(SUITE) >= 3
    for vital in ("SOUS ANTICOAGULANT", "Allergène n° 0", "Allergène n° 5", "Médicament 0 ", "Médicament 7 ",
                  "Limitation des soins : pas de réanimation lourde", "1. Contact 0", "3. Contact 2",
                  "Accès, code, clés", "Clés : Contact 11", "Médecin traitant : Dr Paul Vernhes",
                  "Peut se relever seule : non"):  # fmt: skip
        assert vital in text, vital
    assert "Allergène n° 29" not in text and "Médicament 39" not in text


def test_nothing_filled_in_says_so(tmp_path: Path) -> None:
    text = texte(genere(version(**VIDE), "frigo"), tmp_path)
    assert text.count("non renseigné") >= 8
    assert "date de naissance non renseignée" in text and SUITE not in text


def test_the_persons_phone_is_on_the_dlu_too(tmp_path: Path) -> None:
    text = texte(genere(version(**RURALE), "dlu"), tmp_path)
    assert "05 65 44 01 02" in text and "vit seule" in text and "née le 12/03/1938" in text
    assert "pas de réanimation lourde" in text and "désorientée la nuit" in text
    assert "Peut se relever seule non" in text and "Ne peut pas" not in text and "seul(e)" not in text


def test_the_demo_holds_hard_records_and_their_sheets_are_clean(demo_store: Store, tmp_path: Path) -> None:
    dossiers = [lit_personne(demo_store, p.id) for p in liste_personnes(demo_store)]
    by_code = {d.code_situation: d for d in dossiers}
    for code in ("S-0002", "S-0003", "S-0005", "S-0006"):
        dossier = by_code[code]
        v = Version("v", 1, "2026-11-27T10:00:00+00:00", "Camille Vernhes", "2027-11-27", [], dossier)
        data = genere(v, "frigo")
        pages, words = mots(data, tmp_path)
        assert pages == 1
        assert not [
            (a.texte, b.texte) for n, a in enumerate(words) for b in words[n + 1 :] if chevauchent(a, b)
        ]
        text = texte(data, tmp_path)
        if code == "S-0002":
            assert (
                "hangar bleu" in text and "pas de réanimation lourde" in text and "Clés : Odette Fau" in text
            )
        if code == "S-0003":
            assert len(dossier.cercle) >= 8 and SUITE not in text
        if code == "S-0006":
            assert text.count("non renseigné") >= 8


@pytest.mark.parametrize("cas", ["adresse rurale", "soignants", "trop"])
@pytest.mark.parametrize("modele", ["dlu", "aller-retour"])
def test_the_complete_file_and_the_slips_have_no_overlap_either(
    cas: str, modele: str, tmp_path: Path
) -> None:
    """A long name in the running header and footer is shortened, never printed over the other words."""
    changes = dict(
        DIFFICILES[cas],
        nom_usage="Rouquette-Delmas de Vayssettes de la Borie",
        prenoms_naissance="Marie-Bernadette",
    )
    path = tmp_path / "dossier.pdf"
    path.write_bytes(genere(version(**changes), modele))
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for number, words in enumerate(mots_par_page(html), start=1):
        overlaps = [
            (a.texte, b.texte) for n, a in enumerate(words) for b in words[n + 1 :] if chevauchent(a, b)
        ]
        assert not overlaps, (number, overlaps[:5])


@pytest.mark.parametrize(
    ("commentaire", "cles"),
    [("a les clés", True), ("A LES CLES", True), ("double de la clef chez elle", True), ("clé dans la boîte", True),
     ("passe le mardi", False), ("", False), ("Eclectique", False)],
)  # fmt: skip
def test_the_key_holder_is_found_in_the_comment(commentaire: str, cles: bool) -> None:
    assert detient_les_cles({"commentaire": commentaire}) is cles


def test_the_postal_code_and_the_commune_stay_on_one_line(tmp_path: Path) -> None:
    """However the address wraps, « 12210 » is never left at a line's end with « Laguiole » on the next."""
    from coordinateur.fiches.pdf_commun import adresse

    v = version(**RURALE)
    assert "12210\u00a0Laguiole" in adresse(v.contenu)
    _pages, words = mots(genere(v, "frigo"), tmp_path)
    code = next(m for m in words if m.texte.startswith("12210"))
    commune = next(m for m in words if m.texte.endswith("Laguiole") and abs(m.y0 - code.y0) < 40)
    assert abs(commune.y0 - code.y0) < 1, (code, commune)
