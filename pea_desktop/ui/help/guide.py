"""The French user guide (resources/guide/guide-utilisation.md), read inside the application.

No browser is needed: a QTextBrowser shows the Markdown. Links to a section of the guide
(``#premiers-pas``) jump to its heading - Qt's Markdown reader gives headings no anchors, so the
heading is found by its text; other links open outside.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.paths import resource_path

GUIDE = "guide/guide-utilisation.md"


def slug(heading: str) -> str:
    """The anchor of a heading as Markdown writers make it: « L'export annuel » → lexport-annuel."""
    text = unicodedata.normalize("NFKD", heading.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"\s+", "-", text)


class GuideWindow(QDialog):
    """Non-modal: the guide stays open beside the window while the user follows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Guide d'utilisation — PEA Desktop")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.resize(760, 640)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow)
        self.browser.setMarkdown(resource_path(GUIDE).read_text(encoding="utf-8"))
        self.browser.document().setDocumentMargin(16)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Rechercher dans le guide…")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find_next)
        self.not_found = QLabel("")
        next_button = QPushButton("&Suivant")
        next_button.clicked.connect(self.find_next)
        top = QHBoxLayout()
        search_label = QLabel("&Rechercher :")
        search_label.setBuddy(self.search)
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(next_button)
        top.addWidget(self.not_found)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)

    def headings(self) -> list[str]:
        block, found = self.browser.document().begin(), []
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                found.append(block.text())
            block = block.next()
        return found

    def show_section(self, anchor: str) -> bool:
        """Scroll so that the heading whose anchor is ``anchor`` is at the top."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0 and slug(block.text()) == anchor:
                cursor = QTextCursor(block)
                self.browser.moveCursor(QTextCursor.MoveOperation.End)  # then back: at the top
                self.browser.setTextCursor(cursor)
                self.browser.ensureCursorVisible()
                return True
            block = block.next()
        return False

    def follow(self, url: QUrl) -> None:
        if url.scheme() in ("", "file") and url.hasFragment() and not url.path():
            self.show_section(url.fragment())
        else:
            QDesktopServices.openUrl(url)

    def find_next(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        found = self.browser.find(text)
        if not found:  # wrap around once
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            found = self.browser.find(text)
        self.not_found.setText("" if found else "Introuvable")

    def current_section(self) -> str:
        """The heading above the cursor (tests, and to tell where the reader is)."""
        block = self.browser.textCursor().block()
        while block.isValid() and block.blockFormat().headingLevel() == 0:
            block = block.previous()
        return block.text() if block.isValid() else ""
