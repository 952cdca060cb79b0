"""Every question type of issue 14 at scale, end to end as a bot runs it: the text understood
(crm_core.understanding.understand) and each command it gives run through the command bus (bus.handle), on SQLite
and on PostgreSQL. Prints p50 / p99 per question and backend, and the plans of each question's slowest statements.

    python bench/questions_at_scale.py [--orders 1000000] [--deals 200000] [--activities 1000000]
        [--tickets 100000] [--customers 100000] [--repeat 40] [--only sqlite|postgres] [--fresh] [--plans] [--match TEXT]

The generated database is kept (SQLite: /tmp/crm_questions_<scale>.db; PostgreSQL: the schema
bench_questions_<scale> of BENCH_POSTGRES_URL), so a re-run only times; --fresh builds it again.
Target: p50 <= 50 ms and p99 <= 200 ms for every question.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from peewee import Database, SqliteDatabase

from crm_core import bus, clock, migrate
from crm_core import db as crm_db
from crm_core.data.sqlrows import default_columns
from crm_core.models import (Activity, Customer, Deal, DealStageChange, Order, Reminder, Ticket, TicketMessage,
                             User)
from crm_core.names import normalize_name
from crm_core.results import Rejected
from crm_core.understanding import understand

from common import POSTGRES_URL

TARGET_P50, TARGET_P99 = 50.0, 200.0
REPS, TEAMS = 40, ("east", "west", "emea", "apac")
CITIES = ("Berlin", "London", "Seattle", "Chicago", "Tokyo", "Paris", "Austin", "Boston", "Madrid", "Toronto")
SEGMENTS = ("champions", "loyal", "promising", "at_risk", "hibernating", "new")
SYLLABLES = ("ka", "lo", "ve", "ri", "mon", "tal", "dor", "sen", "qua", "bri", "zel", "nor", "fin", "gra", "pel",
             "sto", "vin", "rak", "mel", "tor", "bas", "kel", "dun", "fra", "hol", "jun", "lex", "mar", "nex", "osk")
SUFFIXES = ("Trading", "Systems", "Foods", "Logistics", "Labs", "Works", "Partners", "Retail", "Energy", "Media")
KINDS = ("call", "meeting", "email", "note")
STAGE_PATH = ("lead", "qualified", "proposal", "negotiation")

# (label, text, who asks): the question types of issue 14 in words reps use (train-split phrasings)
QUESTIONS = (
    ("deal list: mine, closing this month", "my deals closing this month", "rep"),
    ("deal list: over 50k in proposal", "deals over 50k in proposal", "manager"),
    ("deal list: stale 30 days", "deals with no activity in 30 days", "rep"),
    ("deal list: won this quarter", "deals won this quarter", "manager"),
    ("deal card", "what's the win probability on the {customer} deal", "admin"),
    ("ticket card", "ticket {ticket}?", "admin"),
    ("ticket list: urgent, mine", "urgent tickets assigned to me", "agent"),
    ("ticket list: open older than 3 days", "open tickets older than 3 days", "admin"),
    ("customer timeline", "what's our history with {customer}", "admin"),
    ("customer list: city", "which customers are in seattle", "admin"),
    ("customer list: no order since", "customers who haven't ordered since june", "admin"),
    ("top customers", "top 10 customers by revenue", "admin"),
    ("top customers this quarter", "top customers this quarter", "admin"),
    ("top customers by orders", "top 10 customers by orders", "admin"),
    ("my day", "what's on my plate", "rep"),
    ("report: leaderboard", "sales leaderboard this quarter", "manager"),
    ("report: win rate", "win rate this year", "manager"),
    ("report: funnel", "conversion funnel this quarter", "manager"),
    ("report: forecast", "weighted forecast", "manager"),
    ("report: activity per rep", "activity per rep this month", "manager"),
    ("report: tickets", "tickets report this month", "admin"),
    ("report: revenue by month", "revenue by month", "admin"),
)


# -- the data ------------------------------------------------------------------------------------------------
def scale_name(args: argparse.Namespace) -> str:
    return f"o{args.orders}_d{args.deals}_a{args.activities}_t{args.tickets}_c{args.customers}"


@contextmanager
def bench_database(kind: str, args: argparse.Namespace) -> Iterator[Database]:
    """The cached database of this scale, built when missing (or --fresh), migrated and bound."""
    if kind == "sqlite":
        path = f"/tmp/crm_questions_{scale_name(args)}.db"
        if args.fresh and os.path.exists(path):
            os.remove(path)
        fresh = not os.path.exists(path)
        db = crm_db.init(f"sqlite:///{path}")
    else:
        schema = f"bench_questions_{scale_name(args)}"
        admin = crm_db.open_database(POSTGRES_URL)
        if args.fresh:
            admin.execute_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        fresh = not admin.execute_sql("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
        if fresh:
            admin.execute_sql(f'CREATE SCHEMA "{schema}"')
        admin.close()
        db = crm_db.open_database(POSTGRES_URL)
        db.init(db.database, **{**db.connect_params, "options": f"-csearch_path={schema}"})
        crm_db.database.initialize(db)
    migrate.upgrade(db)
    if fresh or not Order.select().limit(1).exists():
        started = time.perf_counter()
        generate(db, args)
        print(f"[{kind}] generated in {time.perf_counter() - started:.0f} s")
    yield db
    db.close()


def generate(db: Database, args: argparse.Namespace) -> None:
    rng, now = random.Random(14), clock.utcnow().replace(microsecond=0)
    with db.atomic():
        writer = _Writer(db)
        writer.write(User, ("id", "name", "email", "role", "team", "timezone"), _users())
        writer.write(Customer, ("id", "name", "name_norm", "city", "segment", "owner_id", "created_at"),
                     _customers(rng, args.customers, now))
        deals = list(_deals(rng, args, now))
        writer.write(Deal, ("id", "customer_id", "title", "amount", "currency", "stage", "owner_id", "expected_close",
                            "closed_at", "win_probability", "created_at", "updated_at"), deals)
        writer.write(DealStageChange, ("deal_id", "from_stage", "to_stage", "changed_by_id", "changed_at"),
                     _stage_changes(deals))
        writer.write(Activity, ("customer_id", "deal_id", "kind", "summary", "follow_up", "user_id", "occurred_at",
                                "created_at"), _activities(rng, args, now))
        tickets = list(_tickets(rng, args, now))
        writer.write(Ticket, ("id", "number", "customer_id", "subject", "status", "priority", "assignee_id",
                              "csat_score", "created_at", "updated_at", "resolved_at"), tickets)
        writer.write(TicketMessage, ("ticket_id", "author_user_id", "from_customer", "body", "created_at"),
                     _messages(tickets))
        writer.write(Order, ("customer_id", "date", "amount", "row_key", "created_at"), _orders(rng, args, now))
        writer.write(Reminder, ("user_id", "customer_id", "text", "due_at", "status", "created_at"),
                     _reminders(rng, args, now))
        writer.reset_sequences()
    db.execute_sql("ANALYZE" if isinstance(db, SqliteDatabase) else "VACUUM ANALYZE")  # as autovacuum would, later


class _Writer:
    """Bulk rows: COPY on PostgreSQL, executemany on SQLite; the other columns get the models' defaults."""

    def __init__(self, db: Database) -> None:
        self.db, self.postgres = db, not isinstance(db, SqliteDatabase)
        self.tables: list[str] = []

    def write(self, model, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
        defaults = default_columns(model, columns)
        names = (*columns, *defaults)
        constants = tuple(defaults.values())
        table = model._meta.table_name
        self.tables.append(table)
        rows = (row + constants for row in rows)
        if self.postgres:
            for chunk in _chunks(rows, 200_000):
                buffer = io.StringIO("".join("\t".join(_copy_text(v) for v in row) + "\n" for row in chunk))
                self.db.cursor().copy_expert(f"COPY {table} ({', '.join(names)}) FROM STDIN", buffer)
        else:
            self.db.cursor().executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES "
                                         f"({', '.join('?' * len(names))})", rows)

    def reset_sequences(self) -> None:
        if self.postgres:
            for table in self.tables:
                self.db.execute_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")


