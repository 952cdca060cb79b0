"""Peewee models. Schema changes go through migrations/, never `create_tables` in production."""
from __future__ import annotations

from peewee import (
    AutoField, BigIntegerField, BooleanField, CharField, DateField, DateTimeField, DecimalField,
    FloatField, ForeignKeyField, IntegerField, Model, TextField,
)

from crm_core import clock
from crm_core.db import database
from crm_core.settings import get_settings

ROLES = ("rep", "manager", "admin")
STAGES = ("lead", "qualified", "proposal", "negotiation", "won", "lost")
OPEN_STAGES = STAGES[:4]
CLOSED_STAGES = ("won", "lost")
ACTIVITY_KINDS = ("call", "meeting", "email", "note")
TICKET_STATUSES = ("open", "pending", "resolved", "closed")
PRIORITIES = ("low", "normal", "high", "urgent")
SEGMENTS = ("champions", "loyal", "potential_loyalists", "promising", "new", "need_attention", "about_to_sleep",
            "at_risk", "cant_lose_them", "hibernating", "lost")  # the RFM map; k-means names only the classic seven
OUTBOX_STATUSES = ("pending", "sending", "delivering", "sent", "failed", "uncertain")  # an outbox row's delivery
CHANNELS = ("console", "slack", "telegram", "api", "import", "system")


utcnow = clock.utcnow  # the default of every DateTimeField


def _default_currency() -> str:
    return get_settings().currency


class BaseModel(Model):
    class Meta:
        database = database


class User(BaseModel):
    id = AutoField()
    name = CharField(max_length=200)
    email = CharField(max_length=254, null=True, unique=True)
    role = CharField(max_length=16, default="rep")
    slack_user_id = CharField(max_length=32, null=True, unique=True)
    telegram_user_id = BigIntegerField(null=True, unique=True)
    timezone = CharField(max_length=64, default="UTC")
    is_active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    notify_via = CharField(max_length=16, null=True)  # slack, telegram or console; None: the first they have
    language = CharField(max_length=16, null=True)  # en or zh (crm_core/i18n.py); None: not chosen (0022)
    team = CharField(max_length=64, null=True, index=True)  # managers act for their team (0023)
    territory = CharField(max_length=64, null=True)  # e.g. "emea", "west" (0023)

    class Meta:
        table_name = "users"


class Customer(BaseModel):
    id = AutoField()
    name = CharField(max_length=200)
    name_norm = CharField(max_length=200, unique=True)  # the database refuses a duplicate (migration 0014)
    email = CharField(max_length=254, null=True, unique=True)  # normalised: trimmed, lower-case
    phone = CharField(max_length=32, null=True, index=True)
    city = CharField(max_length=120, null=True)
    owner = ForeignKeyField(User, null=True, backref="customers", on_delete="SET NULL", index=True)
    is_lead = BooleanField(default=False)
    segment = CharField(max_length=32, null=True, index=True)  # 32 since migration 0013
    segment_at = DateTimeField(null=True)  # scores: CustomerScore (customer.scores), since migration 0017
    telegram_user_id = BigIntegerField(null=True, unique=True)
    telegram_chat_id = BigIntegerField(null=True)
    telegram_language = CharField(max_length=16, null=True)  # en or zh: what they write to the bot in (0024)
    outreach_opt_in = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    support_new_ticket = BooleanField(default=False)  # /new: their next message opens a new ticket
    archived_at = DateTimeField(null=True)  # hidden from lists, still found by name; migration 0015
    tags = CharField(max_length=500, null=True)  # comma-separated, lower-case; migration 0015

    class Meta:
        table_name = "customers"


class Contact(BaseModel):
    """A person at a customer (migration 0016). One per (customer, normalised name); an email names one
    contact only (the service checks it across customers)."""
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="contacts", on_delete="CASCADE")
    name = CharField(max_length=200)
    name_norm = CharField(max_length=200)  # names.fold(name)
    title = CharField(max_length=120, null=True)
    email = CharField(max_length=254, null=True, index=True)  # normalised: trimmed, lower-case
    phone = CharField(max_length=32, null=True)
    telegram = CharField(max_length=64, null=True)  # the Telegram username, without @
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "contacts"
        indexes = ((("customer", "name_norm"), True),)


class Deal(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="deals", on_delete="CASCADE")
    title = CharField(max_length=200)
    amount = DecimalField(max_digits=14, decimal_places=2, default=0)
    currency = CharField(max_length=3, default=_default_currency)
    stage = CharField(max_length=16, default="lead")
    owner = ForeignKeyField(User, null=True, backref="deals", on_delete="SET NULL")
    expected_close = DateField(null=True)
    closed_at = DateTimeField(null=True)
    win_probability = FloatField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    next_step = CharField(max_length=300, null=True)  # migration 0019

    class Meta:
        table_name = "deals"
        indexes = ((("customer", "stage"), False), (("owner", "stage"), False), (("stage", "closed_at"), False))


