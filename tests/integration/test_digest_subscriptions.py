"""Subscribing to digests in chat: who may, what is checked, when the first one comes, undo."""
from __future__ import annotations

import pytest

from crm_core import commands as c
from crm_core.models import DigestSubscription, User
from crm_core.results import DigestSubscribed, DigestUnsubscribed, Rejected, Undone

from .conftest import database_state


@pytest.fixture
def managers(team):
    berlin = User.create(name="Bea Berlin", role="manager", email="bea@crm.example", timezone="Europe/Berlin")
    new_york = User.create(name="Ned York", role="manager", email="ned@crm.example", timezone="America/New_York",
                           slack_user_id="U0NED")
    team.update(berlin=berlin, new_york=new_york)
    return team


def test_the_answer_says_when_the_first_digest_comes_in_the_managers_time(managers, run):
    # NOW is Wed 25 Nov 10:00 UTC: 11:00 in Berlin (today's 08:00 has passed), 05:00 in New York (it hasn't)
    berlin = run(c.SubscribeDigest(frequency="daily", at="08:00"), as_="berlin")
    new_york = run(c.SubscribeDigest(frequency="daily", at="08:00"), as_="new_york")
    assert isinstance(berlin, DigestSubscribed) and berlin.first_at == "2026-11-26T08:00+01:00"
    assert "Thu 26 Nov at 08:00" in berlin.message and "Europe/Berlin" in berlin.message
    assert new_york.first_at == "2026-11-25T08:00-05:00" and "Wed 25 Nov at 08:00" in new_york.message
    assert "on Slack" in new_york.message and "in the console" in berlin.message


def test_weekly_on_a_weekday_and_subscribing_again_updates_the_one_subscription(managers, run):
    run(c.SubscribeDigest(frequency="daily", at="08:00"), as_="manager")
    weekly = run(c.SubscribeDigest(frequency="weekly", at="09:30", weekday="friday"), as_="manager")
    assert weekly.first_at == "2026-11-27T09:30+00:00" and "every Friday at 09:30" in weekly.message
    subscription = DigestSubscription.get()
    assert (subscription.frequency, subscription.local_time, subscription.weekday) == ("weekly", "09:30", 4)
    assert DigestSubscription.select().count() == 1


def test_undo_takes_a_subscription_or_its_change_back(managers, run):
    run(c.SubscribeDigest(at="08:00"), as_="manager")
    run(c.SubscribeDigest(at="17:00"), as_="manager")
    assert isinstance(run(c.Undo(), as_="manager"), Undone)
    assert DigestSubscription.get().local_time == "08:00"
    assert isinstance(run(c.Undo(), as_="manager"), Undone)
    assert DigestSubscription.select().count() == 0


def test_the_json_path_takes_8pm_as_the_parser_would(managers, run):
    answer = run(c.from_json({"command": "subscribe_digest", "at": "8pm"}), as_="manager")
    assert answer.at == "20:00" and DigestSubscription.get().local_time == "20:00"


def test_unsubscribing(managers, run):
    run(c.SubscribeDigest(at="07:15"), as_="admin")
    stopped = run(c.UnsubscribeDigest(), as_="admin")
    assert isinstance(stopped, DigestUnsubscribed) and DigestSubscription.select().count() == 0
    again = run(c.UnsubscribeDigest(), as_="admin")
    assert isinstance(again, Rejected) and "no digest" in again.message and "daily digest" in again.hint


@pytest.mark.parametrize("who, command, said", [
    ("maria", c.SubscribeDigest(at="08:00"), "for managers and admins"),
    ("manager", c.SubscribeDigest(at="25:00"), "“25:00” is not a time of day"),
    ("manager", c.from_json({"command": "subscribe_digest", "at": 25}), "“25” is not a time of day"),
    ("manager", c.from_json({"command": "subscribe_digest", "at": "13pm"}), "“13pm” is not a time of day"),
    ("manager", c.SubscribeDigest(frequency="hourly"), "“hourly” is not how often"),
    ("manager", c.SubscribeDigest(frequency="weekly", weekday="someday"), "“someday” is not a day of the week"),
    ("manager", c.SubscribeDigest(via="fax"), "can't send a digest by “fax”"),
    ("manager", c.SubscribeDigest(via="telegram"), "Telegram account isn't linked"),
    ("manager", c.SubscribeDigest(via="slack"), "Slack account isn't linked"),
])
def test_bad_input_is_refused_with_what_to_do_and_writes_nothing(managers, run, who, command, said):
    before = database_state()
    answer = run(command, as_=who)
    assert isinstance(answer, Rejected) and said in answer.message and answer.hint
    assert database_state() == before


def test_the_refusals_say_how_to_link_and_what_a_rep_can_do_instead(managers, run):
    assert "link my telegram" in run(c.SubscribeDigest(via="telegram"), as_="manager").hint
    assert "pipeline" in run(c.SubscribeDigest(), as_="sam").hint
