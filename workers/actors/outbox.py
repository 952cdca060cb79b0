"""Sending outbox rows (DESIGN.md rule 5): claim the row, send it, record the platform's message id.

A message carries only a row id, so a duplicate message, a redelivery after a crash or a sweep
finds the row already claimed or sent and does nothing. The row holds the truth about retries:
`next_attempt_at`, `attempts`, `last_error`. Sends run outside any transaction.
"""
from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import dramatiq

from crm_core.db import database
from crm_core.models import Outbox, utcnow
from workers import ratelimit, senders
from workers.senders import DeliveryUncertain, PermanentFailure, RetryLater

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # failed attempts (errors, or a worker dying mid-send) before a row is marked failed
BACKOFF_BASE_SECONDS = 10.0  # 10 s, 20 s, 40 s ... after each failed attempt
BACKOFF_CAP_SECONDS = 3600.0
MAX_DELAY_SECONDS = 6 * 24 * 3600.0  # brokers delay messages by less than 7 days; the sweeper does the rest
INLINE_WAIT_SECONDS = 1.5  # a send held by the overall rate limit waits in its thread up to this long
PENDING_GRACE_SECONDS = 120.0  # a pending row this far past due has lost its message: the sweeper resends
SENDING_TIMEOUT_SECONDS = 300.0  # a row "delivering" this long was being sent by a worker that died
CLAIM_TIMEOUT_SECONDS = 10.0  # a row "sending" (claimed, not yet handed over: a live worker takes < 2 s) this long
SWEEP_BATCH = 2000
SEND_TIME_LIMIT_SECONDS = 120.0  # a hung send is interrupted (and backed off) long before it looks stuck
# A database outage right after a send must not make it look unsent (then uncertain): keep trying for 90 s,
# within SEND_TIME_LIMIT_SECONDS.
MARK_SENT_RETRIES = (0.5, 1, 2, 4, 8, 15, 15, 15, 15, 15)
# A send that raised (the database or the limiter's Redis unreachable) runs again at most this long after: once
# the outage is over, sending resumes within seconds. Past max_retries the row stays and the sweeper has it.
RETRY_MAX_BACKOFF_MS = 10_000
# sending: claimed, not yet handed to the platform; delivering: handed over, the answer not yet recorded.
IN_FLIGHT = ("sending", "delivering")


@dataclass(frozen=True)
class Outcome:
    status: str  # sent, failed, uncertain, retry, limited, not_due, skipped
    retry_in: float | None = None  # seconds until this row should be tried again (a delayed message)


@dramatiq.actor(queue_name="outbox", max_retries=20, min_backoff=1000, max_backoff=RETRY_MAX_BACKOFF_MS,
                time_limit=int(SEND_TIME_LIMIT_SECONDS * 1000))
def send_outbox(row_id: int) -> None:
    with database.connection_context():  # one connection for the whole delivery (the steps' contexts nest)
        outcome = deliver(row_id)
    if outcome.retry_in is not None:
        enqueue_send(row_id, outcome.retry_in)


def enqueue_send(row_id: int, delay_seconds: float | None = None) -> None:
    delay = None if not delay_seconds else int(min(delay_seconds, MAX_DELAY_SECONDS) * 1000)
    send_outbox.send_with_options(args=(row_id,), delay=delay)


def enqueue_committed(row_ids: list[int]) -> None:
    """Enqueue the sends of rows an actor has just committed; a row whose enqueue fails stays pending
    and the sweeper sends it."""
    for row_id in row_ids:
        try:
            enqueue_send(row_id)
        except Exception:  # noqa: BLE001 - the broker is down: durable first, so nothing is lost
            log.warning("could not enqueue outbox row %s; the sweeper will", row_id, exc_info=True)


