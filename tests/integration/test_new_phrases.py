"""The new chat phrases through the whole dialogue (real parser, real services), on SQLite and PostgreSQL.

Invites, the reminder list and several moves at once run end to end; for digests, outreach and the
notification channel (their services are tested on their own) the commands the dialogue would run are checked.
"""
from __future__ import annotations

import pytest

from crm_core import commands as c
from crm_core.db import database as bound
from crm_core.dialogue import converse
from crm_core.models import Deal, TelegramInvite
from crm_core.results import CustomerInvited, DealMoved, Question, Rejected, ReminderList
from crm_core.services.linking import remember_bot
from crm_core.understanding import understand

from .conftest import NOW, database_state


@pytest.fixture
def say(team, customers):
    def _say(text, as_="maria", conversation="test", at=NOW):
        return converse(team[as_], conversation, text, channel="console", now=at)
    return _say


@pytest.fixture
def telegram_bot(database):
    with bound.connection_context():
        remember_bot("telegram", "CrmTestBot")


@pytest.mark.parametrize("text", ["invite acme corporation to telegram", "send Globex a telegram invite",
                                  "telegram link for acme labs"])
def test_invite_a_customer_gives_a_one_time_link(say, telegram_bot, customers, text):
    [result] = say(text, as_="manager")
    assert isinstance(result, CustomerInvited), result
    assert result.link.startswith("https://t.me/") and "?start=" in result.link
    invite = TelegramInvite.get()
    assert invite.customer_id == result.customer_id and result.link.endswith(invite.code)


def test_inviting_an_unknown_customer_says_so_and_writes_nothing(say, telegram_bot):
    before = database_state()
    [result] = say("invite Zeta Widgets to telegram")
    assert isinstance(result, Rejected) and "Zeta Widgets" in result.message
    assert TelegramInvite.select().count() == 0
    assert {k: v for k, v in database_state().items() if k != "conversations"} == \
        {k: v for k, v in before.items() if k != "conversations"}


def test_an_ambiguous_invite_asks_which_customer(say, telegram_bot, customers):
    [question] = say("invite acme", as_="manager")  # owns neither Acme
    assert isinstance(question, Question) and TelegramInvite.select().count() == 0
    [result] = say("acme labs", as_="manager")
    assert isinstance(result, CustomerInvited) and result.customer_id == customers["acme_labs"].id


@pytest.fixture
def reminders(run):
    for when, text in (("2026-11-25", "call acme"), ("2026-11-28", "send the deck"), ("2026-12-15", "renewal")):
        run(c.Remind(when=when, text=text))


@pytest.mark.parametrize("text, shown", [
    ("what's due today", ["call acme"]),
    ("my reminders this week", ["call acme", "send the deck"]),
    ("show my reminders", ["call acme", "send the deck", "renewal"]),  # no period said: every open one
    ("my reminders this month", ["call acme", "send the deck", "renewal"]),
])
def test_the_reminder_list_covers_the_days_asked_for(say, reminders, text, shown):
    [result] = say(text)
    assert isinstance(result, ReminderList)
    assert [line.text for line in result.reminders] == shown


def test_someone_elses_reminders_are_not_shown(say, reminders):
    [result] = say("show my reminders", as_="sam")
    assert isinstance(result, ReminderList) and result.reminders == ()


def test_two_moves_in_one_message_are_confirmed_then_both_done(say, run, customers):
    acme = run(c.CreateDeal(customer_id=customers["acme"].id, amount=100))
    globex = run(c.CreateDeal(customer_id=customers["globex"].id, amount=200))
    [question] = say("move Acme to proposal and Globex to negotiation")
    assert isinstance(question, Question) and len(question.summary) == 2
    assert {d.stage for d in Deal.select()} == {"lead"}
    results = say("yes")
    assert [type(r) for r in results] == [DealMoved, DealMoved]
    assert Deal.get_by_id(acme.deal_id).stage == "proposal"
    assert Deal.get_by_id(globex.deal_id).stage == "negotiation"


def test_a_move_naming_an_unknown_customer_moves_nothing(say, run, customers):
    run(c.CreateDeal(customer_id=customers["acme"].id, amount=100))
    [result] = say("move Acme to proposal and Zeta Widgets to won")
    assert isinstance(result, Rejected) and "Zeta Widgets" in result.message
    assert Deal.get().stage == "lead"


@pytest.mark.parametrize("text, command", [
    ("link my telegram", c.InviteRep()),
    ("send my reminders on telegram", c.SetNotifyVia(via="telegram")),
    ("notify me on slack", c.SetNotifyVia(via="slack")),
    ("send me a daily digest at 8am", c.SubscribeDigest(frequency="daily", at="08:00")),
    ("weekly digest on mondays at 9 on telegram",
     c.SubscribeDigest(frequency="weekly", at="09:00", weekday="mon", via="telegram")),
    ("stop my digest", c.UnsubscribeDigest()),
    ("what's in my digest", c.ShowDigest()),
    ("send the at_risk segment a check-in message", c.SendOutreach(segment="at_risk", message=c.CHECK_IN_MESSAGE)),
    ("message the at risk customers: Hi {first_name}, our new pricing is out",
     c.SendOutreach(segment="at_risk", message="Hi {first_name}, our new pricing is out")),
    ("how is the outreach going", c.ShowOutreach()),
])
def test_the_dialogue_gets_the_new_commands(team, customers, text, command):
    assert understand(text, team["manager"], NOW).commands == (command,)
