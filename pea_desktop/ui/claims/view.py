"""The expense claims (notes de frais) of the chosen antenna, with status and period filters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.claims import ClaimStatus
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import MONTH_NAMES, format_euros, month_label
from pea_desktop.domain.plurals import plural
from pea_desktop.reports.claim_batch import claim_batch_pdf
from pea_desktop.reports.tax_receipt import receipt_list_pdf
from pea_desktop.services.claims import documents as claim_documents
from pea_desktop.services.claims import workflow as claims
from pea_desktop.services.claims.views import ClaimRow, list_claims
from pea_desktop.services.exchange import claim_states
from pea_desktop.services.organisation import volunteers
from pea_desktop.services.output_files import write_bytes_atomically
from pea_desktop.ui.claims import printing as claim_printing
from pea_desktop.ui.claims.editor import ClaimEditorDialog
from pea_desktop.ui.claims.sepa_dialog import SepaDialog
from pea_desktop.ui.common.column_widths import keep_column_widths
from pea_desktop.ui.common.refresh_on_show import RefreshOnShow
from pea_desktop.ui.common.table_models import Column, RowsTableModel
from pea_desktop.ui.common.table_place import remember_place, restore_place
from pea_desktop.ui.common.tasks import BackgroundTask, Progress
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.exchange.claim_states_dialog import ClaimStatesDialog

COLUMNS = [
    Column("number", "N°", width=115),
    Column("volunteer_name", "Bénévole", stretch=True),
    Column("antenna_code", "Antenne", width=80),
    Column("period_label", "Période", width=120),
    Column("status", "Statut", width=130),
    Column(
        "waiver",
        "Choix",
        width=130,
        formatter=lambda w: "Abandon de frais" if w else "Remboursement",
        tooltip="Le choix du bénévole : être remboursé, ou abandonner ses frais (don, reçu fiscal)",
    ),
    Column("total", "Total", numeric=True, width=100, formatter=format_euros),
    Column(
        "receipt_count",
        "Just.",
        numeric=True,
        width=50,
        tooltip="Nombre de justificatifs joints (tickets, factures)",
    ),
    # Each flag says why in the list itself (issue 11), the full reason as a tooltip.
    Column(
        "flag_reason",
        "À vérifier",
        width=220,
        formatter=lambda reason: f"⚠ {reason}" if reason else "",
        tooltip="Ce qui est à vérifier avant d'approuver la note",
        cell_tooltip="flag_reason",
    ),
]
STATUS_FILTERS: list[tuple[str, frozenset[ClaimStatus] | None]] = [
    ("Tous les statuts", None),
    ("À traiter (brouillon, soumise)", frozenset({ClaimStatus.DRAFT, ClaimStatus.SUBMITTED})),
    *((status.label, frozenset({status})) for status in ClaimStatus),
]


class ClaimsView(RefreshOnShow):
    title = "Notes de frais"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.task: BackgroundTask | None = None  # the PDF being made, kept alive while it runs
        today = date.today()
        # The month with work to do: the latest finished one with unclaimed expenses.
        year, month = claims.month_to_prepare(context.db, context.antenna_id, today)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.month = QComboBox()
        self.month.addItem(self.tr("Toute l'année"), None)
        for number, name in enumerate(MONTH_NAMES, start=1):
            self.month.addItem(name.capitalize(), number)
        self.month.setCurrentIndex(month)
        self.status = QComboBox()
        for label, _statuses in STATUS_FILTERS:
            self.status.addItem(self.tr(label))
        self.model: RowsTableModel[ClaimRow] = RowsTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several claims can be approved at once (Ctrl/Maj + clic, Ctrl+A).
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for section, column in enumerate(COLUMNS):
            header.resizeSection(section, column.width)
            if column.stretch:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
        keep_column_widths(header, "claims")
        self.summary = QLabel()
        self.prepare_button = QPushButton(self.tr("&Préparer les notes du mois"))
        self.new_button = QPushButton(self.tr("&Nouvelle note…"))
        self.open_button = QPushButton(self.tr("&Ouvrir"))
        self.print_button = QPushButton(self.tr("&Imprimer…"))
        self.pdf_button = QPushButton(self.tr("P&DF…"))
        self.receipts_button = QPushButton(self.tr("&Reçus fiscaux…"))
        self.approve_button = QPushButton(self.tr("Appro&uver…"))
        self.sepa_button = QPushButton(self.tr("&Virements SEPA…"))
        # On a volunteer's laptop: their claims as the coordinator last sent them back.
        self.states_button = QPushButton(self.tr("État chez la &coordination…"))
        self.states_button.setVisible(claim_states.shows_claim_states(context.db))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5f6b7a;")
        for button, tip in (
            (
                self.prepare_button,
                "Une note brouillon par bénévole ayant des frais non encore "
                "sur une note ce mois-ci (sans risque si déjà fait)",
            ),
            (self.new_button, "Une note vide pour un bénévole, à remplir à la main"),
            (self.open_button, "Ouvrir la note choisie (Entrée ou double-clic)"),
            (self.print_button, "Imprimer le bordereau et toutes les notes du mois"),
            (self.pdf_button, "Enregistrer le bordereau et les notes du mois en PDF"),
            (self.receipts_button, "Les reçus fiscaux émis dans l'année, en PDF"),
            (
                self.states_button,
                "Mes notes de frais telles que la coordination les a traitées "
                "(approuvée, payée, refusée…), d'après son dernier fichier reçu",
            ),
            (
                self.sepa_button,
                "Rembourser par virement les notes approuvées du mois : fichier SEPA pour la "
                "banque, puis confirmation (notes payées)",
            ),
            (
                self.approve_button,
                "Approuver d'un coup les notes choisies ; les brouillons "
                "sont soumis d'abord (l'historique garde qui et quand)",
            ),
        ):
            button.setToolTip(self.tr(tip))
        self.year.setToolTip(self.tr("L'année des notes montrées"))
        self.month.setToolTip(self.tr("Le mois des notes ; s'ouvre sur le dernier mois à traiter"))
        self.status.setToolTip(self.tr("Seulement les notes de ce statut"))
        self._layout()
        self.year.valueChanged.connect(self.refresh)
        self.month.currentIndexChanged.connect(self.refresh)
        self.status.currentIndexChanged.connect(self.refresh)
        self.table.doubleClicked.connect(self.open_selected)
        self.prepare_button.clicked.connect(self.prepare_month)
        self.new_button.clicked.connect(self.new_claim)
        self.open_button.clicked.connect(self.open_selected)
        self.print_button.clicked.connect(self.print_month)
        self.pdf_button.clicked.connect(self.save_month_pdf)
        self.receipts_button.clicked.connect(self.save_receipts_pdf)
        self.approve_button.clicked.connect(self.approve_selected)
        self.sepa_button.clicked.connect(self.open_sepa)
        self.states_button.clicked.connect(self.open_claim_states)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        context.antenna_changed.connect(self.request_refresh)
        context.data_changed.connect(self.request_refresh)

    def _layout(self) -> None:
        # "Préparer…" comes right after the filters, and the totals get their own line: at
        # 125 % on a 1366-pixel screen nothing is pushed off the right edge (issue 11).
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("Année"), self.year),
            (self.tr("Mois"), self.month),
            (self.tr("Statut"), self.status),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.prepare_button)
        filters.addStretch()
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.approve_button, self.sepa_button):
            buttons.addWidget(button)
        for button in (self.print_button, self.pdf_button, self.receipts_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.states_button)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

    # --- refreshing ----------------------------------------------------------------------------
    def chosen_month(self) -> int | None:
        month: int | None = self.month.currentData()
        return month

    def refresh(self) -> None:
        # Reloaded after another user's change too: the claims chosen stay chosen.
        place = remember_place(self.table, lambda row: self.model.row_at(row).id)
        self._reload()
        restore_place(self.table, place, self._row_of_claim)

    def _row_of_claim(self, claim_id: object) -> int | None:
        return next(
            (row for row in range(self.model.rowCount()) if self.model.row_at(row).id == claim_id),
            None,
        )

    def _reload(self) -> None:
        statuses = STATUS_FILTERS[self.status.currentIndex()][1]
        rows = list_claims(
            self.context.db,
            self.context.antenna_id,
            statuses,
            self.year.value(),
            self.chosen_month(),
        )
        self.model.set_rows(rows)
        to_pay = sum((r.total for r in rows if not r.waiver), Decimal(0))
        waived = sum((r.total for r in rows if r.waiver), Decimal(0))
        self.summary.setText(
            self.tr("{0} · {1} en remboursement · {2} en abandon de frais").format(
                plural(len(rows), "note"), format_euros(to_pay), format_euros(waived)
            )
        )
        self._show_hint(rows)
        self._update_buttons()
        # The base may have joined an antenna since (Fichier › Rejoindre…).
        self.states_button.setVisible(claim_states.shows_claim_states(self.context.db))

    def _show_hint(self, rows: list[ClaimRow]) -> None:
        """An empty month says what to do instead of showing an empty table."""
        month = self.chosen_month()
        if rows or month is None:
            self.hint.setVisible(False)
            return
        label = month_label(self.year.value(), month)
        self.hint.setText(
            self.tr(
                "Aucune note de frais pour {0}. « Préparer les notes du mois » (Alt+P) crée "
                "une note par bénévole ayant des frais ce mois-là."
            ).format(label)
        )
        self.hint.setVisible(True)

    def selected_claims(self) -> list[ClaimRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(row) for row in rows]

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected() is not None)
        self.sepa_button.setEnabled(self.chosen_month() is not None)  # one file per month
        approvable = {ClaimStatus.DRAFT, ClaimStatus.SUBMITTED}
        self.approve_button.setEnabled(
            any(row.status in approvable for row in self.selected_claims())
        )
        has_month = self.chosen_month() is not None
        for button in (self.prepare_button, self.print_button, self.pdf_button):
            button.setEnabled(has_month)

    def selected(self) -> ClaimRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # --- actions -------------------------------------------------------------------------------
    def prepare_month(self) -> None:
        month = self.chosen_month()
        if month is None:
            return
        year = self.year.value()
        try:
            report = claims.prepare_month(self.context.db, year, month, self.context.antenna_id)
        except BadInputError as error:
            QMessageBox.warning(self, self.tr("Préparer les notes"), str(error))
            return
        QMessageBox.information(
            self,
            self.tr("Préparer les notes"),
            f"{month_label(year, month, capital=True)} : {report.summary()}",
        )
        self.context.notify_changed()
        self.refresh()

    def new_claim(self) -> None:
        people = volunteers.list_volunteers(
            self.context.db, self.context.antenna_id, include_inactive=False
        )
        if not people:
            QMessageBox.information(self, self.tr("Nouvelle note"), self.tr("Aucun bénévole."))
            return
        names = [f"{p.full_name} ({p.antenna_code})" for p in people]
        name, ok = QInputDialog.getItem(
            self, self.tr("Nouvelle note"), self.tr("Bénévole :"), names, 0, False
        )
        if not ok:
            return
        month = self.chosen_month() or date.today().month
        person = people[names.index(name)]
        claim_id = claims.create_claim(self.context.db, person.id, self.year.value(), month)
        self.context.notify_changed()
        self.open_claim(claim_id)

    def open_selected(self) -> None:
        if (row := self.selected()) is not None:
            self.open_claim(row.id)

    def open_claim(self, claim_id: int) -> None:
        dialog = ClaimEditorDialog(self.context, claim_id, self)
        dialog.exec()
        self.refresh()

    def _month_work(self, month: int) -> claim_printing.PdfWork:
        db, antenna_id, year = self.context.db, self.context.antenna_id, self.year.value()

        def work(path: Path, progress: Progress) -> None:
            batch = claim_documents.month_batch(db, year, month, antenna_id)
            write_bytes_atomically(path, claim_batch_pdf(batch, progress))

        return work

    def _month_file(self, month: int) -> str:
        return f"notes-de-frais-{self.year.value()}-{month:02d}.pdf"

    def _month_is_empty(self, month: int) -> bool:
        """Printing an empty month says so instead of printing an empty slip."""
        if self.model.rowCount() or list_claims(
            self.context.db, self.context.antenna_id, None, self.year.value(), month
        ):
            return False
        QMessageBox.information(
            self,
            self.tr("Rien à imprimer"),
            self.tr(
                "Aucune note de frais pour {0} : rien à imprimer. Préparez d'abord les notes "
                "du mois."
            ).format(month_label(self.year.value(), month)),
        )
        return True

    def approve_selected(self) -> None:
        """Approve every chosen claim in one step (drafts are submitted first)."""
        approvable = {ClaimStatus.DRAFT, ClaimStatus.SUBMITTED}
        chosen = [row for row in self.selected_claims() if row.status in approvable]
        if not chosen:
            return
        flagged = [row for row in chosen if row.flag_reason]
        text = self.tr("Approuver {0} note(s) pour un total de {1} ?").format(
            len(chosen), format_euros(sum((row.total for row in chosen), Decimal(0)))
        )
        if flagged:
            text += (
                "\n\n"
                + self.tr("À vérifier :")
                + "\n"
                + "\n".join(f"• {row.number} : {row.flag_reason}" for row in flagged)
            )
        answer = QMessageBox.question(self, self.tr("Approuver les notes"), text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            numbers = claims.approve_claims(self.context.db, [row.id for row in chosen])
        except BadInputError as error:
            QMessageBox.warning(self, self.tr("Approbation impossible"), str(error))
            return
        self.context.notify_changed()
        self.refresh()
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                self.tr("Notes approuvées : {0}").format(", ".join(numbers)), 8000
            )

    def print_month(self) -> None:
        if (month := self.chosen_month()) is not None and not self._month_is_empty(month):
            self.task = claim_printing.print_pdf(
                self,
                self.tr("Imprimer les notes du mois"),
                self._month_file(month),
                self._month_work(month),
            )

    def save_month_pdf(self) -> None:
        if (month := self.chosen_month()) is not None and not self._month_is_empty(month):
            self.task = claim_printing.save_pdf(
                self,
                self.tr("Notes du mois en PDF"),
                self._month_file(month),
                self._month_work(month),
            )

    def save_receipts_pdf(self) -> None:
        db, year = self.context.db, self.year.value()
        self.task = claim_printing.save_pdf(
            self,
            self.tr("Reçus fiscaux de l'année"),
            f"recus-fiscaux-{year}.pdf",
            lambda path, _progress: write_bytes_atomically(
                path, receipt_list_pdf(claim_documents.receipt_list(db, year), date.today())
            ),
        )

    def open_sepa(self) -> None:
        month = self.chosen_month()
        if month is None:
            return
        SepaDialog(self.context, self.year.value(), month, self).exec()
        self.refresh()

    def open_claim_states(self) -> None:
        ClaimStatesDialog(self.context.db, self).exec()
