"""What each kind of update does, synchronously (handlers run these in a thread, DESIGN.md rule 8).

A Telegram user linked to a CRM user (User.telegram_user_id) is a rep: their text goes through the
shared dialogue (`converse`, conversation "telegram:<chat id>"), like in Slack and the console.
Everyone else is a customer: their updates become customer-side commands, run by the gateway user.
Every update is handled once: customer writes claim their update_id in the command's own transaction;
the rest (reps, /help, a plain /start) claim it first.
"""
from __future__ import annotations

import dataclasses
import weakref
from dataclasses import dataclass, field

from bots.telegram import api, render
from bots.telegram.inbox import NotStored
from bots.telegram.render import Reply
from crm_core import bus, i18n, inbound
from crm_core.i18n import _
from crm_core import commands as c
from crm_core import results as r
from crm_core import db
from crm_core.db import database
from crm_core.dialogue import converse
from crm_core.models import User
from crm_core.services import linking

REP_ACTIONS = frozenset({"complete_reminder", "snooze_reminder"})  # commands a notification button may run
_gateway: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # bound database -> its gateway user


@dataclass(frozen=True)
class Profile:
    """Who sent an update, and which update it was."""
    telegram_user_id: int
    chat_id: int
    first_name: str = ""
    last_name: str | None = None
    username: str | None = None
    update_id: int | None = None
    language_code: str | None = None  # the Telegram client's language ("zh-hans")


@dataclass
class ButtonAnswer:
    toast: str | None = None  # answerCallbackQuery's text
    replies: list[Reply] = field(default_factory=list)
    clear_buttons: bool = False  # remove the pressed message's keyboard


def gateway() -> User:
    user = _gateway.get(database.obj)
    if user is None:
        user = _gateway[database.obj] = linking.gateway_user()
    return user


def _rep(profile: Profile) -> User | None:
    active = User.is_active == True  # noqa: E712
    return User.get_or_none((User.telegram_user_id == profile.telegram_user_id) & active)


def _first_time(profile: Profile) -> bool:
    return profile.update_id is None or inbound.claim_event("telegram", profile.update_id)


def _customer(command: c.Command) -> r.Result:
    """Run a customer-side command. A refusal rolls its transaction back, update claim included, so the
    claim is made again here and a replay stays silent (an internal error leaves it: a replay retries)."""
    result = bus.handle(command, gateway(), channel="telegram")
    if isinstance(result, r.Rejected) and (result.code == "busy" or result.code == "internal" and not db.reachable()):
        raise NotStored(f"{command.name}: the database is locked or unreachable")  # Telegram delivers it again
    update_id = getattr(command, "update_id", None)
    if isinstance(result, r.Rejected) and result.code not in ("internal", "busy") and update_id is not None \
            and not inbound.claim_event("telegram", update_id):
        return r.AlreadyHandled(event_id=str(update_id))
    return result


def _customer_replies(command: c.TelegramProfile) -> list[Reply]:
    with i18n.speaking(linking.customer_language(command)):
        result = _customer(command)
        return [] if isinstance(result, r.AlreadyHandled) else [render.customer(result)]


def _to_rep(user: User, profile: Profile, text: str = ""):
    """Replies to a rep in their language: what they chose, else what they wrote in, else their Telegram app's."""
    return i18n.speaking(i18n.language_for(user.language, text, profile.language_code))


def _converse(user: User, profile: Profile, text: str) -> list[Reply]:
    with _to_rep(user, profile, text):
        return [render.rep(result) for result in
                converse(user, f"telegram:{profile.chat_id}", text, channel="telegram")]


def _fields(profile: Profile) -> dict:
    return dataclasses.asdict(profile)


def start(profile: Profile, code: str) -> list[Reply]:
    with database.connection_context():
        if (user := _rep(profile)) is not None:
            if not _first_time(profile):
                return []
            with _to_rep(user, profile):
                return [render.greeting(user.name)]
        if code:
            return _customer_replies(c.LinkTelegram(code=code, **_fields(profile)))
        if not _first_time(profile):
            return []
        customer = linking.linked_customer(profile.telegram_user_id)
        with i18n.speaking(i18n.language_for(customer.telegram_language if customer else None, "",
                                             profile.language_code)):
            return [render.welcome(customer.name if customer else None)]


