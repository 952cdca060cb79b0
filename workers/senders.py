"""Where outbox rows go: a registry from kind prefix ("telegram.", "slack.dm") to the function that sends.

A sender takes the row's payload and returns the platform's message id, or raises `RetryLater`
(429, flood control: the row waits that long, the attempt is not counted) or `PermanentFailure`
(bot blocked, chat not found, channel archived: the row is marked failed and never retried) or
`DeliveryUncertain` (sent, no answer: the row is marked uncertain for a person to decide).
Any other exception is retried with exponential backoff up to a maximum number of attempts.
"""
from __future__ import annotations

import base64
import itertools
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Sender = Callable[[dict[str, Any]], str]


class RetryLater(Exception):
    """The platform asked us to wait (`seconds`) before trying this message again."""

    def __init__(self, seconds: float, reason: str = "rate limited"):
        super().__init__(f"{reason} (retry after {seconds:g} s)")
        self.seconds = max(0.0, float(seconds))
        self.reason = reason


class PermanentFailure(Exception):
    """The message can never be delivered as it is (`reason` is kept on the row)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class DeliveryUncertain(Exception):
    """The request reached the platform but its answer never came (a read time-out): the customer may have
    the message. The row is marked uncertain and listed by `crm jobs`, never sent again blindly."""


class NoSender(LookupError):
    """No sender is registered for a kind in this process (a front-end not configured here): retried."""


@dataclass(frozen=True)
class RateLimit:
    """At most `per_second` sends a second for the whole `scope` (one bot), `per_chat_per_second` per chat."""
    scope: str
    per_second: int
    per_chat_per_second: int | None = None
    chat_field: str = "chat_id"
    within: RateLimit | None = None  # a wider limit this one's sends count against too (outreach within Telegram)
    min_gap_seconds: float = 0.0  # sends at least this far apart: a backlog goes out evenly, not in bursts
    window_seconds: float | None = None  # `per_second` counts over this long (None: a second and a guard)


# Telegram Bot API: about 30 messages a second overall, no more than one a second to one chat.
TELEGRAM_LIMIT = RateLimit(scope="telegram", per_second=30, per_chat_per_second=1, chat_field="chat_id")

_senders: dict[str, Sender] = {}
_limits: dict[str, RateLimit] = {"telegram.": TELEGRAM_LIMIT}


def register(kind_prefix: str, sender: Sender, *, rate_limit: RateLimit | None = None) -> None:
    """Send rows whose kind starts with `kind_prefix` through `sender` (the longest prefix wins)."""
    _senders[kind_prefix] = sender
    if rate_limit is not None:
        _limits[kind_prefix] = rate_limit


def unregister(kind_prefix: str) -> None:
    _senders.pop(kind_prefix, None)


def _longest_prefix(kind: str, table: dict[str, Any]) -> str | None:
    matches = [prefix for prefix in table if kind.startswith(prefix)]
    return max(matches, key=len) if matches else None


def sender_for(kind: str) -> Sender:
    prefix = _longest_prefix(kind, _senders)
    if prefix is None:
        raise NoSender(f"no sender for {kind!r} in this process (registered: {', '.join(sorted(_senders)) or 'none'})")
    return _senders[prefix]


def rate_limit_for(kind: str) -> RateLimit | None:
    prefix = _longest_prefix(kind, _limits)
    return _limits[prefix] if prefix is not None else None


_console_ids = itertools.count(1)


def print_to_console(payload: dict[str, Any]) -> str:
    """The console "platform": the message on stdout, with its buttons as a numbered list."""
    to = payload.get("to_name") or payload.get("user_id") or payload.get("chat_id") or "you"
    lines = [f"[to {to}] {payload.get('text', '')}"]
    lines += [f"  [{action['label']}]" for action in payload.get("actions", ())]
    print("\n".join(lines), file=sys.stdout, flush=True)
    return f"console-{next(_console_ids)}"


def digest_directory() -> Path:
    """Where the console's digest charts go: CRM_DIGEST_DIR, else crm-digests in the temporary directory."""
    return Path(os.environ.get("CRM_DIGEST_DIR") or Path(tempfile.gettempdir()) / "crm-digests")


def print_digest_to_console(payload: dict[str, Any]) -> str:
    """A digest on the console: its text on stdout, its chart written as a PNG file (path printed)."""
    directory = digest_directory()
    directory.mkdir(parents=True, exist_ok=True)
    chart = directory / f"{payload.get('to_user_id', 'user')}-{payload.get('chart_name') or 'digest.png'}"
    chart.write_bytes(base64.b64decode(payload.get("chart_png") or ""))
    return print_to_console({**payload, "text": f"{payload.get('text', '')}\nChart: {chart}"})


register("console.", print_to_console)
register("console.digest", print_digest_to_console)
