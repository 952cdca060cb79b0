"""Listeners, one module per kind of request, each with `register(app)` (as in Bolt's starter template).
For one event the first matching listener runs, so the catch-all for other messages comes last."""
from __future__ import annotations

from typing import Any

from slack_bolt import App

from bots.slack.listeners import actions, commands, events, paging, shortcuts, support, views


def other_message(event: dict[str, Any]) -> None:
    """Channel chatter the bot can see (it is subscribed for the support threads): acknowledged, ignored."""


def register(app: App) -> None:
    for module in (commands, events, actions, paging, support, shortcuts, views):
        module.register(app)
    app.event("message")(other_message)
