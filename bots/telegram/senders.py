"""The "telegram." outbox sender: sendMessage through the Bot API (TELEGRAM_API_URL) with the token.

It runs in worker threads, so the call is a plain synchronous HTTP request (one keep-alive client per
thread). Telegram's answers map onto the outbox's outcomes: 429 waits `retry_after`; 403 (the user
blocked the bot) and 400 (chat not found, bad request) fail for good with Telegram's description;
anything else (5xx, 401, network errors) is retried with backoff, except a request Telegram got but never
answered (a read time-out): the message may be out, so the row is uncertain, never sent again blindly.
Limits (1/s per chat, 30/s overall) are the workers' rate limiter's (`workers.senders.TELEGRAM_LIMIT`,
registered for "telegram.").
"""
from __future__ import annotations

import base64
import threading
from typing import Any

import httpx

from bots.telegram import api, render
from crm_core.settings import get_settings
from workers.senders import TELEGRAM_LIMIT, DeliveryUncertain, PermanentFailure, RetryLater, register

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DEFAULT_RETRY_AFTER = 30.0
PHOTO_CAPTION_MAX = 1024
TELEGRAM_FILE_LIMIT = 50 * 1024 * 1024  # what a bot may upload
TELEGRAM_PHOTO_LIMIT = 10 * 1024 * 1024  # larger pictures go as documents

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
    return message_id(_post(url, json=body))


def _post(url: str, **request: Any) -> httpx.Response:
    """POST to the Bot API. No answer within the read time-out: Telegram may have sent the message, so it is
    uncertain, not retried; a failure before the request went out (connect, pool) is retried."""
    try:
        return _client().post(url, **request)
    except httpx.ReadTimeout as exc:
        _local.client = None
        raise DeliveryUncertain(f"Telegram did not answer within {TIMEOUT.read:g} s") from exc
    except httpx.HTTPError:
        _local.client = None  # a broken connection: the next try opens a new one
        raise


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


def send_digest(payload: dict[str, Any]) -> str:
    """A manager's digest: the text, then the chart as a photo (sendPhoto, multipart); the text's id."""
    sent = send(payload, "telegram.digest")
    if payload.get("chart_png"):  # a row written before the chart got a row of its own
        send_digest_chart(payload)
    return sent


def send_digest_chart(payload: dict[str, Any]) -> str:
    """The digest's chart as a photo: its own outbox row, retried without the text."""
    return send_photo(payload["chat_id"], base64.b64decode(payload["chart_png"]),
                      str(payload.get("chart_name") or "digest.png"), str(payload.get("title") or ""))


def send_photo(chat_id: int, png: bytes, filename: str, caption: str) -> str:
    settings = get_settings()
    url = api.method_url(settings.telegram_api_url, settings.telegram_bot_token or "", "sendPhoto")
    return message_id(_post(url, data={"chat_id": str(chat_id), "caption": caption[:PHOTO_CAPTION_MAX]},
                            files={"photo": (filename, png, "image/png")}))


def send_ticket_file(payload: dict[str, Any]) -> str:
    """An agent's file on a ticket (tickets.reply_to_ticket): fetched from Slack with the bot token, then
    sendPhoto for a picture Telegram takes as a photo, else sendDocument."""
    from bots.slack import files  # the file lives in Slack; only this sender needs that side

    data = files.download(str(payload["url"]), TELEGRAM_FILE_LIMIT)
    name, caption = str(payload.get("name") or "file"), f"Ticket #{payload.get('ticket')}"
    if payload.get("kind") == "photo" and len(data) <= TELEGRAM_PHOTO_LIMIT:
        return send_photo(payload["chat_id"], data, name, caption)
    return send_document(payload["chat_id"], data, name, str(payload.get("mimetype") or ""), caption)


def send_document(chat_id: int, data: bytes, filename: str, mimetype: str, caption: str) -> str:
    settings = get_settings()
    url = api.method_url(settings.telegram_api_url, settings.telegram_bot_token or "", "sendDocument")
    return message_id(_post(url, data={"chat_id": str(chat_id), "caption": caption[:PHOTO_CAPTION_MAX]},
                            files={"document": (filename, data, mimetype or "application/octet-stream")}))


# The registry hands a sender only the payload, so the rating request is its own (longer) prefix.
register("telegram.", send_message, rate_limit=TELEGRAM_LIMIT)
register("telegram.csat", send_csat, rate_limit=TELEGRAM_LIMIT)
register("telegram.digest", send_digest, rate_limit=TELEGRAM_LIMIT)
register("telegram.digest_chart", send_digest_chart, rate_limit=TELEGRAM_LIMIT)
register("telegram.file", send_ticket_file, rate_limit=TELEGRAM_LIMIT)
