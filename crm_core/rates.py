"""Exchange rates for reports that add money up: the latest rate on or before a day, per currency, to the base
currency (CRM_CURRENCY). An amount in a currency without a rate stays in its currency: it is shown apart, never
summed raw with the others.

    to_base = Converter(date(2026, 11, 30))
    to_base("EUR", Decimal("20000"))  # -> ("USD", Decimal("21600.00")) with 1 EUR = 1.08 USD
    to_base("THB", Decimal("5"))      # -> ("THB", Decimal("5")): no rate, kept apart
    to_base.note()                    # -> "converted to USD at rates of 2026-11-30"
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from peewee import fn

from crm_core.i18n import _
from crm_core.models import ExchangeRate
from crm_core.settings import get_settings

CENT = Decimal("0.01")


def latest_rates(on: date, base: str | None = None) -> dict[str, tuple[Decimal, date]]:
    """Each currency's latest rate to `base` on or before `on`, with its day."""
    base = base or get_settings().currency
    newest = (ExchangeRate.select(ExchangeRate.currency, fn.MAX(ExchangeRate.day).alias("day"))
              .where((ExchangeRate.base == base) & (ExchangeRate.day <= on)).group_by(ExchangeRate.currency))
    rows = (ExchangeRate.select(ExchangeRate.currency, ExchangeRate.rate, ExchangeRate.day)
            .join(newest, on=((ExchangeRate.currency == newest.c.currency) & (ExchangeRate.day == newest.c.day)))
            .where(ExchangeRate.base == base))
    return {currency: (Decimal(str(rate)), day) for currency, rate, day in rows.tuples()}


class Converter:
    """Amounts to the base currency at the rates of one day (read once, on first use); remembers which rates it
    used so the report can say their dates."""

    def __init__(self, on: date, base: str | None = None) -> None:
        self.on, self.base = on, (base or get_settings().currency)
        self._rates: dict[str, tuple[Decimal, date]] | None = None
        self.used: dict[str, date] = {}

    def __call__(self, currency: str | None, amount: object) -> tuple[str, Decimal]:
        """(base, amount in base) when `currency` has a rate; else (currency, amount) as it was."""
        code = currency or self.base
        value = Decimal(str(amount if amount is not None else 0))
        if code == self.base:
            return code, value
        if self._rates is None:
            self._rates = latest_rates(self.on, self.base)
        if code not in self._rates:
            return code, value
        rate, day = self._rates[code]
        self.used[code] = day
        return self.base, (value * rate).quantize(CENT)

    def note(self) -> str | None:
        """ "converted to USD at rates of 2026-11-30" (each day said once), or None when nothing was converted."""
        if not self.used:
            return None
        days = sorted({day for day in self.used.values()}, reverse=True)
        return _("converted to {base} at rates of {days}").format(
            base=self.base, days=", ".join(day.isoformat() for day in days))
