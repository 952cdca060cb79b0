"""Slack's Socket Mode end: a WebSocket that says hello, pushes envelopes and records the app's acks."""
from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application
from tornado.websocket import WebSocketHandler


class FakeSocketMode:
    def __init__(self) -> None:
        self.acks: list[dict[str, Any]] = []
        self.connected = threading.Event()
        self.closed = threading.Event()  # the app closed its end
        self.sockets = bind_sockets(0, "127.0.0.1")
        self.url = f"ws://127.0.0.1:{self.sockets[0].getsockname()[1]}/link"
        self.loop: asyncio.AbstractEventLoop | None = None
        self.handler: WebSocketHandler | None = None
        fake = self

        class Link(WebSocketHandler):
            def open(self) -> None:
                fake.handler = self
                self.write_message(json.dumps({"type": "hello", "num_connections": 1,
                                               "connection_info": {"app_id": "A0CRM"}}))
                fake.connected.set()

            def on_message(self, message: str | bytes) -> None:
                fake.acks.append(json.loads(message))

            def on_close(self) -> None:
                fake.closed.set()

        async def serve() -> None:
            self.loop = asyncio.get_running_loop()
            server = HTTPServer(Application([(r"/link", Link)]))
            server.add_sockets(self.sockets)
            self._stop = asyncio.Event()
            self._ready.set()
            await self._stop.wait()
            server.stop()

        self._ready = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
        self.thread.start()
        self._ready.wait(5)

    def push(self, envelope: dict[str, Any]) -> None:
        assert self.loop and self.handler
        self.loop.call_soon_threadsafe(self.handler.write_message, json.dumps(envelope))

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [a for a in self.acks if a.get("envelope_id") == envelope_id]
            if found:
                return found[0]
            time.sleep(0.02)
        raise AssertionError(f"no ack for {envelope_id}; acks: {self.acks}")

    def close(self) -> None:
        if self.loop:
            self.loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(5)
