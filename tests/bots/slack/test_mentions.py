"""Teammates mentioned inside a command (`<@U…>`) become their CRM first names before the dialogue reads
the text; a mentioned member who is new becomes a CRM user as on first contact; guests and unknown ids are
refused by name, and nothing runs."""
from __future__ import annotations

import pytest

from crm_core.models import Customer, Deal, Ticket, User
from tests.bots.slack.conftest import CHANNEL, text_of
from tests.fakes.slack_api import BOT_USER_ID


@pytest.fixture
def ticket(slack, customers):
    return Ticket.create(number=1042, customer=customers["globex"], subject="Invoice is wrong", channel="telegram")


@pytest.fixture
def mona(slack):
    slack.api.add_user("UMONA", "Mona Manager", "mona@crm.example")
    return User.create(name="Mona Manager", role="manager", email="mona@crm.example")


def test_assigning_a_ticket_to_a_mentioned_newcomer_makes_them_a_user_and_assigns_it(slack, ticket, mona):
    slack.command("assign ticket 1042 to <@USAM>", user="UMONA")
    [reply] = slack.api.wait_for("response")
    assert "assigned to Sam Lee" in text_of(reply.args["blocks"])
    sam = User.get(User.slack_user_id == "USAM")
    assert (sam.name, sam.email, sam.role) == ("Sam Lee", "sam@crm.example", "rep")
    assert Ticket.get_by_id(ticket.id).assignee_id == sam.id


def test_a_mention_with_a_label_in_an_app_mention_names_whose_pipeline(slack, customers):
    maria = User.get(User.email == "maria@crm.example")
    Deal.create(customer=customers["globex"], title="Globex renewal", amount=12000, stage="proposal", owner=maria)
    slack.api.add_user("USAM", "Sam Lee", "sam@crm.example")
    slack.event({"type": "app_mention", "user": "USAM", "channel": CHANNEL, "ts": "1700000100.000100",
                 "event_ts": "1700000100.000100",
                 "text": f"<@{BOT_USER_ID}> show <@UMARIA|maria.lopez>'s pipeline"})
    [post] = slack.api.wait_for("chat.postEphemeral")  # a report is for the asker
    assert "Globex renewal" in text_of(post.args["blocks"])
    assert User.get(User.email == "maria@crm.example").slack_user_id == "UMARIA"  # linked by email


@pytest.mark.parametrize("mentioned, said", [
    ("UGUEST", "<@UGUEST> is a Slack guest, so they can't be in the CRM. Nothing was done."),
    ("UNOBODY", "I can't find <@UNOBODY> in this workspace. Nothing was done."),
])
def test_a_mention_that_cant_be_a_teammate_is_named_and_nothing_runs(slack, ticket, mona, mentioned, said):
    slack.command(f"assign ticket 1042 to <@{mentioned}>", user="UMONA")
    [refusal] = slack.api.wait_for("response")
    assert refusal.args["response_type"] == "ephemeral" and refusal.args["text"] == said
    slack.api.quiet(0.3)
    assert len(slack.api.of("response")) == 1
    assert Ticket.get_by_id(ticket.id).assignee_id is None
    assert User.select().where(User.slack_user_id == mentioned).count() == 0


def test_a_mentioned_bot_is_not_a_teammate(slack, ticket, mona):
    slack.api.add_user("UOTHERBOT", "Deploy Bot", is_bot=True)
    slack.event({"type": "message", "channel_type": "im", "user": "UMONA", "channel": "D0MONA",
                 "ts": "1700000200.000200", "event_ts": "1700000200.000200",
                 "text": "assign ticket 1042 to <@UOTHERBOT>"})
    [said] = slack.api.wait_for("chat.postMessage")
    assert said.args["channel"] == "D0MONA" and "is a bot or an app" in said.args["text"]
    assert Ticket.get_by_id(ticket.id).assignee_id is None and Customer.select().count() == 3
