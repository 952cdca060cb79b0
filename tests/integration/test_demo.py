import datetime as dt
from collections import defaultdict

from crm_core import db as crm_db
from crm_core import migrate
from crm_core.demo import load_demo
from crm_core.models import (
    ACTIVITY_KINDS, ALL_MODELS, CLOSED_STAGES, OPEN_STAGES, ROLES, STAGES, TICKET_STATUSES, Activity, Customer,
    CustomerScore, Deal, DealStageChange, Order, Ticket, TicketMessage, User, utcnow,
)
from crm_core.names import normalize_name


def row_counts():
    return {model._meta.table_name: model.select().count() for model in ALL_MODELS}


def test_demo_has_every_role_stage_kind_and_status(database):
    report = load_demo()
    assert not report.already_loaded
    assert report.counts["customers"] == Customer.select().count() >= 300
    assert {u.role for u in User.select()} == set(ROLES)
    reps = [u for u in User.select().where(User.role == "rep")]
    assert len(reps) >= 4 and len({u.timezone for u in User.select()}) >= 4
    assert all(u.slack_user_id is None and u.telegram_user_id is None for u in User.select())
    assert {"maria", "li", "sam", "priya"} <= {u.name.split()[0].lower() for u in reps}
    names = [c.name for c in Customer.select()]
    assert "Müller & Söhne GmbH" in names and "O'Brien Logistics" in names
    assert len({normalize_name(n) for n in names}) == len(names)
    assert all(c.name_norm == normalize_name(c.name) for c in Customer.select())
    assert Customer.select().where(Customer.owner.is_null(False)).count() > 250
    assert {d.stage for d in Deal.select()} == set(STAGES)
    assert {a.kind for a in Activity.select()} == set(ACTIVITY_KINDS)
    assert Activity.select().where(Activity.follow_up.is_null(False)).count() > 10
    assert {t.status for t in Ticket.select()} == set(TICKET_STATUSES)
    assert Ticket.select().where(Ticket.assignee.is_null(False)).count() > 0
    assert Ticket.select().where(Ticket.csat_score.is_null(False)).count() > 0
    assert min(t.number for t in Ticket.select()) == 1001
    assert TicketMessage.select().where(TicketMessage.from_customer == True).count() > 0  # noqa: E712
    assert TicketMessage.select().where(TicketMessage.author_user.is_null(False)).count() > 0


def test_deal_history_follows_the_stage_path(database):
    load_demo()
    changes = defaultdict(list)
    for change in DealStageChange.select().order_by(DealStageChange.changed_at, DealStageChange.id):
        changes[change.deal_id].append(change)
    for deal in Deal.select():
        history = changes[deal.id]
        assert history[0].from_stage is None and history[0].to_stage == "lead"
        for before, after in zip(history, history[1:]):
            assert after.from_stage == before.to_stage
            assert after.to_stage in CLOSED_STAGES or \
                OPEN_STAGES.index(after.to_stage) == OPEN_STAGES.index(before.to_stage) + 1
        assert history[-1].to_stage == deal.stage
        if deal.stage in CLOSED_STAGES:
            assert deal.closed_at == history[-1].changed_at
        else:
            assert deal.closed_at is None


def test_orders_span_two_years_up_to_today(database):
    load_demo()
    dates = [o.date for o in Order.select(Order.date)]
    today = dt.date.today()
    assert min(dates) <= today - dt.timedelta(days=700)
    assert today - dt.timedelta(days=1) <= max(dates) <= today + dt.timedelta(days=1)


def test_scoring_the_demo_finds_customers_likely_to_have_left(database):
    """Churn scores need buyers who stopped buying: the at-risk customers a digest lists must look at risk."""
    from crm_core.analytics.jobs_score import run_scoring
    from crm_core.analytics.jobs_segment import run_segmentation

    load_demo()
    run_segmentation()
    run_scoring()
    scored = list(CustomerScore.select(CustomerScore, Customer).join(Customer).where(CustomerScore.p_alive.is_null(False)))
    likely_gone = [c for c in scored if c.p_alive < 0.5]
    assert len(likely_gone) >= 0.1 * len(scored)
    at_risk = [c.p_alive for c in scored if c.customer.segment == "at_risk"]
    champions = [c.p_alive for c in scored if c.customer.segment == "champions"]
    assert at_risk and champions and sorted(at_risk)[len(at_risk) // 2] < sorted(champions)[len(champions) // 2]
    risk_of = {seg: sorted(c.churn_risk for c in scored if c.customer.segment == seg) for seg in ("at_risk", "champions")}
    assert risk_of["at_risk"][len(risk_of["at_risk"]) // 2] > risk_of["champions"][len(risk_of["champions"]) // 2]


def test_nothing_happened_in_the_future(database):
    load_demo()
    now = utcnow()
    assert DealStageChange.select().where(DealStageChange.changed_at > now).count() == 0
    assert Activity.select().where(Activity.occurred_at > now).count() == 0
    assert TicketMessage.select().where(TicketMessage.created_at > now).count() == 0
    assert Ticket.select().where(Ticket.resolved_at > now).count() == 0
    for ticket in Ticket.select():
        assert (ticket.resolved_at is not None) == (ticket.status in ("resolved", "closed"))
        assert ticket.csat_score is None or ticket.resolved_at is not None


def test_a_second_run_changes_nothing(database):
    load_demo()
    before = row_counts()
    again = load_demo()
    assert again.already_loaded and again.counts == {}
    assert row_counts() == before


def test_the_same_seed_gives_the_same_data(database, tmp_path):
    load_demo(seed=11)
    first = [(c.name, c.email, c.phone, c.city) for c in Customer.select().order_by(Customer.id)]
    other = crm_db.open_database(f"sqlite:///{tmp_path / 'other.db'}")
    migrate.upgrade(other)
    crm_db.database.initialize(other)
    try:
        load_demo(seed=11)
        assert [(c.name, c.email, c.phone, c.city) for c in Customer.select().order_by(Customer.id)] == first
    finally:
        other.close()
        crm_db.database.initialize(database)


def test_the_demo_scores_the_same_at_any_hour_of_any_day(tmp_path):
    """The demo is anchored to the day it is loaded: its segments and churn scores don't depend on the clock."""
    import time_machine

    from crm_core.analytics.jobs_score import run_scoring
    from crm_core.analytics.jobs_segment import run_segmentation

    def segments_and_scores(moment: str, name: str) -> list[tuple]:
        with time_machine.travel(dt.datetime.fromisoformat(moment), tick=False):
            db = crm_db.open_database(f"sqlite:///{tmp_path / name}")
            migrate.upgrade(db)
            crm_db.database.initialize(db)
            try:
                load_demo()
                run_segmentation()
                run_scoring()
                scored = CustomerScore.select(CustomerScore, Customer).join(Customer).order_by(Customer.name)
                return [(s.customer.name, s.customer.segment, round(s.p_alive, 6)) for s in scored
                        if s.p_alive is not None]
            finally:
                db.close()

    try:
        first = segments_and_scores("2026-12-04T00:10:00+00:00", "a.db")
        assert first == segments_and_scores("2026-12-04T23:50:00+00:00", "b.db")
        assert first == segments_and_scores("2028-02-29T12:00:00+00:00", "c.db")
    finally:
        crm_db.database.initialize(None)
