"""Follow-up dates said the way reps say them, and customer names with "and" in them that no command is cut at."""
import pytest

from crm_core.nlp_commands import parse
from crm_core.resolve import CustomerIndex, CustomerResolver

from .conftest import NOW


@pytest.mark.parametrize("text, kind, follow_up", [
    ("contoso: they're stuck in procurement, ping on friday", "note", "2026-11-27"),
    ("contoso asked for pricing, check in 2 days", "note", "2026-11-27"),
    ("rang contoso, they're chuffed with the pilot, ring back monday", "call", "2026-11-30"),
    ("contoso were quite keen, shall ring them again thursday", "note", "2026-11-26"),
])
def test_a_follow_up_date_is_read_after_its_cue(check, text, kind, follow_up):
    check(text, "log_activity", {"kind": kind, "follow_up": follow_up})


@pytest.fixture(scope="module")
def joined_resolver():
    return CustomerResolver(CustomerIndex.from_names(["Patel & Co", "Gekko & Co", "Globex Ltd", "Acme Corp"]))


@pytest.mark.parametrize("text, customer", [
    ("move patel and co to negotiating", "Patel & Co"),
    ("advance gekko & co to negociation", "Gekko & Co"),
])
def test_a_name_with_and_is_one_customer(joined_resolver, text, customer):
    result = parse(text, NOW, joined_resolver)
    assert (result.intent, result.slots.get("customer"), result.slots.get("stage")) == \
        ("move_deal", customer, "negotiation")


def test_two_customers_joined_by_and_are_still_two_commands(joined_resolver):
    result = parse("move acme to won and globex to proposal", NOW, joined_resolver)
    frames = [(f.intent, f.slots.get("customer"), f.slots.get("stage")) for f in result.commands]
    assert frames == [("move_deal", "Acme Corp", "won"), ("move_deal", "Globex Ltd", "proposal")]


def test_what_follows_reminder_colon_is_what_to_remind_not_a_move(joined_resolver):
    result = parse("reminder: push the acme deal to negotiation tomorrow", NOW, joined_resolver)
    assert [f.intent for f in result.commands] == ["remind"]
    assert (result.slots.get("when"), result.slots.get("customer")) == ("2026-11-26", "Acme Corp")
