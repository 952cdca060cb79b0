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
from datetime import datetime, timedelta

from crm_core import bus, permissions, policy, resolve
from crm_core import commands as c
from crm_core.db import database
from crm_core.errors import CrmError
from crm_core.models import Conversation, User, utcnow
from crm_core.names import fold
from crm_core.results import Choice, Notice, NotUnderstood, Question, Rejected, Result
from crm_core.services import outreach
from crm_core.services.help import EXAMPLES
from crm_core.understanding import describe, missing_slot, understand

YES = frozenset({"yes", "y", "confirm", "ok", "okay", "sure", "yep", "yeah", "go", "go ahead", "do it"})
NO = frozenset({"no", "n", "cancel", "stop", "nope", "never mind", "nevermind", "abort", "forget it"})
CONFIRM = (Choice("yes", "Confirm"), Choice("no", "Cancel"))
UNDO = frozenset({"undo", "undo that", "undo it", "undo last", "revert", "revert that", "take that back"})
LOW_CONFIDENCE = 0.6
PLAN_EXPIRES = timedelta(minutes=30)


@dataclass
class Plan:
    """Commands on their way to the bus, and the question that holds them up (if any)."""
    commands: list[dict]
    confirm: bool = False
    asking: dict | None = None  # {"type": "confirm"|"choose"|"fill", "index", "slot", "choices", "mention"}
    done: list = field(default_factory=list)  # results gathered before the question (not stored)

    def command(self, index: int) -> c.Command:
        return c.from_json(self.commands[index])

    def set(self, index: int, **changes) -> None:
        self.commands[index] = dataclasses.replace(self.command(index), **changes).to_json()

    def to_json(self) -> str:
        return json.dumps({"commands": self.commands, "confirm": self.confirm, "asking": self.asking})

    @classmethod
    def from_json(cls, text: str) -> Plan:
        data = json.loads(text)
        return cls(data["commands"], data["confirm"], data["asking"])


def converse(user: User, conversation: str, text: str, *, channel: str = "console",
             now: datetime | None = None) -> list[Result]:
    now = now or utcnow()
    text = (text or "").strip()
    plan = _load(user, conversation, now)
    if plan is not None and fold(text) in NO | {"cancel"}:
        _save(user, conversation, None, now)
        return [Notice("Cancelled; nothing was changed.")]
    if plan is not None:
        answered = _answer(plan, text, user, now)
        if answered is not None:
            return _proceed(answered, user, conversation, channel, now)
    return _new_message(text, user, conversation, channel, now)


def _new_message(text: str, user: User, conversation: str, channel: str, now: datetime) -> list[Result]:
    _save(user, conversation, None, now)
    if fold(text) in UNDO:
        return [bus.handle(c.Undo(), user, channel=channel, now=now)]
    understood = understand(text, user, now)
    if not understood.commands:
        return [NotUnderstood("I didn't get that; try “help”. For example:", EXAMPLES[:4])]
    commands = understood.commands
    confirm = len(commands) > 1 or understood.confidence < LOW_CONFIDENCE or any(map(policy.needs_confirmation, commands))
    return _proceed(Plan([cmd.to_json() for cmd in commands], confirm), user, conversation, channel, now)


def _destructive(cmd: c.Command) -> bool:
    return (isinstance(cmd, c.MoveDeal) and (cmd.stage == "lost" or cmd.reopen)) \
        or (isinstance(cmd, c.UpdateTicket) and cmd.status == "closed") \
        or isinstance(cmd, (c.SetRole, c.SendOutreach))  # an outreach is always confirmed: it can't be undone


def _proceed(plan: Plan, user: User, conversation: str, channel: str, now: datetime) -> list[Result]:
    """Ask the next question the plan needs, or run it."""
    question = _next_question(plan, user)
    if isinstance(question, Rejected):
        _save(user, conversation, None, now)
        return [*plan.done, question]
    if question is not None:
        _save(user, conversation, plan, now)
        return [*plan.done, question]
    results = list(plan.done)
    for index in range(len(plan.commands)):
        result = bus.handle(plan.command(index), user, channel=channel, now=now)
        if isinstance(result, Rejected) and result.options:
            rest = Plan(plan.commands[index:], confirm=False, done=results)
            rest.asking = {"type": "choose", "index": 0, "slot": result.slot,
                           "choices": [[str(o.id), o.label] for o in result.options]}
            _save(user, conversation, rest, now)
            return [*results, Question(f"{result.message} {result.hint or ''}".strip(), _choices(rest.asking))]
        results.append(result)
    _save(user, conversation, None, now)
    return results


