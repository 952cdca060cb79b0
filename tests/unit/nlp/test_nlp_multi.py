"""Several commands in one message: frames in order, the customer carried over ("them")."""
from crm_core.nlp_commands import parse

from .conftest import NOW


def intents(result):
    return [(f.intent, f.slots.get("customer"), f.slots.get("stage"), f.slots.get("when")) for f in result.commands]


def test_log_move_and_remind(resolver):
    result = parse("log a call with cyberdyne, they want a demo, move them to proposal and remind me friday",
                   NOW, resolver)
    assert result.intent == "log_activity"
    assert intents(result) == [("log_activity", "Cyberdyne Systems", None, None),
                               ("move_deal", "Cyberdyne Systems", "proposal", None),
                               ("remind", "Cyberdyne Systems", None, "2026-11-27")]
    assert result.to_json()["also"][0]["intent"] == "move_deal"


def test_two_customers(resolver):
    result = parse("create a 20k deal for pied piper and open a ticket for oscorp: login broken", NOW, resolver)
    assert [(f.intent, f.slots.get("customer")) for f in result.commands] == [
        ("create_deal", "Pied Piper"), ("open_ticket", "Oscorp Industries")]


def test_two_tickets(resolver):
    result = parse("close #4 and assign #5 to john", NOW, resolver)
    assert [(f.intent, f.slots) for f in result.commands] == [
        ("update_ticket", {"ticket": 4, "status": "closed"}), ("update_ticket", {"ticket": 5, "assignee": "john"})]


def test_met_then_won(resolver):
    result = parse("met with gekko today. mark them as won", NOW, resolver)
    assert [(f.intent, f.slots.get("customer")) for f in result.commands] == [
        ("log_activity", "Gekko & Co"), ("move_deal", "Gekko & Co")]


def test_a_new_customer_then_its_deal(resolver):
    result = parse("add customer Zeta Widgets and create a 10k deal for them", NOW, resolver)
    assert [(f.intent, f.slots.get("customer")) for f in result.commands] == [
        ("add_customer", "Zeta Widgets"), ("create_deal", "Zeta Widgets")]


def test_one_command_with_commas_stays_one(resolver):
    for text in ("log a call with cyberdyne, they want a demo, follow up friday",
                 "rekall went with a competitor, close it as lost",
                 "#64 is fixed, you can close it",
                 "can you please assign ticket 7 to me and set it to high priority",
                 "Hi, could you please open a ticket for Pied Piper? Their SSO is broken. Priority: high."):
        assert len(parse(text, NOW, resolver).commands) == 1, text


def test_a_ticket_number_carries_over(resolver):
    result = parse("assign ticket 7 to me and set it to high priority", NOW, resolver)
    assert result.slots == {"ticket": 7, "assignee": "me", "priority": "high"}
