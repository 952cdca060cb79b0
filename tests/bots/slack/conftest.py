"""The Bolt app served on a local port (Tornado, as in production), calling a fake Slack Web API;
requests signed exactly as Slack signs them."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine

from bots.slack import senders
from bots.slack.app import build_app
from bots.slack.server import SlackHttpServer
from crm_core.models import Customer, Outbox, Reminder, User, utcnow
from crm_core.names import normalize_name
from crm_core.settings import Settings
from tests.fakes.slack_api import BOT_USER_ID, TEAM_ID, FakeSlackApi

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SUPPORT = "CSUPPORT"
CHANNEL = "CSALES"
_ids = itertools.count(1)


def sign(secret: str, timestamp: str, body: str) -> str:
    basestring = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), basestring, hashlib.sha256).hexdigest()


@dataclass
class Answer:
    status: int
    body: str


def wall_clock() -> float:
    """The real time, for apps in another process: time-machine moves only this one's (see CRM_TEST_DATE)."""
    return time_machine.escape_hatch.time.time() if time_machine.escape_hatch.is_travelling() else time.time()


@dataclass
class Slack:
    """Sends what Slack would send to the app, signed."""
    url: str
    api: FakeSlackApi
    secret: str = SECRET
    clock: Callable[[], float] = time.time  # the app's clock: Slack signs with the time the app will check

    def post(self, body: str, content_type: str, *, timestamp: str | None = None, signature: str | None = None,
             headers: dict[str, str] | None = None, sign_it: bool = True) -> Answer:
        timestamp = timestamp or str(int(self.clock()))
        sent = {"Content-Type": content_type, **(headers or {})}
        if sign_it:
            sent["X-Slack-Request-Timestamp"] = timestamp
            sent["X-Slack-Signature"] = signature or sign(self.secret, timestamp, body)
        request = urllib.request.Request(self.url, data=body.encode(), headers=sent, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Answer(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode())

    def command(self, text: str, user: str = "UMARIA", channel: str = CHANNEL, **kw: Any) -> Answer:
        n = next(_ids)
        form = {"token": "legacy", "team_id": TEAM_ID, "team_domain": "crm-test", "channel_id": channel,
                "channel_name": "directmessage" if channel.startswith("D") else "sales", "user_id": user,
                "user_name": user.lower(), "command": "/crm", "text": text, "api_app_id": "A0CRM",
                "is_enterprise_install": "false", "response_url": self.api.response_url(f"cmd-{n}"),
                "trigger_id": f"{n}.{n}.trigger{n}"}
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **kw)

    def event(self, event: dict[str, Any], event_id: str | None = None, **kw: Any) -> Answer:
        n = next(_ids)
        body = {"token": "legacy", "team_id": TEAM_ID, "api_app_id": "A0CRM", "event": event,
                "type": "event_callback", "event_id": event_id or f"Ev{n:08d}", "event_time": int(time.time()),
                "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}]}
        return self.post(json.dumps(body), "application/json", **kw)

    def interaction(self, payload: dict[str, Any], **kw: Any) -> Answer:
        n = next(_ids)
        payload = {"team": {"id": TEAM_ID, "domain": "crm-test"}, "api_app_id": "A0CRM", "token": "legacy",
                   "trigger_id": f"{n}.{n}.press{n}", **payload}
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kw)

    def press(self, button: dict[str, Any], user: str = "UMARIA", *, channel: str = CHANNEL,
              message: dict[str, Any] | None = None, response_url: str | None = None, **kw: Any) -> Answer:
        """A block_actions payload for pressing `button` (a button element from a message we sent)."""
        message = message or {"type": "message", "ts": "1700000000.000001", "text": "", "user": BOT_USER_ID}
        n = next(_ids)
        payload = {"type": "block_actions", "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
                   "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel,
                                 "is_ephemeral": False, **({"thread_ts": message["thread_ts"]} if message.get("thread_ts") else {})},
                   "channel": {"id": channel, "name": "sales"}, "message": message,
                   "response_url": response_url or self.api.response_url(f"press-{n}"),
                   "actions": [{"type": "button", "action_id": button["action_id"], "block_id": "b",
                                "text": button["text"], "value": button.get("value", ""),
                                "action_ts": f"{time.time():.6f}"}]}
        return self.interaction(payload, **kw)


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b.get("type") == "actions" for e in b["elements"]]


def button_named(blocks: list[dict[str, Any]], label: str) -> dict[str, Any]:
    found = [b for b in buttons(blocks) if b["text"]["text"] == label]
    assert found, f"no {label!r} button in {[b['text']['text'] for b in buttons(blocks)]}"
    return found[0]


def text_of(blocks: list[dict[str, Any]]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"]["text"])
        parts += [e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str)]
        parts += [f["text"] for f in block.get("fields", [])]
    return "\n".join(parts)


@pytest.fixture
def slack_api() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        api.add_user("UMARIA", "Maria Lopez", "maria@crm.example", tz="America/New_York")
        api.add_user("USAM", "Sam Lee", "sam@crm.example")
        api.add_user("UGUEST", "Gail Guest", "gail@partner.example", is_restricted=True)
        api.add_user("UULTRA", "Uma Ultra", "uma@partner.example", is_ultra_restricted=True)
        yield api
        api.assert_all_valid()  # no test passes with a payload real Slack would refuse


@pytest.fixture
def settings(slack_api) -> Settings:
    return Settings(slack_bot_token="xoxb-test", slack_signing_secret=SECRET, slack_api_url=slack_api.api_url,
                    slack_support_channel=SUPPORT)


@pytest.fixture
def slack(database, slack_api, settings) -> Iterator[Slack]:
    """The app on a local port; Maria is a CRM rep already known by email, Sam is not a CRM user yet."""
    User.create(name="Maria Lopez", role="rep", email="maria@crm.example", timezone="UTC")
    server = SlackHttpServer(build_app(settings), port=0, host="127.0.0.1").start()
    try:
        yield Slack(server.url, slack_api)
    finally:
        server.stop()
        server.app.close()
        senders.configure(None)
        if hasattr(database, "close_idle"):  # the listener threads' pooled PostgreSQL connections
            database.close_idle()


@pytest.fixture
def sender_client(slack, settings):
    """The worker's Slack sender talking to the fake (reminders, notifications), as `crm run` configures it."""
    from bots.slack.client import web_client
    senders.configure(web_client(settings, wait_when_rate_limited=False), SUPPORT)
    yield
    senders.configure(None)


def fired_reminder_dm(slack: Slack, customer: Customer, text: str) -> tuple[Reminder, Any]:
    """Maria's reminder about `customer`, due now, fired by the worker and delivered to her Slack DM (needs the
    `sender_client` fixture): the reminder and the chat.postMessage call."""
    from workers import ratelimit
    from workers.actors.outbox import deliver
    from workers.actors.reminders import fire_due

    maria = User.get(User.email == "maria@crm.example")
    maria.slack_user_id = "UMARIA"
    maria.save()
    reminder = Reminder.create(user=maria, customer=customer, text=text, due_at=utcnow())
    fire_due(utcnow())
    ratelimit.configure(ratelimit.InProcessLimiter())
    assert deliver(Outbox.get().id).status == "sent"
    [message] = slack.api.of("chat.postMessage")
    return reminder, message


@pytest.fixture
def customers(database) -> dict[str, Customer]:
    def customer(name: str, city: str) -> Customer:
        return Customer.create(name=name, name_norm=normalize_name(name), city=city)
    return {"acme": customer("Acme Corporation", "Springfield"), "acme_labs": customer("Acme Labs", "Boston"),
            "globex": customer("Globex Ltd", "London")}