def deliver(row_id: int) -> Outcome:
    with database.connection_context():
        row = Outbox.get_or_none(Outbox.id == row_id)
        if row is None or not (row.status == "pending" or _abandoned(row)):
            return Outcome("skipped")
        due_in = (row.next_attempt_at - utcnow()).total_seconds()
        if due_in > 0:
            return Outcome("not_due", due_in)
    try:
        payload = json.loads(row.payload)
    except ValueError as exc:
        return _fail_unclaimed(row_id, f"payload is not JSON: {exc}")
    attempts = _claim(row_id)
    if attempts is None:
        return Outcome("skipped")
    try:
        wait = _take_rate_slot(row.kind, payload)  # last thing before the send: the slot's time is the send's
    except Exception:  # the limiter's Redis is down: give the row back now, not after SENDING_TIMEOUT_SECONDS
        _release(row_id, attempts)
        raise
    if wait:
        _release(row_id, attempts)
        return Outcome("limited", wait)
    if not _mark_delivering(row_id, attempts):
        return Outcome("skipped")
    try:
        message_id = senders.sender_for(row.kind)(payload)
    except RetryLater as exc:
        return _wait_and_retry(row_id, exc)
    except PermanentFailure as exc:
        return _fail(row_id, exc.reason)
    except DeliveryUncertain as exc:
        return _mark_uncertain(row_id, f"the platform's answer never came ({exc})")
    except Exception as exc:  # noqa: BLE001 - any other failure is retried with backoff
        return _back_off(row_id, attempts, exc)
    _mark_sent(row_id, str(message_id or ""))
    return Outcome("sent")


def _take_rate_slot(kind: str, payload: dict) -> float:
    """0 once a slot is ours; else seconds to wait (a chat's own limit, or a long overall wait)."""
    limit = senders.rate_limit_for(kind)
    if limit is None:
        return 0.0
    rules = ratelimit.rules_for(limit, payload)
    deadline = time.monotonic() + INLINE_WAIT_SECONDS
    while True:
        verdict = ratelimit.current().try_acquire(rules)
        if verdict.granted:
            return 0.0
        if verdict.key not in (limit.scope, f"{limit.scope}:gap") or time.monotonic() + verdict.wait > deadline:
            return verdict.wait + random.uniform(0.0, 0.25)
        time.sleep(verdict.wait + random.uniform(0.0, 0.01))


def _abandoned(row: Outbox) -> bool:
    """Claimed long ago and never handed to the platform: its worker died (a live one hands it over in seconds)."""
    return row.status == "sending" and row.updated_at < utcnow() - timedelta(seconds=CLAIM_TIMEOUT_SECONDS)


def _claim(row_id: int) -> int | None:
    """pending -> sending, only if due (or a claim a dead worker abandoned); the number of this attempt, which
    fences the steps up to the send (a worker whose claim was taken over sends nothing), or None."""
    now = utcnow()
    abandoned_before = now - timedelta(seconds=CLAIM_TIMEOUT_SECONDS)
    claimable = (((Outbox.status == "pending") & (Outbox.next_attempt_at <= now))
                 | ((Outbox.status == "sending") & (Outbox.updated_at < abandoned_before)))
    with database.connection_context():
        claimed = (Outbox.update(status="sending", attempts=Outbox.attempts + 1, updated_at=now)
                   .where((Outbox.id == row_id) & claimable).execute())
        if claimed != 1:
            return None
        return Outbox.select(Outbox.attempts).where(Outbox.id == row_id).scalar()


def _mark_delivering(row_id: int, attempts: int) -> bool:
    """sending -> delivering: from here on the platform may have the message, so a worker dying now leaves
    a row whose delivery is uncertain; the sweeper reports it instead of sending it again."""
    with database.connection_context():
        return Outbox.update(status="delivering", updated_at=utcnow()).where(
            (Outbox.id == row_id) & (Outbox.status == "sending") & (Outbox.attempts == attempts)).execute() == 1


def _release(row_id: int, attempts: int) -> None:
    """sending -> pending again, untried: the rate limit said not yet."""
    with database.connection_context():
        Outbox.update(status="pending", attempts=Outbox.attempts - 1, updated_at=utcnow()).where(
            (Outbox.id == row_id) & (Outbox.status == "sending") & (Outbox.attempts == attempts)).execute()


