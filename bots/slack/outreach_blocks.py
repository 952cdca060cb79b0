"""Outreach in Block Kit: the campaign queued, and its progress."""
from __future__ import annotations

from typing import Any

from bots.slack.text import clip, escape
from crm_core import results as r
from crm_core.i18n import _, pgettext, term

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
    head = _("*Outreach #{id}* to {segment}").format(id=result.campaign_id,
                                                     segment=escape(term("segment", result.segment)))
    blocks = [_section(f"{icon} {head}\n`{bar}` "
                       + _("*{sent:,} / {total:,}* sent").format(sent=result.sent, total=result.total)
                       + (_(", {n:,} failed").format(n=result.failed) if result.failed else "")
                       + (_(", {n:,} waiting").format(n=result.waiting) if result.waiting else _(" — done")))]
    if result.failures:
        reasons = pgettext("list separator", ", ").join(escape(r.failure_count(f)) for f in result.failures)
        blocks.append(_context(_("Failed: {reasons}").format(reasons=reasons)))
    return blocks


RENDERERS = {r.OutreachQueued: queued, r.OutreachProgress: progress}
