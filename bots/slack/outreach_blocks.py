"""Outreach in Block Kit: the campaign queued, and its progress."""
from __future__ import annotations

from typing import Any

from bots.slack.text import clip, escape
from crm_core import results as r

Block = dict[str, Any]
BAR_WIDTH = 20


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, 3000)}]}


def queued(result: r.OutreachQueued) -> list[Block]:
    return [_section(f":mega: {escape(result.message)}"),
            _context(f"First message: “{escape(clip(result.preview, 500))}”")]


def progress(result: r.OutreachProgress) -> list[Block]:
    done = result.sent + result.failed
    filled = round(BAR_WIDTH * done / result.total) if result.total else BAR_WIDTH
    bar = "█" * filled + "░" * (BAR_WIDTH - filled)
    icon = ":white_check_mark:" if not result.waiting else ":hourglass_flowing_sand:"
    blocks = [_section(f"{icon} *Outreach #{result.campaign_id}* to {escape(result.segment.replace('_', ' '))}\n"
                       f"`{bar}` *{result.sent:,} / {result.total:,}* sent"
                       + (f", {result.failed:,} failed" if result.failed else "")
                       + (f", {result.waiting:,} waiting" if result.waiting else " — done"))]
    if result.failures:
        blocks.append(_context("Failed: " + ", ".join(f"{f.count:,} {escape(f.reason)}" for f in result.failures)))
    return blocks


RENDERERS = {r.OutreachQueued: queued, r.OutreachProgress: progress}
