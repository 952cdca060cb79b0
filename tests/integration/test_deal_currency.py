"""A new deal keeps the currency the message names (else CRM_CURRENCY) and shows the amount in the locale; a
follow-up said with it becomes a reminder, not part of the title."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from bots import console
from crm_core import bus
from crm_core import commands as c
from crm_core.dialogue import converse
from crm_core.models import Deal, Reminder
from crm_core.results import DealCreated
from crm_core.settings import get_settings

NOW = datetime(2026, 11, 25, 10, 0)


@pytest.fixture
def say(team, customers):
    def _say(text):
        [result] = converse(team["maria"], "test", text, channel="console", now=NOW)
        assert isinstance(result, DealCreated), result
        return result, Deal.get_by_id(result.deal_id)
    return _say


@pytest.fixture
def environment(monkeypatch):
    def _set(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
    yield _set
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.mark.parametrize("text, amount, currency, shown", [
    ("new deal for globex, €20k", "20000", "EUR", "€20,000.00"),
    ("new deal for globex 20k GBP", "20000", "GBP", "£20,000.00"),
    ("new deal for globex ₹5 lakh", "500000", "INR", "₹500,000.00"),
    ("new deal for globex 2 crore rupees", "20000000", "INR", "₹20,000,000.00"),
    ("new deal for globex ¥3m", "3000000", "JPY", "¥3,000,000"),
    ("new deal for globex $1.15m", "1150000", "USD", "$1,150,000.00"),
])
def test_the_currency_said_is_stored_and_shown(say, text, amount, currency, shown):
    result, deal = say(text)
    assert (deal.amount, deal.currency) == (Decimal(amount), currency)
    assert shown in result.message


def test_no_currency_said_is_the_default_currency(say, environment):
    environment(CRM_CURRENCY="gbp")
    result, deal = say("new deal for globex 12k closing end of month")
    assert (deal.amount, deal.currency) == (Decimal(12000), "GBP") and "£12,000.00" in result.message
    assert deal.expected_close.isoformat() == "2026-11-30"


def test_the_amount_is_written_in_the_locale(say, environment):
    environment(CRM_LOCALE="de_DE")
    result, _ = say("new deal for globex, €20k")
    assert "20.000,00\xa0€" in result.message


def test_a_quoted_title_is_the_deal_title(say):
    _, deal = say("new deal for globex: 'platform renewal' 20k")
    assert (deal.title, deal.amount) == ("platform renewal", Decimal(20000))


def test_the_deal_card_shows_the_amount_in_its_currency(say, team):
    _, deal = say("new deal for globex, ₹5 lakh")
    card = bus.handle(c.ShowDeal(deal_id=deal.id), team["maria"], now=NOW)
    assert "₹500,000.00" in console.render(card)


def test_a_follow_up_said_with_a_new_deal_is_a_reminder_not_the_title(say, team):
    result, deal = say("new deal for globex 12k closing end of month, follow up monday")
    assert deal.title == "Globex Ltd deal" and deal.expected_close.isoformat() == "2026-11-30"
    [reminder] = Reminder.select()
    assert reminder.due_at == datetime(2026, 11, 30, 14, 0)  # 09:00 in New York
    assert "Globex Ltd" in reminder.text and "Mon 30 Nov" in result.message
