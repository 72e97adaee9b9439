"""The user guide inside the application (F1) and the About dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QLabel

from pea_desktop import __version__, paths
from pea_desktop.ui.help.about_dialog import AboutDialog
from pea_desktop.ui.help.guide import GuideWindow, slug
from pea_desktop.ui.main_window import MainWindow

SECTIONS = [
    "Premiers pas",
    "Noter une activité",
    "Préparer les notes de frais du mois",
    "Le reçu fiscal (abandon de frais)",
    "L'export annuel pour la fédération",
    "Sauvegardes et restauration",
    "Changer d'ordinateur",
]


def test_f1_opens_the_french_guide_inside_the_application(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(GuideWindow)
    assert guide is not None and guide.isVisible()
    headings = guide.headings()
    for section in SECTIONS:
        assert section in headings
    assert "Guide d'utilisation" in [a.text().replace("&", "") for a in window.help_menu.actions()]


def test_guide_links_jump_to_their_section(qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.show()
    for section in SECTIONS:  # every entry of the table of contents finds its heading
        assert guide.show_section(slug(section)), section
    guide.follow(QUrl("#le-recu-fiscal-abandon-de-frais"))
    assert guide.current_section() == "Le reçu fiscal (abandon de frais)"
    guide.search.setText("makensis")
    guide.find_next()
    assert guide.not_found.text() == "Introuvable"
    guide.search.setText("barème kilométrique")
    guide.find_next()
    assert guide.not_found.text() == ""


def test_about_shows_version_licence_and_folders(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog(db.path)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert __version__ in texts
    assert "GPL-3.0-or-later" in texts
    assert str(db.path) in texts
    assert str(paths.backup_dir_for(db.path)) in texts
    assert str(paths.log_dir()) in texts
    assert str(paths.data_dir()) in texts
