"""The Chinese catalog answers every message the code says through it, and every stored word a reply shows."""
from __future__ import annotations

import ast
import re
from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from crm_core import i18n
from crm_core.models import ACTIVITY_KINDS, OUTBOX_STATUSES, PRIORITIES, SEGMENTS, STAGES, TICKET_STATUSES
from crm_core.services.outreach import FAILURE_REASONS, OTHER_FAILURES

ROOT = Path(__file__).resolve().parents[3]
OUTREACH_FAILURES = tuple(reason for _mark, reason in FAILURE_REASONS) + (OTHER_FAILURES,)
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def said_through_the_catalog() -> list[tuple[str | None, str]]:
    found = []
    for folder in ("crm_core", "bots"):
        for _file, _line, message, _comments, context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS):
            found.append((context, message if isinstance(message, str) else message[0]))
    return found


def test_the_code_says_some_messages_through_the_catalog():
    assert len(said_through_the_catalog()) >= 10


def test_every_message_said_through_the_catalog_has_a_chinese_translation():
    with i18n.speaking(i18n.CHINESE):
        missing = [(context, message) for context, message in said_through_the_catalog()
                   if (i18n.pgettext(context, message) if context else i18n.gettext(message)) == message]
    assert missing == []


@pytest.mark.parametrize("kind,words", [("activity kind", ACTIVITY_KINDS), ("stage", STAGES),
                                        ("priority", PRIORITIES), ("ticket status", TICKET_STATUSES),
                                        ("segment", SEGMENTS), ("delivery", OUTBOX_STATUSES),
                                        ("outreach failure", OUTREACH_FAILURES)])
def test_every_stored_word_a_reply_shows_is_translated(kind, words):
    with i18n.speaking(i18n.CHINESE):
        assert all(i18n.term(kind, word) != word for word in words)
    assert [i18n.term(kind, word) for word in words] == [w.replace("_", " ") for w in words]  # English: as stored


def audited_actions() -> set[str]:
    """Every write's action name, as the services hand it to the audit trail (what "undo" takes back)."""
    return {found.group(1) for path in (ROOT / "crm_core").rglob("*.py")
            for found in re.finditer(r'AuditTrail\(ctx, "(\w+)"\)', path.read_text(encoding="utf-8"))}


def test_undo_names_every_write_in_chinese():
    """ "已撤销：取消的提醒。", never the action's code name ("已撤销：cancel_reminder。")."""
    actions = audited_actions()
    assert {"log_activity", "cancel_reminder", "snooze_reminder", "merge_customers"} <= actions
    with i18n.speaking(i18n.CHINESE):
        assert sorted(a for a in actions if i18n.pgettext("write", a) == a) == []


def test_placeholders_survive_translation():
    with i18n.speaking(i18n.CHINESE):
        said = i18n._("Opened ticket #{number} for {customer}: {subject} ({priority}).").format(
            number=7, customer="Acme", subject="发票缺失", priority=i18n.term("priority", "urgent"))
    assert said == "已为Acme开工单 #7：发票缺失（紧急）。"


def test_dates_are_written_the_readers_way():
    friday = datetime(2026, 12, 11, 15, 0)
    assert i18n.short_date(friday, with_time=True) == "Fri 11 Dec at 15:00"
    with i18n.speaking(i18n.CHINESE):
        assert i18n.short_date(friday, with_time=True) == "12月11日 周五 15:00"


@pytest.mark.parametrize("stored,text,client,expected", [
    ("en", "记录一下和Acme的电话", "zh-hans", "en"),  # what the user chose wins
    (None, "记录一下和Acme的电话", None, "zh"),  # written in Chinese
    (None, "ok", "zh-CN", "zh"),  # a word that shows no language: the client's
    (None, "log a call with acme", "zh-CN", "en"),  # a sentence in English beats the client's language
    (None, "#42", "de", "en"),  # no catalog for German: English
    (None, "log a call with acme", None, "en"),
    ("fr", "hello", None, "en"),  # not a language of ours
])
def test_the_reply_language(stored, text, client, expected):
    assert i18n.language_for(stored, text, client) == expected


def test_the_language_is_only_set_inside_the_block():
    with i18n.speaking(i18n.CHINESE):
        assert i18n.current() == "zh"
    assert i18n.current() == "en"
    with i18n.speaking("klingon"):
        assert i18n.current() == "en"


FIELD_AT = {"choice": 2, "iso_date": 1, "iso_datetime": 1, "text": 1, "positive_int": 1}  # validate's `what`


def fields_checks_name() -> set[str]:
    """The field a check names in its refusal ("“x” is not a stage."), as the callers of services/validate say it."""
    found = set()
    for folder in ("crm_core", "bots"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                at = FIELD_AT.get(getattr(node.func, "attr", None), 99) if isinstance(node, ast.Call) else 99
                if at < 99 and len(node.args) > at and getattr(node.func.value, "id", None) == "validate" \
                        and isinstance(node.args[at], ast.Constant):
                    found.add(node.args[at].value)
    return found


def test_every_field_a_check_names_is_said_in_chinese():
    fields = fields_checks_name()
    assert {"stage", "priority", "title", "teammate's name"} <= fields
    with i18n.speaking(i18n.CHINESE):
        assert sorted(f for f in fields if i18n.term("field", f) == f) == []
