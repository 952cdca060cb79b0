"""A send whose request went out but whose answer never came (the platform slower than our time-out) may
have reached the customer: the row is 'uncertain', listed by `crm jobs`, and never sent again blindly."""
from __future__ import annotations

import time

import httpx
import pytest

from bots.telegram import senders as telegram_senders
from crm_core.cli.workers import _print_problems
from crm_core.settings import get_settings
from workers import http_sender, jobs, ratelimit
from workers.actors.outbox import deliver, sweep_and_enqueue

from .conftest import make_row, reload
from .fake_api import FakeChatApi

TIMEOUT = 0.3
LATENCY = 1.0  # the fake answers after this long: past the time-out


@pytest.fixture
def slow_api(monkeypatch):
    with FakeChatApi(latency=LATENCY) as api:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
        monkeypatch.setenv("TELEGRAM_API_URL", api.url.rsplit("/", 1)[0] + "/bot")
        get_settings.cache_clear()
        monkeypatch.setattr(telegram_senders, "TIMEOUT", httpx.Timeout(TIMEOUT, connect=5.0))
        monkeypatch.setattr(http_sender, "TIMEOUT_SECONDS", TIMEOUT)
        telegram_senders._local.client = None  # clients made with the time-out above
        http_sender._local.pool = {}
        ratelimit.configure(ratelimit.InProcessLimiter())
        yield api
        time.sleep(LATENCY)  # let the fake finish what it was answering
    telegram_senders._local.client = None
    http_sender._local.pool = {}
    get_settings.cache_clear()


@pytest.mark.parametrize("kind", ["telegram.message", "http.post"])
def test_a_send_that_times_out_is_uncertain_listed_and_never_resent(database, slow_api, kind, capsys):
    payload = ({"chat_id": 4242, "text": "Your refund is on its way"} if kind.startswith("telegram.")
               else {"url": slow_api.url, "json": {"chat_id": 4242, "text": "Your refund is on its way"}})
    row = make_row("refund:1", kind=kind, **payload)

    assert deliver(row.id).status == "uncertain"
    row = reload(row)
    assert row.status == "uncertain" and f"crm jobs --retry {row.id}" in row.last_error

    time.sleep(LATENCY)
    assert slow_api.per_chat[4242] == 1  # it did arrive: sending it again would say it twice
    assert sweep_and_enqueue(0, 0) == 0 and deliver(row.id).status == "skipped"
    time.sleep(LATENCY)
    assert slow_api.per_chat[4242] == 1

    _print_problems(jobs.problems())
    listing = capsys.readouterr().out
    assert "Stuck outbox rows: 1" in listing and "uncertain" in listing and "refund:1" in listing


def test_a_send_that_never_reached_the_platform_is_retried(database, monkeypatch):
    """Nothing listening: the request never left, so it is simply tried again later (not uncertain)."""
    monkeypatch.setattr(http_sender, "TIMEOUT_SECONDS", TIMEOUT)
    http_sender._local.pool = {}
    row = make_row("refund:2", kind="http.post", url="http://127.0.0.1:9/sendMessage", json={"chat_id": 1})
    assert deliver(row.id).status == "retry"
    assert reload(row).status == "pending"
