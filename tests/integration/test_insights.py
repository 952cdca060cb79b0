"""Reports, customer lists and timelines, my day (issue 14 items 3-5): the figures are those of hand-written SQL
over the same data (SQLite and PostgreSQL), reps see only their own, money is per currency, and a question writes
nothing. Rendered by the console, Slack (strict Block Kit fake) and Telegram."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from bots import console
from bots.slack.blocks import Asker, message
from bots.telegram import render as telegram
from crm_core import commands as c
from crm_core import i18n
from crm_core import paging
from crm_core.db import database as proxy
from crm_core.models import (Activity, Deal, DealStageChange, Order, Outbox, OutreachCampaign, Reminder, Ticket,
                             TicketMessage)
from crm_core.money import money
from crm_core.results import Rejected, Table
from tests.fakes.block_kit import check_message

from .conftest import NOW, database_state

DAY = timedelta(days=1)


def rows_of(query: str, *params) -> list[tuple]:
    db = proxy.obj
    return [tuple(row) for row in db.execute_sql(query.replace("?", db.param), params).fetchall()]


@pytest.fixture
def world(team, customers):
    """Won and lost deals in two currencies, open deals with probabilities, activities, tickets, orders, a
    follow-up overdue and one answered by a later call, a reminder today."""
    m, s = team["maria"].id, team["sam"].id
    for cust, owner, stage, amount, cur, closed, created in (
            ("acme", m, "won", 10000, "USD", 5, 40), ("acme", m, "won", 4000, "EUR", 20, 30),
            ("globex", m, "lost", 9000, "USD", 10, 50), ("acme_labs", s, "won", 7000, "USD", 3, 10),
            ("acme_labs", s, "won", 3000, "USD", 400, 420), ("globex", s, "lost", 1000, "USD", 15, 20),
            ("muller", s, "lost", 2000, "USD", 16, 30)):
        Deal.create(customer=customers[cust].id, title=f"{cust} {stage} {amount}", stage=stage, amount=amount,
                    currency=cur, owner=owner, closed_at=NOW - closed * DAY, created_at=NOW - created * DAY)
    for cust, owner, stage, amount, cur, close, p in (
            ("acme", m, "proposal", 20000, "USD", 3, 0.5), ("globex", m, "qualified", 5000, "EUR", 40, 0.2),
            ("muller", s, "negotiation", 8000, "USD", 10, 0.8), ("acme_labs", s, "lead", 1000, "USD", 45, None)):
        deal = Deal.create(customer=customers[cust].id, title=f"{cust} {stage}", stage=stage, amount=amount,
                           currency=cur, owner=owner, expected_close=(NOW + close * DAY).date(), win_probability=p,
                           created_at=NOW - 30 * DAY)
        DealStageChange.create(deal=deal.id, from_stage="lead", to_stage=stage, changed_at=NOW - 10 * DAY)
    for cust, kind, user, ago, follow in (
            ("acme", "call", m, 2, None), ("acme", "meeting", m, 40, None), ("globex", "call", m, 20, -5),
            ("muller", "email", m, 30, -20), ("muller", "call", s, 10, None), ("acme_labs", "note", s, 70, None)):
        Activity.create(customer=customers[cust].id, kind=kind, user=user, occurred_at=NOW - ago * DAY,
                        follow_up=(NOW + follow * DAY).date() if follow is not None else None, summary=f"{kind} {cust}")
    for number, cust, assignee, ago, resolved, csat in ((1, "acme", m, 5, 2, 5), (2, "globex", m, 3, None, None),
                                                        (3, "muller", s, 8, 1, 3), (4, "acme", s, 400, 1, 1)):
        ticket = Ticket.create(number=number, customer=customers[cust].id, subject=f"issue {number}",
                               assignee=assignee, created_at=NOW - ago * DAY, csat_score=csat,
                               resolved_at=NOW - ago * DAY + resolved * DAY if resolved else None,
                               status="resolved" if resolved else "open")
        TicketMessage.create(ticket=ticket.id, author_user=assignee, body="on it",
                             created_at=NOW - ago * DAY + timedelta(hours=number))
    for cust, day, amount in (("acme", date(2026, 11, 2), 500), ("acme", date(2025, 11, 20), 300),
                              ("globex", date(2026, 5, 3), 900), ("acme_labs", date(2026, 10, 9), 200)):
        Order.create(customer=customers[cust].id, date=day, amount=amount)
    Reminder.create(user=m, text="call acme back", due_at=NOW + timedelta(hours=2), customer=customers["acme"].id)
    Reminder.create(user=m, text="next week thing", due_at=NOW + 6 * DAY)
    return team


def table(result) -> Table:
    assert isinstance(result, Table), result
    return result


def test_the_leaderboard_is_won_count_and_amount_per_rep_and_currency(run, world):
    result = table(run(c.ShowReport(report="leaderboard", since="2026-09-01", until="2026-11-30"), as_="manager"))
    expected = rows_of("SELECT u.name, d.currency, COUNT(*), SUM(d.amount) FROM deals d JOIN users u ON u.id = d.owner_id "
                       "WHERE d.stage = 'won' AND d.closed_at >= ? AND d.closed_at < ? GROUP BY u.name, d.currency",
                       datetime(2026, 9, 1), datetime(2026, 12, 1))
    assert sorted(result.rows) == sorted((name, n, money(Decimal(str(total)), cur)) for name, cur, n, total in expected)
    assert result.rows[0][0] == "Maria Lopez"  # two won, ranked first; her USD and EUR are two rows, never one sum
    assert result.notes[0] == "3 won: €4,000.00 + $17,000.00"


def test_a_rep_sees_only_their_own_figures_and_not_a_teammates(run, world):
    mine = table(run(c.ShowReport(report="leaderboard"), as_="sam"))
    assert {row[0] for row in mine.rows} == {"Sam Lee"}
    refused = run(c.ShowReport(report="win_rate", owner="maria"), as_="sam")
    assert isinstance(refused, Rejected) and "own figures" in refused.message
    assert {row[0] for row in table(run(c.ShowReport(report="win_rate"), as_="admin")).rows} == {"Maria Lopez", "Sam Lee"}


def test_win_rate_counts_won_and_lost_closed_in_the_period(run, world):
    result = table(run(c.ShowReport(report="win_rate", since="2026-10-01", until="2026-12-31"), as_="manager"))
    expected = rows_of("SELECT u.name, SUM(CASE WHEN stage = 'won' THEN 1 ELSE 0 END), "
                       "SUM(CASE WHEN stage = 'lost' THEN 1 ELSE 0 END) FROM deals d JOIN users u ON u.id = d.owner_id "
                       "WHERE stage IN ('won', 'lost') AND closed_at >= ? AND closed_at < ? GROUP BY u.name",
                       datetime(2026, 10, 1), datetime(2027, 1, 1))
    assert {(r[0], r[1], r[2]) for r in result.rows} == {(n, int(w), int(lost)) for n, w, lost in expected}
    assert ("Sam Lee", 1, 2, "33%") in result.rows


def test_the_forecast_weighs_open_deals_by_win_probability_per_close_month_and_currency(run, world):
    result = table(run(c.ShowReport(report="forecast"), as_="admin"))
    expected = rows_of("SELECT expected_close, currency, amount, COALESCE(win_probability, 0) FROM deals "
                       "WHERE stage IN ('lead', 'qualified', 'proposal', 'negotiation') AND expected_close IS NOT NULL")
    months: dict = {}
    for close, cur, amount, p in expected:
        key = (str(close)[:7], cur)
        months[key] = months.get(key, 0) + float(amount) * float(p)
    assert {(row[0], row[1]): row[4] for row in result.rows} == {k: money(v, k[1]) for k, v in months.items()}
    assert "1 deal without a win probability counts as 0." in result.notes


def test_activity_per_rep_and_kind(run, world):
    result = table(run(c.ShowReport(report="activity", since="2026-10-26", until="2026-11-25"), as_="manager"))
    expected = rows_of("SELECT u.name, a.kind, COUNT(*) FROM activities a JOIN users u ON u.id = a.user_id "
                       "WHERE a.occurred_at >= ? AND a.occurred_at < ? GROUP BY u.name, a.kind",
                       datetime(2026, 10, 26), datetime(2026, 11, 26))
    kinds = ("call", "meeting", "email", "note")
    got = {(row[0], kind): row[1 + i] for row in result.rows for i, kind in enumerate(kinds) if row[1 + i]}
    assert got == {(name, kind): n for name, kind, n in expected}


def test_tickets_volume_first_reply_resolution_and_csat_per_agent(run, world):
    result = table(run(c.ShowReport(report="tickets", since="2026-11-01", until="2026-11-30"), as_="manager"))
    expected = rows_of("SELECT u.name, COUNT(*), AVG(t.csat_score) FROM tickets t JOIN users u ON u.id = t.assignee_id "
                       "WHERE t.created_at >= ? AND t.created_at < ? GROUP BY u.name",
                       datetime(2026, 11, 1), datetime(2026, 12, 1))
    assert {(row[0], row[1], row[4]) for row in result.rows} == \
        {(name, n, round(float(avg), 2) if avg is not None else None) for name, n, avg in expected}
    maria = next(row for row in result.rows if row[0] == "Maria Lopez")
    assert maria[2] == 1.5  # first replies 1 h and 2 h after opening
    assert maria[3] == 48.0  # one resolved, two days after it was opened


def test_revenue_by_month_beside_the_same_month_a_year_before(run, world):
    result = table(run(c.ShowReport(report="revenue", since="2026-11-01", until="2026-11-30"), as_="admin"))
    now = rows_of("SELECT SUM(amount) FROM orders WHERE date BETWEEN ? AND ?", date(2026, 11, 1), date(2026, 11, 30))
    before = rows_of("SELECT SUM(amount) FROM orders WHERE date BETWEEN ? AND ?", date(2025, 11, 1), date(2025, 11, 30))
    assert result.rows == (("2026-11", money(now[0][0]), money(before[0][0]), "+67%", float(now[0][0])),)


def test_the_funnel_counts_open_deals_by_stage(run, world):
    result = table(run(c.ShowReport(report="funnel"), as_="admin"))
    open_by_stage = dict(rows_of("SELECT stage, COUNT(*) FROM deals WHERE stage IN ('lead', 'qualified', 'proposal', "
                                 "'negotiation') GROUP BY stage"))
    assert {row[0]: row[1] for row in result.rows if row[0] != "won"} == \
        {stage: open_by_stage.get(stage, 0) for stage in ("lead", "qualified", "proposal", "negotiation")}
    reached = {row[0]: row[3] for row in result.rows}
    assert reached["lead"] == rows_of("SELECT COUNT(*) FROM deals")[0][0] and reached["won"] == 4


LADDER = ("lead", "qualified", "proposal", "negotiation", "won")


def plain_funnel() -> dict[str, tuple]:
    """Per rung: open deals, their amounts per currency, deals that got at least that far; from plain SQL."""
    furthest = {deal: LADDER.index(stage) if stage in LADDER else 0
                for deal, stage in rows_of("SELECT id, stage FROM deals")}
    for deal, stage in rows_of("SELECT deal_id, to_stage FROM deal_stage_changes"):
        if stage in LADDER:
            furthest[deal] = max(furthest[deal], LADDER.index(stage))
    sums = rows_of("SELECT stage, currency, COUNT(*), SUM(amount) FROM deals GROUP BY stage, currency "
                   "ORDER BY stage, currency")
    out = {}
    for i, stage in enumerate(LADDER):
        mine = [(cur, n, total) for st, cur, n, total in sums if st == stage]
        count = sum(n for _cur, n, _total in mine) if stage != "won" else ""
        amount = " + ".join(money(float(total), cur) for cur, _n, total in mine) or money(0)
        out[stage] = (count, amount if stage != "won" else "", sum(1 for k in furthest.values() if k >= i))
    return out


def test_the_funnel_is_the_plain_querys_before_and_after_a_deal_is_won(run, world, customers):
    def shown() -> dict[str, tuple]:
        return {row[0]: row[1:4] for row in table(run(c.ShowReport(report="funnel"), as_="admin")).rows}

    before = shown()
    assert before == plain_funnel() and before["proposal"][0] == 1
    assert before["won"][2] == 4  # 4 won deals; no open deal reached won yet
    run(c.MoveDeal(customer="muller", stage="won"), as_="sam")
    after = shown()
    assert after == plain_funnel() and after["won"][2] == 5 and after["negotiation"][0] == 0
    run(c.MoveDeal(customer="acme", stage="lost"))  # lost from proposal: still counts as having reached it
    lost = shown()
    assert lost == plain_funnel() and lost["proposal"][0] == 0 and lost["proposal"][2] == after["proposal"][2]


def test_customer_lists_by_city_no_contact_and_no_order_since(run, world, customers):
    london = table(run(c.ListCustomers(city="london")))
    assert [row[0] for row in london.rows] == [n for (n,) in rows_of("SELECT name FROM customers WHERE city = 'London'")]
    quiet = table(run(c.ListCustomers(idle_days=25), at=NOW))
    expected = rows_of("SELECT name FROM customers c WHERE NOT EXISTS (SELECT 1 FROM activities a WHERE "
                       "a.customer_id = c.id AND a.occurred_at >= ?) ORDER BY name", NOW - 25 * DAY)
    assert [row[0] for row in quiet.rows] == [n for (n,) in expected] == ["Acme Labs"]
    lapsed = table(run(c.ListCustomers(no_order_since="2026-06-01")))
    expected = rows_of("SELECT name FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE "
                       "o.customer_id = c.id AND o.date >= ?) ORDER BY name", date(2026, 6, 1))
    assert [row[0] for row in lapsed.rows] == [n for (n,) in expected] == ["Globex Ltd", "Müller & Söhne GmbH"]


def test_a_customers_timeline_holds_everything_newest_first(run, world, customers):
    acme = customers["acme"].id
    campaign = OutreachCampaign.create(created_by=world["manager"].id, segment="at_risk", message="hi {name}")
    for customer_id in (acme, customers["globex"].id):
        Outbox.create(kind="telegram.outreach", key=f"outreach:{campaign.id}:{customer_id}", payload="{}",
                      campaign_id=campaign.id, status="sent", created_at=NOW - DAY)
    result = table(run(c.ShowTimeline(customer="Acme Corporation")))
    counted = sum(rows_of(q, acme)[0][0] for q in (
        "SELECT COUNT(*) FROM activities WHERE customer_id = ?", "SELECT COUNT(*) FROM deals WHERE customer_id = ?",
        "SELECT COUNT(*) FROM deal_stage_changes s JOIN deals d ON d.id = s.deal_id WHERE d.customer_id = ? "
        "AND s.from_stage IS NOT NULL", "SELECT COUNT(*) FROM tickets WHERE customer_id = ?",
        "SELECT COUNT(*) FROM orders WHERE customer_id = ?"))
    counted += rows_of("SELECT COUNT(*) FROM outbox WHERE campaign_id IS NOT NULL AND key = ?",
                       f"outreach:{campaign.id}:{acme}")[0][0]
    assert ("outreach", "Mona Manager") in {(row[1], row[3]) for row in result.rows}
    assert len(result.rows) == counted
    assert [row[0] for row in result.rows] == sorted((row[0] for row in result.rows), reverse=True)
    assert result.notes[0].startswith("Last contact: 2026-11-23") and "(call)" in result.notes[0]


def test_a_chinese_speaking_reps_timeline_says_how_each_outreach_message_went_in_chinese(run, world, customers):
    for segment, status in (("at_risk", "sent"), ("champions", "failed")):
        campaign = OutreachCampaign.create(created_by=world["manager"].id, segment=segment, message="hi {name}")
        Outbox.create(kind="telegram.outreach", key=f"outreach:{campaign.id}:{customers['acme'].id}", payload="{}",
                      campaign_id=campaign.id, status=status, created_at=NOW - DAY)
    with i18n.speaking(i18n.CHINESE):
        result = table(run(c.ShowTimeline(customer="Acme Corporation")))
    said = {row[2] for row in result.rows}
    assert {"给有流失风险分群的问候（已发送）", "给核心客户分群的问候（发送失败）"} <= said


def test_my_day_reminders_overdue_follow_ups_tickets_and_deals_to_touch(run, world):
    day = table(run(c.ShowMyDay(), as_="maria"))
    what = [(row[0], row[2]) for row in day.rows]
    assert ("reminder", "Acme Corporation") in what and not any(r[3] == "next week thing" for r in day.rows)
    # globex's follow-up passed with no later activity; müller's too; none answered by a later call
    overdue = rows_of("SELECT c.name FROM activities a JOIN customers c ON c.id = a.customer_id WHERE a.user_id = ? "
                      "AND a.follow_up < ? AND NOT EXISTS (SELECT 1 FROM activities b WHERE b.customer_id = "
                      "a.customer_id AND b.occurred_at > a.occurred_at)", world["maria"].id, date(2026, 11, 25))
    assert [row[2] for row in table(run(c.ShowMyDay(part="follow_ups"), as_="maria")).rows] == [n for (n,) in overdue]
    assert "Müller & Söhne GmbH" not in [n for (n,) in overdue]  # sam called them after maria's follow-up date
    assert ("ticket", "Globex Ltd") in what and ("deal", "Acme Corporation") in what  # closing in 3 days


def test_a_day_with_more_than_a_report_lists_says_how_many_there_are(run, world, customers, monkeypatch):
    from crm_core.services import insights
    for k in range(3):  # closing tomorrow: to touch
        Deal.create(customer=customers["globex"], title=f"Add-on {k}", amount=100 * k, stage="lead",
                    owner=world["maria"], expected_close=date(2026, 11, 26))
    whole_day = table(run(c.ShowMyDay(), as_="maria")).rows
    to_touch = rows_of("SELECT COUNT(*) FROM deals d WHERE d.owner_id = ? AND d.stage IN ('lead', 'qualified', "
                       "'proposal', 'negotiation') AND (d.expected_close <= ? OR NOT EXISTS (SELECT 1 FROM activities "
                       "a WHERE a.customer_id = d.customer_id AND a.occurred_at >= ?))", world["maria"].id,
                       date(2026, 12, 2), datetime(2026, 11, 11, 10, 0))[0][0]
    monkeypatch.setattr(insights, "MOST", 2)
    deals, day = table(run(c.ShowMyDay(part="deals"), as_="maria")), table(run(c.ShowMyDay(), as_="maria"))
    assert to_touch > 2 and len(deals.rows) == 2 and paging.page(deals).total == to_touch
    assert day.rows == whole_day[:2] and paging.page(day).total == len(whole_day) > 2


def test_a_question_writes_nothing(run, world):
    before = database_state()
    for command in (*(c.ShowReport(report=name, chart=True) for name in ("leaderboard", "win_rate", "deal_size",
                                                                       "sales_cycle", "funnel", "forecast",
                                                                       "activity", "tickets", "revenue")),
                    c.ShowMyDay(), c.ListCustomers(city="Boston"), c.ShowTimeline(customer="Globex Ltd")):
        assert isinstance(run(command, as_="manager"), Table)
    assert database_state() == before


def test_every_front_end_renders_a_report_and_its_csv(run, world):
    result = run(c.ShowReport(report="leaderboard"), as_="manager")
    text = console.render(result)
    assert "Maria Lopez" in text and "Leaderboard" in text
    args = message([result], Asker("slack:C1:", "UMARIA"))
    check_message(args)
    assert any("Maria Lopez" in str(block) for block in args["blocks"])
    reply = telegram.rep(result)
    assert reply.text.startswith("<pre>") and "Maria Lopez" in reply.text and len(reply.text) <= 4096
    assert paging.csv_text(result).splitlines()[0] == "Rep,Won,Amount"
    assert paging.csv_name(result) == "leaderboard.csv"


def test_asked_in_crm_chat_the_questions_are_answered_and_nothing_is_written(world, customers):
    import io
    out, before = io.StringIO(), database_state()
    console.chat(world["manager"], ["leaderboard", "win rate this month", "customers in london",
                                    "what's our history with acme corporation", "overdue follow-ups",
                                    "forecast as csv"], out)
    text = out.getvalue()
    assert "Leaderboard: deals won (all time)" in text and "Win rate" in text
    assert "Customers in London" in text and "Globex Ltd" in text
    assert "History with Acme Corporation" in text and "Weighted forecast" in text
    assert "Overdue follow-ups" in text
    crm_data = lambda state: {k: v for k, v in state.items() if k != "conversations"}  # noqa: E731 (the chat's own state)
    assert crm_data(database_state()) == crm_data(before)


def test_a_manager_with_a_team_sees_only_the_team(run, world):
    world["manager"].team = "east"
    world["manager"].save()
    world["maria"].team = "East"
    world["maria"].save()
    result = table(run(c.ShowReport(report="win_rate"), as_="manager"))
    assert {row[0] for row in result.rows} == {"Maria Lopez"} and "east team" in result.title
    refused = run(c.ShowReport(report="leaderboard", owner="sam"), as_="manager")
    assert isinstance(refused, Rejected) and "not on your team" in refused.message
    assert {row[0] for row in table(run(c.ShowReport(report="win_rate"), as_="admin")).rows} == {"Maria Lopez", "Sam Lee"}


def test_a_chart_asked_for_is_a_png_in_telegram_and_a_path_in_the_console(run, world):
    import io
    from pathlib import Path
    result = table(run(c.ShowReport(report="activity", chart=True), as_="manager"))
    assert dict(result.chart) == {row[0]: float(row[5]) for row in result.rows}
    assert telegram.rep(result).photo.startswith(b"\x89PNG")
    assert not table(run(c.ShowReport(report="activity"), as_="manager")).chart  # none unless asked
    assert telegram.rep(run(c.ShowReport(report="activity"), as_="manager")).photo is None
    out = io.StringIO()
    console.chat(world["manager"], ["activity by rep chart"], out)
    [path] = [line.removeprefix("Chart: ") for line in out.getvalue().splitlines() if line.startswith("Chart: ")]
    assert Path(path).read_bytes().startswith(b"\x89PNG")
    Path(path).unlink()


def test_as_csv_gives_the_whole_table_as_a_file_however_short(run, world):
    import csv as csv_module
    import io
    from pathlib import Path
    out = io.StringIO()
    console.chat(world["manager"], ["leaderboard", "win rate as csv"], out)
    [path] = [line.removeprefix("The whole list: ") for line in out.getvalue().splitlines()
              if line.startswith("The whole list: ")]  # only the one asked as csv
    rows = list(csv_module.reader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    shown = table(run(c.ShowReport(report="win_rate"), as_="manager"))
    assert rows == [list(shown.columns), *([str(cell) for cell in row] for row in shown.rows)]
    Path(path).unlink()
    asked = run(c.ShowReport(report="win_rate", csv=True), as_="manager")
    buttons = [b.text for line in telegram.rep(asked).markup.inline_keyboard for b in line]
    assert "CSV file" in buttons and telegram.rep(shown).markup is None


def test_top_customers_keep_their_period_and_rank_by_orders(run, world):
    result = run(c.ShowTopCustomers(metric="orders", since="2026-01-01", until="2026-12-31"))
    expected = rows_of("SELECT c.name, COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id "
                       "WHERE o.date BETWEEN ? AND ? GROUP BY c.id, c.name ORDER BY COUNT(*) DESC, c.id",
                       date(2026, 1, 1), date(2026, 12, 31))
    assert [(row.name, row.value) for row in result.rows] == [(n, float(k)) for n, k in expected]
    text = console.render(result)
    assert "since 2026-01-01 until 2026-12-31" in text and "Orders" in text
    check_message(message([result], Asker("slack:C1:", "UMARIA")))
