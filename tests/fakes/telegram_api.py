"""A local Telegram Bot API for tests and benches: the real JSON shapes, every call recorded.

Point TELEGRAM_API_URL at `api.url` ("http://127.0.0.1:<port>/bot"). It answers getMe (with
`is_bot`), getUpdates (long polling: the request is held until an update arrives or its `timeout`
passes; `offset` confirms), sendMessage (Telegram's checks: text length, HTML entities, button
data), answerCallbackQuery, editMessageText and editMessageReplyMarkup (the same checks, and "message is
not modified" when nothing would change, as Telegram answers), setMyCommands, setWebhook, deleteWebhook,
getWebhookInfo, getFile, sendChatAction, sendPhoto and sendDocument (multipart, the file's bytes
kept). Dates are in seconds; callback queries carry `chat_instance`. Tests push updates with
`message`, `command`, `contact`, `photo`, `document` and `press`, and script failures with
`fail_next` (403 blocked, 400 chat not found, 429 retry_after).
"""
from __future__ import annotations

import html
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from tests.fakes import serving_thread

TOKEN = "123456789:AAE-test-token_for_the_fake-api"
STRING_FIELDS = frozenset({"text", "caption", "callback_query_id", "url", "secret_token", "parse_mode", "file_id"})
# core.telegram.org/bots/api#formatting-options: only these named entities; every other `&`, `<`, `>` that is
# not part of a tag or an entity must be escaped. sendMessage text: 1-4096 characters after entities parsing;
# captions: 0-1024 after parsing; callback_data: 1-64 bytes; answerCallbackQuery text: 0-200 characters.
# An inline keyboard holds at most 100 buttons (REPLY_MARKUP_TOO_LONG past that).
TEXT_MAX, CAPTION_MAX, CALLBACK_DATA_MAX, ALERT_MAX, KEYBOARD_MAX = 4096, 1024, 64, 200, 100
_BARE_AMP = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")
_BARE_LT = re.compile(r"<(?![a-zA-Z/])")
HTML_TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                       "tg-spoiler", "span", "blockquote", "tg-emoji"})


@dataclass(frozen=True)
class TgUser:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str = "en"

    def to_dict(self) -> dict[str, Any]:
        user = {"id": self.id, "is_bot": False, "first_name": self.first_name, "language_code": self.language_code}
        user.update({k: v for k, v in (("last_name", self.last_name), ("username", self.username)) if v})
        return user

    def chat(self) -> dict[str, Any]:
        chat = {"id": self.id, "type": "private", "first_name": self.first_name}
        chat.update({k: v for k, v in (("last_name", self.last_name), ("username", self.username)) if v})
        return chat


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


class _CheckHtml(HTMLParser):
    """Telegram refuses unknown tags and unbalanced ones ("can't parse entities")."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in HTML_TAGS:
            self.error = self.error or f"Unsupported start tag \"{tag}\""
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.error = self.error or f"Can't find end tag corresponding to start tag \"{tag}\""


class Refused(Exception):
    """What Telegram answers "Bad Request: <description>" to."""

    def __init__(self, description: str):
        super().__init__(description)
        self.description = description


def parsed(text: str, parse_mode: Any) -> str:
    """The text as Telegram shows it: HTML checked as Telegram checks it, tags and entities resolved."""
    if parse_mode != "HTML":
        return text
    checker = _CheckHtml()
    checker.feed(text)
    checker.close()
    bare = _BARE_AMP.search(text) or _BARE_LT.search(text)
    if checker.error or checker.open or bare:
        why = checker.error or (f"unexpected {bare.group(0)!r} at {bare.start()}" if bare else "unclosed tag")
        raise Refused(f"can't parse entities: {why}")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def check_markup(markup: dict[str, Any]) -> None:
    """Inline keyboards: each button has text and 1-64 bytes of callback_data, at most 100 buttons;
    reply keyboards: each button has text."""
    inline = markup.get("inline_keyboard") or []
    if sum(len(row) for row in inline) > KEYBOARD_MAX:
        raise Refused("REPLY_MARKUP_TOO_LONG")
    for row in [*inline, *(markup.get("keyboard") or [])]:
        for button in row:
            label = button if isinstance(button, str) else button.get("text")
            if not isinstance(label, str) or not label.strip():
                raise Refused("BUTTON_TEXT_EMPTY")
            if isinstance(button, dict) and "callback_data" in button \
                    and not 1 <= len(str(button["callback_data"]).encode()) <= CALLBACK_DATA_MAX:
                raise Refused("BUTTON_DATA_INVALID")


def check_message(text: str, parse_mode: Any = "HTML", markup: dict[str, Any] | None = None) -> None:
    """sendMessage's checks: entities, 1-4096 characters after parsing, the keyboard."""
    shown = parsed(text, parse_mode)
    if not shown.strip():
        raise Refused("message text is empty")
    if len(shown) > TEXT_MAX:
        raise Refused("message is too long")
    check_markup(markup or {})


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the bot opens many connections at once; the default backlog of 5 resets some

    def handle_error(self, request, client_address) -> None:
        pass  # a long poll the bot gave up on (it stopped): the connection is gone, as expected


