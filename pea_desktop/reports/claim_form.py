"""The reimbursement form ("état de frais") of one claim, as a treasurer signs it."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import FrameBreak

from pea_desktop.domain.association import AssociationInfo
from pea_desktop.domain.claim_forms import ClaimForm, FormGroup, MileageDetail
from pea_desktop.domain.claims import REIMBURSEMENT_SENTENCE, WAIVER_SENTENCE, ClaimStatus
from pea_desktop.domain.formatting import format_date
from pea_desktop.reports import styles
from pea_desktop.reports.styles import (
    CONTENT_WIDTH,
    FONT_BOLD,
    HEADER_FILL,
    INK,
    RULE,
    TOTAL_FILL,
    ZEBRA_FILL,
    esc,
    fr_date,
    fr_euros,
    fr_km,
    style,
)

LINE_COLUMNS = (21 * mm, 42 * mm, 34 * mm, 19 * mm, 26 * mm, 22 * mm, 10 * mm)
CHECKED, UNCHECKED = "☒", "☐"
WARNING_FILL = colors.HexColor("#fdf1d8")
# How many expense lines at least go to the page of the total and the signatures: a total
# alone on a page, cut from what it adds up, is what a treasurer must not sign.
KEPT_LINES = 2


def _p(text: str, name: str = "Body") -> Paragraph:
    return Paragraph(text, style(name))


def _box(rows: list[list[Any]], widths: list[float], fill: Any = None) -> Table:
    table = Table(rows, colWidths=widths)
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if len(widths) > 1:
        commands.append(("INNERGRID", (0, 0), (-1, -1), 0.5, RULE))
    if fill is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), fill))
    table.setStyle(TableStyle(commands))
    return table


def issuer_lines(issuer: AssociationInfo) -> str:
    lines = [f"<b>{esc(issuer.name)}</b>", *(esc(line) for line in issuer.address_lines)]
    if issuer.identifiers:
        lines.append(esc(issuer.identifiers))
    return "<br/>".join(lines)


def _heading(form: ClaimForm) -> list[Flowable]:
    title = Table(
        [
            [
                _p("État de frais de bénévole", "Title"),
                _p(f"N°\u00a0{esc(form.number)}", "HeadingRight"),
            ]
        ],
        colWidths=[CONTENT_WIDTH - 55 * mm, 55 * mm],
    )
    title.setStyle(
        TableStyle(
            [
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    period = (
        f"Période\u00a0: <b>{esc(form.period)}</b> (du {fr_date(form.period_start)} "
        f"au {fr_date(form.period_end)}) · Antenne\u00a0: {esc(form.antenna)} · "
        f"Statut\u00a0: <b>{esc(form.status)}</b>"
    )
    volunteer = "<br/>".join(
        [f"<b>{esc(form.volunteer_name)}</b>", *map(esc, form.volunteer_address.splitlines())]
    )
    parties = _box(
        [
            [_p("Association", "Muted"), _p("Bénévole", "Muted")],
            [_p(issuer_lines(form.issuer)), _p(volunteer)],
        ],
        [CONTENT_WIDTH / 2, CONTENT_WIDTH / 2],
    )
    story: list[Flowable] = [title, _p(period, "Subtitle"), parties]
    warnings = [text for text in (form.flag, form.mileage.notice if form.mileage else "") if text]
    if warnings and not form.locked:  # a locked claim has nothing left to check
        text = "<br/>".join(f"<b>À vérifier :</b> {esc(w)}" for w in warnings)
        story += [Spacer(1, 2 * mm), _box([[_p(text, "Small")]], [CONTENT_WIDTH], WARNING_FILL)]
    return story


def _purpose(purpose: str, note: str) -> Any:
    if not note:
        return _p(esc(purpose), "Cell") if purpose else ""
    text = f"{esc(purpose)}<br/>" if purpose else ""
    return _p(f'{text}<font size="6.5" color="#5f6b7a">{esc(note)}</font>', "Cell")


def _lines_table(groups: tuple[FormGroup, ...]) -> Table:
    """One table: a title row per nature of expense, its lines, its subtotal.

    Short figures are plain strings (no Paragraph to parse and wrap): a month's batch of 200
    forms is mostly made of them.
    """
    rows: list[list[Any]] = [["Date", "Objet", "Trajet", "km", "Taux", "Montant", "Just."]]
    line_rows: list[int] = []  # indexes of the expense lines (not titles nor subtotals)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), 8),
        ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
    ]
    for group in groups:
        at = len(rows)
        commands += [
            ("SPAN", (0, at), (-1, at)),
            ("BACKGROUND", (0, at), (-1, at), HEADER_FILL),
            ("FONTNAME", (0, at), (-1, at), FONT_BOLD),
        ]
        rows.append([group.label, "", "", "", "", "", ""])
        for line in group.lines:
            long_rate = len(line.rate) > 14
            line_rows.append(len(rows))
            rows.append(
                [
                    fr_date(line.day),
                    _purpose(line.purpose, line.note),
                    _p(esc(line.trip), "Cell") if line.trip else "",
                    fr_km(line.km),
                    _p(esc(line.rate), "CellRight") if long_rate else line.rate,
                    fr_euros(line.amount),
                    str(line.receipts) if line.receipts else "",
                ]
            )
        if len(group.lines) > 1 or group.km:
            at = len(rows)
            commands += [
                ("SPAN", (0, at), (2, at)),
                ("BACKGROUND", (0, at), (-1, at), ZEBRA_FILL),
                ("FONTNAME", (0, at), (-1, at), FONT_BOLD),
            ]
            km = fr_km(group.km) if group.km else ""
            label = f"Sous-total — {group.label.lower()}"
            rows.append([label, "", "", km, "", fr_euros(group.subtotal), ""])
    tail = _tail_start(line_rows, groups_at={i for i, r in enumerate(rows) if r[1:] == [""] * 6})
    if tail < len(rows) - 1:
        commands.append(("NOSPLIT", (0, tail), (-1, -1)))
    table = Table(rows, colWidths=LINE_COLUMNS, repeatRows=1)
    table_style = styles.grid_table_style(zebra=False)
    for command in commands:
        table_style.add(*command)
    table.setStyle(table_style)
    return table


def _tail_start(line_rows: list[int], groups_at: set[int]) -> int:
    """First row of the table's tail that never leaves the total: the last KEPT_LINES expense
    lines, with their group's title when it would otherwise end a page alone."""
    if not line_rows:
        return 1
    start = line_rows[-min(KEPT_LINES, len(line_rows))]
    while start - 1 in groups_at:
        start -= 1
    return max(start, 1)


