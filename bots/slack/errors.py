"""What a user is told when their request fails unexpectedly: a reference to quote, where they asked."""
from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bots.slack import home

log = logging.getLogger(__name__)


@contextmanager
def reported(body: dict[str, Any], client: WebClient) -> Iterator[None]:
    """For a listener that has acked: report its failure here rather than raise it to Bolt, whose runner
    clears an ack it has not yet answered Slack with when an acked listener raises (Slack then shows
    "dispatch_failed" on top of our reply)."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - told and logged by on_error
        on_error(error, body, log, client)


def on_error(error: Exception, body: dict[str, Any], logger: logging.Logger, client: WebClient) -> None:
    """Log with a reference the user can quote, and tell them where they asked (DESIGN.md rule 7): the
    response_url, else the mention's thread or the DM, else their App Home; never raise."""
    reference = uuid.uuid4().hex[:8]
    logger.error("Slack request failed (ref %s): %s", reference, error, exc_info=error)
    said = f"Something went wrong on our side (reference {reference}). Try again, or quote the reference to your admin."
    try:
        _tell(client, body, f":warning: {said}")
    except Exception:  # noqa: BLE001 - the error is logged already
        log.warning("could not tell the user about error %s", reference, exc_info=True)


def _tell(client: WebClient, body: dict[str, Any], said: str) -> None:
    url = body.get("response_url") or next((r.get("response_url") for r in body.get("response_urls") or []), None)
    event = body.get("event") or {}
    if url:
        WebhookClient(url, timeout=5).send_dict({"response_type": "ephemeral", "replace_original": False, "text": said})
    elif event.get("type") == "app_home_opened" and event.get("user"):
        client.views_publish(user_id=event["user"], view=home.refusal_view(said))
    elif event.get("channel") and event.get("user"):
        thread = event.get("thread_ts") or (event.get("ts") if event.get("type") == "app_mention" else None)
        if event.get("channel_type") == "im":
            client.chat_postMessage(channel=event["channel"], thread_ts=thread, text=said)
        else:
            client.chat_postEphemeral(channel=event["channel"], user=event["user"], thread_ts=thread, text=said)