def _next_question(plan: Plan, user: User) -> Question | Rejected | None:
    for index in range(len(plan.commands)):
        cmd = plan.command(index)
        slot = missing_slot(cmd)
        if slot is not None:
            plan.asking = {"type": "fill", "index": index, "slot": slot.name,
                           "choices": [[v, v.replace("_", " ")] for v in slot.choices]}
            return Question(slot.question, _choices(plan.asking))
        asked = _resolve_customer(plan, index, cmd, user) or _refused_outreach(cmd, user)
        if asked is not None:
            return asked
    if plan.confirm:
        plan.asking = {"type": "confirm"}
        plan.confirm = False
        return Question("Shall I do this?" if len(plan.commands) == 1 else "Shall I do these?", CONFIRM,
                        summary=tuple(describe(plan.command(i)) for i in range(len(plan.commands))))
    plan.asking = None
    return None


def _resolve_customer(plan: Plan, index: int, cmd: c.Command, user: User) -> Question | Rejected | None:
    """Turn a customer mention into an id now, so confirmations name the real customer."""
    mention = getattr(cmd, "customer", None)
    if isinstance(cmd, c.AddCustomer) or not mention or getattr(cmd, "customer_id", None) is not None:
        return None
    with database.connection_context():
        found = resolve.resolve(mention, actor_id=user.id)
    if isinstance(found, resolve.Resolved):
        _fill_customer(plan, mention, found.choice.id)
        return None
    if isinstance(found, resolve.Ambiguous):
        plan.asking = {"type": "choose", "index": index, "slot": "customer_id", "mention": mention,
                       "choices": [[str(o.id), f"{o.name} ({o.city})" if o.city else o.name]
                                   for o in found.candidates]}
        return Question(f"Which {mention} do you mean?", _choices(plan.asking))
    nearest = ", ".join(o.name for o in found.nearest)
    return Rejected(message=f"I don't know a customer called “{mention}”." + (f" Did you mean {nearest}?" if nearest else ""),
                    hint=f"To create it, say “add customer {mention}”.", code="customer_not_found")


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


def _fill_customer(plan: Plan, mention: str, customer_id: int) -> None:
    """Every command of the plan that names the same customer gets the id ("... and move them to ...")."""
    for index, raw in enumerate(plan.commands):
        if raw.get("customer") == mention and raw.get("customer_id") is None:
            plan.set(index, customer_id=customer_id)


def _answer(plan: Plan, text: str, user: User, now: datetime) -> Plan | None:
    """The plan with the answer applied, or None when `text` is not an answer (a new message instead)."""
    asking = plan.asking or {}
    if asking.get("type") == "confirm":
        return plan if fold(text) in YES else None
    value = _pick(asking.get("choices") or [], text)
    index, slot = asking.get("index", 0), asking.get("slot")
    if asking.get("type") == "choose" and value is not None:
        if slot == "customer_id" and asking.get("mention"):
            _fill_customer(plan, asking["mention"], int(value))
        else:
            plan.set(index, **{slot: int(value)})
        return plan
    if asking.get("type") == "fill":
        filled = value if asking.get("choices") else _free_value(slot, text, user, now)
        if filled is not None:
            plan.set(index, **{slot: filled})
            return plan
    return None


def _pick(choices: list[list[str]], text: str) -> str | None:
    """A choice by its number in the list, its value or its label."""
    wanted = fold(text)
    if wanted.isdigit() and 1 <= int(wanted) <= len(choices) and not any(v == wanted for v, _ in choices):
        return choices[int(wanted) - 1][0]
    for value, label in choices:
        if wanted in (fold(value), fold(label)):
            return value
    starts = [value for value, label in choices if wanted and fold(label).startswith(wanted)]
    return starts[0] if len(starts) == 1 else None


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


def _load(user: User, conversation: str, now: datetime) -> Plan | None:
    with database.connection_context():
        row = Conversation.get_or_none((Conversation.user == user.id) & (Conversation.key == conversation))
    if row is None or row.pending is None or row.updated_at < now - PLAN_EXPIRES:
        return None
    return Plan.from_json(row.pending)


def _save(user: User, conversation: str, plan: Plan | None, now: datetime) -> None:
    pending = plan.to_json() if plan is not None else None
    with database.connection_context(), database.atomic():
        updated = (Conversation.update(pending=pending, updated_at=now)
                   .where((Conversation.user == user.id) & (Conversation.key == conversation)).execute())
        if not updated and pending is not None:
            Conversation.insert(user=user.id, key=conversation, pending=pending, updated_at=now) \
                .on_conflict_ignore().execute()
