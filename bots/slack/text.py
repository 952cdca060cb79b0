"""Slack's message markup to the plain words the parser reads, and plain words to safe mrkdwn."""
from __future__ import annotations

import html
import re
from collections.abc import Mapping

_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>")


def mentioned_users(text: str, bot_user_id: str | None = None) -> list[str]:
    """The Slack ids of the people `<@U…>` (or `<@U…|name>`) mentions, in order, once each; not the bot."""
    found = dict.fromkeys(_USER_MENTION.findall(text or ""))
    found.pop(bot_user_id or "", None)
    return list(found)


def plain(text: str, bot_user_id: str | None = None, *, keep_lines: bool = False,
          names: Mapping[str, str] | None = None) -> str:
    """`<@BOT> log a call with <mailto:a@b.com|a@b.com>` -> `log a call with a@b.com` (one line, unless
    `keep_lines`: a reply to a customer keeps its line breaks). A user mention becomes its name in `names`
    (Slack id -> the word the parser should read), else it is dropped; the bot's own mention always is."""
    names = names or {}
    if bot_user_id:
        text = _USER_MENTION.sub(lambda m: " " if m.group(1) == bot_user_id else m.group(0), text or "")

    def link(match: re.Match) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            return names.get(target[1:]) or label or ""
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
    """At most `limit` characters; an entity (`&amp;`) is never cut in half."""
    if len(text) <= limit:
        return text
    kept = text[: limit - 1]
    amp = kept.rfind("&", max(0, len(kept) - 5))
    if amp >= 0 and ";" not in kept[amp:]:
        kept = kept[:amp]
    return kept + "…"
