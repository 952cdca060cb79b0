"""`crm chat`: a customer card says which of its lists it cuts ("Showing 10 of 37.") and what to type for the rest,
and typing it lists them (in Chinese for a rep who speaks it)."""
from __future__ import annotations

import io
import re

from bots.console import chat
from crm_core.models import User
from tests.bots.long_cards import ACTIVITIES, DEALS, TICKETS, busy_customer, open_deal_titles


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
