"""The widget of each optional activity field, made from its description (activity_fields)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from pea_desktop.domain.activity_fields import ActivityField, ValueKind
from pea_desktop.domain.limits import ACTIVITY_TEXTS
from pea_desktop.services.database import Database
from pea_desktop.services.organisation import partners
from pea_desktop.ui.common.widgets import EnumCombo, OptionalIntSpin

# The attribute under which the dialog keeps a field's widget (``dialog.partner``...).
WIDGET_NAMES = {"partner_id": "partner"}


def make_widget(spec: ActivityField, db: Database) -> QWidget:
    if spec.value is ValueKind.TEXT:
        edit = QLineEdit()
        edit.setPlaceholderText(spec.placeholder)
        if spec.name in ACTIVITY_TEXTS:
            edit.setMaxLength(ACTIVITY_TEXTS[spec.name][1])
        return edit
    if spec.value is ValueKind.COUNT:
        return OptionalIntSpin()
    if spec.value is ValueKind.CHOICE:
        assert spec.choices is not None
        return EnumCombo(spec.choices, empty_label=spec.empty_label)
    if spec.value is ValueKind.PARTNER:
        combo = QComboBox()
        combo.addItem("— aucune —", None)
        for partner in partners.list_partners(db):
            combo.addItem(
                f"{partner.name} ({partner.town})" if partner.town else partner.name, partner.id
            )
        return combo
    raise ValueError(f"no widget for a field of kind {spec.value!r}")


def widget_value(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, OptionalIntSpin):
        return widget.int_value()
    if isinstance(widget, EnumCombo):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    raise TypeError(f"unexpected field widget {type(widget).__name__}")


def set_widget_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText(value or "")
    elif isinstance(widget, OptionalIntSpin):
        widget.set_int_value(value)
    elif isinstance(widget, EnumCombo):
        widget.set_value(value)
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(widget.findData(value), 0))
    else:
        raise TypeError(f"unexpected field widget {type(widget).__name__}")


def changed_signal(widget: QWidget) -> SignalInstance:
    if isinstance(widget, QLineEdit):
        return widget.textChanged
    if isinstance(widget, OptionalIntSpin):
        return widget.valueChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    raise TypeError(f"unexpected field widget {type(widget).__name__}")
