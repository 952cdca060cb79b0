"""The Bolt app: verification, dedupe, the listeners and an error handler; served over HTTP or Socket Mode."""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.signature import Clock
from slack_sdk.webhook import WebhookClient

from bots.slack import home, listeners
from bots.slack.client import web_client
from bots.slack.dedupe import dedupe
from bots.slack.identity import Identity
from bots.slack.runtime import Crm
from bots.slack.verification import Verification
from crm_core.db import one_connection
from crm_core.errors import ConfigError
from crm_core.settings import Settings

log = logging.getLogger(__name__)

LISTENER_THREADS = 16  # with DISPATCH_THREADS and worker threads, under the 32 pooled PostgreSQL connections
EVENTS_PATH = "/slack/events"


class CrmApp(App):
    """The Bolt app and the pools its work runs on, so that stopping can let that work finish."""
    listener_pool: ThreadPoolExecutor
    crm: Crm

    def close(self) -> None:
        """Wait for the listeners under way (and the App Homes they refresh); take no more work."""
        self.listener_pool.shutdown(wait=True)
        self.crm.homes.close(wait=True)


class ListenerPool(ThreadPoolExecutor):
    """The threads Bolt runs listeners on: each request's listener holds one database connection from start to
    reply (who asked, the dialogue, its writes and the answer share it; issue 18)."""

    def submit(self, fn, /, *args, **kwargs):
        return super().submit(_in_one_connection, fn, *args, **kwargs)


def _in_one_connection(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with one_connection():
        return fn(*args, **kwargs)


def build_app(settings: Settings, *, client: WebClient | None = None, clock: Clock | None = None,
              identity: Identity | None = None) -> CrmApp:
    """An App for the workspace of SLACK_BOT_TOKEN (auth.test is called once, here)."""
    client = client or web_client(settings)
    secret = settings.slack_signing_secret
    if not secret and not settings.slack_app_token:
        raise ConfigError("SLACK_SIGNING_SECRET is not set.", hint="Copy it from the app's Basic Information page.")
    pool = ListenerPool(LISTENER_THREADS, thread_name_prefix="slack-listener")
    app = CrmApp(client=client, signing_secret=secret or "", request_verification_enabled=False,
                 before_authorize=Verification(secret, clock) if secret else None, name="crm",
                 listener_executor=pool)
    app.listener_pool, app.crm = pool, Crm(identity or Identity())
    app.use(dedupe)
    app.use(app.crm.attach)
    listeners.register(app)
    app.error(on_error)
    return app


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