class DealStageChange(BaseModel):
    id = AutoField()
    deal = ForeignKeyField(Deal, backref="stage_changes", on_delete="CASCADE", index=True)
    from_stage = CharField(max_length=16, null=True)
    to_stage = CharField(max_length=16)
    changed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    changed_at = DateTimeField(default=utcnow, index=True)

    class Meta:
        table_name = "deal_stage_changes"


class Activity(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="activities", on_delete="CASCADE")
    deal = ForeignKeyField(Deal, null=True, backref="activities", on_delete="SET NULL")
    contact = ForeignKeyField(Contact, null=True, backref="activities", on_delete="SET NULL", index=True)
    kind = CharField(max_length=16)
    summary = TextField(default="")
    follow_up = DateField(null=True, index=True)
    user = ForeignKeyField(User, null=True, backref="activities", on_delete="SET NULL")
    channel = CharField(max_length=16, default="console")
    occurred_at = DateTimeField(default=utcnow)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "activities"
        indexes = ((("customer", "occurred_at"), False), (("user", "occurred_at"), False))


class Ticket(BaseModel):
    id = AutoField()
    number = IntegerField(unique=True)
    customer = ForeignKeyField(Customer, backref="tickets", on_delete="CASCADE")
    subject = CharField(max_length=300)
    status = CharField(max_length=16, default="open")
    priority = CharField(max_length=16, default="normal")
    assignee = ForeignKeyField(User, null=True, backref="tickets", on_delete="SET NULL")
    channel = CharField(max_length=16, default="console")
    csat_score = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    resolved_at = DateTimeField(null=True)
    csat_at = DateTimeField(null=True)  # when the customer rated the help (csat_score 1-5)

    class Meta:
        table_name = "tickets"
        indexes = ((("customer", "status"), False), (("assignee", "status"), False), (("status", "priority"), False))


class TicketMessage(BaseModel):
    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="messages", on_delete="CASCADE", index=True)
    author_user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    from_customer = BooleanField(default=False)
    body = TextField(default="")
    channel = CharField(max_length=16, default="console")
    external_message_id = CharField(max_length=64, null=True, index=True)
    attachments = TextField(null=True)  # JSON list of {file_id, name, size, kind}
    created_at = DateTimeField(default=utcnow)
    internal = BooleanField(default=False)  # a teammates' note, never sent to the customer (migration 0019)

    class Meta:
        table_name = "ticket_messages"


class Order(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="orders", on_delete="CASCADE")
    date = DateField()
    amount = DecimalField(max_digits=14, decimal_places=2)
    currency = CharField(max_length=3, default=_default_currency)  # ISO 4217 (migration 0025)
    row_key = CharField(max_length=64, null=True, unique=True)  # makes re-imports add nothing
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "orders"
        indexes = ((("customer", "date"), False), (("date",), False), (("customer", "date", "amount", "currency"), False))


class ExchangeRate(BaseModel):
    """How many units of the base currency (CRM_CURRENCY when it was set) one unit of `currency` was worth on `day`;
    reports convert with the latest rate on or before the day they are about (migration 0025)."""
    id = AutoField()
    day = DateField()
    currency = CharField(max_length=3)
    base = CharField(max_length=3)
    rate = DecimalField(max_digits=20, decimal_places=10)
    source = CharField(max_length=16)  # "import" or "chat"
    set_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "exchange_rates"
        indexes = ((("currency", "base", "day"), True),)


class Reminder(BaseModel):
    id = AutoField()
    user = ForeignKeyField(User, backref="reminders", on_delete="CASCADE")
    customer = ForeignKeyField(Customer, null=True, backref="reminders", on_delete="CASCADE")
    activity = ForeignKeyField(Activity, null=True, backref="reminders", on_delete="CASCADE")
    text = TextField(default="")
    due_at = DateTimeField()
    status = CharField(max_length=16, default="pending")  # pending, sent, done, cancelled
    created_at = DateTimeField(default=utcnow)
    # An RFC 5545 RRULE ("FREQ=WEEKLY;BYDAY=MO") in the user's zone, starting at due_at. Only the pending
    # occurrence carries it: firing hands it on to the next occurrence's row.
    recurrence = CharField(max_length=200, null=True)

    class Meta:
        table_name = "reminders"
        indexes = ((("status", "due_at"), False), (("user", "status"), False))


