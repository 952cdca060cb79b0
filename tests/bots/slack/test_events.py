"""Mentions and DMs, identity on first contact, guests, replays and retries, 429s, App Home."""
from __future__ import annotations

import json
import time

from crm_core.commands import CompleteReminder, from_json
from crm_core.models import Activity, Deal, ProcessedEvent, Reminder, User, utcnow
from tests.bots.slack.conftest import CHANNEL, button_named, text_of
from tests.fakes.slack_api import BOT_USER_ID


def mention(text: str, user: str = "UMARIA", ts: str = "1700000100.000100", **more) -> dict:
    return {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts, "channel": CHANNEL,
            "event_ts": ts, **more}


def dm(text: str, user: str = "USAM", ts: str = "1700000200.000200") -> dict:
    return {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts, "channel": "D0SAM",
            "event_ts": ts}


def test_a_mention_is_answered_in_its_thread(slack, customers):
    assert slack.event(mention("log a meeting with <https://globex.example|Globex>, went well")).status == 200
    [post] = slack.api.wait_for("chat.postMessage")
    assert post.args["channel"] == CHANNEL and post.args["thread_ts"] == "1700000100.000100"
    assert "Logged a meeting with Globex Ltd." in text_of(post.args["blocks"])
    assert Activity.get().kind == "meeting"


def test_a_question_in_a_channel_is_only_for_the_asker(slack, customers):
    slack.event(mention("show acme"))
    [question] = slack.api.wait_for("chat.postEphemeral")
    assert question.args["user"] == "UMARIA" and question.args["thread_ts"] == "1700000100.000100"
    button_named(question.args["blocks"], "Acme Labs (Boston)")
    assert slack.api.of("chat.postMessage") == []


def test_a_direct_message_makes_a_new_member_a_crm_user_once(slack, customers):
    slack.event(dm("show globex"))
    [card] = slack.api.wait_for("chat.postMessage")
    assert card.args["channel"] == "D0SAM"
    assert "Globex Ltd" in text_of(card.args["blocks"])  # the customer card
    sam = User.get(User.slack_user_id == "USAM")
    assert (sam.name, sam.email, sam.timezone, sam.role) == ("Sam Lee", "sam@crm.example", "Europe/Berlin", "rep")
    slack.event(dm("show pipeline", ts="1700000300.000300"))
    slack.api.wait_for("chat.postMessage", 2)
    assert len(slack.api.of("users.info")) == 1  # the users row is the cache
    assert User.select().where(User.slack_user_id == "USAM").count() == 1


def test_a_known_teammate_is_linked_by_email(slack, customers):
    slack.command("show pipeline")
    slack.api.wait_for("response")
    maria = User.get(User.email == "maria@crm.example")
    assert maria.slack_user_id == "UMARIA" and maria.timezone == "America/New_York"
    assert User.select().count() == 1


def test_guests_are_refused_politely_and_nothing_is_written(slack, customers):
    slack.command("log a call with globex", user="UGUEST")
    [refusal] = slack.api.wait_for("response")
    assert refusal.args["response_type"] == "ephemeral"
    assert "Slack guests can't use it" in refusal.args["text"]
    slack.event(mention("log a call with globex", user="UULTRA"))
    [ephemeral] = slack.api.wait_for("chat.postEphemeral")
    assert ephemeral.args["user"] == "UULTRA" and "guests" in ephemeral.args["text"]
    slack.command("show pipeline", user="UGUEST")
    slack.api.wait_for("response", 2)
    assert len([c for c in slack.api.of("users.info") if c.args["user"] == "UGUEST"]) == 1  # refusal cached
    assert Activity.select().count() == 0
    assert User.select().where(User.slack_user_id.in_(["UGUEST", "UULTRA"])).count() == 0


def test_a_replayed_event_and_a_retry_do_nothing_twice(slack, customers):
    event = mention("log a call with globex")
    assert slack.event(event, event_id="Ev0REPLAY").status == 200
    slack.api.wait_for("chat.postMessage")
    assert slack.event(event, event_id="Ev0REPLAY", headers={"X-Slack-Retry-Num": "1",
                                                               "X-Slack-Retry-Reason": "http_timeout"}).status == 200
    assert slack.event(event, event_id="Ev0REPLAY").status == 200
    slack.api.quiet(0.5)
    assert Activity.select().count() == 1
    assert len(slack.api.of("chat.postMessage")) == 1
    assert ProcessedEvent.select().where(ProcessedEvent.event_id == "event:Ev0REPLAY").count() == 1


def test_a_replayed_button_press_does_nothing_twice(slack, customers):
    slack.command("log a call with globex")
    [reply] = slack.api.wait_for("response")
    undo = button_named(reply.args["blocks"], "Undo")
    payload = {"type": "block_actions", "trigger_id": "777.777.samepress", "user": {"id": "UMARIA"},
               "container": {"type": "message", "message_ts": "1.1", "channel_id": CHANNEL},
               "channel": {"id": CHANNEL}, "response_url": slack.api.response_url("press-replayed"),
               "actions": [{"type": "button", "action_id": undo["action_id"], "value": undo["value"],
                            "block_id": "b", "text": undo["text"], "action_ts": "1.2"}]}
    slack.command("log a call with globex, second one")
    slack.api.wait_for("response", 2)
    assert Activity.select().count() == 2
    slack.interaction(payload)
    slack.interaction(payload)
    slack.api.quiet(0.5)
    assert Activity.select().count() == 1  # one undo, not two
    assert len([c for c in slack.api.of("response") if c.path.endswith("press-replayed")]) == 1


def test_a_429_from_the_web_api_is_retried_after_retry_after(slack, customers):
    slack.api.rate_limit_once("chat.postMessage", retry_after=1)
    started = time.monotonic()
    slack.event(mention("log a call with globex"))
    [post] = slack.api.wait_for("chat.postMessage", timeout=15)
    attempts = [c for c in slack.api.calls if c.method == "chat.postMessage"]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0
    assert time.monotonic() - started >= 1.0
    assert "Logged a call with Globex Ltd." in post.args["text"]


def test_app_home_shows_my_deals_reminders_and_tickets(slack, customers):
    maria = User.get(User.email == "maria@crm.example")
    Deal.create(customer=customers["globex"], title="Globex renewal", amount=12000, stage="proposal", owner=maria)
    reminder = Reminder.create(user=maria, customer=customers["acme"], text="Call Acme about the demo",
                               due_at=utcnow(), status="sent")
    slack.event({"type": "app_home_opened", "user": "UMARIA", "channel": "D0MARIA", "tab": "home",
                 "event_ts": "1700000400.000400"})
    [published] = slack.api.wait_for("views.publish")
    view = published.args["view"]
    assert published.args["user_id"] == "UMARIA" and view["type"] == "home"
    shown = text_of(view["blocks"])
    assert "Globex renewal" in shown and "Proposal" in shown
    assert "Call Acme about the demo" in shown and "No open tickets" in shown

    done = button_named(view["blocks"], "Done")
    payload = {"type": "block_actions", "user": {"id": "UMARIA"}, "view": {"id": "V0VIEW", "type": "home"},
               "container": {"type": "view", "view_id": "V0VIEW"},
               "actions": [{"type": "button", "action_id": done["action_id"], "value": done["value"],
                            "block_id": "b", "text": done["text"], "action_ts": "1.3"}]}
    slack.interaction(payload)
    slack.api.wait_for("views.publish", 2)
    assert Reminder.get_by_id(reminder.id).status == "done"
    assert from_json(json.loads(done["value"])["c"]) == CompleteReminder(reminder_id=reminder.id)
