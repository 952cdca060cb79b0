"""The conversation every front-end shares: understand, ask for what is missing, confirm, run.

A front-end calls `converse(user, conversation, text)` and renders the results. When the bot asks a
question (a missing slot, an ambiguous customer, a confirmation) it keeps a `Plan` in the
`conversations` table, keyed by user and conversation, so the next message answers it, whichever
front-end it comes from. Button presses send back a choice's `value` as text.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from crm_core import bus, nlp_commands, permissions, policy, resolve
from crm_core import commands as c
from crm_core.conversation import choices, last_write, memory, new_customer
from crm_core.db import database, one_connection
from crm_core.errors import CrmError
from crm_core.models import User, utcnow
from crm_core.i18n import _, term
from crm_core.names import fold, normalize_name
from crm_core.nlp import corrections
from crm_core.results import Choice, Notice, NotUnderstood, Question, Rejected, Result
from crm_core.services import outreach, reminder_series
from crm_core.services.help import examples
from crm_core.understanding import Understanding, describe, missing_slot, understand

YES = frozenset({"yes", "y", "confirm", "ok", "okay", "sure", "yep", "yeah", "go", "go ahead", "do it"})
YES_ZH = frozenset({"确认", "确定", "是", "是的", "好", "好的", "可以", "行", "对", "没问题", "嗯", "做吧", "确认一下"})
NO = frozenset({"no", "n", "cancel", "stop", "nope", "never mind", "nevermind", "abort", "forget it"})
def confirm_choices() -> tuple[Choice, Choice]:
    return Choice("yes", _("Confirm")), Choice("no", _("Cancel"))
UNDO = frozenset({"undo", "undo that", "undo it", "undo last", "revert", "revert that", "take that back"})
PLAN_EXPIRES = timedelta(minutes=30)
NEAREST = 2  # known names offered beside "New customer X? [Add] [Cancel]"
MISSING_SLOT_PENALTY = 0.8  # what the parser takes off its confidence for each missing slot
# A correction said while a question waits changes these fields of the waiting commands.
CORRECTED_FIELDS = {"customer": ("customer",), "amount": ("amount",), "currency": ("currency",),
                    "date": ("follow_up", "when", "expected_close"), "kind": ("kind",), "stage": ("stage",)}


@dataclass
class Plan:
    """Commands on their way to the bus, and the question that holds them up (if any)."""
    commands: list[dict]
    confirm: bool = False
    asking: dict | None = None  # {"type": "confirm"|"choose"|"fill"|"new_customer", "index", "slot", "choices", ...}
    done: list = field(default_factory=list)  # results gathered before the question (not stored)
    new_customers: list[str] = field(default_factory=list)  # unknown names the rep chose to add

    def command(self, index: int) -> c.Command:
        return c.from_json(self.commands[index])

    def set(self, index: int, **changes) -> None:
        self.commands[index] = dataclasses.replace(self.command(index), **changes).to_json()

    def to_json(self) -> str:
        return json.dumps({"commands": self.commands, "confirm": self.confirm, "asking": self.asking,
                           "new_customers": self.new_customers})

    @classmethod
    def from_json(cls, text: str) -> Plan:
        data = json.loads(text)
        return cls(data["commands"], data["confirm"], data["asking"], new_customers=data.get("new_customers", []))


def converse(user: User, conversation: str, text: str, *, channel: str = "console",
             now: datetime | None = None) -> list[Result]:
    now = now or utcnow()
    with one_connection():
        turn = Turn(user, conversation, channel, now, memory.load(user, conversation, now, PLAN_EXPIRES))
        results = _respond((text or "").strip(), turn)
        memory.save(user, conversation, turn.row, now)
    return results


@dataclass
class Turn:
    """One message: who, where, when, and the conversation's row (read once, written once)."""
    user: User
    conversation: str
    channel: str
    now: datetime
    row: memory.Row

    @property
    def plan(self) -> Plan | None:
        return Plan.from_json(self.row.pending) if self.row.pending else None

    def keep(self, plan: Plan | None) -> None:
        self.row.pending = plan.to_json() if plan is not None else None


