"""The federation's national report: totals, per region, department and antenna, charts, and
what became of every file received (refused with the reason, replaced by a newer export)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, Table

from pea_desktop.domain.activity_kinds import KINDS
from pea_desktop.domain.consolidation import (
    ACCEPTED,
    CATEGORY_TITLES,
    AreaRow,
    Consolidation,
    Totals,
)
from pea_desktop.domain.formatting import format_figure, short_month
from pea_desktop.domain.plurals import plural
from pea_desktop.domain.summary import kind_series, main_figure_columns
from pea_desktop.reports.charts import horizontal_bars, stacked_months_chart
from pea_desktop.reports.figure_tables import (
    AVAILABLE_WIDTH,
    figures_table,
    headline,
    hours,
    km,
    month_table,
    n,
    side_by_side,
)
from pea_desktop.reports.styles import (
    build,
    esc,
    fr_date,
    fr_euros,
    grid_table_style,
    make_document,
    style,
)

TOP_ANTENNAS = 25


def _key_rows(t: Totals) -> list[list[str]]:
    return [
        *([f.label, n(f.value)] for f in t.kind_figures()),
        ["Bénévoles actifs", n(t.active_volunteers)],
        ["Heures de bénévolat", format_figure(t.volunteer_hours, "h")],
        ["Valorisation du bénévolat", fr_euros(t.volunteer_value)],
        ["Kilomètres parcourus", format_figure(t.km, "km")],
        ["Frais remboursés", fr_euros(t.reimbursed)],
        ["Frais abandonnés (dons)", fr_euros(t.waived)],
    ]


def _title_page(result: Consolidation, generated_on: date) -> list[Flowable]:
    accepted = len(result.antennas)
    lines = [
        f"{accepted} antenne{'s' if accepted > 1 else ''} consolidée{'s' if accepted > 1 else ''}"
    ]
    if result.server:  # read on the server's base: no file was sent, refused or superseded
        lines.append(
            f"{plural(len(result.missing or []), 'antenne')} du serveur sans activité cette année"
        )
        subtitle = f"Antennes lues sur la base du serveur {result.server}"
        method = "Chaque antenne est lue directement sur la base du serveur."
    else:
        lines += [
            plural(len(result.refused), "fichier refusé"),
            f"{plural(len(result.superseded), 'fichier remplacé')} par un export plus récent ou "
            "en double",
        ]
        if result.missing is not None:
            lines.append(f"{plural(len(result.missing), 'antenne attendue')} sans export")
        subtitle = "Consolidation des exports annuels des antennes"
        method = "Chaque antenne n'est comptée qu'une fois (son export le plus récent)."
    return [
        Spacer(1, 40 * mm),
        Paragraph(esc(result.association or "Fédération"), style("Subtitle")),
        Paragraph(f"Bilan national {result.year or ''}", style("Title")),
        Paragraph(esc(subtitle), style("Heading")),
        Spacer(1, 6 * mm),
        *[Paragraph(esc(line), style("Body")) for line in lines],
        Spacer(1, 4 * mm),
        Paragraph(f"Édité le {fr_date(generated_on)}.", style("Muted")),
        Spacer(1, 6 * mm),
        headline(
            [
                *(
                    (format_figure(result.totals.count(kind.code)), kind.plural.lower())
                    for kind in KINDS
                ),
                (format_figure(result.totals.volunteer_hours, "h"), "de bénévolat"),
            ]
        ),
        Spacer(1, 8 * mm),
        Paragraph(
            f"{method} Le bilan ne contient que des nombres : aucune personne accompagnée, "
            "aucune référence de visite ni aucune note.",
            style("Legal"),
        ),
        PageBreak(),
    ]


def _activity_rows(areas: Sequence[AreaRow]) -> list[list[str]]:
    return [
        [
            a.label,
            n(a.antennas),
            *(n(f.value) for f in a.totals.kind_figures(main_only=True)),
        ]
        for a in areas
    ]


def _volunteer_rows(areas: Sequence[AreaRow]) -> list[list[str]]:
    return [
        [
            a.label,
            n(a.totals.active_volunteers),
            hours(a.totals.volunteer_hours),
            n(a.totals.volunteer_value, "€"),
            km(a.totals.km),
            n(a.totals.reimbursed, "€"),
            n(a.totals.waived, "€"),
        ]
        for a in areas
    ]


def _area_tables(
    title: str, first: str, areas: Sequence[AreaRow], totals: Totals
) -> list[Flowable]:
    all_rows = AreaRow("Total", sum(a.antennas for a in areas), totals)
    activity_header = (
        first,
        "Antennes",
        *main_figure_columns(),
    )
    # 19 mm a column, narrower when more kinds are registered.
    column = min(19 * mm, (AVAILABLE_WIDTH - 56 * mm) / (len(activity_header) - 1))
    volunteer_header = (
        first,
        "Béné-\nvoles",
        "Heures",
        "Valorisation",
        "Km",
        "Frais\nremboursés",
        "Frais\nabandonnés",
    )
    return [
        CondPageBreak(50 * mm),
        Paragraph(esc(title), style("Heading")),
        Paragraph("Activité", style("Subheading")),
        figures_table(
            activity_header,
            _activity_rows(areas),
            [56 * mm, *[column] * (len(activity_header) - 1)],
            total=_activity_rows([all_rows])[0],
            wrap=True,
        ),
        CondPageBreak(30 * mm),
        Paragraph("Bénévolat et frais", style("Subheading")),
        figures_table(
            volunteer_header,
            _volunteer_rows(areas),
            [50 * mm, 17 * mm, 18 * mm, 22 * mm, 16 * mm, 22 * mm, 22 * mm],
            total=_volunteer_rows([all_rows])[0],
            wrap=True,
        ),
    ]


def _charts(result: Consolidation) -> list[Flowable]:
    months = {(m.month, m.kind): m.activities for m in result.months}
    per_month = [
        (short_month(month), {kind: months.get((month, kind), 0) for kind in KINDS.codes()})
        for month in range(1, 13)
    ]
    top = sorted(result.antennas, key=lambda a: (-a.totals.activities, a.code))[:TOP_ANTENNAS]
    story: list[Flowable] = [
        Paragraph("Activité nationale par mois", style("Heading")),
        stacked_months_chart(per_month, kind_series(), width=AVAILABLE_WIDTH),
    ]
    if result.regions:
        story += [
            CondPageBreak(60 * mm),
            Paragraph("Activités par région", style("Heading")),
            horizontal_bars(
                [(r.label, r.totals.activities) for r in result.regions], width=AVAILABLE_WIDTH
            ),
        ]
    if top:
        title = "Activités par antenne"
        if len(result.antennas) > TOP_ANTENNAS:
            title += f" ({TOP_ANTENNAS} plus actives)"
        story += [
            CondPageBreak(60 * mm),
            Paragraph(title, style("Heading")),
            horizontal_bars(
                [(a.name or a.code, a.totals.activities) for a in top], width=AVAILABLE_WIDTH
            ),
        ]
    return story


def _category_block(result: Consolidation, name: str) -> list[Flowable]:
    rows = result.categories.get(name, [])
    audience = name in ("interventions_by_format", "audience_by_kind")
    header = ("", "Nombre", "Public") if audience else ("", "Nombre")
    lines = [[r.label, n(r.count), *([n(r.audience)] if audience else [])] for r in rows]
    total = [
        "Total",
        n(sum(r.count for r in rows)),
        *([n(sum(r.audience for r in rows))] if audience else []),
    ]
    widths = [44 * mm, 17 * mm, *([17 * mm] if audience else [])]
    return [
        Paragraph(esc(CATEGORY_TITLES[name]), style("Subheading")),
        figures_table(header, lines, widths, total=total),
    ]


def _files(result: Consolidation) -> list[Flowable]:
    cell = style("Cell")
    source = "Base" if result.server else "Fichier"
    data: list[list[object]] = [
        [Paragraph(h, style("CellHeader")) for h in (source, "Antenne", "Statut", "Motif")]
    ]
    for f in result.files:
        data.append(
            [
                Paragraph(esc(f.file), cell),
                Paragraph(esc(f.antenna), cell),
                f.status,
                Paragraph(esc(f.reason), cell),
            ]
        )
    table = Table(data, colWidths=[44 * mm, 27 * mm, 19 * mm, 80 * mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_table_style())
    if result.server:
        heading, missing_title = (
            "Antennes lues sur le serveur",
            "Antennes sans activité cette année",
        )
        counts = f"{plural(len(result.antennas), 'antenne')} de {result.server}."
    else:
        heading, missing_title = "Fichiers reçus", "Antennes attendues sans export"
        counts = (
            f"{plural(len(result.with_status(ACCEPTED)), 'retenu')}, "
            f"{plural(len(result.refused), 'refusé')}, "
            f"{plural(len(result.superseded), 'remplacé')}."
        )
    story: list[Flowable] = [
        CondPageBreak(40 * mm),
        Paragraph(heading, style("Heading")),
        Paragraph(esc(counts), style("Muted")),
        table,
    ]
    if result.missing:
        story += [
            Paragraph(missing_title, style("Subheading")),
            Paragraph(
                esc(
                    ", ".join(f"{name} ({code})" if name else code for code, name in result.missing)
                ),
                style("Body"),
            ),
        ]
    return story


def render_national(
    result: Consolidation, target: str | Path | IO[bytes], *, generated_on: date
) -> None:
    """Write the national report PDF of ``result`` to ``target``."""
    doc = make_document(
        target,
        title=f"Bilan national {result.year or ''}".strip(),
        association=result.association or "Fédération",
        footer=f"Bilan national édité le {fr_date(generated_on)} avec PEA Desktop",
        subject="Consolidation nationale",
    )
    per_antenna = [
        AreaRow(f"{a.name} ({a.code})" if a.name else a.code, 1, a.totals) for a in result.antennas
    ]
    story: list[Flowable] = [
        *_title_page(result, generated_on),
        Paragraph("Chiffres clés nationaux", style("Heading")),
        figures_table(("Indicateur", "Total"), _key_rows(result.totals), [90 * mm, 40 * mm]),
        *_charts(result),
        *_area_tables("Par région", "Région", result.regions, result.totals),
        *_area_tables("Par département", "Département", result.departments, result.totals),
        *_area_tables("Par antenne", "Antenne", per_antenna, result.totals),
        CondPageBreak(60 * mm),
        Paragraph("Détail national par mois et par type d'activité", style("Heading")),
    ]
    if result.months:
        story.append(month_table(result.months, result.totals.active_volunteers, font_size=7))
    else:
        story.append(Paragraph("Aucune activité.", style("Body")))
    story += [
        CondPageBreak(60 * mm),
        Paragraph("Visites et interventions", style("Heading")),
        side_by_side(
            _category_block(result, "visits_by_requester"),
            _category_block(result, "visits_by_place"),
        ),
        Spacer(1, 3 * mm),
        side_by_side(
            _category_block(result, "interventions_by_format"),
            _category_block(result, "audience_by_kind"),
        ),
        Spacer(1, 3 * mm),
        side_by_side(_category_block(result, "partners_by_kind"), []),
        *_files(result),
    ]
    build(doc, story)
