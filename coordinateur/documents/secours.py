"""The recovery key as a one-page PDF, to print and keep apart from the laptop."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from coordinateur.documents.pdf import FONT, FONT_BOLD, styles
from coordinateur.text import date_longue


def pdf_cle_secours(cle: str, dossier: str, structure: str = "", jour: date | None = None) -> bytes:
    st = styles()
    key_style = ParagraphStyle("cle", fontName=FONT_BOLD, fontSize=17, leading=26)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title="Clé de secours Coordinateur",
        initialFontName=FONT,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=25 * mm,
    )
    groups = cle.split("-")
    story = [
        Paragraph("Clé de secours de Coordinateur", st["titre"]),
        Paragraph(
            f"Établie le {date_longue(jour or date.today())}" + (f" — {structure}" if structure else ""),
            st["sous_titre"],
        ),
        Spacer(1, 12 * mm),
        Paragraph(
            "Cette clé ouvre les données chiffrées de Coordinateur si la phrase de passe est oubliée. "
            "Rangez cette feuille sous clé, loin de l'ordinateur, et ne la photographiez pas.",
            st["base"],
        ),
        Spacer(1, 8 * mm),
        Paragraph(" – ".join(groups[:4]), key_style),
        Paragraph(" – ".join(groups[4:]), key_style),
        Spacer(1, 8 * mm),
        Paragraph(f"Dossier des données : {dossier}", st["petit"]),
        Paragraph(
            "Pour l'utiliser : au démarrage, « Phrase oubliée ? », recopiez les huit groupes (les tirets "
            "et les espaces sont facultatifs), puis choisissez une nouvelle phrase de passe.",
            st["petit"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
