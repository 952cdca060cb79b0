"""Anything that is not a CRM command is "unknown", quickly, and nothing raises."""
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_core.nlp_commands import INTENTS, parse

from .conftest import NOW

NOT_COMMANDS = [
    "how are you today?", "see you tomorrow", "can someone cover my shift friday?", "ok", "👍", "🎉🎉🎉",
    "the printer on floor 3 is jammed again", "SELECT * FROM customers WHERE 1=1; DROP TABLE deals;--",
    "¿Dónde está el baño?", "Wie geht es dir heute?", "我们明天见", "random words blah blah",
    "great job everyone on the launch", "anyone up for coffee at 3?", "my flight got delayed", "what time is it",
    "I'll be late to standup", "can you believe this rain", "lol that meeting was long", "meeting moved to 3pm",
    "called the dentist, appointment moved to friday", "we should get pizza for the team", "thanks, that's all",
    "call me maybe", "email me the slides when you can", "", "   ", "?!", "...", "\x00\x01\x02", "\t\n",
    "<@U024BE7LH>", "<!here> standup in 5", "who won the game last night?", "what's 20% of 150k",
    "my ticket to the show got cancelled", "good night", "brb", "😂😂😂 so true", "is anyone else's wifi down",
    "what's the weather like in Denver", "happy friday folks!", "lunch?", "sounds good", "nope",
]


@pytest.mark.parametrize("text", NOT_COMMANDS)
def test_not_a_command(check, text):
    check(text, "unknown")


@pytest.mark.parametrize("text", ["a" * 10_000, "log a call with cyberdyne " * 500, "🙂" * 5000,
                                  "x" * 3000 + " close ticket 4", "\x00" * 10_000])
def test_huge_input_is_unknown_and_quick(resolver, text):
    started = time.perf_counter()
    result = parse(text, NOW, resolver)
    assert result.intent == "unknown"
    assert time.perf_counter() - started < 0.05


@pytest.mark.parametrize("value", [None, 42, b"log a call", ["close #4"]])
def test_not_even_a_string(resolver, value):
    assert parse(value, NOW, resolver).intent in INTENTS


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_raises_and_returns_a_known_intent(resolver, text):
    result = parse(text, NOW, resolver)
    assert result.intent in INTENTS
    assert 0.0 <= result.confidence <= 1.0
    assert isinstance(result.slots, dict)
    result.to_command()


WORDS = st.sampled_from("""log call with acme the deal move to proposal ticket # 12 close open new for remind me
tomorrow friday next week 12k $ , . - : ! ? cyberdyne pied piper my pipeline top 5 customers at risk and them
help add customer email a@b.co + 1 555 0100 ' & ü 🎉 <@U1> reopen assign maria urgent p1 note""".split())


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=25))
def test_word_salad_from_the_vocabulary_never_raises(resolver, words):
    result = parse(" ".join(words), NOW, resolver)
    assert result.intent in INTENTS
    for frame in result.commands:
        frame.to_command()


@pytest.mark.parametrize("text", ["did you see the news about cyberdyne? crazy", "did anyone watch the pied piper keynote",
                                  "who even came up with the name kwik-e-mart", "remember when virtucon was our biggest "
                                  "client? good times", "what a week. the contoso thing haha"])
def test_talk_among_the_team_about_a_customer_asks_the_bot_nothing(check, text):
    check(text, "unknown")


@pytest.mark.parametrize(("text", "intent"), [("did anyone call cyberdyne this week?", "show_customer"),
                                              ("how's the pied piper deal", "show_deal")])
def test_a_question_about_a_customer_is_still_answered(check, text, intent):
    check(text, intent)
