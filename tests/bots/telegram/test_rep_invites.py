"""“link my telegram”: a teammate's one-time link makes their Telegram a rep's chat (issue 5, part 5)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from crm_core import bus
from crm_core import commands as c
from crm_core import results as r
from crm_core.models import Customer, TelegramInvite, Ticket, User, utcnow
from tests.bots.telegram.conftest import ALICE, BOB, MALLORY, add_customer


def code_of(result: r.Result) -> str:
    assert isinstance(result, r.RepInvited), result
    return result.link.rpartition("?start=")[2]


def test_a_rep_links_their_telegram_and_then_talks_to_the_crm(bot, tg_api, rep):
    invited = bus.handle(c.InviteRep(), rep)
    assert invited.link == f"https://t.me/{tg_api.bot_username}?start={code_of(invited)}"
    assert "works once, for 7 days" in invited.message

    tg_api.command(BOB, "start", code_of(invited))
    assert "now linked to your CRM user" in tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]["text"]
    assert User.get_by_id(rep.id).telegram_user_id == BOB.id
    assert Customer.select().count() == 0  # not made a lead

    tg_api.message(BOB, "add customer Pied Piper, email richard@piedpiper.com")
    assert tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)[-1]["text"] == "Added customer Pied Piper."
    assert Customer.get().name == "Pied Piper" and Ticket.select().count() == 0  # a rep's command, not a ticket


def test_a_used_or_expired_link_is_refused_and_links_nobody(bot, tg_api, rep):
    used = code_of(bus.handle(c.InviteRep(), rep))
    tg_api.command(BOB, "start", used)
    tg_api.wait_for("sendMessage", chat_id=BOB.id)
    expired = code_of(bus.handle(c.InviteRep(), rep, now=utcnow() - timedelta(days=8)))

    for code in (used, expired):
        tg_api.command(MALLORY, "start", code)
    answers = [m["text"] for m in tg_api.wait_for("sendMessage", 2, chat_id=MALLORY.id)]
    assert all("expired or was used already" in text for text in answers), answers
    assert User.get_by_id(rep.id).telegram_user_id == BOB.id  # still the first one's


def test_a_telegram_account_of_a_customer_is_refused_and_the_link_stays_usable(bot, tg_api, rep):
    add_customer("Alice Smith", tg=ALICE)
    code = code_of(bus.handle(c.InviteRep(), rep))
    tg_api.command(ALICE, "start", code)
    refused = tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]["text"]
    assert "linked to the customer Alice Smith" in refused
    assert User.get_by_id(rep.id).telegram_user_id is None
    assert TelegramInvite.get(TelegramInvite.code == code).used_at is None

    tg_api.command(BOB, "start", code)  # the right account can still use it
    assert "now linked to your CRM user" in tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]["text"]


def test_another_teammates_telegram_is_refused(tg_settings, rep, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "CrmBot")
    tg_settings.cache_clear()
    User.create(name="Sam Lee", role="rep", email="sam@crm.example", telegram_user_id=BOB.id, is_active=False)
    code = code_of(bus.handle(c.InviteRep(), rep))
    from bots.telegram import flows  # the same path as /start CODE, without a bot

    [reply] = flows.start(flows.Profile(telegram_user_id=BOB.id, chat_id=BOB.id, first_name="Bob", update_id=1), code)
    assert "linked to another teammate" in reply.text
    assert User.get_by_id(rep.id).telegram_user_id is None


def test_an_invite_links_exactly_one_thing(tg_settings, rep, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "CrmBot")
    tg_settings.cache_clear()
    bus.handle(c.InviteRep(), rep)
    add_customer("Acme Corporation")
    bus.handle(c.InviteCustomer(customer="acme"), rep)
    rows = [(invite.user_id, invite.customer_id) for invite in TelegramInvite.select().order_by(TelegramInvite.id)]
    assert rows[0][0] == rep.id and rows[0][1] is None
    assert rows[1][0] is None and rows[1][1] is not None


@pytest.mark.parametrize("command", [c.InviteRep(), c.from_json({"command": "invite_rep"})])
def test_an_inactive_user_or_the_gateway_gets_no_link(tg_settings, rep, command, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "CrmBot")
    tg_settings.cache_clear()
    User.update(is_active=False).where(User.id == rep.id).execute()
    refused = bus.handle(command, User.get_by_id(rep.id))
    assert isinstance(refused, r.Rejected) and "deactivated" in refused.message
    assert TelegramInvite.select().count() == 0


def test_the_link_is_shown_only_to_the_teammate_who_asked(tg_settings, rep, monkeypatch):
    from bots import console
    from bots.slack import blocks

    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "CrmBot")
    tg_settings.cache_clear()
    invited = bus.handle(c.InviteRep(), rep)
    assert blocks.is_private(invited)  # in a Slack channel: ephemeral, so nobody else can use the link
    assert invited.link in console.render(invited)
