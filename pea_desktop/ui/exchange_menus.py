"""The menus for the exchange between laptops (issue 10: Fichier's join, send, receive,
conflicts; the *Bénévoles* menu) and, on a server base, Fichier › Serveur - with what they open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from pea_desktop.ui.base_menus import BaseMenusWindow

if TYPE_CHECKING:
    from pea_desktop.ui.context import AppContext


class ExchangeMenusWindow(BaseMenusWindow):
    """Built by :meth:`MainWindow.attach` on the open base (``context``)."""

    context: AppContext

    def reload_antennas(self) -> None:
        """The antenna selector, refreshed after a base brought new antennas (MainWindow)."""
        raise NotImplementedError

    def _build_server_transfer_menu(self) -> None:
        """Fichier › Serveur: moving a laptop's base onto the server, and antennas back out."""
        self.server_menu = QMenu("Ser&veur", self)
        self.file_menu.insertMenu(self.bases_end, self.server_menu)
        self._action(
            self.server_menu,
            "&Importer une base locale…",
            lambda: self.open_server_transfer("import"),
        )
        self._action(
            self.server_menu,
            "&Copier vers un fichier local…",
            lambda: self.open_server_transfer("export"),
        )

    def open_server_transfer(self, mode: str) -> None:
        from pea_desktop.ui.server.transfer_dialog import TransferDialog

        TransferDialog(self.context.db, mode, self).exec()
        if mode == "import":
            self.reload_antennas()

    def _build_exchange_menus(self) -> None:
        """The exchange between laptops (issue 10): Fichier's join, send, receive, conflicts,
        and the Bénévoles menu's invitation."""
        exchange = QMenu(self)
        self.join_action = self._action(exchange, "Rejoindre une &antenne…", self.join_antenna)
        self.send_action = self._action(exchange, "&Envoyer…", self.send_exchange)
        self.receive_action = self._action(exchange, "Re&cevoir…", self.receive_exchange)
        self.conflicts_action = self._action(exchange, "Con&flits à arbitrer…", self.open_conflicts)
        self.file_menu.insertSeparator(self.bases_end)
        for action in exchange.actions():
            self.file_menu.insertAction(self.bases_end, action)
        volunteers_menu = QMenu("&Bénévoles", self)
        self.menuBar().insertMenu(self.help_menu.menuAction(), volunteers_menu)
        self.invite_action = self._action(
            volunteers_menu, "&Inviter sur un autre ordinateur…", self.invite_volunteer
        )
        self.laptops_action = self._action(
            volunteers_menu, "&Ordinateurs des bénévoles…", self.open_laptops
        )
        self.file_menu.aboutToShow.connect(self._update_exchange_actions)
        volunteers_menu.aboutToShow.connect(self._update_exchange_actions)
        self._update_exchange_actions()

    def _update_exchange_actions(self) -> None:
        """A base that joined an antenna neither invites nor arbitrates; one that did not join
        cannot join twice once it exchanges as the coordinator's. A server base is always the
        coordination's side: a volunteer's laptop (which joins) is a file."""
        from pea_desktop.services.exchange import peers

        coordinator = peers.is_coordinator(self.context.db)
        self.join_action.setVisible(not self.context.db.on_server)
        self.invite_action.setEnabled(coordinator)
        self.conflicts_action.setEnabled(coordinator)
        self.laptops_action.setEnabled(coordinator)

    def invite_volunteer(self) -> None:
        from pea_desktop.ui.exchange.invite_dialog import InviteDialog

        InviteDialog(self.context.db, self, self.context.antenna_id).exec()

    def open_laptops(self) -> None:
        from pea_desktop.ui.exchange.laptops_dialog import LaptopsDialog

        LaptopsDialog(self.context.db, self).exec()

    def join_antenna(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from pea_desktop.ui.exchange.join_dialog import JoinDialog

        dialog = JoinDialog(self.context.db, self)
        if dialog.exec():
            self.reload_antennas()
            self.context.notify_changed()
            QMessageBox.information(self, "Rejoindre une antenne", dialog.summary())

    def send_exchange(self) -> None:
        from pea_desktop.ui.exchange.send_dialog import SendDialog

        dialog = SendDialog(self.context.db, self)
        if dialog.exec():
            self.statusBar().showMessage(dialog.summary(), 10000)

    def receive_exchange(self) -> None:
        from pea_desktop.ui.exchange.receive_dialog import ReceiveDialog

        dialog = ReceiveDialog(self.context.db, self)
        dialog.exec()
        if dialog.conflicts_wanted:
            self.open_conflicts()
        if dialog.received is not None:
            self.reload_antennas()
            self.context.notify_changed()

    def open_conflicts(self) -> None:
        from pea_desktop.ui.exchange.conflicts_dialog import ConflictsDialog

        dialog = ConflictsDialog(self.context.db, self)
        dialog.exec()
        if dialog.resolved:
            self.context.notify_changed()
