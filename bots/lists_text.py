"""The words of a deal list shared by every front-end: what was asked ("Maria Lopez's deals closing 01 Nov 2026 –
30 Nov 2026, over 50,000"), how many match and their totals per currency ("3 deals: $210,000.00 + €60,000.00"),
and the rows of its tables (an amount beside its currency, never a sum across currencies)."""
from __future__ import annotations

from crm_core import results as r
from crm_core.i18n import _, ngettext, term
from crm_core.money import money


def stage_headers() -> tuple[str, ...]:
    return _("Stage"), _("Deals"), _("Amount"), _("Currency")


def _deal_headers(closed: bool) -> tuple[str, ...]:
    said = (_("Customer"), _("Deal"), _("Stage"), _("Amount"), _("Currency"), _("Owner"))
    return said if closed else (*said, _("Close"))


def heading(result: r.Pipeline) -> str:
    """ "Pipeline", "Maria Lopez's pipeline", "Deals in won, closed 01 Oct 2026 – 31 Dec 2026"."""
    if not result.filters:
        return _("{owner}'s pipeline").format(owner=result.owner) if result.owner else _("Pipeline")
    who = _("{owner}'s deals").format(owner=result.owner) if result.owner else _("Deals")
    return f"{who} " + ", ".join(result.filters)


def totals(result: r.Pipeline) -> str:
    """ "3 deals: $210,000.00 + €60,000.00" over every matching deal; "No deals match." when none do."""
    count = max(result.total, len(result.deals))
    if not count:
        return _("No deals match.") if result.filters else _("No open deals.")
    amounts = " + ".join(money(t.amount, t.currency) for t in result.totals)
    converted = f" ({result.rates_note})" if result.rates_note and amounts else ""
    return ngettext("{n} deal", "{n} deals", count).format(n=f"{count:,}") + (f": {amounts}{converted}" if amounts else "")


def stage_rows(result: r.Pipeline) -> list[tuple]:
    """Stage totals (one row per stage and currency when the deals are in several); none for a one-stage list."""
    if result.closed or len({s.stage for s in result.stages}) < 2:
        return []
    return [(term("stage", s.stage), s.count, s.amount, s.currency or "") for s in result.stages]


def deal_rows(result: r.Pipeline) -> tuple[tuple[str, ...], list[tuple]]:
    if result.closed:
        return _deal_headers(True), [(d.customer, d.title, term("stage", d.stage), d.amount, d.currency, d.owner)
                                     for d in result.deals]
    return _deal_headers(False), [(d.customer, d.title, term("stage", d.stage), d.amount, d.currency, d.owner,
                                   d.expected_close) for d in result.deals]


def revenue(card: r.CustomerCard) -> str:
    """ "12,345" in the base currency, then what is in a currency without a rate: "12,345 + ฿300.00"."""
    return " + ".join([f"{card.revenue:,.0f}", *(money(amount, code) for code, amount in card.revenue_apart)])


def deal_card_more(card: r.DealCard) -> list[str]:
    """The deal card's lines after its row: why its win probability is what it is, the next step, the stages it went
    through with their dates, and the people at the customer."""
    lines = []
    if card.reasons:
        lines.append("  " + _("win probability rests on: ") + "; ".join(card.reasons))
    lines.append("  " + _("next step: {step}").format(step=card.next_step or _("none planned")))
    if card.history:
        lines.append("  " + _("stages: ") + " → ".join(f"{term('stage', h.to_stage)} {h.when}" for h in card.history))
    if card.contacts:
        lines.append("  " + _("contacts: ") + ", ".join(c.name + (f" ({c.title})" if c.title else "")
                                                        for c in card.contacts))
    return lines
