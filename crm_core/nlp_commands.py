"""Chat text -> commands: the parser's public entry (grammar and vocabulary live in crm_core/nlp/).

    parse("log a call with acme, they want a demo, follow up friday", now) ->
        Parse(intent="log_activity", slots={"kind": "call", "customer": "Acme Corporation", ...}, ...)

Slots hold the canonical values of ../shared/eval/README.md; `to_command` maps a frame onto the
command dataclasses of crm_core.commands. Customers are resolved through an injectable resolver
(default: the bound database's customers), so tests can use an in-memory index.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from crm_core import commands as cmd
from crm_core.errors import CustomerChoice
from crm_core import policy
from crm_core.nlp import corrections, customer_edits, evidence as proof, record_edits
from crm_core.nlp import reminder_edits
from crm_core.nlp.delivery import as_written
from crm_core.nlp.language import language_asked
from crm_core.nlp.analytics_requests import analytics_asked
from crm_core.nlp.rates import rate_said
from crm_core.nlp.frames import BUILDERS as FRAME_BUILDERS
from crm_core.nlp.mentions import NoCustomers, Resolver
from crm_core.nlp.parser import RawFrame, parse_frames

DIALOGUE_ACTS = ("undo", "correct", "cancel")  # about the conversation itself (crm_core/nlp/corrections.py)
WHOLE_MESSAGES = ("set_language", "set_rate", "show_rates", "run_analytics")  # read only from a whole message
INTENTS = (*FRAME_BUILDERS, *WHOLE_MESSAGES, *DIALOGUE_ACTS, "unknown")  # a clause's intents: crm_core/nlp/frames.py
_DEFAULT = object()
_METRIC = {"value": "score"}  # "top customers by value": the lifetime value the score ranks by
_NEEDED = {name: tuple(n.slots for n in command.needs if n.slots) for name, command in cmd.COMMANDS.items()}


@dataclass(frozen=True)
class Frame:
    """One command said in a message: the intent and its slots."""
    intent: str
    slots: dict[str, Any]
    confidence: float = 1.0
    customer_id: int | None = None
    candidates: tuple[CustomerChoice, ...] = ()  # when the customer mention was ambiguous
    evidence: dict[str, proof.Evidence] = field(default_factory=dict)  # slot -> the words it came from
    overruled: bool = False  # the learned model overruled the rules' intent (policy confirms the write)

    def to_command(self) -> cmd.Command | None:
        return to_command(self.intent, self.slots, self.customer_id)

    @property
    def action(self) -> policy.Action:
        """What the bot would do: act, confirm, ask or answer (see crm_core/policy.py)."""
        command = self.to_command()
        if command is None:
            return "answer"
        missing = any(not any(s in self.slots for s in one_of.split("|")) for one_of in _NEEDED.get(self.intent, ()))
        return policy.decide(command, self.confidence, missing=missing, disagreement=self.overruled)

    def to_json(self) -> dict[str, Any]:
        return {"intent": self.intent, "slots": self.slots, "confidence": self.confidence, **self.explained()}

    def explained(self) -> dict[str, Any]:
        return {"evidence": {name: found.to_json() for name, found in self.evidence.items()}, "action": self.action}


@dataclass(frozen=True)
class Parse:
    """What a message says: the primary frame's intent and slots, plus any further commands."""
    text: str
    intent: str
    slots: dict[str, Any]
    confidence: float
    commands: tuple[Frame, ...] = field(default=())

    @property
    def frame(self) -> Frame:
        return self.commands[0]

    def to_command(self) -> cmd.Command | None:
        return self.frame.to_command() if self.commands else None

    def to_json(self) -> dict[str, Any]:
        out = {"text": self.text, "intent": self.intent, "slots": self.slots, "confidence": self.confidence}
        if self.commands:
            out.update(self.frame.explained())
        if len(self.commands) > 1:
            out["also"] = [f.to_json() for f in self.commands[1:]]
        return out


def default_resolver(actor_id: int | None = None) -> Resolver:
    """The bound database's customers (crm_core.resolve), or none when no database is bound."""
    from crm_core.db import database
    if database.obj is None:
        return NoCustomers()
    from crm_core.resolve import CustomerResolver
    return CustomerResolver(actor_id=actor_id)


def parse(text: str, now: datetime, resolver: Resolver | None | object = _DEFAULT,
          tz: str | ZoneInfo = "UTC") -> Parse:
    """Parse one chat message said at `now` (naive = in `tz`) by a user in time zone `tz`."""
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    local = (now.astimezone(zone) if now.tzinfo else now).replace(tzinfo=None)
    if resolver is _DEFAULT:
        resolver = default_resolver()
    elif resolver is None:
        resolver = NoCustomers()
    if (language := language_asked(text)) is not None:  # "speak chinese", "说中文": before either language's parser
        frame = Frame("set_language", {"language": language})
        return Parse(text, frame.intent, frame.slots, frame.confidence, (frame,))
    if (rate := rate_said(text)) is not None:  # "1 EUR = 1.08 USD", "exchange rates": whole messages only
        intent, slots, spans = rate
        said = {name: proof.Evidence(text[a:b], (a, b)) for name, (a, b) in spans.items()}
        frame = Frame(intent, slots, evidence=said)
        return Parse(text, frame.intent, frame.slots, frame.confidence, (frame,))
    if (analytics := analytics_asked(text)) is not None:  # "rescore now", "重新分群": whole messages only
        intent, slots, (start, end) = analytics
        frame = Frame(intent, slots, evidence={"job": proof.Evidence(text[start:end], (start, end))})
        return Parse(text, frame.intent, frame.slots, frame.confidence, (frame,))
    about_the_chat = corrections.detect(text, local.date(), resolver)  # undo / cancel / correct (the dialogue acts)
    if about_the_chat is not None:
        frame = Frame(about_the_chat.intent, about_the_chat.slots)
        return Parse(text, frame.intent, frame.slots, frame.confidence, (frame,))
    try:
        raw_frames = parse_frames(text, local.date(), resolver, now=local)  # type: ignore[arg-type]
    except RecursionError:  # pragma: no cover - defensive: never let a message crash a handler
        raw_frames = [RawFrame("unknown", {}, 0.5)]
    text = text if isinstance(text, str) else str(text)
    reading = proof.Reading(text, local.date()) if any(f.slots for f in raw_frames) else None
    frames = tuple(_frame(f, text, reading) for f in raw_frames)
    first = frames[0]
    return Parse(text, first.intent, first.slots, first.confidence, frames)


