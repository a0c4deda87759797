"""The complete liaison file (DLU-Dom style, 2–3 pages) and the transfer / return slips."""

from __future__ import annotations

from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from coordinateur.documents.pdf import FONT, FONT_BOLD, GRIS, MARGIN, PAGE, abrege, canvas_with_footer, styles
from coordinateur.fiches.pdf_commun import (
    CONFIDENTIEL,
    NR,
    accorde,
    adresse,
    contact_ligne,
    fr,
    identite,
    membre_ligne,
    nr,
    pied,
    tel,
    vit_seul,
)
from coordinateur.fiches.sections import SECTIONS, Champ, oui_non
from coordinateur.personnes.dossier import INS_STATUTS, MESURES, ROLES_CONTACT, Dossier
from coordinateur.personnes.service import Version

JAUNE = colors.HexColor("#fff3b0")


def _header(canvas: Any, doc: Any, name: str) -> None:
    canvas.saveState()
    canvas.setFont(FONT_BOLD, 9)
    room = PAGE[0] - 2 * MARGIN - stringWidth(CONFIDENTIEL, FONT, 8) - 4 * mm
    canvas.drawString(MARGIN, PAGE[1] - 10 * mm, abrege(name, FONT_BOLD, 9, room))
    canvas.setFont(FONT, 8)
    canvas.drawRightString(PAGE[0] - MARGIN, PAGE[1] - 10 * mm, CONFIDENTIEL)
    canvas.restoreState()


def _doc(target: IO[bytes], title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        target, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=16 * mm, bottomMargin=16 * mm,
        title=title, author="Coordinateur", subject=CONFIDENTIEL, initialFontName=FONT,
    )  # fmt: skip


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRIS), ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ]))  # fmt: skip
    return table


def _rows(pairs: list[tuple[str, str]]) -> list[list[Paragraph]]:
    st = styles()
    return [[Paragraph(f"<b>{escape(k)}</b>", st["base"]), Paragraph(v, st["base"])] for k, v in pairs]


def _value(genre: str, value: Any) -> str:
    if genre == "oui_non":
        return NR if value is None else oui_non(value)
    if genre == "liste":
        return "<br/>".join("• " + escape(v) for v in value) if value else NR
    return nr(str(value or ""))


def _champ(d: Dossier, champ: Champ, value: Any) -> tuple[str, str]:
    """A field's label and value; "ne se relève pas : oui" is printed the positive way, agreed with the person."""
    if champ.cle == "ne_se_releve_pas":
        label = accorde(d, "Peut se relever seul", "Peut se relever seule", "Peut se relever sans aide")
        return label, _value(champ.genre, None if value is None else not value)
    return champ.libelle, _value(champ.genre, value)


def dlu(target: IO[bytes], version: Version) -> None:
    d: Dossier = version.contenu
    st = styles()
    doc = _doc(target, f"Dossier de liaison — {d.libelle()}")
    w = doc.width
    pairs = [0.34 * w, 0.66 * w]
    story: list[Flowable] = [
        Paragraph("Dossier de liaison d'urgence à domicile", st["h1"]),
        Paragraph(identite(d), st["base"]),
        Spacer(1, 2 * mm),
    ]
    story.append(Paragraph("Identité et situation administrative", st["h2"]))
    story.append(_table(_rows([
        ("Nom de naissance / d'usage", f"{nr(d.nom_naissance)} / {nr(d.nom_usage)}"),
        ("Prénoms de naissance", nr(d.prenoms_naissance)), ("Lieu de naissance", nr(d.lieu_naissance)),
        ("N° de sécurité sociale", nr(" ".join((d.nir[0:1], d.nir[1:3], d.nir[3:5], d.nir[5:7], d.nir[7:10], d.nir[10:13], d.nir[13:15])) if d.nir else "")),
        ("Identité", escape(INS_STATUTS.get(d.ins_statut, d.ins_statut))), ("Langue(s)", nr(d.langues)),
        ("Situation familiale", nr(d.situation_familiale) + (f" — {vit_seul(d)}" if d.vit_seul else "")),
    ]), pairs))  # fmt: skip
    representants = d.contacts_ordonnes("representant")
    story.append(Paragraph("Mesure de protection", st["h2"]))
    story.append(_table(_rows([
        (f"{MESURES.get(r.get('mesure', ''), '') or 'Représentant légal'}", contact_ligne(r)
         + (f" — fin de la mesure : {fr(r['fin_mesure'])}" if r.get("fin_mesure") else "")) for r in representants
    ] or [("Mesure", "<i>aucune mesure enregistrée</i>")]), pairs))  # fmt: skip
    story.append(Paragraph("Cadre de vie", st["h2"]))
    story.append(_table(_rows([
        ("Adresse", adresse(d)), ("Téléphone", nr(tel(d.telephone))), ("Accès, code, clés", nr(d.acces)), ("Animaux", nr(d.animaux)),
        ("Téléassistance", nr(d.teleassistance)), ("Autocollant posé", "oui" if d.autocollant else "non"),
        ("GIR", (f"{d.gir} (évalué le {fr(d.gir_date)}" + (f" par {escape(d.gir_evaluateur)}" if d.gir_evaluateur else "") + ")") if d.gir else nr("")),
    ]), pairs))  # fmt: skip
    story.append(Paragraph("Personnes à contacter", st["h2"]))
    contacts = d.contacts_ordonnes()
    story.append(_table(_rows([(f"{c['ordre']}. {ROLES_CONTACT.get(c['role'], c['role'])}", contact_ligne(c)
                                + (f" — {escape(c['commentaire'])}" if c.get("commentaire") else "")) for c in contacts]
                              or [("Contacts", NR)]), pairs))  # fmt: skip
    story.append(Paragraph("Intervenants du suivi habituel", st["h2"]))
    story.append(_table([[Paragraph(membre_ligne(m), st["base"])] for m in d.cercle]
                        or [[Paragraph(NR, st["base"])]], [w]))  # fmt: skip
    for section in SECTIONS:
        values = d.fiche.get(section.cle, {})
        if section.cle == "annexes":
            rows = [
                [Paragraph(("☒ " if values.get(c.cle) is True else "☐ ") + escape(c.libelle), st["base"])]
                for c in section.champs
            ]
            story.append(
                KeepTogether([Paragraph("Annexes jointes à ce dossier", st["h2"]), _table(rows, [w])])
            )
            continue
        story.append(Paragraph(section.titre, st["h2"]))
        story.append(_table(_rows([_champ(d, c, values.get(c.cle)) for c in section.champs]), pairs))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(f"Validé par {escape(version.valide_par)}. " + escape(pied(version)), st["petit"]))
    footer = canvas_with_footer(f"{d.libelle()} — {pied(version)}")
    doc.build(story, onFirstPage=lambda c, dc: _header(c, dc, d.libelle()),
              onLaterPages=lambda c, dc: _header(c, dc, d.libelle()), canvasmaker=footer)  # fmt: skip


