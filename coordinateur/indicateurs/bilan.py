"""The bilan of a period: its figures and the previous period's, the coordinator's comments; closing a
period freezes them (with the definitions' version) so that it reprints identically; exports as a one-page
A4 PDF, a CSV for French Excel and an XLSX workbook."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from sqlalchemy import select

from coordinateur.documents.tableur import ajoute_ligne_xlsx, ecrivain_csv
from coordinateur.errors import ValidationError
from coordinateur.fichiers import ecriture_atomique
from coordinateur.indicateurs.calcul import calcule_avec_precedente, definitions
from coordinateur.indicateurs.models import Cloture, NoteBilan
from coordinateur.indicateurs.periodes import Periode, Territoire
from coordinateur.text import date_longue, jour

if TYPE_CHECKING:
    from coordinateur.store import Store

FORMATS = ("pdf", "csv", "xlsx")


@dataclass(frozen=True)
class LigneBilan:
    code: str
    libelle: str
    groupe: str
    unite: str
    valeur: float
    precedente: float

    @property
    def evolution(self) -> str:
        return evolution(self.valeur, self.precedente, self.unite)


@dataclass(frozen=True)
class Bilan:
    periode: Periode
    territoire: Territoire
    version: str
    lignes: tuple[LigneBilan, ...]
    commentaire: str
    close_le: str = ""  # ISO time of the closure; "" while the period is open
    close_par: str = ""

    @property
    def clos(self) -> bool:
        return bool(self.close_le)

    def valeur(self, code: str) -> float:
        return next(line.valeur for line in self.lignes if line.code == code)


def nombre(value: float, unite: str = "nombre") -> str:
    """French number: "1 234", "87,5 %"."""
    if unite == "pourcentage":
        return f"{value:.1f}".replace(".", ",") + " %"
    return f"{int(value):,}".replace(",", "\u202f")


def evolution(value: float, previous: float, unite: str) -> str:
    delta = value - previous
    if unite == "pourcentage":
        return ("+" if delta > 0 else "") + f"{delta:.1f}".replace(".", ",") + " pt" if delta else "="
    return f"+{int(delta)}" if delta > 0 else (str(int(delta)) if delta < 0 else "=")


def _stored(store: Store, periode: Periode, territoire: Territoire) -> Cloture | None:
    with store.read() as session:
        return session.scalars(
            select(Cloture).where(Cloture.periode == periode.code, Cloture.territoire == territoire.code)
        ).first()


def note(store: Store, periode: Periode, territoire: Territoire) -> str:
    with store.read() as session:
        row = session.get(NoteBilan, (periode.code, territoire.code))
        return row.texte if row else ""


def enregistre_note(store: Store, periode: Periode, territoire: Territoire, texte: str) -> None:
    if _stored(store, periode, territoire) is not None:
        raise ValidationError("Cette période est close : ses commentaires ne changent plus.")
    with store.write() as session:
        session.merge(NoteBilan(periode=periode.code, territoire=territoire.code, texte=texte.strip()))


def bilan(store: Store, periode: Periode, territoire: Territoire, *, aujourdhui: date | None = None) -> Bilan:
    """The figures as frozen if the period is closed, else computed now with the draft comments."""
    closed = _stored(store, periode, territoire)
    if closed is not None:
        content = closed.contenu
        return Bilan(periode, territoire, closed.version, tuple(LigneBilan(**line) for line in content["lignes"]),
                     content.get("commentaire", ""), closed.close_le, closed.close_par)  # fmt: skip
    current, previous = calcule_avec_precedente(store, periode, territoire, aujourdhui=aujourdhui)
    before = {v.code: v.valeur for v in previous}
    lines = tuple(LigneBilan(v.code, v.definition.libelle, v.definition.groupe, v.definition.unite, v.valeur,
                             before[v.code]) for v in current)  # fmt: skip
    return Bilan(periode, territoire, definitions().version, lines, note(store, periode, territoire))


def cloture(store: Store, periode: Periode, territoire: Territoire, commentaire: str | None = None,
            *, aujourdhui: date | None = None) -> Bilan:  # fmt: skip
    """Freeze the period's figures. Only a finished period closes, once."""
    today = aujourdhui or date.today()
    if periode.fin >= today:
        raise ValidationError(
            f"La période {periode.libelle} n'est pas terminée : elle pourra être close à partir du "
            f"{date_longue(periode.fin + timedelta(days=1))}.",
            "periode",
        )
    if _stored(store, periode, territoire) is not None:
        raise ValidationError(
            f"La période {periode.libelle} est déjà close pour {territoire.libelle}.", "periode"
        )
    if commentaire is not None:
        enregistre_note(store, periode, territoire, commentaire)
    current = bilan(store, periode, territoire, aujourdhui=today)
    content = {"lignes": [asdict(line) for line in current.lignes], "commentaire": current.commentaire,
               "periode": periode.libelle, "territoire": territoire.libelle}  # fmt: skip
    with store.write() as session:
        session.add(Cloture(periode=periode.code, territoire=territoire.code, version=current.version, contenu=content,
                            close_le=datetime.now(UTC).isoformat(timespec="seconds"), close_par=store.user))  # fmt: skip
        store.audit(session, "creation", "indicateurs", periode.code,
                    f"Période {periode.libelle} close ({territoire.libelle})")  # fmt: skip
    return bilan(store, periode, territoire)


