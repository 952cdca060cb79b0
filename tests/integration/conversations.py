"""Scripted multi-turn conversations run through `converse()` on the demo data, checked message by message.

A script is a list of `Say` steps: what the rep types, the kinds of the replies, and exactly the audit rows the
message must write (`W(entity, op, field=after | field=(before, after))`). Each step's outcome is one of
    meant        the replies and the writes are the expected ones
    wrong write  a row was written that was not expected, or with other values (the worst defect)
    missed       anything else (a wrong reply, a write that did not happen)
`tally` adds every step's outcome up, so the share of messages that did what the rep meant can be printed.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from crm_core import clock, migrate
from crm_core import db as crm_db
from crm_core.demo import load_demo
from crm_core.dialogue import converse
from crm_core.models import AuditLog, Customer, User
from crm_core.results import Question, Result
from tests.conftest import _postgres_database, _empty_all

REP = "Li Wei"  # a demo rep (Asia/Shanghai) who owns Acme Corp, Chen Labs, Nakamura Robotics, Pinecrest Labs Ltda
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
tally: Counter = Counter()  # each message's outcome
conversations_run: Counter = Counter()  # how many scripts ran


@dataclass(frozen=True)
class W:
    """One audit row a message must write: its table, its op, and some of its values."""
    entity: str
    op: str
    values: dict[str, Any] = field(default_factory=dict)

    def __init__(self, entity: str, op: str, **values: Any):
        object.__setattr__(self, "entity", entity)
        object.__setattr__(self, "op", op)
        object.__setattr__(self, "values", values)


@dataclass(frozen=True)
class Say:
    text: str
    kinds: tuple[str, ...] | frozenset[str] | str
    writes: tuple[W, ...] = ()
    later: int = 0  # minutes after the conversation started
    as_: str = REP
    key: str = "slack:D1"
    check: Callable[[Conversation], None] | None = None  # what the database must hold afterwards

    def __init__(self, text: str, kinds: tuple[str, ...] | frozenset[str] | str, *writes: W, later: int = 0, as_: str = REP,
                 key: str = "slack:D1", check: Callable | None = None):
        for name, value in (("text", text), ("kinds", (kinds,) if isinstance(kinds, str) else kinds),  # a set: any one
                            ("writes", writes), ("later", later), ("as_", as_), ("key", key), ("check", check)):
            object.__setattr__(self, name, value)


# Values that depend on the database or the day: resolved when the step is checked.
@dataclass(frozen=True)
class Cust:
    name: str

    def value(self, talk: Conversation) -> int:
        return Customer.get(Customer.name == self.name).id


@dataclass(frozen=True)
class Mate:
    """A teammate's user id, by the first word of their name."""
    first_name: str

    def value(self, talk: Conversation) -> int:
        return User.get(User.name.startswith(self.first_name + " ")).id


@dataclass(frozen=True)
class Picked:
    """The customer of choice `n` (1-based) of the last question asked."""
    n: int

    def value(self, talk: Conversation) -> int:
        label = talk.last_question.choices[self.n - 1].label
        return Customer.get(Customer.name == label.split(" (")[0]).id


@dataclass(frozen=True)
class Day:
    """The next such weekday after the rep's today (as the parser reads "friday"), as an ISO date."""
    weekday: str

    def value(self, talk: Conversation) -> str:
        return next_weekday(talk.today, self.weekday).isoformat()


@dataclass(frozen=True)
class At:
    """A reminder's due time: that weekday at `hh:mm` in the rep's zone, as stored (naive UTC)."""
    weekday: str
    time: str = "09:00"

    def value(self, talk: Conversation) -> str:
        day = next_weekday(talk.today, self.weekday)
        local = datetime.fromisoformat(f"{day.isoformat()}T{self.time}").replace(tzinfo=talk.zone)
        return str(local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None))


def next_weekday(today: date, name: str) -> date:
    ahead = (WEEKDAYS.index(name) - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=ahead)


