"""Cells written to CSV files people open in a spreadsheet (kept free of pandas: the chat's "CSV" answers use it)."""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str | None) -> str:
    """A text cell a spreadsheet shows as text: one starting like a formula gets a leading ' (OWASP's advice
    against CSV injection). The import takes that quote off again."""
    if cell is None:
        return ""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell
