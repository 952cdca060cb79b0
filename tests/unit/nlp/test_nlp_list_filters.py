"""The filters of deal and ticket lists are kept (issue 14): "deals closing this month" is not the whole pipeline,
"urgent tickets assigned to me" not every ticket, and "deals over 50k" is a question, never a new deal."""
from datetime import datetime

import pytest

from crm_core import commands as c
from crm_core import paging

DEALS = [
    ("deals closing this month", {"close_from": "2026-11-01", "close_to": "2026-11-30"}),
    ("my deals over 50k", {"owner": "me", "min_amount": 50000}),
    ("deals under 10k", {"max_amount": 10000}),
    ("deals between 10k and 50k", {"min_amount": 10000, "max_amount": 50000}),
    ("which deals close by friday", {"close_to": "2026-11-27"}),
    ("deals closing next qtr", {"close_from": "2027-01-01", "close_to": "2027-03-31"}),
    ("maria's deals in proposal", {"owner": "maria", "stage": "proposal"}),
    ("deals stuck in proposal for 2 weeks", {"stage": "proposal", "stage_days": 14}),
    ("deals with no activity in 30 days", {"idle_days": 30}),
    ("deals older than 90 days", {"older_days": 90}),
    ("deals won this quarter", {"stage": "won", "close_from": "2026-10-01", "close_to": "2026-12-31"}),
    ("which deals did we lose this month", {"stage": "lost", "close_from": "2026-11-01", "close_to": "2026-11-30"}),
    ("deals created this week", {"created_from": "2026-11-23", "created_to": "2026-11-29"}),
    ("deals added since monday", {"created_from": "2026-11-23"}),
    ("deals for cyberdyne", {"customer": "Cyberdyne Systems"}),
    ("my biggest deals closing this month", {"owner": "me", "sort": "amount", "close_from": "2026-11-01"}),
    ("overdue deals", {"close_to": "2026-11-24"}),
    ("what did we lose last month", {"stage": "lost", "close_from": "2026-10-01", "close_to": "2026-10-31"}),
]


@pytest.mark.parametrize(("text", "slots"), DEALS)
def test_deal_lists_keep_their_filters(check, text, slots):
    check(text, "show_pipeline", slots)


@pytest.mark.parametrize("text", ["my deals over 50k", "deals under 10k", "opportunities over 75k"])
def test_an_amount_in_a_deal_list_question_makes_no_deal(check, text):
    assert check(text, "show_pipeline").frame.action == "answer"


def test_the_filters_reach_the_command(check):
    command = check("maria's deals closing this month over 50k", "show_pipeline").to_command()
    assert command == c.ShowPipeline(owner="maria", min_amount=50000, close_from="2026-11-01", close_to="2026-11-30")


def test_periods_follow_the_day_it_is_said(check):
    check("deals closing this quarter", "show_pipeline", {"close_from": "2028-01-01", "close_to": "2028-03-31"},
          now=datetime(2028, 2, 29, 23, 30))
    check("deals won last month", "show_pipeline", {"stage": "won", "close_from": "2028-01-01",
                                                    "close_to": "2028-01-31"}, now=datetime(2028, 2, 29, 23, 30))


TICKETS = [
    ("urgent tickets assigned to me", {"priority": "urgent", "assignee": "me"}),
    ("unassigned tickets", {"unassigned": True}),
    ("urgent unassigned tickets", {"priority": "urgent", "unassigned": True}),
    ("tickets older than 3 days", {"older_days": 3}),
    ("my open tickets older than 3 days", {"assignee": "me", "status": "open", "older_days": 3}),
    ("tickets breaching sla", {"breaching": True}),
    ("critical tickets", {"priority": "urgent"}),
    ("unassigned urgent tix", {"unassigned": True, "priority": "urgent"}),
    ("urgent tickets for cyberdyne", {"customer": "Cyberdyne Systems", "priority": "urgent"}),
]


@pytest.mark.parametrize(("text", "slots"), TICKETS)
def test_ticket_lists_keep_their_filters(check, text, slots):
    check(text, "show_tickets", slots)


def test_urgent_tickets_assigned_to_me_is_that_command(check):
    command = check("urgent tickets assigned to me", "show_tickets").to_command()
    assert command == c.ShowTickets(priority="urgent", assignee="me")


@pytest.mark.parametrize("command", [
    c.ShowTickets(priority="urgent", unassigned=True, older_days=3, breaching=True),
    c.ShowTickets(assignee="me"),
    c.ShowPipeline(owner="me", min_amount=50000.0, close_from="2026-11-01", close_to="2026-11-30"),
])
def test_a_more_button_carries_the_filters(command):
    """Telegram's 64-byte page button: the flags and amounts come back as they were."""
    import json
    packed = paging.pack(json.dumps(command.to_json()), "m", 20)
    assert packed is not None and len(packed.encode()) <= 64
    assert paging.unpack(packed)[2] == command


def test_a_ticket_number_alone_shows_its_card(check):
    check("#1100", "show_ticket", {"ticket": 1100})
