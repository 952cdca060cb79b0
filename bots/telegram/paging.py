"""Page buttons under a long list on Telegram (a rep's, and a customer's `/status`): More turns the page in place
(editMessageText on the message pressed; a refusal, or a message that can't be edited, comes as a new message), CSV
file the whole list as a document. The button's data (crm_core/paging.pack, at most 64 bytes) names the read-only
command again; registered before the other buttons' handler: CallbackQueryHandler(on_page, pattern=PATTERN)."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bots.telegram import flows, handlers, render
from crm_core import bus, i18n, paging
from crm_core.i18n import _, ngettext
from crm_core import commands as c
from crm_core import results as r
from crm_core.db import database
from crm_core.services import linking

log = logging.getLogger(__name__)

PATTERN = rf"^{paging.PACKED}\|"
NOT_MODIFIED = "message is not modified"
GONE = "This button doesn't work any more."


@dataclass(frozen=True)
class PageAnswer:
    toast: str | None = None
    reply: render.Reply | None = None
    document: tuple[str, bytes, str] | None = None  # file name, bytes, caption
    in_place: bool = False  # the reply is the next page of the list pressed: it replaces that message


def answer(telegram_profile: flows.Profile, data: str) -> PageAnswer:
    """What pressing the button shows the rep: the page, the CSV, or a toast saying why not."""
    with database.connection_context():
        user = flows._rep(telegram_profile)  # noqa: SLF001 - the same rep lookup as every other button
        unpacked = paging.unpack(data)
        if unpacked is None:
            return PageAnswer(toast=GONE)
        action, offset, command = unpacked
        if user is None:
            return _customer_page(telegram_profile, command, offset)
        with i18n.speaking(i18n.language_for(user.language, "", telegram_profile.language_code)):
            return _shown(bus.handle(command, user, channel="telegram"), action, offset)  # in the rep's language


def _customer_page(telegram_profile: flows.Profile, command: c.Command, offset: int) -> PageAnswer:
    """A customer's More under `/status`: their own tickets, whose they are said by the press, not the button."""
    if not isinstance(command, c.ShowOwnTickets):
        return PageAnswer(toast=GONE)
    own = c.ShowOwnTickets(**{**flows._fields(telegram_profile), "update_id": None})  # noqa: SLF001
    with i18n.speaking(linking.customer_language(own)):
        result = bus.handle(own, flows.gateway(), channel="telegram")
        shown = paging.page(result, offset) if paging.is_list(result) else result
        return PageAnswer(reply=render.customer(shown), in_place=True)


def _shown(result: r.Result, action: str, offset: int) -> PageAnswer:
    if not paging.is_list(result):  # refused now (e.g. the role changed)
        return PageAnswer(reply=render.rep(result))
    if action == "c":
        count, total = len(paging.rows(result)), paging.total(result)
        said = ngettext("The whole list: {n:,} row.", "The whole list: {n:,} rows.", count).format(n=count) \
            if count == total else _("The first {count:,} of {total:,} rows.").format(count=count, total=total)
        return PageAnswer(document=(paging.csv_name(result), paging.csv_text(result).encode("utf-8"), said))
    return PageAnswer(reply=render.rep(paging.page(result, offset)), in_place=True)


async def on_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if update.effective_chat is None or update.effective_chat.type != "private":
        await query.answer()
        return
    answered = await asyncio.to_thread(answer, handlers.profile(update), query.data or "")
    await query.answer(answered.toast)
    chat_id = update.effective_chat.id
    if answered.document is not None:
        name, data, caption = answered.document
        await context.bot.send_document(chat_id, document=data, filename=name, caption=caption)
    if answered.reply is not None and not (answered.in_place and await _turned(query, answered.reply)):
        await handlers.send(context, chat_id, [answered.reply])


async def _turned(query: CallbackQuery, page: render.Reply) -> bool:
    """Show `page` in the message whose button was pressed; False when that message can't take it."""
    markup = page.markup
    if query.message is None or not isinstance(query.message, Message) or \
            not (markup is None or isinstance(markup, InlineKeyboardMarkup)):
        return False
    try:
        await query.edit_message_text(page.text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        if NOT_MODIFIED in str(exc).lower():  # pressed twice: the page is already there
            return True
        log.warning("could not turn the page in place (%s); sending it instead", exc)
        return False
    return True
