"""Linking a Telegram account to a customer: invite links, a shared phone number, or a new lead.

Customer-side commands are run by the gateway user (`gateway_user()`): an inactive system account
that names the Telegram front-end as the actor of audit rows. It can't be looked up, assigned or
logged in as; only the gateway may run the customer-side services.
"""
from __future__ import annotations

import re
import secrets
from datetime import timedelta

from peewee import IntegrityError

from crm_core import i18n, permissions
from crm_core import commands as c
from crm_core.audit import AuditTrail, snapshot
from crm_core.context import Context
from crm_core.db import database
from crm_core.errors import ConfigError, PermissionDenied, ValidationError
from crm_core.i18n import _
from crm_core.inbound import claim_event
from crm_core.models import BotIdentity, Customer, TelegramInvite, User, utcnow
from crm_core.names import normalize_name, normalize_phone
from crm_core.results import AlreadyHandled, CustomerInvited, RepInvited, RepLinked, TelegramLinked
from crm_core.services import lookup
from crm_core.settings import get_settings

GATEWAY_EMAIL = "telegram-gateway@system.invalid"
GATEWAY_NAME = "Telegram (customers)"
INVITE_VALID = timedelta(days=7)
_CODE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def gateway_user() -> User:
    """The system account customer-side commands run as (made on first use)."""
    found = User.get_or_none(User.email == GATEWAY_EMAIL)
    if found is not None:
        return found
    try:
        with User._meta.database.atomic():
            return User.create(name=GATEWAY_NAME, email=GATEWAY_EMAIL, role="rep", is_active=False)
    except IntegrityError:
        return User.get(User.email == GATEWAY_EMAIL)


def require_gateway(ctx: Context) -> None:
    if ctx.user.email != GATEWAY_EMAIL:
        raise PermissionDenied(_("Only the customer chat can do that."))


def first_time(cmd: c.TelegramProfile, ctx: Context) -> AlreadyHandled | None:
    """The gateway check and the update dedupe every customer-side service starts with."""
    require_gateway(ctx)
    if cmd.update_id is not None and not claim_event("telegram", cmd.update_id, ctx.now):
        return AlreadyHandled(event_id=str(cmd.update_id))
    return None


def remember_bot(platform: str, username: str, bot_id: str | None = None) -> None:
    """Store the bot's username (for deep links) when it starts."""
    with BotIdentity._meta.database.atomic():
        updated = BotIdentity.update(username=username, bot_id=bot_id, updated_at=utcnow()).where(
            BotIdentity.platform == platform).execute()
        if not updated:
            BotIdentity.insert(platform=platform, username=username, bot_id=bot_id).on_conflict_ignore().execute()


def bot_username() -> str:
    configured = (get_settings().telegram_bot_username or "").lstrip("@")
    stored = BotIdentity.get_or_none(BotIdentity.platform == "telegram")
    if configured or stored:
        return configured or stored.username
    raise ConfigError(_("I don't know the Telegram bot's username yet, so I can't make the link."),
                      hint=_("Set TELEGRAM_BOT_USERNAME, or start `crm telegram` once."))


def invite_customer(cmd: c.InviteCustomer, ctx: Context) -> CustomerInvited:
    permissions.require(ctx.user, "customer.add")
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    username = bot_username()
    invite = TelegramInvite.create(code=secrets.token_urlsafe(18), customer=customer.id, created_by=ctx.user.id,
                                   created_at=ctx.now, expires_at=ctx.now + INVITE_VALID)
    AuditTrail(ctx, "invite_customer").created(invite, f"invited {customer.name} to Telegram")
    link = f"https://t.me/{username}?start={invite.code}"
    return CustomerInvited(message=_("Send {customer} this link; it works once, for {days} days: {link}").format(
                               customer=customer.name, days=INVITE_VALID.days, link=link),
                           customer_id=customer.id, name=customer.name, link=link,
                           expires_at=invite.expires_at.isoformat(timespec="seconds"))


