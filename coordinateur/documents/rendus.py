"""Laying out documents made of neutral blocks (minutes, RGPD documents): PDF (reportlab), ODT (odfdo) and
DOCX (python-docx), from the same blocks.

Metadata carries the (redacted) title, the structure as author, and nothing about the persons."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

GENERATEUR = "Coordinateur"


@dataclass
class Bloc:
    genre: str  # "h1", "h2", "texte", "liste", "tableau"
    texte: str = ""
    items: list[str] = field(default_factory=list)
    lignes: list[list[str]] = field(default_factory=list)  # first row is the header


@dataclass
class Document:
    titre: str
    sous_titre: str
    blocs: list[Bloc]
    auteur: str


def pdf(doc: Document) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from coordinateur.documents.pdf import (
        FOND,
        FONT,
        FONT_BOLD,
        GRIS,
        MARGIN,
        PAGE,
        canvas_with_footer,
        styles,
    )

    st = styles()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=18 * mm,
        title=doc.titre, author=doc.auteur, subject=doc.sous_titre, creator=GENERATEUR, initialFontName=FONT,
    )  # fmt: skip
    story = [
        Paragraph(escape(doc.titre), st["h1"]),
        Paragraph(escape(doc.sous_titre), st["petit"]),
        Spacer(1, 3 * mm),
    ]
    for bloc in doc.blocs:
        if bloc.genre in ("h1", "h2"):
            story.append(Paragraph(escape(bloc.texte), st[bloc.genre]))
        elif bloc.genre == "texte":
            story.append(Paragraph(escape(bloc.texte), st["base"]))
        elif bloc.genre == "liste":
            story += [Paragraph("• " + escape(item), st["base"]) for item in bloc.items]
        elif bloc.genre == "tableau" and bloc.lignes:
            rows = [[Paragraph(("<b>%s</b>" if i == 0 else "%s") % escape(cell), st["base"]) for cell in row]
                    for i, row in enumerate(bloc.lignes)]  # fmt: skip
            table = Table(rows, repeatRows=1, colWidths=[template.width / len(rows[0])] * len(rows[0]))
            table.setStyle(TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("BACKGROUND", (0, 0), (-1, 0), FOND), ("GRID", (0, 0), (-1, -1), 0.3, GRIS), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))  # fmt: skip
            story.append(table)
    template.build(story, canvasmaker=canvas_with_footer(f"{doc.auteur} — {doc.titre}"))
    return buffer.getvalue()


def odt(doc: Document) -> bytes:
    from odfdo import Document as OdfDocument
    from odfdo import Header, List, Paragraph, Table, create_table_cell_style

    document = OdfDocument("text")
    # odfdo's template numbers headings as chapters (« 1.1.2 Ordre du jour » in LibreOffice): not here
    for level in document.styles.get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        for name in ("style:num-suffix", "loext:num-list-format", "text:display-levels"):
            if level.get_attribute(name) is not None:
                level.del_attribute(name)
    cell = document.insert_style(
        create_table_cell_style(border="0.5pt solid #808080", padding="0.08cm"), automatic=True
    )
    body = document.body
    body.clear()
    body.append(Header(1, doc.titre))
    body.append(Paragraph(doc.sous_titre))
    for n, bloc in enumerate(doc.blocs):
        if bloc.genre in ("h1", "h2"):
            body.append(Header(2 if bloc.genre == "h1" else 3, bloc.texte))
        elif bloc.genre == "texte":
            body.append(Paragraph(bloc.texte))
        elif bloc.genre == "liste":
            body.append(List(bloc.items))
        elif bloc.genre == "tableau" and bloc.lignes:
            table = Table(f"Tableau{n + 1}", width=len(bloc.lignes[0]), height=len(bloc.lignes))
            table.set_values(bloc.lignes)
            for row in table.traverse():
                for c in row.traverse():
                    c.style = cell  # bordered cells, as in the PDF and the DOCX
            body.append(table)
    meta = document.meta
    now = datetime.now(UTC).replace(tzinfo=None)
    meta.set_title(doc.titre)
    meta.set_subject(doc.sous_titre)
    meta.set_initial_creator(doc.auteur)
    meta.set_creator(doc.auteur)
    meta.set_generator(GENERATEUR)
    meta.set_creation_date(now)
    meta.set_modification_date(now)
    meta.set_keywords("")
    meta.set_description("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# The extended properties ("docProps/app.xml"): python-docx's template says "Microsoft Macintosh Word".
APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    f"<Application>{GENERATEUR}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _a4(document: Any) -> int:
    """A French page: A4, 2 cm margins (the template is US Letter). Returns the text width (EMU)."""
    from docx.shared import Cm

    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    return int(Cm(21 - 2 * 2))


def _pleine_largeur(table: Any, width: int) -> None:
    """The table across the whole text width (100 %), its columns sharing it, in Word and in LibreOffice."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    table_width = properties.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        properties.append(table_width)
    table_width.set(qn("w:type"), "pct")
    table_width.set(qn("w:w"), "5000")
    columns = len(table.columns)
    for column in table.columns:
        column.width = width // columns
        for cell in column.cells:
            cell.width = width // columns


def _proprietes(document: Any, doc: Document) -> None:
    props = document.core_properties
    props.title = doc.titre
    props.subject = doc.sous_titre
    props.author = doc.auteur
    props.last_modified_by = doc.auteur
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.revision = 1
    props.created = props.modified = datetime.now(UTC).replace(tzinfo=None)
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.encode("utf-8")


def docx(doc: Document) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    text_width = _a4(document)
    document.add_heading(doc.titre, 0)
    document.add_paragraph(doc.sous_titre)
    for bloc in doc.blocs:
        if bloc.genre in ("h1", "h2"):
            document.add_heading(bloc.texte, 1 if bloc.genre == "h1" else 2)
        elif bloc.genre == "texte":
            document.add_paragraph(bloc.texte)
        elif bloc.genre == "liste":
            for item in bloc.items:
                document.add_paragraph(item, style="List Bullet")
        elif bloc.genre == "tableau" and bloc.lignes:
            table = document.add_table(rows=len(bloc.lignes), cols=len(bloc.lignes[0]))
            table.style = "Table Grid"
            for r, row in enumerate(bloc.lignes):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            _pleine_largeur(table, text_width)
    _proprietes(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