class KeepTailWithEnd(KeepTogether):
    """The lines table, then what ends the form (total, choice, signatures).

    When all does not fit on the page, the table is cut so that its last lines (a ``NOSPLIT``
    block) start the next page with its repeated header, and the end follows them there: never
    a total and signatures alone on a page. A table that cannot be cut moves as a whole; one
    taller than a page flows as it can.
    """

    def __init__(self, before: list[Flowable], table: Table, end: list[Flowable]) -> None:
        super().__init__([*before, table, *end])
        self._before, self._table, self._end = before, table, end

    def split(self, aW: float, aH: float) -> list[Flowable]:
        whole = [*self._before, self._table, *self._end]
        if aH >= self._H:
            return whole
        frame = getattr(self, "_frame", None)
        at_top = bool(frame is not None and getattr(frame, "_atTop", False))
        room = aH - sum(f.wrap(aW, aH)[1] + f.getSpaceBefore() for f in self._before)
        table_height = self._table.wrap(aW, aH)[1]
        parts = self._table.split(aW, min(room, table_height - 1)) if room > 0 else []
        if len(parts) == 2:
            # The rest may again be more than a page: it is cut the same way there.
            return [*self._before, parts[0], KeepTailWithEnd([], parts[1], self._end)]
        if at_top:  # a new page would not hold more: let it flow
            return whole
        return [FrameBreak(), self]  # tried again, whole, at the top of the next page


def _lines(form: ClaimForm) -> list[Flowable]:
    story: list[Flowable] = [_p("Détail des frais", "Heading"), Spacer(1, 1 * mm)]
    if not form.groups:
        return [*story, _p("Aucune dépense sur cette note.", "Muted")]
    return [*story, _lines_table(form.groups)]


def _band_text(detail: MileageDetail) -> str:
    bonus = ""
    if detail.electric_bonus:
        percent = styles.fr_percent(detail.electric_bonus * 100)
        bonus = f", véhicule électrique : montants majorés de {percent}"
    return f"<b>Barème kilométrique {detail.scale_year} — {esc(detail.row_label)}</b>{bonus}"


def _mileage(detail: MileageDetail) -> list[Flowable]:
    lines = [_band_text(detail), " ; ".join(esc(band) for band in detail.bands) + "."]
    lines.append(
        "Le barème s'applique à la distance parcourue dans l'année civile (d). "
        f"Distance de l'année avant cette note : <b>{fr_km(detail.km_before)}</b> ; "
        f"dans cette note : <b>{fr_km(detail.km_claimed)}</b> ; "
        f"après : <b>{fr_km(detail.km_after)}</b>."
    )
    if detail.scale_before is not None and detail.scale_after is not None:
        lines.append(
            f"Montant du barème : S({fr_km(detail.km_after)}) − S({fr_km(detail.km_before)}) = "
            f"{fr_euros(detail.scale_after)} − {fr_euros(detail.scale_before)} = "
            f"<b>{fr_euros(detail.scale_after - detail.scale_before)}</b>."
        )
    if detail.own_rate is not None:
        lines.append(
            f"Taux de l'association : {styles.fr_rate(detail.own_rate)} ; en cas d'abandon de "
            "frais, la valeur retenue ne dépasse pas celle du barème."
        )
    return [
        _p("Indemnités kilométriques : calcul", "Heading"),
        Spacer(1, 1 * mm),
        _box([[_p("<br/>".join(lines), "Small")]], [CONTENT_WIDTH]),
    ]


