from pea_desktop.services import association
from pea_desktop.services.organisation import antennas
from pea_desktop.ui.organisation.settings_dialogs import AntennaDialog, AssociationDialog
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
    saved = association.load_association(db)
    assert (saved.name, saved.rna) == ("Entraide Addictions Rhône", "W691234567")
    reopened = AssociationDialog(db)
    qtbot.addWidget(reopened)
    assert reopened.form.edits["name"].text() == "Entraide Addictions Rhône"


def test_an_antenna_can_be_corrected(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    lyon = antennas.create_antenna(db, "LYO", "Lion", "69")
    antennas.create_antenna(db, "GRE", "Grenoble", "38")
    dialog = AntennaDialog(db, antenna=lyon)
    qtbot.addWidget(dialog)
    assert dialog.form.name.text() == "Lion"
    dialog.form.code.setText("GRE")
    dialog.save()
    assert "déjà le code « GRE »" in dialog.problems.text()
    dialog.form.code.setText("lyon")
    dialog.form.name.setText("Lyon Métropole")
    dialog.form.department.setText("6")
    dialog.save()
    assert "n'est pas un numéro de département" in dialog.problems.text()
    dialog.form.department.setText("69")
    dialog.save()
    assert dialog.result() == AntennaDialog.DialogCode.Accepted
    changed = {a.id: (a.code, a.name, a.department) for a in antennas.list_antennas(db)}
    assert changed[lyon.id] == ("LYON", "Lyon Métropole", "69")
