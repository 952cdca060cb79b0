"""Changing and merging customers said in chat: the intent, the slots, and what the bot would do with them."""
from __future__ import annotations

import pytest

from crm_core import commands as c
from crm_core.nlp_commands import parse

from .conftest import NOW, assert_parse


@pytest.mark.parametrize(("text", "intent", "slots"), [
    ("rename Virtucon to Virtucon Global", "update_customer", {"customer": "Virtucon", "new_name": "Virtucon Global"}),
    ("renmae virtucon to virtucon global", "update_customer", {"customer": "Virtucon", "new_name": "virtucon global"}),
    ("Change Pied Piper's email to richard@piedpiper.com", "update_customer",
     {"customer": "Pied Piper", "email": "richard@piedpiper.com"}),
    ("pied piper email is now richard@hooli.xyz", "update_customer",
     {"customer": "Pied Piper", "email": "richard@hooli.xyz"}),
    ("change virtucon's email to x@y", "update_customer", {"customer": "Virtucon", "email": "x@y"}),
    ("update rekall inc phone to +1 303 555 0188", "update_customer", {"customer": "Rekall Inc"}),
    ("change virtucon's city to Austin", "update_customer", {"customer": "Virtucon", "city": "Austin"}),
    ("Virtucon moved to Dallas", "update_customer", {"customer": "Virtucon", "city": "Dallas"}),
    ("give virtucon to maria", "update_customer", {"customer": "Virtucon", "owner": "maria"}),
    ("make sam the owner of pied piper", "update_customer", {"customer": "Pied Piper", "owner": "sam"}),
    ("tag virtucon as partner, vip", "update_customer", {"customer": "Virtucon", "tags": "partner, vip"}),
    ("add tag vip to pied piper", "update_customer", {"customer": "Pied Piper", "tags": "vip"}),
    ("untag pied piper vip", "update_customer", {"customer": "Pied Piper", "untag": "vip"}),
    ("archive Virtucon", "update_customer", {"customer": "Virtucon", "archive": "archive"}),
    ("arhive the virtucon account", "update_customer", {"customer": "Virtucon", "archive": "archive"}),
    ("unarchive virtucon", "update_customer", {"customer": "Virtucon", "archive": "unarchive"}),
    ("merge Rekall Labs into Rekall Inc", "merge_customers", {"customer": "Rekall Labs", "into": "Rekall Inc"}),
    ("merg rekall labs with rekall inc", "merge_customers", {"customer": "Rekall Labs", "into": "rekall inc"}),
])
def test_customer_edits_are_understood(resolver, text, intent, slots):
    assert_parse(parse(text, NOW, resolver), intent, slots)


def test_a_merge_is_confirmed_and_an_edit_acts_with_undo(resolver):
    merge = parse("merge Rekall Labs into Rekall Inc", NOW, resolver)
    assert merge.frame.action == "confirm"
    assert merge.to_command() == c.MergeCustomers(customer="Rekall Labs", customer_id=merge.frame.customer_id,
                                                  into="Rekall Inc")
    rename = parse("rename Virtucon to Virtucon Global", NOW, resolver)
    assert rename.frame.action == "act"
    assert isinstance(rename.to_command(), c.UpdateCustomer) and rename.to_command().new_name == "Virtucon Global"
    assert parse("archive Virtucon", NOW, resolver).to_command().archive is True
    assert parse("unarchive Virtucon", NOW, resolver).to_command().archive is False


@pytest.mark.parametrize("text", [
    "what's virtucon's email?",  # a question reads
    "did we rename virtucon?",
    "called virtucon, their number is +1 555 0100",  # a call to log
    "virtucon moved to a new vendor",  # not a city
    "move virtucon to proposal",  # a deal
    "assign ticket 42 to sam",
    "merge conflicts again in the repo lol",
    "i am going to austin next week",
])
def test_what_is_not_a_customer_edit(resolver, text):
    assert parse(text, NOW, resolver).intent not in ("update_customer", "merge_customers"), text


def test_a_phone_or_email_change_needs_a_number_or_an_address(resolver):
    from crm_core.nlp_commands import parse
    from .conftest import NOW
    for text in ("cyberdyne released a new phone lol", "cyberdyne has a new email lol"):
        assert parse(text, NOW, resolver).intent != "update_customer", text
    assert parse("change cyberdyne's phone to +1 555 0199", NOW, resolver).slots.get("phone") == "+1 555 0199"


@pytest.mark.parametrize("text", ["merge", "mERGE", "merge acme", "dedupe these"])
def test_a_merge_said_without_both_customers_never_crashes(resolver, text):
    from crm_core.nlp_commands import parse
    from .conftest import NOW
    assert parse(text, NOW, resolver).intent in ("unknown", "merge_customers")