def _total(form: ClaimForm) -> list[Flowable]:
    receipts = (
        f"Justificatifs joints : <b>{form.receipt_count}</b>"
        if form.receipt_count
        else "Aucun justificatif joint"
    )
    table = _box(
        [
            [_p(receipts), _p(f"Total : {fr_euros(form.total)}", "Total")],
            [_p(f"Arrêté la présente note à la somme de : <b>{esc(form.total_words)}</b>."), ""],
        ],
        [CONTENT_WIDTH - 55 * mm, 55 * mm],
        fill=None,
    )
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 1), (1, 1)),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, 0), TOTAL_FILL),
                ("LINEABOVE", (0, 1), (-1, 1), 0.5, RULE),
            ]
        )
    )
    return [Spacer(1, 4 * mm), table]


def _choice(form: ClaimForm) -> list[Flowable]:
    reimbursed = CHECKED if not form.waiver else UNCHECKED
    waived = CHECKED if form.waiver else UNCHECKED
    rows = [
        [
            _p(reimbursed, "Total"),
            _p(f"<b>Remboursement.</b> {esc(REIMBURSEMENT_SENTENCE)}", "Small"),
        ],
        [_p(waived, "Total"), _p(f"<b>Abandon de frais.</b> {esc(WAIVER_SENTENCE)}", "Small")],
    ]
    if form.waiver:
        note = "Ce don ouvre droit à un reçu fiscal (article 200 du code général des impôts)"
        if form.tax_receipt:
            note += f" : reçu n° {esc(form.tax_receipt)}"
        rows.append(["", _p(note + ".", "Muted")])
    table = Table(rows, colWidths=[8 * mm, CONTENT_WIDTH - 8 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [_p("Choix du bénévole", "Heading"), Spacer(1, 1 * mm), table]


def _signatures() -> Table:
    # Functions, not people: the wording fits whoever signs.
    titles = ("Bénévole", "Coordination d'antenne", "Trésorerie")
    cell = "<b>{}</b><br/>Date :<br/><br/>Signature :"
    table = Table(
        [[_p(cell.format(title), "Signature") for title in titles]],
        colWidths=[CONTENT_WIDTH / 3] * 3,
        rowHeights=[26 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, INK),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _follow_up(form: ClaimForm) -> list[Flowable]:
    parts = [f"{esc(label)} le {fr_date(day)}" for label, day in form.milestones]
    if form.payment:
        parts.append(esc(form.payment))
    if form.refusal_reason:
        parts.append(f"Motif du refus : {esc(form.refusal_reason)}")
    if form.notes:
        parts.append(f"Observations : {esc(form.notes)}")
    if not parts:
        return []
    return [Spacer(1, 2 * mm), _p("Suivi : " + " · ".join(parts), "Muted")]


def _draft_mark() -> Table:
    """A draft printed for checking must never pass for the claim itself (issue 11)."""
    mark = Table(
        [
            [
                _p(
                    '<font color="#b3261e"><b>BROUILLON</b> — document de travail, pas '
                    "encore soumis ni approuvé : ne pas rembourser sur cette pièce.</font>"
                )
            ]
        ],
        colWidths=[CONTENT_WIDTH],
    )
    mark.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#b3261e")),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return mark


def claim_story(form: ClaimForm) -> list[Flowable]:
    """The flowables of one form (several forms can follow each other in one document)."""
    story = _heading(form)
    if form.status == ClaimStatus.DRAFT.label:
        story.insert(1, _draft_mark())
    # The last lines, the mileage calculation, the total, the choice and the signatures stay
    # on one page.
    end = [
        *(_mileage(form.mileage) if form.mileage is not None else []),
        *_total(form),
        *_choice(form),
        _p("Signatures", "Heading"),
        Spacer(1, 1 * mm),
        _signatures(),
        *_follow_up(form),
    ]
    lines = _lines(form)
    if isinstance(lines[-1], Table):
        return [*story, KeepTailWithEnd(lines[:-1], lines[-1], end)]
    return [*story, *lines, KeepTogether(end)]


def footer_text(printed: str) -> str:
    return f"Édité le {printed} avec PEA Desktop"


def claim_form_pdf(form: ClaimForm, printed_on: date) -> bytes:
    """The état de frais of one claim, as PDF bytes (the caller writes them where it wants)."""
    buffer = io.BytesIO()
    write_claim_form(buffer, form, format_date(printed_on))
    return buffer.getvalue()


def write_claim_form(target: str | Path | IO[bytes], form: ClaimForm, printed: str) -> None:
    doc = styles.make_document(
        target,
        title=f"État de frais {form.number}",
        association=form.issuer.name,
        footer=footer_text(printed),
        subject=f"Note de frais {form.number} — {form.volunteer_name} — {form.period}",
    )
    styles.build(doc, claim_story(form))
