"""“send my reminders on telegram”: where a teammate's reminders go (users.notify_via)."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bots import console
from bots.slack import blocks
from bots.telegram import render
from crm_core import commands as c
from crm_core import results as r
from crm_core.models import AuditLog, Outbox, Reminder, User
from tests.integration.conftest import NOW, database_state
from workers.actors.reminders import fire_due


def test_a_linked_channel_is_chosen_and_the_next_reminder_goes_there(team, run):
    maria = team["maria"]
    User.update(slack_user_id="U01MARIA", telegram_user_id=5550001).where(User.id == maria.id).execute()
    result = run(c.from_json({"command": "set_notify_via", "via": "telegram"}))
    assert isinstance(result, r.NotifyViaSet) and result.via == "telegram"
    assert result.message == "OK: your reminders and digests go to Telegram from now on."
    assert User.get_by_id(maria.id).notify_via == "telegram"
    assert AuditLog.select().where(AuditLog.action == "set_notify_via").count() == 1

    Reminder.create(user=maria.id, text="call Acme", due_at=NOW - timedelta(minutes=1))
    fire_due(NOW)
    row = Outbox.get()
    assert row.kind == "telegram.message" and json.loads(row.payload)["chat_id"] == 5550001


def test_undo_puts_the_previous_channel_back(team, run):
    User.update(slack_user_id="U01MARIA").where(User.id == team["maria"].id).execute()
    run(c.SetNotifyVia(via="console"))
    assert User.get_by_id(team["maria"].id).notify_via == "console"
    assert isinstance(run(c.Undo()), r.Undone)
    assert User.get_by_id(team["maria"].id).notify_via is None


@pytest.mark.parametrize("via, says, how", [
    ("telegram", "Your Telegram account isn't linked", "“link my telegram”"),
    ("slack", "Your Slack account isn't linked", "Write to the CRM bot in Slack once"),
    ("carrier pigeon", "“carrier pigeon” is not a channel for your reminders", "slack, telegram, console"),
    ("", "“” is not a channel", "slack, telegram, console"),
])
def test_a_channel_the_user_cant_get_is_refused_with_how_to_link_it(team, run, via, says, how):
    before = database_state()
    refused = run(c.SetNotifyVia(via=via))
    assert isinstance(refused, r.Rejected), refused
    assert says in refused.message and how in refused.hint
    assert database_state() == before


def test_choosing_the_current_channel_again_changes_nothing(team, run):
    run(c.SetNotifyVia(via="console"))
    again = run(c.SetNotifyVia(via="CONSOLE"))
    assert isinstance(again, r.Notice) and "already" in again.message
    assert AuditLog.select().where(AuditLog.action == "set_notify_via").count() == 1


def test_every_front_end_shows_the_choice(team, run):
    result = run(c.SetNotifyVia(via="console"))
    assert console.render(result) == result.message
    assert render.rep(result).text == result.message
    slack = blocks.render(result, blocks.Asker("k", "U1"))
    assert "the console from now on" in slack[0]["text"]["text"]
    assert blocks.is_private(result)  # a personal setting is not posted to the channel
