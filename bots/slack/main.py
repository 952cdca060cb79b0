"""`crm slack`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP at /slack/events (Tornado)."""
from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

from bots.slack import senders
from bots.slack.app import CrmApp, build_app
from bots.slack.server import SlackHttpServer
from crm_core.cli.common import wait_in_main_thread
from crm_core.errors import ConfigError
from crm_core.settings import Settings

log = logging.getLogger(__name__)


def serve(settings: Settings, port: int) -> int:
    """Until SIGTERM or Ctrl-C; then no new requests are taken, those under way finish, and it returns 0."""
    from workers.broker import setup, stop_in_process_worker

    check(settings)
    setup(settings)  # writes are enqueued after commit; without BROKER_URL an in-process worker sends them
    app = prepare(settings)
    try:
        if settings.slack_app_token:
            serve_socket_mode(app, settings.slack_app_token)
        else:
            SlackHttpServer(app, port).run()
    finally:
        app.close()
        stop_in_process_worker()
    log.info("Slack stopped")
    return 0


def serve_socket_mode(app: CrmApp, app_token: str) -> None:
    """Connected until SIGTERM or SIGINT; then the WebSocket is closed, so Slack sends the next envelopes
    to another connection (or again later); the caller lets the listeners under way finish."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, frame: stop.set())
    handler = SocketModeHandler(app, app_token)
    handler.connect()
    log.info("Slack Socket Mode")
    wait_in_main_thread(stop)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C does not cut the shutdown short
    handler.close()


def check(settings: Settings) -> None:
    if not settings.slack_bot_token:
        raise ConfigError("crm slack needs SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN "
                          "(Socket Mode).", hint="See the Slack section of README.md.")


def prepare(settings: Settings) -> CrmApp:
    """The app, with the senders using the settings' client (the broker is set up already)."""
    check(settings)
    senders.configure(None)
    return build_app(settings)


def start(settings: Settings, port: int) -> tuple[str, Callable[[], None]]:
    """Serve in background threads (`crm run`): what was started, and how to stop it."""
    app = prepare(settings)
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        handler = SocketModeHandler(app, settings.slack_app_token)
        handler.connect()
        return "Socket Mode", _stopper(handler.close, app)
    server = SlackHttpServer(app, port).start()
    return f"HTTP on :{server.port}", _stopper(server.stop, app)


def _stopper(stop_taking_requests: Callable[[], None], app: CrmApp) -> Callable[[], None]:
    """Stop taking requests, then let those under way finish."""
    def stop() -> None:
        stop_taking_requests()
        app.close()
    return stop
