from unittest.mock import patch

from PySide6.QtWidgets import QMessageBox

from pea_desktop.services.activities import records as activities
from pea_desktop.services.activities.records import ActivityFilter
from pea_desktop.services.organisation import partners, volunteers
from pea_desktop.ui.activities.bin_dialog import BinDialog
from tests import factories


def test_bin_restores_each_kind_and_purges_activities(qtbot, context, db, lyon) -> None:  # type: ignore[no-untyped-def]
    vid = factories.volunteer(db, lyon.id)
    kept = factories.group(db, lyon.id, [vid])
    purged = factories.visit(db, lyon.id, [vid])
    partner = partners.save_partner(db, partners.PartnerDraft(name="CSAPA Émergence", town="Lyon"))
    activities.delete_activities(db, [kept, purged])
    volunteers.delete_volunteers(db, [vid])
    partners.delete_partners(db, [partner])

    dialog = BinDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.activity_model.rowCount() == 2
    assert dialog.volunteer_model.rowCount() == 1
    assert dialog.partner_model.row_at(0).name == "CSAPA Émergence"

    dialog.tabs.setCurrentIndex(2)
    dialog.partner_table.selectRow(0)
    dialog.restore_selected()
    assert [p.id for p in partners.list_partners(db)] == [partner]

    dialog.tabs.setCurrentIndex(1)
    dialog.volunteer_table.selectRow(0)
    dialog.restore_selected()
    assert [v.id for v in volunteers.list_volunteers(db)] == [vid]

    dialog.tabs.setCurrentIndex(0)
    row_of = {dialog.activity_model.row_at(r).id: r for r in range(2)}
    dialog.activity_table.selectRow(row_of[purged])
    with patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes):
        dialog.purge_selected()
    assert activities.count_activities(db, ActivityFilter(deleted=True)) == 1
    dialog.activity_table.selectRow(0)
    dialog.restore_selected()
    assert [r.id for r in activities.fetch_activities(db, ActivityFilter())] == [kept]
