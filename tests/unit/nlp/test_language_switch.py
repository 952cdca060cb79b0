"""Asking for another language is a whole, short message; a sentence that mentions a language is not one."""
from __future__ import annotations

from datetime import datetime

import pytest

from crm_core.nlp.language import language_asked
from crm_core.nlp_commands import parse


@pytest.mark.parametrize("text,language", [
    ("speak chinese", "zh"), ("Chinese please", "zh"), ("reply in chinese from now on", "zh"),
    ("can you answer me in mandarin", "zh"), ("change language to chinese", "zh"), ("说中文", "zh"),
    ("请用中文回复", "zh"), ("我们用中文吧", "zh"), ("中文", "zh"),
    ("speak english", "en"), ("english pls", "en"), ("switch back to english!", "en"), ("用英文", "en"),
    ("说英语吧", "en"),
])
def test_a_request_for_a_language_is_understood(text, language):
    assert language_asked(text) == language
    said = parse(text, datetime(2026, 11, 25, 10), None)
    assert (said.intent, said.slots) == ("set_language", {"language": language})


@pytest.mark.parametrize("text", [
    "they speak chinese", "write an email in english to acme", "log a call with acme in chinese",
    "acme wants the contract in english", "the chinese market", "中文合同发给Acme了", "",
])
def test_a_sentence_that_mentions_a_language_is_no_request(text):
    assert language_asked(text) is None
    assert parse(text, datetime(2026, 11, 25, 10), None).intent != "set_language"
