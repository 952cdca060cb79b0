"""Outbox senders for Slack (workers/senders.py): "slack.support" ticket cards, "slack.dm" reminders
(Done / Snooze buttons) and "slack.message" plain posts. A 429 becomes RetryLater(Retry-After);
errors that no retry can fix become PermanentFailure; anything else is retried with backoff."""
from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bots.slack import digest_blocks, support
from bots.slack.blocks import Asker, Block, actions, button, more_buttons, section
from bots.slack.client import web_client
from bots.slack.home import COMMAND_ACTION, command_value
from bots.slack.text import clip, escape
from crm_core import commands as c
from crm_core import ticket_threads
from crm_core import i18n
from crm_core.settings import get_settings
from workers.senders import PermanentFailure, RateLimit, RetryLater, register

# Slack allows about one message a second in a channel (short bursts pass).
SLACK_LIMIT = RateLimit(scope="slack", per_second=20, per_chat_per_second=1, chat_field="channel")
DM_LIMIT = RateLimit(scope="slack", per_second=20, per_chat_per_second=1, chat_field="user")
SUPPORT_LIMIT = RateLimit(scope="slack-support", per_second=1)
PERMANENT_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "user_not_found", "user_disabled", "account_inactive",
    "cannot_dm_bot", "invalid_blocks", "msg_too_long", "no_text", "restricted_action", "not_authed",
    "invalid_auth", "token_revoked", "missing_scope",
})
THREAD_BUSY_RETRY_SECONDS = 2.0

_client: WebClient | None = None
_support_channel: str | None = None
_lock = threading.Lock()


def configure(client: WebClient | None, support_channel: str | None = None) -> None:
    """Use this client and support channel (tests, `crm slack`); None: build them from the settings."""
    global _client, _support_channel
    with _lock:
        _client, _support_channel = client, support_channel


def _api() -> tuple[WebClient, str | None]:
    global _client, _support_channel
    with _lock:
        if _client is None:
            settings = get_settings()
            _client, _support_channel = web_client(settings, wait_when_rate_limited=False), settings.slack_support_channel
        return _client, _support_channel


def _call(method: Callable[..., Any], **kwargs: Any) -> dict[str, Any]:
    try:
        return method(**kwargs).data
    except SlackApiError as exc:
        response = exc.response
        if response.status_code == 429:
            retry_after = (response.headers or {}).get("Retry-After") or (response.headers or {}).get("retry-after")
            raise RetryLater(float(retry_after or 30), "Slack 429 rate limited") from None
        error = (response.data or {}).get("error", "") if isinstance(response.data, dict) else ""
        if error in PERMANENT_ERRORS:
            raise PermanentFailure(f"Slack: {error}") from None
        raise


def send_support(payload: dict[str, Any]) -> str:
    client, configured = _api()
    if not configured:
        raise RuntimeError("SLACK_SUPPORT_CHANNEL is not set in this process")
    try:
        channel, thread_ts, claim = ticket_threads.claim_thread(int(payload["ticket"]), configured)
    except ticket_threads.ThreadBusy as busy:
        raise RetryLater(THREAD_BUSY_RETRY_SECONDS, str(busy)) from None
    except LookupError as missing:
        raise PermanentFailure(str(missing)) from None
    if claim is None:
        return _call(client.chat_postMessage, channel=channel, thread_ts=thread_ts, **support.card(payload))["ts"]
    try:
        posted = _call(client.chat_postMessage, channel=channel, **support.card(payload))
    except BaseException:
        ticket_threads.release(claim)
        raise
    ticket_threads.thread_started(claim, posted["ts"], posted.get("channel"))
    return posted["ts"]


def send_dm(payload: dict[str, Any]) -> str:
    """A note to one member (`user`: a Slack id), its `actions` (label + command) as buttons: a reminder's
    Done and Snooze 1 day (workers/actors/reminders.py)."""
    client, _ = _api()
    user = payload["user"]
    blocks: list[Block] = [section(escape(payload.get("text") or "") or " ")]
    if payload.get("actions"):
        blocks.append(command_buttons(payload["actions"], user))
    return _call(client.chat_postMessage, channel=user, text=clip(escape(payload.get("text") or " "), 3000),
                 blocks=blocks)["ts"]


def command_buttons(choices: list[dict[str, Any]], user: str) -> Block:
    return actions(*(button(a["label"], COMMAND_ACTION.format(a.get("id") or i),
                            command_value(c.from_json(a["command"]), user), "primary" if i == 0 else None)
                     for i, a in enumerate(choices)))


def send_message(payload: dict[str, Any]) -> str:
    """{"channel" (or "user"), "text", optional "blocks" and "thread_ts"}."""
    client, _ = _api()
    channel = payload.get("channel") or payload.get("user")
    if not channel:
        raise PermanentFailure("slack.message payload names no channel or user")
    extra = {k: payload[k] for k in ("blocks", "thread_ts") if payload.get(k)}
    return _call(client.chat_postMessage, channel=channel, text=payload.get("text") or " ", **extra)["ts"]


def send_digest(payload: dict[str, Any]) -> str:
    """A manager's digest in their DM: the sections as blocks, then the chart as a PNG file
    (files_upload_v2: files.getUploadURLExternal, the upload, files.completeUploadExternal)."""
    client, _ = _api()
    user = payload["user"]
    title = payload.get("title") or "Digest"
    with i18n.speaking(payload.get("language")):  # a More press answers in the digest's language
        more = more_buttons([(str(m.get("label")), str(m.get("query")), int(m.get("offset") or 0))
                             for m in payload.get("more") or () if isinstance(m, dict)], Asker("", user))
    posted = _call(client.chat_postMessage, channel=user, text=clip(escape(payload.get("text") or title), 3000),
                   blocks=digest_blocks.from_payload(payload) + more)
    if payload.get("chart_png"):  # a row written before the chart got a row of its own
        send_digest_chart(payload)
    return posted["ts"]


def send_digest_chart(payload: dict[str, Any]) -> str:
    """The digest's chart as a PNG file in the manager's DM: its own outbox row, retried without the text."""
    client, _ = _api()
    channel = _call(client.conversations_open, users=payload["user"])["channel"]["id"]
    _call(client.files_upload_v2, channel=channel, content=base64.b64decode(payload["chart_png"]),
          filename=payload.get("chart_name") or "digest.png", title=payload.get("title") or "Digest")
    return ""


register("slack.support", send_support, rate_limit=SUPPORT_LIMIT)
register("slack.dm", send_dm, rate_limit=DM_LIMIT)
register("slack.digest", send_digest, rate_limit=DM_LIMIT)
register("slack.digest_chart", send_digest_chart, rate_limit=DM_LIMIT)
register("slack.message", send_message, rate_limit=SLACK_LIMIT)
