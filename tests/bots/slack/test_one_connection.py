"""A Slack message, signed as Slack signs it and handled by Bolt, costs its listener one database connection
and one write of its conversation row (issue 18 item 4): who asked, the dialogue, the write and the reply share
it. (Acknowledging the request records its event id on the HTTP thread, before the listener runs.)"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from bots.slack import senders
from bots.slack.app import build_app
from bots.slack.server import SlackHttpServer
from crm_core.db import database
from crm_core.models import Activity, Conversation, User
from tests.bots.slack.conftest import CHANNEL, Slack, text_of
from tests.db_watch import watching
from tests.fakes.slack_api import BOT_USER_ID


@pytest.fixture
def served(database, slack_api, settings, customers) -> Iterator[tuple[Slack, SlackHttpServer]]:
    User.create(name="Maria Lopez", role="rep", email="maria@crm.example", timezone="UTC")
    database.close()  # the fixtures' autoconnected connection
    server = SlackHttpServer(build_app(settings), port=0, host="127.0.0.1").start()
    try:
        yield Slack(server.url, slack_api), server
    finally:
        server.stop()
        server.app.close()
        senders.configure(None)
        if hasattr(database, "close_idle"):
            database.close_idle()


def test_a_slash_command_opens_one_connection_and_writes_its_conversation_once(served):
    slack, server = served
    with watching() as watch:
        assert slack.command("log a call with globex, follow up friday").status == 200
        [reply] = slack.api.wait_for("response")
        server.app.listener_pool.shutdown(wait=True)  # the listener has finished
    assert "Logged a call with Globex Ltd." in text_of(reply.args["blocks"])
    assert watch.opened("slack-listener") == 1, dict(watch.connections)
    assert watch.conversation_writes == 1
    assert Activity.get().customer.name == "Globex Ltd"


def test_a_mention_read_and_answered_in_its_thread_does_too(served):
    slack, server = served
    mention = {"type": "app_mention", "user": "UMARIA", "text": f"<@{BOT_USER_ID}> show top customers",
               "ts": "1700000100.000100", "channel": CHANNEL, "event_ts": "1700000100.000100"}
    with watching() as watch:
        assert slack.event(mention).status == 200
        [post] = slack.api.wait_for("chat.postEphemeral")  # a read said in a channel is for the asker only
        server.app.listener_pool.shutdown(wait=True)
    assert post.args["thread_ts"] == "1700000100.000100"
    assert watch.opened("slack-listener") == 1, dict(watch.connections)
    assert watch.conversation_writes == 1
    assert Conversation.select().count() == 1
