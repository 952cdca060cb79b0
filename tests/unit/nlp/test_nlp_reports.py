"""Questions about reports, my day and customer lists (issue 14 items 3-5) become their read-only commands, with
their periods and filters kept; a question never becomes a write."""
import pytest

from crm_core import commands as c

from .conftest import NOW  # noqa: F401  (the reference time: Wednesday 2026-11-25)


@pytest.mark.parametrize("text, command", [
    ("leaderboard this quarter", c.ShowReport(report="leaderboard", since="2026-10-01", until="2026-12-31")),
    ("maria's win rate", c.ShowReport(report="win_rate", owner="maria")),
    ("forecast for this quarter", c.ShowReport(report="forecast", since="2026-10-01", until="2026-12-31")),
    ("revenue by month chart", c.ShowReport(report="revenue", chart=True)),
    ("avg deal size last quarter", c.ShowReport(report="deal_size", since="2026-07-01", until="2026-09-30")),
    ("what's on my plate today", c.ShowMyDay()),
    ("overdue follow-ups", c.ShowMyDay(part="follow_ups")),
    ("deals i should touch", c.ShowMyDay(part="deals")),
    ("customers in london", c.ListCustomers(city="London")),
    ("my customers with no contact in 60 days", c.ListCustomers(owner="me", idle_days=60)),
    ("who hasn't ordered since june", c.ListCustomers(no_order_since="2026-06-01")),
    ("top 5 customers last month", c.ShowTopCustomers(limit=5, since="2026-10-01", until="2026-10-31")),
    # said other ways (issue 12's fourth batch)
    ("forecast for q1?", c.ShowReport(report="forecast", since="2027-01-01", until="2027-03-31")),  # ahead
    ("my forecast for dec pls", c.ShowReport(report="forecast", owner="me", since="2026-12-01", until="2026-12-31")),
    ("how much are we going to close this quarter", c.ShowReport(report="forecast", since="2026-10-01",
                                                                  until="2026-12-31")),
    ("who's the top rep this month", c.ShowReport(report="leaderboard", since="2026-11-01", until="2026-11-30")),
    ("how much did we sell in october", c.ShowReport(report="revenue", since="2026-10-01", until="2026-10-31")),
    ("calls per rep", c.ShowReport(report="activity")),
    ("how are we doing on support", c.ShowReport(report="tickets")),
    ("show me the funnel", c.ShowReport(report="funnel")),
    ("which of my deals are going cold", c.ShowMyDay(part="deals")),
    ("maria's at risk customers", c.ListCustomers(segment="at_risk", owner="maria")),
    ("customers without orders since march", c.ListCustomers(no_order_since="2026-03-01")),
    ("how many calls did maria make this week", c.ShowReport(report="activity", owner="maria", since="2026-11-23",
                                                             until="2026-11-29")),
    ("how did segments change last month", c.ShowReport(report="segment_moves", since="2026-10-01",
                                                        until="2026-10-31")),  # "segments" is no rep
])
def test_a_question_becomes_its_report(check, text, command):
    assert check(text, command.name).to_command() == command and not command.writes


def test_a_customers_history_is_its_timeline(check):
    command = check("what's our history with pied piper", "show_customer", {"customer": "Pied Piper"}).to_command()
    assert isinstance(command, c.ShowTimeline)
    for asked in ("when did someone last email pied piper", "what's the latest with pied piper"):
        assert isinstance(check(asked, "show_customer", {"customer": "Pied Piper"}).to_command(), c.ShowTimeline)
    assert isinstance(check("pied piper", "show_customer").to_command(), c.ShowCustomer)  # a name alone: the card


@pytest.mark.parametrize("text, intent", [
    ("which customers are at risk?", "show_segment"), ("what's in my funnel?", "show_pipeline"),
    ("leaderboard of customers by revenue", "show_top_customers"), ("what's on my plate tomorrow", "show_reminders"),
    ("log a note for pied piper: long history of late payments", "log_activity"),
])
def test_near_misses_keep_their_intent(check, text, intent):
    check(text, intent)
