"""A digest in Block Kit: a header, then one section per part (deals, calls, tickets, segments, risk)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bots.slack.text import clip, escape
from crm_core import results as r
from crm_core.digest import text

Block = dict[str, Any]
HEADER_LIMIT = 150
TEXT_LIMIT = 3000


def blocks(title: str, sections: Sequence[tuple[str, Sequence[str]]]) -> list[Block]:
    made: list[Block] = [{"type": "header", "text": {"type": "plain_text", "text": clip(title, HEADER_LIMIT)}}]
    for heading, lines in sections:
        body = f"*{escape(heading)}*\n" + "\n".join(f"• {escape(line)}" for line in lines)
        made.append({"type": "section", "text": {"type": "mrkdwn", "text": clip(body, TEXT_LIMIT)}})
    return made


def from_payload(payload: dict[str, Any]) -> list[Block]:
    """The blocks of a digest outbox row (workers/actors/digests.py wrote its `sections`)."""
    sections = [(str(s.get("title", "")), [str(line) for line in s.get("lines", ())])
                for s in payload.get("sections") or () if isinstance(s, dict)]
    return blocks(str(payload.get("title") or "Digest"), sections)


def render(result: r.Digest) -> list[Block]:
    return blocks(text.title(result), text.sections(result))
