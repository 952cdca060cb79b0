"""`crm parse` prints the new intents with their slots (the eval language's extension)."""
import json

import pytest

from crm_core.cli import main
from crm_core.settings import get_settings


@pytest.fixture
def no_database(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'absent.db'}")  # resolves no customer
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize("text, intent, slots", [
    ("invite Zeta Widgets to telegram", "invite_customer", {"customer": "Zeta Widgets"}),
    ("link my telegram", "invite_rep", {}),
    ("send my reminders on telegram", "set_notify_via", {"via": "telegram"}),
    ("weekly digest on mondays at 9 on telegram", "subscribe_digest",
     {"frequency": "weekly", "at": "09:00", "weekday": "mon", "via": "telegram"}),
    ("stop my digest", "unsubscribe_digest", {}),
    ("digest preview", "show_digest", {}),
    ("message the at risk customers: Hi {first_name}!", "send_outreach",
     {"segment": "at_risk", "message": "Hi {first_name}!"}),
    ("outreach status", "show_outreach", {}),
    ("what's due today", "show_reminders", {"days": 1}),
])
def test_crm_parse_prints_the_new_intents(no_database, capsys, text, intent, slots):
    assert main(["parse", "--now", "2026-11-25T10:00:00", text]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["intent"], printed["slots"]) == (intent, slots)


def test_two_moves_are_printed_as_also(no_database, capsys):
    assert main(["parse", "--now", "2026-11-25T10:00:00", "move Zeta to proposal and Omega to negotiation"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["slots"] == {"customer": "Zeta", "stage": "proposal"}
    assert printed["also"] == [{"intent": "move_deal", "slots": {"customer": "Omega", "stage": "negotiation"},
                                "confidence": printed["also"][0]["confidence"],
                                "evidence": {"customer": {"text": "Omega", "span": [26, 31]},
                                             "stage": {"text": "negotiation", "span": [35, 46]}},
                                "action": "act"}]
