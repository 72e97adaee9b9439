"""Create or edit one activity; the form checks the rules as the user types."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft, validate_activity
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.activities import expenses as activity_expenses
from pea_desktop.services.activities import records as activities
from pea_desktop.services.activities.expenses import ActivityExpenses
from pea_desktop.services.database import Database
from pea_desktop.services.organisation import volunteers
from pea_desktop.services.organisation.antennas import AntennaInfo
from pea_desktop.ui.activities.expenses_widget import ActivityExpensesWidget
from pea_desktop.ui.activities.field_widgets import (
    WIDGET_NAMES,
    changed_signal,
    make_widget,
    set_widget_value,
    widget_value,
)
from pea_desktop.ui.common.widgets import (
    DateEdit,
    DurationEdit,
    ProblemsLabel,
    TimeEdit,
    set_save_enabled,
)
from pea_desktop.ui.organisation.volunteer_picker import VolunteerPicker


class ActivityDialog(QDialog):
    def __init__(
        self,
        db: Database,
        draft: ActivityDraft,
        antennas: list[AntennaInfo],
        parent: QWidget | None = None,
        *,
        expenses: ActivityExpenses | None = None,
    ) -> None:
        """``expenses`` prefill a new activity's costs (a duplicate's); an existing activity
        always shows its own."""
        super().__init__(parent)
        self._db = db
        self._draft = draft
        self._new_expenses = expenses or ActivityExpenses()
        self.saved_id: int | None = None
        kind = draft.kind
        verb = "Nouvelle" if kind.feminine else "Nouveau"
        self.setWindowTitle(
            f"{verb} {kind.noun}" if draft.id is None else f"Modifier : {kind.noun}"
        )
        self.setMinimumWidth(520)

        self.antenna = QComboBox()
        for antenna in antennas:
            self.antenna.addItem(antenna.display_name, antenna.id)
        self.date = DateEdit()
        self.date.setMaximumDate(QDate.currentDate())
        self.start_time = TimeEdit()
        self.duration = DurationEdit()
        self.place = QLineEdit()
        self.place.setPlaceholderText("Lieu ou structure")
        self.volunteers = VolunteerPicker()
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes internes à l'antenne (jamais exportées)")
        self.notes.setMaximumHeight(70)
        self.notes.setTabChangesFocus(True)

        form = QFormLayout()
        form.addRow("&Antenne", self.antenna)
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(self.start_time)
        when.addStretch()
        when_label = QLabel("&Date et heure")
        when_label.setBuddy(self.date)
        form.addRow(when_label, when)
        form.addRow("D&urée", self.duration)
        form.addRow("&Lieu", self.place)
        form.addRow("&Bénévoles", self.volunteers)
        specific = QGroupBox(kind.noun.capitalize())
        specific_form = QFormLayout(specific)
        self._build_specific(kind, specific_form)
        self.expenses = ActivityExpensesWidget()

        self.problems = ProblemsLabel()
        self._shown_problems: list[str] | None = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(specific)
        layout.addWidget(self.expenses)
        notes_form = QFormLayout()
        notes_form.addRow("Notes &internes", self.notes)
        layout.addLayout(notes_form)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

        self.antenna.currentIndexChanged.connect(self._antenna_chosen)
        self._fill(draft)
        self._antenna_chosen()
        for signal in (
            self.date.dateChanged,
            self.start_time.textChanged,
            self.duration.textChanged,
            self.volunteers.changed,
            self.antenna.currentIndexChanged,
            *(edit.textChanged for edit in self.expenses.fields.values()),
        ):
            signal.connect(self.revalidate)
        self._set_tab_order()
        self.revalidate()

    def _set_tab_order(self) -> None:
        """Tab follows the screen from top to bottom, whatever order widgets were made in."""
        chain = [
            self.antenna,
            self.date,
            self.start_time,
            self.duration,
            self.place,
            self.volunteers.search,
            self.volunteers.chosen,
            *self._specific_fields,
            *self.expenses.fields.values(),
            self.notes,
            self.save_button,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    # --- the fields of the kind --------------------------------------------------------
    def _build_specific(self, kind: ActivityKind, form: QFormLayout) -> None:
        """One row per field the kind has, in its order (activity_kinds)."""
        self._field_widgets: dict[str, QWidget] = {}
        for use in kind.fields:
            widget = make_widget(use.field, self._db)
            form.addRow(use.field.label, widget)
            self._field_widgets[use.name] = widget
            setattr(self, WIDGET_NAMES.get(use.name, use.name), widget)
            changed_signal(widget).connect(self.revalidate)
        self._specific_fields = list(self._field_widgets.values())
        if "partner_id" in self._field_widgets:
            changed_signal(self._field_widgets["partner_id"]).connect(self._partner_chosen)

    def _antenna_chosen(self) -> None:
        antenna_id = self.antenna.currentData()
        self.volunteers.set_choices(
            volunteers.list_volunteers(self._db, antenna_id, include_inactive=False)
        )
        completer = QCompleter(activities.place_suggestions(self._db, antenna_id), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.place.setCompleter(completer)

    def _partner_chosen(self) -> None:
        partner = self._field_widgets["partner_id"]
        assert isinstance(partner, QComboBox)
        if partner.currentData() is not None and not self.place.text().strip():
            self.place.setText(partner.currentText())

    # --- values -------------------------------------------------------------------------
    def _fill(self, draft: ActivityDraft) -> None:
        if draft.antenna_id is not None:
            self.antenna.setCurrentIndex(max(self.antenna.findData(draft.antenna_id), 0))
        self.date.set_value(draft.date or date.today())
        self.start_time.set_value(draft.start_time)
        self.duration.set_minutes(
            draft.duration_minutes
            if draft.id is not None or draft.duration_minutes
            else draft.kind.default_duration
        )
        self.place.setText(draft.place)
        names = {
            v.id: v.full_name
            for v in volunteers.list_volunteers(self._db, draft.antenna_id)
            if v.id in draft.volunteer_ids
        }
        self.volunteers.set_names(names)
        self.volunteers.set_volunteer_ids(draft.volunteer_ids)
        self.notes.setPlainText(draft.notes)
        self.expenses.set_expenses(
            self._new_expenses
            if draft.id is None
            else activity_expenses.load_activity_expenses(self._db, draft.id)
        )
        for use in draft.kind.fields:
            value = getattr(draft, use.name)
            if value is None and use.default is not None:
                value = use.default
            set_widget_value(self._field_widgets[use.name], value)

    def draft(self) -> ActivityDraft:
        d = ActivityDraft(
            kind=self._draft.kind,
            id=self._draft.id,
            antenna_id=self.antenna.currentData(),
            date=self.date.value(),
            start_time=self.start_time.value(),
            duration_minutes=self.duration.minutes(),
            place=self.place.text(),
            volunteer_ids=self.volunteers.volunteer_ids(),
            notes=self.notes.toPlainText(),
        )
        for name, widget in self._field_widgets.items():
            value = widget_value(widget)
            setattr(d, name, value.strip() if name == "theme" else value)
        return d

    def current_problems(self) -> list[str]:
        problems = []
        if not self.duration.is_valid():
            problems.append("La durée se tape en minutes (90) ou en heures (1h30).")
        if not self.start_time.is_valid():
            problems.append("L'heure se tape hh:mm (ex. 14:30).")
        problems += [p.message for p in validate_activity(self.draft(), date.today())]
        ids = self.volunteers.volunteer_ids()
        return problems + self.expenses.problems(ids[0] if ids else None)

    def revalidate(self) -> None:
        chosen = self.volunteers.chosen
        self.expenses.set_owner(chosen.item(0).text() if chosen.count() else "")
        problems = self.current_problems()
        # Only when they change: every Python signal emitted costs a reference to True under
        # PySide6 6.12.0 (see activity_expenses_widget), and this runs at each keystroke.
        if problems != self._shown_problems:
            self.problems.show_problems(problems)
            self._shown_problems = problems
        set_save_enabled(self.save_button, not problems)

    def save(self) -> None:
        if self.current_problems():
            return
        try:
            saved = activity_expenses.save_activity_and_expenses(
                self._db, self.draft(), self.expenses.expenses(), date.today()
            )
        except BadInputError as error:
            self._shown_problems = [error.message, *error.problems]
            self.problems.show_problems(self._shown_problems)
            return
        self.saved_id = saved.activity_id
        if saved.notices:
            QMessageBox.information(self, "Frais déplacés", "\n\n".join(saved.notices))
        self.accept()