def _frame(raw: RawFrame, text: str, reading: proof.Reading | None) -> Frame:
    customer_id = raw.customer.id if raw.customer is not None and raw.intent != "add_customer" else None
    if raw.intent == "send_outreach" and raw.slots.get("message") not in (None, cmd.CHECK_IN_MESSAGE):
        raw.slots["message"] = as_written(raw.slots["message"], text)
    if raw.spans is not None:  # the Chinese parser says where each slot was said
        evidence = {name: proof.Evidence(text[a:b], (a, b)) for name, (a, b) in raw.spans.items()}
    else:
        evidence = _evidence(raw, reading) if reading is not None else {}
    return Frame(raw.intent, raw.slots, raw.confidence, customer_id, raw.candidates, evidence, raw.overruled)


def _evidence(raw: RawFrame, reading: proof.Reading) -> dict[str, proof.Evidence]:
    """Each slot's words; a writing intent's slot without any is dropped (a write needs evidence)."""
    mention = raw.customer.mention if raw.customer is not None else None
    found = {name: proof.find(reading, name, value, raw.slots, mention) for name, value in raw.slots.items()}
    if _writes(raw.intent):
        for name in [n for n, e in found.items() if e is None and n not in proof.CONTEXT_SLOTS]:
            del raw.slots[name]
    return {name: e for name, e in found.items() if e is not None}


@lru_cache(maxsize=None)
def _writes(intent: str) -> bool:
    """Whether the intent's command writes (a class attribute: the same whatever the slots)."""
    command = to_command(intent, {})
    return command is not None and command.writes


def to_command(intent: str, slots: dict[str, Any], customer_id: int | None = None) -> cmd.Command | None:
    """The command a frame describes; None for "unknown" (and for an intent with no command)."""
    build = _BUILDERS.get(intent)
    if build is None:
        return None
    return build(slots, {"customer": slots.get("customer"), "customer_id": customer_id}, customer_id)


def _from_slots(command: type[cmd.Command]) -> Callable[[dict[str, Any], dict[str, Any], int | None], cmd.Command]:
    """The builder of a command whose fields are read from the slots of the same name (or the one its `slot_names`
    says), the customer id from the resolved mention; ids are never read from words, and a bool field is a flag."""
    reads = {f.name: command.slot_names.get(f.name, f.name) for f in dataclasses.fields(command)
             if f.name == "customer_id" or not (f.name.endswith("_id") or command.slot_names.get(f.name, "") is None)}
    flags = {f.name for f in dataclasses.fields(command) if f.type == "bool"}

    def build(s: dict[str, Any], who: dict[str, Any], cid: int | None) -> cmd.Command:
        values = {name: bool(s[slot]) if name in flags else s[slot] for name, slot in reads.items() if slot in s}
        return command(**values, **({"customer_id": cid} if "customer_id" in reads else {}))
    return build


# intent -> its command, from (slots, who, customer_id): the table is built once, not on each of the two calls
# a frame makes; an intent not here is read by _from_slots
_SPECIAL: dict[str, Callable[[dict[str, Any], dict[str, Any], int | None], cmd.Command]] = {
    "show_top_customers": lambda s, who, cid: cmd.ShowTopCustomers(limit=s.get("limit", 10),
        metric=_METRIC.get(s.get("metric"), s.get("metric", "revenue")),
        since=s.get("since"), until=s.get("until"),
        csv=bool(s.get("csv"))),
    "show_customer": lambda s, who, cid: cmd.ShowTimeline(csv=bool(s.get("csv")), **who) if s.get("timeline")
    else cmd.ShowCustomer(**who),
    "set_rate": lambda s, who, cid: cmd.SetRate(currency=s.get("currency", ""), rate=str(s.get("rate", "")),
        base=s.get("base")),
    **{name: (lambda s, who, cid, name=name: customer_edits.to_command(name, s, cid))
       for name in customer_edits.BUILDERS},
    **{name: (lambda s, who, cid, name=name: record_edits.to_command(name, s, cid)) for name in record_edits.BUILDERS},
    **{name: (lambda s, who, cid, name=name: reminder_edits.to_command(name, s)) for name in reminder_edits.BUILDERS},
}
_BUILDERS = {name: _SPECIAL.get(name) or _from_slots(cmd.COMMANDS[name])
             for name in INTENTS if name in cmd.COMMANDS and name not in DIALOGUE_ACTS}
