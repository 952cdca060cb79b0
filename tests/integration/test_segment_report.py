"""Segment sizes and movements through the bus (issue 14 item 5): the sizes then and now and who moved, checked
against a customer-by-customer replay of segment_changes; a rep sees their own customers; a real segmentation run
shows up in the sizes. On SQLite and PostgreSQL."""
from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

from crm_core import bus
from crm_core.analytics.jobs import run_segmentation
from crm_core.models import SEGMENTS, Customer, SegmentChange, User, utcnow
from crm_core.names import normalize_name
from crm_core.nlp_commands import parse
from crm_core.results import Table
from tests.integration.analytics_seed import clear_run_tables, seed_buyers


def ask(text: str, user: User) -> Table:
    result = bus.handle(parse(text, utcnow(), None).to_command(), user)
    assert isinstance(result, Table), result
    return result


def history(owner: User, other: User, now: datetime, n: int = 80) -> None:
    """Customers whose segments changed at random times over 60 days, as the job records it."""
    rng = random.Random(7)
    for i in range(n):
        customer = Customer.create(name=f"Shop {i:02d}", name_norm=normalize_name(f"Shop {i:02d}"),
                                   owner=owner if i % 3 else other)
        segment, moments = None, sorted(now - timedelta(days=rng.uniform(0.5, 60)) for _ in range(rng.randint(0, 3)))
        for moment in moments:
            following = rng.choice([s for s in SEGMENTS if s != segment])
            SegmentChange.create(customer=customer, from_segment=segment, to_segment=following,
                                 as_of=moment.date(), changed_at=moment)
            segment = following
        Customer.update(segment=segment).where(Customer.id == customer.id).execute()


def segment_at(customer: Customer, moment: datetime) -> str | None:
    """Replayed: the last change before `moment` says where they were; before any change, where the first one
    started."""
    changes = sorted(customer.segment_changes, key=lambda ch: (ch.changed_at, ch.id))
    before = [ch for ch in changes if ch.changed_at < moment]
    return before[-1].to_segment if before else changes[0].from_segment if changes else customer.segment


def label(segment: str | None) -> str:
    return segment.replace("_", " ") if segment else "(no segment)"


def test_sizes_then_and_now_and_who_moved_match_a_replay_of_the_history(database):
    clear_run_tables()
    admin = User.create(name="Ada Admin", role="admin", email="ada@crm.example")
    rep = User.create(name="Rita Rep", role="rep", email="rita@crm.example")
    history(rep, admin, utcnow())
    table = ask("segment sizes", admin)
    then = datetime.strptime(table.columns[2], "%d %b %Y")
    everyone = list(Customer.select())
    now_sizes = Counter(label(c.segment) for c in everyone)
    then_sizes = Counter(label(segment_at(c, then)) for c in everyone)
    assert {row[0]: (row[1], row[2]) for row in table.rows} == {
        name: (now_sizes[name], then_sizes[name]) for name in now_sizes | then_sizes}

    moved = {c.name: (label(segment_at(c, then)), label(c.segment)) for c in everyone
             if segment_at(c, then) != c.segment}
    flows = ask("how have segments moved", admin)
    assert {(r[0], r[1]): r[2] for r in flows.rows} == dict(Counter(moved.values()))
    (before, after), _ = Counter(v for v in moved.values() if "(no segment)" not in v).most_common(1)[0]
    who = ask(f"who moved from {before} to {after}", admin)
    assert sorted(row[0] for row in who.rows) == sorted(n for n, pair in moved.items() if pair == (before, after))

    mine = ask("segment sizes", rep)  # a rep: their own customers only
    own = [c for c in everyone if c.owner_id == rep.id]
    assert {row[0]: row[1] for row in mine.rows if row[1]} == dict(Counter(label(c.segment) for c in own))


def test_a_segmentation_run_shows_in_the_sizes_with_a_chart_and_as_csv(database):
    clear_run_tables()
    manager = User.create(name="Mona Manager", role="manager", email="mona@crm.example")
    seed_buyers(60)
    run_segmentation()
    table = ask("segment sizes chart as csv", manager)
    now = Counter(label(c.segment) for c in Customer.select())
    assert {row[0]: row[1] for row in table.rows if row[1]} == dict(now) and table.csv
    assert {name: n for name, n in table.chart if n} == {name: float(n) for name, n in now.items()}
    assert {row[0]: row[2] for row in table.rows if row[2]} == {"(no segment)": Customer.select().count()}  # before


def test_a_past_period_compares_its_first_day_with_the_day_after_its_end(database):
    clear_run_tables()
    admin = User.create(name="Ada Admin", role="admin", email="ada@crm.example")
    history(admin, admin, utcnow())
    today = utcnow().date()
    first = today.replace(day=1)
    start = (first - timedelta(days=1)).replace(day=1)
    then, end = datetime.combine(start, datetime.min.time()), datetime.combine(first, datetime.min.time())
    everyone = list(Customer.select())
    sizes = ask("segment sizes last month", admin)
    assert {row[0]: (row[1], row[2]) for row in sizes.rows} == {
        name: (Counter(label(segment_at(c, end)) for c in everyone)[name],
               Counter(label(segment_at(c, then)) for c in everyone)[name])
        for name in {label(segment_at(c, t)) for c in everyone for t in (then, end)}}
    moved = Counter((label(segment_at(c, then)), label(segment_at(c, end))) for c in everyone
                    if segment_at(c, then) != segment_at(c, end))
    flows = ask("how did segments change last month", admin)
    assert {(r[0], r[1]): r[2] for r in flows.rows} == dict(moved)