def invite_rep(cmd: c.InviteRep, ctx: Context) -> RepInvited:
    """ "link my telegram": a one-time link that makes the acting teammate's Telegram a rep's chat."""
    permissions.require(ctx.user, "reminder.set")  # any active teammate
    username = bot_username()
    invite = TelegramInvite.create(code=secrets.token_urlsafe(18), user=ctx.user.id, created_by=ctx.user.id,
                                   created_at=ctx.now, expires_at=ctx.now + INVITE_VALID)
    AuditTrail(ctx, "invite_rep").created(invite, f"{ctx.user.name} asked for a Telegram link")
    link = f"https://t.me/{username}?start={invite.code}"
    return RepInvited(message=_("Open this link in Telegram and press Start; it works once, for {days} days: "
                                "{link}").format(days=INVITE_VALID.days, link=link),
                      link=link, expires_at=invite.expires_at.isoformat(timespec="seconds"))


def _link_rep(invite: TelegramInvite, cmd: c.LinkTelegram, ctx: Context) -> RepLinked:
    """The invite's teammate gets this Telegram account, unless a customer or another teammate has it."""
    user = User.get_by_id(invite.user_id)
    if not user.is_active:
        raise permissions.deactivated(user)
    if (customer := linked_customer(cmd.telegram_user_id)) is not None:
        raise ValidationError(_("This Telegram account is linked to the customer {customer} already.").format(
                                  customer=customer.name),
                              hint=_("Open the link from the Telegram account you use for work."))
    other = User.get_or_none((User.telegram_user_id == cmd.telegram_user_id) & (User.id != user.id))
    if other is not None:
        raise ValidationError(_("This Telegram account is linked to another teammate already."),
                              hint=_("Open the link from your own Telegram account."))
    trail = AuditTrail(ctx, "link_rep_telegram")
    before = snapshot(user)
    user.telegram_user_id = cmd.telegram_user_id
    user.save(only=[User.telegram_user_id])
    trail.updated(user, before, f"linked {user.name}'s Telegram")
    trail.updated(TelegramInvite.get_by_id(invite.id), snapshot(invite), f"used {user.name}'s Telegram link")
    return RepLinked(user_id=user.id, name=user.name)


def link_telegram(cmd: c.LinkTelegram, ctx: Context) -> TelegramLinked | RepLinked | AlreadyHandled:
    if (seen := first_time(cmd, ctx)) is not None:
        return seen
    code = (cmd.code or "").strip()
    invite = TelegramInvite.get_or_none(TelegramInvite.code == code) if _CODE.match(code) else None
    used = invite is not None and TelegramInvite.update(used_at=ctx.now, used_by=cmd.telegram_user_id).where(
        (TelegramInvite.id == invite.id) & TelegramInvite.used_at.is_null()
        & (TelegramInvite.expires_at > ctx.now)).execute() == 1
    if not used:
        raise ValidationError(_("This invite link has expired or was used already."),
                              hint=_("Ask us for a new one, or send /start to share your phone number instead."))
    if invite.user_id is not None:
        return _link_rep(invite, cmd, ctx)
    customer = Customer.get_by_id(invite.customer_id)
    trail = _link(customer, cmd, ctx, "link_telegram")
    trail.updated(TelegramInvite.get_by_id(invite.id), snapshot(invite), f"used the invite for {customer.name}")
    return TelegramLinked(customer_id=customer.id, name=customer.name, how="invite")


def share_contact(cmd: c.ShareContact, ctx: Context) -> TelegramLinked | AlreadyHandled:
    if (seen := first_time(cmd, ctx)) is not None:
        return seen
    if cmd.contact_user_id != cmd.telegram_user_id:
        raise ValidationError(_("That is someone else's contact."),
                              hint=_("Share your own number with the button below."))
    try:
        phone = normalize_phone(cmd.phone)
    except ValueError:
        phone = None
    if phone is None:
        raise ValidationError(_("That doesn't look like a phone number."), hint=_("Use the button to share your number."))
    current = linked_customer(cmd.telegram_user_id)
    if current is not None:
        return TelegramLinked(customer_id=current.id, name=current.name, how="already")
    match = _by_phone(phone)
    if match is not None:
        _link(match, cmd, ctx, "share_contact")
        return TelegramLinked(customer_id=match.id, name=match.name, how="phone")
    lead = customer_for(cmd, ctx, phone=phone)
    return TelegramLinked(customer_id=lead.id, name=lead.name, how="new_lead")


def _by_phone(phone: str) -> Customer | None:
    """An unlinked customer with this number (Telegram verified it); customers before leads, oldest first."""
    digits = phone.lstrip("+")
    return (Customer.select().where(Customer.phone.in_([digits, "+" + digits]) & Customer.telegram_user_id.is_null())
            .order_by(Customer.is_lead, Customer.id).first())


