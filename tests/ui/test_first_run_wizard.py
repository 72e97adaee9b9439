from PySide6.QtCore import Qt
from sqlalchemy import func, select

from pea_desktop.store.models import Antenna, AssociationSettings, Volunteer
from pea_desktop.ui.organisation.first_run_wizard import FirstRunWizard
from tests.ui.keyboard import type_text


def test_wizard_creates_association_antenna_and_volunteer(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(wizard.association.edits["name"], "Entraide Addictions Rhône")
    wizard.next()
    type_text(wizard.antenna.name, "Villeurbanne")
    assert wizard.antenna.code.text() == "VILLEURBANNE"
    type_text(wizard.antenna.department, "69")
    wizard.next()
    type_text(wizard.volunteer.first_name, "Hélène")
    wizard.accept()  # incomplete: refused with the reason, nothing written
    assert "nom" in wizard.problems.text()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Antenna)) == 0
    type_text(wizard.volunteer.last_name, "Gaillard")
    wizard.accept()
    assert wizard.result() == FirstRunWizard.DialogCode.Accepted
    with db.session() as session:
        assert session.get(AssociationSettings, 1).name == "Entraide Addictions Rhône"
        antenna = session.scalars(select(Antenna)).one()
        assert (antenna.code, antenna.department) == ("VILLEURBANNE", "69")
        volunteer = session.scalars(select(Volunteer)).one()
        assert (volunteer.full_name, volunteer.antenna_id) == ("Hélène Gaillard", antenna.id)


def test_fictitious_data_never_go_into_the_base_being_set_up(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """The demonstration is a separate base (tests/ui/test_bases.py): this one stays empty."""
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.mouseClick(wizard.demo_button, Qt.MouseButton.LeftButton)
    assert wizard.result() == FirstRunWizard.DEMO
    assert not wizard.isVisible()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Antenna)) == 0
        assert session.scalar(select(func.count()).select_from(Volunteer)) == 0
