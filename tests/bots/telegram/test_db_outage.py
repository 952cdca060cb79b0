"""Customers writing on Telegram while PostgreSQL is unreachable lose no message (issue 13).

The bot reaches PostgreSQL through a TCP proxy; stopping it is an outage as the bot sees one (new
connections refused, open ones cut). Meanwhile customers keep writing. Polling: the bot does not confirm
an update it could not store, so the fake Bot API (which, like Telegram, forgets what a later offset
confirmed) hands it out again. Webhook: the bot answers 500 and "Telegram" (the test) posts it again.
Once the database is back every message is on a ticket exactly once and acknowledged to its customer.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from peewee import Database, OperationalError

from bots.telegram import app as telegram_app
from bots.telegram import flows
from crm_core import db as crm_db
from crm_core.models import TicketMessage
from crm_core.settings import get_settings
from tests.conftest import POSTGRES_URL, _empty_all
from tests.fakes.tcp_proxy import TcpProxy
from tests.fakes.telegram_api import FakeTelegramApi, TgUser, post_update

CUSTOMERS = [TgUser(7100 + i, f"Customer{i}") for i in range(6)]
SECRET = "outage-secret"


@pytest.fixture
def proxied_database(postgres_schema) -> Iterator[tuple[TcpProxy, Database]]:
    """The test schema on PostgreSQL, bound to the models through a proxy the test can stop."""
    direct = crm_db.open_database(POSTGRES_URL)
    options = {"options": f"-csearch_path={postgres_schema}"}
    direct.init(direct.database, **{**direct.connect_params, **options})
    _empty_all(direct)
    proxy = TcpProxy(direct.connect_params.get("host", "127.0.0.1"), int(direct.connect_params.get("port", 5432)))
    proxy.start()
    db = crm_db.open_database(f"postgresql://postgres@127.0.0.1:{proxy.port}/{direct.database}")
    db.init(db.database, **{**db.connect_params, **options})
    crm_db.database.initialize(db)
    yield proxy, db
    proxy.stop()
    db.close_idle()
    direct.close()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {timeout:.0f} s waiting for {what}"
        time.sleep(0.2)


def stored_bodies() -> Counter:
    try:
        return Counter(message.body for message in TicketMessage.select(TicketMessage.body))
    except Exception:  # noqa: BLE001 - the database is still coming back
        return Counter()


def write_during_outage(proxy: TcpProxy, outage_seconds: float, send: Callable[[TgUser, str], None]) -> list[str]:
    """Stop the database for `outage_seconds` while every customer writes a message each second."""
    proxy.stop()
    written, start, round_ = [], time.monotonic(), 0
    while time.monotonic() - start < outage_seconds:
        for customer in CUSTOMERS:
            text = f"{customer.first_name}: message {round_} written during the outage"
            send(customer, text)
            written.append(text)
        round_ += 1
        time.sleep(1.0)
    assert stored_bodies() == Counter()  # the database really was out of reach
    proxy.start()
    return written


def run_outage_in_polling(tg_api: FakeTelegramApi, proxy: TcpProxy, outage_seconds: float) -> list[str]:
    thread = telegram_app.BotThread(telegram_app.build(get_settings()), poll_timeout=2).start()
    try:
        tg_api.wait_for("setMyCommands")
        tg_api.message(CUSTOMERS[0], "hello before the outage")
        tg_api.wait_for("sendMessage", chat_id=CUSTOMERS[0].id)
        written = ["hello before the outage", *write_during_outage(
            proxy, outage_seconds, lambda customer, text: tg_api.message(customer, text))]
        wait_until(lambda: sum(stored_bodies().values()) >= len(written), 60 + outage_seconds,
                   "every message to be stored")
        wait_until(lambda: len(tg_api.sent()) >= len(written), 30, "every message to be acknowledged")
    finally:
        thread.stop()
    return written


def test_polling_loses_no_message_written_while_the_database_is_down(proxied_database, tg_api, tg_settings):
    proxy, _ = proxied_database
    written = run_outage_in_polling(tg_api, proxy, outage_seconds=4)
    assert stored_bodies() == Counter(written)  # every message once, none lost, none doubled
    for customer in CUSTOMERS:
        texts = tg_api.texts(customer.id)
        mine = [text for text in written if text.startswith(f"{customer.first_name}:")
                or (customer is CUSTOMERS[0] and text.startswith("hello"))]
        assert len(texts) == len(mine) and all(text.startswith("Ticket #") for text in texts), texts
        assert not any("went wrong" in text for text in texts)


@pytest.mark.slow
def test_polling_loses_no_message_over_a_60_s_outage(proxied_database, tg_api, tg_settings):
    proxy, _ = proxied_database
    written = run_outage_in_polling(tg_api, proxy, outage_seconds=60)
    assert stored_bodies() == Counter(written)
    print(f"\n{len(written)} messages, {len(written) - 1} written during a 60 s outage: 0 lost, 0 doubled")


def test_the_webhook_answers_500_until_the_message_is_stored(proxied_database, tg_api, tg_settings, monkeypatch):
    proxy, _ = proxied_database
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", url)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    get_settings.cache_clear()
    hook = telegram_app.webhook_for(get_settings(), "127.0.0.1", port)
    thread = telegram_app.BotThread(telegram_app.build(get_settings()), webhook=hook).start()
    refused: list[dict] = []  # what "Telegram" must deliver again
    try:
        def deliver(customer: TgUser, text: str) -> None:
            update = tg_api.build_message(customer, text=text)
            status = post_update(url, update, SECRET)
            assert status != 200  # not acknowledged: nothing could store it
            refused.append(update)

        written = write_during_outage(proxy, 3, deliver)
        statuses = [post_update(url, update, SECRET) for update in refused]  # Telegram's retries
        wait_until(lambda: len(tg_api.sent()) >= len(written), 30, "every message to be acknowledged")
    finally:
        thread.stop()
    assert set(statuses) == {200}
    assert stored_bodies() == Counter(written)
    assert all(text.startswith("Ticket #") for text in tg_api.texts())


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_message_not_stored_comes_again_before_the_next_one_of_its_chat(bot, tg_api, monkeypatch):
    """The database fails for one message only (its connection dropped); the same customer's next message, in
    the same getUpdates batch, must not overtake it: the ticket reads in the order the customer wrote."""
    real, dropped = flows.message, []

    def dropping_the_first(profile, text, *args, **kwargs):
        if text == "first" and not dropped:
            dropped.append(text)
            raise OperationalError("server closed the connection unexpectedly")
        return real(profile, text, *args, **kwargs)

    monkeypatch.setattr(flows, "message", dropping_the_first)
    with tg_api._changed:  # both in one batch, as a customer writing fast gets them
        tg_api.message(CUSTOMERS[0], "first")
        tg_api.message(CUSTOMERS[0], "second")
    tg_api.wait_for("sendMessage", count=2, chat_id=CUSTOMERS[0].id, timeout=30)
    assert dropped == ["first"]
    assert [m.body for m in TicketMessage.select().order_by(TicketMessage.id)] == ["first", "second"]


def test_on_a_webhook_a_later_message_never_overtakes_one_not_stored(start_bot, tg_api, monkeypatch):
    """Webhook mode: the first message fails to be stored (500); the customer's next one, and Telegram's
    retry of it arriving before the first's, are refused too until the first is stored: same order as written."""
    real, dropped = flows.message, []

    def dropping_the_first(profile, text, *args, **kwargs):
        if text == "first" and not dropped:
            dropped.append(text)
            raise OperationalError("server closed the connection unexpectedly")
        return real(profile, text, *args, **kwargs)

    monkeypatch.setattr(flows, "message", dropping_the_first)
    url = f"http://127.0.0.1:{free_port()}/telegram"
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", url)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    get_settings.cache_clear()
    start_bot(telegram_app.webhook_for(get_settings(), "127.0.0.1", int(url.split(":")[2].split("/")[0])))
    first, second = (tg_api.build_message(CUSTOMERS[0], text=text) for text in ("first", "second"))
    statuses = [post_update(url, update, SECRET) for update in (first, second, second)]
    assert dropped == ["first"] and 200 not in statuses  # the second waits for the first
    assert [post_update(url, update, SECRET) for update in (first, second)] == [200, 200]  # Telegram's retries
    tg_api.wait_for("sendMessage", count=2, chat_id=CUSTOMERS[0].id, timeout=30)
    assert [m.body for m in TicketMessage.select().order_by(TicketMessage.id)] == ["first", "second"]