def language_said(cmd: c.TelegramProfile) -> str | None:
    """The language a customer's update shows: the script of what they wrote, else their client's language."""
    return i18n.written_in(getattr(cmd, "text", "") or "") or i18n.from_code(cmd.language_code)


def customer_language(cmd: c.TelegramProfile) -> str:
    """What a customer is answered in: what this message is written in, else what they wrote in before, else
    their client's language, else English."""
    written = i18n.written_in(getattr(cmd, "text", "") or "")
    customer = linked_customer(cmd.telegram_user_id) if written is None else None
    stored = customer.telegram_language if customer is not None else None
    return i18n.language_for(stored, getattr(cmd, "text", "") or "", cmd.language_code)


def linked_customer(telegram_user_id: int) -> Customer | None:
    return Customer.get_or_none(Customer.telegram_user_id == telegram_user_id)


def customer_for(cmd: c.TelegramProfile, ctx: Context, phone: str | None = None) -> Customer:
    """The customer this Telegram user is linked to; else a new lead made from their profile."""
    customer = linked_customer(cmd.telegram_user_id)
    language = language_said(cmd)
    if customer is not None:
        if customer.telegram_chat_id != cmd.chat_id and cmd.chat_id:
            before = snapshot(customer)
            customer.telegram_chat_id = cmd.chat_id
            customer.save(only=[Customer.telegram_chat_id])
            AuditTrail(ctx, "telegram_chat").updated(customer, before, f"{customer.name} wrote from a new chat")
        if language is not None and language != (customer.telegram_language or i18n.ENGLISH):  # English: the default
            before = snapshot(customer)
            customer.telegram_language = language
            customer.save(only=[Customer.telegram_language])
            AuditTrail(ctx, "telegram_language").updated(customer, before, f"{customer.name} writes in {language}")
        return customer
    name = profile_name(cmd)
    customer = Customer(name=name, phone=phone, is_lead=True, telegram_user_id=cmd.telegram_user_id,
                        telegram_chat_id=cmd.chat_id, telegram_language=language if language != i18n.ENGLISH else None,
                        outreach_opt_in=False,
                        created_at=ctx.now, updated_at=ctx.now)
    _insert_lead(customer, normalize_name(name), cmd.telegram_user_id)
    AuditTrail(ctx, "add_lead").created(customer, f"added lead {name} from Telegram")
    return customer


def _insert_lead(customer: Customer, name_norm: str | None, telegram_user_id: int) -> None:
    """name_norm is unique: a lead whose name a customer already has (another person, as far as we know)
    is told apart by its Telegram id, so it is stored and both stay reachable by name."""
    own = f"{name_norm or ''} telegram {telegram_user_id}".strip()
    if not name_norm or Customer.select().where(Customer.name_norm == name_norm).exists():
        name_norm = own
    try:
        with database.atomic():  # a savepoint: a racing writer took the name since the check
            customer.name_norm = name_norm
            customer.save(force_insert=True)
    except IntegrityError:
        customer.name_norm = own
        customer.save(force_insert=True)


def profile_name(cmd: c.TelegramProfile) -> str:
    name = " ".join(part.strip() for part in (cmd.first_name, cmd.last_name or "") if part and part.strip())
    return (name or (f"@{cmd.username}" if cmd.username else f"Telegram user {cmd.telegram_user_id}"))[:200]


def _link(customer: Customer, cmd: c.TelegramProfile, ctx: Context, action: str) -> AuditTrail:
    """Move this Telegram account to `customer` (off any other customer it was on)."""
    trail = AuditTrail(ctx, action)
    for other in Customer.select().where((Customer.telegram_user_id == cmd.telegram_user_id)
                                         & (Customer.id != customer.id)):
        before = snapshot(other)
        other.telegram_user_id = other.telegram_chat_id = None
        other.save(only=[Customer.telegram_user_id, Customer.telegram_chat_id])
        trail.updated(other, before, f"unlinked Telegram from {other.name}")
    before = snapshot(customer)
    customer.telegram_user_id, customer.telegram_chat_id = cmd.telegram_user_id, cmd.chat_id
    customer.updated_at = ctx.now
    customer.save(only=[Customer.telegram_user_id, Customer.telegram_chat_id, Customer.updated_at])
    trail.updated(customer, before, f"linked {customer.name}'s Telegram")
    return trail