def _respond(text: str, turn: Turn) -> list[Result]:
    plan, said = turn.plan, _about_the_chat(text, turn)
    if (said is not None and said.intent == "cancel") or (plan is not None and _declines(plan, text)):
        return [_cancel(plan, turn)]
    if said is not None:
        return _about_the_last_write(said, plan, turn)
    if plan is None:
        return _new_message(understand(text, turn.user, turn.now), text, turn)
    understood = understand(text, turn.user, turn.now) if _free_text(plan) else None
    if understood is None or not _interrupts(understood, text, turn):
        answered = _answer(plan, text, turn.user, turn.now)
        if answered is not None:
            return _proceed(answered, turn)
    understood = understood or understand(text, turn.user, turn.now)
    if not understood.commands:  # neither an answer nor a command: the question still waits
        return [NotUnderstood(_("That doesn't answer my question about “{asked}”. Answer it, or say “cancel”.")
                              .format(asked=_asked_about(plan)))]
    return _new_message(understood, text, turn, [_dropped(plan, turn)])


def _about_the_last_write(said: corrections.Said, plan: Plan | None, turn: Turn) -> list[Result]:
    if said.intent == "correct" and plan is not None:
        return _proceed(_corrected_plan(plan, said.slots), turn)
    dropped = [_dropped(plan, turn)] if plan is not None else []
    if said.intent == "undo":
        return [*dropped, last_write.undo(turn.row.memory, turn.user, turn.channel, turn.now)]
    if said.intent == "repeat":
        return _repeat(said.slots["customer"], turn, dropped)
    return [*dropped, last_write.correct(said.slots, turn.row.memory, turn.user, turn.channel, turn.now)]


def _about_the_chat(text: str, turn: Turn) -> corrections.Said | None:
    """Undo, cancel or a correction (crm_core/nlp/corrections.py); the resolver names corrected customers."""
    today = turn.now.replace(tzinfo=UTC).astimezone(ZoneInfo(turn.user.timezone or "UTC")).date()
    if fold(text) in UNDO:
        return corrections.Said("undo")
    other = corrections.same_for(text)
    if other is not None:
        return corrections.Said("repeat", {"customer": other})
    with database.connection_context():
        return corrections.detect(text, today, nlp_commands.default_resolver(turn.user.id))


def _cancel(plan: Plan | None, turn: Turn) -> Notice:
    turn.keep(None)
    if plan is None:
        return Notice(_("There was nothing to cancel."))
    return Notice(_("Cancelled; nothing was changed. Dropped the question about “{asked}”.").format(
        asked=_asked_about(plan)))


def _declines(plan: Plan, text: str) -> bool:
    """"no", "cancel", or the Cancel choice of the question (a button press or its number)."""
    asking = plan.asking or {}
    return fold(text) in NO or (asking.get("type") == "new_customer"
                                and choices.pick(asking.get("choices") or [], text) == new_customer.CANCEL) \
        or (asking.get("type") == "confirm" and _confirm_pick(text) == "no")


def _confirm_pick(text: str) -> str | None:
    """ "1" / "2" (the numbers the console shows), or the button's label in the user's language ("确认")."""
    return choices.pick([[choice.value, choice.label] for choice in confirm_choices()], text)


def _dropped(plan: Plan, turn: Turn) -> Notice:
    turn.keep(None)
    return Notice(_("Dropped the question about “{asked}”.").format(asked=_asked_about(plan)))


def _asked_about(plan: Plan) -> str:
    index = (plan.asking or {}).get("index", 0)
    return describe(plan.command(index if index < len(plan.commands) else 0))


def _repeat(customer: str, turn: Turn, dropped: list[Result]) -> list[Result]:
    """ "same for Initech": this conversation's last write again, for another customer (confirmed as policy says)."""
    last = turn.row.memory.last_command
    if not last or "customer" not in last:
        return [*dropped, Notice(_("Same as what? I have no recent change of yours here to repeat."))]
    other = {**last, "customer": customer, "customer_id": None, **({"deal_id": None} if "deal_id" in last else {})}
    cmd = c.from_json(other)
    return _proceed(Plan([other], policy.needs_confirmation(cmd), done=dropped), turn)


def _corrected_plan(plan: Plan, slots: dict) -> Plan:
    """A correction said while a question waits amends the commands waiting (and asks again)."""
    for index, raw in enumerate(plan.commands):
        changes = {}
        for slot, fields in CORRECTED_FIELDS.items():
            if slot in slots:
                changes.update({f: slots[slot] for f in fields if f in raw})
        if "customer" in slots and "customer" in raw:
            changes.update({k: None for k in ("customer_id", "deal_id") if k in raw})
        plan.set(index, **changes)
    plan.confirm = plan.confirm or (plan.asking or {}).get("type") == "confirm"
    return plan


