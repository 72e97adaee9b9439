"""The attestation of volunteer activity (one volunteer, one year), as PDF bytes."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from pea_desktop.domain.attestation import VolunteerAttestation
from pea_desktop.domain.formatting import format_date, format_duration, format_number
from pea_desktop.domain.plurals import plural
from pea_desktop.reports import styles
from pea_desktop.reports.claim_form import footer_text
from pea_desktop.reports.styles import CONTENT_WIDTH, TOTAL_FILL, esc, fr_date, style
from pea_desktop.reports.tax_receipt import signature_block


def _p(text: str, name: str = "Body") -> Paragraph:
    return Paragraph(text, style(name))


def _table(attestation: VolunteerAttestation) -> Table:
    rows: list[list[Any]] = [
        [
            _p("Type d'activité", "CellHeader"),
            _p("Nombre", "CellHeaderRight"),
            _p("Durée", "CellHeaderRight"),
        ]
    ]
    for line in attestation.lines:
        rows.append(
            [
                _p(esc(line.label), "Cell"),
                _p(format_number(line.activities, 0), "CellRight"),
                _p(format_duration(line.minutes) or "–", "CellRight"),
            ]
        )
    rows.append(
        [
            _p("Total", "CellBold"),
            _p(format_number(attestation.activities, 0), "CellBoldRight"),
            _p(format_duration(attestation.minutes) or "–", "CellBoldRight"),
        ]
    )
    table = Table(rows, colWidths=[CONTENT_WIDTH - 70 * mm, 30 * mm, 40 * mm], repeatRows=1)
    table_style = styles.grid_table_style()
    table_style.add("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL)
    table.setStyle(table_style)
    return table


def attestation_story(attestation: VolunteerAttestation) -> list[Flowable]:
    issuer = attestation.issuer
    who = esc(attestation.volunteer_name)
    signatory = esc(issuer.signatory_name) or "Le ou la signataire"
    title = f", {esc(issuer.signatory_title)}" if issuer.signatory_title else ""
    if attestation.lines:
        span = (
            f"du {fr_date(attestation.first_day)} au {fr_date(attestation.last_day)}"
            if attestation.first_day and attestation.last_day
            else f"en {attestation.year}"
        )
        body = (
            f"Je soussigné(e) {signatory}{title} de l'association <b>{esc(issuer.name)}</b>, "
            f"atteste que <b>{who}</b> a exercé à titre bénévole une activité de "
            f"{esc(attestation.function)} au sein de l'antenne {esc(attestation.antenna)}, "
            f"{span} : {esc(plural(attestation.activities, 'activité'))} pour une durée totale "
            f"de <b>{esc(format_duration(attestation.minutes) or '0 h')}</b>, détaillées "
            "ci-dessous."
        )
    else:
        body = (
            f"Je soussigné(e) {signatory}{title} de l'association <b>{esc(issuer.name)}</b>, "
            f"atteste que <b>{who}</b> est bénévole de l'antenne {esc(attestation.antenna)} ; "
            f"aucune activité n'est enregistrée à son nom en {attestation.year}."
        )
    story: list[Flowable] = [
        _p(f"Attestation de bénévolat {attestation.year}", "Title"),
        _p(esc(" · ".join([issuer.name, *issuer.address_lines])), "Subtitle"),
    ]
    if issuer.identifiers:
        story.append(_p(esc(issuer.identifiers), "Muted"))
    story += [Spacer(1, 6 * mm), _p(body), Spacer(1, 4 * mm)]
    if attestation.lines:
        story += [_table(attestation), Spacer(1, 2 * mm)]
        story.append(
            _p(
                "Durées : celles des activités auxquelles la personne a participé, telles "
                "qu'enregistrées par l'antenne. Les personnes accompagnées ne sont jamais "
                "nommées.",
                "Legal",
            )
        )
    story += [
        Spacer(1, 4 * mm),
        _p("Attestation établie pour servir et valoir ce que de droit.", "Body"),
        Spacer(1, 6 * mm),
        signature_block(
            f"Fait à {esc(issuer.city or '—')}, le {fr_date(attestation.issued_on)}",
            issuer.signatory_name,
            issuer.signatory_title,
            attestation.signature,
        ),
    ]
    return story


def attestation_pdf(attestation: VolunteerAttestation) -> bytes:
    buffer = io.BytesIO()
    title = f"Attestation de bénévolat {attestation.year} — {attestation.volunteer_name}"
    doc = styles.make_document(
        buffer,
        title=title,
        association=attestation.issuer.name,
        footer=footer_text(format_date(attestation.issued_on)),
        subject="Attestation de bénévolat",
    )
    styles.build(doc, attestation_story(attestation))
    return buffer.getvalue()
