"""Dashboard: key figures of the chosen antenna (or all) over a period, compared with the year
before, activity per month by kind, and the buttons to print the summary and export the year
to the federation."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.activity_kinds import KINDS
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_figure, short_month
from pea_desktop.domain.period import Period
from pea_desktop.domain.summary import ActivitySummary, Comparison, compare, kind_series
from pea_desktop.reports.summary_pdf import render_summary
from pea_desktop.services.federation.export import PreparedExport, prepare_export
from pea_desktop.services.organisation.antennas import list_antennas
from pea_desktop.services.output_files import write_bytes_atomically
from pea_desktop.services.summaries.rates import default_rate, load_rates, save_rate
from pea_desktop.services.summaries.summary import summarize_antenna_id
from pea_desktop.ui.common.refresh_on_show import RefreshOnShow
from pea_desktop.ui.common.tasks import Progress, run_in_background
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.federation.export_preview_dialog import ExportPreviewDialog
from pea_desktop.ui.summaries.bar_chart_widget import StackedBarChart
from pea_desktop.ui.summaries.period_chooser import PeriodChooser

GENERAL_TILES = ("volunteers", "hours", "value", "km", "reimbursed", "waived", "pending", "cost")


def tile_keys() -> list[tuple[str, str]]:
    """(key figure, label or "" for the figure's own) of each tile, from the kinds' description:
    each kind's count and main figures, the general figures, then the kinds' other tiles."""
    first: list[tuple[str, str]] = []
    last: list[tuple[str, str]] = []
    for kind in KINDS:
        first.append((kind.figure_key(), ""))
        for f in kind.figures:
            if f.tile == 1:
                first.append((kind.figure_key(f.measure), f.tile_label))
            elif f.tile == 2:
                last.append((kind.figure_key(f.measure), f.tile_label))
    return [*first, *((key, "") for key in GENERAL_TILES), *last]


class FigureTile(QFrame):
    """One key figure: its value in large type, its label, and last year's value."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("–")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value.setFont(font)
        self.label = QLabel(label)
        self.comparison = QLabel("")
        self.comparison.setWordWrap(True)
        self.label.setWordWrap(True)
        self.comparison.setStyleSheet("color: #5f6b7a;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        for widget in (self.value, self.label, self.comparison):
            layout.addWidget(widget)

    def show_comparison(self, item: Comparison, previous_label: str) -> None:
        self.value.setText(format_figure(item.current, item.unit))
        before = format_figure(item.previous, item.unit)
        self.comparison.setText(f"{previous_label} : {before} ({item.change_text})")


class DashboardView(RefreshOnShow):
    title = "Tableau de bord"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.current: ActivitySummary | None = None
        self.previous: ActivitySummary | None = None
        self.chooser = PeriodChooser()
        self.print_button = QPushButton(self.tr("Imprimer le bilan (PDF)…"))
        self.export_button = QPushButton(self.tr("Exporter pour la fédération…"))
        self.rate_button = QPushButton(self.tr("Taux horaire…"))
        self.rate_button.setToolTip(
            self.tr("Taux horaire de valorisation du bénévolat de l'année (SMIC brut par défaut)")
        )
        self.scope_label = QLabel()
        font = self.scope_label.font()
        font.setBold(True)
        self.scope_label.setFont(font)
        self.tiles: dict[str, FigureTile] = {}
        self.chart = StackedBarChart()
        self.details = QTableWidget(0, 3)
        self.details.setHorizontalHeaderLabels(
            [self.tr("Détail"), self.tr("Nombre"), self.tr("Public")]
        )
        self.details.verticalHeader().hide()
        self.details.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.details.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._layout()
        self.chooser.changed.connect(lambda _period: self.refresh())
        context.antenna_changed.connect(self.request_refresh)
        context.data_changed.connect(self.request_refresh)
        self.print_button.clicked.connect(self.print_summary)
        self.export_button.clicked.connect(self.export_for_federation)
        self.rate_button.clicked.connect(self.edit_rate)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        top.addWidget(self.rate_button)
        top.addWidget(self.print_button)
        top.addWidget(self.export_button)
        grid = QGridLayout()
        grid.setSpacing(6)
        for index, (key, label) in enumerate(tile_keys()):
            tile = FigureTile(self.tr(label) if label else "")
            self.tiles[key] = tile
            grid.addWidget(tile, index // 6, index % 6)
        chart_box = QVBoxLayout()
        chart_box.addWidget(QLabel(self.tr("<b>Activités par mois</b>")))
        chart_box.addWidget(self.chart, 1)
        lower = QHBoxLayout()
        lower.addLayout(chart_box, 3)
        lower.addWidget(self.details, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scope_label)
        layout.addLayout(grid)
        layout.addLayout(lower, 1)

    # --- figures ----------------------------------------------------------------------------
    def period(self) -> Period:
        return self.chooser.period() or Period.for_year(date.today().year)

    def refresh(self) -> None:
        self._stale = False  # also when refreshed directly (period chosen)
        period = self.period()
        self.current, self.previous = summarize_antenna_id(
            self.context.db, period, self.context.antenna_id
        )
        current, previous = self.current, self.previous
        self.scope_label.setText(
            f"{current.scope} — {period.label} (comparé à : {previous.period.label.lower()})"
            + (" — à dates égales" if previous.period.kind == "custom" else "")
        )
        for item in compare(current, previous):
            if item.key in self.tiles:
                tile = self.tiles[item.key]
                if not tile.label.text():
                    tile.label.setText(item.label)
                tile.show_comparison(item, previous.period.short_label)
        bars = [
            (short_month(m) if len(period.years()) == 1 else f"{short_month(m)} {y % 100}", kinds)
            for y, m, kinds in current.activity_per_month()
        ]
        self.chart.set_data(bars, kind_series())
        self._fill_details(current)
        self.export_button.setEnabled(self.context.antenna_id is not None)
        self.export_button.setToolTip(
            ""
            if self.context.antenna_id is not None
            else self.tr("Choisissez une antenne : chaque antenne envoie son propre export.")
        )

    def _fill_details(self, summary: ActivitySummary) -> None:
        sections = [
            (self.tr("Visites selon le demandeur"), summary.visits_by_requester, False),
            (self.tr("Interventions selon le format"), summary.interventions_by_format, True),
            (self.tr("Interventions selon le public"), summary.audience_by_kind, True),
        ]
        rows: list[tuple[str, str, str, bool]] = []
        for title, items, with_audience in sections:
            rows.append((title, "", "", True))
            for item in items:
                audience = format_figure(item.audience) if with_audience else ""
                rows.append((f"   {item.label}", format_figure(item.count), audience, False))
        self.details.setRowCount(len(rows))
        for row, (label, count, audience, heading) in enumerate(rows):
            for column, text in enumerate((label, count, audience)):
                cell = QTableWidgetItem(text)
                if column:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if heading:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.details.setItem(row, column, cell)
        self.details.resizeColumnToContents(1)
        self.details.resizeColumnToContents(2)

    # --- actions ----------------------------------------------------------------------------
    def edit_rate(self) -> None:
        """Change the hourly rate at which the year's volunteer time is valued."""
        year = self.period().start.year
        current = load_rates(self.context.db, [year])[year]
        value, ok = QInputDialog.getDouble(
            self,
            self.tr("Valorisation du bénévolat"),
            self.tr(
                "Taux horaire pour {year}, en euros (par défaut le SMIC brut : {default}) :"
            ).format(year=year, default=format_figure(default_rate(year), "€")),
            float(current),
            0.01,
            1000.0,
            2,
        )
        if not ok:
            return
        try:
            save_rate(self.context.db, year, Decimal(f"{value:.2f}"))
        except BadInputError as error:
            QMessageBox.warning(self, self.tr("Taux non enregistré"), str(error))
            return
        self.context.notify_changed()

    def print_summary(self) -> None:
        if self.current is None:
            self.refresh()
        assert self.current is not None
        scope = self.current.antenna_code or "toutes"
        suggested = f"bilan-{scope}-{self.current.period.start.isoformat()}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Enregistrer le bilan"), suggested, self.tr("Document PDF (*.pdf)")
        )
        if path:
            self.write_summary(Path(path))

    def write_summary(self, path: Path) -> None:
        """Compute and write the summary PDF off the GUI thread."""
        db, period, antenna_id = self.context.db, self.period(), self.context.antenna_id

        def work(progress: Progress) -> Path:
            current, previous = summarize_antenna_id(db, period, antenna_id)
            buffer = io.BytesIO()
            render_summary(current, previous, buffer, generated_on=date.today())
            write_bytes_atomically(path, buffer.getvalue())
            return path

        self.print_button.setEnabled(False)
        run_in_background(self, self.tr("Préparation du bilan…"), work, self._written, self._failed)

    def _written(self, path: Path) -> None:
        self.print_button.setEnabled(True)
        self.last_written = path
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                self.tr("Bilan enregistré : {path}").format(path=path), 8000
            )

    def _failed(self, error: Exception) -> None:
        self.print_button.setEnabled(True)
        self.export_button.setEnabled(self.context.antenna_id is not None)
        QMessageBox.warning(self, self.tr("Opération impossible"), str(error))

    def export_for_federation(self) -> None:
        """Prepare the yearly export (off the GUI thread), then show what will be sent."""
        if self.context.antenna_id is None:
            return
        db, year, antenna_id = self.context.db, self.period().start.year, self.context.antenna_id

        def work(progress: Progress) -> PreparedExport:
            code = next(a.code for a in list_antennas(db) if a.id == antenna_id)
            return prepare_export(db, year, code)

        self.export_button.setEnabled(False)
        run_in_background(
            self, self.tr("Préparation de l'export…"), work, self._show_export, self._failed
        )

    def _show_export(self, prepared: PreparedExport) -> None:
        self.export_button.setEnabled(True)
        self.export_dialog = ExportPreviewDialog(prepared, self)
        self.export_dialog.open()
