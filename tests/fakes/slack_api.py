"""A local stand-in for Slack's Web API and response URLs: a threaded HTTP server that records every call.

Point SLACK_API_URL (or a WebClient's base_url) at `fake.api_url`; give slash commands and buttons
`fake.response_url(n)`. Answers have Slack's shapes; `fake.rate_limit_once("chat.postMessage", 1)` makes
the next call to that method get HTTP 429 with Retry-After. `fake.add_file(...)` keeps a file and returns
its Slack file object; its `url_private_download` serves the bytes to the bot token only (anyone else gets
Slack's sign-in page, as HTML), recorded as "files.download".
"""
from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes import block_kit, serving_thread

BOT_USER_ID = "UBOT0CRM"
TEAM_ID = "T0TEAM"
BOT_TOKEN = "xoxb-test"
MESSAGE_METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update", "response"})
VIEW_METHODS = frozenset({"views.open", "views.push", "views.update", "views.publish"})


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response" for a response_url post
    args: dict[str, Any]
    path: str
    at: float = field(default_factory=time.monotonic)
    status: int = 200
    error: str | None = None  # what real Slack would have refused it with (see block_kit.py)


def _decoded(args: dict[str, Any]) -> dict[str, Any]:
    """WebClient sends blocks and views as JSON strings in form posts: decode them."""
    for name in ("blocks", "view", "attachments"):
        if isinstance(args.get(name), str):
            try:
                args[name] = json.loads(args[name])
            except ValueError:
                pass
    return args


