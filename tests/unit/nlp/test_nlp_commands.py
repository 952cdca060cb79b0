"""Frames become the command dataclasses of crm_core.commands; the JSON shape of `crm parse`."""
from crm_core import commands as c
from crm_core.nlp_commands import Frame, parse, to_command

from .conftest import NOW


def test_every_intent_maps_to_its_command():
    assert to_command("log_activity", {"kind": "call", "customer": "Acme", "summary": "demo", "follow_up": "2026-11-27"}) \
        == c.LogActivity(kind="call", customer="Acme", summary="demo", follow_up="2026-11-27")
    assert to_command("create_deal", {"customer": "Acme", "amount": 12000, "stage": "proposal"}) \
        == c.CreateDeal(customer="Acme", amount=12000, stage="proposal")
    assert to_command("create_deal", {"customer": "Acme"}).stage == "lead"
    assert to_command("move_deal", {"customer": "Acme", "stage": "won"}) == c.MoveDeal(stage="won", customer="Acme")
    assert to_command("open_ticket", {"customer": "Acme", "subject": "down", "priority": "urgent"}) \
        == c.OpenTicket(subject="down", customer="Acme", priority="urgent")
    assert to_command("update_ticket", {"ticket": 42, "status": "closed"}) == c.UpdateTicket(ticket=42, status="closed")
    assert to_command("show_top_customers", {"limit": 5}) == c.ShowTopCustomers(limit=5, metric="revenue")
    assert to_command("show_top_customers", {"metric": "score"}) == c.ShowTopCustomers(limit=10, metric="score")
    assert to_command("show_customer", {"customer": "Hooli"}) == c.ShowCustomer(customer="Hooli")
    assert to_command("add_customer", {"customer": "Aviato", "email": "e@a.example"}) \
        == c.AddCustomer(customer="Aviato", email="e@a.example")
    assert to_command("show_pipeline", {"owner": "me"}) == c.ShowPipeline(owner="me")
    assert to_command("show_tickets", {"status": "open", "assignee": "me"}) == c.ShowTickets(status="open", assignee="me")
    assert to_command("show_segment", {"segment": "at_risk"}) == c.ShowSegment(segment="at_risk")
    assert to_command("remind", {"when": "2026-11-26", "text": "call"}) == c.Remind(when="2026-11-26", text="call")
    assert to_command("help", {}) == c.Help()
    assert to_command("unknown", {}) is None


def test_a_resolved_customer_carries_its_id(check):
    result = check("move cyberdyne to won", "move_deal")
    command = result.to_command()
    assert command == c.MoveDeal(stage="won", customer="Cyberdyne Systems", customer_id=1)
    assert command.to_json()["command"] == "move_deal"


def test_an_unknown_customer_goes_as_written(check):
    command = check("log a call with Initrode", "log_activity").to_command()
    assert command.customer == "Initrode" and command.customer_id is None


def test_parse_json_shape(resolver):
    result = parse("close ticket 42", NOW, resolver)
    assert result.to_json() == {"text": "close ticket 42", "intent": "update_ticket",
                                "slots": {"ticket": 42, "status": "closed"}, "confidence": result.confidence,
                                "evidence": {"ticket": {"text": "ticket 42", "span": [6, 15]},
                                             "status": {"text": "close", "span": [0, 5]}},
                                "action": "confirm"}  # closing a ticket is confirmed
    assert 0 < result.confidence <= 1


def test_frames_have_a_command_each(resolver):
    result = parse("log a call with cyberdyne and move them to won", NOW, resolver)
    assert [type(f.to_command()) for f in result.commands] == [c.LogActivity, c.MoveDeal]
    assert isinstance(result.frame, Frame)


def test_without_a_resolver_mentions_stay_as_written():
    result = parse("move acme corp to won", NOW, None)
    assert result.slots == {"customer": "acme corp", "stage": "won"}


def test_time_zone_decides_what_today_is():
    from datetime import datetime, timezone
    late_utc = datetime(2026, 11, 25, 23, 30, tzinfo=timezone.utc)  # already Thursday in Tokyo
    assert parse("remind me tomorrow to call", late_utc, None, tz="UTC").slots["when"] == "2026-11-26"
    assert parse("remind me tomorrow to call", late_utc, None, tz="Asia/Tokyo").slots["when"] == "2026-11-27"
