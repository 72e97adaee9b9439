"""A month's claims in one PDF: the treasurer's slip (bordereau), then every claim form."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from pea_desktop.domain.claim_forms import ClaimForm, MonthBatch, Slip
from pea_desktop.domain.formatting import format_date
from pea_desktop.reports import styles
from pea_desktop.reports.claim_form import claim_story, footer_text, issuer_lines
from pea_desktop.reports.styles import CONTENT_WIDTH, TOTAL_FILL, esc, fr_date, fr_euros, style

SLIP_COLUMNS = (28 * mm, 58 * mm, 30 * mm, 12 * mm, 23 * mm, 23 * mm)

Progress = Callable[[int, int], None]


def _p(text: str, name: str = "Body") -> Paragraph:
    return Paragraph(text, style(name))


def slip_story(slip: Slip) -> list[Flowable]:
    story: list[Flowable] = [
        _p("Bordereau de remboursement des frais", "Title"),
        _p(
            f"Période : <b>{esc(slip.period)}</b> · Antenne : {esc(slip.antenna)} · "
            f"Édité le {fr_date(slip.printed_on)}",
            "Subtitle",
        ),
        _p(issuer_lines(slip.issuer), "Small"),
        Spacer(1, 4 * mm),
    ]
    header = ["N° de note", "Bénévole", "Statut", "Just.", "À rembourser", "Abandon de frais"]
    right = {3, 4, 5}
    rows: list[list[Any]] = [
        [_p(h, "CellHeaderRight" if i in right else "CellHeader") for i, h in enumerate(header)]
    ]
    for row in slip.rows:
        rows.append(
            [
                _p(esc(row.number), "Cell"),
                _p(esc(row.volunteer_name), "Cell"),
                _p(esc(row.status), "Cell"),
                _p(str(row.receipts), "CellRight"),
                _p(fr_euros(row.to_pay) if row.to_pay else "—", "CellRight"),
                _p(fr_euros(row.waived) if row.waived else "—", "CellRight"),
            ]
        )
    rows.append(
        [
            _p(f"Total ({len(slip.rows)} note{'s' if len(slip.rows) > 1 else ''})", "CellBold"),
            "",
            "",
            "",
            _p(fr_euros(slip.total_to_pay), "CellBoldRight"),
            _p(fr_euros(slip.total_waived), "CellBoldRight"),
        ]
    )
    table = Table(rows, colWidths=SLIP_COLUMNS, repeatRows=1)
    table_style = styles.grid_table_style()
    table_style.add("SPAN", (0, -1), (3, -1))
    table_style.add("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL)
    table.setStyle(table_style)
    story.append(table)
    if not slip.rows:
        story.append(_p("Aucune note de frais pour cette période.", "Muted"))
    story.append(
        _p(
            "Les notes en abandon de frais ne donnent lieu à aucun paiement : le bénévole reçoit "
            "un reçu fiscal. Les notes en brouillon ou soumises restent à approuver.",
            "Legal",
        )
    )
    visa = Table(
        [
            [
                _p("<b>Coordination d'antenne</b><br/>Date et signature :", "Signature"),
                _p("<b>Visa de la trésorerie</b><br/>Date et signature :", "Signature"),
            ]
        ],
        colWidths=[CONTENT_WIDTH / 2] * 2,
        rowHeights=[28 * mm],
    )
    visa.setStyle(styles.grid_table_style(header_rows=0, zebra=False))
    story += [Spacer(1, 6 * mm), KeepTogether([visa])]
    return story


def claim_batch_pdf(batch: MonthBatch, progress: Progress | None = None) -> bytes:
    """A month's slip and claim forms as PDF bytes, dated as the slip is."""
    buffer = io.BytesIO()
    printed = format_date(batch.slip.printed_on)
    write_claim_batch(buffer, batch.slip, batch.forms, printed, progress)
    return buffer.getvalue()


def write_claim_batch(
    target: str | Path | IO[bytes],
    slip: Slip,
    forms: Sequence[ClaimForm],
    printed: str,
    progress: Progress | None = None,
) -> None:
    """The slip, then each form on its own pages (the header names the claim)."""
    doc = styles.make_document(
        target,
        title=f"Notes de frais — {slip.period}",
        association=slip.issuer.name,
        footer=footer_text(printed),
        subject=f"Bordereau et notes de frais, {slip.period}, {slip.antenna}",
    )
    story = [styles.SetHeader(f"Bordereau — {slip.period}"), *slip_story(slip)]
    total = len(forms)
    for index, form in enumerate(forms, start=1):
        story += [styles.SetHeader(f"Note de frais {form.number}"), PageBreak()]
        story += claim_story(form)
        if progress is not None:
            story.append(styles.Callback(partial(progress, index, total)))
    styles.build(doc, story)
