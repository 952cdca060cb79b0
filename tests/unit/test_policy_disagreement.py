"""When the learned model overrules the rules, `crm parse` and the dialogue say "confirm" for a write, however
sure the parse; a read is still answered."""
from __future__ import annotations

from datetime import datetime

import pytest

from crm_core.nlp import classifier
from crm_core.nlp.classifier import Voter
from crm_core.nlp_commands import parse

NOW = datetime(2026, 11, 25, 10, 0)


class _Overrules(Voter):
    def __init__(self, intent: str) -> None:
        super().__init__(mode="vote")
        self.intent = intent

    def vote(self, c, intent, confidence, allowed):  # type: ignore[override]
        return self.intent, 0.95, True


@pytest.mark.parametrize(("intent", "action"), [("update_ticket", "confirm"), ("show_pipeline", "answer")])
def test_an_overruled_frame_is_confirmed_when_it_writes(monkeypatch, intent, action):
    monkeypatch.setattr(classifier, "VOTER", _Overrules(intent))
    parsed = parse("ticket 42: the printer is on fire, urgent", NOW, None)
    assert parsed.intent == intent and parsed.frame.overruled
    assert parsed.to_json()["action"] == action


def test_the_rules_alone_act_on_the_same_kind_of_write(monkeypatch):
    monkeypatch.setattr(classifier, "VOTER", Voter(mode="rules"))
    parsed = parse("log a call with acme, they want a demo", NOW, None)
    assert not parsed.frame.overruled
