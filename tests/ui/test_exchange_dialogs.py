"""The exchange's dialogs driven on real bases: the coordinator's laptop and Alice's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from pea_desktop.services.exchange import conflicts
from pea_desktop.services.exchange.rows import ACTIVITY, EXPENSE
from pea_desktop.store.models import Activity, Volunteer
from pea_desktop.ui.exchange.conflicts_dialog import ConflictsDialog
from pea_desktop.ui.exchange.invite_dialog import InviteDialog
from pea_desktop.ui.exchange.join_dialog import JoinDialog
from pea_desktop.ui.exchange.receive_dialog import ReceiveDialog
from pea_desktop.ui.exchange.send_dialog import SendDialog
from tests.services.exchange import world
from tests.services.exchange.world import Laptop
from tests.ui.keyboard import type_text

NEW, CHANGED = 0, 1


@pytest.fixture
def coord(tmp_path: Path, migrated_template: Path) -> Iterator[Laptop]:
    lap = world.coordinator(tmp_path, migrated_template)
    yield lap
    lap.db.close()


@pytest.fixture
def pair(coord: Laptop, tmp_path: Path, migrated_template: Path) -> Iterator[tuple[Laptop, Laptop]]:
    alice = world.join(coord, tmp_path, migrated_template, "Alice Bérard")
    yield coord, alice
    alice.db.close()


def places(lap: Laptop) -> list[str]:
    with lap.db.session() as s:
        return sorted(s.scalars(select(Activity.place).where(Activity.deleted_at.is_(None))))


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def send_with_dialog(qtbot, lap: Laptop, path: Path, volunteer: str | None = None) -> SendDialog:  # type: ignore[no-untyped-def]
    dialog = SendDialog(lap.db)
    qtbot.addWidget(dialog)
    if volunteer is not None:
        dialog.volunteer.setCurrentText(volunteer)
    dialog.file.set_path(path)
    click(qtbot, dialog.send_button)
    assert dialog.sent is not None and path.is_file()
    return dialog


def test_invite_then_join_with_the_code_shown(
    qtbot, coord: Laptop, tmp_path: Path, migrated_template: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = InviteDialog(coord.db)
    qtbot.addWidget(dialog)
    names = [dialog.volunteer.itemText(i) for i in range(dialog.volunteer.count())]
    assert names == ["Alice Bérard (LYON)", "Bruno Élie (LYON)", "Chloé Faure (GREN)"]
    assert dialog.file.path() == Path.home() / "invitation-Alice-Bérard.pea"
    path = tmp_path / "pour-alice"
    dialog.file.set_path(path)
    click(qtbot, dialog.create_button)
    written = tmp_path / "pour-alice.pea"  # the suffix is added
    assert written.is_file()
    assert not dialog.result_box.isHidden()
    code = dialog.code.text()
    assert len(code) == 14 and dialog.code.isReadOnly()
    assert "Rejoindre une antenne" in dialog.next_steps.text()
    click(qtbot, dialog.copy_button)
    assert QApplication.clipboard().text() == code

    alice = world.laptop(tmp_path, migrated_template, "alice")
    try:
        join = JoinDialog(alice.db)
        qtbot.addWidget(join)
        assert not join.join_button.isEnabled()
        join.file.set_path(written)
        type_text(join.code, "ABCD-EFGH-JKMN")
        click(qtbot, join.join_button)
        assert "Code d'invitation incorrect" in join.problems.text()
        assert join.joined is None
        join.code.clear()
        type_text(join.code, code)
        click(qtbot, join.join_button)
        assert join.joined is not None and join.joined.volunteer == "Alice Bérard"
        assert "a rejoint l'antenne" in join.summary()
        with alice.db.session() as s:
            assert "Bérard" in s.scalars(select(Volunteer.last_name)).all()
    finally:
        alice.db.close()


def test_join_refuses_a_file_that_is_not_an_invitation(qtbot, pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coord, alice = pair
    world.log_group(alice, "Alice")
    sent = alice.send()
    join = JoinDialog(coord.db)
    qtbot.addWidget(join)
    join.file.set_path(sent)
    type_text(join.code, "ABCD-EFGH-JKMN")
    click(qtbot, join.join_button)
    assert "n'est pas une invitation" in join.problems.text()


def test_send_preview_then_receive_preview_then_apply(qtbot, pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coord, alice = pair
    world.log_group(alice, "Alice", place="Maison des associations", meal="12.50")
    world.log_group(alice, "Alice", place="CSAPA", km=None)
    dialog = SendDialog(alice.db)
    qtbot.addWidget(dialog)
    assert not dialog.coordinator
    assert dialog.table.value(ACTIVITY, NEW) == 2
    assert dialog.table.value(EXPENSE, NEW) == 2  # 12 km and a meal on the first
    assert "2 nouvelles" in dialog.what.text()
    dialog.file.set_path(tmp_path / "alice-1.pea")
    click(qtbot, dialog.send_button)
    assert "Envoi n° 1 pour la coordination" in dialog.summary()

    receive = ReceiveDialog(coord.db)
    qtbot.addWidget(receive)
    assert not receive.receive_button.isEnabled()
    receive.file.set_path(tmp_path / "alice-1.pea")
    assert receive.preview is not None
    assert receive.table.value(ACTIVITY, NEW) == 2
    assert "Alice Bérard" in receive.origin.text() and "à recevoir" in receive.origin.text()
    assert places(coord) == []  # the preview changed nothing
    click(qtbot, receive.receive_button)
    assert receive.received is not None and "reçu" in receive.origin.text()
    assert places(coord) == ["CSAPA", "Maison des associations"]
    assert not receive.receive_button.isEnabled()
    assert receive.conflicts_button.isHidden()

    again = ReceiveDialog(coord.db)
    qtbot.addWidget(again)
    again.file.set_path(tmp_path / "alice-1.pea")
    assert "déjà été reçu" in again.problems.text()
    assert not again.receive_button.isEnabled()

    # Back to Alice: the coordinator chooses her among the laptops that sent a file.
    back = SendDialog(coord.db)
    qtbot.addWidget(back)
    assert [back.volunteer.itemText(i) for i in range(back.volunteer.count())] == ["Alice Bérard"]
    back.file.set_path(tmp_path / "retour.pea")
    click(qtbot, back.send_button)
    assert alice.receive(tmp_path / "retour.pea").sender == "la coordination"


def test_an_altered_file_is_refused_in_french(qtbot, pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coord, alice = pair
    world.log_group(alice, "Alice")
    sent = alice.send()
    data = bytearray(sent.read_bytes())
    data[-10] ^= 1
    altered = tmp_path / "abime.pea"
    altered.write_bytes(bytes(data))
    receive = ReceiveDialog(coord.db)
    qtbot.addWidget(receive)
    receive.file.set_path(altered)
    assert receive.preview is None and "abime.pea" in receive.problems.text()
    assert not receive.receive_button.isEnabled()
    assert places(coord) == []


def test_the_coordinator_sends_nothing_before_a_first_file(qtbot, coord: Laptop) -> None:  # type: ignore[no-untyped-def]
    dialog = SendDialog(coord.db)
    qtbot.addWidget(dialog)
    assert dialog.coordinator and dialog.volunteer.count() == 0
    assert "invitez le bénévole" in dialog.problems.text()
    assert not dialog.send_button.isEnabled()


def set_place(lap: Laptop, old: str, new: str) -> None:
    with lap.db.session() as s:
        s.scalars(select(Activity).where(Activity.place == old)).one().place = new


@pytest.mark.parametrize("button", ["keep_button", "take_button"])
def test_a_conflict_seen_side_by_side_and_chosen(qtbot, pair, tmp_path: Path, button: str) -> None:  # type: ignore[no-untyped-def]
    coord, alice = pair
    world.log_group(alice, "Alice", place="Salle")
    coord.receive(alice.send())
    alice.receive(coord.send("Alice Bérard"))
    set_place(coord, "Salle", "Salle du coordinateur")
    set_place(alice, "Salle", "Salle d'Alice")
    receive = ReceiveDialog(coord.db)
    qtbot.addWidget(receive)
    receive.file.set_path(alice.send())
    assert "1 conflit" in receive.details.text()
    click(qtbot, receive.receive_button)
    assert not receive.conflicts_button.isHidden()
    click(qtbot, receive.conflicts_button)
    assert receive.conflicts_wanted

    dialog = ConflictsDialog(coord.db)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and "Alice Bérard" in dialog.list.item(0).text()
    rows = [
        tuple(dialog.table.item(r, c).text() for c in range(3))
        for r in range(dialog.table.rowCount())
    ]
    assert ("Lieu", "Salle du coordinateur", "Salle d'Alice") in rows
    click(qtbot, getattr(dialog, button))
    assert dialog.resolved == 1 and dialog.list.count() == 0
    assert dialog.heading.text() == "Aucun conflit à arbitrer."
    assert not dialog.keep_button.isEnabled()
    expected = "Salle du coordinateur" if button == "keep_button" else "Salle d'Alice"
    assert places(coord) == [expected]
    assert conflicts.list_conflicts(coord.db) == []
    alice.receive(coord.send("Alice Bérard"))  # the choice travels back
    assert places(alice) == [expected]


def test_the_menus_offer_the_exchange_by_role(qtbot, pair) -> None:  # type: ignore[no-untyped-def]
    from pea_desktop.ui.context import AppContext
    from pea_desktop.ui.main_window import MainWindow

    coord, alice = pair
    for lap, coordinator in ((coord, True), (alice, False)):
        window = MainWindow(AppContext(lap.db))
        qtbot.addWidget(window)
        texts = [a.text() for a in window.file_menu.actions()]
        assert {"Rejoindre une &antenne…", "&Envoyer…", "Re&cevoir…"} <= set(texts)
        assert window.invite_action.isEnabled() is coordinator
        assert window.conflicts_action.isEnabled() is coordinator
        assert window.laptops_action.isEnabled() is coordinator
        menus = [a.text() for a in window.menuBar().actions()]
        assert "&Bénévoles" in menus


def test_the_first_run_assistant_offers_to_join(
    qtbot, coord: Laptop, tmp_path: Path, migrated_template: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from pea_desktop.services.exchange import invitations
    from pea_desktop.services.organisation.antennas import is_empty
    from pea_desktop.ui.organisation.first_run_wizard import FirstRunWizard

    invitation = invitations.invite(coord.db, "Bruno Élie", "LYON")
    path = tmp_path / "invitation.pea"
    path.write_bytes(invitation.data)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))

    def fill_and_join(dialog: JoinDialog) -> int:  # the modal dialog, driven as a user would
        dialog.file.set_path(path)
        type_text(dialog.code, invitation.code)
        click(qtbot, dialog.join_button)
        return int(dialog.result())

    monkeypatch.setattr(JoinDialog, "exec", fill_and_join)
    bruno = world.laptop(tmp_path, migrated_template, "bruno")
    try:
        wizard = FirstRunWizard(bruno.db)
        qtbot.addWidget(wizard)
        wizard.show()
        click(qtbot, wizard.join_button)
        assert wizard.result() == FirstRunWizard.DialogCode.Accepted
        assert not is_empty(bruno.db)
        assert told and "pour Bruno Élie" in told[0]
    finally:
        bruno.db.close()


def test_a_lost_laptop_is_revoked_after_confirmation(qtbot, pair, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from pea_desktop.ui.exchange.laptops_dialog import LaptopsDialog

    coord, alice = pair
    world.log_group(alice, "Alice", place="Salle")
    coord.receive(alice.send())
    dialog = LaptopsDialog(coord.db)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "Alice Bérard"
    assert dialog.table.item(0, 3).text() == "actif"
    assert not dialog.revoke_button.isEnabled()
    dialog.table.selectRow(0)
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    click(qtbot, dialog.revoke_button)  # cancelled: nothing changes
    assert dialog.revoked == 0 and dialog.table.item(0, 3).text() == "actif"
    click(qtbot, dialog.revoke_button)
    assert dialog.revoked == 1 and dialog.table.item(0, 3).text().startswith("révoqué le")
    world.log_group(alice, "Alice", place="CSAPA")
    receive = ReceiveDialog(coord.db)
    qtbot.addWidget(receive)
    receive.file.set_path(alice.send())
    assert "révoqué" in receive.problems.text() and not receive.receive_button.isEnabled()


def test_a_conflict_on_an_expense_shows_euros_and_kilometres(qtbot, pair) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from pea_desktop.store.models import ExpenseLine

    coord, alice = pair
    world.log_group(alice, "Alice", place="Salle", km="12")
    coord.receive(alice.send())
    alice.receive(coord.send("Alice Bérard"))
    for lap, km in ((coord, "15"), (alice, "18.5")):
        with lap.db.session() as s:
            s.scalars(select(ExpenseLine).where(ExpenseLine.km.is_not(None))).one().km = Decimal(km)
    assert coord.receive(alice.send()).conflicts == 1
    dialog = ConflictsDialog(coord.db)
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).text().startswith("Dépense")
    rows = [
        tuple(dialog.table.item(r, c).text() for c in range(3))
        for r in range(dialog.table.rowCount())
    ]
    assert ("Distance (km)", "15", "18,5") in rows
