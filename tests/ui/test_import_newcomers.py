"""The import preview shows what it will create, flags look-alikes and maps them (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pea_desktop.domain.lookalike import look_alike_reason
from pea_desktop.services.importing.newcomers import find_newcomers
from pea_desktop.store.database import Database
from pea_desktop.store.models import Antenna, Volunteer
from pea_desktop.ui.context import AppContext
from pea_desktop.ui.importing.dialog import ImportDialog
from tests import factories


@pytest.mark.parametrize(
    ("new", "known", "why"),
    [
        ("Benoit Gautier", "Benoît Gautier", "accents"),
        ("benoît gautier", "Benoît Gautier", "majuscules"),
        ("Gautier Benoît", "Benoît Gautier", "autre ordre"),
        ("Benoît Gauthier", "Benoît Gautier", "une lettre"),
        ("PARI", "PARIS", "une lettre"),
    ],
)
def test_look_alikes(new: str, known: str, why: str) -> None:
    reason = look_alike_reason(new, known)
    assert reason is not None and why in reason
    assert look_alike_reason("Ana Lopez", "Benoît Gautier") is None


def people_file(tmp_path: Path) -> Path:
    path = tmp_path / "benevoles.csv"
    path.write_text(
        "prenom;nom;antenne\nBenoît;Gauthier;PARIS\nZoé;Nouvelle;PARIS\nAna;Lopez;PARI\n",
        encoding="utf-8",
    )
    return path


def test_newcomers_are_listed_apart_with_their_look_alikes(db: Database, tmp_path: Path) -> None:
    paris = factories.antenna(db, "PARIS", "Paris")
    factories.volunteer(db, paris.id, "Benoît", "Gautier")
    found = find_newcomers(db, people_file(tmp_path), "volunteers")
    assert [(n.name, n.look_alike) for n in found.antennas] == [("PARI", "PARIS")]
    volunteers = {n.name: n.look_alike for n in found.volunteers}
    assert volunteers == {
        "Benoît Gauthier": "Benoît Gautier",
        "Zoé Nouvelle": "",
        "Ana Lopez": "",
    }


def test_the_preview_maps_look_alikes_to_the_known_names(
    qtbot: QtBot, context: AppContext, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paris = factories.antenna(db, "PARIS", "Paris")
    factories.volunteer(db, paris.id, "Benoît", "Gautier")
    dialog = ImportDialog(context, "volunteers")
    qtbot.addWidget(dialog)
    dialog.show()
    path = people_file(tmp_path)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=10_000)
    assert "Aucune erreur trouvée" in dialog.status.text()
    assert "créera 1 antenne(s) et 3 bénévole(s)" in dialog.status.text()
    assert "2 nom(s) ressemblent" in dialog.status.text()
    assert dialog.created.isVisible() and dialog.created.rowCount() == 4
    combos = [dialog.created.cellWidget(r, 4) for r in range(4)]
    assert sum(isinstance(c, QComboBox) for c in combos) == 2  # a choice for each look-alike

    with qtbot.waitSignal(context.data_changed, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    with db.session() as session:
        codes = sorted(session.scalars(select(Antenna.code)))
        names = sorted(v.full_name for v in session.scalars(select(Volunteer)))
    assert codes == ["PARIS"]  # "PARI" was taken for PARIS, as chosen
    assert names == ["Ana Lopez", "Benoît Gautier", "Zoé Nouvelle"]  # no second Benoît


def test_the_preview_offers_a_template(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ImportDialog(context, "volunteers")
    qtbot.addWidget(dialog)
    target = tmp_path / "modele.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    dialog.template_button.click()
    header = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("prenom;nom;antenne")
