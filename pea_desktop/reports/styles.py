"""Shared look of every PDF: embedded DejaVu fonts, named paragraph styles, page frame, French
formatting helpers.

Every report module builds its story from :func:`stylesheet` styles and lays it out with
:func:`make_document`, so that claim forms, tax receipts and activity summaries look alike.
Reports take plain data (dataclasses prepared by services); they never import Qt or SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, TableStyle
from reportlab.platypus.tables import CellStyle

from pea_desktop.domain.formatting import (
    NARROW_NBSP,
    NBSP,
    format_date,
    format_euros,
    format_km,
    format_number,
    format_percent,
    format_rate,
)
from pea_desktop.paths import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X

# A sober palette that prints well in black and white.
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e4e9ef")
ZEBRA_FILL = colors.HexColor("#f5f7fa")
TOTAL_FILL = colors.HexColor("#d9e2ec")


@cache
def register_fonts() -> None:
    """Register the bundled DejaVu Sans family once, so that <b> and <i> work and embed."""
    files = {
        FONT: "DejaVuSans.ttf",
        FONT_BOLD: "DejaVuSans-Bold.ttf",
        FONT_ITALIC: "DejaVuSans-Oblique.ttf",
        FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    }
    for name, filename in files.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path(f"fonts/{filename}"))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    # Table cells default to Helvetica, which would then be referenced without being embedded
    # (even by an empty cell): every table of this application uses the embedded family.
    CellStyle.fontname = FONT


@cache
def stylesheet() -> StyleSheet1:
    """Named paragraph styles shared by every document.

    Body, Small, Muted, Title, Subtitle, Heading, HeadingRight, Subheading, Cell, CellRight,
    CellBold, CellBoldRight, CellHeader, CellHeaderRight, Legal, Total, Centered, Signature.
    """
    register_fonts()
    sheet = StyleSheet1()
    base = ParagraphStyle("Body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
    sheet.add(base)

    def derive(name: str, **kwargs: Any) -> None:
        parent = kwargs.pop("parent", base)
        sheet.add(ParagraphStyle(name, parent=parent, **kwargs))

    derive("Small", fontSize=8, leading=10)
    derive("Muted", fontSize=8, leading=10, textColor=MUTED)
    derive("Title", fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=2 * mm)
    derive("Subtitle", fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=3 * mm)
    derive("Heading", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=4 * mm)
    derive("HeadingRight", fontName=FONT_BOLD, fontSize=12, leading=15, alignment=TA_RIGHT)
    derive("Subheading", fontName=FONT_BOLD, fontSize=9.5, leading=12, spaceBefore=2 * mm)
    derive("Cell", fontSize=8.5, leading=10.5)
    derive("CellRight", fontSize=8.5, leading=10.5, alignment=TA_RIGHT)
    derive("CellBold", fontName=FONT_BOLD, fontSize=8.5, leading=10.5)
    derive("CellBoldRight", fontName=FONT_BOLD, fontSize=8.5, leading=10.5, alignment=TA_RIGHT)
    derive("CellHeader", fontName=FONT_BOLD, fontSize=8, leading=10)
    derive("CellHeaderRight", fontName=FONT_BOLD, fontSize=8, leading=10, alignment=TA_RIGHT)
    derive("Legal", fontSize=7.5, leading=9.5, textColor=MUTED)
    derive("Total", fontName=FONT_BOLD, fontSize=10.5, leading=13.5)
    derive("Centered", alignment=TA_CENTER)
    derive("Signature", fontSize=8, leading=10, alignment=TA_LEFT, textColor=MUTED)
    return sheet


def style(name: str) -> ParagraphStyle:
    return stylesheet()[name]


def grid_table_style(*, header_rows: int = 1, zebra: bool = True) -> TableStyle:
    """The table look used everywhere: shaded header, thin rules, light zebra rows."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 10.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.75, INK),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [None, ZEBRA_FILL]))
    return TableStyle(commands)


# --- French formatting -----------------------------------------------------------------------


def esc(text: object) -> str:
    """User text made safe for Paragraph markup (``&``, ``<``, ``>``), newlines kept."""
    return _xml_escape(str(text)).replace("\n", "<br/>")


def fr_date(value: date | None) -> str:
    return format_date(value) if value else ""


def unbreakable(text: str) -> str:
    """ReportLab may break a line at a narrow no-break space: use the plain no-break one."""
    return text.replace(NARROW_NBSP, NBSP)


def fr_euros(value: Decimal | int | None) -> str:
    """ "1 234,50 €" with non-breaking spaces, or "" for nothing."""
    return "" if value is None else unbreakable(format_euros(value))


def fr_number(value: Decimal | int | None, places: int = 2) -> str:
    return "" if value is None else unbreakable(format_number(value, places))


