"""set_notify_via: "send my reminders on telegram" says where reminders and digests reach the speaker."""
import pytest

from crm_core import commands as c
from crm_core.nlp_commands import parse

from .conftest import NOW

NOTIFY_VIA = [
    ("send my reminders on telegram", "telegram"),
    ("notify me on slack", "slack"),
    ("reminders via telegram please", "telegram"),
    ("send my notifications to the console", "console"),
    ("Notify Me On Telgram", "telegram"),  # a typo of the platform
    ("i'd rather get my reminders in slack", "slack"),
    ("switch my notifications to telegram", "telegram"),
    ("dm me on slack from now on", "slack"),
    ("alert me in the terminal", "console"),
    ("notify me on slack instead of email", "slack"),
    ("send my reminders to my email", "email"),  # recognised, so the service can say it can't
]


@pytest.mark.parametrize("text, via", NOTIFY_VIA)
def test_set_notify_via(check, text, via):
    assert check(text, "set_notify_via", {"via": via}).to_command() == c.SetNotifyVia(via=via)


@pytest.mark.parametrize("text", ["remind me on slack tomorrow to call cyberdyne", "remind me to check slack",
                                  "set a reminder for friday"])
def test_remind_me_stays_remind(check, text):
    check(text, "remind")


@pytest.mark.parametrize("text", [
    "did you see the message on slack?", "I'll send the slides on slack", "can you send me that on telegram",
    "notify the team on slack about the oscorp deal", "I saw it on slack", "slack is down again",
    "let me check my notifications", "turn off notifications on my phone", "the console is broken",
    "email me the slides when you can", "don't notify me on slack",
    "ping me on slack when you're free",  # said to a teammate: no reminder without a time, no channel change
])
def test_not_a_channel_change(resolver, text):
    assert parse(text, NOW, resolver).intent != "set_notify_via", text


@pytest.mark.parametrize("text, via", [
    ("ping me on slack instead of email", "slack"),
    ("use telegram to remind me", "telegram"),
    ("i'd rather get notified on telegram", "telegram"),
])
def test_choosing_the_channel_is_not_a_reminder(check, text, via):
    check(text, "set_notify_via", {"via": via})


def test_a_reminder_said_on_a_channel_stays_a_reminder(check):
    check("remind me on telegram to call cyberdyne tomorrow", "remind", {"when": "2026-11-26"})
