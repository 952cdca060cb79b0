"""Every example the help shows is something the parser understands (the dialogue handles "undo" itself)."""
import re

import pytest

from crm_core.nlp_commands import parse
from crm_core.services.help import EXAMPLES

from .conftest import NOW

PHRASES = [phrase.strip() for example in EXAMPLES if example != "undo"
           for phrase in re.sub(r"\([^)]*\)", "", example).split(" / ")]


@pytest.mark.parametrize("text", PHRASES)
def test_a_help_example_is_understood(resolver, text):
    result = parse(text, NOW, resolver)
    assert result.intent not in ("unknown", "help"), text
    assert result.to_command() is not None


def test_the_help_names_the_new_phrases():
    shown = " ".join(EXAMPLES)
    for phrase in ("invite Acme", "link my telegram", "send my reminders on telegram", "daily digest at 8am",
                   "stop my digest", "show me the digest", "check-in", "how is the outreach going", "what's due today"):
        assert phrase in shown