def _mark_sent(row_id: int, message_id: str) -> None:
    for pause in (*MARK_SENT_RETRIES, None):
        try:
            now = utcnow()
            with database.connection_context():
                updated = (Outbox.update(status="sent", platform_message_id=message_id[:128], sent_at=now,
                                         updated_at=now, last_error=None)
                           .where((Outbox.id == row_id) & Outbox.status.in_([*IN_FLIGHT, "pending", "uncertain"])).execute())
            break
        except Exception:  # noqa: BLE001 - the message is out: keep trying to say so
            if pause is None:
                raise
            log.warning("outbox row %s was sent but not yet marked; retrying in %s s", row_id, pause, exc_info=True)
            database.close()  # a fresh connection for the next try
            time.sleep(pause)
    if not updated:
        log.warning("outbox row %s was sent but is no longer ours to mark (swept as stuck?)", row_id)


def _wait_and_retry(row_id: int, exc: RetryLater) -> Outcome:
    """Flood control: wait what the platform said; the attempt is not counted against the row."""
    now = utcnow()
    with database.connection_context():
        Outbox.update(status="pending", attempts=Outbox.attempts - 1, next_attempt_at=now + timedelta(seconds=exc.seconds),
                      last_error=str(exc), updated_at=now).where(
            (Outbox.id == row_id) & Outbox.status.in_(IN_FLIGHT)).execute()
    log.info("outbox row %s: %s", row_id, exc)
    return Outcome("retry", exc.seconds)


def backoff_seconds(attempts: int) -> float:
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS) * random.uniform(0.9, 1.1)


def _back_off(row_id: int, attempts: int, exc: Exception) -> Outcome:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if attempts >= MAX_ATTEMPTS:
        return _fail(row_id, f"gave up after {attempts} attempts; last error {error}")
    delay = backoff_seconds(attempts)
    now = utcnow()
    with database.connection_context():
        Outbox.update(status="pending", next_attempt_at=now + timedelta(seconds=delay), last_error=error,
                      updated_at=now).where((Outbox.id == row_id) & Outbox.status.in_(IN_FLIGHT)).execute()
    log.warning("outbox row %s attempt %s failed (%s); next try in %.0f s", row_id, attempts, error, delay)
    return Outcome("retry", delay)


def _fail(row_id: int, reason: str) -> Outcome:
    now = utcnow()
    with database.connection_context():
        Outbox.update(status="failed", last_error=reason[:4000], updated_at=now).where(
            (Outbox.id == row_id) & Outbox.status.in_(IN_FLIGHT)).execute()
    log.warning("outbox row %s failed for good: %s", row_id, reason)
    return Outcome("failed")


def _fail_unclaimed(row_id: int, reason: str) -> Outcome:
    with database.connection_context():
        Outbox.update(status="failed", last_error=reason, updated_at=utcnow()).where(
            (Outbox.id == row_id) & (Outbox.status == "pending")).execute()
    return Outcome("failed")


def uncertain_reason(row_id: int, why: str) -> str:
    return f"delivery uncertain: {why}; not resent. `crm jobs --retry {row_id}` sends it again"


def _mark_uncertain(row_id: int, why: str) -> Outcome:
    """The platform may have the message: sending it again could say it twice, so a person decides."""
    with database.connection_context():
        Outbox.update(status="uncertain", last_error=uncertain_reason(row_id, why)[:4000], updated_at=utcnow()).where(
            (Outbox.id == row_id) & Outbox.status.in_(IN_FLIGHT)).execute()
    log.warning("outbox row %s: delivery uncertain (%s); see `crm jobs`", row_id, why)
    return Outcome("uncertain")


def _report_uncertain(now: datetime, stuck_before: datetime) -> None:
    """A worker died after handing these to the platform: whether the customer got them is unknown, and
    sending again could say it twice. `crm jobs` lists them; `crm jobs --retry ID` sends one again."""
    with database.connection_context():
        rows = list(Outbox.select(Outbox.id, Outbox.updated_at).where(
            (Outbox.status == "delivering") & (Outbox.updated_at < stuck_before)).limit(SWEEP_BATCH))
        for row in rows:
            reason = uncertain_reason(row.id, f"the worker died mid-send at {row.updated_at:%Y-%m-%d %H:%M:%S} UTC")
            Outbox.update(status="uncertain", last_error=reason, updated_at=now).where(
                (Outbox.id == row.id) & (Outbox.status == "delivering") & (Outbox.updated_at < stuck_before)).execute()
    if rows:
        log.warning("%d outbox rows are uncertain (worker died mid-delivery); see `crm jobs`", len(rows))