def _copy_text(value) -> str:
    return "\\N" if value is None else str(value).replace("\t", " ").replace("\n", " ")


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _users() -> list[tuple]:
    rows = [(1, "Ada Admin", "ada@bench.example", "admin", None, "UTC"),
            (2, "Mona Manager", "mona@bench.example", "manager", TEAMS[0], "UTC"),
            (3, "Maria Lopez", "maria@bench.example", "rep", TEAMS[0], "America/New_York"),
            (4, "Sam Agent", "sam@bench.example", "rep", TEAMS[1], "Europe/Berlin")]
    rows += [(i, f"Rep{i} Person", f"rep{i}@bench.example", "rep", TEAMS[i % len(TEAMS)], "UTC")
             for i in range(5, REPS + 5)]
    return rows


def _reps() -> range:
    return range(3, REPS + 5)


def customer_name(i: int) -> str:
    """A distinct made-up company name per id (no digits: a number in a name reads as an amount)."""
    n, parts = i, []
    for _ in range(3):
        n, k = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[k])
    n, k = divmod(n, len(SUFFIXES))
    word = "".join(parts).capitalize()
    extra = SYLLABLES[n % len(SYLLABLES)].capitalize() + " " if n else ""
    return f"{extra}{word} {SUFFIXES[k]}"


