"""App Homes kept current: after a write from Slack, the actor's home is published again, and so is the home
of anyone whose deals, reminders or tickets the write changed (a ticket assigned to them, a deal moved back).

Who was touched comes from the audit rows the actor's writes left (DESIGN.md rule 4), so any command,
button or modal is covered without knowing what it did. The work runs on a small pool of its own, after
the ack and after the reply; the writes of half a second are taken together, and a home already waiting
to be published is not queued twice, so a busy rep's home is published once, not once a write. views.publish
needs only the member's id (no scope, and they need not have opened the Home tab), so every teammate
with a `slack_user_id` gets theirs.
"""
from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime

from slack_sdk import WebClient

from bots.slack import home
from crm_core.db import database
from crm_core.models import AuditLog, User, utcnow

log = logging.getLogger(__name__)

THREADS = 2
BATCH_SECONDS = 0.5
OWNER_FIELDS = {"tickets": "assignee", "deals": "owner", "reminders": "user"}  # whose Home lists the row


def touched_users(actor_id: int, since: datetime) -> set[int]:
    """The actor and the owners (before and after) of the rows the actor wrote or undid since `since`;
    empty when the actor wrote nothing."""
    rows = (AuditLog.select(AuditLog.entity, AuditLog.before, AuditLog.after)
            .where((AuditLog.actor == actor_id)
                   & ((AuditLog.created_at >= since) | (AuditLog.undone_at >= since))))
    touched: set[int] = set()
    for row in rows:
        touched.add(actor_id)
        owner = OWNER_FIELDS.get(row.entity)
        for side in (row.before, row.after) if owner else ():
            value = json.loads(side).get(owner) if side else None
            if isinstance(value, int):
                touched.add(value)
    return touched


class HomeRefresher:
    def __init__(self, threads: int = THREADS, batch_seconds: float = BATCH_SECONDS):
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="slack-home")
        self._batch_seconds = batch_seconds
        self._batch: dict[int, datetime] = {}  # actor id -> when their first request in this batch began
        self._timer: threading.Timer | None = None
        self._client: WebClient | None = None
        self._waiting: set[int] = set()  # users whose publish is queued and not yet begun
        self._lock = threading.Lock()

    @contextmanager
    def after_writes(self, client: WebClient, actor: User) -> Iterator[None]:
        """Around the handling of one request by `actor`: what it wrote refreshes the homes concerned."""
        since = utcnow()
        yield
        with self._lock:
            self._client = client
            self._batch[actor.id] = min(since, self._batch.get(actor.id, since))
            if self._timer is None:
                self._timer = threading.Timer(self._batch_seconds, self._flush)
                self._timer.daemon = True
                self._timer.start()

    def close(self, wait: bool = True) -> None:
        """Publish what is due now, then stop."""
        with self._lock:
            timer = self._timer
        if timer is not None:
            timer.cancel()
        self._flush()
        self._pool.shutdown(wait=wait)

    def _flush(self) -> None:
        with self._lock:
            batch, self._batch, self._timer, client = self._batch, {}, None, self._client
        for actor_id, since in batch.items():
            try:
                self._pool.submit(self._refresh, client, actor_id, since)
            except RuntimeError:  # shutting down: publish here
                self._refresh(client, actor_id, since)

    def _refresh(self, client: WebClient, actor_id: int, since: datetime) -> None:
        try:
            with database.connection_context():
                ids = touched_users(actor_id, since)
                users = list(User.select().where(User.id.in_(list(ids)) & User.slack_user_id.is_null(False)
                                                 & (User.is_active == True))) if ids else []  # noqa: E712
            for user in users:
                self._queue(client, user)
        except Exception:  # noqa: BLE001 - a stale home is not worth a failed request
            log.warning("could not work out whose App Home to refresh", exc_info=True)

    def _queue(self, client: WebClient, user: User) -> None:
        with self._lock:
            if user.id in self._waiting:
                return
            self._waiting.add(user.id)
        try:
            self._pool.submit(self._publish, client, user)
        except RuntimeError:  # shutting down: publish here
            self._publish(client, user)

    def _publish(self, client: WebClient, user: User) -> None:
        self._done(user.id)  # a write from now on needs another publish
        try:
            home.publish(client, user.slack_user_id, user)
        except Exception:  # noqa: BLE001
            log.warning("could not refresh the App Home of %s", user.slack_user_id, exc_info=True)

    def _done(self, user_id: int) -> None:
        with self._lock:
            self._waiting.discard(user_id)
