"""Partner structures (CSAPA, hospitals, schools...) and their small edit dialog."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.enums import PartnerKind
from pea_desktop.domain.errors import BadInputError, StaleRecordError
from pea_desktop.domain.limits import PARTNER_TEXTS
from pea_desktop.domain.plurals import plural
from pea_desktop.services.database import Database
from pea_desktop.services.organisation import partners
from pea_desktop.services.organisation.partners import PartnerDraft
from pea_desktop.ui.common.guarded_dialog import GuardedDialog
from pea_desktop.ui.common.list_view import ListView
from pea_desktop.ui.common.stale import refused_as_stale
from pea_desktop.ui.common.table_models import Column, RowsTableModel
from pea_desktop.ui.common.text_limits import bound_line_edits
from pea_desktop.ui.common.undo import MoveToBinCommand
from pea_desktop.ui.common.widgets import EnumCombo, ProblemsLabel
from pea_desktop.ui.context import AppContext

COLUMNS = [Column("name", "Structure"), Column("kind", "Type"), Column("town", "Ville")]


class PartnerDialog(GuardedDialog):
    discard_what = "la fiche de la structure"

    def __init__(self, db: Database, draft: PartnerDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._id = draft.id
        self._version = draft.version  # as loaded: a save over a newer one is refused
        self.setWindowTitle("Nouvelle structure" if draft.id is None else "Modifier la structure")
        self.setMinimumWidth(400)
        self.name = QLineEdit(draft.name)
        self.kind = EnumCombo(PartnerKind)
        self.kind.set_value(draft.kind)
        self.town = QLineEdit(draft.town)
        bound_line_edits({"name": self.name, "town": self.town}, PARTNER_TEXTS)
        self.problems = ProblemsLabel()
        self.problems.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Nom", self.name)
        form.addRow("&Type", self.kind)
        form.addRow("&Ville", self.town)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.name.textChanged.connect(lambda text: self.save_button.setEnabled(bool(text.strip())))
        self.save_button.setEnabled(bool(draft.name.strip()))
        self.mark_clean()

    def snapshot(self) -> object:
        return (self.name.text(), self.kind.value(), self.town.text())

    def reload(self) -> None:
        """Show the partner as now saved (by another user); the typing is dropped."""
        assert self._id is not None
        fresh = partners.load_partner(self._db, self._id)
        self._version = fresh.version
        self.name.setText(fresh.name)
        self.kind.set_value(fresh.kind)
        self.town.setText(fresh.town)
        self.problems.hide()
        self.mark_clean()

    def save(self) -> None:
        draft = PartnerDraft(
            self.name.text(), self.kind.chosen(), self.town.text(), self._id, self._version
        )
        try:
            partners.save_partner(self._db, draft)
        except StaleRecordError as error:
            # Another user saved this partner since it was shown: nothing was written.
            refused_as_stale(self, error)
            return
        except BadInputError as error:
            self.problems.show_problems(error.problems or [error.message])
            return
        self.accept()


class PartnerView(ListView):
    title = "Partenaires"

    def __init__(
        self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._undo = undo_stack
        self.model: RowsTableModel[PartnerDraft] = RowsTableModel(COLUMNS, self)
        self.set_model(self.model)
        context.data_changed.connect(self.request_refresh)

    def refresh(self) -> None:
        rows = partners.list_partners(self._context.db)
        self.model.set_rows(rows)
        self.count_label.setText(f"{len(rows)} structure{'s' if len(rows) > 1 else ''}")

    def _open(self, draft: PartnerDraft) -> None:
        if PartnerDialog(self._context.db, draft, self).exec():
            self._context.notify_changed()

    def new_entry(self) -> None:
        self._open(PartnerDraft())

    def edit_selected(self) -> None:
        if rows := self.selected_rows():
            self._open(self.model.row_at(rows[0]))

    def delete_selected(self) -> None:
        ids = [self.model.row_at(row).id for row in self.selected_rows()]
        if not ids:
            return
        db = self._context.db
        self._undo.push(
            MoveToBinCommand(
                self._context,
                f"Supprimer {plural(len(ids), 'structure')}",
                [i for i in ids if i is not None],
                lambda chosen: partners.delete_partners(db, chosen),
                lambda chosen: partners.restore_partners(db, chosen),
            )
        )
