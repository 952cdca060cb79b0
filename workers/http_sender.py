"""The "http." sender: POST the payload's `json` to its `url` (webhooks, fakes in tests and benches).

Answers map onto the outbox's outcomes as the chat platforms' do: 2xx is sent (the id is the body's
`message_id`, `id` or `ts`), 429 waits `Retry-After`, 400/403/404/410 fail for good, anything else
(5xx, connection errors) is retried with backoff; a request sent but not answered within the time-out is
uncertain (it may have arrived), never retried blindly. One keep-alive connection per thread and host.
"""
from __future__ import annotations

import http.client
import json
import threading
from typing import Any
from urllib.parse import urlsplit

from workers.senders import DeliveryUncertain, PermanentFailure, RetryLater, register

TIMEOUT_SECONDS = 10.0
PERMANENT_STATUSES = frozenset({400, 403, 404, 410})

_local = threading.local()


def _connection(scheme: str, netloc: str) -> http.client.HTTPConnection:
    pool: dict[tuple[str, str], http.client.HTTPConnection] = _local.__dict__.setdefault("pool", {})
    connection = pool.get((scheme, netloc))
    if connection is None:
        factory = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        connection = pool[(scheme, netloc)] = factory(netloc, timeout=TIMEOUT_SECONDS)
    return connection


def _drop(scheme: str, netloc: str) -> None:
    connection = _local.__dict__.get("pool", {}).pop((scheme, netloc), None)
    if connection is not None:
        connection.close()


def post_json(payload: dict[str, Any]) -> str:
    parts = urlsplit(payload["url"])
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    body = json.dumps(payload.get("json", {})).encode()
    try:
        connection = _connection(parts.scheme, parts.netloc)
        connection.request("POST", path or "/", body, {"Content-Type": "application/json"})
    except (OSError, http.client.HTTPException):  # not sent: safe to try again
        _drop(parts.scheme, parts.netloc)
        raise
    try:
        response = connection.getresponse()
        data = response.read()
    except TimeoutError as exc:  # sent, no answer in time: it may have arrived
        _drop(parts.scheme, parts.netloc)
        raise DeliveryUncertain(f"{parts.netloc} did not answer within {TIMEOUT_SECONDS:g} s") from exc
    except (OSError, http.client.HTTPException):
        _drop(parts.scheme, parts.netloc)
        raise
    if response.status == 429:
        raise RetryLater(_retry_after(response, data), "HTTP 429 Too Many Requests")
    if response.status in PERMANENT_STATUSES:
        raise PermanentFailure(f"HTTP {response.status}: {data[:200].decode(errors='replace')}")
    if response.status >= 300:
        raise RuntimeError(f"HTTP {response.status} from {parts.netloc}")
    return _message_id(data)


def _retry_after(response: http.client.HTTPResponse, data: bytes) -> float:
    header = response.getheader("Retry-After")
    if header and header.strip().replace(".", "", 1).isdigit():
        return float(header)
    try:  # the Telegram Bot API says it in the body: {"parameters": {"retry_after": 5}}
        return float(json.loads(data)["parameters"]["retry_after"])
    except (ValueError, KeyError, TypeError):
        return 30.0


def _message_id(data: bytes) -> str:
    try:
        body = json.loads(data or b"{}")
    except ValueError:
        return ""
    if isinstance(body, dict):
        result = body.get("result") if isinstance(body.get("result"), dict) else body
        for key in ("message_id", "id", "ts"):
            if result.get(key) is not None:
                return str(result[key])
    return ""


register("http.", post_json)
