"""Customers named the way reps type them: the first words of a long name ("wide world"), or a long name word
one letter off ("northwnd", "harbour"); two customers that fit are still a question, never a guess."""
import pytest

from crm_core.nlp_commands import parse
from crm_core.resolve import Ambiguous, CustomerIndex, CustomerResolver

from .conftest import NOW, assert_parse

NAMES = ["Wide World Importers", "Harbor Freight Lines", "Cyberdyne Systems", "Northwind Traders", "Hooli",
         "Open Road Travel", "Open Road Tours"]


@pytest.fixture(scope="module")
def slips_resolver():
    return CustomerResolver(CustomerIndex.from_names(NAMES))


@pytest.mark.parametrize("text, intent, slots", [
    ("new opp w/ wide world - 10k", "create_deal", {"customer": "Wide World Importers", "amount": 10000}),
    ("new ticket wide world - export broken", "open_ticket", {"customer": "Wide World Importers"}),
    ("gave harbour freight a ring, they're busy", "log_activity", {"customer": "Harbor Freight Lines"}),
    ("new deal: cyberdine, 3m", "create_deal", {"customer": "Cyberdyne Systems"}),
    ("where do we stand with northwnd", "show_deal", {"customer": "Northwind Traders"}),
])
def test_a_short_or_misspelt_name_finds_the_customer(slips_resolver, text, intent, slots):
    assert_parse(parse(text, NOW, slips_resolver), intent, slots)


@pytest.mark.parametrize("text", ["the world is wide", "a freight train went by", "we had a wide open day"])
def test_everyday_words_name_no_customer(slips_resolver, text):
    assert parse(text, NOW, slips_resolver).slots.get("customer") is None


def test_a_start_shared_by_two_customers_is_asked_not_guessed():
    resolver = CustomerResolver(CustomerIndex.from_names(NAMES), actor_id=1, signals=lambda ids: {})
    index = resolver.index
    words = ["called", "open", "road", "today"]
    spots = index.spot(words, [False, True, True, False])
    assert [(s.start, s.end) for s in spots] == [(1, 3)]
    resolution = resolver.resolve_spot(spots[0], "open road")
    assert isinstance(resolution, Ambiguous)
    assert {c.name for c in resolution.candidates} == {"Open Road Travel", "Open Road Tours"}




def test_a_plural_of_a_name_word_is_another_name_not_a_slip():
    resolver = CustomerResolver(CustomerIndex.from_names(["Orchard Lane Farms"]))
    assert parse("open a ticket for kestrel orchards: can't log in", NOW, resolver).slots.get("customer") \
        != "Orchard Lane Farms"
