"""The workflow buttons' dialogs: confirmation, refusal reason, payment details, tax receipts."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from pea_desktop.domain.claims import ClaimAction, ClaimStatus, PaymentMethod
from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.formatting import format_euros
from pea_desktop.services.claims import receipts
from pea_desktop.services.claims import workflow as claims
from pea_desktop.services.claims.views import ClaimDetail
from pea_desktop.services.database import Database
from pea_desktop.ui.common.widgets import DateEdit, EnumCombo

QUESTIONS = {
    ClaimAction.SUBMIT: "Soumettre la note {number} à la coordination ? Elle ne sera plus "
    "modifiable sauf si elle est remise en brouillon.",
    ClaimAction.WITHDRAW: "Remettre la note {number} en brouillon pour la modifier ?",
    ClaimAction.APPROVE: "Approuver la note {number} ({total}) ? Ses montants seront figés et elle "
    "sera verrouillée.",
    ClaimAction.REOPEN: "Rouvrir la note refusée {number} en brouillon ?",
    ClaimAction.WAIVE: "Constater l'abandon de frais de la note {number} ({total}) ? Un reçu "
    "fiscal numéroté sera émis et ne pourra plus être modifié.",
}


class PaymentDialog(QDialog):
    """Date, method and reference of a reimbursement."""

    def __init__(self, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Paiement de la note {0}").format(number))
        self.setMinimumWidth(420)
        self.paid_on = DateEdit()
        self.method = EnumCombo(PaymentMethod)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("n° de chèque ou référence du virement"))
        form = QFormLayout(self)
        form.addRow(self.tr("Payée le"), self.paid_on)
        form.addRow(self.tr("Mode de paiement"), self.method)
        form.addRow(self.tr("Référence"), self.reference)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Enregistrer le paiement")
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def payment(self) -> claims.Payment:
        method = self.method.chosen()
        return claims.Payment(self.paid_on.value(), method, self.reference.text())


def _ask_reason(parent: QWidget, title: str, label: str) -> str:
    """The reason typed, or "" when the user cancels."""
    text, ok = QInputDialog.getMultiLineText(parent, title, label)
    return text.strip() if ok else ""


def run_action(parent: QWidget, db: Database, claim: ClaimDetail, action: ClaimAction) -> bool:
    """Ask what the action needs, confirm, apply; True when the claim changed."""
    title = action.label
    reason: str = ""
    payment: claims.Payment | None = None
    if action is ClaimAction.REFUSE:
        reason = _ask_reason(parent, title, parent.tr("Motif du refus (il sera communiqué) :"))
        if not reason:
            return False
    elif action is ClaimAction.PAY:
        dialog = PaymentDialog(claim.number, parent)
        if not dialog.exec():
            return False
        payment = dialog.payment()
    else:
        question = parent.tr(QUESTIONS[action]).format(
            number=claim.number, total=format_euros(claim.total)
        )
        if claim.flag_reason and action is ClaimAction.APPROVE:
            question += "\n\n" + parent.tr("Attention : ") + claim.flag_reason
        answer = QMessageBox.question(parent, title, question)
        if answer != QMessageBox.StandardButton.Yes:
            return False
    try:
        if action is ClaimAction.APPROVE and claim.status is ClaimStatus.DRAFT:
            # Direct approval (the antenna's setting): submitted then approved, both recorded.
            claims.approve_claims(db, [claim.id], today=date.today())
        else:
            claims.apply_action(
                db, claim.id, action, reason=reason, payment=payment, today=date.today()
            )
    except BadInputError as error:
        QMessageBox.warning(parent, title, str(error))
        return False
    return True


def reissue_receipt(parent: QWidget, db: Database, claim: ClaimDetail) -> bool:
    """Cancel the claim's tax receipt and issue its replacement (a reason is required)."""
    if claim.tax_receipt_id is None:
        return False
    title = parent.tr("Annuler et réémettre le reçu {0}").format(claim.tax_receipt_number)
    reason = _ask_reason(
        parent,
        title,
        parent.tr("Pourquoi ce reçu est-il annulé ? Le reçu annulé reste dans la liste annuelle."),
    )
    if not reason:
        return False
    try:
        number = receipts.reissue_tax_receipt(db, claim.tax_receipt_id, reason)
    except BadInputError as error:
        QMessageBox.warning(parent, title, str(error))
        return False
    QMessageBox.information(parent, title, parent.tr("Nouveau reçu émis : ") + number)
    return True