def _free_text(plan: Plan) -> bool:
    asking = plan.asking or {}
    return asking.get("type") == "fill" and not asking.get("choices")


def _interrupts(understood: Understanding, text: str, turn: Turn) -> bool:
    """A free-text answer that is really a new command ("show top customers" to "Which customer?")."""
    commands, confidence = _with_memory(understood, text, turn)
    return bool(commands) and confidence >= policy.CONFIDENCE_BAR and understood.intent not in ("show_customer", "unknown")


def _with_memory(understood: Understanding, text: str, turn: Turn) -> tuple[list[c.Command], float]:
    """The commands with what they lack taken from the conversation, and the confidence in them: a slot the
    conversation filled, or one the rep will be asked for, no longer counts against it."""
    commands = list(understood.commands) if memory.names_someone(text) else \
        [memory.fill(cmd, turn.row.memory) for cmd in understood.commands]
    supplied = (commands != list(understood.commands)) + any(missing_slot(cmd) is not None for cmd in commands)
    return commands, min(1.0, understood.confidence / MISSING_SLOT_PENALTY ** supplied)


def _new_message(understood: Understanding, text: str, turn: Turn, dropped: list[Result] = ()) -> list[Result]:
    turn.keep(None)
    understood = _about_the_ticket(text, understood, turn) or understood
    if not understood.commands:
        return [*dropped, NotUnderstood(_("I didn't get that; try “help”. For example:"), examples()[:4])]
    commands, confidence = _with_memory(understood, text, turn)
    confirm = len(commands) > 1 or any(
        policy.decide(cmd, confidence, disagreement=understood.overruled) == "confirm" for cmd in commands)
    return _proceed(Plan([cmd.to_json() for cmd in commands], confirm, done=list(dropped)), turn)


def _about_the_ticket(text: str, understood: Understanding, turn: Turn) -> Understanding | None:
    """ "make it urgent", "close it", "assign it to @sam" right after ticket 1042 was the subject: read as said of
    "ticket 1042", when the message alone was nothing, a guess, or a ticket change without its number; kept only
    when the rules read a change of (or a look at) that one ticket."""
    said = memory.ticket_said(text, turn.row.memory)
    if said is None or not (understood.overruled or all(map(_of_a_ticket, understood.commands))):
        return None
    again = understand(said, turn.user, turn.now)
    about_it = all(_of_a_ticket(cmd) and cmd.ticket == turn.row.memory.ticket for cmd in again.commands)
    return again if again.commands and about_it and not again.overruled else None


def _of_a_ticket(cmd: c.Command) -> bool:
    return isinstance(cmd, (c.UpdateTicket, c.ShowTicket))


def _proceed(plan: Plan, turn: Turn) -> list[Result]:
    """Ask the next question the plan needs, or run it (remembering what each command was about)."""
    question = _next_question(plan, turn.user)
    if isinstance(question, Rejected):
        turn.keep(None)
        _remember(turn, plan.command(0), question)
        return [*plan.done, question]
    if question is not None:
        turn.keep(plan)
        memory.note_subject(turn.row.memory, plan.command(0))  # "mark the deal lost" while it asks about Acme's
        return [*plan.done, question]
    results = list(plan.done)
    for index in range(len(plan.commands)):
        cmd = plan.command(index)
        result = _run(plan, cmd, turn, results)
        if isinstance(result, Rejected) and result.options:
            rest = Plan(plan.commands[index:], confirm=False, done=results, new_customers=plan.new_customers)
            rest.asking = {"type": "choose", "index": 0, "slot": result.slot,
                           "choices": [[choices.id_value(o.id), o.label] for o in result.options]}
            turn.keep(rest)
            return [*results, Question(f"{result.message} {result.hint or ''}".strip(), _choices(rest.asking))]
        _remember(turn, cmd, result)
        results.append(result)
    turn.keep(None)
    return results


def _run(plan: Plan, cmd: c.Command, turn: Turn, results: list[Result]) -> Result:
    """Run `cmd`; for a customer the rep chose to add, add it in the same transaction (its result joins `results`)."""
    mention = getattr(cmd, "customer", None)
    if mention not in plan.new_customers or getattr(cmd, "customer_id", None) is not None:
        return bus.handle(cmd, turn.user, channel=turn.channel, now=turn.now)
    added, result = new_customer.add_then(mention, cmd, turn.user, channel=turn.channel, now=turn.now)
    if added is not None:
        results.append(added)
        plan.new_customers.remove(mention)
        _fill_customer(plan, mention, added.customer_id)
    return result