class AuditLog(BaseModel):
    id = AutoField()
    batch = CharField(max_length=32, index=True)  # one service call; undo reverts a whole batch
    actor = ForeignKeyField(User, null=True, on_delete="SET NULL")
    action = CharField(max_length=48)
    entity = CharField(max_length=48)
    entity_id = IntegerField(null=True)
    op = CharField(max_length=8)  # create, update, delete
    before = TextField(null=True)  # JSON of the row's fields before the write
    after = TextField(null=True)
    description = TextField(default="")
    channel = CharField(max_length=16, default="console")
    created_at = DateTimeField(default=utcnow)
    undone_at = DateTimeField(null=True)

    class Meta:
        table_name = "audit_log"
        indexes = ((("actor", "created_at"), False), (("entity", "entity_id"), False))


class ProcessedEvent(BaseModel):
    id = AutoField()
    source = CharField(max_length=16)
    event_id = CharField(max_length=128)
    received_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "processed_events"
        indexes = ((("source", "event_id"), True), (("received_at",), False))  # pruning finds old rows


class Outbox(BaseModel):
    id = AutoField()
    kind = CharField(max_length=32)
    key = CharField(max_length=191, unique=True)
    payload = TextField()
    status = CharField(max_length=16, default="pending")  # OUTBOX_STATUSES
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(default=utcnow)
    last_error = TextField(null=True)
    platform_message_id = CharField(max_length=128, null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)
    campaign_id = IntegerField(null=True, index=True)  # an outreach campaign's rows, counted by status

    class Meta:
        table_name = "outbox"
        indexes = ((("status", "next_attempt_at"), False),)


class Conversation(BaseModel):
    """What the bot is waiting for from a user in one conversation (a question it asked)."""
    id = AutoField()
    user = ForeignKeyField(User, on_delete="CASCADE")
    key = CharField(max_length=191)  # e.g. "console", "slack:C024:1712.55", "telegram:12345"
    pending = TextField(null=True)  # JSON; None when nothing is pending
    memory = TextField(null=True)  # JSON: what the conversation is about and its last write (crm_core/conversation)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "conversations"
        indexes = ((("user", "key"), True),)


class SchedulerRun(BaseModel):
    """One run of a scheduled job for one time slot: the unique index makes a second scheduler skip it."""
    id = AutoField()
    job = CharField(max_length=64)
    slot = CharField(max_length=32)  # e.g. "2026-11-25T10:01:00" or "2026-11-25"
    status = CharField(max_length=16, default="running")  # running, done, failed
    claimed_by = CharField(max_length=128, default="")
    started_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)
    error = TextField(null=True)

    class Meta:
        table_name = "scheduler_runs"
        indexes = ((("job", "slot"), True), (("status", "started_at"), False))


class SlackTicketThread(BaseModel):
    """The Slack support channel's thread of one ticket: every card about the ticket goes there."""
    id = AutoField()
    ticket = ForeignKeyField(Ticket, unique=True, on_delete="CASCADE")
    channel = CharField(max_length=32)
    thread_ts = CharField(max_length=32, null=True)  # None while the first card is being posted
    claim = CharField(max_length=32)  # the sender posting the first card
    claimed_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "slack_ticket_threads"
        indexes = ((("channel", "thread_ts"), True),)


class TelegramInvite(BaseModel):
    """A one-time code in a t.me deep link: `/start CODE` links that Telegram user to the customer, or
    to the teammate (`user`) who asked for a link to their own Telegram; exactly one of the two is set."""
    id = AutoField()
    code = CharField(max_length=64, unique=True)
    customer = ForeignKeyField(Customer, null=True, on_delete="CASCADE", index=True)
    user = ForeignKeyField(User, null=True, on_delete="CASCADE", index=True, backref="telegram_invites")
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)
    used_by = BigIntegerField(null=True)  # the Telegram user id that redeemed it

    class Meta:
        table_name = "telegram_invites"


class BotIdentity(BaseModel):
    """Who a chat bot is on its platform (from getMe / auth.test when it starts): deep links need it."""
    id = AutoField()
    platform = CharField(max_length=16, unique=True)
    username = CharField(max_length=64)
    bot_id = CharField(max_length=64, null=True)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "bot_identities"


class ModelRun(BaseModel):
    """One segmentation or scoring run: what it was asked, what it found, whether it wrote."""
    id = AutoField()
    kind = CharField(max_length=16)  # "segment" or "score"
    as_of = DateField()
    started_at = DateTimeField()
    finished_at = DateTimeField()
    status = CharField(max_length=16)  # "succeeded" or "failed"
    params = TextField(null=True)  # JSON
    metrics = TextField(null=True)  # JSON
    error = TextField(null=True)

    class Meta:
        table_name = "model_runs"
        indexes = ((("kind", "status", "finished_at"), False),)