class FakeSlackApi:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.lock = threading.Condition()
        self.limited: dict[str, list[float]] = defaultdict(list)
        self.delays: dict[str, float] = {}
        self.socket_url: str | None = None  # what apps.connections.open answers (Socket Mode)
        self.files: dict[str, dict[str, Any]] = {}  # file id -> {"object": Slack's file object, "data": bytes}
        self._ts = itertools.count(1)
        self.rejected: list[Call] = []  # calls real Slack refuses (invalid Block Kit, too long): tests fail on any
        self.outside: set[str] = set()  # channels the bot is not a member of: posting there is not_in_channel
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path.startswith("/files-pri/"):
                    self._download(parts.path)
                    return
                self._answer(parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()})

            def _download(self, path: str) -> None:
                status, content_type, data = api.download(path, self.headers.get("Authorization") or "")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:
                    self.close_connection = True
                    return  # the sender died mid-request: Slack never sees a cut-off call
                parts = urlsplit(self.path)
                if parts.path.startswith("/upload/"):  # files_upload_v2's step 2: the file's bytes
                    self._answer(parts.path, {"content": body})
                    return
                raw = body.decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = {k: v[-1] for k, v in parse_qs(raw).items()}
                args.update({k: v[-1] for k, v in parse_qs(parts.query).items()})
                self._answer(parts.path, _decoded(args))

            def _answer(self, path: str, args: dict[str, Any]) -> None:
                status, headers, body = api.handle(path, args)
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json; charset=utf-8", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.api_url = self.base + "/api/"
        self.thread = serving_thread(self.server)

    # ---- lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> FakeSlackApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ---- set-up ----------------------------------------------------------------------------------
    def add_user(self, user_id: str, name: str, email: str | None = None, tz: str = "Europe/Berlin",
                 **flags: Any) -> None:
        self.users[user_id] = {"id": user_id, "team_id": TEAM_ID, "name": name.split()[0].lower(), "real_name": name,
                               "tz": tz, "deleted": False, "is_bot": False, "is_restricted": False,
                               "is_ultra_restricted": False, **flags,
                               "profile": {"real_name": name, "display_name": name.split()[0],
                                           **({"email": email} if email else {})}}

    def add_file(self, file_id: str, name: str, data: bytes, mimetype: str = "application/pdf", *,
                 size: int | None = None, check_file_info: bool = False) -> dict[str, Any]:
        """A file an agent shared: its Slack file object (as in a message event's `files`). `size` may claim
        more than `data` holds (a big file without the bytes); `check_file_info` leaves the URLs out of the
        event's copy, as Slack does for some shares, so the app must ask files.info."""
        url = f"{self.base}/files-pri/{TEAM_ID}-{file_id}/download/{name}"
        obj = {"id": file_id, "name": name, "title": name, "mimetype": mimetype, "filetype": name.rsplit(".", 1)[-1],
               "size": len(data) if size is None else size, "mode": "hosted", "is_external": False,
               "url_private": url.replace("/download/", "/"), "url_private_download": url}
        self.files[file_id] = {"object": obj, "data": data}
        if check_file_info:
            return {"id": file_id, "mode": "hidden_by_limit", "file_access": "check_file_info"}
        return obj

    def download(self, path: str, authorization: str) -> tuple[int, str, bytes]:
        file_id = path.split("/")[2].removeprefix(f"{TEAM_ID}-")
        with self.lock:
            self.calls.append(Call("files.download", {"file": file_id, "authorization": authorization}, path))
            self.lock.notify_all()
        if authorization != f"Bearer {BOT_TOKEN}":
            return 200, "text/html; charset=utf-8", b"<!DOCTYPE html><html><title>Sign in | Slack</title></html>"
        found = self.files.get(file_id)
        if found is None:
            return 404, "text/plain", b"Not Found"
        return 200, found["object"]["mimetype"], found["data"]

    def rate_limit_once(self, method: str, retry_after: float = 1) -> None:
        with self.lock:
            self.limited[method].append(retry_after)

    def slow(self, method: str, seconds: float) -> None:
        """Answer `method` only after `seconds` (a slow Slack)."""
        self.delays[method] = seconds

    def response_url(self, name: str | int) -> str:
        return f"{self.base}/response/{name}"

    # ---- answers ---------------------------------------------------------------------------------
    def handle(self, path: str, args: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        method = "response" if path.startswith("/response/") else \
            "upload" if path.startswith("/upload/") else path.rsplit("/", 1)[-1]
        with self.lock:
            retry = self.limited[method].pop(0) if self.limited[method] else None
            call = Call(method, args, path, status=429 if retry is not None else 200)
            self.calls.append(call)
            self.lock.notify_all()
        if method in self.delays:
            time.sleep(self.delays[method])
        if retry is not None:
            return 429, {"Retry-After": f"{retry:g}"}, {"ok": False, "error": "ratelimited"}
        refused = self._refusal(method, args)
        if refused is not None:
            with self.lock:
                call.error = f"{refused.error}: {refused.detail}"
                self.rejected.append(call)
                self.lock.notify_all()
            if method == "response":  # response_url answers a plain-text error
                return 400, {"Content-Type": "text/plain"}, refused.error.encode()
            return 200, {}, {"ok": False, "error": refused.error, "errors": [refused.detail]}
        if method == "response":
            return 200, {"Content-Type": "text/plain"}, b"ok"
        if method == "upload":
            return 200, {"Content-Type": "text/plain"}, f"OK - {len(args.get('content', b''))}".encode()
        return 200, {}, self.answer(method, args)

    @staticmethod
    def _refusal(method: str, args: dict[str, Any]) -> block_kit.Invalid | None:
        try:
            if method in MESSAGE_METHODS:
                block_kit.check_message(args)
            elif method in VIEW_METHODS:
                view = args.get("view")
                block_kit.check_view(view if isinstance(view, dict) else {})
        except block_kit.Invalid as invalid:
            return invalid
        return None

    def _next_ts(self) -> str:
        n = next(self._ts)
        return f"{1_700_000_000 + n}.{n:06d}"

    def answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://crm-test.slack.com/", "team": "CRM Test", "user": "crm",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": "B0CRM", "is_enterprise_install": False}
        if method == "users.info":
            user = self.users.get(args.get("user", ""))
            if user and str(args.get("include_locale", "")).lower() not in ("1", "true"):
                user = {k: v for k, v in user.items() if k != "locale"}  # Slack sends it only when asked
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method in ("chat.postMessage", "chat.postEphemeral") and args.get("channel") in self.outside:
            return {"ok": False, "error": "not_in_channel"}
        if method == "chat.postMessage":
            ts = self._next_ts()
            return {"ok": True, "channel": args.get("channel"), "ts": ts,
                    "message": {"type": "message", "text": args.get("text"), "ts": ts, "bot_id": "B0CRM"}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method in ("views.publish", "views.open", "views.update"):
            return {"ok": True, "view": {"id": "V0VIEW", **(args.get("view") or {})}}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url} if self.socket_url else {"ok": False, "error": "invalid_auth"}
        if method == "chat.getPermalink":
            return {"ok": True, "channel": args.get("channel"),
                    "permalink": f"https://crm-test.slack.com/archives/{args.get('channel')}/p{args.get('message_ts', '').replace('.', '')}"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "X"))[1:]}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):08d}"
            return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title"),
                                           "channels": [args.get("channel_id")]} for f in files]}
        if method == "files.info":
            found = self.files.get(args.get("file", ""))
            return {"ok": True, "file": found["object"]} if found else {"ok": False, "error": "file_not_found"}
        if method == "conversations.info":
            return {"ok": True, "channel": {"id": args.get("channel"), "is_member": True}}
        return {"ok": True}

    # ---- assertions ------------------------------------------------------------------------------
    def of(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method and c.status == 200 and not c.error]

    def refusals(self) -> list[str]:
        """What real Slack would have refused so far: `method: error: detail` each."""
        with self.lock:
            return [f"{c.method}: {c.error}" for c in self.rejected]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Block until `count` successful calls of `method` have arrived (replies come after the ack)."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                found = [c for c in self.calls if c.method == method and c.status == 200 and not c.error]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{count} x {method} expected; got {[c.method for c in self.calls]}"
                                         + (f"; Slack refused {self.refusals()}" if self.rejected else ""))
                self.lock.wait(left)

    def uploads(self) -> list[bytes]:
        """The bytes of every file uploaded (files_upload_v2's upload step), in order."""
        return [c.args["content"] for c in self.of("upload")]

    def quiet(self, seconds: float = 0.5) -> list[Call]:
        """Wait until no call has arrived for `seconds`; every call so far."""
        while True:
            with self.lock:
                count = len(self.calls)
            time.sleep(seconds)
            with self.lock:
                if len(self.calls) == count:
                    return list(self.calls)

    def clear(self) -> None:
        with self.lock:
            self.calls.clear()

    def assert_all_valid(self) -> None:
        assert not self.rejected, f"real Slack would refuse: {self.refusals()}"
