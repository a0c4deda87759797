"""The one-page "jaune frigo" sheet: what an emergency team reads in 30 seconds, never more than one page.

The page lays itself out from its content: the header grows with the name and the address, each box
takes the height its lines need, and only when the page is full do the least vital lines
(`frigo_contenu.Ligne.rang`) leave for "suite sur la fiche complète". Room left over is shared out so the
two columns end together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from coordinateur.documents.pdf import FONT, FONT_BOLD, PAGE, register_fonts
from coordinateur.fiches.frigo_contenu import DROITE, GAUCHE, LARGE, Cadre, cadres
from coordinateur.fiches.pdf_commun import (
    CONFIDENTIEL,
    adresse,
    naissance,
    nom_complet,
    pied,
    tel,
    vit_seul,
)
from coordinateur.personnes.dossier import Dossier
from coordinateur.personnes.service import Version

JAUNE = colors.HexColor("#ffe14d")
ROUGE = colors.HexColor("#b3261e")
ENCRE = colors.HexColor("#1a1a1a")
BORD = colors.HexColor("#4a4a4a")
MARGE = 11 * mm
SUITE = "… suite sur la fiche complète"
TITRE_H = 15
PAD = 4  # inside a box, left and right
ECART = 6  # between boxes
INTERLIGNE = 1.5
PIED_H = 30  # the two footer lines
PHOTO_W, PHOTO_H = 60, 56
# One line of the sheet never takes more than this height: a pasted paragraph is cut, not the page.
LIGNE_MAX = 5 * 13


@dataclass
class Rect:
    x: float
    y: float  # bottom
    w: float
    h: float


@dataclass
class Place:
    """A box, where it goes and what it shows."""

    cadre: Cadre
    rect: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))
    paragraphes: list[Paragraph] = field(default_factory=list)
    hauteurs: list[float] = field(default_factory=list)
    gardees: list[int] = field(default_factory=list)  # indices of the lines kept, in reading order
    coupe: bool = False

    def besoin(self, suite_h: float) -> float:
        lines = sum(self.hauteurs[i] + INTERLIGNE for i in self.gardees)
        return TITRE_H + 3 + lines + (suite_h if self.coupe else 0) + 3


@dataclass
class Plan:
    """The whole page: the header band, the boxes, the footer zone (tests check the words stay inside)."""

    entete: Rect
    places: list[Place]
    pied: Rect


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("f", fontName=FONT, fontSize=10.5, leading=13, textColor=ENCRE)
    return {
        "base": base,
        "grand": ParagraphStyle("g", parent=base, fontName=FONT_BOLD, fontSize=19, leading=23),
        "titre": ParagraphStyle("t", parent=base, fontName=FONT_BOLD, fontSize=10, leading=12),
        "alerte": ParagraphStyle("a", parent=base, fontName=FONT_BOLD, textColor=ROUGE),
        "suite": ParagraphStyle("s", parent=base, fontSize=8.5, leading=10, textColor=BORD),
    }


def _entete(d: Dossier, st: dict[str, ParagraphStyle], width: float) -> list[Paragraph]:
    facts = [f"<b>{naissance(d)}</b>"]
    if d.vit_seul:
        facts.append(f"<b>{vit_seul(d)}</b>")
    if d.telephone:
        facts.append(f"Tél. : <b>{tel(d.telephone)}</b>")
    paragraphs = [
        Paragraph("FICHE D'URGENCE À DOMICILE — À REMETTRE AUX SECOURS", st["titre"]),
        Paragraph(nom_complet(d), st["grand"]),
        Paragraph(" · ".join(facts), st["base"]),
        Paragraph(adresse(d), st["base"]),
    ]
    for p in paragraphs:
        p.wrap(width, 1000)
    return paragraphs


def _mesure(place: Place, st: dict[str, ParagraphStyle], inner_w: float) -> None:
    for ligne in place.cadre.lignes:
        p = Paragraph(ligne.texte, st["alerte" if ligne.alerte else "base"])
        place.paragraphes.append(p)
        place.hauteurs.append(p.wrap(inner_w, 1000)[1])


def _remet(places: list[Place]) -> None:
    """Every line kept; a line longer than LIGNE_MAX is cut from the start."""
    for place in places:
        place.gardees = list(range(len(place.cadre.lignes)))
        place.coupe = any(h > LIGNE_MAX for h in place.hauteurs)
        place.hauteurs = [min(h, LIGNE_MAX) for h in place.hauteurs]


def _colonne(places: list[Place], suite_h: float) -> float:
    return sum(p.besoin(suite_h) for p in places) + ECART * max(len(places) - 1, 0)


def _coupe(
    gauche: list[Place], droite: list[Place], large: list[Place], room: float, suite_h: float
) -> list[int]:
    """Drop the least vital lines, one at a time, from the boxes that make the page too tall.

    Returns the ranks of the lines dropped.
    """
    order = {id(p): n for n, p in enumerate(gauche + droite + large)}
    dropped: list[int] = []
    while True:
        left, right = _colonne(gauche, suite_h), _colonne(droite, suite_h)
        if max(left, right) + ECART + _colonne(large, suite_h) <= room:
            return dropped
        binding = list(large) + (gauche if left >= right else []) + (droite if right >= left else [])
        candidates = [
            (p.cadre.lignes[i].rang, order[id(p)], i, p)
            for p in binding
            if len(p.gardees) > 1
            for i in p.gardees
        ]
        if not candidates:
            return dropped  # every box down to one line: drawing cuts what still does not fit
        rang, _order, index, place = max(candidates, key=lambda c: c[:3])
        place.gardees.remove(index)
        place.coupe = True
        dropped.append(rang)


def _colonnes(places: list[Place]) -> list[tuple[list[Place], list[Place]]]:
    """The boxes in two columns as designed, then with the last one or two boxes of a column moved under
    the other one (when one column holds more than the other, so less is cut)."""
    gauche = [p for p in places if p.cadre.colonne == GAUCHE]
    droite = [p for p in places if p.cadre.colonne == DROITE]
    variants = [(gauche, droite)]
    for n in (1, 2):
        variants.append((gauche[:-n], droite + gauche[-n:]))
        variants.append((gauche + droite[-n:], droite[:-n]))
    return variants


def _perte(dropped: list[int]) -> tuple[int, ...]:
    """How bad a cut is: the number of lines dropped at each rank, the most vital first."""
    return tuple(dropped.count(rang) for rang in range(max(dropped, default=0) + 1)) + (0,) * 20


def _etire(places: list[Place], total: float, suite_h: float) -> list[float]:
    """Heights for a column's boxes: each its need, the room left shared equally."""
    needs = [p.besoin(suite_h) for p in places]
    spare = max(total - sum(needs) - ECART * max(len(places) - 1, 0), 0) / max(len(places), 1)
    return [n + spare for n in needs]


