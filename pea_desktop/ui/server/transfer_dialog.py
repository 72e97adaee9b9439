"""Fichier › Serveur › « Importer une base locale… » and « Copier vers un fichier local… ».

One small dialog for both directions: what to copy, a progress bar while the copy runs in a
worker thread (the window stays drawn), then the report in the dialog. A refused copy changes
nothing and says why in the same place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.database import Database, file_is_encrypted
from pea_desktop.services.database_errors import DatabaseOpenError
from pea_desktop.services.organisation.antennas import list_antennas
from pea_desktop.services.server.transfer import TransferReport, export_base, import_base

log = logging.getLogger(__name__)
IMPORT, EXPORT = "import", "export"
BASE_FILTER = "Base PEA Desktop (*.sqlite3 *.db);;Tous les fichiers (*)"
SUFFIX = ".sqlite3"


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Callable[[int, int, str], None]], TransferReport]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit)
        except Exception as exc:  # told in the dialog
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class TransferDialog(QDialog):
    """``mode`` IMPORT: a laptop's base into the open server base; EXPORT: antennas of the
    open base into a new SQLite file."""

    finished_copy = Signal(bool)  # True when the copy went through (tests, the window)

    def __init__(self, db: Database, mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.mode = db, mode
        self.thread_: QThread | None = None
        self.worker: _Worker | None = None
        self.report: TransferReport | None = None
        importing = mode == IMPORT
        self.setWindowTitle(
            "Importer une base locale sur le serveur"
            if importing
            else "Copier vers un fichier local"
        )
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Copie une base locale (le fichier d'un ordinateur) dans la base du serveur "
            f"{db.label}. Tout ou rien : en cas de problème, rien n'est écrit. Relancer l'import "
            "après des changements sur l'ordinateur met à jour sans créer de doublons."
            if importing
            else f"Copie des antennes de {db.label} dans un nouveau fichier, avec les réglages "
            "de l'association : pour travailler hors ligne, ou pour une antenne qui quitte le "
            "serveur. Un fichier existant n'est jamais remplacé."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.antennas = QListWidget()
        if not importing:
            label = QLabel("&Antennes à copier :")
            label.setBuddy(self.antennas)
            layout.addWidget(label)
            for antenna in list_antennas(db):
                item = QListWidgetItem(antenna.display_name)
                item.setData(Qt.ItemDataRole.UserRole, antenna.code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.antennas.addItem(item)
            self.antennas.itemChanged.connect(self._update_buttons)
            layout.addWidget(self.antennas)

        file_label = QLabel("&Fichier de la base locale :" if importing else "&Nouveau fichier :")
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("Choisissez un fichier…")
        file_label.setBuddy(self.file_edit)
        self.browse = QPushButton("&Parcourir…")
        self.browse.setAutoDefault(False)  # Entrée in the file name starts the copy
        self.browse.clicked.connect(self._choose_file)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.browse)
        layout.addWidget(file_label)
        layout.addLayout(row)
        self.file_edit.textChanged.connect(self._update_buttons)

        self.replace_association = QCheckBox(
            "&Remplacer les paramètres de l'association du serveur par ceux du fichier"
        )
        self.replace_association.setVisible(importing)
        layout.addWidget(self.replace_association)

        self.step = QLabel("")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        layout.addWidget(self.step)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setVisible(False)
        self.output.setMinimumHeight(140)
        layout.addWidget(self.output, 1)

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(
            "&Importer" if importing else "&Copier", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(
            "&Fermer", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setAutoDefault(False)
        self.start_button.setDefault(True)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, 420 if importing else 520)
        self._update_buttons()

    # --- inputs --------------------------------------------------------------------------------
    def chosen_codes(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.antennas.item(i) for i in range(self.antennas.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def chosen_file(self) -> Path | None:
        text = self.file_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.name:
            return None  # a folder, not a file yet (typing "/")
        if self.mode == EXPORT and not path.suffix:
            path = path.with_name(path.name + SUFFIX)
        return path

    def _choose_file(self) -> None:
        if self.mode == IMPORT:
            name, _ = QFileDialog.getOpenFileName(self, "Base locale à importer", "", BASE_FILTER)
        else:
            name, _ = QFileDialog.getSaveFileName(
                self, "Nouveau fichier", "pea-hors-ligne.sqlite3", BASE_FILTER
            )
        if name:
            self.file_edit.setText(name)

    def _update_buttons(self) -> None:
        ready = self.chosen_file() is not None and (
            self.mode == IMPORT or bool(self.chosen_codes())
        )
        self.start_button.setEnabled(ready and self.thread_ is None)

    @property
    def running(self) -> bool:
        return self.thread_ is not None

    # --- the copy ------------------------------------------------------------------------------
    def start(self) -> None:
        path = self.chosen_file()
        if path is None or self.running:
            return
        if self.mode == IMPORT:
            passphrase: str | None = None
            if path.is_file() and file_is_encrypted(path):
                passphrase, ok = QInputDialog.getText(
                    self,
                    "Base chiffrée",
                    f"Phrase secrète de {path.name} :",
                    QLineEdit.EchoMode.Password,
                )
                if not ok:
                    return
            replace = self.replace_association.isChecked()

            def work(progress: Callable[[int, int, str], None]) -> TransferReport:
                return import_base(
                    self.db,
                    path,
                    passphrase=passphrase,
                    replace_association=replace,
                    progress=progress,
                )
        else:
            codes = self.chosen_codes()

            def work(progress: Callable[[int, int, str], None]) -> TransferReport:
                return export_base(self.db, codes, path, progress=progress)

        self._run(work)

    def _run(self, work: Callable[[Callable[[int, int, str], None]], TransferReport]) -> None:
        for widget in (self.antennas, self.file_edit, self.browse, self.replace_association):
            widget.setEnabled(False)
        self.start_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.output.setVisible(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.step.setText("Préparation…")
        self.thread_ = QThread(self)
        self.worker = _Worker(work)
        self.worker.moveToThread(self.thread_)
        self.thread_.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progressed)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.thread_.start()

    def _progressed(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.step.setText(f"Copie : {what}…")

    def _stop(self) -> None:
        if self.thread_ is not None:
            self.thread_.quit()
            self.thread_.wait()
            self.thread_.deleteLater()
        self.thread_, self.worker = None, None
        self.close_button.setEnabled(True)
        self.output.setVisible(True)
        # Another run stays possible: an import again after changes, a copy under another name.
        for widget in (self.antennas, self.file_edit, self.browse, self.replace_association):
            widget.setEnabled(True)
        self._update_buttons()

    def _succeeded(self, report: Any) -> None:
        self._stop()
        self.report = report
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        done = "Import terminé." if self.mode == IMPORT else "Copie terminée."
        self.step.setText(done)
        self.output.setPlainText("\n".join(report.lines()))
        self.close_button.setFocus()
        self.finished_copy.emit(True)

    def _failed(self, error: Any) -> None:
        self._stop()
        if isinstance(error, BadInputError):
            reason = str(error)
        elif isinstance(error, DatabaseOpenError):
            reason = error.message
        else:
            log.exception("server transfer failed", exc_info=error)
            reason = f"Erreur inattendue : {error}. Rien n'a été copié."
        self.progress.setVisible(False)
        self.step.setText("Copie refusée : rien n'a été écrit.")
        self.output.setPlainText(reason)
        self.finished_copy.emit(False)

    # --- never closed while the copy runs ------------------------------------------------------
    def reject(self) -> None:
        if not self.running:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            event.ignore()
        else:
            super().closeEvent(event)
