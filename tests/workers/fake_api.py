"""A local HTTP endpoint standing in for a chat platform: counts the messages each chat receives."""
from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.fakes import serving_thread


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a killed worker's connection resets mid-request: expected here


class FakeChatApi:
    """POST {"chat_id": ..., "text": ...} anywhere; answers {"ok": true, "result": {"message_id": n}}."""

    def __init__(self, latency: float = 0.0):
        self.latency = latency
        self.per_chat: Counter = Counter()
        self.arrivals: list[float] = []  # time.time() of each message
        self.lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else headers and body, written apart, wait on a delayed ACK (40 ms)

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if api.latency:
                    time.sleep(api.latency)
                with api.lock:
                    api.per_chat[body["chat_id"]] += 1
                    api.arrivals.append(time.time())
                    message_id = len(api.arrivals)
                answer = json.dumps({"ok": True, "result": {"message_id": message_id}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args) -> None:
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sendMessage"
        self.thread = serving_thread(self.server)

    def __enter__(self) -> FakeChatApi:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def total(self) -> int:
        with self.lock:
            return len(self.arrivals)
