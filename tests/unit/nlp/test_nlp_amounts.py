"""Money in chat: suffixes, currency signs and words, thousands separators, words for numbers."""
from decimal import Decimal

import pytest

from crm_core.nlp.amounts import best_amount, find_amounts, parse_number
from crm_core.nlp.parser import KNOWN
from crm_core.nlp.text import clean, tokenize


def amount(text: str) -> float | None:
    found = best_amount(find_amounts(tokenize(clean(text), KNOWN)))
    return found.value if found else None


@pytest.mark.parametrize("text, expected", [
    ("12k", 12_000), ("12K", 12_000), ("$1.5m", 1_500_000), ("45,000", 45_000), ("half a mil", 500_000),
    ("half a million", 500_000), ("$32,500", 32_500), ("2.2M", 2_200_000), ("7.5k", 7_500), ("250k", 250_000),
    ("€120k", 120_000), ("120k eur", 120_000), ("£80,000.00", 80_000), ("1.2 million", 1_200_000),
    ("3 million", 3_000_000), ("five grand", 5_000), ("18 grand", 18_000), ("a quarter million", 250_000),
    ("two million", 2_000_000), ("9,500 dollars", 9_500), ("$ 400", 400), ("1.250.000", 1_250_000),
    ("100 thousand", 100_000), ("$2bn", 2_000_000_000), ("60K EUR", 60_000), ("~20k", 20_000),
    ("worth 95000", 95_000), ("$75", 75), ("USD 40,000", 40_000), ("12,5k", 12_500),
])
def test_amounts(text, expected):
    assert amount(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["2,000 units", "500 seats", "3yr terms", "tracking page 500s", "ticket 42",
                                  "#17", "top 5", "in 3 days", "15%", "Q1", "p1", "3rd", "2026-12-03", ""])
def test_not_amounts(text):
    assert amount(text) is None


def test_money_beats_a_count():
    assert amount("zhang wei trading wants 2,000 units, new deal 18k in negotiation") == 18_000
    assert amount("500 users, 40k total") == 40_000


@pytest.mark.parametrize("text, expected", [("45,000", 45000), ("1,5", 1.5), ("1.5", 1.5), ("1,250,000", 1250000),
                                            ("1.250,50", 1250.5), ("abc", None)])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def money(text: str) -> tuple[object, str | None] | None:
    found = best_amount(find_amounts(tokenize(clean(text), KNOWN)))
    return (found.value, found.currency) if found else None


@pytest.mark.parametrize("text, value, currency", [
    ("€20k", 20_000, "EUR"), ("20k GBP", 20_000, "GBP"), ("£3.5k", 3_500, "GBP"), ("¥3m", 3_000_000, "JPY"),
    ("₹5 lakh", 500_000, "INR"), ("2 crore", 20_000_000, "INR"), ("2 crore rupees", 20_000_000, "INR"),
    ("rs 50,000", 50_000, "INR"), ("$1.5m", 1_500_000, "USD"), ("45,000 eur", 45_000, "EUR"),
    ("EUR 20,000", 20_000, "EUR"), ("120k euros", 120_000, "EUR"), ("US$5k", 5_000, "USD"), ("C$ 20k", 20_000, "CAD"),
    ("60K CHF", 60_000, "CHF"), ("five grand", 5_000, None), ("12k", 12_000, None), ("45,000", 45_000, None),
])
def test_the_currency_said_is_kept_and_none_is_invented(text, value, currency):
    assert money(text) == (value, currency)


@pytest.mark.parametrize("text, exact", [("1.15m", "1150000"), ("2.2M", "2200000"), ("0.3m", "300000"),
                                         ("1.005k", "1005"), ("₹1.7 crore", "17000000"), ("33.3k", "33300")])
def test_amounts_are_exact_not_float_rounded(text, exact):
    found = best_amount(find_amounts(tokenize(clean(text), KNOWN)))
    assert found.value == Decimal(exact) and found.number == int(exact)


def test_a_fraction_stays_a_fraction():
    found = best_amount(find_amounts(tokenize(clean("$1,250.50"), KNOWN)))
    assert found.value == Decimal("1250.50") and found.number == 1250.5


@pytest.mark.parametrize("text, amount, currency", [
    ("new deal w/ Cyberdyne, €20k", 20_000, "EUR"), ("new deal for oscorp ₹5 lakh", 500_000, "INR"),
    ("new deal for pied piper 20k GBP", 20_000, "GBP"), ("new deal for virtucon ¥3m", 3_000_000, "JPY"),
])
def test_a_new_deal_carries_the_currency(check, text, amount, currency):
    result = check(text, "create_deal", {"amount": amount, "currency": currency})
    assert result.to_command().currency == currency


def test_a_new_deal_without_a_currency_has_no_currency_slot(check):
    result = check("new deal for initech 12k closing end of month", "create_deal",
                   {"amount": 12_000, "expected_close": "2026-11-30"})
    assert "currency" not in result.slots and result.to_command().currency is None


def test_a_quoted_title_is_the_deal_title(check):
    result = check("new deal for cyberdyne: 'platform renewal' 20k", "create_deal",
                   {"customer": "Cyberdyne Systems", "amount": 20_000})
    assert result.slots["title"] == "platform renewal"


@pytest.mark.parametrize("text, slots", [
    ("new deal for cyberdyne 12k closing end of month, follow up monday",
     {"follow_up": "2026-11-30", "expected_close": "2026-11-30", "amount": 12_000}),
    ("new deal for cyberdyne 20k, follow up by friday", {"follow_up": "2026-11-27", "amount": 20_000}),
])
def test_a_follow_up_is_its_own_slot_not_the_title_or_the_close_date(check, text, slots):
    result = check(text, "create_deal", slots)
    assert "follow" not in result.slots.get("title", "") and set(result.slots) & {"expected_close"} == (
        {"expected_close"} if "expected_close" in slots else set())
    assert result.to_command().follow_up == slots["follow_up"]
