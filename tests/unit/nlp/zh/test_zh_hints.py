"""A Chinese hint quotes a phrasing the Chinese parser understands, and it means what the English hint's does: a rep
who types the example they were given gets the command they were told about, not "I didn't get that"."""
from __future__ import annotations

import re

import pytest

from crm_core import i18n
from crm_core.i18n import term
from crm_core.nlp_commands import parse
from crm_core.resolve import CustomerIndex, CustomerResolver
from tests.unit.nlp.conftest import NOW, assert_parse

RESOLVER = CustomerResolver(CustomerIndex.from_names([("Acme Corp", "Boston"), ("Initech", "Austin")]))
QUOTED = re.compile(r"“([^”]+)”")


def said_in_chinese(message: str, **values: str) -> list[str]:
    with i18n.speaking(i18n.CHINESE):
        return QUOTED.findall(i18n.gettext(message).format(**values))


@pytest.mark.parametrize("message,values,meant", [
    ("Say e.g. “add Dana Ruiz, CFO at Initech”.", {},
     [("add_contact", {"customer": "Initech", "contact": "王芳", "title": "财务总监"})]),
    ("No contacts at {customer} yet. Add one: “add Dana Ruiz, CFO at {customer}”.", {"customer": "Acme Corp"},
     [("add_contact", {"customer": "Acme Corp", "contact": "王芳"})]),
    ("Say “contacts at {where}” to see them, or “add {mention}, <title> at {where}”.",
     {"where": "Acme Corp", "mention": "Dana"}, [("show_contacts", {"customer": "Acme Corp"}), None]),
    ("Say e.g. “change Dana's email to dana@initech.com” or “Dana is now VP Finance”.", {},
     [("update_contact", {"contact": "王芳", "email": "wangfang@example.com"}),
      ("update_contact", {"contact": "王芳", "title": "财务副总裁"})]),
    ("To change a deal's amount, say e.g. “make the Acme deal 15k”.", {},
     [("update_deal", {"customer": "Acme Corp", "amount": 15000})]),
    ("To mark it {stage}, say “move it to {code}”: that one is confirmed first.",
     {"code": "won"}, [("move_deal", {"stage": "won"})]),
    ("Say “move it back to {code}”: a backward move is confirmed first.",
     {"code": "proposal"}, [("move_deal", {"stage": "proposal"})]),
    ("Ask your manager to share theirs, or say “how's my pipeline” or “show my reminders” for your own numbers.", {},
     [("show_pipeline", {"owner": "me"}), ("show_reminders", {})]),
    ("Say e.g. “send the at_risk segment a check-in message”.", {}, [("send_outreach", {"segment": "at_risk"})]),
    ("Say e.g. “remind me friday to call Acme”.", {}, [("remind", {"customer": "Acme Corp"})]),
    ("An admin or your manager can put you on one: “put {name} on the west team”.", {"name": "Sam"},
     [("set_team", {"user": "sam", "team": "west"})]),
])
def test_the_phrasing_a_chinese_hint_quotes_is_understood(message, values, meant):
    if "code" in values:  # the stage is said in the reader's language
        with i18n.speaking(i18n.CHINESE):
            values = {**values, "stage": term("stage", values["code"])}
    phrasings = said_in_chinese(message, **values)
    assert len(phrasings) == len(meant) and all(re.search(r"[\u4e00-\u9fff]", p) for p in phrasings)
    for phrasing, expected in zip(phrasings, meant):
        if expected is not None:
            assert_parse(parse(phrasing, NOW, RESOLVER), *expected)
