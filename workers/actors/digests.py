"""Due digests become outbox rows: one per subscription and local period (DESIGN.md rule 5).

The digest is built outside any transaction; then one transaction moves the subscription's
`last_sent_at` (only if nobody moved it since it was read) and writes the row keyed
`digest:{subscription}:{period}` (and its chart's row, `...:chart`). A second scheduler, a redelivered message or a retry finds the
subscription moved or the key taken and adds nothing. The payload holds everything a sender needs
(text, sections for Slack blocks, the chart as base64 PNG), so any worker machine can send it.
"""
from __future__ import annotations

import base64
import logging
from datetime import datetime
from typing import Any

import dramatiq

from crm_core import i18n, outbox, paging
from crm_core.context import Context
from crm_core.db import database
from crm_core.digest import address, text
from crm_core.digest.chart import render_chart
from crm_core.digest.content import build_digest
from crm_core.models import DigestSubscription, User, utcnow
from crm_core.permissions import MANAGERS
from crm_core.results import Digest
from crm_core.services.digests import digest_key, is_due, schedule_of
from workers.actors.outbox import enqueue_committed

log = logging.getLogger(__name__)
CHART_KINDS = {"slack.digest": "slack.digest_chart", "telegram.digest": "telegram.digest_chart"}


@dramatiq.actor(queue_name="default", max_retries=3, min_backoff=5000)
def send_due_digests(now_iso: str | None = None) -> None:
    """Write the digest of every subscription due by `now_iso` (naive UTC ISO; default now)."""
    written = send_due(datetime.fromisoformat(now_iso).replace(tzinfo=None) if now_iso else utcnow())
    if written:
        log.info("wrote %d digests", written)


def send_due(now: datetime) -> int:
    """Write every due digest and enqueue its sends; the number of digests written."""
    with database.connection_context():
        subscriptions = list(DigestSubscription.select(DigestSubscription, User).join(User)
                             .where((User.is_active == True) & User.role.in_(sorted(MANAGERS)))  # noqa: E712
                             .order_by(DigestSubscription.id))  # a manager made a rep gets no more team digests
    row_ids: list[int] = []
    written = 0
    for subscription in subscriptions:
        try:
            digest_rows = write_digest(subscription, now)
        except Exception:  # noqa: BLE001 - one broken subscription must not stop the others' digests
            log.exception("digest of subscription %s failed", subscription.id)
            continue
        row_ids += digest_rows
        written += bool(digest_rows)
    enqueue_committed(row_ids)
    return written


def write_digest(subscription: DigestSubscription, now: datetime) -> list[int]:
    """One subscription's digest, if due: the outbox row ids written (none when someone else wrote it)."""
    user, schedule = subscription.user, schedule_of(subscription, subscription.user)
    with database.connection_context():
        if not is_due(subscription, schedule, now):
            return []
        digest = build_digest(user, subscription.last_sent_at or now - schedule.step, now)
    payload = digest_payload(digest, user, schedule.period(now))
    kind, to = address.address(user, address.channel_for(user, subscription.via))
    with database.connection_context(), database.atomic() as transaction:
        unchanged = (DigestSubscription.last_sent_at.is_null() if subscription.last_sent_at is None
                     else DigestSubscription.last_sent_at == subscription.last_sent_at)
        if not DigestSubscription.update(last_sent_at=now).where(
                (DigestSubscription.id == subscription.id) & unchanged).execute():
            return []  # another run has written this digest
        ctx = Context(user=user, channel="system", now=utcnow())  # the rows may be sent from now on
        for part_kind, key, part in digest_parts(kind, digest_key(subscription, schedule, now), {**to, **payload}):
            if outbox.add(ctx, part_kind, key, part) is None:
                transaction.rollback()
                return []
        return ctx.published


def digest_parts(kind: str, key: str, payload: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, key, payload) of each outbox row of one digest. On Slack and Telegram the text and the chart
    are two rows written together: a chart upload answered 429 is retried alone, never posting the text
    again. The console prints both at once."""
    chart_kind = CHART_KINDS.get(kind)
    if chart_kind is None or not payload.get("chart_png"):
        return [(kind, key, payload)]
    text_only = {name: value for name, value in payload.items() if name != "chart_png"}
    return [(kind, key, text_only), (chart_kind, f"{key}:chart", payload)]


def digest_payload(digest: Digest, user: User, period: str) -> dict[str, Any]:
    with i18n.speaking(i18n.language_for(user.language)):
        return _payload(digest, user, period)


def _payload(digest: Digest, user: User, period: str) -> dict[str, Any]:
    return {
        "type": "digest",
        "to_user_id": user.id,
        "to_name": user.name,
        "title": text.title(digest),
        "text": text.as_text(digest),
        "sections": [{"title": heading, "lines": lines} for heading, lines in text.sections(digest)],
        "more": [{"label": rest.label(), "query": rest.query, "offset": rest.offset} for rest in paging.rests(digest)],
        "language": i18n.current(),
        "chart_png": base64.b64encode(render_chart(digest)).decode(),
        "chart_name": f"digest-{period}.png",
        "since": digest.since,
        "until": digest.until,
    }