def _remember(turn: Turn, cmd: c.Command, result: Result) -> None:
    what = describe(cmd) if isinstance(result, Rejected) and cmd.writes else ""
    memory.remember(turn.row.memory, cmd, result, turn.user, what)


def _next_question(plan: Plan, user: User) -> Question | Rejected | None:
    for index in range(len(plan.commands)):
        cmd = plan.command(index)
        slot = missing_slot(cmd)
        if slot is not None:
            plan.asking = {"type": "fill", "index": index, "slot": slot.name,
                           "choices": [[v, term(slot.name, v)] for v in slot.choices]}
            return Question(slot.question, _choices(plan.asking))
        asked = _resolve_customer(plan, index, cmd, user) or _refused_outreach(cmd, user) \
            or _refused_team_admin(plan, index, cmd, user) or _which_occurrences(plan, index, cmd, user)
        if asked is not None:
            return asked
    if plan.confirm:
        plan.asking = {"type": "confirm"}
        plan.confirm = False
        return Question(_("Shall I do this?") if len(plan.commands) == 1 else _("Shall I do these?"), confirm_choices(),
                        summary=tuple(describe(plan.command(i)) for i in range(len(plan.commands))))
    plan.asking = None
    return None


def _resolve_customer(plan: Plan, index: int, cmd: c.Command, user: User) -> Question | Rejected | None:
    """Turn a customer mention into an id now, so confirmations name the real customer."""
    mention = getattr(cmd, "customer", None)
    if isinstance(cmd, c.AddCustomer) or not mention or getattr(cmd, "customer_id", None) is not None \
            or mention in plan.new_customers:
        return None
    with database.connection_context():
        found = resolve.resolve(mention, actor_id=user.id)
    if isinstance(found, resolve.Resolved):
        _fill_customer(plan, mention, found.choice.id)
        return None
    if isinstance(found, resolve.Ambiguous):
        plan.asking = {"type": "choose", "index": index, "slot": "customer_id", "mention": mention,
                       "choices": [[choices.id_value(o.id), f"{o.name} ({o.city})" if o.city else o.name]
                                   for o in found.candidates]}
        return Question(_("Which {mention} do you mean?").format(mention=mention), _choices(plan.asking))
    if policy.unknown_customer(cmd) == "offer":
        return _offer_new_customer(plan, index, mention, found.nearest)
    nearest = ", ".join(o.name for o in found.nearest)
    return Rejected(message=_("I don't know a customer called “{mention}”.").format(mention=mention)
                    + (" " + _("Did you mean {names}?").format(names=nearest) if nearest else ""),
                    hint=_("To create it, say “add customer {mention}”.").format(mention=mention),
                    code="customer_not_found")


def _offer_new_customer(plan: Plan, index: int, mention: str, nearest: tuple) -> Question:
    """ "New customer 'Umbrella'? [Add] [Cancel]", showing what Add will write (Add also confirms the plan); the
    nearest known names follow as buttons, for a name mistyped."""
    name = _as_a_name(mention)
    for i, raw in enumerate(plan.commands):
        if raw.get("customer") == mention:
            plan.set(i, customer=name)
    text, buttons = policy.new_customer_question(name)
    plan.asking = {"type": "new_customer", "index": index, "mention": name,
                   "choices": [*map(list, buttons), *([choices.id_value(o.id), o.name] for o in _alike(name, nearest))]}
    return Question(text, _choices(plan.asking), summary=tuple(describe(plan.command(i)) for i in range(len(plan.commands))))


def _alike(name: str, nearest: tuple) -> list:
    """The nearest known customers that share a word with `name` ("Pinecrest Labs Ltda" for "pinecrest
    laboratories"; not "Bluebell Media" for "Umbrella Dynamics"), at most NEAREST."""
    words = {w for w in normalize_name(name).split() if len(w) >= 3}
    return [o for o in nearest if words & set(normalize_name(o.name).split())][:NEAREST]


def _as_a_name(mention: str) -> str:
    """ "umbrella dynamics" -> "Umbrella Dynamics"; a name typed with capitals stays as typed ("iRobot", "ACME")."""
    if mention != mention.lower():
        return mention
    return " ".join(word[:1].upper() + word[1:] for word in mention.split(" "))