def _blanks(labels: list[str], width: float, lines: int = 1) -> Table:
    st = styles()
    rows = [[Paragraph(f"<b>{escape(label)}</b>", st["base"]), ""] for label in labels for _ in range(1)]
    table = Table(rows, colWidths=[0.32 * width, 0.68 * width], rowHeights=[12 * mm * lines] * len(rows))
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (1, 0), (1, -1), 0.5, GRIS), ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
    ]))  # fmt: skip
    return table


def aller_retour(target: IO[bytes], version: Version) -> None:
    d: Dossier = version.contenu
    st = styles()
    doc = _doc(target, f"Fiches aller et retour — {d.libelle()}")
    w = doc.width
    mt = d.membre("medecin_traitant")
    ident = _table(_rows([
        ("Personne", identite(d)), ("Adresse", adresse(d)),
        ("Médecin traitant", membre_ligne(mt) if mt else nr("")),
        ("Personne à prévenir", contact_ligne(d.contacts_ordonnes("prevenir")[0]) if d.contacts_ordonnes("prevenir") else nr("")),
        ("Allergies", ", ".join(escape(a) for a in d.fiche.get("sante", {}).get("allergies", [])) or nr("")),
    ]), [0.32 * w, 0.68 * w])  # fmt: skip
    story: list[Flowable] = [
        Paragraph("Fiche aller — transfert vers les urgences", st["h1"]),
        Paragraph("À remplir au moment du départ par la personne présente ; à joindre au dossier de liaison.", st["petit"]),
        Spacer(1, 2 * mm), ident, Spacer(1, 3 * mm),
        _blanks(["Date et heure"], w),
        _blanks(["Motif réel du recours, ce qui s'est passé"], w, 3),
        _blanks(["Tension artérielle", "Pouls", "Saturation (SpO₂)", "Température", "Glycémie"], w),
        _blanks(["Qui est présent", "Qui a été appelé (15, médecin…)", "Documents remis"], w),
        Paragraph(escape(pied(version)), st["petit"]),
        PageBreak(),
        Paragraph("Fiche retour — pour les intervenants du domicile", st["h1"]),
        Paragraph("À remplir par le service des urgences ou l'établissement au retour à domicile.", st["petit"]),
        Spacer(1, 2 * mm), ident, Spacer(1, 3 * mm),
        _blanks(["Diagnostic, synthèse du passage", "Traitements modifiés ou arrêtés"], w, 2),
        _blanks(["Consignes de surveillance", "Rendez-vous de suivi", "Signes d'alerte : quand rappeler"], w, 2),
        _blanks(["Rempli par (nom, fonction, téléphone)", "Date"], w),
    ]  # fmt: skip
    footer = canvas_with_footer(f"{d.libelle()} — {CONFIDENTIEL}")
    doc.build(story, onFirstPage=lambda c, dc: _header(c, dc, d.libelle()),
              onLaterPages=lambda c, dc: _header(c, dc, d.libelle()), canvasmaker=footer)  # fmt: skip
