"""A manager's digest on a seeded database: figures the test works out from what it inserted."""
from __future__ import annotations

import struct
from datetime import timedelta

import pytest

from crm_core import commands as c
from crm_core.digest.chart import render_chart
from crm_core.digest.content import build_digest
from crm_core.digest.text import as_text
from crm_core.models import Customer, Deal, Order, SegmentChange, Ticket
from crm_core.results import Digest, Rejected
from tests.integration.analytics_seed import set_scores

from .conftest import NOW

SINCE = NOW - timedelta(days=1)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# (who, customer, amount, created hours before NOW, [(stage, hours before NOW)])
DEALS = [
    ("maria", "Acme Corporation", 1000, 30, [("won", 20)]),  # created before, won inside
    ("maria", "Acme Corporation", 2500, 20, [("proposal", 10), ("won", 5)]),
    ("sam", "Acme Labs", 4000, 12, [("lost", 2)]),
    ("sam", "Globex Ltd", 700, 6, [("qualified", 3)]),
    ("sam", "Globex Ltd", 900, 50, [("won", 40)]),  # all before the window
    ("maria", "Müller & Söhne GmbH", 1200, 3, []),
]
# (who, kind, customer, hours before NOW)
ACTIVITIES = [("maria", "call", "Acme Corporation", 2), ("maria", "call", "Acme Corporation", 5),
              ("maria", "meeting", "Globex Ltd", 7), ("sam", "call", "Acme Labs", 1),
              ("sam", "meeting", "Acme Labs", 30), ("sam", "note", "Acme Labs", 4),
              ("manager", "meeting", "Globex Ltd", 9)]
# (customer, opened hours before NOW, resolved hours before NOW or None, csat or None)
TICKETS = [("Acme Corporation", 5, 2, 5), ("Acme Labs", 30, 10, 3), ("Globex Ltd", 40, 35, 1),
           ("Globex Ltd", 8, None, None)]


def at(hours_before: float):
    return NOW - timedelta(hours=hours_before)


def inside(hours_before: float) -> bool:
    return SINCE <= at(hours_before) < NOW


@pytest.fixture
def seeded(run, customers):
    for who, customer, amount, created, moves in DEALS:
        deal = run(c.CreateDeal(customer=customer, amount=amount, title=f"{customer} {amount}"), as_=who,
                   at=at(created))
        for stage, when in moves:
            assert not isinstance(run(c.MoveDeal(deal_id=deal.deal_id, stage=stage), as_=who, at=at(when)), Rejected)
    for who, kind, customer, when in ACTIVITIES:
        run(c.LogActivity(kind=kind, customer=customer, summary="talked"), as_=who, at=at(when))
    for customer, opened, resolved, score in TICKETS:
        ticket = run(c.OpenTicket(customer=customer, subject="It broke"), as_="manager", at=at(opened))
        if resolved is not None:
            run(c.UpdateTicket(ticket=ticket.ticket, status="resolved"), as_="manager", at=at(resolved))
        if score is not None:
            Ticket.update(csat_score=score, csat_at=at(resolved - 0.5)).where(Ticket.number == ticket.ticket).execute()
    return customers


def test_deals_are_counted_and_summed_over_the_period(seeded, team):
    digest = build_digest(team["manager"], SINCE, NOW)
    created = [d for d in DEALS if inside(d[3])]
    moves = [(d[2], stage) for d in DEALS for stage, when in d[4] if inside(when)]
    assert digest.deals.created == len(created) == 4
    assert digest.deals.created_amount == sum(d[2] for d in created)
    assert digest.deals.won == sum(1 for _, stage in moves if stage == "won")
    assert digest.deals.won_amount == sum(amount for amount, stage in moves if stage == "won")
    assert digest.deals.lost_amount == sum(amount for amount, stage in moves if stage == "lost")
    assert digest.deals.moved == sum(1 for _, stage in moves if stage not in ("won", "lost"))
    assert [d.amount for d in digest.deals.biggest_won] == sorted(
        (amount for amount, stage in moves if stage == "won"), reverse=True)


def test_calls_and_meetings_per_rep_and_tickets_with_satisfaction(seeded, team):
    digest = build_digest(team["manager"], SINCE, NOW)
    expected = {}
    for who, kind, _, when in ACTIVITIES:
        if inside(when) and kind in ("call", "meeting"):
            calls, meetings = expected.get(team[who].name, (0, 0))
            expected[team[who].name] = (calls + (kind == "call"), meetings + (kind == "meeting"))
    assert {rep.name: (rep.calls, rep.meetings) for rep in digest.activity} == expected
    rated = [score for _, _, resolved, score in TICKETS if score is not None and inside(resolved - 0.5)]
    assert digest.tickets.opened == sum(1 for t in TICKETS if inside(t[1]))
    assert digest.tickets.resolved == sum(1 for t in TICKETS if t[2] is not None and inside(t[2]))
    assert digest.tickets.rated == len(rated) and digest.tickets.csat_average == sum(rated) / len(rated)


