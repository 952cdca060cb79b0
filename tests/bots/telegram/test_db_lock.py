"""On SQLite, a write lock held past the busy timeout loses no customer message (issue 13).

Another program (here a plain sqlite3 connection in `BEGIN IMMEDIATE`) holds the write lock longer than
the bot's busy timeout, every retry included. The customer's message must not be answered with an error
and dropped: the update is not acknowledged, the fake Bot API hands it out again, and once the lock is
gone it is stored once and acknowledged. A rep's command is answered "busy, wait and try again", unwritten.
The busy timeout is shortened so that the test holds the lock "past the timeout" in a few seconds; the
slow variant uses the real 10 s.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator

import pytest
from peewee import Database

from bots.telegram import flows, render
from crm_core import bus
from crm_core import commands as c
from crm_core import db as crm_db
from crm_core import results as r
from crm_core.models import Customer, TicketMessage, User
from crm_core import migrate
from tests.bots.telegram.conftest import ALICE


def open_with_busy_timeout(path: str, busy_timeout_ms: int, monkeypatch) -> Database:
    monkeypatch.setitem(crm_db.SQLITE_PRAGMAS, "busy_timeout", busy_timeout_ms)
    db = crm_db.open_database(f"sqlite:///{path}")
    migrate.upgrade(db)
    crm_db.database.initialize(db)
    return db


@pytest.fixture
def database(tmp_path, monkeypatch) -> Iterator[Database]:
    """SQLite only, with a short busy timeout (overrides the two-backend fixture the bot starts on)."""
    db = open_with_busy_timeout(str(tmp_path / "crm.db"), 200, monkeypatch)
    yield db
    db.close()


class WriteLock:
    """Another process's write transaction on the same file, held until `release()`."""

    def __init__(self, path: str):
        self._connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._connection.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self._connection.execute("ROLLBACK")
        self._connection.close()


def database_file(db: Database) -> str:
    return db.database


def hold_lock_while(db: Database, seconds: float, during) -> None:
    lock = WriteLock(database_file(db))
    try:
        during()
        threading.Event().wait(seconds)  # the lock outlives the busy timeout and every retry of the bus
        assert TicketMessage.select().count() == 0  # nothing got through while it was held
    finally:
        lock.release()


def test_a_customer_message_waits_out_a_lock_held_past_the_busy_timeout(database, bot, tg_api):
    flows.gateway()  # the bot's own user exists already: the customer's message is the only write
    hold_lock_while(database, 4.0, lambda: tg_api.message(ALICE, "my order never arrived"))
    tg_api.wait_for("sendMessage", chat_id=ALICE.id, timeout=30)
    tg_api.wait_idle()
    assert [m.body for m in TicketMessage.select()] == ["my order never arrived"]  # stored once
    texts = tg_api.texts(ALICE.id)
    assert len(texts) == 1 and texts[0].startswith("Ticket #"), texts  # acknowledged, no error shown


def test_a_rep_command_while_the_database_stays_locked_says_wait_and_changes_nothing(database):
    rep = User.create(name="Maria Lopez", role="rep", email="maria@crm.example")
    lock = WriteLock(database_file(database))
    try:
        result = bus.handle(c.AddCustomer(customer="Acme Ltd"), rep, channel="telegram")
    finally:
        lock.release()
    text = render.rep(result).text
    assert "busy" in text and "try again" in text and "went wrong" not in text, text
    assert Customer.select().count() == 0
    assert isinstance(bus.handle(c.AddCustomer(customer="Acme Ltd"), rep, channel="telegram"), r.CustomerAdded)


@pytest.mark.slow
def test_a_lock_held_past_the_real_10_s_busy_timeout_loses_nothing(tmp_path, monkeypatch, start_bot, tg_api):
    db = open_with_busy_timeout(str(tmp_path / "real.db"), 10_000, monkeypatch)
    start_bot()
    tg_api.wait_for("setMyCommands")
    hold_lock_while(db, 35.0, lambda: tg_api.message(ALICE, "still waiting for my refund"))
    tg_api.wait_for("sendMessage", chat_id=ALICE.id, timeout=90)
    assert [m.body for m in TicketMessage.select()] == ["still waiting for my refund"]
    assert tg_api.texts(ALICE.id)[0].startswith("Ticket #")
    print("\na customer message written while the write lock was held 35 s: stored once, acknowledged")
