"""The tax receipt for waived expenses (content of Cerfa n°11580*05), and the yearly list."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from pea_desktop.domain.association import AssociationInfo, AssociationStatus, DonationForm
from pea_desktop.domain.claim_forms import ReceiptList, TaxReceiptForm
from pea_desktop.domain.formatting import format_date
from pea_desktop.domain.plurals import plural
from pea_desktop.reports import styles
from pea_desktop.reports.claim_form import footer_text
from pea_desktop.reports.styles import (
    CONTENT_WIDTH,
    HEADER_FILL,
    INK,
    RULE,
    TOTAL_FILL,
    esc,
    fr_date,
    fr_euros,
    style,
)

DONATION_NATURE = "frais engagés par les bénévoles dont ils renoncent expressément au remboursement"
CHECKED, UNCHECKED = "\u2612", "\u2610"
DEDUCTION = (
    "Réduction d'impôt sur le revenu égale à 66 % du montant du don, dans la limite de 20 % du "
    "revenu imposable (article 200 du code général des impôts). Conservez ce reçu : il justifie "
    "la réduction d'impôt."
)


def _p(text: str, name: str = "Body") -> Paragraph:
    return Paragraph(text, style(name))


def _box(checked: bool, label: str) -> str:
    mark = CHECKED if checked else UNCHECKED
    # A short box stays on one line with its mark; long wordings may wrap.
    shown = esc(label).replace(" ", "\u00a0") if len(label) <= 40 else esc(label)
    text = f"{mark}\u00a0{shown}"
    return f"<b>{text}</b>" if checked else text


def _section(title: str, rows: list[tuple[str, str]]) -> Table:
    body: list[list[Any]] = [[_p(f"<b>{esc(title)}</b>", "Body"), ""]]
    body += [[_p(esc(label), "Muted"), _p(value)] for label, value in rows]
    table = Table(body, colWidths=[45 * mm, CONTENT_WIDTH - 45 * mm])
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("BOX", (0, 0), (-1, -1), 0.75, INK),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _status_boxes(issuer: AssociationInfo) -> str:
    chosen = issuer.status_enum
    return "<br/>".join(_box(status is chosen, status.label) for status in AssociationStatus)


def _articles(issuer: AssociationInfo) -> str:
    """Article 200 (income tax) always; 978 (IFI) when the association says it applies."""
    return "\u2003".join(
        [
            _box(True, "200 du CGI"),
            _box(False, "238 bis du CGI"),
            _box(issuer.article_978, "978 du CGI"),
        ]
    )


def _forms(issuer: AssociationInfo) -> str:
    chosen = issuer.donation_form_enum
    return "\u2003".join(_box(form is chosen, form.label) for form in DonationForm)


def signature_block(place_and_date: str, name: str, title: str, signature: bytes | None) -> Table:
    """ "Fait à …, le …" and the signatory (name, role, scanned signature if any)."""
    cell: list[Flowable] = [
        _p(f"<b>{esc(name)}</b><br/>{esc(title)}", "Body"),
        _p("Signature :", "Muted"),
    ]
    if signature:
        image = Image(io.BytesIO(signature), width=45 * mm, height=18 * mm, kind="proportional")
        image.hAlign = "LEFT"
        cell.append(image)
    table = Table(
        [[_p(place_and_date, "Body"), cell]],
        colWidths=[CONTENT_WIDTH / 2] * 2,
        rowHeights=[34 * mm],
    )
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (1, 0), (1, 0), 0.5, RULE)])
    )
    return table


def receipt_story(receipt: TaxReceiptForm) -> list[Flowable]:
    """The receipt, box by box as Cerfa n°11580*05 lays them out, on one page."""
    issuer = receipt.issuer
    title = Table(
        [
            [
                _p(
                    "<b>Reçu au titre des dons à certains organismes d'intérêt général</b><br/>"
                    "Articles 200, 238 bis et 978 du code général des impôts",
                    "Body",
                ),
                _p(
                    "Cerfa n° 11580*05<br/>Numéro d'ordre du reçu<br/>"
                    f"<b>{esc(receipt.number)}</b>",
                    "CellBoldRight",
                ),
            ]
        ],
        colWidths=[CONTENT_WIDTH - 50 * mm, 50 * mm],
    )
    title.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story: list[Flowable] = [title, Spacer(1, 3 * mm)]
    identifiers = [("Numéro RNA", esc(issuer.rna))] if issuer.rna else []
    if issuer.siren:
        identifiers.append(("Numéro SIREN", esc(issuer.siren)))
    story.append(
        _section(
            "Bénéficiaire des versements",
            [
                ("Nom ou dénomination", f"<b>{esc(issuer.name)}</b>"),
                ("Adresse", "<br/>".join(esc(line) for line in issuer.address_lines)),
                *identifiers,
                ("Objet", esc(issuer.purpose)),
                ("Qualité de l'organisme", _status_boxes(issuer)),
                (
                    "Certification",
                    "Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il "
                    "reçoit ouvrent droit à la réduction d'impôt prévue à l'article :<br/>"
                    + _articles(issuer),
                ),
            ],
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(
        _section(
            "Donateur",
            [
                ("Nom et prénoms", f"<b>{esc(receipt.donor_name)}</b>"),
                ("Adresse", "<br/>".join(esc(line) for line in receipt.donor_address.splitlines())),
            ],
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(
        _section(
            "Don",
            [
                (
                    "Somme",
                    "Le bénéficiaire reconnaît avoir reçu au titre des dons et versements ouvrant "
                    f"droit à réduction d'impôt la somme de <b>{fr_euros(receipt.amount)}</b>",
                ),
                ("Somme en toutes lettres", f"<b>{esc(receipt.amount_words)}</b>"),
                ("Date du don", fr_date(receipt.donation_date)),
                ("Forme du don", _forms(issuer)),
                (
                    "Nature du don",
                    "\u2003".join(
                        [_box(False, "Numéraire"), _box(False, "Titres de sociétés cotés")]
                    )
                    + "<br/>"
                    + _box(True, f"Autres : {DONATION_NATURE}"),
                ),
                (
                    "Référence",
                    f"Note de frais {esc(receipt.claim_number)} ({esc(receipt.claim_period)}), "
                    "abandon du remboursement signé par le donateur",
                ),
            ],
        )
    )
    if receipt.replaces:
        story += [
            Spacer(1, 2 * mm),
            _p(f"Ce reçu annule et remplace le reçu n° {esc(receipt.replaces)}.", "Small"),
        ]
    place = issuer.city or "—"
    story += [
        Spacer(1, 4 * mm),
        signature_block(
            f"Fait à {esc(place)}, le {fr_date(receipt.issued_on)}",
            issuer.signatory_name,
            issuer.signatory_title,
            receipt.signature,
        ),
        Spacer(1, 3 * mm),
        _p(esc(DEDUCTION), "Legal"),
    ]
    return story


class _CancelledStamp:
    """Page frame drawing "ANNULÉ" across a cancelled receipt."""

    def __init__(self, frame: styles.PageFrame, reason: str) -> None:
        self.frame = frame
        self.reason = reason

    def __call__(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self.frame(canvas, doc)
        width, height = styles.PAGE_SIZE
        canvas.saveState()
        canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.35))
        canvas.setFont(styles.FONT_BOLD, 72)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, 0, "ANNULÉ")
        canvas.setFont(styles.FONT, 12)
        canvas.drawCentredString(0, -24, self.reason[:90])
        canvas.restoreState()


def tax_receipt_pdf(receipt: TaxReceiptForm, printed_on: date) -> bytes:
    """One reçu fiscal as PDF bytes."""
    buffer = io.BytesIO()
    write_tax_receipt(buffer, receipt, format_date(printed_on))
    return buffer.getvalue()


def write_tax_receipt(
    target: str | Path | IO[bytes], receipt: TaxReceiptForm, printed: str
) -> None:
    title = f"Reçu fiscal {receipt.number}"
    frame = styles.PageFrame(receipt.issuer.name, title, footer_text(printed))
    on_page = _CancelledStamp(frame, receipt.cancel_reason) if receipt.cancelled else frame
    doc = styles.make_document(
        target,
        title=title,
        association=receipt.issuer.name,
        subject=f"Reçu fiscal {receipt.number} — {receipt.donor_name}",
        on_page=on_page,
    )
    styles.build(doc, receipt_story(receipt))


def _declaration(receipts: ReceiptList) -> Table:
    """What the association declares each year (article 222 bis of the CGI)."""
    rows = [
        [_p(f"<b>À déclarer pour {receipts.year} (article 222 bis du CGI)</b>"), ""],
        [_p("Nombre de reçus délivrés", "Body"), _p(str(len(receipts.issued)), "CellBoldRight")],
        [
            _p("Montant cumulé des dons ayant donné lieu à reçu", "Body"),
            _p(fr_euros(receipts.total), "CellBoldRight"),
        ],
    ]
    table = Table(rows, colWidths=[CONTENT_WIDTH - 45 * mm, 45 * mm])
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("BOX", (0, 0), (-1, -1), 0.75, INK),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def list_story(receipts: ReceiptList) -> list[Flowable]:
    story: list[Flowable] = [
        _p(f"Reçus fiscaux émis en {receipts.year}", "Title"),
        _p(
            f"{esc(receipts.issuer.name)} · abandons de frais des bénévoles · "
            f"{esc(plural(len(receipts.issued), 'reçu valable', 'reçus valables'))}",
            "Subtitle",
        ),
        _declaration(receipts),
        Spacer(1, 4 * mm),
    ]
    header = ["N° du reçu", "Émis le", "Date du don", "Donateur", "Note", "Montant", "État"]
    right = {5}
    rows: list[list[Any]] = [
        [_p(h, "CellHeaderRight" if i in right else "CellHeader") for i, h in enumerate(header)]
    ]
    for row in receipts.rows:
        state = "Annulé" if row.cancelled else "Valable"
        if row.note:
            state += f"<br/>{esc(row.note)}"
        rows.append(
            [
                _p(esc(row.number), "Cell"),
                _p(fr_date(row.issued_on), "Cell"),
                _p(fr_date(row.donation_date), "Cell"),
                _p(esc(row.donor_name), "Cell"),
                _p(esc(row.claim_number), "Cell"),
                _p(
                    f"<strike>{fr_euros(row.amount)}</strike>"
                    if row.cancelled
                    else fr_euros(row.amount),
                    "CellRight",
                ),
                _p(state, "Cell"),
            ]
        )
    rows.append(
        [
            _p("Total des dons à déclarer (reçus valables)", "CellBold"),
            "",
            "",
            "",
            "",
            _p(fr_euros(receipts.total), "CellBoldRight"),
            "",
        ]
    )
    widths = [25 * mm, 21 * mm, 21 * mm, 30 * mm, 25 * mm, 22 * mm, 30 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table_style = styles.grid_table_style()
    table_style.add("SPAN", (0, -1), (4, -1))
    table_style.add("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL)
    table.setStyle(table_style)
    story.append(table)
    if not receipts.rows:
        story.append(_p("Aucun reçu fiscal émis cette année.", "Muted"))
    story += [
        Spacer(1, 3 * mm),
        _p(
            "Les reçus annulés restent listés avec leur motif ; seuls les reçus valables "
            "entrent dans le total à déclarer.",
            "Legal",
        ),
    ]
    return story


def receipt_list_pdf(receipts: ReceiptList, printed_on: date) -> bytes:
    """The year's list of reçus fiscaux as PDF bytes."""
    buffer = io.BytesIO()
    write_receipt_list(buffer, receipts, format_date(printed_on))
    return buffer.getvalue()


def write_receipt_list(target: str | Path | IO[bytes], receipts: ReceiptList, printed: str) -> None:
    doc = styles.make_document(
        target,
        title=f"Reçus fiscaux {receipts.year}",
        association=receipts.issuer.name,
        footer=footer_text(printed),
    )
    styles.build(doc, list_story(receipts))


def receipts_book_pdf(
    receipts: ReceiptList, forms: list[TaxReceiptForm], printed_on: date
) -> bytes:
    """The year's list and declared totals, then each valid receipt on its own page."""
    buffer = io.BytesIO()
    printed = format_date(printed_on)
    doc = styles.make_document(
        buffer,
        title=f"Reçus fiscaux {receipts.year}",
        association=receipts.issuer.name,
        footer=footer_text(printed),
    )
    story: list[Flowable] = [*list_story(receipts)]
    for form in forms:
        story += [
            styles.SetHeader(f"Reçu fiscal {form.number}"),
            PageBreak(),
            *receipt_story(form),
        ]
    styles.build(doc, story)
    return buffer.getvalue()
