"""Slack's message markup to the plain words the parser reads, and plain words to safe mrkdwn."""
from __future__ import annotations

import html
import re

_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def plain(text: str, bot_user_id: str | None = None, *, keep_lines: bool = False) -> str:
    """`<@BOT> log a call with <mailto:a@b.com|a@b.com>` -> `log a call with a@b.com` (one line, unless
    `keep_lines`: a reply to a customer keeps its line breaks)."""
    if bot_user_id:
        text = text.replace(f"<@{bot_user_id}>", " ")

    def link(match: re.Match) -> str:
        target, label = match.group(1), match.group(2)
        if label:
            return label
        if target.startswith("mailto:"):
            return target[len("mailto:"):]
        if target.startswith(("@", "#", "!")):
            return ""
        return target

    unescaped = html.unescape(_LINK.sub(link, text or ""))
    if keep_lines:
        return "\n".join(" ".join(line.split()) for line in unescaped.strip().splitlines())
    return " ".join(unescaped.split())


def escape(text: str) -> str:
    """User text inside mrkdwn: &, < and > are Slack's control characters."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
