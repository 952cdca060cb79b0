"""Bolt verifies every request: a bad, missing or stale signature gets 401 and changes nothing."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from bots.slack.app import build_app
from bots.slack.server import SlackHttpServer
from bots.slack.verification import FixedClock
from crm_core.models import Activity, Conversation, ProcessedEvent, User
from tests.bots.slack.conftest import Slack, sign
from tests.integration.conftest import database_state

EXAMPLE = json.loads((Path(__file__).parents[2] / "data" / "slack-signing-example.json").read_text())


def _nothing_happened(slack, before) -> None:
    time.sleep(0.3)  # anything the request had started would be on its way by now
    assert database_state() == before
    assert [c.method for c in slack.api.calls] == ["auth.test"]


@pytest.mark.parametrize("how", ["bad", "missing", "stale", "wrong secret"])
def test_unverified_requests_get_401_and_change_nothing(slack, customers, how):
    before = database_state()
    if how == "bad":
        answer = slack.command("log a call with globex", signature="v0=" + "0" * 64)
    elif how == "missing":
        answer = slack.command("log a call with globex", sign_it=False)
    elif how == "stale":  # signed correctly, but 5 minutes and 1 second old
        answer = slack.command("log a call with globex", timestamp=str(int(time.time()) - 301))
    else:
        slack.secret = "not-the-signing-secret"
        answer = slack.command("log a call with globex")
    assert answer.status == 401
    _nothing_happened(slack, before)


def test_a_tampered_body_gets_401(slack, customers):
    before = database_state()
    timestamp = str(int(time.time()))
    signature = sign(slack.secret, timestamp, "text=show+pipeline")
    answer = slack.post("text=log+a+call+with+globex&command=%2Fcrm&user_id=UMARIA&channel_id=C1",
                        "application/x-www-form-urlencoded", timestamp=timestamp, signature=signature)
    assert answer.status == 401
    _nothing_happened(slack, before)


def test_a_fresh_correct_signature_passes(slack, customers):
    assert slack.command("show pipeline").status == 200
    slack.api.wait_for("response")


def test_slacks_documented_example_verifies_at_its_own_time(database, slack_api, settings):
    """docs: 'Verifying requests from Slack' worked example, checked with its 2018 timestamp as now."""
    settings = type(settings)(**{**settings.__dict__, "slack_signing_secret": EXAMPLE["signing_secret"]})
    app = build_app(settings, clock=FixedClock(float(EXAMPLE["timestamp"])))
    server = SlackHttpServer(app, port=0, host="127.0.0.1").start()
    try:
        client = Slack(server.url, slack_api, EXAMPLE["signing_secret"])
        assert sign(EXAMPLE["signing_secret"], EXAMPLE["timestamp"], EXAMPLE["body"]) == EXAMPLE["signature"]
        verified = client.post(EXAMPLE["body"], "application/x-www-form-urlencoded",
                               timestamp=EXAMPLE["timestamp"], signature=EXAMPLE["signature"])
        # Verified: it reaches the listeners, and no listener handles `/webhook-collect` (404, not 401).
        assert verified.status == 404 and "unhandled" in verified.body
        forged = client.post(EXAMPLE["body"], "application/x-www-form-urlencoded",
                             timestamp=EXAMPLE["timestamp"], signature=EXAMPLE["signature"][:-1] + "0")
        assert forged.status == 401
    finally:
        server.stop()
        app.close()
        getattr(database, "close_idle", lambda: None)()
    assert User.select().count() == 0 and Activity.select().count() == 0
    assert Conversation.select().count() == 0
    assert ProcessedEvent.select().count() == 1  # the verified command's trigger_id, recorded once
