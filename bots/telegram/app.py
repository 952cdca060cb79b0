"""The PTB Application: built from settings, run by long polling or by webhook (`crm telegram`).

On start it sets the command menu and stores the bot's username (deep links need it). Webhook mode
(TELEGRAM_WEBHOOK_URL) requires TELEGRAM_WEBHOOK_SECRET: Telegram sends it in every request's
X-Telegram-Bot-Api-Secret-Token header and PTB's webhook server answers 403 to a request without it.
An update is acknowledged to Telegram only once it is stored (inbox.py).
`BotThread` runs the same application inside another program (tests, benches, `crm run`).
"""
from __future__ import annotations

import asyncio
import logging
import re
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application
from telegram.request import HTTPXRequest

from bots.telegram import api, handlers, inbox
from crm_core.db import database
from crm_core.errors import ConfigError
from crm_core.services import business_hours, linking
from crm_core.settings import Settings

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
CONCURRENT_UPDATES = 64  # across chats; one chat's updates still run in order (handlers.one_chat_at_a_time)
POLL_TIMEOUT_SECONDS = 30
REQUEST_POOL_SIZE = 256  # PTB's default for the requests other than getUpdates
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass(frozen=True)
class Webhook:
    url: str
    secret: str
    listen: str = "0.0.0.0"
    port: int = 8443

    @property
    def path(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


def check(settings: Settings) -> None:
    """Refuse to start on settings that can't work, saying what to fix."""
    if not settings.telegram_bot_token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set.", hint="Get one from @BotFather and set it.")
    if settings.telegram_webhook_url and not _SECRET.match(settings.telegram_webhook_secret or ""):
        raise ConfigError("Webhook mode needs TELEGRAM_WEBHOOK_SECRET (1-256 of A-Z, a-z, 0-9, _ and -).",
                          hint="Set it, or unset TELEGRAM_WEBHOOK_URL to use long polling.")
    business_hours.parse(settings.business_hours, settings.timezone)


def build(settings: Settings, *, rate_limit: bool = True) -> Application:
    """The application; direct replies keep to 30 messages a second overall and honour RetryAfter
    (PTB's AIORateLimiter; `rate_limit=False` is for measuring what the bot could do without it)."""
    check(settings)
    inbox_ = inbox.Inbox()
    bot = inbox.StoringBot(token=settings.telegram_bot_token, base_url=api.base_url(settings.telegram_api_url),
                           base_file_url=api.file_base_url(settings.telegram_api_url),
                           request=HTTPXRequest(connection_pool_size=REQUEST_POOL_SIZE),
                           get_updates_request=HTTPXRequest(connection_pool_size=1),
                           rate_limiter=AIORateLimiter(max_retries=3) if rate_limit else None, inbox=inbox_)
    queue = inbox.StoringQueue(inbox_, wait_until_stored=bool(settings.telegram_webhook_url))
    app = (Application.builder().application_class(inbox.StoringApplication).bot(bot).update_queue(queue)
           .concurrent_updates(CONCURRENT_UPDATES).post_init(on_startup).build())
    handlers.register(app)
    return app


async def on_startup(app: Application) -> None:
    await app.bot.set_my_commands([BotCommand(name, description) for name, description in api.MENU])
    me = app.bot.bot
    await asyncio.to_thread(_remember, me.username, str(me.id))
    log.warning("Telegram bot @%s started", me.username)


def _remember(username: str, bot_id: str) -> None:
    with database.connection_context():
        linking.remember_bot("telegram", username, bot_id)


def webhook_for(settings: Settings, listen: str = "0.0.0.0", port: int = 8443) -> Webhook | None:
    if not settings.telegram_webhook_url:
        return None
    return Webhook(settings.telegram_webhook_url, settings.telegram_webhook_secret or "", listen, port)


def run(settings: Settings, *, listen: str = "0.0.0.0", port: int = 8443) -> None:
    """`crm telegram`: until SIGINT/SIGTERM."""
    app = build(settings)
    hook = webhook_for(settings, listen, port)
    if hook is None:
        app.run_polling(timeout=POLL_TIMEOUT_SECONDS, allowed_updates=ALLOWED_UPDATES)
    else:
        app.run_webhook(listen=hook.listen, port=hook.port, url_path=hook.path, webhook_url=hook.url,
                        secret_token=hook.secret, allowed_updates=ALLOWED_UPDATES)


class BotThread:
    """The application on its own thread and event loop, polling or on a webhook, until `stop()`."""

    def __init__(self, app: Application, webhook: Webhook | None = None, poll_timeout: float = POLL_TIMEOUT_SECONDS):
        self.app, self.webhook, self.poll_timeout = app, webhook, poll_timeout
        self._ready = threading.Event()
        self._failed: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="telegram-bot", daemon=True)

    def start(self, timeout: float = 15.0) -> BotThread:
        self._thread.start()
        if not self._ready.wait(timeout) or self._failed is not None:
            raise RuntimeError(f"the Telegram bot did not start: {self._failed!r}") from self._failed
        return self

    def stop(self, timeout: float = 15.0) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # noqa: BLE001 - reported to start()
            self._failed = exc
            self._ready.set()

    async def _serve(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        async with self.app:
            await on_startup(self.app)
            await self.app.start()
            updater = self.app.updater
            if self.webhook is None:
                await updater.start_polling(timeout=self.poll_timeout, allowed_updates=ALLOWED_UPDATES)
            else:
                await updater.start_webhook(listen=self.webhook.listen, port=self.webhook.port,
                                            url_path=self.webhook.path, webhook_url=self.webhook.url,
                                            secret_token=self.webhook.secret, allowed_updates=ALLOWED_UPDATES)
            self._ready.set()
            await self._stop.wait()
            await updater.stop()
            await self.app.stop()
