"""The printed booklet "Annuaire des intervenants à domicile": by commune, then profession, with contents."""

from __future__ import annotations

from datetime import date
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from coordinateur.annuaire.fiches import Fiche, FicheIntervenant
from coordinateur.annuaire.listes import libelle_profession, libelle_type
from coordinateur.documents.pdf import (
    FOND,
    FONT,
    GRIS,
    MARGIN,
    PAGE,
    canvas_with_footer,
    styles,
)
from coordinateur.referentiels.cog import referentiel
from coordinateur.referentiels.telephone import affiche_telephone
from coordinateur.text import compte, date_courte, date_longue, fold

SANS_COMMUNE = "Commune non renseignée"


class _Doc(BaseDocTemplate):
    def __init__(self, target: IO[bytes], titre: str) -> None:
        super().__init__(
            target, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=18 * mm,
            title=titre, author="Coordinateur", subject="Annuaire des intervenants", creator="Coordinateur",
        )  # fmt: skip
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="corps")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._section = 0

    def beforeDocument(self) -> None:
        self._section = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            label = flowable.getPlainText()
            key = f"s{self._section}"
            self._section += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(label, key, level=0)
            self.notify("TOCEntry", (0, label, self.page, key))


def _kind(fiche: Fiche) -> str:
    if isinstance(fiche, FicheIntervenant):
        return libelle_profession(fiche.profession_code)
    return libelle_type(fiche.type_code)


def _group(
    fiches: list[Fiche], par_commune: dict[str, list[str]] | None = None
) -> dict[str, dict[str, list[Fiche]]]:
    """Headings (communes) → kinds → records. By the address's commune, or, when communes were asked
    (`par_commune`: commune code → ids of the records that work there), under each commune asked."""
    ref = referentiel()
    groups: dict[str, dict[str, list[Fiche]]] = {}
    if par_commune:
        by_id = {f.id: f for f in fiches}
        for code, ids in par_commune.items():
            commune = ref.commune(code)
            heading = f"{commune.nom} ({commune.code_postal})" if commune else code
            for record_id in ids:
                if record_id in by_id:
                    fiche = by_id[record_id]
                    groups.setdefault(heading, {}).setdefault(_kind(fiche), []).append(fiche)
        return dict(sorted(groups.items(), key=lambda item: fold(item[0])))
    for fiche in fiches:
        commune = ref.commune(fiche.commune_code) if fiche.commune_code else None
        heading = f"{commune.nom} ({fiche.code_postal or commune.code_postal})" if commune else SANS_COMMUNE
        groups.setdefault(heading, {}).setdefault(_kind(fiche), []).append(fiche)
    return dict(sorted(groups.items(), key=lambda item: (item[0] == SANS_COMMUNE, fold(item[0]))))


def _cell(lines: list[str], style: Any) -> Paragraph:
    return Paragraph("<br/>".join(lines), style)


def _entry(fiche: Fiche, structures: dict[str, str]) -> list[Paragraph]:
    st = styles()
    if isinstance(fiche, FicheIntervenant):
        name = (
            " ".join(p for p in (fiche.civilite, fiche.prenom) if p) + f" <b>{escape(fiche.nom.upper())}</b>"
        )
        extra = [escape(fiche.specialite)] if fiche.specialite else []
        extra += [escape(structures[s]) for s in fiche.structure_ids if s in structures]
    else:
        name = f"<b>{escape(fiche.nom)}</b>"
        extra = [f"FINESS {fiche.finess_et}"] if fiche.finess_et else []
    first = [name.strip(), *(f"<font size=8 color='#5a5a5a'>{e}</font>" for e in extra)]
    phones = [
        f"{'Port.' if p['type'] == 'mobile' else 'Fax' if p['type'] == 'fax' else 'Tél.'} {affiche_telephone(p['numero'])}"
        for p in fiche.telephones
    ] or ["—"]
    where = [escape(p) for p in (fiche.adresse, fiche.complement) if p]
    where += [escape(e) for e in (fiche.email, fiche.mssante) if e]
    if fiche.horaires:
        where.append(f"<font size=8 color='#5a5a5a'>{escape(fiche.horaires)}</font>")
    return [_cell(first, st["base"]), _cell(phones, st["base"]), _cell(where or ["—"], st["base"])]


