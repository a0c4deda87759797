"""reportlab foundations: embedded DejaVu fonts (é, œ, ’, € always render), styles, "page X sur Y"."""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from resources import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_CONDENSED = "DejaVuSansCondensed"
FONT_CONDENSED_BOLD = "DejaVuSansCondensed-Bold"
PAGE = A4
MARGIN = 16 * mm
BLEU = colors.HexColor("#1f5f8b")
GRIS = colors.HexColor("#5a5a5a")
FOND = colors.HexColor("#eef3f7")


@cache
def register_fonts() -> None:
    for name in (FONT, FONT_BOLD, FONT_ITALIC, FONT_CONDENSED, FONT_CONDENSED_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)
    pdfmetrics.registerFontFamily(
        FONT_CONDENSED,
        normal=FONT_CONDENSED,
        bold=FONT_CONDENSED_BOLD,
        italic=FONT_CONDENSED,
        boldItalic=FONT_CONDENSED_BOLD,
    )


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "base": base,
        "petit": ParagraphStyle("petit", parent=base, fontSize=8, leading=10, textColor=GRIS),
        "titre": ParagraphStyle(
            "titre",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=22,
            leading=27,
            textColor=BLEU,
            alignment=TA_CENTER,
            spaceAfter=6 * mm,
        ),
        "sous_titre": ParagraphStyle(
            "sous_titre", parent=base, fontSize=12, leading=16, alignment=TA_CENTER, textColor=GRIS
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=15,
            leading=19,
            textColor=BLEU,
            spaceBefore=4 * mm,
            spaceAfter=2 * mm,
            keepWithNext=True,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=3 * mm,
            spaceAfter=1 * mm,
            keepWithNext=True,
            textColor=GRIS,
        ),
        "toc0": ParagraphStyle("toc0", parent=base, fontSize=10, leading=14),
    }


class NumberedCanvas(rl_canvas.Canvas):
    """A canvas that knows the page count when it finishes, for "page 3 sur 12" footers.

    The document sets `footer_left` (and optionally `footer_right`) on the class it passes as canvasmaker.
    """

    footer_left = ""
    footer_right = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        register_fonts()
        kwargs["initialFontName"] = (
            kwargs.get("initialFontName") or FONT
        )  # else pages reference Helvetica, not embedded
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._page_bookmarks: list[tuple[str, dict[str, Any]]] = []

    def bookmarkPage(self, key: str, **kwargs: Any) -> None:
        """Kept with its page and laid when the page is really written: pages are written only at the end
        (to know their count), and a bookmark laid now would point every outline entry at page 1."""
        self._page_bookmarks.append((key, kwargs))

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._page_bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            for key, kwargs in state["_page_bookmarks"]:
                super().bookmarkPage(key, **kwargs)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        register_fonts()
        self.saveState()
        self.setFont(FONT, 7.5)
        self.setFillColor(GRIS)
        width, _height = self._pagesize
        right = f"page {self._pageNumber} sur {total}"
        if self.footer_right:
            right = f"{self.footer_right} · {right}"
        room = width - 2 * MARGIN - pdfmetrics.stringWidth(right, FONT, 7.5) - 4 * mm
        self.drawString(MARGIN, 9 * mm, abrege(self.footer_left, FONT, 7.5, room))
        self.drawRightString(width - MARGIN, 9 * mm, right)
        self.restoreState()


def abrege(text: str, font: str, size: float, width: float) -> str:
    """`text` as drawn in `width` points: whole, or cut at the end with "…" (a line never runs over another)."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def canvas_with_footer(left: str, right: str = "") -> type[NumberedCanvas]:
    return type("FooterCanvas", (NumberedCanvas,), {"footer_left": left, "footer_right": right})