class FakeTelegramApi:
    def __init__(self, token: str = TOKEN, bot_username: str = "crm_test_bot"):
        self.token, self.bot_username = token, bot_username
        self.bot = {"id": int(token.split(":")[0]), "is_bot": True, "first_name": "CRM Test Bot",
                    "username": bot_username, "can_join_groups": True, "can_read_all_group_messages": False,
                    "supports_inline_queries": False, "can_connect_to_business": False, "has_main_web_app": False}
        self.calls: list[Call] = []
        self.messages: dict[int, dict[str, Any]] = {}  # message_id -> the bot's messages as sent
        self._sources: dict[int, tuple[str, Any]] = {}  # message_id -> its text as sent, with its parse_mode
        self.webhook: dict[str, Any] | None = None
        self.rejected: list[tuple[str, str]] = []  # (method, why) real Telegram refused: tests fail on any
        self._updates: list[dict[str, Any]] = []
        self._failures: list[tuple[str, int | None, ApiError]] = []
        self._update_ids = itertools.count(500_000_001)
        self._ids = itertools.count(1)
        self._changed = threading.Condition()
        self._closing = False
        self.server = _QuietServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/bot"
        self._thread = serving_thread(self.server)

    # -- life ----------------------------------------------------------------------------------
    def __enter__(self) -> FakeTelegramApi:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self.server.shutdown()
        self.server.server_close()

    # -- updates a test pushes ------------------------------------------------------------------
    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update (one without an update_id gets the next); returns it."""
        update.setdefault("update_id", next(self._update_ids))
        with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return update

    def build_message(self, user: TgUser, **content: Any) -> dict[str, Any]:
        message = {"message_id": next(self._ids), "from": user.to_dict(), "chat": user.chat(),
                   "date": int(time.time()), **content}
        return {"update_id": next(self._update_ids), "message": message}

    def message(self, user: TgUser, text: str) -> dict[str, Any]:
        return self.push(self.build_message(user, text=text))

    def command(self, user: TgUser, command: str, argument: str = "") -> dict[str, Any]:
        text = f"/{command}" + (f" {argument}" if argument else "")
        entity = {"offset": 0, "length": len(command) + 1, "type": "bot_command"}
        return self.push(self.build_message(user, text=text, entities=[entity]))

    def contact(self, user: TgUser, phone: str, contact_user_id: int | None = None) -> dict[str, Any]:
        shared = {"phone_number": phone, "first_name": user.first_name,
                  "user_id": user.id if contact_user_id is None else contact_user_id}
        return self.push(self.build_message(user, contact=shared))

    def photo(self, user: TgUser, caption: str | None = None, size: int = 48_213) -> dict[str, Any]:
        unique = f"AQAD{next(self._ids)}"
        sizes = [{"file_id": f"AgACAgIAAxk-{unique}-{w}", "file_unique_id": f"{unique}{w}", "width": w,
                  "height": w * 3 // 4, "file_size": size * w // 1280} for w in (90, 320, 1280)]
        content: dict[str, Any] = {"photo": sizes}
        if caption:
            content["caption"] = caption
        return self.push(self.build_message(user, **content))

    def document(self, user: TgUser, name: str, size: int, caption: str | None = None,
                 mime_type: str = "application/pdf") -> dict[str, Any]:
        unique = f"AgAD{next(self._ids)}"
        content: dict[str, Any] = {"document": {"file_id": f"BQACAgIAAxk-{unique}", "file_unique_id": unique,
                                                "file_name": name, "mime_type": mime_type, "file_size": size}}
        if caption:
            content["caption"] = caption
        return self.push(self.build_message(user, **content))

    def press(self, user: TgUser, data: str, message_id: int | None = None) -> dict[str, Any]:
        """A button press on one of the bot's messages (the last one sent to `user` by default)."""
        if message_id is None:
            message_id = max((m for m, sent in self.messages.items() if sent["chat"]["id"] == user.id), default=0)
        message = self.messages.get(message_id) or {
            "message_id": message_id, "from": self.bot, "chat": user.chat(), "date": int(time.time()), "text": "?"}
        query = {"id": str(4_000_000_000 + next(self._ids)), "from": user.to_dict(), "message": message,
                 "chat_instance": f"-{7_000_000_000_000_000 + user.id}", "data": data}
        return self.push({"update_id": next(self._update_ids), "callback_query": query})

    # -- what the bot did -----------------------------------------------------------------------
    def fail_next(self, method: str, code: int, description: str, chat_id: int | None = None,
                  retry_after: int | None = None) -> None:
        with self._changed:
            self._failures.append((method, chat_id, ApiError(code, description, retry_after)))

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        with self._changed:
            return [call.params for call in self.calls if call.method == method]

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        return [p for p in self.calls_to("sendMessage") if chat_id is None or p.get("chat_id") == chat_id]

    def photos(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """sendPhoto calls (to `chat_id`): their `photo` is {filename, mime_type, content}."""
        return [p for p in self.calls_to("sendPhoto") if chat_id is None or int(p.get("chat_id", 0)) == chat_id]

    def documents(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """sendDocument calls (to `chat_id`): their `document` is {filename, mime_type, content}."""
        return [p for p in self.calls_to("sendDocument") if chat_id is None or int(p.get("chat_id", 0)) == chat_id]

    def texts(self, chat_id: int | None = None) -> list[str]:
        return [p["text"] for p in self.sent(chat_id)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0, chat_id: int | None = None,
                 after: int = 0) -> list[dict[str, Any]]:
        """The calls to `method` (to `chat_id`) once there are `after + count` of them; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c.params for c in self.calls if c.method == method
                         and (chat_id is None or c.params.get("chat_id") == chat_id)]
                if len(found) >= after + count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(found)} {method} calls after {timeout} s, wanted {after + count}: "
                                         f"{found!r}")
                self._changed.wait(left)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Until the bot has fetched every pushed update (and confirmed it with a later offset)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._updates:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"updates not fetched: {self._updates!r}")
                self._changed.wait(left)

    # -- the server -----------------------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                api._serve(self)

            do_GET = do_POST

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path.split("?", 1)[0]
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        if len(raw) < length:
            request.close_connection = True
            return  # the sender died mid-request (kill -9): Telegram never sees a cut-off call
        match = re.fullmatch(r"/bot(?P<token>[^/]+)/(?P<method>\w+)", path)
        try:
            if match is None:
                raise ApiError(404, "Not Found")
            if match["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            params = _params(raw, request.headers.get("Content-Type", ""))
            result = self._call(match["method"], params)
            status, answer = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status, answer = exc.code, {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.retry_after is not None:
                answer["parameters"] = {"retry_after": exc.retry_after}
        body = json.dumps(answer).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def _call(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getUpdates":
            return self._get_updates(params)
        started = time.monotonic()
        try:
            with self._changed:
                failure = next((f for f in self._failures if f[0] == method
                                and f[1] in (None, params.get("chat_id"))), None)
                if failure is not None:
                    self._failures.remove(failure)
                    raise failure[2]
            handler = getattr(self, f"_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            return handler(params)
        finally:  # seen by waiters only once done: a test that waited for an edit reads the message edited
            with self._changed:
                self.calls.append(Call(method, params, at=started))
                self._changed.notify_all()

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset, timeout = int(params.get("offset") or 0), float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self._changed:
            self.calls.append(Call("getUpdates", params))
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                self._changed.notify_all()
            while not self._updates and not self._closing and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())
            return [u for u in self._updates if u["update_id"] >= offset][:limit]

    def _getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot

    def _refuse(self, method: str, description: str) -> ApiError:
        with self._changed:
            self.rejected.append((method, description))
        return ApiError(400, f"Bad Request: {description}")

    def _parsed(self, method: str, text: str, parse_mode: Any) -> str:
        try:
            return parsed(text, parse_mode)
        except Refused as refused:
            raise self._refuse(method, refused.description) from None

    def _check_markup(self, method: str, markup: dict[str, Any]) -> None:
        try:
            check_markup(markup)
        except Refused as refused:
            raise self._refuse(method, refused.description) from None

    def _check_caption(self, method: str, params: dict[str, Any]) -> None:
        caption = self._parsed(method, str(params.get("caption") or ""), params.get("parse_mode"))
        if len(caption) > CAPTION_MAX:
            raise self._refuse(method, "message caption is too long")

    def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        text = self._parsed("sendMessage", str(params.get("text") or ""), params.get("parse_mode"))
        if not text.strip():
            raise self._refuse("sendMessage", "message text is empty")
        if len(text) > TEXT_MAX:
            raise self._refuse("sendMessage", "message is too long")
        markup = params.get("reply_markup") or {}
        self._check_markup("sendMessage", markup)
        if "chat_id" not in params:
            raise self._refuse("sendMessage", "chat_id is empty")
        chat_id = params["chat_id"]
        message = {"message_id": next(self._ids), "from": self.bot,
                   "chat": {"id": chat_id, "type": "private", "first_name": "Customer"},
                   "date": int(time.time()), "text": text}
        if "inline_keyboard" in markup:
            message["reply_markup"] = markup
        with self._changed:
            self.messages[message["message_id"]] = message
            self._sources[message["message_id"]] = (str(params.get("text")), params.get("parse_mode"))
        return message

    def _sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        photo = params.get("photo")
        if not isinstance(photo, dict) or not photo.get("content"):
            raise ApiError(400, "Bad Request: there is no photo in the request")
        self._check_caption("sendPhoto", params)
        chat_id = int(params["chat_id"])
        unique = f"AQAD{next(self._ids)}"
        message = {"message_id": next(self._ids), "from": self.bot,
                   "chat": {"id": chat_id, "type": "private", "first_name": "Customer"}, "date": int(time.time()),
                   "photo": [{"file_id": f"AgACAgIAAxk-{unique}", "file_unique_id": unique, "width": 1000,
                              "height": 400, "file_size": len(photo["content"])}]}
        if params.get("caption"):
            message["caption"] = params["caption"]
        with self._changed:
            self.messages[message["message_id"]] = message
        return message

    def _sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        document = params.get("document")
        if not isinstance(document, dict) or not document.get("content"):
            raise ApiError(400, "Bad Request: there is no document in the request")
        if len(document["content"]) > 50 * 1024 * 1024:
            raise ApiError(413, "Request Entity Too Large")
        self._check_caption("sendDocument", params)
        chat_id, unique = int(params["chat_id"]), f"AgAD{next(self._ids)}"
        message = {"message_id": next(self._ids), "from": self.bot,
                   "chat": {"id": chat_id, "type": "private", "first_name": "Customer"}, "date": int(time.time()),
                   "document": {"file_id": f"BQACAgIAAxk-{unique}", "file_unique_id": unique,
                                "file_name": document["filename"], "mime_type": document["mime_type"],
                                "file_size": len(document["content"])}}
        if params.get("caption"):
            message["caption"] = params["caption"]
        with self._changed:
            self.messages[message["message_id"]] = message
        return message

    def _editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._to_edit("editMessageReplyMarkup", params)
        return self._edited("editMessageReplyMarkup", message, params.get("reply_markup") or {})

    def _editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._to_edit("editMessageText", params)
        raw = str(params.get("text") or "")
        text = self._parsed("editMessageText", raw, params.get("parse_mode"))
        if not text.strip():
            raise self._refuse("editMessageText", "message text is empty")
        if len(text) > TEXT_MAX:
            raise self._refuse("editMessageText", "MESSAGE_TOO_LONG")
        if "text" not in message:
            raise self._refuse("editMessageText", "there is no text in the message to edit")
        return self._edited("editMessageText", {**message, "text": text}, params.get("reply_markup") or {},
                            (raw, params.get("parse_mode")))

    def _to_edit(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        message = self.messages.get(params.get("message_id"))
        if message is None or str(message["chat"]["id"]) != str(params.get("chat_id")):
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _edited(self, method: str, message: dict[str, Any], markup: dict[str, Any],
                source: tuple[str, Any] | None = None) -> dict[str, Any]:
        """Store the edit; Telegram refuses one that changes neither the text (with its entities) nor the buttons."""
        self._check_markup(method, markup)
        key = message["message_id"]
        before, source_before = self.messages[key], self._sources.get(key)
        if (source is None or source == source_before) and (markup.get("inline_keyboard") and markup or None) \
                == before.get("reply_markup"):
            raise self._refuse(method, "message is not modified: specified new message content and reply markup "
                               "are exactly the same as a current content and reply markup of the message")
        message = {**message, "edit_date": int(time.time())}
        message.pop("reply_markup", None)
        if markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        with self._changed:
            self.messages[key] = message
            self._sources[key] = source or source_before
        return message

    def _getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params["file_id"])
        return {"file_id": file_id, "file_unique_id": file_id[-12:], "file_size": 1024,
                "file_path": f"documents/{file_id[-12:]}.bin"}

    def _setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = params
        return True

    def _deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    def _getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    def _answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        if len(str(params.get("text") or "")) > ALERT_MAX:
            raise self._refuse("answerCallbackQuery", "MESSAGE_TOO_LONG")
        return True

    def _setMyCommands(self, params: dict[str, Any]) -> bool:
        return True

    def _sendChatAction(self, params: dict[str, Any]) -> bool:
        return True


def _params(raw: bytes, content_type: str) -> dict[str, Any]:
    """A method's parameters: a JSON body, or a form whose values are JSON-encoded (as PTB sends them)."""
    if not raw:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(raw)
    if content_type.startswith("multipart/form-data"):
        return _multipart(raw, content_type)
    if not content_type.startswith("application/x-www-form-urlencoded"):
        raise ApiError(400, f"Bad Request: unsupported content type {content_type!r}")
    params: dict[str, Any] = {}
    for key, values in parse_qs(raw.decode(), keep_blank_values=True).items():
        value = values[-1]
        if key in STRING_FIELDS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def _multipart(raw: bytes, content_type: str) -> dict[str, Any]:
    """A multipart form (sendPhoto, sendDocument): fields as in a form, files as {filename, mime_type, content}."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name, filename = part.get_param("name", header="content-disposition"), part.get_filename()
        content = part.get_payload(decode=True) or b""
        if filename is not None:
            params[name] = {"filename": filename, "mime_type": part.get_content_type(), "content": content}
        else:
            params[name] = content.decode()
    return params


def post_update(url: str, update: dict[str, Any], secret: str | None) -> int:
    """POST an update to a webhook as Telegram does; the HTTP status."""
    import urllib.error
    import urllib.request

    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, data=json.dumps(update).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except urllib.error.URLError:
        return 0  # nothing listening (yet)
