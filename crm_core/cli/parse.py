"""`crm parse [--now ISO] [--tz ZONE] [--jsonl] [TEXT]`: chat text -> one JSON object per utterance.

    {"text": "...", "intent": "move_deal", "slots": {...}, "confidence": 0.9}

With --jsonl it reads one utterance a line from stdin (a plain line, or a JSON object with a "text" key)
and streams one result a line. Customers are resolved against DATABASE_URL; a database without tables
(or a SQLite file that does not exist) resolves nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crm_core import clock
from crm_core.errors import ConfigError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("parse", help="parse chat text into a command (JSON on stdout)")
    parser.add_argument("--now", help="the moment the text was said, ISO 8601 (default: now)")
    parser.add_argument("--tz", help="the user's time zone (default: CRM_TIMEZONE or UTC)")
    parser.add_argument("--jsonl", action="store_true", help="read one utterance a line from stdin")
    parser.add_argument("text", nargs="?", help="the utterance (default: stdin when --jsonl)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crm_core.nlp_commands import parse
    from crm_core.settings import get_settings

    zone_name = args.tz or get_settings().timezone
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{zone_name!r} is not a time zone", hint="Use a name like Europe/Berlin.") from None
    now = _moment(args.now, zone)
    resolver = database_resolver()

    def answer(text: str, out: TextIO) -> None:
        try:
            result = parse(text, now, resolver, zone).to_json()
        except Exception as exc:  # noqa: BLE001 - one bad line must not stop the stream
            result = {"text": text, "intent": "unknown", "slots": {}, "confidence": 0.0, "error": str(exc)}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()

    if args.jsonl:
        with _one_connection(resolver):  # held for the whole stream, not opened (with its pragmas) per lookup
            for line in sys.stdin:
                answer(_line_text(line.rstrip("\r\n")), sys.stdout)
        return 0
    if args.text is None:
        raise ConfigError("Nothing to parse.", hint="Give the TEXT, or --jsonl to read lines from stdin.")
    answer(args.text, sys.stdout)
    return 0


def _one_connection(resolver: object) -> AbstractContextManager:
    from crm_core.db import database
    from crm_core.nlp.mentions import NoCustomers
    return nullcontext() if isinstance(resolver, NoCustomers) else database.connection_context()


def _moment(text: str | None, zone: ZoneInfo) -> datetime:
    if not text:
        return clock.now(zone)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--now {text!r} is not an ISO date-time", hint="e.g. 2026-11-25T10:00:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _line_text(line: str) -> str:
    if line.startswith("{"):
        try:
            value = json.loads(line)
        except ValueError:
            return line
        if isinstance(value, dict) and isinstance(value.get("text"), str):
            return value["text"]
    return line


def database_resolver():
    """The configured database's customers, or a resolver that knows none when there are none to know."""
    from crm_core.nlp.mentions import NoCustomers
    from crm_core.settings import get_settings

    url = get_settings().database_url
    if url.startswith("sqlite:"):
        path = url.split("///", 1)[-1] if "///" in url else ""
        if path and path != ":memory:" and not os.path.exists(path.split("?", 1)[0]):
            return NoCustomers()
    from crm_core.cli.common import open_configured_database
    from crm_core.resolve import CustomerResolver, customer_index

    open_configured_database()
    try:
        customer_index()  # builds the index now; a database without tables gives an empty one
    except Exception:  # noqa: BLE001 - an unreachable or broken database: parse without customers
        return NoCustomers()
    return CustomerResolver()
