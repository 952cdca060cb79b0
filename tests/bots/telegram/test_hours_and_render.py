"""Business hours (parsing, next opening, the auto-reply), API addresses and rendering limits."""
from __future__ import annotations

import html
import re
from datetime import datetime, timedelta

import pytest

from bots.telegram import api, render
from crm_core import results as r
from crm_core.errors import ConfigError
from crm_core.models import utcnow
from crm_core.services import business_hours
from tests.bots.telegram.conftest import ALICE


def test_hours_parse_and_say_when_they_open_next():
    hours = business_hours.parse("Mon-Fri 09:00-17:00; Sat 10:00-14:00", "Europe/Berlin")
    wednesday_noon = datetime(2026, 11, 25, 11, 0)  # UTC; 12:00 in Berlin
    assert hours.is_open(wednesday_noon)
    assert hours.next_opening(wednesday_noon).isoformat() == "2026-11-25T12:00:00+01:00"
    friday_evening = datetime(2026, 11, 27, 17, 30)  # 18:30 in Berlin
    assert not hours.is_open(friday_evening)
    assert hours.next_opening(friday_evening).isoformat() == "2026-11-28T10:00:00+01:00"
    saturday_late = datetime(2026, 11, 28, 14, 0)
    assert hours.next_opening(saturday_late).isoformat() == "2026-11-30T09:00:00+01:00"


@pytest.mark.parametrize("spec, open_at", [
    ("Mon,Wed,Fri 10:00-16:00", [(0, 10, 0), (2, 15, 59), (4, 12, 0)]),
    ("Sat-Sun 10:00-24:00", [(5, 23, 59), (6, 10, 0)]),
    ("Fri-Mon 08:00-09:00", [(4, 8, 30), (0, 8, 0), (5, 8, 59)]),
])
def test_day_lists_ranges_and_midnight(spec, open_at):
    hours = business_hours.parse(spec, "UTC")
    monday = datetime(2026, 11, 23)
    for day, hour, minute in open_at:
        assert hours.is_open(monday + timedelta(days=day, hours=hour, minutes=minute)), (spec, day, hour)
    assert not hours.is_open(monday + timedelta(days=1, hours=12))  # Tuesday noon: none of them


@pytest.mark.parametrize("spec", ["", "always", "24/7", None])
def test_unset_hours_mean_always_open(spec):
    assert business_hours.parse(spec, "UTC") is None


@pytest.mark.parametrize("spec, says", [
    ("Mon-Fri", "is not like"), ("Mon-Fri 17:00-09:00", "is not after"), ("Mon-Fry 09:00-17:00", "is not a day"),
    ("Mon-Fri 09:00-25:00", "is not a time of day"), (";", "no days and hours"),
])
def test_bad_hours_say_what_is_wrong(spec, says):
    with pytest.raises(ConfigError, match=says):
        business_hours.parse(spec, "UTC")


def test_outside_business_hours_the_acknowledgement_says_when_to_expect_an_answer(bot, tg_api, tg_settings,
                                                                                   monkeypatch):
    opens = (utcnow() + timedelta(hours=12)).replace(second=0, microsecond=0)
    window = f"{opens:%H:%M}-{opens + timedelta(minutes=1):%H:%M}"
    monkeypatch.setenv("CRM_BUSINESS_HOURS", f"Mon-Sun {window}")
    tg_settings.cache_clear()
    tg_api.message(ALICE, "Anyone there?")
    text = tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]["text"]
    assert text.startswith("Ticket #1001 received, we'll answer here.\nWe're outside our business hours "
                           f"(Mon-Sun {window} (UTC)), so expect an answer ")
    assert text.endswith(f"from {opens:%H:%M}.")


def test_api_addresses_follow_ptb():
    assert api.method_url(None, "1:AB", "sendMessage") == "https://api.telegram.org/bot1:AB/sendMessage"
    assert api.method_url("http://127.0.0.1:9000/bot", "1:AB", "getMe") == "http://127.0.0.1:9000/bot1:AB/getMe"
    assert api.method_url("http://h/x/bot{token}/test", "1:AB", "getMe") == "http://h/x/bot1:AB/test/getMe"
    assert api.file_base_url("http://127.0.0.1:9000/bot") == "http://127.0.0.1:9000/file/bot"
    assert api.file_base_url(None) == "https://api.telegram.org/file/bot"


def test_long_replies_are_cut_within_telegrams_limit_and_stay_valid_html():
    text = render.agent_reply(1001, "a&b " * 2000)
    shown = html.unescape(re.sub(r"<[^>]+>", "", text))  # Telegram counts what is shown, not the markup
    assert len(shown) == render.TEXT_MAX and text.endswith("…") and not text[:-1].endswith("&amp")
    rows = tuple(r.TicketLine(n, "Acme <Corp>", "x" * 200, "open", "normal", None, "2026-11-25 10:00")
                 for n in range(1000, 1050))
    table = render.rep(r.TicketList("open tickets", rows, 50)).text
    assert len(table) <= render.TEXT_MAX and table.startswith("<pre>") and table.endswith("</pre>")


def test_long_choice_values_fall_back_to_their_number():
    question = r.Question("Which one?", (r.Choice("x" * 80, "Long"), r.Choice("7", "Short")))
    rows = render.rep(question).markup.inline_keyboard
    assert [row[0].callback_data for row in rows] == ["ask:1", "ask:7"]
