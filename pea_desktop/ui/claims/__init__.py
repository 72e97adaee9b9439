"""Expense claims: the list, the editor, the workflow dialogs, printing, scales."""
