"""An in-memory customer index (no database) and the reference time of the parser tests."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest

from crm_core.nlp_commands import Parse, parse
from crm_core.resolve import CustomerIndex, CustomerResolver

# Wednesday, as in the eval README; none of these customers is in the eval set.
NOW = datetime(2026, 11, 25, 10, 0)
CUSTOMERS = [
    ("Cyberdyne Systems", "Sunnyvale"), ("Oscorp Industries", "New York"), ("Pied Piper", "Palo Alto"),
    ("Planet Express", "New New York"), ("Kwik-E-Mart", "Springfield"), ("D'Angelo Bakery", "Boston"),
    ("Fjällräven AB", "Stockholm"), ("Gekko & Co", "New York"), ("Weyland-Yutani Corp", "London"),
    ("Spacely Sprockets", "Orbit City"), ("Cogswell Cogs", "Orbit City"), ("Virtucon", "Houston"),
    ("Rekall Inc", "Denver"), ("Duff Brewing Company", "Springfield"), ("Blue Sun Corporation", "Osiris"),
    ("Blue Sky Partners", "Denver"), ("Château Lafleur SA", "Bordeaux"), ("Krämer & Söhne KG", "Munich"),
    ("Monarch Solutions", "Austin"), ("Monarch Foods", "Chicago"), ("Northwind Traders", "Seattle"),
    ("Contoso Ltd", "Redmond"), ("Fabrikam Inc", "Seattle"), ("Tailspin Toys", "Portland"),
    ("Wide World Importers", "Miami"), ("Adventure Works", "Bothell"), ("Fourth Coffee", "Seattle"),
    ("Woodgrove Bank", "Toronto"), ("Humongous Insurance", "Chicago"), ("Trey Research", "Boston"),
    ("Big Kahuna Burger", "Los Angeles"), ("Open Road Travel", "Denver"), ("Rekall Labs", "Boston"),
]


@pytest.fixture(scope="session")
def resolver() -> CustomerResolver:
    return CustomerResolver(CustomerIndex.from_names(CUSTOMERS))


def norm(value: Any) -> str:
    return re.sub(r"[\W_]+", " ", str(value).lower()).strip()


def assert_parse(result: Parse, intent: str, slots: dict[str, Any]) -> None:
    """The grader's rule: the intent, and every expected slot (strings compared loosely)."""
    assert result.intent == intent, f"{result.text!r}: intent {result.intent!r}, slots {result.slots}"
    for name, want in slots.items():
        got = result.slots.get(name)
        if isinstance(want, (int, float)):
            assert got is not None and abs(float(got) - want) < 1e-6, f"{result.text!r}: {name}={got!r}, want {want!r}"
        else:
            assert norm(got) == norm(want), f"{result.text!r}: {name}={got!r}, want {want!r} ({result.slots})"


@pytest.fixture
def check(resolver):
    def run(text: str, intent: str, slots: dict[str, Any] | None = None, now: datetime = NOW) -> Parse:
        result = parse(text, now, resolver)
        assert_parse(result, intent, slots or {})
        return result
    return run
