"""App Homes kept current: after a write, the actor's home is published again, and so is the home of anyone
whose deals, reminders or tickets the write changed (a ticket assigned to them, a deal moved back).

Who was touched comes with the `WorkChanged` event the command bus tells after commit (crm_core/events.py), so
any command, button or modal is covered without knowing what it did; a Slack request holds its events until it
has been answered. The work runs on a small pool of its own; the writes of half a second are taken together, and
a home already waiting to be published is not queued twice, so a busy rep's home is published once, not once a
write. views.publish needs only the member's id (no scope, and they need not have opened the Home tab), so every
teammate with a `slack_user_id` gets theirs.
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from slack_sdk import WebClient

from bots.slack import home
from crm_core import events
from crm_core.db import database
from crm_core.events import WorkChanged
from crm_core.models import User

log = logging.getLogger(__name__)

THREADS = 2
BATCH_SECONDS = 0.5


class HomeRefresher:
    """Subscribed to `WorkChanged` from `start()` to `close()`; publishes through `client`."""

    def __init__(self, client: WebClient, threads: int = THREADS, batch_seconds: float = BATCH_SECONDS):
        self._client = client
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="slack-home")
        self._batch_seconds = batch_seconds
        self._batch: set[int] = set()  # users whose home changed since the batch began
        self._timer: threading.Timer | None = None
        self._waiting: set[int] = set()  # users whose publish is queued and not yet begun
        self._lock = threading.Lock()

    def start(self) -> HomeRefresher:
        events.subscribe(WorkChanged, self.changed)
        return self

    def changed(self, event: WorkChanged) -> None:
        with self._lock:
            self._batch |= event.users
            if self._timer is None:
                self._timer = threading.Timer(self._batch_seconds, self._flush)
                self._timer.daemon = True
                self._timer.start()

    def close(self, wait: bool = True) -> None:
        """Publish what is due now, then stop."""
        events.unsubscribe(WorkChanged, self.changed)
        with self._lock:
            timer = self._timer
        if timer is not None:
            timer.cancel()
        self._flush()
        self._pool.shutdown(wait=wait)

    def _flush(self) -> None:
        with self._lock:
            batch, self._batch, self._timer = self._batch, set(), None
        if not batch:
            return
        try:
            self._pool.submit(self._refresh, batch)
        except RuntimeError:  # shutting down: publish here
            self._refresh(batch)

    def _refresh(self, ids: set[int]) -> None:
        try:
            with database.connection_context():
                users = list(User.select().where(User.id.in_(list(ids)) & User.slack_user_id.is_null(False)
                                                 & (User.is_active == True)))  # noqa: E712
            for user in users:
                self._queue(user)
        except Exception:  # noqa: BLE001 - a stale home is not worth a failed request
            log.warning("could not look up whose App Home to refresh", exc_info=True)

    def _queue(self, user: User) -> None:
        with self._lock:
            if user.id in self._waiting:
                return
            self._waiting.add(user.id)
        try:
            self._pool.submit(self._publish, user)
        except RuntimeError:  # shutting down: publish here
            self._publish(user)

    def _publish(self, user: User) -> None:
        self._done(user.id)  # a write from now on needs another publish
        try:
            home.publish(self._client, user.slack_user_id, user)
        except Exception:  # noqa: BLE001
            log.warning("could not refresh the App Home of %s", user.slack_user_id, exc_info=True)

    def _done(self, user_id: int) -> None:
        with self._lock:
            self._waiting.discard(user_id)
