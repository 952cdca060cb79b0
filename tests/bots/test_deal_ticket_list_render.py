"""A deal or ticket list asked in words keeps its filters all the way to the screen (issue 14): the console, Slack
(Block Kit checked by the strict fake) and Telegram show only the matching rows, say what was asked, count them, total
them per currency (never one sum across currencies) and page a long list with More buttons that keep the filters."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bots import console
from bots.slack.blocks import Asker, message, render as slack_render
from bots.telegram import render as telegram
from crm_core import bus, paging
from crm_core import results as r
from crm_core.models import Customer, Deal, Ticket, User
from crm_core.names import normalize_name
from crm_core.nlp_commands import parse
from tests.bots.slack.conftest import buttons, text_of
from tests.fakes.block_kit import check_message

NOW = datetime(2026, 11, 25, 10, 0)
ASKER = Asker("slack:C1:", "UMARIA")


@pytest.fixture
def book(database):
    maria = User.create(name="Maria Lopez", role="rep", email="maria@crm.example")
    sam = User.create(name="Sam Lee", role="rep", email="sam@crm.example")
    for n in range(30):  # 25 closing this month (some in euros), 5 next year
        name = f"Customer {n:02d} GmbH"
        customer = Customer.create(name=name, name_norm=normalize_name(name), city="Berlin")
        close = date(2026, 11, 1 + n % 28) if n < 25 else date(2027, 2, 1)
        Deal.create(customer=customer, title=f"Deal {n}", amount=1000 * (n + 1), stage="proposal",
                    currency="EUR" if n % 5 == 0 else "USD", owner=maria if n % 2 else sam, expected_close=close,
                    created_at=NOW - timedelta(days=60))
        Ticket.create(number=1001 + n, customer=customer, subject=f"issue {n}", channel="console",
                      priority="urgent" if n % 3 == 0 else "normal", assignee=maria if n % 4 == 0 else sam,
                      created_at=NOW - timedelta(days=n), updated_at=NOW)
    return maria


def ask(text: str, user: User) -> r.Result:
    command = parse(text, NOW).to_command()
    return bus.handle(command, user, channel="console", now=NOW)


def test_deals_closing_this_month_shows_only_those_with_totals_per_currency(book):
    result = ask("deals closing this month", book)
    assert isinstance(result, r.Pipeline) and result.total == 25
    assert {t.currency: t.count for t in result.totals} == {"EUR": 5, "USD": 20}
    usd = sum(1000 * (n + 1) for n in range(25) if n % 5)
    text = console.render(result)
    assert "Deals closing 01 Nov 2026 – 30 Nov 2026" in text and f"${usd:,}.00" in text and "€" in text
    assert "Showing 1–20 of 25." in text and "Deal 29" not in text  # next year's deals are not in it


def test_slack_shows_the_filters_pages_and_keeps_them_on_more(book):
    result = ask("my deals closing this month", book)
    made = slack_render(result, ASKER)
    check_message({"blocks": made, "text": "deals"})
    shown = text_of(made)
    assert "Maria Lopez's deals closing 01 Nov 2026 – 30 Nov 2026" in shown and "12 deals" in shown
    assert "Deal 2 " not in shown  # Sam's
    more = [b for b in buttons(made) if b["text"]["text"] == "More"]
    assert not more  # 12 rows fit one page

    everyone = message([ask("deals closing this month", book)], ASKER)["blocks"]
    check_message({"blocks": everyone, "text": "deals"})
    assert "Showing 1–20 of 25." in text_of(everyone)
    assert any(b["text"]["text"] == "More" for b in buttons(everyone))


def test_telegram_page_buttons_keep_the_filters(book):
    result = ask("deals closing this month over 5k", book)
    reply = telegram.rep(result)
    assert len(reply.text) <= telegram.TEXT_MAX and "over 5,000" in reply.text
    datas = [b.callback_data for row in reply.markup.inline_keyboard for b in row]
    action, offset, again = paging.unpack(datas[0])
    assert (action, offset) == ("m", 20) and again == result_command("deals closing this month over 5k")
    page = bus.handle(again, book, now=NOW)
    assert {d.deal_id for d in page.deals} == {d.deal_id for d in result.deals}


def result_command(text: str):
    return parse(text, NOW).to_command()


def test_urgent_tickets_assigned_to_me_shows_only_those_everywhere(book):
    result = ask("urgent tickets assigned to me", book)
    wanted = {1001 + n for n in range(30) if n % 3 == 0 and n % 4 == 0}
    assert isinstance(result, r.TicketList) and {t.number for t in result.tickets} == wanted
    text = console.render(result)
    assert text.startswith("Urgent open/pending tickets assigned to Maria Lopez")
    made = slack_render(result, ASKER)
    check_message({"blocks": made, "text": "tickets"})
    assert all(f"#{n}" in text_of(made) for n in wanted) and "#1002" not in text_of(made)
    assert "#1004" not in telegram.rep(result).text  # Maria's, not urgent


def test_every_list_answer_is_a_valid_slack_message(book):
    for text in ("unassigned tickets", "tickets older than 3 days", "deals won this quarter", "deals under 3k",
                 "deals stuck in proposal for 2 weeks", "deals with no activity in 30 days", "tickets breaching sla"):
        result = ask(text, book)
        assert not isinstance(result, r.Rejected), (text, result)
        check_message(message([result], ASKER))