def test_segment_shifts_and_the_customers_most_at_risk(seeded, team):
    acme, labs, globex, muller = (seeded[k] for k in ("acme", "acme_labs", "globex", "muller"))
    shifts = [(acme, "champions", "at_risk", 2), (labs, "champions", "at_risk", 3), (globex, "loyal", "at_risk", 4),
              (muller, None, "new", 5), (muller, "new", "loyal", 30)]
    for customer, before, after, hours in shifts:
        SegmentChange.create(customer=customer.id, from_segment=before, to_segment=after, as_of=at(hours).date(),
                             changed_at=at(hours))
    set_scores(acme.id, p_alive=0.2, lifetime_value=50.0)
    set_scores(labs.id, p_alive=0.4, lifetime_value=900.0)
    set_scores(globex.id, p_alive=0.95, lifetime_value=5000.0)
    set_scores(muller.id, p_alive=0.9)
    Customer.update(segment="loyal").where(Customer.id == globex.id).execute()
    Customer.update(segment="at_risk").where(Customer.id == muller.id).execute()
    spent = {acme: [100, 50], labs: [3000], muller: [20_000, 10_000]}  # in the last year
    for customer, amounts in spent.items():
        Order.insert_many([{"customer": customer.id, "date": (NOW - timedelta(days=30 * (i + 1))).date(),
                            "amount": amount} for i, amount in enumerate(amounts)]).execute()
    Order.create(customer=acme.id, date=(NOW - timedelta(days=500)).date(), amount=99_000)  # long ago: not at stake
    digest = build_digest(team["manager"], SINCE, NOW)
    into = {s.segment: (s.moved_in, dict(s.came_from)) for s in digest.segments}
    assert into == {"at_risk": (3, {"champions": 2, "loyal": 1}), "new": (1, {None: 1})}
    assert "3 customers moved into at risk (2 from champions, 1 from loyal)" in as_text(digest)
    # revenue at stake: labs 0.6 x 3,000 = 1,800; muller 0.1 x 30,000 = 3,000; acme 0.8 x 150 = 120
    assert [r.name for r in digest.at_risk] == ["Müller & Söhne GmbH", "Acme Labs", "Acme Corporation"]
    assert digest.at_risk[2].churn_probability == pytest.approx(0.8)
    assert digest.at_risk[0].spent_last_year == pytest.approx(30_000)
    assert "Acme Labs: 60% churn risk, spent 3,000 in the last year" in as_text(digest)


def test_open_pipeline_and_won_revenue_by_local_week(seeded, team):
    digest = build_digest(team["manager"], SINCE, NOW)
    open_deals = list(Deal.select().where(Deal.stage.in_(["lead", "qualified", "proposal", "negotiation"])))
    assert {s.stage: s.amount for s in digest.pipeline if s.count} == {
        stage: float(sum(d.amount for d in open_deals if d.stage == stage)) for stage in {d.stage for d in open_deals}}
    weeks = {w.week_start: w.amount for w in digest.won_by_week}
    assert len(weeks) == 8 and list(weeks)[-1] == "2026-11-23"  # NOW is Wednesday 25 Nov: its Monday
    assert weeks["2026-11-23"] == sum(d[2] for d in DEALS for stage, when in d[4]
                                      if stage == "won" and at(when) >= NOW.replace(day=23, hour=0))
    assert sum(weeks.values()) == sum(d[2] for d in DEALS for stage, _ in d[4] if stage == "won")


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def test_the_chart_is_a_png_of_two_panels_that_changes_with_the_data(seeded, team, run):
    before = render_chart(build_digest(team["manager"], SINCE, NOW))
    assert before.startswith(PNG_SIGNATURE) and _png_size(before) == (1000, 400)
    assert render_chart(build_digest(team["manager"], SINCE, NOW)) == before
    run(c.CreateDeal(customer="Globex Ltd", amount=250_000, stage="negotiation"), as_="sam", at=at(1))
    assert render_chart(build_digest(team["manager"], SINCE, NOW)) != before


def test_show_digest_from_chat_is_for_managers(seeded, run):
    shown = run(c.ShowDigest(), as_="manager")
    assert isinstance(shown, Digest) and shown.deals.created == 4
    refused = run(c.ShowDigest(), as_="maria")
    assert isinstance(refused, Rejected) and "managers and admins" in refused.message
