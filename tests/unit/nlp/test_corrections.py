"""Messages about the conversation itself: undo, cancel, corrections of the last write, "same for X"."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from crm_core.nlp.corrections import detect, same_for
from crm_core.nlp_commands import parse

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(("text", "intent", "slots"), [
    ("actually make it 15k", "correct", {"amount": 15000}),
    ("make that €20k", "correct", {"amount": 20000, "currency": "EUR"}),
    ("I meant tuesday", "correct", {"date": "2026-12-01"}),
    ("not friday, monday", "correct", {"date": "2026-11-30"}),
    ("sorry, make that a meeting", "correct", {"kind": "meeting"}),
    ("it was an email not a call", "correct", {"kind": "email"}),
    ("no, move it to quote", "correct", {"stage": "proposal"}),
    ("no, I meant Acme Ltd", "correct", {"customer": "Acme Ltd"}),
    ("never mind", "cancel", {}),
    ("<@U0G9QF9C6> cancel", "cancel", {}),
    ("oops take that back", "undo", {}),
    ("undo that, wrong ticket", "undo", {}),
])
def test_what_is_said_about_the_conversation(text, intent, slots):
    said = detect(text, TODAY)
    assert (said.intent, said.slots) == (intent, slots)


@pytest.mark.parametrize("text", [
    "log a call with acme", "move it to negotiation", "it's urgent", "it was great", "no, the deal is lost",
    "proposal", "friday", "1", "how do i undo something", "cancel my digest", "stop my digest",
    "actually they want a demo next week", "make it urgent",
])
def test_ordinary_messages_are_left_to_the_parser(text):
    assert detect(text, TODAY) is None


def test_parse_reports_the_intent_for_the_dialogue():
    result = parse("actually make it 15k", datetime(2026, 11, 25, 10, 0), resolver=None)
    assert (result.intent, result.slots, result.to_command()) == ("correct", {"amount": 15000}, None)


def test_same_for_names_the_other_customer():
    assert same_for("and the same for Initech") == "Initech"
    assert same_for("same as before") is None


@pytest.mark.parametrize("text, slots", [
    ("nope, pied piper", {"customer": "Pied Piper"}),
    ("no, rekall inc", {"customer": "Rekall Inc"}),
    ("it's fabrikam not contoso", {"customer": "Fabrikam Inc"}),
    ("sorry fat fingers, 60k", {"amount": 60000}),
])
def test_a_correction_said_the_short_way(resolver, text, slots):
    said = detect(text, TODAY, resolver)
    assert said is not None and said.intent == "correct" and said.slots == slots


@pytest.mark.parametrize("text", ["oops wrong chat", "no, the weather is nice", "actually it was great"])
def test_chatter_after_a_no_corrects_nothing(resolver, text):
    said = detect(text, TODAY, resolver)
    assert said is None or said.intent != "correct"
