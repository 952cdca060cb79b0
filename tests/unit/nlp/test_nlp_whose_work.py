"""Whose deals or tickets a question is about, when the teammate is the subject of the question ("what's jess got
in negotiation", "what tickets is sarah working on", "tickets i own"), and never a customer."""
import pytest


@pytest.mark.parametrize("text, slots", [
    ("what's jess got in negotiation", {"owner": "jess", "stage": "negotiation"}),
    ("how much is dave carrying", {"owner": "dave"}),
    ("what did kofi sign this month", {"owner": "kofi"}),
    ("how's priya tracking vs her number", {"owner": "priya"}),
])
def test_the_subject_of_a_pipeline_question_owns_the_deals(check, text, slots):
    check(text, "show_pipeline", slots)


@pytest.mark.parametrize("text, assignee", [
    ("what tickets is sarah working on", "sarah"),
    ("what's omar working on ticket wise", "omar"),
    ("tickets i'm on", "me"),
    ("tickets i own", "me"),
    ("what tickets have i closed", "me"),
])
def test_the_subject_of_a_ticket_question_is_the_assignee(check, text, assignee):
    check(text, "show_tickets", {"assignee": assignee})


def test_a_customer_as_the_subject_is_no_owner(check):
    result = check("what tickets is contoso waiting on", "show_tickets", {"customer": "Contoso Ltd"})
    assert "assignee" not in result.slots