def mise_en_page(d: Dossier) -> tuple[Plan, list[Paragraph]]:
    """Where everything goes on the page, computed from the content; also the header's paragraphs."""
    st = _styles()
    width, height = PAGE
    full = width - 2 * MARGE
    half = (full - ECART) / 2
    top = height - MARGE
    header = _entete(d, st, full - 12 - PHOTO_W - 12)
    band = max(6 + sum(p.height + 2 for p in header) + 4, 20 + PHOTO_H + 6)
    suite_h = Paragraph(SUITE, st["suite"]).wrap(half - 2 * PAD, 100)[1]
    body_top, body_bottom = top - band - ECART, MARGE + PIED_H
    room = body_top - body_bottom

    places = [Place(c) for c in cadres(d)]
    for place in places:
        _mesure(place, st, (full if place.cadre.colonne == LARGE else half) - 2 * PAD)
    large = [p for p in places if p.cadre.colonne == LARGE]
    _remet(places)
    gauche, droite = _colonnes(places)[0]
    pairs = list(zip(gauche, droite, strict=True))
    rows = [max(a.besoin(suite_h), b.besoin(suite_h)) for a, b in pairs]
    wide = _colonne(large, suite_h)
    spare = room - sum(rows) - ECART * len(rows) - wide
    shares = len(rows) + len(large)
    if spare >= 0:  # everything fits side by side: boxes aligned in rows, the room left shared by rows
        y = body_top
        for (a, b), h in zip(pairs, rows, strict=True):
            h += spare / shares
            a.rect, b.rect = Rect(MARGE, y - h, half, h), Rect(MARGE + half + ECART, y - h, half, h)
            y -= h + ECART
    else:  # two columns filled independently, arranged so that the least is cut
        losses = []
        for variant in _colonnes(places):
            _remet(places)
            losses.append(_perte(_coupe(*variant, large, room, suite_h)))
        gauche, droite = _colonnes(places)[losses.index(min(losses))]
        _remet(places)
        _coupe(gauche, droite, large, room, suite_h)
        columns = max(_colonne(gauche, suite_h), _colonne(droite, suite_h))
        columns += max(room - columns - ECART - wide, 0) * len(rows) / shares
        for column, x in ((gauche, MARGE), (droite, MARGE + half + ECART)):
            y = body_top
            for place, h in zip(column, _etire(column, columns, suite_h), strict=True):
                place.rect = Rect(x, y - h, half, h)
                y -= h + ECART
        y = body_top - columns - ECART
    for place, h in zip(large, _etire(large, y - body_bottom, suite_h), strict=True):
        place.rect = Rect(MARGE, y - h, full, h)
        y -= h + ECART
    plan = Plan(Rect(MARGE, top - band, full, band), places, Rect(MARGE, MARGE - 4, full, PIED_H))
    return plan, header