# -- exports ----------------------------------------------------------------------------------------------


def en_csv(b: Bilan) -> bytes:
    buffer = io.StringIO()
    writer = ecrivain_csv(buffer)
    writer.writerow(
        ["Période", b.periode.libelle, "Territoire", b.territoire.libelle, "Définitions", b.version]
    )
    writer.writerow(["Groupe", "Indicateur", "Valeur", "Période précédente", "Évolution"])
    groups = definitions().groupes
    for line in b.lignes:
        value = (
            f"{line.valeur:.1f}".replace(".", ",") if line.unite == "pourcentage" else str(int(line.valeur))
        )
        before = (
            f"{line.precedente:.1f}".replace(".", ",")
            if line.unite == "pourcentage"
            else str(int(line.precedente))
        )
        writer.writerow([groups.get(line.groupe, line.groupe), line.libelle, value, before, line.evolution])
    if b.commentaire:
        writer.writerow([])
        writer.writerow(["Commentaires", b.commentaire])
    return buffer.getvalue().encode("utf-8-sig")


def en_xlsx(b: Bilan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Indicateurs"
    ajoute_ligne_xlsx(sheet, [f"Bilan des indicateurs — {b.periode.libelle} — {b.territoire.libelle}"])
    sheet["A1"].font = Font(bold=True, size=13)
    ajoute_ligne_xlsx(
        sheet,
        [
            f"Définitions {b.version}"
            + (f", période close le {date_longue(jour(b.close_le))}" if b.clos else ", provisoire")
        ],
    )
    sheet.append([])
    sheet.append(["Groupe", "Indicateur", "Valeur", "Période précédente", "Évolution"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    groups = definitions().groupes
    for line in b.lignes:
        ajoute_ligne_xlsx(
            sheet,
            [
                groups.get(line.groupe, line.groupe),
                line.libelle,
                line.valeur,
                line.precedente,
                line.evolution,
            ],
        )
        if line.unite == "pourcentage":
            for cell in sheet[sheet.max_row][2:4]:
                cell.number_format = '0.0" %"'
    if b.commentaire:
        sheet.append([])
        ajoute_ligne_xlsx(sheet, ["Commentaires", b.commentaire])
    for column, width in zip("ABCDE", (34, 62, 10, 18, 11), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def en_pdf(b: Bilan, *, structure: str = "") -> bytes:
    """One A4 page: the figures by group with the previous period, a bar chart of the action plan, the
    comments."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from coordinateur.documents.pdf import BLEU, FOND, FONT, FONT_BOLD, GRIS, PAGE, styles

    st = styles()
    buffer = io.BytesIO()
    margin = 14 * mm
    doc = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=margin, rightMargin=margin, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=f"Bilan des indicateurs — {b.periode.libelle}",
                            author=structure or "Coordinateur", initialFontName=FONT)  # fmt: skip
    status = (f"Période close le {date.fromisoformat(b.close_le[:10]).strftime('%d/%m/%Y')} par {b.close_par}"
              if b.clos else "Chiffres provisoires : période non close")  # fmt: skip
    story: list[Any] = [
        Paragraph(f"Bilan des indicateurs — {escape(b.periode.libelle)}", st["h1"]),
        Paragraph(escape(" · ".join(p for p in (structure, b.territoire.libelle) if p)), st["base"]),
        Paragraph(
            escape(f"{status}. Définitions {b.version}. Édité le {date_longue(date.today())}."), st["petit"]
        ),
        Spacer(1, 3 * mm),
    ]
    groups = definitions().groupes
    rows: list[list[Any]] = [["Indicateur", b.periode.code, "Précédente", "Évolution"]]
    style = [("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
             ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD), ("BACKGROUND", (0, 0), (-1, 0), FOND),
             ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, GRIS),
             ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]  # fmt: skip
    current_group = None
    for line in b.lignes:
        if line.groupe != current_group:
            current_group = line.groupe
            rows.append([groups.get(line.groupe, line.groupe), "", "", ""])
            style += [("FONTNAME", (0, len(rows) - 1), (-1, len(rows) - 1), FONT_BOLD),
                      ("TEXTCOLOR", (0, len(rows) - 1), (-1, len(rows) - 1), BLEU),
                      ("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1))]  # fmt: skip
        rows.append(
            [
                line.libelle,
                nombre(line.valeur, line.unite),
                nombre(line.precedente, line.unite),
                line.evolution,
            ]
        )
    width = doc.width
    table = Table(rows, colWidths=[width * 0.64, width * 0.12, width * 0.12, width * 0.12], repeatRows=1)
    table.setStyle(TableStyle(style))
    story += [table, Spacer(1, 4 * mm)]

    plan = [line for line in b.lignes if line.groupe == "plan"]
    if plan:
        story.append(Paragraph(escape(groups.get("plan", "Plan d'action")), st["h2"]))
        drawing = Drawing(width, 40 + 22 * len(plan))
        chart = HorizontalBarChart()
        chart.x, chart.y = 150, 30
        chart.width, chart.height = width - 180, 20 * len(plan)
        chart.data = [[line.precedente for line in reversed(plan)], [line.valeur for line in reversed(plan)]]
        short = {d.code: d.court or d.libelle for d in definitions().indicateurs}
        chart.categoryAxis.categoryNames = [
            _court(short.get(line.code, line.libelle)) for line in reversed(plan)
        ]
        chart.categoryAxis.labels.fontName = FONT
        chart.categoryAxis.labels.fontSize = 7
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.valueAxis.labels.fontName = FONT
        chart.valueAxis.labels.fontSize = 7
        chart.valueAxis.valueMin = 0
        chart.valueAxis.forceZero = True
        chart.bars[0].fillColor = colors.HexColor("#b9cfe0")
        chart.bars[1].fillColor = BLEU
        chart.barLabels.fontName = FONT
        chart.barLabels.fontSize = 6.5
        chart.barLabelFormat = lambda v: nombre(v)
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
        drawing.add(chart)
        legend = Legend()
        legend.fontName = FONT
        legend.fontSize = 7
        legend.x, legend.y = 150, 6
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.colorNamePairs = [(BLEU, b.periode.code), (colors.HexColor("#b9cfe0"), "période précédente")]
        legend.deltax = 110
        drawing.add(legend)
        story.append(drawing)
    if b.commentaire:
        story += [Spacer(1, 2 * mm), Paragraph("Commentaires", st["h2"]),
                  Paragraph(escape(b.commentaire).replace("\n", "<br/>"), st["base"])]  # fmt: skip
    doc.build([KeepInFrame(doc.width, doc.height, story, mode="shrink")])
    return buffer.getvalue()


def _court(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def exporte(store: Store, b: Bilan, path: Path, *, structure: str = "") -> Path:
    """Write the bilan in the format its suffix names (.pdf, .csv, .xlsx), atomically; recorded."""
    format_ = path.suffix.lower().lstrip(".")
    if format_ not in FORMATS:
        raise ValidationError("Choisissez un fichier .pdf, .csv ou .xlsx pour le bilan.")
    data = {
        "pdf": lambda: en_pdf(b, structure=structure),
        "csv": lambda: en_csv(b),
        "xlsx": lambda: en_xlsx(b),
    }[format_]()
    with ecriture_atomique(path) as handle:
        handle.write(data)
    with store.write() as session:
        store.audit(session, "export", "indicateurs", b.periode.code,
                    f"Bilan {b.periode.libelle} ({b.territoire.libelle}) en {format_.upper()} : {path.name}")  # fmt: skip
    return path
