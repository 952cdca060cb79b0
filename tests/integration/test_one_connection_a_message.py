"""A message costs one database connection and one write of its conversation row (issue 18 item 4), whether it
logs, reads or moves a deal, and whether its conversation is new or under way."""
from __future__ import annotations

import io

import pytest

from bots import console
from crm_core import commands as c
from crm_core.db import database
from crm_core.models import Activity, Conversation, Deal
from tests.db_watch import watching

MESSAGES = ("log a call with acme, follow up friday", "show top customers", "move the acme deal to negotiation")


@pytest.fixture
def maria(team, customers, run):
    run(c.CreateDeal(customer_id=customers["acme"].id, amount=100))
    database.close()  # the fixtures' autoconnected connection: each message starts with none open
    return team["maria"]


def _chat(maria, text: str) -> str:
    out = io.StringIO()
    with watching() as watch:
        console.chat(maria, [text], out)
    assert watch.opened() == 1, f"{text!r} opened {dict(watch.connections)}"
    assert watch.conversation_writes == 1, f"{text!r} wrote its conversation {watch.conversation_writes} times"
    return out.getvalue()


@pytest.mark.parametrize("text", MESSAGES)
def test_a_message_in_a_new_conversation_opens_one_connection_and_writes_its_row_once(maria, text):
    answer = _chat(maria, text)
    assert "didn't get that" not in answer
    assert Conversation.select().count() == 1


def test_each_message_of_a_conversation_under_way_does_too(maria, customers):
    for text in MESSAGES:
        _chat(maria, text)
    assert Activity.get().customer_id == customers["acme"].id
    assert Deal.get().stage == "negotiation"
    assert Conversation.select().count() == 1
