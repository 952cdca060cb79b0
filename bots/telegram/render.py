"""Results as Telegram messages: HTML text and inline keyboards (customers' and reps' alike)."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date

from telegram import (
    InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove,
)

from bots import console
from bots.telegram import api
from crm_core import clock, paging, report_chart
from crm_core import results as r
from crm_core.digest import text as digest_text
from crm_core import i18n
from crm_core.i18n import _

TEXT_MAX = 4096
_TAG = re.compile(r"<(/?)([a-z][a-z-]*)[^>]*>")
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None
TABLES = (r.TopCustomers, r.Pipeline, r.TicketList, r.SegmentMembers, r.CustomerCard, r.HelpText, r.NotUnderstood,
          r.DealCard, r.TicketCard, r.ContactList, r.Table)


@dataclass(frozen=True)
class Reply:
    text: str  # Telegram HTML
    markup: Markup = None
    photo: bytes | None = None  # a report's chart (PNG), sent after the text (sendPhoto)


# -- customers ----------------------------------------------------------------------------------
def customer_help() -> str:
    return _("Write your question here and we'll answer in this chat.\n"
             "/new — start a new ticket\n/status — your tickets\n/stop — no more check-in messages\n"
             "/help — this message")


def share_phone() -> str:
    return _("Share my phone number")


def welcome(name: str | None) -> Reply:
    if name:
        return Reply(_("Hello {name}! Write your question here and we'll answer in this chat.\n"
                       "/status shows your tickets, /new starts a new one.").format(name=html.escape(name)))
    keyboard = ReplyKeyboardMarkup([[KeyboardButton(share_phone(), request_contact=True)]],
                                   resize_keyboard=True, one_time_keyboard=True)
    return Reply(_("Hello! Share your phone number with the button below so we can find your account, "
                   "or just write your question."), keyboard)


def customer(result: r.Result) -> Reply:
    """What a customer sees for a result of their own command (within Telegram's length, never empty)."""
    reply = _for_customer(result)
    return Reply(_fit(reply.text), reply.markup)


def _for_customer(result: r.Result) -> Reply:
    if isinstance(result, r.SupportReceived):
        return Reply(received(result))
    if isinstance(result, r.TelegramLinked):
        return Reply(_linked(result), ReplyKeyboardRemove())
    if isinstance(result, r.RepLinked):
        return Reply(_("Hi {name}! This Telegram account is now linked to your CRM user: tell me what happened or "
                       "what you need, in plain words (“help” for examples).").format(
                           name=_esc((result.name.split() or [""])[0])), ReplyKeyboardRemove())
    if isinstance(result, r.NewTicketNext):
        return Reply(_("OK: your next message opens a new ticket."))
    if isinstance(result, r.CustomerTicketList) or isinstance(getattr(result, "result", None), r.CustomerTicketList):
        return _status(paging.page(result) if isinstance(result, r.CustomerTicketList) else result)
    if isinstance(result, r.TicketRated):
        return Reply(rated(result))
    if isinstance(result, r.OutreachOptIn):
        return Reply(opt_in(result))
    if isinstance(result, r.Rejected):
        return Reply(_esc(result.message + (f" {result.hint}" if result.hint else "")))
    return Reply(_esc(getattr(result, "message", "Done.")))


def received(result: r.SupportReceived) -> str:
    text = _("Ticket #{number} received, we'll answer here.").format(number=result.ticket)
    if result.answer_from:
        opening = datetime.fromisoformat(result.answer_from)
        text += "\n" + _("We're outside our business hours ({hours}), so expect an answer {when}.").format(
            hours=_esc(result.hours or ""), when=_when(opening))
    return text


def _when(opening: datetime) -> str:
    today = clock.now(opening.tzinfo).date()
    days = (opening.date() - today).days
    if days == 0:
        return _("today from {time}").format(time=f"{opening:%H:%M}")
    if days == 1:
        return _("tomorrow from {time}").format(time=f"{opening:%H:%M}")
    weekday = format_date(opening, "EEEE", locale=i18n.format_locale() or "en")
    return _("on {weekday} from {time}").format(weekday=weekday, time=f"{opening:%H:%M}")


def _linked(result: r.TelegramLinked) -> str:
    name = _esc(result.name)
    return {
        "invite": _("Thanks, {name}: this chat is now linked to your account. Write your question here."),
        "phone": _("Thanks, {name}: we found your account. Write your question here."),
        "already": _("This chat is linked to {name} already. Write your question here."),
    }.get(result.how, _("Thanks! Write your question here and we'll answer in this chat.")).format(name=name)


def _status(shown: r.CustomerTicketList | r.Paged) -> Reply:
    """`/status`: a page of the customer's tickets, which of how many, and More (bots/telegram/paging.py)."""
    listed = shown.result if isinstance(shown, r.Paged) else shown
    if not listed.tickets and not isinstance(shown, r.Paged):
        return Reply(_("You have no tickets yet. Write your question to open one."))
    lines = [f"#{t.number} · {_esc(t.subject[:150])} — <b>{_esc(i18n.term('ticket status', t.status))}</b>"
             for t in listed.tickets]
    if not isinstance(shown, r.Paged):
        return Reply("<b>" + _("Your tickets") + "</b>\n" + "\n".join(lines))
    after = shown.offset + paging.shown(shown)
    more = more_buttons([(_("More"), listed.query, after)]) if paging.has_more(shown) else None
    return Reply("<b>" + _("Your tickets") + "</b>\n" + "\n".join(lines) + "\n" + _esc(paging.status(shown)), more)


def opt_in(result: r.OutreachOptIn) -> str:
    if result.opt_in:
        return _("You're subscribed: we'll send you the occasional check-in here. /stop ends them.")
    return _("Done: you won't get check-in messages from us any more. Your tickets still work as before; "
             "/subscribe turns check-ins back on.")


def rated(result: r.TicketRated) -> str:
    if result.changed:
        return _("Thanks! You rated ticket #{number}: {score}/5.").format(number=result.ticket, score=result.score)
    return _("You rated ticket #{number} {score}/5 already; thanks!").format(number=result.ticket, score=result.score)


def agent_reply(ticket: int | None, body: str) -> str:
    head = "<b>" + _("Ticket #{number}").format(number=ticket) + "</b>\n" if ticket else ""
    return _fit(head + _esc(body))


def csat_prompt(ticket: int, subject: str) -> Reply:
    buttons = [InlineKeyboardButton(str(score), callback_data=api.csat_data(ticket, score)) for score in range(1, 6)]
    return Reply(_fit(_("Ticket #{number} (“{subject}”) is resolved. How did we do? 1 is poor, 5 is great.").format(
        number=ticket, subject=_esc(subject))), InlineKeyboardMarkup([buttons]))


def notification(kind: str, payload: dict) -> Reply:
    """An outbox row's message: a rating request, an agent's reply, or a notice with action buttons."""
    with i18n.speaking(payload.get("language")):
        return _notification(kind, payload)


def _notification(kind: str, payload: dict) -> Reply:
    if kind == "telegram.csat":
        return csat_prompt(int(payload["ticket"]), str(payload.get("subject", "")))
    if kind == "telegram.digest":
        sections = [(str(part.get("title", "")), [str(line) for line in part.get("lines", ())])
                    for part in payload.get("sections") or () if isinstance(part, dict)]
        more = [(str(m.get("label")), str(m.get("query")), int(m.get("offset") or 0))
                for m in payload.get("more") or () if isinstance(m, dict)]
        return Reply(digest_html(str(payload.get("title") or "Digest"), sections), more_buttons(more))
    text = str(payload.get("text", ""))
    if payload.get("ticket"):
        return Reply(agent_reply(payload["ticket"], text))
    buttons = [[InlineKeyboardButton(str(action.get("label") or "").strip()[:60] or "OK", callback_data=data)]
               for action in payload.get("actions") or ()
               if isinstance(action, dict) and (data := api.action_data(action.get("command") or {}))]
    return Reply(_fit(_esc(text)), InlineKeyboardMarkup(buttons) if buttons else None)


# -- reps -----------------------------------------------------------------------------------------
def rep(result: r.Result) -> Reply:
    """A rep's result: the console's text (tables in <pre>), choices and Undo as buttons."""
    if isinstance(result, r.Digest):
        return Reply(digest_html(digest_text.title(result), digest_text.sections(result)), rest_buttons(result))
    if isinstance(result, r.Question):
        lines = [f"• {_esc(line)}" for line in result.summary] + [_esc(result.text)]
        return Reply(_fit("\n".join(lines)), _choices([(c.label, c.value) for c in result.choices]))
    shown = paging.page(result)
    text = console.render(shown)
    body = _pre(text) if isinstance(getattr(shown, "result", result), TABLES) else _fit(_esc(text))
    if isinstance(result, r.Table) and result.chart:  # a chart asked for: a photo after the table
        return Reply(body, page_buttons(shown) if isinstance(shown, r.Paged) else None, report_chart.png(result))
    if isinstance(shown, r.Paged):  # a long list: a page, More and the CSV
        return Reply(body, page_buttons(shown))
    if isinstance(result, r.Rejected) and result.options:
        return Reply(body, _choices([(o.label, str(o.id)) for o in result.options]))
    if rests := rest_buttons(result):
        return Reply(body, rests)
    if getattr(result, "undoable", False):
        offers = [(o.label, o.value) for o in getattr(result, "offers", ())
                  if len(f"{api.ANSWER_PREFIX}:{o.value}".encode()) <= api.CALLBACK_DATA_MAX]
        return Reply(body, _choices([(_("Undo"), i18n.pgettext("said", "undo")), *offers]))
    return Reply(body)


def page_buttons(paged: r.Paged) -> InlineKeyboardMarkup | None:
    """More (the next page, sent as a new message) and the whole list as a CSV document; a button whose
    state does not fit Telegram's 64 bytes is left out (the text still says which rows of how many)."""
    query, after = getattr(paged.result, "query", ""), paged.offset + paging.shown(paged)
    more = paging.pack(query, "m", after, paging.upto(paged, after)) if paging.has_more(paged) else None
    found = [InlineKeyboardButton(label, callback_data=data)
             for label, data in ((_("More"), more), (_("CSV file"), paging.pack(query, "c", 0, paging.whole(paged))))
             if data]
    return InlineKeyboardMarkup([found]) if found else None


def rest_buttons(result: r.Result) -> InlineKeyboardMarkup | None:
    """One More per list a card or digest cuts: the rest of it, in place of the message (bots/telegram/paging.py)."""
    return more_buttons([(rest.label(), rest.query, rest.offset) for rest in paging.rests(result)])


def more_buttons(rests: list[tuple[str, str, int]]) -> InlineKeyboardMarkup | None:
    """(label, the list's read-only command, the row its rest starts at) as More buttons within 64 bytes."""
    found = [[InlineKeyboardButton(label, callback_data=data)] for label, query, offset in rests
             if (data := paging.pack(query, "m", offset))]
    return InlineKeyboardMarkup(found) if found else None


def digest_html(title: str, sections: list[tuple[str, list[str]]]) -> str:
    """A digest: bold title and headings, one line per fact."""
    parts = [f"<b>{_esc(title)}</b>"]
    parts += [f"\n<b>{_esc(heading)}</b>\n" + "\n".join(f"• {_esc(line)}" for line in lines)
              for heading, lines in sections]
    return _fit("\n".join(parts))


def _choices(pairs: list[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    buttons = []
    for index, (label, value) in enumerate(pairs, 1):
        data = f"{api.ANSWER_PREFIX}:{value}"
        if len(data.encode()) > api.CALLBACK_DATA_MAX:
            data = f"{api.ANSWER_PREFIX}:{index}"  # the dialogue takes a choice's number too
        buttons.append([InlineKeyboardButton(label[:60] if label.strip() else str(index), callback_data=data)])
    return InlineKeyboardMarkup(buttons) if buttons else None


def greeting(name: str) -> Reply:
    """A rep's first /start here, in the language they are answered in."""
    return Reply(_("Hi {name}! Tell me what happened or what you need, in plain words (“help” for examples).").format(
        name=_esc((name.split() or [""])[0])))


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _pre(text: str) -> str:
    """A monospaced block (tables), cut so that the escaped whole fits Telegram's length."""
    text = text if text.strip() else "…"  # Telegram refuses an empty message
    limit, escaped = TEXT_MAX - len("<pre></pre>"), _esc(text)
    while len(escaped) > limit:
        text = text[:len(text) - (len(escaped) - limit) - 1]
        escaped = _esc(text + "…")
    return f"<pre>{escaped}</pre>"


def _shown_length(text: str) -> int:
    return len(html.unescape(re.sub(r"<[^>]+>", "", text)))


def _fit(text: str) -> str:
    """Escaped text within Telegram's length, which counts characters after entities are parsed (cut
    between entities, never inside one); never empty (Telegram refuses that)."""
    if not html.unescape(re.sub(r"<[^>]+>", "", text)).strip():
        return "…"
    if _shown_length(text) <= TEXT_MAX:
        return text
    cut = text
    while _shown_length(cut) > TEXT_MAX - 1:
        cut = cut[:len(cut) - (_shown_length(cut) - (TEXT_MAX - 1))]
    if cut.rfind("<") > cut.rfind(">"):  # half a tag
        cut = cut[:cut.rfind("<")]
    amp = cut.rfind("&")
    if amp > cut.rfind(";"):
        cut = cut[:amp]
    return cut + "…" + _closing(cut)


def _closing(text: str) -> str:
    """The end tags of the tags `text` leaves open (a cut must not leave <b> unclosed)."""
    still_open: list[str] = []
    for end, tag in _TAG.findall(text):
        if not end:
            still_open.append(tag)
        elif still_open and still_open[-1] == tag:
            still_open.pop()
    return "".join(f"</{tag}>" for tag in reversed(still_open))
