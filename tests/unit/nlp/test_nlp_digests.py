"""subscribe_digest, unsubscribe_digest and show_digest; times are literal 24-hour unless am/pm is said."""
import pytest

from crm_core import commands as c
from crm_core.nlp_commands import parse

from .conftest import NOW

SUBSCRIBE = [
    ("send me a daily digest at 8am", {"frequency": "daily", "at": "08:00"}),
    ("daily digest at 7:30 please", {"frequency": "daily", "at": "07:30"}),
    ("weekly digest on mondays at 9 on telegram",
     {"frequency": "weekly", "at": "09:00", "weekday": "mon", "via": "telegram"}),
    ("i want a digest every friday at 5pm", {"frequency": "weekly", "at": "17:00", "weekday": "fri"}),
    ("Send Me A Daily Digset At 8AM", {"frequency": "daily", "at": "08:00"}),  # a typo, capitals
    ("daily digest at 7:30pm on slack", {"frequency": "daily", "at": "19:30", "via": "slack"}),
    ("digest every morning at 8", {"frequency": "daily", "at": "08:00"}),
    ("weekly digest on friday at 17:30", {"frequency": "weekly", "at": "17:30", "weekday": "fri"}),
    ("digest at 8 in the evening", {"at": "20:00"}),
    ("i want the digest at noon", {"at": "12:00"}),
    ("daily digest at 5", {"at": "05:00"}),  # literal: not 17:00
    ("daily digest at 12am", {"at": "00:00"}),
    ("weekly summary on tue", {"frequency": "weekly", "weekday": "tue"}),
]


@pytest.mark.parametrize("text, slots", SUBSCRIBE)
def test_subscribe_digest(check, text, slots):
    check(text, "subscribe_digest", slots)


def test_the_command_carries_every_slot(check):
    command = check("weekly digest on mondays at 9 on telegram", "subscribe_digest").to_command()
    assert command == c.SubscribeDigest(frequency="weekly", at="09:00", weekday="mon", via="telegram")


def test_what_is_not_said_is_left_to_the_service(check):
    result = check("weekly digest please", "subscribe_digest", {"frequency": "weekly"})
    assert "weekday" not in result.slots and "at" not in result.slots
    assert result.to_command() == c.SubscribeDigest(frequency="weekly", at="08:00", weekday=None, via=None)


@pytest.mark.parametrize("text, slots", [("daily digest at 25", {"at": "25:00"}),
                                         ("monthly digest", {"frequency": "monthly"})])
def test_what_cannot_be_kept_is_passed_on_for_the_service_to_refuse(check, text, slots):
    check(text, "subscribe_digest", slots)


@pytest.mark.parametrize("text", ["stop my digest", "unsubscribe me from the digest", "no more digests",
                                  "cancel the weekly digest", "Turn Off My Digest", "pause my daily digest",
                                  "no more digests please"])
def test_unsubscribe_digest(check, text):
    assert check(text, "unsubscribe_digest").to_command() == c.UnsubscribeDigest()


@pytest.mark.parametrize("text", ["show me the digest", "digest preview", "what's in my digest", "show digest",
                                  "preview my digest", "send me the digest now", "digest?", "what would my digest say"])
def test_show_digest(check, text):
    assert check(text, "show_digest").to_command() == c.ShowDigest()


@pytest.mark.parametrize("text", [
    "this article is hard to digest", "let me digest that", "reader's digest had a good piece",
    "I read the digest earlier, thanks", "need time to digest the cyberdyne proposal", "is there a daily standup today?",
    "weekly sync at 9", "I'll be in at 8am", "see you at 5pm", "what time is the daily standup",
])
def test_not_about_the_digest(resolver, text):
    assert "digest" not in parse(text, NOW, resolver).intent, text


@pytest.mark.parametrize("text, intent", [
    ("please turn the daily digest off", "unsubscribe_digest"),
    ("no digest for me", "unsubscribe_digest"),
    ("the daily digest", "show_digest"),
    ("daily digest preview", "show_digest"),
    ("monthly digest", "subscribe_digest"),
])
def test_the_digest_with_or_without_its_article(check, text, intent):
    check(text, intent)


@pytest.mark.parametrize("text", ["can i get a preview of the digest", "what does my digest say",
                                  "send the digest to this chat", "can i get the digest rn"])
def test_asking_for_the_digest_now_shows_it(check, text):
    check(text, "show_digest")


@pytest.mark.parametrize("text, intent", [
    ("digest off", "unsubscribe_digest"), ("drop me from the digest list", "unsubscribe_digest"),
    ("opt me into the digest", "subscribe_digest"), ("enroll me in the digest", "subscribe_digest"),
    ("turn the digest on", "subscribe_digest"), ("add me to the digest list", "subscribe_digest"),
])
def test_opting_in_and_out_in_other_words(check, text, intent):
    check(text, intent)
