"""Create or edit one activity; the form checks the rules as the user types.

Fast from the keyboard (issue 11): focus starts on the first field to type; Enter in the place
takes the first place that contains what was typed and moves on; volunteers are added with a
few letters and Enter; Enter in the empty volunteer box goes to the first field still missing,
or saves when nothing is. "Comme la dernière fois" takes the place, times, volunteers and the
remembered fields of the last activity of the kind at the antenna, never its expenses. Problems
show once the user has changed something or tried to save, not on an untouched form; Esc and
Annuler ask before throwing away what was typed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.activity_defaults import remembered_draft
from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.activity_rules import ActivityDraft, validate_activity
from pea_desktop.domain.errors import BadInputError, StaleRecordError
from pea_desktop.domain.limits import ACTIVITY_TEXTS
from pea_desktop.domain.text import fold
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
from pea_desktop.ui.common.field_marks import LeftFields, mark_invalid
from pea_desktop.ui.common.guarded_dialog import GuardedDialog
from pea_desktop.ui.common.stale import LastChangeLabel, ask_reload
from pea_desktop.ui.common.text_limits import bound_plain_text
from pea_desktop.ui.common.widgets import (
    DateEdit,
    DurationEdit,
    ProblemsLabel,
    TimeEdit,
    set_save_enabled,
)
from pea_desktop.ui.organisation.volunteer_picker import VolunteerPicker


class ActivityDialog(GuardedDialog):
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
        self._ready = False  # widgets are being built and filled: nothing to check yet
        self._attempted = False  # after a save attempt every problem shows
        # Before that, only the problems of fields the user has left (issue 11).
        self.left_fields = LeftFields(self)
        self._places: list[str] = []
        kind = draft.kind
        verb = "Nouvelle" if kind.feminine else "Nouveau"
        self.setWindowTitle(
            f"{verb} {kind.noun}" if draft.id is None else f"Modifier : {kind.noun}"
        )
        self.setMinimumWidth(520)

        self.antenna = QComboBox()
        self.antenna.setPlaceholderText("— choisir l'antenne —")
        for antenna in antennas:
            self.antenna.addItem(antenna.display_name, antenna.id)
        self.antenna.setCurrentIndex(-1)  # chosen by _fill: never the first one by surprise
        self.date = DateEdit()
        self.date.setMaximumDate(QDate.currentDate())
        self.start_time = TimeEdit()
        self.duration = DurationEdit()
        self.place = QLineEdit()
        self.place.setMaxLength(ACTIVITY_TEXTS["place"][1])
        self.place.setPlaceholderText("Lieu ou structure (quelques lettres puis Entrée)")
        self.place.setToolTip(
            "Quelques lettres puis Entrée : le premier lieu déjà utilisé qui les contient"
        )
        self.place.installEventFilter(self)
        self.place.returnPressed.connect(self._place_entered)
        self.volunteers = VolunteerPicker()
        self.volunteers.finished.connect(self.move_on_or_save)
        self.same_as_last = QPushButton("Comme la dernière &fois")
        self.same_as_last.setAutoDefault(False)
        self.same_as_last.setToolTip(
            "Reprendre le lieu, l'heure, la durée et les bénévoles de la dernière activité de "
            "ce type à cette antenne (jamais les frais ni les chiffres)"
        )
        self.same_as_last.clicked.connect(self.fill_same_as_last_time)
        self.same_as_last.setVisible(draft.id is None)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes internes à l'antenne (jamais exportées)")
        self.notes.setMaximumHeight(70)
        self.notes.setTabChangesFocus(True)
        bound_plain_text(self.notes, ACTIVITY_TEXTS["notes"][1])

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
        # Who saved it last, and when: another coordinator may have (issue 14).
        self.last_change = LastChangeLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Enregistrer")
        self.save_button.setToolTip("Enregistrer l'activité (Entrée quand tout est rempli)")
        self.save_button.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Annuler")
        cancel.setToolTip("Fermer sans enregistrer (Échap) ; demande confirmation si modifié")
        self.buttons.addButton(self.same_as_last, QDialogButtonBox.ButtonRole.ActionRole)

        # The fields scroll, the buttons and problems stay visible: the form fits a 1366×768
        # screen at 125 % (issue 11).
        content = QWidget()
        fields_layout = QVBoxLayout(content)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.addLayout(form)
        fields_layout.addWidget(specific)
        fields_layout.addWidget(self.expenses)
        notes_form = QFormLayout()
        notes_form.addRow("Notes &internes", self.notes)
        fields_layout.addLayout(notes_form)
        fields_layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.fields_area = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.last_change)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

        self.antenna.currentIndexChanged.connect(self._antenna_chosen)
        self._fill(draft)
        self._show_last_change()
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
        self._watch_leaving()
        self._ready = True
        self.mark_clean()
        self.revalidate()
        self._fit_to_screen(content)
        self._first_focus().setFocus(Qt.FocusReason.TabFocusReason)

    def _watch_leaving(self) -> None:
        self._field_of: dict[str, QWidget] = {
            "antenna": self.antenna,
            "date": self.date,
            "start_time": self.start_time,
            "duration": self.duration,
            "place": self.place,
            "volunteers": self.volunteers.search,
            **self._field_widgets,
        }
        changed = {
            "antenna": self.antenna.currentIndexChanged,
            "date": self.date.dateChanged,
            "start_time": self.start_time.textChanged,
            "duration": self.duration.textChanged,
            "place": self.place.textChanged,
            **{name: changed_signal(widget) for name, widget in self._field_widgets.items()},
        }
        for name, widget in self._field_of.items():
            self.left_fields.watch(widget, name, changed.get(name))
        for edit in self.expenses.fields.values():
            self.left_fields.watch(edit, "expenses", edit.textChanged)
        # A volunteer added or removed is a choice made; the expenses' checks depend on the
        # first volunteer (their owner), so theirs show too.
        self.volunteers.changed.connect(lambda: self.left_fields.touch("volunteers"))
        self.volunteers.changed.connect(lambda: self.left_fields.touch("expenses"))
        self.left_fields.left.connect(self.revalidate)

    def _fit_to_screen(self, content: QWidget) -> None:
        """As tall as the fields need, but never taller than the screen."""
        screen = self.screen().availableGeometry() if self.screen() else None
        wanted = content.sizeHint().height() + 120
        if screen is not None:
            wanted = min(wanted, screen.height() - 60)
        self.resize(max(self.sizeHint().width(), 560), wanted)

    def _first_focus(self) -> QWidget:
        """The first field to type: the antenna when none is chosen, else the place."""
        if self.antenna.currentIndex() < 0:
            return self.antenna
        if self._draft.id is None and self.place.text():
            self.place.selectAll()  # typing replaces the remembered place
        return self.place

    # --- keyboard -----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.place
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._place_entered()
            return True
        return super().eventFilter(watched, event)

    def _place_entered(self) -> None:
        """Enter in the place: complete it from the places already used, then move on.
        (``returnPressed`` when the completer's list is open, the event filter otherwise.)"""
        typed = self.place.text().strip()
        completer = self.place.completer()
        known = self._places
        if typed and not any(fold(p) == fold(typed) for p in known):
            match = next((p for p in known if fold(typed) in fold(p)), None)
            if match is not None:
                self.place.setText(match)
        if completer is not None and (popup := completer.popup()) is not None:
            popup.hide()
        self.volunteers.search.setFocus(Qt.FocusReason.TabFocusReason)

    def move_on_or_save(self) -> None:
        """Enter where nothing is left to type: save when the form is complete, else go to
        the first field still missing."""
        problems = validate_activity(self.draft(), date.today())
        if not problems and not self.current_problems():
            self.save()
            return
        self._attempted = True
        self.revalidate()
        names = [p.field for p in problems]
        target: QWidget | None = None
        for name in names:
            target = self._field_widgets.get(name) or {
                "antenna": self.antenna,
                "place": self.place,
                "volunteers": self.volunteers.search,
                "duration": self.duration,
                "date": self.date,
            }.get(name)
            if target is not None:
                break
        if target is None:
            return
        target.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(target, QAbstractSpinBox):
            target.selectAll()

    def fill_same_as_last_time(self) -> None:
        last = activities.last_activity(self._db, self._draft.kind, self.antenna.currentData())
        if last is None:
            self.problems.show_problems(
                ["Aucune activité de ce type à cette antenne : rien à reprendre."]
            )
            return
        current = self.draft()
        filled = remembered_draft(
            replace(current, place="", start_time=None, duration_minutes=None, volunteer_ids=[]),
            last,
            with_volunteers=True,
        )
        self.place.setText(filled.place)
        self.start_time.set_value(filled.start_time)
        self.duration.set_minutes(filled.duration_minutes)
        known = {v.id: v.full_name for v in volunteers.list_volunteers(self._db, None)}
        self.volunteers.set_names({i: known[i] for i in filled.volunteer_ids if i in known})
        self.volunteers.set_volunteer_ids(filled.volunteer_ids)
        for use in self._draft.kind.fields:
            if use.field.remembered:
                set_widget_value(self._field_widgets[use.name], getattr(filled, use.name))
        self.move_on_or_save_focus_only()

    def move_on_or_save_focus_only(self) -> None:
        """After filling: the cursor goes to the first field still missing (never saves)."""
        problems = validate_activity(self.draft(), date.today())
        for problem in problems:
            widget = self._field_widgets.get(problem.field)
            if widget is not None:
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                if isinstance(widget, QAbstractSpinBox):
                    widget.selectAll()
                return

    # --- unsaved changes ------------------------------------------------------------------
    def snapshot(self) -> object:
        return (
            self.draft(),
            self.start_time.text(),
            self.duration.text(),
            tuple(edit.text() for edit in self.expenses.fields.values()),
        )

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
        self._places = activities.place_suggestions(self._db, antenna_id)
        completer = QCompleter(self._places, self)
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
            self.antenna.setCurrentIndex(self.antenna.findData(draft.antenna_id))
        elif self.antenna.count() == 1:
            self.antenna.setCurrentIndex(0)
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

    def _show_last_change(self) -> None:
        if self._draft.id is not None:
            self.last_change.show_change(activities.activity_last_change(self._db, self._draft.id))

    def reload(self) -> None:
        """Show the values now in the base (another user saved them); the typing is dropped."""
        assert self._draft.id is not None
        try:
            fresh = activities.load_activity(self._db, self._draft.id)
        except BadInputError as error:  # deleted for good meanwhile
            self.problems.show_problems([error.message])
            return
        self._draft = fresh
        self._ready = False
        self._fill(fresh)
        self._ready = True
        self._attempted = False
        self._shown_problems = None
        self._show_last_change()
        self.mark_clean()
        self.revalidate()

    def draft(self) -> ActivityDraft:
        d = ActivityDraft(
            kind=self._draft.kind,
            id=self._draft.id,
            version=self._draft.version,
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
        return [message for _, message in self._problems_by_field()]

    def _problems_by_field(self) -> list[tuple[str, str]]:
        """Every problem of the form, with the name of the field it is about."""
        problems = []
        if not self.duration.is_valid():
            problems.append(("duration", "La durée se tape en minutes (90) ou en heures (1h30)."))
        if not self.start_time.is_valid():
            problems.append(("start_time", "L'heure se tape hh:mm (ex. 14:30)."))
        problems += [(p.field, p.message) for p in validate_activity(self.draft(), date.today())]
        ids = self.volunteers.volunteer_ids()
        return problems + [
            ("expenses", message) for message in self.expenses.problems(ids[0] if ids else None)
        ]

    def revalidate(self) -> None:
        if not self._ready:
            return
        chosen = self.volunteers.chosen
        self.expenses.set_owner(chosen.item(0).text() if chosen.count() else "")
        every = self._problems_by_field()
        # Save stays disabled until the form can be saved, whatever is shown.
        set_save_enabled(self.save_button, not every)
        left = self.left_fields.names
        shown = [(f, m) for f, m in every if self._attempted or f in left]
        self._show(shown)

    def _show(self, shown: list[tuple[str, str]]) -> None:
        """The problems listed under the form and the fields framed in red."""
        messages = [message for _, message in shown]
        # Only when they change: every Python signal emitted costs a reference to True under
        # PySide6 6.12.0 (see activity_expenses_widget), and this runs at each keystroke.
        if messages != self._shown_problems:
            self.problems.show_problems(messages)
            self._shown_problems = messages
        bad = {field for field, _ in shown}
        for name, widget in self._field_of.items():
            mark_invalid(widget, name in bad)

    def save(self) -> None:
        if problems := self._problems_by_field():
            self._attempted = True
            self._show(problems)
            return
        try:
            saved = activity_expenses.save_activity_and_expenses(
                self._db, self.draft(), self.expenses.expenses(), date.today()
            )
        except StaleRecordError as error:
            # Another user saved it since it was shown: nothing was written; never overwrite.
            if ask_reload(self, error):
                self.reload()
            else:
                self._shown_problems = [error.message]
                self.problems.show_problems(self._shown_problems)
            return
        except BadInputError as error:
            self._shown_problems = [error.message, *error.problems]
            self.problems.show_problems(self._shown_problems)
            return
        self.saved_id = saved.activity_id
        self.mark_clean()
        if saved.notices:
            QMessageBox.information(self, "Frais déplacés", "\n\n".join(saved.notices))
        self.accept()
