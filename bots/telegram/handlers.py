"""PTB callbacks: read the update, run its flow in a thread, send the replies. Private chats only.

Updates are processed concurrently across chats and one at a time within a chat (a per-chat lock), so
a customer's quick second message always finds the ticket their first one opened. An update that could
not be stored (the database is down) gets no answer and is not acknowledged: it comes again (inbox.py).
"""
from __future__ import annotations

import asyncio
import functools
import logging
import uuid
import weakref
from collections.abc import Awaitable, Callable

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut
from telegram.ext import (
    Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters,
)

from bots.telegram import flows, paging
from bots.telegram.inbox import UNAVAILABLE, NotStored, held_back, mark_not_stored
from bots.telegram.flows import Profile
from bots.telegram.render import Reply
from crm_core import i18n
from crm_core.i18n import _

log = logging.getLogger(__name__)

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
NETWORK_RETRY_DELAYS = (0.5, 2.0)
_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()


def register(app: Application) -> None:
    app.add_handler(CommandHandler("start", on_start, filters=PRIVATE))
    app.add_handler(CommandHandler("new", on_new, filters=PRIVATE))
    app.add_handler(CommandHandler("status", on_status, filters=PRIVATE))
    app.add_handler(CommandHandler("help", on_help, filters=PRIVATE))
    app.add_handler(CommandHandler("stop", on_stop, filters=PRIVATE))
    app.add_handler(CommandHandler("subscribe", on_subscribe, filters=PRIVATE))
    app.add_handler(MessageHandler(PRIVATE & filters.CONTACT, on_contact))
    app.add_handler(MessageHandler(PRIVATE & ((filters.TEXT & ~filters.COMMAND) | filters.PHOTO
                                              | filters.Document.ALL), on_message))
    app.add_handler(MessageHandler(PRIVATE & ~filters.COMMAND, on_other))
    app.add_handler(CallbackQueryHandler(paging.on_page, pattern=paging.PATTERN))  # before on_button
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_error_handler(on_error)


def one_chat_at_a_time(callback: Callback) -> Callback:
    @functools.wraps(callback)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id if update.effective_chat else 0
        lock = _locks.get(chat_id)
        if lock is None:
            lock = _locks[chat_id] = asyncio.Lock()
        async with lock:
            if held_back(context.application, update):  # an earlier message of this chat is not stored yet
                mark_not_stored(context.application, update)
                return
            try:
                await callback(update, context)
            except (NotStored, *UNAVAILABLE) as exc:  # not acknowledged: Telegram delivers it again
                log.warning("Telegram update %s not stored (%s); it will come again", update.update_id, exc)
                mark_not_stored(context.application, update)
    return wrapper


def profile(update: Update) -> Profile:
    user, chat = update.effective_user, update.effective_chat
    return Profile(telegram_user_id=user.id, chat_id=chat.id, first_name=user.first_name or "",
                   last_name=user.last_name, username=user.username, update_id=update.update_id,
                   language_code=user.language_code)


async def send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, replies: list[Reply]) -> None:
    """Send the replies in order; a dropped connection is tried again (a time-out is not: the message
    may have arrived; nor is a bad request). Flood control (RetryAfter) is the rate limiter's to honour."""
    for reply in replies:
        for delay in (*NETWORK_RETRY_DELAYS, None):
            try:
                await context.bot.send_message(chat_id, reply.text, parse_mode=ParseMode.HTML,
                                               reply_markup=reply.markup)
                break
            except NetworkError as exc:
                if delay is None or isinstance(exc, (TimedOut, BadRequest)):
                    raise
                log.warning("sending to chat %s failed (%s); again in %.1f s", chat_id, exc, delay)
                await asyncio.sleep(delay)
        if reply.photo is not None:  # a report's chart, once its table is sent
            await context.bot.send_photo(chat_id, reply.photo, filename="chart.png")


def _after_command(message: Message) -> str:
    """The text after the leading /command (newlines kept)."""
    entity = next((e for e in message.entities if e.type == "bot_command" and e.offset == 0), None)
    return (message.text or "")[entity.length if entity else 0:].strip()


@one_chat_at_a_time
async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    code = context.args[0] if context.args else ""
    await send(context, update.effective_chat.id, await asyncio.to_thread(flows.start, profile(update), code))


@one_chat_at_a_time
async def on_new(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    replies = await asyncio.to_thread(flows.message, profile(update), _after_command(message),
                                      message_id=message.message_id, new_ticket=True)
    await send(context, update.effective_chat.id, replies)


@one_chat_at_a_time
async def on_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(context, update.effective_chat.id, await asyncio.to_thread(flows.status, profile(update)))


@one_chat_at_a_time
async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(context, update.effective_chat.id, await asyncio.to_thread(flows.help_, profile(update)))


@one_chat_at_a_time
async def on_stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replies = await asyncio.to_thread(flows.outreach_opt_in, profile(update), False)
    await send(context, update.effective_chat.id, replies)


@one_chat_at_a_time
async def on_subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replies = await asyncio.to_thread(flows.outreach_opt_in, profile(update), True)
    await send(context, update.effective_chat.id, replies)


@one_chat_at_a_time
async def on_contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    shared = update.effective_message.contact
    replies = await asyncio.to_thread(flows.contact, profile(update), shared.phone_number, shared.user_id)
    await send(context, update.effective_chat.id, replies)


@one_chat_at_a_time
async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    replies = await asyncio.to_thread(flows.message, profile(update), message.text or message.caption or "",
                                      attachments(message), message.message_id)
    await send(context, update.effective_chat.id, replies)


def attachments(message: Message) -> tuple[dict, ...]:
    found = []
    if message.photo:
        largest = message.photo[-1]
        found.append({"file_id": largest.file_id, "name": f"photo-{largest.file_unique_id}.jpg",
                      "size": largest.file_size, "kind": "photo"})
    if message.document:
        document = message.document
        found.append({"file_id": document.file_id, "name": document.file_name or "document",
                      "size": document.file_size, "kind": "document"})
    return tuple(found)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    code = update.effective_user.language_code if update.effective_user else None
    with i18n.speaking(i18n.language_for(None, "", code)):
        said = _("I can take text, photos and documents.")
    await send(context, update.effective_chat.id, [Reply(said)])


@one_chat_at_a_time
async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if update.effective_chat is None or update.effective_chat.type != "private":
        await query.answer()
        return
    answer = await asyncio.to_thread(flows.button, profile(update), query.data or "")
    await query.answer(answer.toast)
    if answer.clear_buttons and getattr(query.message, "reply_markup", None) is not None:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except BadRequest as exc:  # two quick taps: the first one's edit got there first
            if "message is not modified" not in str(exc).lower():
                raise
    await send(context, update.effective_chat.id, answer.replies)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log it with a reference; tell the chat (unless the chat is what failed)."""
    reference = uuid.uuid4().hex[:8]
    log.error("Telegram update failed (ref %s): %r", reference, update, exc_info=context.error)
    if isinstance(context.error, Forbidden) or not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, "Something went wrong on our side "
                                       f"(reference {reference}). Please try again in a moment.")
    except Exception:  # noqa: BLE001 - the error handler must not raise
        log.warning("could not tell chat %s about error %s", update.effective_chat.id, reference, exc_info=True)