def _customers(rng: random.Random, count: int, now: datetime) -> Iterator[tuple]:
    for i in range(1, count + 1):
        name = customer_name(i)
        yield (i, name, normalize_name(name), rng.choice(CITIES), rng.choice(SEGMENTS), rng.choice(_reps()),
               now - timedelta(days=rng.randrange(900)))


def _deals(rng: random.Random, args: argparse.Namespace, now: datetime) -> Iterator[tuple]:
    for i in range(1, args.deals + 1):
        created = now - timedelta(days=rng.randrange(720), minutes=rng.randrange(1440))
        stage = rng.choices(("lead", "qualified", "proposal", "negotiation", "won", "lost"), (3, 2, 2, 1, 2, 2))[0]
        closed = min(now, created + timedelta(days=rng.randrange(5, 120))) if stage in ("won", "lost") else None
        expected = (now + timedelta(days=rng.randrange(-30, 180))).date() if closed is None else closed.date()
        yield (i, rng.randrange(1, args.customers + 1), f"Deal {i}", round(rng.lognormvariate(9, 1.2), 2), "USD",
               stage, rng.choice(_reps()), expected, closed, round(rng.random(), 3) if closed is None else None,
               created, closed or created)


def _stage_changes(deals: list[tuple]) -> Iterator[tuple]:
    for deal_id, _customer, _title, _amount, _cur, stage, owner, _exp, closed, _p, created, _upd in deals:
        path = STAGE_PATH[:STAGE_PATH.index(stage) + 1] if stage in STAGE_PATH else STAGE_PATH[:2] + (stage,)
        previous = None
        for step, to_stage in enumerate(path):
            at = closed if (closed and step == len(path) - 1) else created + timedelta(days=3 * step)
            yield deal_id, previous, to_stage, owner, at
            previous = to_stage


def _activities(rng: random.Random, args: argparse.Namespace, now: datetime) -> Iterator[tuple]:
    for _ in range(args.activities):
        at = now - timedelta(days=rng.randrange(720), minutes=rng.randrange(1440))
        follow_up = (at + timedelta(days=rng.randrange(1, 30))).date() if rng.random() < 0.2 else None
        deal = rng.randrange(1, args.deals + 1) if rng.random() < 0.5 else None
        yield (rng.randrange(1, args.customers + 1), deal, rng.choice(KINDS), "talked about the renewal", follow_up,
               rng.choice(_reps()), at, at)


def _tickets(rng: random.Random, args: argparse.Namespace, now: datetime) -> Iterator[tuple]:
    for i in range(1, args.tickets + 1):
        created = now - timedelta(days=rng.randrange(720), minutes=rng.randrange(1440))
        status = rng.choices(("open", "pending", "resolved", "closed"), (1, 1, 3, 5))[0]
        resolved = min(now, created + timedelta(hours=rng.randrange(1, 200))) if status in ("resolved", "closed") \
            else None
        csat = rng.randint(1, 5) if resolved and rng.random() < 0.4 else None
        yield (i, 1000 + i, rng.randrange(1, args.customers + 1), "cannot log in", status,
               rng.choice(("urgent", "high", "normal", "normal", "low")), rng.choice((3, 4, *_reps(), None)), csat,
               created, resolved or created, resolved)


def _messages(tickets: list[tuple]) -> Iterator[tuple]:
    for ticket_id, _n, _c, _s, _st, _p, assignee, _csat, created, _upd, _res in tickets:
        yield ticket_id, None, True, "it does not work", created
        yield ticket_id, assignee, False, "looking into it", created + timedelta(hours=2)


def _orders(rng: random.Random, args: argparse.Namespace, now: datetime) -> Iterator[tuple]:
    today, stamp = now.date(), now
    for i in range(args.orders):
        customer = min(args.customers, int(rng.paretovariate(1.2))) if rng.random() < 0.3 \
            else rng.randrange(1, args.customers + 1)
        yield (customer, today - timedelta(days=rng.randrange(730)), round(rng.lognormvariate(4, 1), 2),
               f"b{i}", stamp)


