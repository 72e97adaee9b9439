"""Expense claims: lines, mileage valuation, workflow, receipts, tax receipts, documents."""
