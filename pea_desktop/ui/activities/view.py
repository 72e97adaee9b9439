"""One list per activity kind, with its filters, and the dialogs to change it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from pea_desktop.domain.activity_defaults import remembered_draft
from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft
from pea_desktop.domain.formatting import format_number
from pea_desktop.services.activities import expenses as activity_expenses
from pea_desktop.services.activities import records as activities
from pea_desktop.services.activities.expenses import ActivityExpenses
from pea_desktop.services.activities.records import ActivityFilter
from pea_desktop.services.organisation import antennas, volunteers
from pea_desktop.ui.activities.dialog import ActivityDialog
from pea_desktop.ui.activities.filter_bar import FilterBar
from pea_desktop.ui.activities.table_model import ActivityTableModel
from pea_desktop.ui.common import settings
from pea_desktop.ui.common.list_view import ListView
from pea_desktop.ui.common.settings import base_key
from pea_desktop.ui.common.undo import MoveToBinCommand
from pea_desktop.ui.context import AppContext


class ActivityView(ListView):
    can_duplicate = True

    def __init__(
        self,
        context: AppContext,
        kind: ActivityKind,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = kind.title
        self.list_name = f"activities/{kind.code}"
        self.kind = kind
        self._context = context
        self._undo = undo_stack
        self.filters = FilterBar()
        self.layout_.insertWidget(0, self.filters)
        self.model = ActivityTableModel(context.db, kind, self)
        self.set_model(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.filters.changed.connect(self.apply_filters)
        # Each list keeps its period, volunteer and search from one start to the next.
        self.filters.remember_as(base_key(context.db.path, f"filters/{kind.code}"))
        context.antenna_changed.connect(self.request_refresh)
        context.data_changed.connect(self.request_refresh)

    def refresh(self) -> None:
        self.filters.set_volunteers(
            volunteers.list_volunteers(self._context.db, self._context.antenna_id)
        )
        self.apply_filters()

    def current_filter(self) -> ActivityFilter:
        date_from, date_to = self.filters.bounds()
        return ActivityFilter(
            kind=self.kind,
            antenna_id=self._context.antenna_id,
            date_from=date_from,
            date_to=date_to,
            volunteer_id=self.filters.volunteer_id(),
            text=self.filters.search_text(),
        )

    def apply_filters(self) -> None:
        self.model.set_filter(self.current_filter())
        self._show_count()

    def _show_count(self) -> None:
        singular, plural = self.kind.count_nouns
        total = self.model.total
        self.count_label.setText(f"{format_number(total, 0)} {singular if total < 2 else plural}")

    # --- actions ------------------------------------------------------------------------
    def _open(self, draft: ActivityDraft, expenses: ActivityExpenses | None = None) -> None:
        db = self._context.db
        dialog = ActivityDialog(db, draft, antennas.list_antennas(db), self, expenses=expenses)
        if dialog.exec() and dialog.saved_id is not None:
            settings.remember_form_antenna(db.path, dialog.draft().antenna_id)
            self._context.notify_changed()
            if (row := self.model.row_of(dialog.saved_id)) is not None:
                self.select_row(row)

    def new_entry(self) -> None:
        db = self._context.db
        known = antennas.list_antennas(db)
        if not known:
            QMessageBox.information(self, "Aucune antenne", "Créez d'abord une antenne.")
            return
        antenna_id = self._context.antenna_id or settings.form_antenna(
            db.path, [a.id for a in known]
        )
        draft = ActivityDraft(kind=self.kind, antenna_id=antenna_id, date=date.today())
        if antenna_id is not None:  # the place, times and usual choices of last time
            draft = remembered_draft(draft, activities.last_activity(db, self.kind, antenna_id))
        self._open(draft)

    def _selected_ids(self) -> list[int]:
        return [self.model.activity_id(row) for row in self.selected_rows()]

    def edit_selected(self) -> None:
        if ids := self._selected_ids():
            self._open(activities.load_activity(self._context.db, ids[0]))

    def duplicate_selected(self) -> None:
        if ids := self._selected_ids():
            db = self._context.db
            copy = activities.duplicate_activity(db, ids[0], date.today())
            costs = activity_expenses.load_activity_expenses(db, ids[0]).amounts_only()
            if (
                costs != ActivityExpenses(volunteer_id=costs.volunteer_id)
                and not self._copy_costs()
            ):
                costs = ActivityExpenses()
            self._open(copy, costs)

    def _copy_costs(self) -> bool:
        """Copying expenses is asked, never done by surprise (default: no)."""
        answer = QMessageBox.question(
            self,
            "Dupliquer l'activité",
            "L'activité copiée a des frais (kilomètres, repas…). Les copier aussi dans la "
            "nouvelle activité ?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> None:
        ids = self._selected_ids()
        if not ids:
            return
        singular, plural = self.kind.count_nouns
        label = f"{len(ids)} {singular if len(ids) == 1 else plural}"
        db = self._context.db
        self._undo.push(
            MoveToBinCommand(
                self._context,
                f"Supprimer {label}",
                ids,
                lambda chosen: activities.delete_activities(db, chosen),
                lambda chosen: activities.restore_activities(db, chosen),
            )
        )
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                f"Mis à la corbeille : {label} (Ctrl+Z pour annuler)", 8000
            )
