"""Bot API addresses (TELEGRAM_API_URL, as PTB reads it), the command menu and callback data formats."""
from __future__ import annotations

import json

DEFAULT_API_URL = "https://api.telegram.org/bot"
_TOKEN_MARKS = ("{token}", "{TOKEN}", "{bot_token}", "{BOT_TOKEN}")

MENU = (
    ("start", "Link your account and say hello"),
    ("new", "Start a new ticket"),
    ("status", "Your tickets and their states"),
    ("help", "What this bot does"),
    ("stop", "No more check-in messages"),
)

CSAT_PREFIX = "csat"  # csat:<ticket>:<score>
ANSWER_PREFIX = "ask"  # ask:<value>: a rep's answer to the bot's question, sent back as text
ACTION_PREFIX = "do"  # do:<command JSON>: a button on a notification to a rep (reminder Done / Snooze)
CALLBACK_DATA_MAX = 64  # bytes, Telegram's limit


def base_url(configured: str | None) -> str:
    return (configured or DEFAULT_API_URL).strip()


def file_base_url(configured: str | None) -> str:
    """Where files are fetched: Telegram's ".../file/bot" next to ".../bot"."""
    url = base_url(configured)
    head, sep, tail = url.rpartition("/bot")
    return f"{head}/file/bot{tail}" if sep else url.rstrip("/") + "/file/bot"


def method_url(configured: str | None, token: str, method: str) -> str:
    """The URL of a Bot API method, built as PTB builds it (`{token}` placeholder, or token appended)."""
    url = base_url(configured)
    for mark in _TOKEN_MARKS:
        if mark in url:
            return f"{url.replace(mark, token)}/{method}"
    return f"{url}{token}/{method}"


def csat_data(ticket: int, score: int) -> str:
    return f"{CSAT_PREFIX}:{ticket}:{score}"


def parse_csat(data: str) -> tuple[int, int] | None:
    """(ticket, score) from a rating button's data, or None when it isn't one (forged or foreign)."""
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != CSAT_PREFIX or not (parts[1].isdigit() and parts[2].isdigit()):
        return None
    return int(parts[1]), int(parts[2])


def action_data(command: dict) -> str | None:
    """A notification button's data, or None when the command doesn't fit in 64 bytes."""
    data = f"{ACTION_PREFIX}:{json.dumps(command, separators=(',', ':'))}"
    return data if len(data.encode()) <= CALLBACK_DATA_MAX else None


def parse_action(data: str) -> dict | None:
    prefix, _, rest = data.partition(":")
    if prefix != ACTION_PREFIX:
        return None
    try:
        command = json.loads(rest)
    except ValueError:
        return None
    return command if isinstance(command, dict) else None
