"""Amounts as people read them: Babel's currency format in a locale ("€20,000.00", "₹5,00,000.00" in en_IN)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.core import UnknownLocaleError
from babel.numbers import UnknownCurrencyError, format_currency

from crm_core import i18n
from crm_core.settings import get_settings


def money(amount: object, currency: str | None = None, locale: str | None = None) -> str:
    """ `money(20000, "EUR")` -> "€20,000.00"; the deal currency defaults to CRM_CURRENCY, the locale to CRM_LOCALE."""
    settings = get_settings()
    code = (currency or settings.currency).upper()
    try:
        number = Decimal(str(amount if amount is not None else 0))
    except InvalidOperation:
        return f"{amount} {code}"
    try:
        return format_currency(number, code, locale=locale or i18n.format_locale() or settings.locale)
    except (UnknownLocaleError, UnknownCurrencyError, ValueError):
        return f"{code} {number:,.2f}"
