"""The new-customer question offers, beside Add and Cancel, only known names that look like the one typed."""
from __future__ import annotations

from crm_core import commands as c
from crm_core.dialogue import Plan, _alike, _new_customer_answer
from crm_core.errors import CustomerChoice

NEAREST = (CustomerChoice(1, "Bluebell Media Ltd"), CustomerChoice(2, "Pinecrest Labs Ltda"),
           CustomerChoice(3, "Pinecrest Packaging AB"), CustomerChoice(4, "Pinecrest Media Ltd"))


def test_only_names_sharing_a_word_are_offered_and_at_most_two():
    assert [o.name for o in _alike("Pinecrest Laboratories", NEAREST)] == ["Pinecrest Labs Ltda",
                                                                           "Pinecrest Packaging AB"]
    assert _alike("Umbrella Dynamics", NEAREST) == []


def _plan() -> Plan:
    plan = Plan([c.LogActivity(kind="call", customer="Pinecrest Laboratories").to_json()])
    plan.asking = {"type": "new_customer", "mention": "Pinecrest Laboratories",
                   "choices": [["add", "Add"], ["cancel", "Cancel"], ["id:2", "Pinecrest Labs Ltda"]]}
    return plan


def test_a_known_name_pressed_instead_of_add_means_that_customer_and_adds_none():
    plan = _new_customer_answer(_plan(), _plan().asking, "id:2")
    assert plan.command(0).customer_id == 2 and plan.new_customers == []


def test_add_adds_the_name_and_anything_else_is_not_an_answer():
    assert _new_customer_answer(_plan(), _plan().asking, "add").new_customers == ["Pinecrest Laboratories"]
    assert _new_customer_answer(_plan(), _plan().asking, None) is None
