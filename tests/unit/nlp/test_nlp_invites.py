"""invite_customer ("invite Acme": a t.me link for a customer) and invite_rep ("link my telegram")."""
import pytest

from crm_core import commands as c
from crm_core.nlp_commands import parse

from .conftest import NOW

INVITE_CUSTOMER = [
    ("invite cyberdyne", "Cyberdyne Systems"),
    ("invite Oscorp Industries to telegram", "Oscorp Industries"),
    ("send Pied Piper a telegram invite", "Pied Piper"),
    ("telegram link for planet express", "Planet Express"),
    ("INVITE VIRTUCON TO TELEGRAM", "Virtucon"),
    ("pls invte rekall inc to telegram", "Rekall Inc"),  # a typo of the verb
    ("can you send Contoso a telegram invitation", "Contoso Ltd"),
    ("get fabrikam on telegram", "Fabrikam Inc"),
    ("invite link for Northwind", "Northwind Traders"),
    ("invite Zeta Widgets", "Zeta Widgets"),  # not a customer yet: kept as written, the service says so
]


@pytest.mark.parametrize("text, customer", INVITE_CUSTOMER)
def test_invite_customer(check, text, customer):
    result = check(text, "invite_customer", {"customer": customer})
    command = result.to_command()
    assert isinstance(command, c.InviteCustomer) and command.customer == result.slots["customer"]


def test_a_known_customer_comes_with_its_id(check):
    assert check("invite cyberdyne", "invite_customer").to_command().customer_id is not None


INVITE_REP = ["link my telegram", "connect my telegram account", "i want to use the bot on telegram",
              "Link My Telegarm", "invite me to telegram", "send me my telegram link", "connect me on telegram pls",
              "my telegram link please", "can i use this on telegram?"]


@pytest.mark.parametrize("text", INVITE_REP)
def test_invite_rep(check, text):
    assert check(text, "invite_rep").to_command() == c.InviteRep()


@pytest.mark.parametrize("text", [
    "invite the team to lunch", "I got an invite from Cyberdyne for their conference", "did you get the calendar invite?",
    "invite pied piper to the qbr", "oscorp sent us an invite", "thanks for the invite!", "my telegram is full of spam",
    "I don't use telegram", "is telegram down?", "who uses telegram anyway", "I'm on telegram now",
    "the invite for the party is in my inbox",
])
def test_not_an_invite(resolver, text):
    assert parse(text, NOW, resolver).intent not in ("invite_customer", "invite_rep"), text


def test_remind_me_to_invite_stays_a_reminder(check):
    check("remind me to invite cyberdyne to telegram tomorrow", "remind", {"when": "2026-11-26"})


def test_a_new_customer_then_its_invite(check):
    result = check("add customer Zeta Widgets and invite them to telegram", "add_customer")
    assert [(f.intent, f.slots.get("customer")) for f in result.commands] == [
        ("add_customer", "Zeta Widgets"), ("invite_customer", "Zeta Widgets")]


@pytest.mark.parametrize("text, customer", [
    ("give cyberdyne access to the support bot", "Cyberdyne Systems"),
    ("hook rekall up with the telegram bot", "Rekall Inc"),
    ("let virtucon message us on telegram", "Virtucon"),
    ("fabrikam needs a link to the customer bot", "Fabrikam Inc"),
])
def test_access_to_the_bot_for_a_customer_is_an_invite(check, text, customer):
    check(text, "invite_customer", {"customer": customer})


def test_a_customer_who_does_not_want_telegram_is_not_invited(resolver):
    from crm_core.nlp_commands import parse
    from .conftest import NOW
    assert parse("cyberdyne doesn't want telegram access", NOW, resolver).intent != "invite_customer"


@pytest.mark.parametrize("text", ["join telegram", "tg invite", "i need the tg link", "how can i link my telegram account"])
def test_a_rep_asking_for_their_telegram_link(check, text):
    check(text, "invite_rep")