def _refused_outreach(cmd: c.Command, user: User) -> Rejected | None:
    """An outreach that can't go (a rep asking, an unknown segment, nobody reachable, a bad placeholder) is
    refused before the confirmation, not after the "yes"."""
    if not isinstance(cmd, c.SendOutreach):
        return None
    try:
        permissions.require(user, "outreach.send")
        with database.connection_context():
            outreach.plan_line(cmd)
    except CrmError as exc:
        return bus.rejected(exc)
    return None


def _refused_team_admin(plan: Plan, index: int, cmd: c.Command, user: User) -> Rejected | None:
    """Team admin the user may not do, or naming nobody known, is refused before the confirmation, not after "yes";
    "me" becomes the user's own name so the confirmation names them (services/team_admin.py)."""
    from crm_core.services import team_admin
    if (mine := team_admin.said_me(cmd, user)):
        plan.set(index, **mine)
        cmd = plan.command(index)
    with database.connection_context():
        refusal = team_admin.refused(cmd, user)
    return bus.rejected(refusal) if refusal is not None else None


def _which_occurrences(plan: Plan, index: int, cmd: c.Command, user: User) -> Question | None:
    """A change to a repeating reminder asks "Only this one" / "This and all following" (for that very reminder)."""
    with database.connection_context():
        reminder = reminder_series.needs_scope(cmd, user)
    if reminder is None:
        return None
    plan.set(index, reminder_id=reminder.id)
    plan.asking = {"type": "choose", "index": index, "slot": "following",
                   "choices": [[choice.value, choice.label] for choice in reminder_series.scope_choices()]}
    return Question(_("“{text}” repeats: change only this one, or this and all following?").format(text=reminder.text),
                    _choices(plan.asking))


def _fill_customer(plan: Plan, mention: str, customer_id: int) -> None:
    """Every command of the plan that names the same customer gets the id ("... and move them to ...")."""
    for index, raw in enumerate(plan.commands):
        if raw.get("customer") == mention and raw.get("customer_id") is None:
            plan.set(index, customer_id=customer_id)


def _answer(plan: Plan, text: str, user: User, now: datetime) -> Plan | None:
    """The plan with the answer applied, or None when `text` is not an answer (a new message instead)."""
    asking = plan.asking or {}
    if asking.get("type") == "confirm":
        return plan if fold(text) in YES or text.strip(" 。！!~") in YES_ZH or _confirm_pick(text) == "yes" else None
    if asking.get("type") == "new_customer":
        return _new_customer_answer(plan, asking, choices.pick(asking["choices"], text))
    value = choices.pick(asking.get("choices") or [], text)
    index, slot = asking.get("index", 0), asking.get("slot")
    if asking.get("type") == "choose" and value is not None:
        if slot == "customer_id" and asking.get("mention"):
            _fill_customer(plan, asking["mention"], choices.id_of(value))
        else:
            plan.set(index, **{slot: choices.id_of(value)})
        return plan
    if asking.get("type") == "fill":
        filled = value if asking.get("choices") else _free_value(slot, text, user, now)
        if filled is not None:
            plan.set(index, **{slot: filled})
            return plan
    return None


def _new_customer_answer(plan: Plan, asking: dict, value: str | None) -> Plan | None:
    """Add: the name joins the customers to add; a known name offered instead: that customer."""
    if value == new_customer.ADD:
        return _added(plan, asking["mention"])
    if value is not None and value.startswith("id:"):
        _fill_customer(plan, asking["mention"], choices.id_of(value))
        return plan
    return None


def _added(plan: Plan, mention: str) -> Plan:
    plan.new_customers.append(mention)
    # the question showed what Add writes, so it confirms the plan too, unless the plan holds a regretted move
    plan.confirm = plan.confirm and any(policy.needs_confirmation(plan.command(i)) for i in range(len(plan.commands)))
    return plan


def _free_value(slot: str, text: str, user: User, now: datetime):
    if not text:
        return None
    if slot == "ticket":
        digits = "".join(ch for ch in text if ch.isdigit())
        return int(digits) if digits else None
    if slot in ("when", "follow_up"):
        return _date_from(text, user, now)
    return text


def _date_from(text: str, user: User, now: datetime) -> str | None:
    understood = understand(f"remind me {text}", user, now)
    for cmd in understood.commands:
        if isinstance(cmd, c.Remind) and cmd.when:
            return cmd.when
    return None


def _choices(asking: dict) -> tuple[Choice, ...]:
    return tuple(Choice(value, label) for value, label in asking.get("choices") or [])