class SegmentChange(BaseModel):
    """A customer's segment changed in a run (from None: first segmented; to None: no purchase left)."""
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="segment_changes", on_delete="CASCADE", index=False)
    run = ForeignKeyField(ModelRun, null=True, backref="segment_changes", on_delete="SET NULL")
    from_segment = CharField(max_length=32, null=True)
    to_segment = CharField(max_length=32, null=True)
    as_of = DateField()
    changed_at = DateTimeField()

    class Meta:
        table_name = "segment_changes"
        indexes = ((("customer", "changed_at"), False), (("to_segment", "changed_at"), False),
                   (("changed_at",), False))


class DigestSubscription(BaseModel):
    """A manager's scheduled digest: one per user; the next one covers what happened since `last_sent_at`."""
    id = AutoField()
    user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
    frequency = CharField(max_length=8, default="daily")  # daily or weekly
    local_time = CharField(max_length=5, default="08:00")  # HH:MM in the user's time zone
    weekday = IntegerField(null=True)  # weekly: 0 Monday .. 6 Sunday
    via = CharField(max_length=16, null=True)  # slack, telegram, console; None: the user's notify_via
    last_sent_at = DateTimeField(null=True)  # naive UTC
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "digest_subscriptions"


class OutreachCampaign(BaseModel):
    """One outreach to a segment: its outbox rows carry `campaign_id`; `finished_at` once none is waiting."""
    id = AutoField()
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", index=True)
    segment = CharField(max_length=32)
    message = TextField()  # the template, with {first_name} / {name}
    total = IntegerField(default=0)  # opted-in customers with a Telegram chat: one row each
    in_segment = IntegerField(default=0)  # everyone in the segment when it was sent
    created_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)
    noticed_at = DateTimeField(null=True)  # the last progress notice to `created_by`
    noticed_done = IntegerField(default=0)  # rows sent or failed at that notice

    class Meta:
        table_name = "outreach_campaigns"
        indexes = ((("finished_at", "created_at"), False),)


class RunningProcess(BaseModel):
    """A bot, worker or scheduler using the database, with a heartbeat: `crm restore` refuses while one lives."""
    id = AutoField()
    kind = CharField(max_length=32)  # the command: "crm run", "crm worker", "crm scheduler"
    pid = IntegerField()
    host = CharField(max_length=255)
    started_at = DateTimeField(default=utcnow)
    heartbeat_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "running_processes"


class CustomerScore(BaseModel):
    """A customer's scores from the last `crm score` (migration 0017); no row: not scored. A narrow table of
    its own, so a run rewrites it and not a million rows of customers and their indexes."""
    customer = ForeignKeyField(Customer, primary_key=True, index=False, backref="scores", on_delete="CASCADE")
    p_alive = FloatField(null=True)
    churn_risk = FloatField(null=True)  # P(no purchase in the churn horizon)
    expected_purchases_90d = FloatField(null=True)
    lifetime_value = FloatField(null=True, index=True)
    score_version = CharField(max_length=32)
    scored_at = DateTimeField()

    class Meta:
        table_name = "customer_scores"


class AnalyticsRequest(BaseModel):
    """A manager's "rescore now" / "resegment" (migration 0026): claimed and answered by the worker; at most one
    of a kind is pending or running (a partial unique index)."""
    id = AutoField()
    kind = CharField(max_length=16)  # "score" or "segment"
    requested_by = ForeignKeyField(User, on_delete="CASCADE")
    channel = CharField(max_length=16)  # where it was asked: the answer goes back there
    status = CharField(max_length=16, default="pending")  # pending, running, done, failed
    progress = FloatField(default=0.0)  # 0..1, an estimate from the previous run's duration
    noticed_at = DateTimeField(null=True)  # the last progress note sent
    heartbeat_at = DateTimeField(null=True)  # the worker is alive while this moves
    created_at = DateTimeField()
    started_at = DateTimeField(null=True)
    finished_at = DateTimeField(null=True)
    answer = TextField(null=True)

    class Meta:
        table_name = "analytics_requests"
        indexes = ((("status", "kind"), False),)


# New models go above this line; every subclass of BaseModel is a table.
ALL_MODELS: tuple[type[BaseModel], ...] = tuple(BaseModel.__subclasses__())
MODELS_BY_TABLE = {m._meta.table_name: m for m in ALL_MODELS}
