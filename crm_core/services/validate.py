"""Checks on values from commands; each failure says what was wrong and what to say instead."""
from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel.numbers import list_currencies

from crm_core.errors import ValidationError
from crm_core.i18n import _, term

MAX_AMOUNT = Decimal("1000000000000")


def present(value: object, question: str, hint: str) -> None:
    """Refuse a command that lacks something it needs, asking for it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(question, hint=hint)


def choice(value: str | None, allowed: Sequence[str], what: str) -> str:
    cleaned = (value or "").strip().lower()
    if cleaned not in allowed:
        raise ValidationError(_("“{value}” is not a {what}.").format(value=value, what=term("field", what)),
                              hint=_("Use one of: {choices}.").format(choices=", ".join(allowed)))
    return cleaned


def amount(value: object) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise _not_an_amount(value) from None
    if not number.is_finite():
        raise _not_an_amount(value)
    if number < 0:
        raise ValidationError(_("The amount can't be negative ({value}).").format(value=value),
                              hint=_("Give the deal's value, e.g. 12k."))
    if number > MAX_AMOUNT:
        raise ValidationError(_("{value} is too large for an amount.").format(value=value),
                              hint=_("Check the number of zeros."))
    return number.quantize(Decimal("0.01"))


def _not_an_amount(value: object) -> ValidationError:
    return ValidationError(_("“{value}” is not an amount.").format(value=value),
                           hint=_("Give a number, e.g. 12000 or 12k."))


def iso_date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValidationError(_("“{value}” is not a date for the {what}.").format(value=value,
                                                                              what=term("field", what)),
                              hint=_("Use a date like 2026-12-03.")) from None


def iso_datetime(value: str, what: str) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(_("“{value}” is not a time for the {what}.").format(value=value,
                                                                              what=term("field", what)),
                              hint=_("Use a date like 2026-12-03 or a time like 2026-12-03T15:00.")) from None


def text(value: str | None, what: str, max_length: int, required: bool = True) -> str:
    cleaned = " ".join((value or "").split())
    if required and not cleaned:
        raise ValidationError(_("The {what} is empty.").format(what=term("field", what)),
                              hint=_("Say what the {what} is.").format(what=term("field", what)))
    if len(cleaned) > max_length:
        raise ValidationError(_("The {what} is too long ({length} characters, at most {most}).").format(
                                  what=term("field", what), length=len(cleaned), most=max_length),
                              hint=_("Shorten it; put details in a note."))
    return cleaned


def currency(value: str | None) -> str:
    """An ISO 4217 code Babel knows ("eur" -> "EUR"); "XYZ" and "EURO" are refused."""
    code = (value or "USD").strip().upper()
    if len(code) != 3 or not code.isalpha() or code not in list_currencies():
        raise ValidationError(_("“{value}” is not a currency code.").format(value=value),
                              hint=_("Use a code like USD, EUR or GBP."))
    return code


def positive_int(value: object, what: str, maximum: int) -> int:
    if isinstance(value, float) and math.isnan(value):
        value = None
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError(_("“{value}” is not a number for {what}.").format(value=value, what=term("field", what)),
                              hint=_("Use a whole number.")) from None
    if not 1 <= number <= maximum:
        raise ValidationError(_("The number for {what} must be between 1 and {most}.").format(
            what=term("field", what), most=maximum))
    return number