def _reminders(rng: random.Random, args: argparse.Namespace, now: datetime) -> Iterator[tuple]:
    for _ in range(args.customers // 5):
        yield (rng.choice(_reps()), rng.randrange(1, args.customers + 1), "call back",
               now + timedelta(hours=rng.randrange(-72, 240)), "pending", now)


# -- the timing ----------------------------------------------------------------------------------------------
class StatementLog:
    """Every statement the database runs while on, with its time (to explain the slowest of a question)."""

    def __init__(self, db: Database) -> None:
        self.db, self.entries, self.on = db, [], False
        original = db.execute_sql

        def logged(sql, params=None, *rest, **kw):
            started = time.perf_counter()
            try:
                return original(sql, params, *rest, **kw)
            finally:
                if self.on:
                    self.entries.append(((time.perf_counter() - started) * 1000, sql, params))
        db.execute_sql = logged

    @contextmanager
    def recording(self) -> Iterator[list]:
        self.entries, self.on = [], True
        try:
            yield self.entries
        finally:
            self.on = False


def ask(text: str, user: User, now: datetime) -> list:
    """What a bot does with a message: understand it, run each command it gives through the bus."""
    understood = understand(text, user, now)
    return [bus.handle(command, user, channel="console", now=now) for command in understood.commands]


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def run_questions(kind: str, db: Database, args: argparse.Namespace) -> list[tuple[str, float, float]]:
    users = {"admin": User.get_by_id(1), "manager": User.get_by_id(2), "rep": User.get_by_id(3),
             "agent": User.get_by_id(4)}
    now = clock.utcnow()
    log, results, misses = StatementLog(db), [], []
    for label, template, who in QUESTIONS:
        if args.match and args.match not in label:
            continue
        text = template.format(**_picks(now))
        first = ask(text, users[who], now)
        problem = _problem(first)
        for _ in range(2):  # warm-up: caches of the resolver and the parser
            ask(text, users[who], now)
        with log.recording() as statements:
            ask(text, users[who], now)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            ask(text, users[who], now)
            times.append((time.perf_counter() - started) * 1000)
        p50, p99 = percentiles(times)
        flag = "" if p50 <= TARGET_P50 and p99 <= TARGET_P99 else "  MISSES THE TARGET"
        answer = ", ".join(f"{type(r).__name__}" for r in first) or "no command"
        print(f"[{kind}] {label:38s} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  ({text!r} -> {answer}{problem}){flag}")
        results.append((label, p50, p99))
        if flag:
            misses.append(label)
        if args.plans or flag:
            print_plans(db, kind, statements)
    return results


def _problem(results: list) -> str:
    rejected = [r for r in results if isinstance(r, Rejected)]
    return f"; rejected: {rejected[0].message}" if rejected else ""


def _picks(now: datetime) -> dict[str, str]:
    """A customer with a deal and a ticket, and a ticket number: fixed, so every run asks the same."""
    deal = Deal.select().order_by(Deal.id).first()
    ticket = Ticket.select().order_by(Ticket.id.desc()).first()
    return {"customer": Customer.get_by_id(deal.customer_id).name, "ticket": str(ticket.number)}


def print_plans(db: Database, kind: str, statements: list, top: int = 2) -> None:
    for took, sql, params in sorted(statements, key=lambda e: -e[0])[:top]:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        explain = "EXPLAIN QUERY PLAN " if kind == "sqlite" else "EXPLAIN "
        plan = db.execute_sql(explain + sql, params).fetchall()
        lines = [" | ".join(str(c) for c in row[-1:]) for row in plan]
        print(f"      {took:6.1f} ms  {sql[:300]}")
        for line in lines[:25]:
            print(f"          {line}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--deals", type=int, default=200_000)
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--fresh", action="store_true", help="build the cached database again")
    parser.add_argument("--plans", action="store_true", help="plans of every question, not only those that miss")
    parser.add_argument("--match", help="only the questions whose label holds this text")
    args = parser.parse_args()
    summary = {}
    for kind in ("sqlite", "postgres"):
        if args.only in (None, kind):
            with bench_database(kind, args) as db:
                summary[kind] = run_questions(kind, db, args)
    for kind, rows in summary.items():
        missed = [label for label, p50, p99 in rows if p50 > TARGET_P50 or p99 > TARGET_P99]
        worst50, worst99 = max(r[1] for r in rows), max(r[2] for r in rows)
        print(f"[{kind}] {len(rows) - len(missed)}/{len(rows)} questions within p50 <= {TARGET_P50:.0f} ms and "
              f"p99 <= {TARGET_P99:.0f} ms (worst p50 {worst50:.1f} ms, worst p99 {worst99:.1f} ms)"
              + (f"; missed: {', '.join(missed)}" if missed else ""))


if __name__ == "__main__":
    main()