SEUIL_COMPACT = 40  # under this many records: no cover, no contents, the title on the first page
NOTE = (
    "Coordonnées professionnelles, à usage des professionnels du territoire. Signalez toute erreur "
    "à la coordination pour que la prochaine édition soit juste."
)


def _cover(titre: str, sous_titre: str, le: date, n: int, *, contents: bool) -> list[Flowable]:
    st = styles()
    return [
        Spacer(1, 55 * mm),
        Paragraph(escape(titre), st["titre"]),
        Paragraph(escape(sous_titre), st["sous_titre"]) if sous_titre else Spacer(1, 1),
        Spacer(1, 8 * mm),
        Paragraph(f"Édité le {date_longue(le)}", st["sous_titre"]),
        Spacer(1, 4 * mm),
        Paragraph(compte(n, "fiche") + " · classées par commune, puis par profession", st["sous_titre"]),
        Spacer(1, 70 * mm),
        Paragraph(NOTE, st["petit"]),
        PageBreak(),
        *([Paragraph("Sommaire", st["h2"])] if contents else []),
    ]


def _heading_compact(titre: str, sous_titre: str, le: date, n: int) -> list[Flowable]:
    st = styles()
    line = " · ".join(p for p in (sous_titre, f"édité le {date_courte(le)}", compte(n, "fiche")) if p)
    return [
        Paragraph(escape(titre), st["titre"]),
        Paragraph(escape(line), st["sous_titre"]),
        Spacer(1, 2 * mm),
        Paragraph(NOTE, st["petit"]),
        Spacer(1, 4 * mm),
    ]


def livret(
    target: IO[bytes],
    fiches: list[Fiche],
    structures: dict[str, str],
    *,
    titre: str,
    sous_titre: str,
    le: date,
    par_commune: dict[str, list[str]] | None = None,
) -> None:
    """The booklet. `par_commune` (commune code → ids of the records working there): grouped under the
    communes asked rather than by address. Under SEUIL_COMPACT records it is compact: no cover, no contents.
    A commune's or a profession's heading never ends a page alone: it goes with the first entries below."""
    st = styles()
    doc = _Doc(target, titre)
    groups = _group(fiches, par_commune)
    entries = sum(len(members) for kinds in groups.values() for members in kinds.values())
    story: list[Flowable] = []
    if entries >= SEUIL_COMPACT:
        story += _cover(titre, sous_titre, le, len(fiches), contents=len(groups) > 1)
        if len(groups) > 1:  # contents for one commune would be one line
            toc = TableOfContents()
            toc.levelStyles = [st["toc0"]]
            toc.dotsMinLevel = 0
            toc.tableStyle = TableStyle(
                [("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            )
            story += [toc, PageBreak()]
    else:
        story += _heading_compact(titre, sous_titre, le, len(fiches))
    widths = [doc.width * 0.36, doc.width * 0.24, doc.width * 0.40]
    table_style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRIS),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    for heading, kinds in groups.items():
        lead: list[Flowable] = [Paragraph(escape(heading), st["h1"])]  # kept with what follows
        for kind, members in sorted(kinds.items(), key=lambda item: fold(item[0])):
            members.sort(key=lambda f: fold(f"{f.nom} {getattr(f, 'prenom', '')}"))
            rows = [_entry(f, structures) for f in members]
            header = Table([[Paragraph(escape(kind), st["h2"])]], colWidths=[doc.width])
            header.setStyle(
                TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("BACKGROUND", (0, 0), (-1, -1), FOND),
                            ("LEFTPADDING", (0, 0), (-1, -1), 4)])
            )  # fmt: skip
            # the headings and the first two entries go together; the rest may flow onto the next page
            first, rest = (rows, []) if len(rows) <= 4 else (rows[:2], rows[2:])
            story.append(KeepTogether([*lead, header, Table(first, colWidths=widths, style=table_style)]))
            if rest:
                story.append(Table(rest, colWidths=widths, style=table_style))
            lead = []
        story.append(Spacer(1, 4 * mm))
    footer = canvas_with_footer(f"{titre} — édité le {date_courte(le)}", sous_titre)
    doc.multiBuild(story, canvasmaker=footer)
