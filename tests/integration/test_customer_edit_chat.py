"""Customer edits and merges said in chat, through the dialogue every front-end shares, with the real parser."""
from __future__ import annotations

import json

import pytest

from crm_core.dialogue import converse
from crm_core.models import AuditLog, Customer, Deal
from crm_core.results import CustomersMerged, CustomerUpdated, Question, Rejected, Undone

from .conftest import NOW, database_state


def _writes() -> dict:
    return {k: v for k, v in database_state().items() if k != "conversations"}


@pytest.fixture
def say(team, customers):
    def _say(text, as_="maria", conversation="test", at=NOW):
        return converse(team[as_], conversation, text, channel="console", now=at)
    return _say


def test_a_merge_is_confirmed_with_buttons_saying_what_moves_then_done_and_undone(say, customers, team):
    Deal.create(customer=customers["acme_labs"].id, title="Labs renewal", amount=900)
    before = _writes()
    [question] = say("merge acme labs into acme corporation", as_="manager")
    assert isinstance(question, Question) and [ch.value for ch in question.choices] == ["yes", "no"]
    assert question.summary == ("Merge Acme Labs into Acme Corporation: will move 1 deals; Acme Corporation keeps "
                                "its own city, owner; Acme Labs is deleted",)
    assert _writes() == before
    [merged] = say("yes", as_="manager")
    assert isinstance(merged, CustomersMerged), merged
    assert Deal.get().customer_id == customers["acme"].id
    assert Customer.get_or_none(Customer.id == customers["acme_labs"].id) is None
    [undone] = say("undo", as_="manager")
    assert isinstance(undone, Undone)
    assert {k: v for k, v in _writes().items() if k != "audit_log"} == \
        {k: v for k, v in before.items() if k != "audit_log"}


def test_no_to_a_merge_writes_nothing(say, customers):
    before = _writes()
    say("merge globex into acme corporation", as_="manager")
    say("no", as_="manager")
    assert _writes() == before


def test_a_rename_acts_at_once_is_audited_and_undone(say, customers):
    [renamed] = say("rename Globex to Globex Corp")
    assert isinstance(renamed, CustomerUpdated) and "Globex Ltd → Globex Corp" in renamed.message
    audit = AuditLog.get(AuditLog.action == "update_customer")
    assert (json.loads(audit.before)["name"], json.loads(audit.after)["name"]) == ("Globex Ltd", "Globex Corp")
    [undone] = say("undo")
    assert isinstance(undone, Undone) and Customer.get_by_id(customers["globex"].id).name == "Globex Ltd"


def test_bad_input_in_chat_gets_a_clear_answer_and_writes_nothing(say, customers):
    before = _writes()
    [bad_email] = say("change globex's email to x@y")
    assert isinstance(bad_email, Rejected) and "not an email address" in bad_email.message
    [taken] = say("rename globex to Acme Labs")
    assert isinstance(taken, Rejected) and "Acme Labs already has the name" in taken.message
    [unknown] = say("archive Hooli")
    assert isinstance(unknown, Rejected) and "Hooli" in unknown.message
    [someone_elses] = say("archive acme labs")  # Sam's customer; Maria is a rep
    assert isinstance(someone_elses, Rejected) and "belongs to Sam Lee" in someone_elses.message
    assert _writes() == before


def test_archive_from_chat_hides_the_customer_from_lists(say, customers):
    [archived] = say("archive globex")
    assert isinstance(archived, CustomerUpdated) and "archived" in archived.message
    assert Customer.get_by_id(customers["globex"].id).archived_at is not None
    [card] = say("show globex")
    assert card.name == "Globex Ltd (archived)"
