"""`crm chat`: a customer card says which of its lists it cuts ("Showing 10 of 37.") and what to type for the rest,
and typing it lists them (in Chinese for a rep who speaks it); a digest's at-risk list comes whole as a CSV file."""
from __future__ import annotations

import csv
import io
import re

from bots.console import chat
from crm_core.models import User
from tests.bots.long_cards import ACTIVITIES, DEALS, TICKETS, busy_customer, open_deal_titles
from tests.bots.long_digest import AT_RISK, at_risk_customers, at_risk_names
from tests.bots.long_ticket import MESSAGE, MESSAGES, NUMBER, long_ticket, message_bodies


def test_the_card_says_how_many_and_what_to_type_for_the_rest(database):
    maria = User.create(name="Maria Lopez", role="rep", email="maria@crm.example")
    acme = busy_customer(maria)
    out = io.StringIO()
    chat(maria, ["show Acme Corp"], out)
    said = out.getvalue()
    assert f"Showing 10 of {DEALS}. For the rest type “deals for Acme Corp”." in said
    assert f"Showing 5 of {ACTIVITIES}. For the rest type “history with Acme Corp”." in said
    assert f"Showing 10 of {TICKETS}. For the rest type “tickets for Acme Corp”." in said

    out = io.StringIO()
    chat(maria, ["deals for Acme Corp"], out)
    said = out.getvalue()
    assert f"Showing 1–20 of {DEALS}." in said
    csv_path = re.search(r"(\S+\.csv)", said).group(1)
    with open(csv_path, encoding="utf-8") as listed:
        titles = {line.split(",")[1] for line in listed.read().splitlines()[1:]}
    assert titles == open_deal_titles(acme)


def test_a_chinese_speaking_rep_reads_it_in_chinese(database):
    maria = User.create(name="Maria Lopez", role="rep", email="maria@crm.example", language="zh")
    busy_customer(maria)
    out = io.StringIO()
    chat(maria, ["Acme Corp的情况怎么样"], out)
    assert f"显示 {DEALS} 条中的 10 条。查看其余的请输入“deals for Acme Corp”。" in out.getvalue()


def _csv_names(said: str) -> list[str]:
    path = re.search(r"(\S+\.csv)", said).group(1)
    with open(path, encoding="utf-8", newline="") as listed:
        return [row[0] for row in csv.reader(listed)][1:]


def test_the_digest_counts_the_customers_at_risk_and_writes_them_all_as_csv(database):
    mona = User.create(name="Mona Manager", role="manager", email="mona@crm.example")
    at_risk_customers()
    out = io.StringIO()
    chat(mona, ["show my digest"], out)
    said = out.getvalue()
    assert f"Showing 5 of {AT_RISK}." in said and "More at risk, the whole list: " in said
    names = _csv_names(said)
    assert len(names) == len(set(names)) == AT_RISK and set(names) == at_risk_names()


def test_a_chinese_speaking_manager_reads_the_digest_count_in_chinese(database):
    mona = User.create(name="Mona Manager", role="manager", email="mona@crm.example", language="zh")
    at_risk_customers()
    out = io.StringIO()
    chat(mona, ["摘要"], out)
    said = out.getvalue()
    assert f"显示 {AT_RISK} 条中的 5 条。" in said and "更多流失风险客户，完整列表：" in said


def test_a_ticket_card_says_how_many_messages_and_writes_the_whole_conversation(database):
    maria = User.create(name="Maria Lopez", role="rep", email="maria@crm.example")
    long_ticket(maria)
    out = io.StringIO()
    chat(maria, [f"status of #{NUMBER}"], out)
    said = out.getvalue()
    assert f"Showing 10 of {MESSAGES}." in said and "Earlier messages, the whole list: " in said
    path = re.search(r"(\S+\.csv)", said).group(1)
    with open(path, encoding="utf-8", newline="") as listed:
        bodies = [MESSAGE.match(row[2]).group(0) for row in list(csv.reader(listed))[1:]]
    assert len(bodies) == len(set(bodies)) == MESSAGES and set(bodies) == message_bodies()


def test_a_chinese_speaking_rep_reads_the_ticket_count_in_chinese(database):
    maria = User.create(name="Maria Lopez", role="rep", email="maria@crm.example", language="zh")
    long_ticket(maria)
    out = io.StringIO()
    chat(maria, [f"工单#{NUMBER}的情况"], out)
    said = out.getvalue()
    assert f"显示 {MESSAGES} 条中的 10 条。" in said and "更早的消息，完整列表：" in said
