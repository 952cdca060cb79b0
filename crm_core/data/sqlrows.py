"""Plain-SQL bulk inserts need what peewee would add itself: the Python-side defaults of the other fields."""
from __future__ import annotations

from peewee import Model


def default_columns(model: type[Model], given: tuple[str, ...]) -> dict[str, object]:
    """Column -> database value of the default of every field that has one and is not among `given`."""
    values: dict[str, object] = {}
    for field in model._meta.sorted_fields:
        if field.column_name in given or field.default is None:
            continue
        default = field.default() if callable(field.default) else field.default
        values[field.column_name] = field.db_value(default)
    return values
