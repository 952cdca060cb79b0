"""Serving the app over HTTP with Tornado (a production server, already a dependency of the Telegram bot).

POST /slack/events is handed to Bolt in a thread pool, so the event loop never waits on a listener:
the response goes back as soon as the listener acks (well within Slack's 3 seconds) and the work goes
on in Bolt's listener threads. GET /healthz answers 200 for load balancers.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import threading
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.adapter.tornado.handler import set_response, to_bolt_request
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bots.slack.app import EVENTS_PATH

log = logging.getLogger(__name__)

DISPATCH_THREADS = 8
MAX_BODY_BYTES = 1_000_000


class EventsHandler(RequestHandler):
    def initialize(self, app: App, executor: ThreadPoolExecutor) -> None:
        self.bolt, self.executor = app, executor

    async def post(self) -> None:
        request = to_bolt_request(self.request)
        response = await asyncio.get_running_loop().run_in_executor(self.executor, self.bolt.dispatch, request)
        set_response(self, response)


class HealthHandler(RequestHandler):
    def get(self) -> None:
        self.write({"ok": True})


def application(app: App, executor: ThreadPoolExecutor) -> Application:
    return Application([(EVENTS_PATH, EventsHandler, {"app": app, "executor": executor}),
                        (r"/healthz", HealthHandler)])


class SlackHttpServer:
    """The app on `host:port` (0: any free port), its own event loop in a thread; `run()` blocks instead."""

    def __init__(self, app: App, port: int = 0, host: str = "0.0.0.0"):
        self.executor = ThreadPoolExecutor(DISPATCH_THREADS, thread_name_prefix="slack-dispatch")
        self.sockets = bind_sockets(port, host)
        self.port: int = self.sockets[0].getsockname()[1]
        self.app = app
        self.loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    async def _serve(self, stop: asyncio.Event) -> None:
        self.loop = asyncio.get_running_loop()
        server = HTTPServer(application(self.app, self.executor), xheaders=True, max_body_size=MAX_BODY_BYTES)
        server.add_sockets(self.sockets)
        self._stop = stop
        self._ready.set()
        await stop.wait()
        server.stop()
        await server.close_all_connections()

    def run(self) -> None:
        """Serve until SIGINT or SIGTERM."""
        async def main() -> None:
            stop = asyncio.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                asyncio.get_running_loop().add_signal_handler(sig, stop.set)
            await self._serve(stop)
        log.info("Slack events at http://0.0.0.0:%s%s", self.port, EVENTS_PATH)
        asyncio.run(main())
        self.executor.shutdown(wait=True)

    def start(self) -> SlackHttpServer:
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve(asyncio.Event())),
                                        name="slack-http", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(10)
        self.executor.shutdown(wait=False, cancel_futures=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{EVENTS_PATH}"
