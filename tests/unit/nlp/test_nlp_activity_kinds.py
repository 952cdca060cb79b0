"""What kind of activity a story is: the channel it went by, not the words told in passing; and a customer whose
name is an everyday word, said as the head of the story."""
import pytest

from crm_core.nlp_commands import parse
from crm_core.resolve import CustomerIndex, CustomerResolver

from .conftest import NOW, assert_parse


@pytest.mark.parametrize("text, kind", [
    ("dropped contoso a note by email re training dates", "email"),
    ("fwd the invoice to contoso accounts", "email"),
    ("contoso - sent over the security whitepaper", "email"),
    ("contoso asked for our iso cert, sent it", "email"),
    ("talked to the contoso ops lead at a conference, they want something simpler", "meeting"),
    ("had a quick chat w tailspin toys at the airport lounge", "meeting"),
    ("notes from the contoso qbr: adoption 60%", "meeting"),
    ("add a note to contoso: prefers email over phone", "note"),
    ("quick update on contoso: legal is done, sent both, waiting", "note"),
    ("rang contoso at their office, no answer", "call"),
    ("chatted with contoso, they want a demo", "call"),
])
def test_the_kind_is_how_it_happened(check, text, kind):
    check(text, "log_activity", {"kind": kind})


@pytest.fixture(scope="module")
def target_resolver():
    return CustomerResolver(CustomerIndex.from_names(["Target", "Shell plc"]))


@pytest.mark.parametrize("text, customer", [
    ("quick update on Target: legal is done, procurement asked for a w9 and insurance certificate", "Target"),
    ("target's vendor team phoned, they need our w9", "Target"),
])
def test_an_everyday_word_heading_a_story_is_the_customer(target_resolver, text, customer):
    assert_parse(parse(text, NOW, target_resolver), "log_activity", {"customer": customer})


@pytest.mark.parametrize("text", ["we are on target for q4: pipeline looks good", "the target for this month is 50k"])
def test_an_everyday_word_inside_a_sentence_is_no_customer(target_resolver, text):
    assert parse(text, NOW, target_resolver).slots.get("customer") != "Target"


@pytest.mark.parametrize("text, kind", [
    ("contoso: they signed off on the sow, kickoff in 3 days", "note"),
    ("contoso - board meeting moved to dec 14, ping them after", "note"),
    ("contoso: the demo env expired, they want it back", "note"),
    ("called contoso in a hurry", "call"),
    ("quick note on contoso, they switched to annual billing", "note"),
])
def test_an_activity_still_to_come_or_a_thing_named_after_one_is_no_kind(check, text, kind):
    check(text, "log_activity", {"kind": kind})


def test_a_word_after_a_or_an_is_a_thing_not_a_customer():
    resolver = CustomerResolver(CustomerIndex.from_names(["Café Olé", "Acme Corp"]))
    assert_parse(parse("had a meeting in a cafe with acme", NOW, resolver), "log_activity", {"customer": "Acme Corp"})
    assert_parse(parse("met cafe ole today", NOW, resolver), "log_activity", {"customer": "Café Olé"})