def _dessine_cadre(c: Canvas, place: Place, st: dict[str, ParagraphStyle]) -> None:
    r, cadre = place.rect, place.cadre
    accent = ROUGE if cadre.rouge else BORD
    c.setStrokeColor(accent)
    c.setLineWidth(1.4 if cadre.rouge else 0.8)
    c.rect(r.x, r.y, r.w, r.h)
    c.setFillColor(accent)
    c.rect(r.x, r.y + r.h - TITRE_H, r.w, TITRE_H, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(FONT_BOLD, 9.5)
    c.drawString(r.x + PAD, r.y + r.h - TITRE_H + 4, cadre.titre.upper())
    inner_w = r.w - 2 * PAD
    suite = Paragraph(SUITE, st["suite"])
    reserve = suite.wrap(inner_w, 100)[1]
    y, bottom = r.y + r.h - TITRE_H - 3, r.y + 3
    reserve = reserve if place.coupe else 0
    cut = place.coupe
    for index in place.gardees:
        line, planned = place.paragraphes[index], place.hauteurs[index]
        room = min(planned, y - bottom - reserve)
        _w, h = line.wrap(inner_w, 1000)
        if (
            h > room
        ):  # longer than a line may be (or, should the plan be wrong, than the box): its first lines
            cut = True
            parts = line.split(inner_w, room)
            if not parts:
                continue
            line = parts[0]
            _w, h = line.wrap(inner_w, room)
            if h > room:
                continue
        line.drawOn(c, r.x + PAD, y - h)
        y -= h + INTERLIGNE
    if cut:
        suite.drawOn(c, r.x + PAD, bottom)


def frigo(target: IO[bytes], version: Version) -> None:
    d: Dossier = version.contenu
    st = _styles()
    plan, header = mise_en_page(d)
    width, _height = PAGE
    c = Canvas(target, pagesize=PAGE, initialFontName=FONT)
    c.setTitle(f"Fiche d'urgence — {d.libelle()}")
    c.setAuthor("Coordinateur")
    c.setSubject(CONFIDENTIEL)

    band = plan.entete
    c.setFillColor(JAUNE)
    c.rect(band.x, band.y, band.w, band.h, stroke=0, fill=1)
    y = band.y + band.h - 6
    for p in header:
        p.drawOn(c, band.x + 6, y - p.height)
        y -= p.height + 2
    c.setStrokeColor(BORD)
    photo_x, photo_top = band.x + band.w - 6 - PHOTO_W, band.y + band.h - 20
    c.rect(photo_x, photo_top - PHOTO_H, PHOTO_W, PHOTO_H)
    c.setFillColor(ENCRE)
    c.setFont(FONT, 7)
    c.drawCentredString(photo_x + PHOTO_W / 2, photo_top - PHOTO_H / 2 - 3, "photo")

    for place in plan.places:
        _dessine_cadre(c, place, st)

    c.setFont(FONT_BOLD, 9)
    c.setFillColor(ENCRE)
    left = pied(version)
    c.drawString(MARGE, MARGE + 16, left)
    right = f"{d.libelle()} · page 1 sur 1"
    room = width - 2 * MARGE - stringWidth(left, FONT_BOLD, 9) - 12
    if stringWidth(right, FONT, 8) > room:
        right = "page 1 sur 1"
    c.setFont(FONT, 8)
    c.drawRightString(width - MARGE, MARGE + 16, right)
    c.drawString(MARGE, MARGE + 5, f"{CONFIDENTIEL} · à ranger dans la boîte du réfrigérateur")
    c.showPage()
    c.save()


__all__ = ["Plan", "frigo", "mise_en_page"]
