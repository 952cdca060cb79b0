"""Exchange rates: an admin sets one in chat ("1 EUR = 1.08 USD"), `crm rates import FILE` loads many, anyone lists
the latest. Rates are to the base currency (CRM_CURRENCY); each write is audited and can be undone."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from crm_core import permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import SetRate, ShowRates
from crm_core.context import Context
from crm_core.errors import ValidationError
from crm_core.i18n import _
from crm_core.models import ExchangeRate
from crm_core.rates import latest_rates
from crm_core.results import RateSet, Table
from crm_core.services import validate
from crm_core.settings import get_settings

MAX_RATE = Decimal("1000000000")
REQUIRED_COLUMNS = ("date", "currency", "rate")


@dataclass(frozen=True)
class RateRow:
    day: date
    currency: str
    rate: Decimal


@dataclass
class RatesImport:
    written: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line number, why)


def set_rate(cmd: SetRate, ctx: Context) -> RateSet:
    permissions.require(ctx.user, "rate.set")
    base = get_settings().currency
    currency, rate = _to_base(validate.currency(cmd.currency), _rate(cmd.rate), (cmd.base or base).upper(), base)
    day = date.fromisoformat(cmd.day) if cmd.day else ctx.now.date()
    _write(RateRow(day, currency, rate), base, ctx, AuditTrail(ctx, "set_rate"), source="chat")
    return RateSet(message=_("1 {currency} = {rate} {base} from {day}.").format(
        currency=currency, rate=_plain(rate), base=base, day=day.isoformat()), currency=currency, rate=str(rate))


def show_rates(cmd: ShowRates, ctx: Context) -> Table:
    permissions.require(ctx.user, "report.view")
    base = get_settings().currency
    rates = latest_rates(ctx.now.date(), base)
    rows = tuple((currency, f"{_plain(rate)} {base}", day.isoformat())
                 for currency, (rate, day) in sorted(rates.items()))
    return Table("rates", _("Exchange rates to {base}").format(base=base), (_("Currency"), _("Rate"), _("Date")),
                 rows, empty=_("No exchange rates yet. An admin can say “1 EUR = 1.08 {base}”.").format(base=base))


def import_rates(path: str | Path, ctx: Context) -> RatesImport:
    """All rows or none: a file with a bad row writes nothing and says which rows are bad and why."""
    permissions.require(ctx.user, "rate.set")
    report, rows = RatesImport(), []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip().lower() for c in reader.fieldnames or ()]
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            raise ValidationError(_("{path}: missing column(s) {columns}.").format(path=path, columns=", ".join(missing)),
                                  hint=_("The columns are date, currency, rate (to the base currency)."))
        base = get_settings().currency
        for line, raw in enumerate(reader, start=2):
            try:
                rows.append(_row({k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}, base))
            except ValidationError as exc:
                report.bad.append((line, str(exc)))
    if report.bad:
        return report
    trail = AuditTrail(ctx, "import_rates")
    for row in rows:
        _write(row, base, ctx, trail, source="import")
    report.written = len(rows)
    return report


def _row(raw: dict[str, str], base: str) -> RateRow:
    try:
        day = date.fromisoformat(raw["date"])
    except ValueError:
        raise ValidationError(_("“{value}” is not a date (YYYY-MM-DD).").format(value=raw["date"])) from None
    currency = validate.currency(raw["currency"] or "?")
    if currency == base:
        raise ValidationError(_("{currency} is the base currency; its rate is 1.").format(currency=currency))
    return RateRow(day, currency, _rate(raw["rate"]))


def _write(row: RateRow, base: str, ctx: Context, trail: AuditTrail, source: str) -> None:
    """One rate a day per currency: a second one that day replaces the first (audited with both)."""
    existing = ExchangeRate.get_or_none((ExchangeRate.currency == row.currency) & (ExchangeRate.base == base)
                                        & (ExchangeRate.day == row.day))
    what = f"1 {row.currency} = {_plain(row.rate)} {base} on {row.day.isoformat()}"
    if existing is None:
        trail.created(ExchangeRate.create(day=row.day, currency=row.currency, base=base, rate=row.rate, source=source,
                                          set_by=ctx.user.id, created_at=ctx.now), what)
        return
    before = snapshot(existing)
    existing.rate, existing.source, existing.set_by, existing.created_at = row.rate, source, ctx.user.id, ctx.now
    existing.save()
    trail.updated(existing, before, what)


def _to_base(currency: str, rate: Decimal, quoted_in: str, base: str) -> tuple[str, Decimal]:
    """ "1 EUR = 1.08 USD" with base USD is EUR at 1.08; "1 USD = 0.92 EUR" is EUR at 1/0.92."""
    if quoted_in == base and currency != base:
        return currency, rate
    if currency == base and quoted_in != base:
        return validate.currency(quoted_in), (Decimal(1) / rate).quantize(Decimal("1e-10"))
    raise ValidationError(_("Rates are kept to the base currency, {base}.").format(base=base),
                          hint=_("Say e.g. “1 EUR = 1.08 {base}”.").format(base=base))


def _rate(value: object) -> Decimal:
    try:
        rate = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise ValidationError(_("“{value}” is not a rate.").format(value=value),
                              hint=_("Say e.g. “1 EUR = 1.08 USD”.")) from None
    if not rate.is_finite() or rate <= 0 or rate > MAX_RATE:
        raise ValidationError(_("A rate must be a positive number, not {value}.").format(value=value))
    return rate.quantize(Decimal("1e-10")).normalize()


def _plain(rate: Decimal) -> str:
    """1.0800000000 -> "1.08"; never "1E+3"."""
    return format(rate.normalize(), "f")
