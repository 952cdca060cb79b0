"""What happened, told after the transaction that did it has committed (as in cosmicpython's message bus): a
front-end subscribes to the events it shows (the Slack App Homes) instead of reading the audit log back.

Handlers run on the thread that committed, unless that thread holds its events (`held()`, e.g. until a chat
request has been answered). A failing handler is logged: the write it follows has already happened.
"""
from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

OWNER_FIELDS = {"tickets": "assignee", "deals": "owner", "reminders": "user"}  # whose lists show the row


@dataclass(frozen=True)
class Event:
    pass


@dataclass(frozen=True)
class WorkChanged(Event):
    """`actor` wrote or undid something; `users` (the actor among them) are whose deals, tickets or reminders
    the write changed, before or after it."""
    actor: int
    users: frozenset[int]


Handler = Callable[[Any], None]
_handlers: dict[type[Event], list[Handler]] = {}
_lock = threading.Lock()
_local = threading.local()


def owners(entity: str, *sides: dict[str, Any] | str | None) -> set[int]:
    """The users whose lists show a row of `entity`, in each side (a snapshot, as a dict or its JSON)."""
    field = OWNER_FIELDS.get(entity)
    found: set[int] = set()
    for side in sides if field else ():
        row = json.loads(side) if isinstance(side, str) else side
        value = row.get(field) if row else None
        if isinstance(value, int):
            found.add(value)
    return found


def subscribe(kind: type[Event], handler: Handler) -> None:
    with _lock:
        _handlers.setdefault(kind, []).append(handler)


def unsubscribe(kind: type[Event], handler: Handler) -> None:
    with _lock:
        if handler in _handlers.get(kind, []):
            _handlers[kind].remove(handler)


def publish(events: Iterable[Event]) -> None:
    """Call after commit: hand each event to its subscribers now, or when the thread's `held()` ends."""
    waiting = getattr(_local, "held", None)
    if waiting is not None:
        waiting.extend(events)
        return
    for event in events:
        with _lock:
            handlers = list(_handlers.get(type(event), ()))
        for handler in handlers:
            try:
                handler(event)
            except Exception:  # noqa: BLE001 - the write is done; a subscriber's failure must not undo its answer
                log.warning("a subscriber of %s failed", type(event).__name__, exc_info=True)


@contextmanager
def held() -> Iterator[None]:
    """The events published on this thread inside are handed over when it ends (after the reply was sent)."""
    outer = getattr(_local, "held", None)
    _local.held = [] if outer is None else outer
    try:
        yield
    finally:
        if outer is None:
            waiting, _local.held = _local.held, None
            publish(waiting)
