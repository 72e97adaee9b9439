from pea_desktop.services import antennas
from pea_desktop.ui.settings_dialogs import AntennaDialog, AssociationDialog
from tests.ui.keyboard import type_text


def test_new_antenna_refuses_a_code_in_use(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    first = AntennaDialog(db)
    qtbot.addWidget(first)
    type_text(first.form.code, "grenoble")
    type_text(first.form.name, "Grenoble Isère")
    first.save()
    assert first.result() == AntennaDialog.DialogCode.Accepted
    assert [(a.code, a.name) for a in antennas.list_antennas(db)] == [
        ("GRENOBLE", "Grenoble Isère")
    ]

    second = AntennaDialog(db)
    qtbot.addWidget(second)
    type_text(second.form.code, "GRENOBLE")
    second.save()
    assert "déjà le code « GRENOBLE »" in second.problems.text()
    assert len(antennas.list_antennas(db)) == 1


def test_association_needs_a_name_and_keeps_what_is_typed(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = AssociationDialog(db)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "nom de l'association" in dialog.problems.text()
    type_text(dialog.form.edits["name"], "Entraide Addictions Rhône")
    type_text(dialog.form.edits["rna"], "W691234567")
    dialog.save()
    saved = antennas.load_association(db)
    assert (saved.name, saved.rna) == ("Entraide Addictions Rhône", "W691234567")
    reopened = AssociationDialog(db)
    qtbot.addWidget(reopened)
    assert reopened.form.edits["name"].text() == "Entraide Addictions Rhône"
