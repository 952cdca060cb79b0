"""The "telegram." outbox sender: sendMessage through the Bot API (TELEGRAM_API_URL) with the token.

It runs in worker threads, so the call is a plain synchronous HTTP request (one keep-alive client per
thread). Telegram's answers map onto the outbox's outcomes: 429 waits `retry_after`; 403 (the user
blocked the bot) and 400 (chat not found, bad request) fail for good with Telegram's description;
anything else (5xx, 401, network errors) is retried with backoff. Limits (1/s per chat, 30/s overall)
are the workers' rate limiter's (`workers.senders.TELEGRAM_LIMIT`, registered for "telegram.").
"""
from __future__ import annotations

import threading
from typing import Any

import httpx

from bots.telegram import api, render
from crm_core.settings import get_settings
from workers.senders import TELEGRAM_LIMIT, PermanentFailure, RetryLater, register

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DEFAULT_RETRY_AFTER = 30.0

_local = threading.local()


def _client() -> httpx.Client:
    client = getattr(_local, "client", None)
    if client is None:
        client = _local.client = httpx.Client(timeout=TIMEOUT)
    return client


def send(payload: dict[str, Any], kind: str = "telegram.message") -> str:
    settings = get_settings()
    if not settings.telegram_bot_token:
        raise RuntimeError("TELEGRAM_BOT_TOKEN is not set in this process")
    reply = render.notification(kind, payload)
    body: dict[str, Any] = {"chat_id": payload["chat_id"], "text": reply.text, "parse_mode": "HTML"}
    if reply.markup is not None:
        body["reply_markup"] = reply.markup.to_dict()
    url = api.method_url(settings.telegram_api_url, settings.telegram_bot_token, "sendMessage")
    try:
        response = _client().post(url, json=body)
    except httpx.HTTPError:
        _local.client = None  # a broken connection: the next try opens a new one
        raise
    return message_id(response)


def message_id(response: httpx.Response) -> str:
    """The sent message's id, or the outcome Telegram's answer means."""
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    description = str(answer.get("description") or f"HTTP {response.status_code}")
    code = answer.get("error_code") or response.status_code
    if response.status_code == 200 and answer.get("ok"):
        result = answer.get("result")
        return str(result.get("message_id", "")) if isinstance(result, dict) else ""
    if code == 429:
        retry_after = (answer.get("parameters") or {}).get("retry_after")
        raise RetryLater(float(retry_after) if isinstance(retry_after, (int, float)) else DEFAULT_RETRY_AFTER,
                         f"Telegram: {description}")
    if code in (400, 403):
        raise PermanentFailure(f"Telegram {code}: {description}")
    raise RuntimeError(f"Telegram {code}: {description}")


def send_message(payload: dict[str, Any]) -> str:
    return send(payload, "telegram.message")


def send_csat(payload: dict[str, Any]) -> str:
    return send(payload, "telegram.csat")


# The registry hands a sender only the payload, so the rating request is its own (longer) prefix.
register("telegram.", send_message, rate_limit=TELEGRAM_LIMIT)
register("telegram.csat", send_csat, rate_limit=TELEGRAM_LIMIT)
