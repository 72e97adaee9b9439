"""The activity summary PDF ("bilan d'activité") that a board or a funder reads.

Title page, key figures compared with the year before, activity per month (chart and table by
kind), visits, interventions, partner structures, and the volunteer valuation for the accounts
(864 / 875). Only counts: nobody helped is ever named and no note is printed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, Table

from pea_desktop.domain.activity_kinds import KINDS
from pea_desktop.domain.formatting import format_figure, short_month
from pea_desktop.domain.summary import (
    ActivitySummary,
    CountRow,
    compare,
    comparison_note,
    kind_series,
)
from pea_desktop.reports.charts import stacked_months_chart
from pea_desktop.reports.figure_tables import (
    AVAILABLE_WIDTH,
    figures_table,
    headline,
    month_table,
    n,
    side_by_side,
)
from pea_desktop.reports.styles import (
    build,
    esc,
    fr_date,
    fr_euros,
    make_document,
    style,
)

PRIVACY_LINE = (
    "Ce bilan ne contient que des nombres : aucune personne accompagnée n'y est nommée et "
    "aucune note n'y figure."
)


def _title_page(current: ActivitySummary, generated_on: date) -> list[object]:
    return [
        Spacer(1, 45 * mm),
        Paragraph(esc(current.association or "Association"), style("Subtitle")),
        Paragraph("Bilan d'activité", style("Title")),
        Paragraph(esc(current.scope), style("Heading")),
        Paragraph(esc(current.period.label), style("Heading")),
        Spacer(1, 8 * mm),
        Paragraph(
            f"Du {fr_date(current.period.start)} au {fr_date(current.period.end)} — "
            f"édité le {fr_date(generated_on)}",
            style("Muted"),
        ),
        Spacer(1, 6 * mm),
        _headline(current),
        Spacer(1, 10 * mm),
        Paragraph(PRIVACY_LINE, style("Legal")),
        PageBreak(),
    ]


def _headline(summary: ActivitySummary) -> Table:
    """Large figures on the title page: one per kind, then the volunteer hours."""
    return headline(
        [
            *((format_figure(summary.count(kind.code)), kind.plural.lower()) for kind in KINDS),
            (format_figure(summary.volunteer_hours, "h"), "de bénévolat"),
        ]
    )


def _key_figures(current: ActivitySummary, previous: ActivitySummary) -> list[object]:
    rows = [
        [
            c.label,
            format_figure(c.current, c.unit),
            format_figure(c.previous, c.unit),
            c.change_text,
        ]
        for c in compare(current, previous)
    ]
    header = ("Indicateur", current.period.label, previous.period.label, "Évolution")
    return [
        Paragraph("Chiffres clés", style("Heading")),
        Paragraph(esc(comparison_note(current, previous)), style("Muted")),
        Spacer(1, 2 * mm),
        figures_table(header, rows, [66 * mm, 38 * mm, 38 * mm, 27 * mm]),
    ]


def _monthly(current: ActivitySummary) -> list[object]:
    per_month = [
        (short_month(m) if current.period.kind != "custom" else f"{short_month(m)} {y % 100}", k)
        for y, m, k in current.activity_per_month()
    ]
    kinds = kind_series()
    story: list[object] = [
        CondPageBreak(80 * mm),
        Paragraph("Activité par mois", style("Heading")),
        stacked_months_chart(per_month, kinds, width=AVAILABLE_WIDTH),
        CondPageBreak(40 * mm),
        Paragraph("Détail par mois et par type d'activité", style("Subheading")),
    ]
    if current.months:
        story.append(month_table(current.months, current.active_volunteers))
        story.append(
            Paragraph(
                "Heures bénévoles : durée de chaque activité multipliée par le nombre de "
                "bénévoles présents. Le total des bénévoles compte chaque personne une fois. "
                "Hors activité : frais sans activité liée. Frais à rembourser : notes pas encore "
                "approuvées, et kilomètres pas encore réclamés estimés au barème.",
                style("Legal"),
            )
        )
    else:
        story.append(Paragraph("Aucune activité sur la période.", style("Body")))
    return story


def _category_table(title: str, rows: list[CountRow], *, audience: bool) -> list[Flowable]:
    header = ("", "Nombre", "Public") if audience else ("", "Nombre")
    lines = [[r.label, n(r.count), *([n(r.audience)] if audience else [])] for r in rows]
    total = ["Total", n(sum(r.count for r in rows))]
    if audience:
        total.append(n(sum(r.audience for r in rows)))
    widths = [44 * mm, 17 * mm, *([17 * mm] if audience else [])]
    return [
        Paragraph(esc(title), style("Subheading")),
        figures_table(header, lines, widths, total=total),
    ]


def _visits_and_interventions(summary: ActivitySummary) -> list[object]:
    return [
        CondPageBreak(70 * mm),
        Paragraph("Visites", style("Heading")),
        side_by_side(
            _category_table("Selon le demandeur", summary.visits_by_requester, audience=False),
            _category_table("Selon le lieu", summary.visits_by_place, audience=False),
        ),
        CondPageBreak(70 * mm),
        Paragraph("Témoignages et interventions", style("Heading")),
        side_by_side(
            _category_table("Selon le format", summary.interventions_by_format, audience=True),
            _category_table("Selon le public", summary.audience_by_kind, audience=True),
        ),
    ]


def _partners(summary: ActivitySummary) -> list[object]:
    story: list[object] = [
        CondPageBreak(50 * mm),
        Paragraph("Structures partenaires touchées", style("Heading")),
    ]
    if not summary.partners:
        return [*story, Paragraph("Aucune structure partenaire sur la période.", style("Body"))]
    rows = [
        [p.name, p.kind_label, p.town, n(p.activities), n(p.audience)] for p in summary.partners
    ]
    widths = [60 * mm, 44 * mm, 30 * mm, 17 * mm, 17 * mm]
    header = ("Structure", "Type", "Commune", "Activités", "Public")
    return [*story, figures_table(header, rows, widths, text_columns=3, wrap=True)]


def _valuation(summary: ActivitySummary) -> list[object]:
    rows = [
        [str(v.year), format_figure(v.hours, "h"), fr_euros(v.rate), fr_euros(v.value)]
        for v in summary.valuation
    ]
    total = [
        "Total",
        format_figure(summary.volunteer_hours, "h"),
        "",
        fr_euros(summary.volunteer_value),
    ]
    return [
        CondPageBreak(60 * mm),
        Paragraph("Valorisation du bénévolat", style("Heading")),
        Paragraph(
            "Contributions volontaires en nature, à inscrire au pied du compte de résultat "
            "(compte 864\u00a0«\u00a0Personnel bénévole\u00a0» et compte "
            "875\u00a0«\u00a0Bénévolat\u00a0») : "
            f"<b>{esc(fr_euros(summary.volunteer_value))}</b> sur la période. Les heures sont "
            "valorisées au taux horaire de chaque année (SMIC brut par défaut, modifiable dans "
            "les réglages).",
            style("Body"),
        ),
        Spacer(1, 2 * mm),
        figures_table(
            ("Année", "Heures", "Taux horaire", "Valorisation"),
            rows,
            [30 * mm, 35 * mm, 35 * mm, 40 * mm],
            total=total,
        ),
        Spacer(1, 4 * mm),
        CondPageBreak(55 * mm),
        Paragraph("Frais des bénévoles", style("Subheading")),
        Paragraph(
            f"Pour {esc(format_figure(summary.km, 'km'))} parcourus. Le coût est complet quel "
            "que soit l'état des notes de frais : les kilomètres pas encore réclamés sont "
            "estimés au barème kilométrique, à leur place dans l'année de chaque bénévole.",
            style("Muted"),
        ),
        Spacer(1, 1.5 * mm),
        figures_table(
            ("", "Montant"),
            [
                ["Remboursés (notes approuvées ou payées)", fr_euros(summary.reimbursed)],
                ["Abandonnés par les bénévoles (dons, reçus fiscaux)", fr_euros(summary.waived)],
                [
                    "Pas encore réclamés ou en cours (estimation)",
                    fr_euros(summary.pending),
                ],
                [
                    "    dont kilomètres estimés au barème",
                    fr_euros(summary.estimated),
                ],
            ],
            [110 * mm, 40 * mm],
            total=["Coût total des frais des bénévoles", fr_euros(summary.cost)],
        ),
    ]


def render_summary(
    current: ActivitySummary,
    previous: ActivitySummary,
    target: str | Path | IO[bytes],
    *,
    generated_on: date,
) -> None:
    """Write the summary PDF of ``current`` (compared with ``previous``) to ``target``."""
    title = f"Bilan d'activité — {current.scope} — {current.period.label}"
    doc = make_document(
        target,
        title=title,
        association=current.association or "Association",
        footer=f"Bilan édité le {fr_date(generated_on)} avec PEA Desktop",
        subject="Bilan d'activité",
    )
    story = [
        *_title_page(current, generated_on),
        *_key_figures(current, previous),
        *_monthly(current),
        *_visits_and_interventions(current),
        *_partners(current),
        *_valuation(current),
    ]
    build(doc, story)
