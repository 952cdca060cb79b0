"""The Bolt app: verification, dedupe, the listeners and an error handler; served over HTTP or Socket Mode."""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.signature import Clock

from bots.slack import listeners
from bots.slack.client import web_client
from bots.slack.dedupe import dedupe
from bots.slack.errors import on_error
from bots.slack.home_refresh import HomeRefresher
from bots.slack.identity import Identity
from bots.slack.runtime import Crm
from bots.slack.verification import Verification
from crm_core import events
from crm_core.db import one_connection
from crm_core.errors import ConfigError
from crm_core.settings import Settings

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
    reply (who asked, the dialogue, its writes and the answer share it; issue 18), and tells what its writes
    changed once it has replied."""

    def submit(self, fn, /, *args, **kwargs):
        return super().submit(_in_one_connection, fn, *args, **kwargs)


def _in_one_connection(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with one_connection(), events.held():  # the App Homes it changed are published after its reply
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
    app.listener_pool, app.crm = pool, Crm(HomeRefresher(client).start(), identity or Identity())
    app.use(dedupe)
    app.use(app.crm.attach)
    listeners.register(app)
    app.error(on_error)
    return app
