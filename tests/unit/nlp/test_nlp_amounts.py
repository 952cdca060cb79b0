"""Money in chat: suffixes, currency signs and words, thousands separators, words for numbers."""
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
