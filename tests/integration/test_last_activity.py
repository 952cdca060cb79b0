"""Each customer's latest activity (migration 0035) stays what the activities say through every writer - a log, a
backdated log, an edit, a deletion, a merge and its undo, a customer deleted with its activities, the demo - and
the questions that read it (stale deals, overdue follow-ups, customers with no contact) answer what a plain query
over the activities answers, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from crm_core import commands as c
from crm_core.db import database as bound
from crm_core.demo import load_demo
from crm_core.models import Activity, Customer, Deal
from crm_core.results import CustomersMerged, Table, Undone

from .conftest import NOW


def _sql(sql: str, params: tuple = ()) -> list[tuple]:
    return bound.obj.execute_sql(sql.replace("?", bound.obj.param), params).fetchall()


def assert_latest_matches_the_activities() -> None:
    latest: dict[int, tuple[datetime, int]] = {}
    for customer_id, activity_id, at in _sql("SELECT customer_id, id, occurred_at FROM activities"):
        key = (str(at), activity_id)
        if customer_id not in latest or key > (str(latest[customer_id][0]), latest[customer_id][1]):
            latest[customer_id] = (at, activity_id)
    stored = {cid: (str(at), aid) for cid, aid, at in
              _sql("SELECT customer_id, activity_id, occurred_at FROM customer_last_activity")}
    assert stored == {cid: (str(at), aid) for cid, (at, aid) in latest.items()}


def log(customer: Customer, user, at: datetime, follow_up: date | None = None) -> Activity:
    return Activity.create(customer=customer, user=user, kind="call", summary="talked", occurred_at=at,
                           follow_up=follow_up)


def test_logging_backdating_editing_and_deleting_keep_the_latest(database, run, team, customers):
    acme, globex = customers["acme"], customers["globex"]
    first = log(acme, team["maria"], NOW - timedelta(days=3))
    log(acme, team["maria"], NOW - timedelta(days=10))  # backdated: not the latest
    same_time = log(globex, team["sam"], NOW - timedelta(days=1))
    log(globex, team["sam"], NOW - timedelta(days=1))  # the same moment: the later id is the latest
    assert_latest_matches_the_activities()
    Activity.update(occurred_at=NOW - timedelta(days=30)).where(Activity.id == first.id).execute()
    assert_latest_matches_the_activities()
    Activity.update(customer=acme).where(Activity.id == same_time.id).execute()  # moved to another customer
    assert_latest_matches_the_activities()
    Activity.delete().where(Activity.customer == globex).execute()
    assert_latest_matches_the_activities()
    acme.delete_instance(recursive=True)
    assert_latest_matches_the_activities()
    assert _sql("SELECT COUNT(*) FROM customer_last_activity")[0][0] == 0


def test_a_merge_and_its_undo_move_the_latest_with_the_activities(database, run, team, customers):
    log(customers["acme"], team["maria"], NOW - timedelta(days=40))
    log(customers["acme_labs"], team["sam"], NOW - timedelta(days=2))
    merged = run(c.MergeCustomers(customer="Acme Labs", into="Acme Corporation"), as_="manager")
    assert isinstance(merged, CustomersMerged), merged
    assert_latest_matches_the_activities()
    assert isinstance(run(c.Undo(), as_="manager"), Undone)
    assert_latest_matches_the_activities()


def test_the_demo_keeps_the_latest(database, run, team):
    load_demo()
    assert Activity.select().count() > 0
    assert_latest_matches_the_activities()


def test_the_questions_answer_what_the_activities_say(database, run, team, customers):
    maria = team["maria"]
    acme, globex, muller = customers["acme"], customers["globex"], customers["muller"]
    for customer in (acme, globex, muller):
        Deal.create(customer=customer, title=f"{customer.name} renewal", amount=100, stage="proposal", owner=maria,
                    created_at=NOW - timedelta(days=90))
    log(acme, maria, NOW - timedelta(days=45), follow_up=date(2026, 11, 1))  # overdue, nothing after
    log(globex, maria, NOW - timedelta(days=45), follow_up=date(2026, 11, 1))
    log(globex, team["sam"], NOW - timedelta(days=5))  # answered by sam's later call
    stale = run(c.ShowPipeline(owner="maria", idle_days=30), as_="manager")
    idle = {name for (name,) in _sql(
        "SELECT c.name FROM deals d JOIN customers c ON c.id = d.customer_id WHERE d.stage = 'proposal' AND NOT EXISTS "
        "(SELECT 1 FROM activities a WHERE a.customer_id = d.customer_id AND a.occurred_at >= ?)",
        (NOW - timedelta(days=30),))}
    assert {line.customer for line in stale.deals} == idle == {"Acme Corporation", "Müller & Söhne GmbH"}
    overdue = run(c.ShowMyDay(part="follow_ups"), as_="maria")
    assert isinstance(overdue, Table) and [row[2] for row in overdue.rows] == ["Acme Corporation"]
    quiet = run(c.ListCustomers(idle_days=30), as_="manager")
    assert isinstance(quiet, Table)
    assert {row[0] for row in quiet.rows} == {"Acme Corporation", "Acme Labs", "Müller & Söhne GmbH"}
