"""After a write from Slack the App Homes it changed are published again: the actor's, and the home of a
teammate whose ticket, deal or reminder it was (when they are on Slack). Reads publish nothing."""
from __future__ import annotations

import pytest

from crm_core.models import Deal, Ticket, User
from tests.bots.slack.conftest import text_of


@pytest.fixture
def mona(slack):
    slack.api.add_user("UMONA", "Mona Manager", "mona@crm.example")
    return User.create(name="Mona Manager", role="manager", email="mona@crm.example", slack_user_id="UMONA")


def homes(slack) -> dict[str, str]:
    """Slack id -> the text of the last home published for them."""
    return {call.args["user_id"]: text_of(call.args["view"]["blocks"]) for call in slack.api.of("views.publish")}


def test_a_write_refreshes_the_actors_home_after_the_reply(slack, customers):
    answer = slack.command("log a call with globex, they want a demo")
    assert answer.status == 200 and answer.body == ""
    [published] = slack.api.wait_for("views.publish")
    assert published.args["user_id"] == "UMARIA" and published.args["view"]["type"] == "home"
    [reply] = slack.api.of("response")
    assert reply.at <= published.at


def test_a_read_or_a_refusal_publishes_nothing(slack, customers):
    slack.command("show pipeline")
    slack.command("log a call with nobody-we-know")
    slack.api.wait_for("response", 2)
    slack.api.quiet(0.5)
    assert slack.api.of("views.publish") == []


def test_assigning_a_ticket_refreshes_the_assignees_home_with_it(slack, customers, mona):
    sam = User.create(name="Sam Lee", role="rep", email="sam@crm.example", slack_user_id="USAM")
    Ticket.create(number=1042, customer=customers["globex"], subject="Invoice is wrong", channel="telegram")
    slack.command("assign ticket 1042 to sam", user="UMONA")
    slack.api.wait_for("views.publish", 2)
    slack.api.quiet(0.3)
    shown = homes(slack)
    assert set(shown) == {"UMONA", "USAM"}
    assert "#1042" in shown["USAM"] and "Invoice is wrong" in shown["USAM"]
    assert Ticket.get(Ticket.number == 1042).assignee_id == sam.id


def test_a_teammate_who_is_not_on_slack_is_left_alone(slack, customers, mona):
    User.create(name="Sam Lee", role="rep", email="sam@crm.example")  # no slack_user_id
    Ticket.create(number=1042, customer=customers["globex"], subject="Invoice is wrong", channel="telegram")
    slack.command("assign ticket 1042 to sam", user="UMONA")
    slack.api.wait_for("views.publish")
    slack.api.quiet(0.3)
    assert set(homes(slack)) == {"UMONA"}


def test_moving_someones_deal_and_undoing_it_refreshes_their_home_each_time(slack, customers, mona):
    maria = User.get(User.email == "maria@crm.example")
    maria.slack_user_id = "UMARIA"
    maria.save()
    Deal.create(customer=customers["globex"], title="Globex renewal", amount=12000, stage="proposal", owner=maria)
    slack.command("move the globex deal to negotiation", user="UMONA")
    slack.api.wait_for("views.publish", 2)
    slack.api.quiet(0.3)
    assert "*Negotiation*" in homes(slack)["UMARIA"]
    slack.api.clear()
    slack.command("undo", user="UMONA")
    slack.api.wait_for("views.publish", 2)
    slack.api.quiet(0.3)
    assert "*Proposal*" in homes(slack)["UMARIA"] and "UMONA" in homes(slack)


class RecordingClient:
    """Stands in for the WebClient: the homes published, in order."""

    def __init__(self) -> None:
        self.published: list[str] = []

    def views_publish(self, user_id: str, view: dict) -> None:
        self.published.append(user_id)


def test_writes_taken_together_publish_each_home_once_and_close_publishes_what_is_due(database, customers):
    from bots.slack.home_refresh import HomeRefresher
    from crm_core import bus
    from crm_core import commands as c

    maria = User.create(name="Maria Lopez", role="rep", email="maria@crm.example", slack_user_id="UMARIA")
    client = RecordingClient()
    refresher = HomeRefresher(client, batch_seconds=60).start()
    for n in range(3):
        bus.handle(c.LogActivity(kind="call", customer_id=customers["globex"].id, summary=f"call {n}"), maria)
    bus.handle(c.ShowPipeline(owner="me"), maria)
    assert client.published == []  # the batch is still open
    refresher.close()
    assert client.published == ["UMARIA"]
