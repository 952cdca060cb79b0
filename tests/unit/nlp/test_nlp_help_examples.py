"""Every example the help shows does what the help says: each command's examples (crm_core/commands.py) parse to
that command's intent, in English and in Chinese, and the help lists every intent a rep can type."""
import re

import pytest

from crm_core.commands import COMMANDS
from crm_core.nlp_commands import DIALOGUE_ACTS, INTENTS, parse
from crm_core.resolve import CustomerIndex, CustomerResolver
from crm_core.services.help import EXAMPLES

from .conftest import NOW

NAMED = ("Acme Corporation", "Acme Ltd", "Acme Limited", "Initech", "Globex", "Hooli", "Umbrella Corp")  # the examples'


def phrases(language: str) -> list[tuple[str, str]]:
    """(intent, what a rep types): one per phrase of an example ("a / b" are two; "(…)" is the help's note)."""
    return [(command.name, phrase.strip()) for command in COMMANDS.values()
            for example in (command.examples_zh if language == "zh" else command.examples)
            for phrase in re.sub(r"\([^)]*\)", "", example).split(" / ")]


@pytest.fixture(scope="module")
def named() -> CustomerResolver:
    return CustomerResolver(CustomerIndex.from_names(NAMED))


@pytest.mark.parametrize("intent,text", phrases("en") + phrases("zh"))
def test_a_help_example_is_understood_as_its_own_command(named, intent, text):
    assert parse(text, NOW, named).intent == intent


def test_the_help_shows_every_intent_a_rep_can_type():
    shown = {name for name, _text in phrases("en")}
    assert set(INTENTS) - shown == {*DIALOGUE_ACTS, "unknown", "help"} - shown  # all but the dialogue's own acts


def test_the_help_names_the_new_phrases():
    shown = " ".join(EXAMPLES)
    for phrase in ("invite Acme", "link my telegram", "send my reminders on telegram", "daily digest at 8am",
                   "stop my digest", "show me the digest", "check-in", "how is the outreach going", "what's due today",
                   "what's on my plate", "leaderboard", "snooze", "give all of Bob's accounts to Maria", "rescore now"):
        assert phrase in shown
