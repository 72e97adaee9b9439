"""Fichier › « Se connecter à un serveur… »: the address of a base on a PostgreSQL server.

Server, port, base and user - or an address ``postgresql://…`` pasted whole - and the password,
masked, used for this run only (nothing offers to save it: ``~/.pgpass`` is the place for a
remembered password, and the help says so). Connecting runs off the GUI thread, the dialog
showing that it works; a failure is said in French under the fields, which stay as typed.
"""

from __future__ import annotations

import getpass
from typing import Any
from urllib.parse import quote

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.database import Database, ServerAddress, open_database, parse_location
from pea_desktop.services.database_errors import DatabaseOpenError, ServerPasswordError
from pea_desktop.ui.bases.connecting import ERROR_STYLE, PGPASS_HELP, Relay, in_thread

DEFAULT_HOST = "localhost"
DEFAULT_PORT = 5432
DEFAULT_BASE = "pea"
ADDRESS_HINT = "postgresql://utilisateur@serveur:5432/base"


def address_text(host: str, port: int, base: str, user: str) -> str:
    """The ``postgresql://`` text of the fields (a host starting with / is a socket folder)."""
    who = f"{quote(user, safe='')}@" if user else ""
    name = quote(base, safe="")
    if host.startswith("/"):
        return f"{'postgresql://'}{who}/{name}?host={quote(host, safe='')}&port={port}"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"postgresql://{who}{host}:{port}/{name}"


class ServerDialog(QDialog):
    """Asks where the server base is, connects, and keeps the opened base in ``database``.

    The caller takes ``database`` (and closes it when done) once the dialog is accepted.
    """

    def __init__(
        self, parent: QWidget | None = None, *, suggested: ServerAddress | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Se connecter à un serveur")
        self.database: Database | None = None
        self.address: ServerAddress | None = None
        self._relay: Relay | None = None
        self._syncing = False
        self._cancelled = False

        intro = QLabel(
            "Une base partagée sur un serveur PostgreSQL : plusieurs coordinateurs y "
            "travaillent en même temps. L'administrateur du serveur vous donne son adresse, "
            "le nom de la base et votre utilisateur."
        )
        intro.setWordWrap(True)
        self.host = QLineEdit(DEFAULT_HOST)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setGroupSeparatorShown(False)
        self.port.setMaximumWidth(self.port.fontMetrics().horizontalAdvance("0" * 8) + 40)
        self.base = QLineEdit(DEFAULT_BASE)
        self.user = QLineEdit(getpass.getuser())
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("si le serveur en demande un")
        self.address_field = QLineEdit()
        self.address_field.setPlaceholderText(ADDRESS_HINT)
        self.address_field.setToolTip(
            "L'adresse de la base, à coller telle que l'administrateur l'a donnée ; "
            "les champs ci-dessus suivent. Sans mot de passe."
        )
        for name, field in (
            ("host", self.host),
            ("port", self.port),
            ("base", self.base),
            ("user", self.user),
            ("password", self.password),
            ("address", self.address_field),
        ):
            field.setObjectName(name)

        form = QFormLayout()
        form.addRow("&Serveur :", self.host)
        form.addRow("&Port :", self.port)
        form.addRow("&Base :", self.base)
        form.addRow("&Utilisateur :", self.user)
        form.addRow("&Mot de passe :", self.password)
        form.addRow("ou &adresse :", self.address_field)

        help_text = QLabel(PGPASS_HELP)
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: palette(placeholder-text)")
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no end known: it moves while connecting
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.hide()
        self.busy_label = QLabel()
        self.busy_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText("Se &connecter")
        self.buttons.accepted.connect(self.start_connecting)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(help_text)
        layout.addWidget(self.problem)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy)
        layout.addStretch()
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        for field in (self.host, self.base, self.user):
            field.textEdited.connect(self._fields_changed)
        self.port.valueChanged.connect(self._fields_changed)
        self.address_field.textEdited.connect(self._address_changed)
        if suggested is not None:
            self._fill(suggested)
        self._fields_changed()
        # The first field still to fill in: the password when the rest is already known.
        (self.password if suggested is not None else self.host).setFocus()

    # --- the address and the fields follow each other ----------------------------------------
    def _fill(self, address: ServerAddress) -> None:
        self._syncing = True
        try:
            self.host.setText(address.host)
            self.port.setValue(address.port)
            self.base.setText(address.database)
            self.user.setText(address.user)
            self.address_field.setText(address.as_text())
            self.address_field.setCursorPosition(0)  # the start shows: postgresql://…
        finally:
            self._syncing = False

    def _fields_changed(self) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self.address_field.setText(
                address_text(
                    self.host.text().strip(),
                    self.port.value(),
                    self.base.text().strip(),
                    self.user.text().strip(),
                )
            )
            self.address_field.setCursorPosition(0)
        finally:
            self._syncing = False
        self._say("")

    def _address_changed(self, text: str) -> None:
        if self._syncing or not text.strip():
            return
        try:
            address = self._parse(text)
        except BadInputError as error:
            self._say(error.message)
            return
        self._say("")
        self._syncing = True
        try:
            self.host.setText(address.host)
            self.port.setValue(address.port)
            self.base.setText(address.database)
            self.user.setText(address.user)
        finally:
            self._syncing = False

    @staticmethod
    def _parse(text: str) -> ServerAddress:
        location = parse_location(text.strip())
        if not isinstance(location, ServerAddress):
            raise BadInputError(f"« {text} » n'est pas une adresse de serveur ({ADDRESS_HINT}).")
        return location

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    # --- connecting ------------------------------------------------------------------------
    def start_connecting(self) -> None:
        """Check the fields, then connect in a thread (the dialog says it is working)."""
        for field, what in ((self.host, "le serveur"), (self.base, "la base")):
            if not field.text().strip():
                self._say(f"Indiquez {what}.")
                field.setFocus()
                return
        try:
            address = self._parse(self.address_field.text())
        except BadInputError as error:
            self._say(error.message)
            self.address_field.setFocus()
            return
        password = self.password.text() or None
        self.address = address
        self._set_busy(f"Connexion à {address.label}…")
        self._relay = in_thread(lambda: open_database(address, password=password), self._connected)

    def _set_busy(self, text: str) -> None:
        working = bool(text)
        self._say("")
        self.busy_label.setText(text)
        self.busy_label.setVisible(working)
        self.busy.setVisible(working)
        for widget in (self.host, self.port, self.base, self.user, self.password):
            widget.setEnabled(not working)
        self.address_field.setEnabled(not working)
        self.connect_button.setEnabled(not working)
        if working:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()

    @property
    def connecting(self) -> bool:
        return self._relay is not None

    def _connected(self, outcome: tuple[bool, Any]) -> None:
        self._relay = None
        succeeded, value = outcome
        if self._cancelled:  # cancelled meanwhile: the base is not wanted
            if succeeded:
                value.close()
            return
        self._set_busy("")
        if succeeded:
            self.database = value
            self.password.clear()  # kept in memory for this run by the store, not here
            self.accept()
            return
        if not isinstance(value, DatabaseOpenError):
            raise value  # a bug: the crash dialog reports it
        self._say(value.message)
        if isinstance(value, ServerPasswordError):
            self.password.selectAll()
            self.password.setFocus()
        else:
            self.host.setFocus()

    def reject(self) -> None:
        if self._relay is not None:  # the connection ends by itself (timeout); then closed
            self._cancelled = True
            QApplication.restoreOverrideCursor()
        super().reject()
        self.password.clear()
