"""Money said in words and signs a spelling corrector must not spoil, and exchange rates said in chat (issue 15
item 8): "twenty five thousand euros", "A$60k" (not "a $60k deal"), "80 grand in pounds"; "1 EUR = 1.08 USD"."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from crm_core.nlp.amounts import best_amount, find_amounts
from crm_core.nlp.parser import KNOWN
from crm_core.nlp.rates import rate_said
from crm_core.nlp.text import clean, tokenize
from crm_core.nlp_commands import parse

NOW = datetime(2026, 11, 25, 10, 0)


def money(text: str, known: frozenset[str] = KNOWN) -> tuple[Decimal, str | None] | None:
    found = best_amount(find_amounts(tokenize(clean(text), known)))
    return (found.value, found.currency) if found else None


@pytest.mark.parametrize("text, value, currency", [
    ("twenty thousand pounds", 20000, "GBP"), ("twenty five thousand euros", 25000, "EUR"),
    ("ninety nine grand", 99000, None), ("two hundred thousand yen", 200000, "JPY"),
    ("A$60k", 60000, "AUD"), ("80 grand in pounds", 80000, "GBP"), ("12.5k chf", 12500, "CHF"),
    ("₹5 lakh", 500000, "INR"), ("5 crore", 50000000, "INR"), ("¥3m", 3000000, "JPY"), ("$1.2m", 1200000, "USD"),
])
def test_amounts_with_their_currency(text, value, currency):
    assert money(text) == (Decimal(value), currency)


def test_number_words_survive_a_corrector_that_does_not_know_them():
    """The evidence of a slot re-reads the message without the parser's known words: "twenty" must stay twenty."""
    assert money("twenty thousand pounds", frozenset()) == (Decimal(20000), "GBP")


def test_a_lowercase_a_before_a_dollar_sign_is_an_article():
    assert money("a $60k deal") == (Decimal(60000), "USD")


def test_chinese_yen_sign_is_yuan_and_the_amount_is_exact():
    parsed = parse("给Globex新建一个商机 ¥3m", NOW, resolver=None)
    assert parsed.slots.get("currency") == "CNY" and parsed.slots.get("amount") == 3000000


@pytest.mark.parametrize("text, slots", [
    ("1 EUR = 1.08 USD", {"currency": "EUR", "rate": "1.08", "base": "USD"}),
    ("set the euro rate to 1.08", {"currency": "EUR", "rate": "1.08"}),
    ("eur/usd 1,08", {"currency": "EUR", "rate": "1.08", "base": "USD"}),
    ("1欧元=1.08美元", {"currency": "EUR", "rate": "1.08", "base": "USD"}),
    ("设置英镑汇率为1.27", {"currency": "GBP", "rate": "1.27"}),
])
def test_a_rate_said(text, slots):
    intent, found, spans = rate_said(text)
    assert (intent, found) == ("set_rate", slots) and set(spans) == set(slots)


@pytest.mark.parametrize("text", ["exchange rates", "what's the euro rate?", "汇率", "show fx rates", "gbp rates"])
def test_rates_asked_for_are_listed_never_set(text):
    assert rate_said(text) == ("show_rates", {}, {})


@pytest.mark.parametrize("text", ["bob is 5", "100 jpy = 0.67 usd", "eur = 1.08 eur", "they asked about the euro rate",
                                  "acme is 12k", "new deal for globex €20k", "eur/usd 1,085"])
def test_no_rate_is_read_into_other_words(text):
    assert rate_said(text) is None


@pytest.mark.parametrize("text", ["win rate", "show win rate", "what is our win rate"])
def test_the_win_rate_is_the_report_not_an_exchange_rate(text):
    parsed = parse(text, NOW, None)
    assert (parsed.intent, parsed.slots.get("report")) == ("show_report", "win_rate")
