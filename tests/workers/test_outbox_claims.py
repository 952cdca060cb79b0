"""A claim a dead worker left ('sending': claimed, never handed to the platform) is taken over within
CLAIM_TIMEOUT_SECONDS, by the row's own message coming back or by the sweeper, not after 5 minutes; the
attempt number fences the claim, so a slow worker whose claim was taken over sends nothing."""
from __future__ import annotations

from datetime import timedelta

from crm_core.models import Outbox, utcnow
from workers.actors import outbox as actor
from workers.actors.outbox import deliver, sweep

from .conftest import make_row, reload


def claimed(key: str, seconds_ago: float) -> Outbox:
    row = make_row(key)
    Outbox.update(status="sending", attempts=1, updated_at=utcnow() - timedelta(seconds=seconds_ago)).where(
        Outbox.id == row.id).execute()
    return reload(row)


def test_the_message_of_a_claim_a_dead_worker_left_sends_it_once(database, fake):
    row = claimed("left:1", seconds_ago=actor.CLAIM_TIMEOUT_SECONDS + 5)
    assert deliver(row.id).status == "sent"
    assert deliver(row.id).status == "skipped"
    assert [p["text"] for p in fake.payloads] == ["left:1"]
    assert (reload(row).status, reload(row).attempts) == ("sent", 2)


def test_a_fresh_claim_is_left_to_the_worker_that_has_it(database, fake):
    row = claimed("busy:1", seconds_ago=1)
    assert deliver(row.id).status == "skipped"
    assert fake.payloads == [] and reload(row).status == "sending"


def test_a_worker_whose_claim_was_taken_over_sends_nothing(database, fake):
    row = make_row("slow:1")
    slow_attempt = actor._claim(row.id)  # a worker claims it, then stalls (a long GC pause, a slow database)
    Outbox.update(updated_at=utcnow() - timedelta(seconds=actor.CLAIM_TIMEOUT_SECONDS + 5)).where(
        Outbox.id == row.id).execute()
    assert deliver(row.id).status == "sent"  # another worker takes the abandoned-looking claim over
    assert actor._mark_delivering(row.id, slow_attempt) is False  # the stalled one wakes up: not its row any more
    assert [p["text"] for p in fake.payloads] == ["slow:1"]


def test_the_sweeper_releases_a_dead_claim_after_seconds_not_minutes(database, fake):
    old = claimed("left:2", seconds_ago=actor.CLAIM_TIMEOUT_SECONDS + 5)
    fresh = claimed("busy:2", seconds_ago=1)
    handed = make_row("handed:2")  # handed to the platform a minute ago: may still be on its way, left alone
    Outbox.update(status="delivering", attempts=1, updated_at=utcnow() - timedelta(minutes=1)).where(
        Outbox.id == handed.id).execute()
    assert sweep(utcnow(), actor.PENDING_GRACE_SECONDS, actor.SENDING_TIMEOUT_SECONDS) == [old.id]
    assert [reload(r).status for r in (old, fresh, handed)] == ["pending", "sending", "delivering"]