def message(profile: Profile, text: str, attachments: tuple = (), message_id: int | None = None,
            new_ticket: bool = False) -> list[Reply]:
    with database.connection_context():
        if (user := _rep(profile)) is not None:
            if not _first_time(profile):
                return []
            if attachments and not text:
                with _to_rep(user, profile):
                    return [Reply(_("I read text only; tell me in words what to do."))]
            return _converse(user, profile, text)
        if new_ticket and not text and not attachments:
            return _customer_replies(c.RequestNewTicket(**_fields(profile)))
        return _customer_replies(c.CustomerMessage(text=text, attachments=attachments, message_id=message_id,
                                                   new_ticket=new_ticket, **_fields(profile)))


def outreach_opt_in(profile: Profile, opt_in: bool) -> list[Reply]:
    """/stop (False) and /subscribe (True): a customer's check-in messages; reps have none."""
    with database.connection_context():
        if (user := _rep(profile)) is not None:
            if not _first_time(profile):
                return []
            with _to_rep(user, profile):
                return [Reply(_("Check-in messages go to customers; you get none."))]
        return _customer_replies(c.SetOutreachOptIn(opt_in=opt_in, **_fields(profile)))


def contact(profile: Profile, phone: str, contact_user_id: int | None) -> list[Reply]:
    with database.connection_context():
        if _rep(profile) is not None:
            return []
        return _customer_replies(c.ShareContact(phone=phone, contact_user_id=contact_user_id, **_fields(profile)))


def status(profile: Profile) -> list[Reply]:
    with database.connection_context():
        if (user := _rep(profile)) is not None:
            return [render.rep(bus.handle(c.ShowTickets(), user, channel="telegram"))] if _first_time(profile) else []
        return _customer_replies(c.ListCustomerTickets(**_fields(profile)))


def help_(profile: Profile) -> list[Reply]:
    with database.connection_context():
        if not _first_time(profile):
            return []
        if (user := _rep(profile)) is not None:
            with _to_rep(user, profile):
                return [render.rep(bus.handle(c.Help(), user, channel="telegram"))]
        with i18n.speaking(linking.customer_language(c.ListCustomerTickets(**_fields(profile)))):
            return [Reply(render.customer_help())]


def button(profile: Profile, data: str) -> ButtonAnswer:
    with database.connection_context():
        user = _rep(profile)
        if (rating := api.parse_csat(data)) is not None and user is None:
            return _rate(profile, *rating)
        if user is not None and data.startswith(api.ANSWER_PREFIX + ":"):
            answer = data.partition(":")[2]
            return ButtonAnswer(replies=_converse(user, profile, answer) if _first_time(profile) else [])
        if user is not None and (action := api.parse_action(data)) is not None:
            return _act(user, profile, action)
        return ButtonAnswer(toast="This button doesn't work any more.")


def _rate(profile: Profile, ticket: int, score: int) -> ButtonAnswer:
    command = c.RateTicket(ticket=ticket, score=score, **_fields(profile))
    with i18n.speaking(linking.customer_language(command)):
        result = _customer(command)
        if isinstance(result, r.AlreadyHandled):
            return ButtonAnswer()
        if isinstance(result, r.TicketRated):
            return ButtonAnswer(toast=render.rated(result), clear_buttons=True)
        return ButtonAnswer(toast=render.customer(result).text)


def _act(user: User, profile: Profile, action: dict) -> ButtonAnswer:
    if action.get("command") not in REP_ACTIONS or not _first_time(profile):
        return ButtonAnswer(toast="This button doesn't work any more.")
    try:
        command = c.from_json(action)
    except (TypeError, ValueError):
        return ButtonAnswer(toast="This button doesn't work any more.")
    result = bus.handle(command, user, channel="telegram")
    return ButtonAnswer(toast=str(getattr(result, "message", "Done."))[:190],
                        clear_buttons=not isinstance(result, r.Rejected))