@dramatiq.actor(queue_name="default", max_retries=3, min_backoff=5000)
def sweep_outbox(pending_grace_seconds: float = PENDING_GRACE_SECONDS,
                 sending_timeout_seconds: float = SENDING_TIMEOUT_SECONDS) -> None:
    sweep_and_enqueue(pending_grace_seconds, sending_timeout_seconds)


def sweep_and_enqueue(pending_grace_seconds: float = PENDING_GRACE_SECONDS,
                      sending_timeout_seconds: float = SENDING_TIMEOUT_SECONDS) -> int:
    """Re-enqueue rows whose message was lost; the number of rows re-enqueued."""
    row_ids = sweep(utcnow(), pending_grace_seconds, sending_timeout_seconds)
    rerouted = _reroute(row_ids)
    for row_id in row_ids:
        if row_id not in rerouted:
            enqueue_send(row_id)
    if row_ids:
        log.info("sweeper re-enqueued %d outbox rows", len(row_ids))
    return len(row_ids)


# Kinds whose rows go to a queue of their own (outreach: lower priority, paced): prefix -> enqueue(row ids).
_reroutes: dict[str, Callable[[list[int]], None]] = {}


def reroute(kind_prefix: str, enqueue_rows: Callable[[list[int]], None]) -> None:
    _reroutes[kind_prefix] = enqueue_rows


def _reroute(row_ids: list[int]) -> set[int]:
    """Hand swept rows of rerouted kinds to their queue's enqueue; the ids so handed."""
    if not _reroutes or not row_ids:
        return set()
    with database.connection_context():
        kinds = dict(Outbox.select(Outbox.id, Outbox.kind).where(Outbox.id.in_(row_ids)).tuples())
    handed: set[int] = set()
    for prefix, enqueue_rows in _reroutes.items():
        mine = [row_id for row_id in row_ids if kinds.get(row_id, "").startswith(prefix)]
        if mine:
            enqueue_rows(mine)
            handed.update(mine)
    return handed


def sweep(now: datetime, pending_grace_seconds: float, sending_timeout_seconds: float) -> list[int]:
    """Release rows stuck in `sending` (their worker died before the platform saw them: after
    CLAIM_TIMEOUT_SECONDS), report the ones stuck in `delivering` as uncertain, and pick pending rows long
    past due."""
    stuck_before = now - timedelta(seconds=sending_timeout_seconds)
    claimed_before = now - timedelta(seconds=min(sending_timeout_seconds, CLAIM_TIMEOUT_SECONDS))
    late_before = now - timedelta(seconds=pending_grace_seconds)
    _report_uncertain(now, stuck_before)
    with database.connection_context():  # conditional updates, each on its own: no lock held across them
        stuck = list(Outbox.select(Outbox.id, Outbox.attempts, Outbox.updated_at).where(
            (Outbox.status == "sending") & (Outbox.updated_at < claimed_before)).order_by(Outbox.id).limit(SWEEP_BATCH))
        released = []
        for row in stuck:
            reason = f"the worker stopped while sending (since {row.updated_at:%Y-%m-%d %H:%M:%S} UTC)"
            if row.attempts >= MAX_ATTEMPTS:
                changes = {"status": "failed", "last_error": f"gave up after {row.attempts} attempts; {reason}"}
            else:
                changes = {"status": "pending", "next_attempt_at": now, "last_error": reason}
            done = Outbox.update(updated_at=now, **changes).where(
                (Outbox.id == row.id) & (Outbox.status == "sending") & (Outbox.updated_at < claimed_before)).execute()
            if done and changes["status"] == "pending":
                released.append(row.id)
        late = [row.id for row in Outbox.select(Outbox.id).where(
            (Outbox.status == "pending") & (Outbox.next_attempt_at < late_before) & (Outbox.updated_at < late_before)
        ).order_by(Outbox.next_attempt_at).limit(SWEEP_BATCH)]
        if late:
            Outbox.update(updated_at=now).where(Outbox.id.in_(late)).execute()
    return released + late
