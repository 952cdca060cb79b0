"""PTB's Application, polling (or on a webhook) against the local Bot API in tests/fakes/telegram_api.py."""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bots.telegram import app as telegram_app
from crm_core import bus
from crm_core.models import Customer, Outbox, User
from crm_core.names import normalize_name
from crm_core.settings import get_settings
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi, TgUser
from workers import ratelimit

ALICE = TgUser(7001, "Alice", "Smith", "alice_s")
BOB = TgUser(7002, "Bob", None, "bobby")
MALLORY = TgUser(7666, "Mallory")
ACK = "Ticket #{} received, we'll answer here."


@pytest.fixture
def tg_api() -> Iterator[FakeTelegramApi]:
    with FakeTelegramApi() as api:
        yield api
        assert not api.rejected, f"real Telegram would refuse: {api.rejected}"


@pytest.fixture
def tg_settings(tg_api, monkeypatch):
    """Settings pointing at the fake; the cached settings are dropped before and after."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_URL", tg_api.url)
    for name in ("TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_BOT_USERNAME", "CRM_BUSINESS_HOURS",
                 "SLACK_SUPPORT_CHANNEL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    ratelimit.configure(ratelimit.InProcessLimiter())
    bus.configure(publish=None)  # outbox rows stay pending; tests deliver them by hand
    yield get_settings
    get_settings.cache_clear()


@pytest.fixture
def start_bot(database, tg_settings):
    """Start the bot (polling, or `webhook=`); stopped at the end of the test."""
    running = []

    def _start(webhook: telegram_app.Webhook | None = None) -> telegram_app.BotThread:
        get_settings.cache_clear()
        thread = telegram_app.BotThread(telegram_app.build(get_settings()), webhook=webhook, poll_timeout=5)
        running.append(thread.start())
        return thread

    yield _start
    for thread in running:
        thread.stop()
    if hasattr(database, "close_idle"):  # the bot's worker threads left PostgreSQL connections in the pool
        database.close_idle()


@pytest.fixture
def bot(start_bot, tg_api):
    thread = start_bot()
    tg_api.wait_for("setMyCommands")
    return thread


@pytest.fixture
def rep(database) -> User:
    return User.create(name="Maria Lopez", role="rep", email="maria@crm.example")


def add_customer(name: str, phone: str | None = None, tg: TgUser | None = None) -> Customer:
    return Customer.create(name=name, name_norm=normalize_name(name), phone=phone,
                           telegram_user_id=tg.id if tg else None, telegram_chat_id=tg.id if tg else None)


def outbox_rows(kind: str) -> list[Outbox]:
    return list(Outbox.select().where(Outbox.kind == kind).order_by(Outbox.id))


def payload(row: Outbox) -> dict:
    return json.loads(row.payload)
