"""send_outreach (a segment and a message kept exactly as written) and show_outreach."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_core import commands as c
from crm_core.nlp_commands import INTENTS, parse

from .conftest import NOW

SEND = [
    ("send the at_risk segment a check-in message", "at_risk", c.CHECK_IN_MESSAGE),
    ("message the at risk customers: Hi {first_name}, our new pricing is out", "at_risk",
     "Hi {first_name}, our new pricing is out"),
    ("send a check-in to champions", "champions", c.CHECK_IN_MESSAGE),
    ('outreach to hibernating customers: "We miss you"', "hibernating", "We miss you"),
    ("Message The Champions: Thanks {first_name} for being with us", "champions",
     "Thanks {first_name} for being with us"),
    ('send the loyal customers "Thanks, {first_name}!" please', "loyal", "Thanks, {first_name}!"),
    ("check in with the at risk customers", "at_risk", c.CHECK_IN_MESSAGE),
    ("can you please send the at risk customers a check in", "at_risk", c.CHECK_IN_MESSAGE),
    ("send champions a note: Happy holidays {first_name}!", "champions", "Happy holidays {first_name}!"),
    ("text the champions: Hi {FIRST_NAME} &amp; team", "champions", "Hi {FIRST_NAME} & team"),
]


@pytest.mark.parametrize("text, segment, message", SEND)
def test_send_outreach(check, text, segment, message):
    result = check(text, "send_outreach", {"segment": segment})
    assert result.slots["message"] == message
    assert result.to_command() == c.SendOutreach(segment=segment, message=message)


@pytest.mark.parametrize("text", ["reach out to the hibernating customers", "send champions:", 'send champions: ""',
                                  'send champions "'])
def test_without_a_message_the_dialogue_asks_for_one(check, text):
    result = check(text, "send_outreach")
    assert result.to_command().message == ""


@pytest.mark.parametrize("text, message", [
    ("message the at risk customers:\nHi {first_name},\n\nour *new* pricing is out.\nCheers",
     "Hi {first_name},\n\nour *new* pricing is out.\nCheers"),
    ("send champions: We miss you 💔", "We miss you 💔"),
    ('send champions: "We miss you 💔"', "We miss you 💔"),
    ("send the hibernating customers: hi 👋", "hi 👋"),
])
def test_the_message_keeps_its_lines_markup_and_emoji(check, text, message):
    assert check(text, "send_outreach").slots["message"] == message


def test_a_message_is_never_split_into_commands(check):
    result = check("message the champions: please move on to the new plan and close your old account",
                   "send_outreach", {"segment": "champions"})
    assert len(result.commands) == 1
    assert result.slots["message"] == "please move on to the new plan and close your old account"


def test_a_command_after_a_quoted_message_is_its_own(check):
    result = check('outreach to the lost customers: "Come back, {first_name}" and move cyberdyne to won',
                   "send_outreach", {"segment": "lost", "message": "Come back, {first_name}"})
    assert [(f.intent, f.slots.get("customer")) for f in result.commands] == [
        ("send_outreach", None), ("move_deal", "Cyberdyne Systems")]


@pytest.mark.parametrize("text", ["how is the outreach going", "outreach status", "outreach progress",
                                  "How did my outreach go?", "campaign status", "outreach?",
                                  "what's the status of the outreach to champions"])
def test_show_outreach(check, text):
    assert check(text, "show_outreach").to_command() == c.ShowOutreach()


@pytest.mark.parametrize("text, intent", [
    ("who is at risk of churning?", "show_segment"), ("show the at risk segment", "show_segment"),
    ("send me the at risk list", "show_segment"), ("show at risk customers", "show_segment"),
    ("message maria about the at risk customers", "show_segment"),
    ("send the proposal to the at risk customers", "show_segment"),
    ("send cyberdyne a check-in", "unknown"), ("how's the marketing campaign going?", "unknown"),
    ("the campaign launch went well", "unknown"), ("our outreach team is hiring", "unknown"),
    ("I'll message the champions league group chat", "unknown"), ("send me the deck", "unknown"),
])
def test_near_misses_are_not_outreach(check, text, intent):
    check(text, intent)


WORDS = st.sampled_from("""send message outreach to the at risk champions customers : " “ ” ‘ ’ ' check in hi
{first_name} digest daily weekly at 8am 7:30 on mondays telegram slack console invite link my me notify reminders
what's due today stop show status move cyberdyne proposal and globex negotiation 💔 \n""".split(" "))


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=25))
def test_the_new_vocabulary_never_raises(resolver, words):
    result = parse(" ".join(words), NOW, resolver)
    assert result.intent in INTENTS
    for frame in result.commands:
        frame.to_command()


@pytest.mark.parametrize("text, segment", [
    ('email the lost customers "thanks for sticking with us"', "lost"),
    ("send an outreach to the lost customers: renewal discount inside", "lost"),
    ("send a win-back message to the loyal customers: 20% off your next order", "loyal"),
])
def test_outreach_said_with_email_or_win_back(check, text, segment):
    check(text, "send_outreach", {"segment": segment})


def test_a_question_inside_the_message_is_the_customers_to_answer(check):
    check("reach out to at-risk customers: want a free review call?", "send_outreach", {"segment": "at_risk"})


@pytest.mark.parametrize("text", ["should we message the at-risk customers?",
                                  "did we send the at risk customers: happy holidays?"])
def test_asking_about_an_outreach_sends_nothing(resolver, text):
    assert parse(text, NOW, resolver).intent != "send_outreach"
