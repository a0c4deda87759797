"""The one-page "jaune frigo" sheet: what an emergency team reads in 30 seconds, never more than one page.

Each box has a fixed place; content that does not fit is cut and ends with "suite sur la fiche complète".
"""

from __future__ import annotations

from typing import IO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from coordinateur.documents.pdf import FONT, FONT_BOLD, PAGE, register_fonts
from coordinateur.fiches.pdf_commun import (
    CONFIDENTIEL,
    NR,
    adresse,
    contact_ligne,
    fr,
    membre_ligne,
    naissance,
    nom_complet,
    nr,
    pied,
    tel,
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


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("f", fontName=FONT, fontSize=10.5, leading=13, textColor=ENCRE)
    return {
        "base": base,
        "grand": ParagraphStyle("g", parent=base, fontName=FONT_BOLD, fontSize=19, leading=23),
        "fort": ParagraphStyle("fo", parent=base, fontName=FONT_BOLD),
        "alerte": ParagraphStyle("a", parent=base, fontName=FONT_BOLD, textColor=ROUGE),
        "suite": ParagraphStyle("s", parent=base, fontSize=8.5, leading=10, textColor=BORD),
    }


def _box(c: Canvas, x: float, top: float, w: float, h: float, title: str, lines: list[Paragraph], *,
         accent: colors.Color = BORD) -> bool:  # fmt: skip
    """Draw a titled box and as many lines as fit; returns True when something had to be cut."""
    c.setStrokeColor(accent)
    c.setLineWidth(1.4 if accent is not BORD else 0.8)
    c.rect(x, top - h, w, h)
    c.setFillColor(accent)
    c.rect(x, top - TITRE_H, w, TITRE_H, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(FONT_BOLD, 9.5)
    c.drawString(x + 4, top - TITRE_H + 4, title.upper())
    inner_w, y = w - 8, top - TITRE_H - 3
    bottom = top - h + 3
    suite = Paragraph(SUITE, _styles()["suite"])
    reserve = suite.wrap(inner_w, 100)[1]
    cut = False
    for n, line in enumerate(lines):
        _w, height = line.wrap(inner_w, y - bottom)
        last = n == len(lines) - 1
        room = y - bottom - (0 if last else reserve)
        if height <= room:
            line.drawOn(c, x + 4, y - height)
            y -= height + 1.5
            continue
        parts = line.split(inner_w, y - bottom - reserve)
        if parts:
            _w, h0 = parts[0].wrap(inner_w, y - bottom - reserve)
            parts[0].drawOn(c, x + 4, y - h0)
            y -= h0
        cut = True
        break
    if cut:
        suite.drawOn(c, x + 4, bottom)
    return cut


def _oui(value: object, label: str, st: dict[str, ParagraphStyle]) -> Paragraph:
    if value is True:
        return Paragraph(f"☒ {escape(label)} : <b>OUI</b>", st["alerte"])
    if value is False:
        return Paragraph(f"☐ {escape(label)} : non", st["base"])
    return Paragraph(f"☐ {escape(label)} : {NR}", st["base"])


def _liste(items: list[str], st: dict[str, ParagraphStyle], style: str = "base") -> list[Paragraph]:
    if not items:
        return [Paragraph(NR, st["base"])]
    return [Paragraph("• " + escape(item), st[style]) for item in items]


def frigo(target: IO[bytes], version: Version) -> None:
    d: Dossier = version.contenu
    st = _styles()
    sante, risques, souhaits, autonomie = (
        d.fiche.get(k, {}) for k in ("sante", "risques", "souhaits", "autonomie")
    )
    width, height = PAGE
    c = Canvas(target, pagesize=PAGE, initialFontName=FONT)
    c.setTitle(f"Fiche d'urgence — {d.libelle()}")
    c.setAuthor("Coordinateur")
    c.setSubject(CONFIDENTIEL)
    full = width - 2 * MARGE
    half = (full - 6) / 2
    top = height - MARGE

    # Header: the yellow band, the name, a photo space.
    band = 82
    c.setFillColor(JAUNE)
    c.rect(MARGE, top - band, full, band, stroke=0, fill=1)
    c.setFillColor(ENCRE)
    c.setFont(FONT_BOLD, 10)
    c.drawString(MARGE + 6, top - 14, "FICHE D'URGENCE À DOMICILE — À REMETTRE AUX SECOURS")
    name = Paragraph(nom_complet(d), st["grand"])
    name.wrap(full - 90, 50)
    name.drawOn(c, MARGE + 6, top - 18 - name.height)
    born = Paragraph(f"<b>{naissance(d)}</b>", st["base"])
    born.wrap(full - 90, 20)
    born.drawOn(c, MARGE + 6, top - 20 - name.height - born.height)
    where = Paragraph(adresse(d) + (" — <b>vit seul(e)</b>" if d.vit_seul else ""), st["base"])
    where.wrap(full - 90, 20)
    where.drawOn(c, MARGE + 6, top - band + 5)
    c.setStrokeColor(BORD)
    c.rect(MARGE + full - 66, top - band + 6, 60, band - 26)
    c.setFont(FONT, 7)
    c.drawCentredString(MARGE + full - 36, top - band / 2 - 4, "photo")

    y = top - band - 6
    prevenir = d.contacts_ordonnes("prevenir") + d.contacts_ordonnes("aidant")
    calls = [Paragraph(f"{n}. {contact_ligne(ct)}", st["base"]) for n, ct in enumerate(prevenir, start=1)]
    a_ne_pas = d.contacts_ordonnes("ne_pas_prevenir")
    calls += [Paragraph(f"Ne pas prévenir : {escape(ct['nom'])}", st["alerte"]) for ct in a_ne_pas]
    _box(
        c,
        MARGE,
        y,
        half,
        128,
        "Qui appeler en premier",
        calls or [Paragraph(NR, st["base"])],
    )
    mt = d.membre("medecin_traitant")
    team = [Paragraph(f"<b>Médecin traitant</b> : {nr(mt['nom']) if mt else nr('')}"
                      + (f" — <b>{tel(mt['telephone'])}</b>" if mt and mt.get("telephone") else ""), st["base"])]  # fmt: skip
    team += [Paragraph(membre_ligne(m), st["base"]) for m in d.cercle if m["role"] != "medecin_traitant"]
    _box(c, MARGE + half + 6, y, half, 128, "Médecin et soignants", team)
    y -= 134

    _box(
        c,
        MARGE,
        y,
        half,
        150,
        "Allergies",
        _liste(list(sante.get("allergies", [])), st, "alerte"),
        accent=ROUGE,
    )
    treatments = []
    if sante.get("anticoagulant") is True:
        treatments.append(Paragraph("⚠ SOUS ANTICOAGULANT / ANTIAGRÉGANT", st["alerte"]))
    treatments += _liste(list(sante.get("traitements", [])), st)
    _box(c, MARGE + half + 6, y, half, 150, "Traitements en cours", treatments)
    y -= 156

    _box(c, MARGE, y, half, 118, "Antécédents majeurs", _liste(list(sante.get("antecedents", [])), st))
    devices = _liste(list(sante.get("dispositifs", [])), st)
    if autonomie.get("sensoriel"):
        devices.append(
            Paragraph(f"<b>Vision, audition, langage</b> : {escape(str(autonomie['sensoriel']))}", st["base"])
        )
    _box(c, MARGE + half + 6, y, half, 118, "Appareillages et dispositifs", devices)
    y -= 124

    risks = [
        _oui(risques.get("ne_se_releve_pas"), "Ne peut pas se relever seul(e)", st),
        _oui(risques.get("fausse_route"), "Risque de fausse route", st),
        _oui(risques.get("errance"), "Errance, risque de fugue", st),
        _oui(risques.get("chutes"), "Chutes récentes", st),
    ]
    _box(c, MARGE, y, half, 112, "Risques", risks)
    confiance = d.contacts_ordonnes("confiance")
    wishes = [
        Paragraph(
            "<b>Personne de confiance</b> : " + (contact_ligne(confiance[0]) if confiance else nr("")),
            st["base"],
        )
    ]
    directives = souhaits.get("directives")
    where_dir = escape(str(souhaits.get("directives_lieu") or ""))
    wishes.append(Paragraph(
        "<b>Directives anticipées</b> : " + ("<b>OUI</b>" + (f" — {where_dir}" if where_dir else " — lieu non renseigné")
                                           if directives is True else "non" if directives is False else nr("")),
        st["base"]))  # fmt: skip
    if sante.get("soins_palliatifs") is True:
        wishes.append(Paragraph("EN SOINS PALLIATIFS : soins de confort à privilégier", st["alerte"]))
    if souhaits.get("hopital"):
        wishes.append(
            Paragraph(f"<b>Hôpital de préférence</b> : {escape(str(souhaits['hopital']))}", st["base"])
        )
    representants = d.contacts_ordonnes("representant")
    if representants:
        wishes.append(Paragraph("<b>Représentant légal</b> : " + contact_ligne(representants[0]), st["base"]))
    _box(c, MARGE + half + 6, y, half, 112, "Souhaits de la personne", wishes)
    y -= 118

    access = [Paragraph(f"<b>Accès, code, clés</b> : {nr(d.acces)}", st["base"]),
              Paragraph(f"<b>Animaux</b> : {nr(d.animaux)} · <b>Téléassistance</b> : {nr(d.teleassistance)}", st["base"])]  # fmt: skip
    if d.langues:
        access.append(Paragraph(f"<b>Langue(s) parlée(s)</b> : {escape(d.langues)}", st["base"]))
    _box(c, MARGE, y, full, y - (MARGE + 34), "Accès au logement", access)

    c.setFont(FONT_BOLD, 9)
    c.setFillColor(ENCRE)
    c.drawString(MARGE, MARGE + 16, pied(version))
    c.setFont(FONT, 8)
    c.drawRightString(width - MARGE, MARGE + 16, f"{d.libelle()} · page 1 sur 1")
    c.drawString(MARGE, MARGE + 5, f"{CONFIDENTIEL} · à ranger dans la boîte du réfrigérateur")
    c.showPage()
    c.save()


__all__ = ["fr", "frigo"]
