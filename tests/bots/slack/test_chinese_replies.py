"""A rep who chose Chinese gets every kind of reply in Chinese through Slack: cards, lists, reports, edits,
reminders, contacts and team admin; only names and data stay as they were typed."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from crm_core import clock
from crm_core.models import Customer, Order, Ticket, User
from tests.bots.slack.conftest import text_of
from tests.integration.analytics_seed import set_scores

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
THEIRS = ("Globex Ltd", "Acme Corporation", "Acme Labs", "Springfield", "Boston", "London", "Maria Lopez",
          "Sam Lee", "Dana Ruiz", "dana@globex.example", "Invoice missing", "crm score", "crm segment", "US$")


def bot_words_in_english(text: str) -> list[str]:
    text = re.sub(r"[\w.]+@[\w.]+|#\d+|:[a-z_]+:", "", text)  # addresses, ticket numbers, emoji codes
    for name in THEIRS:
        text = text.replace(name, "")
    return LATIN_WORD.findall(text)


@pytest.fixture
def chinese(slack) -> User:
    User.update(language="zh").where(User.email == "maria@crm.example").execute()
    return User.get(User.email == "maria@crm.example")


def ask(slack, text: str, n: int) -> str:
    slack.command(text)
    return text_of(slack.api.wait_for("response", n)[n - 1].args["blocks"])


def test_the_customer_card_in_chinese_names_the_segment_the_ratings_and_the_outlook(slack, chinese, customers):
    globex = customers["globex"]
    Customer.update(segment="at_risk").where(Customer.id == globex.id).execute()
    orders = [clock.today() - timedelta(days=d) for d in (40, 70, 100)]
    Order.insert_many([{"customer": globex.id, "date": day, "amount": 100} for day in orders]).execute()
    set_scores(globex.id, churn_risk=0.35, p_alive=0.9)
    Ticket.create(number=7, customer=globex.id, subject="Invoice missing", status="resolved", csat_score=4)

    card = ask(slack, "show globex", 1)
    assert "有流失风险" in card  # the segment
    assert "3 笔订单，最近一单在 40 天前，通常每 30 天一单：未来 90 天内不再下单的概率为 35%" in card
    assert "4.0/5（1次评分）" in card
    assert bot_words_in_english(card) == []
