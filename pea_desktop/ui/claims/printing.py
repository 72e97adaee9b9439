"""Producing claim PDFs from the window: "save as PDF" and "print", always off the GUI thread.

Printing opens the PDF in the system's viewer, from which the user prints it: the application
needs no printer driver of its own, and what is printed is exactly the PDF that is kept.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from pea_desktop.domain.errors import BadInputError
from pea_desktop.ui.common import settings
from pea_desktop.ui.common.tasks import BackgroundTask, Progress, run_in_background

PdfWork = Callable[[Path, Progress], Any]


def ask_pdf_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """The file the user chooses, ".pdf" added when missing; None when cancelled."""
    name, _ = QFileDialog.getSaveFileName(
        parent,
        title,
        str(Path(settings.last_folder("print")) / suggested),
        parent.tr("Documents PDF (*.pdf)"),
    )
    if not name:
        return None
    settings.remember_folder("print", name)  # the next PDF is offered in the same folder
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def show_failure(parent: QWidget, title: str, error: Exception) -> None:
    if isinstance(error, BadInputError):
        QMessageBox.warning(parent, title, str(error))
    else:
        QMessageBox.critical(
            parent, title, parent.tr("Le PDF n'a pas pu être produit : ") + str(error)
        )


def produce_pdf(
    parent: QWidget,
    label: str,
    target: Path,
    work: PdfWork,
    on_done: Callable[[Path], None],
) -> BackgroundTask:
    """Run ``work(target, progress)`` in the background, then ``on_done(target)``."""
    return run_in_background(
        parent,
        label,
        lambda progress: work(target, progress),
        lambda _result: on_done(target),
        lambda error: show_failure(parent, label, error),
    )


def save_pdf(parent: QWidget, title: str, suggested: str, work: PdfWork) -> BackgroundTask | None:
    """Ask where to save, then write the PDF in the background and say where it went."""
    target = ask_pdf_path(parent, title, suggested)
    if target is None:
        return None

    def done(path: Path) -> None:
        QMessageBox.information(parent, title, parent.tr("PDF enregistré : ") + str(path))

    return produce_pdf(parent, title, target, work, done)


def print_pdf(parent: QWidget, title: str, name: str, work: PdfWork) -> BackgroundTask:
    """Write the PDF to a temporary folder and open it in the viewer, to print it from there."""
    target = Path(tempfile.mkdtemp(prefix="pea-impression-")) / name

    def done(path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.information(
                parent, title, parent.tr("Ouvrez ce PDF pour l'imprimer : ") + str(path)
            )

    return produce_pdf(parent, title, target, work, done)