class Conversation:
    """Runs a script against the bound database and records each step's outcome."""

    def __init__(self, start: datetime):
        self.start = start
        self.zone = ZoneInfo(User.get(User.name == REP).timezone)
        self.today = start.replace(tzinfo=ZoneInfo("UTC")).astimezone(self.zone).date()
        self.last_question: Question | None = None
        self.outcomes: list[tuple[str, str]] = []

    def say(self, step: Say) -> list[Result]:
        first = AuditLog.select().order_by(AuditLog.id.desc()).first()
        user = User.get(User.name == step.as_)
        results = converse(user, step.key, step.text, channel="slack", now=self.start + timedelta(minutes=step.later))
        rows = list(AuditLog.select().where(AuditLog.id > (first.id if first else 0)).order_by(AuditLog.id))
        self.outcomes.append((step.text, self._outcome(step, results, rows)))
        self.last_question = next((r for r in results if isinstance(r, Question)), self.last_question)
        if step.check is not None and self.outcomes[-1][1] == "meant":
            step.check(self)
        return results

    def _outcome(self, step: Say, results: list[Result], rows: list[AuditLog]) -> str:
        written = [(r.entity, r.op) for r in rows]
        expected = [(w.entity, w.op) for w in step.writes]
        unexpected = Counter(written) - Counter(expected)
        differing = [r for w, r in zip(step.writes, rows, strict=False)
                     if (w.entity, w.op) == (r.entity, r.op) and not self._matches(w, r)]
        if unexpected or differing:
            return f"wrong write: {[(r.entity, r.op, r.before, r.after) for r in rows]}"
        kinds = tuple(r.kind for r in results)
        if written != expected or (kinds != step.kinds and not (isinstance(step.kinds, frozenset)
                                                              and len(kinds) == 1 and kinds[0] in step.kinds)):
            return f"missed: replies {[(r.kind, getattr(r, 'message', getattr(r, 'text', ''))) for r in results]}"
        return "meant"

    def _matches(self, expected: W, row: AuditLog) -> bool:
        before = json.loads(row.before) if row.before else {}
        after = json.loads(row.after) if row.after else {}
        for name, wanted in expected.values.items():
            old, new = wanted if isinstance(wanted, tuple) else (None, wanted)
            if not _same(after.get(name), self._value(new)):
                return False
            if isinstance(wanted, tuple) and not _same(before.get(name), self._value(old)):
                return False
        return True

    def _value(self, wanted: Any) -> Any:
        return wanted.value(self) if hasattr(wanted, "value") and callable(wanted.value) else wanted


def _same(stored: Any, wanted: Any) -> bool:
    if str(stored) == str(wanted):
        return True
    try:
        return Decimal(str(stored)) == Decimal(str(wanted))
    except InvalidOperation:
        return False


def run(script: list[Say]) -> Conversation:
    talk = Conversation(clock.utcnow().replace(microsecond=0))
    for step in script:
        talk.say(step)
    tally.update(outcome.split(":")[0] for _, outcome in talk.outcomes)
    conversations_run["scripts"] += 1
    return talk


def assert_meant(talk: Conversation) -> None:
    missed = [(text, outcome) for text, outcome in talk.outcomes if outcome != "meant"]
    assert not missed, "\n".join(f"{text!r}: {outcome}" for text, outcome in missed)


def share_line() -> str:
    total = sum(tally.values())
    return (f"conversations: {conversations_run['scripts']}, "
            f"conversation messages: {total}, did what the rep meant: {tally['meant']} "
            f"({tally['meant'] / total:.1%}), wrong writes: {tally['wrong write']}, missed: {tally['missed']}")


@pytest.fixture
def demo(request, tmp_path):
    """The demo data on SQLite, or on PostgreSQL for the cases parametrised with "postgres"."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        db = crm_db.open_database(f"sqlite:///{tmp_path / 'crm.db'}")
        migrate.upgrade(db)
    else:
        db = _postgres_database(request.getfixturevalue("postgres_schema"))
        _empty_all(db)
    crm_db.database.initialize(db)
    load_demo()
    yield db
    db.close()