def fr_km(value: Decimal | int | None) -> str:
    """Distances to the tenth, trailing ",0" dropped: "1 234,5 km", "42 km"."""
    if value is None:
        return ""
    return f"{unbreakable(format_km(value))}{NBSP}km"


def fr_rate(value: Decimal | None, unit: str = "km") -> str:
    """A per-unit rate with as many places as it carries (3 for the scale): "0,529 €/km"."""
    return "" if value is None else unbreakable(format_rate(value, unit))


def fr_percent(value: Decimal | int) -> str:
    return unbreakable(format_percent(value))


# --- Page frame ------------------------------------------------------------------------------


class NumberedCanvas(Canvas):
    """A canvas that knows the page count once the document is built ("Page 2 / 5")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        register_fonts()
        # Otherwise every page would reference a non-embedded Helvetica.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
        kwargs["initialFontSize"] = kwargs.get("initialFontSize") or 9.5
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_page_number(total)
            super().showPage()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        register_fonts()
        self.saveState()
        self.setFont(FONT, 7.5)
        self.setFillColor(MUTED)
        self.drawRightString(
            PAGE_SIZE[0] - MARGIN_X, MARGIN_BOTTOM - 9 * mm, f"Page {self._pageNumber} / {total}"
        )
        self.restoreState()


class PageFrame:
    """Header (association left, document title right) and footer (edition line) of each page.

    Use as ``onPage`` callback. ``doc.page_header`` (set by a :class:`SetHeader` flowable) can
    override the right-hand header text for the pages that follow, e.g. in a batch of claims.
    """

    def __init__(self, association: str, title: str, footer: str = "") -> None:
        self.association = association
        self.title = title
        self.footer = footer

    def __call__(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        register_fonts()
        width, height = PAGE_SIZE
        top = height - MARGIN_TOP + 8 * mm
        left, right, size = fit_header(
            self.association, getattr(doc, "page_header", self.title), width - 2 * MARGIN_X
        )
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT_BOLD, size)
        canvas.drawString(MARGIN_X, top, left)
        canvas.setFont(FONT, size)
        canvas.drawRightString(width - MARGIN_X, top, right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 2 * mm, width - MARGIN_X, top - 2 * mm)
        bottom = MARGIN_BOTTOM - 9 * mm
        canvas.line(MARGIN_X, bottom + 4 * mm, width - MARGIN_X, bottom + 4 * mm)
        canvas.setFont(FONT, 7.5)
        canvas.drawString(MARGIN_X, bottom, shorten_to(self.footer, FONT, 7.5, width * 0.7))
        canvas.restoreState()


HEADER_SIZES = (8.0, 7.5, 7.0, 6.5)
HEADER_GAP = 6 * mm


def shorten_to(text: str, font: str, size: float, room: float) -> str:
    """``text`` cut (with "…") to fit ``room`` points in ``font`` at ``size``."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip(" —-,") + "…"


def fit_header(association: str, title: str, room: float) -> tuple[str, str, float]:
    """The header's two texts on one line, never overlapping: a smaller size first, then the
    association's name shortened (the title says what the page is), then the title."""
    for size in HEADER_SIZES:
        used = stringWidth(association, FONT_BOLD, size) + stringWidth(title, FONT, size)
        if used + HEADER_GAP <= room:
            return association, title, size
    size = HEADER_SIZES[-1]
    title_room = min(stringWidth(title, FONT, size), room * 0.62)
    title = shorten_to(title, FONT, size, title_room)
    left_room = room - stringWidth(title, FONT, size) - HEADER_GAP
    return shorten_to(association, FONT_BOLD, size, left_room), title, size


class SetHeader(Flowable):
    """Invisible flowable: the pages started after it show ``text`` in the header's right side."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._doctemplate.page_header = self.text


class Callback(Flowable):
    """Invisible flowable calling ``action`` when laid out: progress during long builds."""

    def __init__(self, action: Callable[[], None]) -> None:
        super().__init__()
        self.action = action

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.action()


def make_document(
    target: str | Path | IO[bytes],
    *,
    title: str,
    association: str,
    footer: str = "",
    subject: str = "",
    on_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
) -> BaseDocTemplate:
    """An A4 document with the shared frame; build it with ``doc.build(story, canvasmaker=...)``.

    Call :func:`build` rather than ``doc.build`` to get page numbers.
    """
    register_fonts()
    doc = BaseDocTemplate(
        target if not isinstance(target, Path) else str(target),
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=association,
        subject=subject,
        creator="PEA Desktop",
        initialFontName=FONT,
        initialFontSize=9.5,
    )
    # No inner padding: CONTENT_WIDTH is exactly the width tables can take.
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    page = on_page or PageFrame(association, title, footer)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=page)])
    return doc


def build(doc: BaseDocTemplate, story: list[Any]) -> None:
    """Lay out ``story`` with "Page n / N" in every footer."""
    doc.build(story, canvasmaker=NumberedCanvas)
