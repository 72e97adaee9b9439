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


def test_each_page_is_checked_before_moving_on(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    first_page = wizard.currentPage()
    wizard.next()  # no association name: stays on page 1 and says why
    assert wizard.currentPage() is first_page
    assert "Association : indiquez son nom." in wizard.currentPage().problems.text()
    type_text(wizard.association.edits["name"], "Entraide Loire")
    wizard.next()
    assert wizard.currentId() == 1
    type_text(wizard.antenna.name, "Saint-Étienne")
    assert wizard.antenna.code.text() == "SAINT-ETIENNE"
    type_text(wizard.antenna.department, "4X")
    wizard.next()  # a department that is not one: stays on page 2
    assert wizard.currentId() == 1
    assert "n'est pas un numéro de département" in wizard.currentPage().problems.text()
    wizard.antenna.department.clear()
    type_text(wizard.antenna.department, "42")
    wizard.next()
    assert wizard.currentId() == 2
    with db.session() as session:  # nothing written before Terminer
        assert session.scalar(select(func.count()).select_from(Antenna)) == 0


def test_a_code_typed_by_hand_is_kept(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    type_text(wizard.antenna.code, "STE")
    type_text(wizard.antenna.name, "Saint-Étienne")
    assert wizard.antenna.code.text() == "STE"
