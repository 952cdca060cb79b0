"""An utterance -> frames: clean, tokenize, split into commands, classify each clause, cut its slots."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from crm_core.errors import CustomerChoice
from crm_core.nlp import classifier, cues, delivery
from crm_core.nlp.amounts import MONEY_WORDS
from crm_core.nlp.recurrence import RECURRENCE_WORDS
from crm_core.nlp.frames import BUILDERS, REQUIRED
from crm_core.nlp.grammar import WRITES, Clause, decide, never_write_a_question
from crm_core.nlp.mentions import CustomerRef, Resolver, spot_customers
from crm_core.nlp.zh import english_with_names, has_cjk
from crm_core.nlp.text import MAX_CHARS, Utterance, clean, set_vocabulary, tokenize
from crm_core.nlp import customer_edits, record_edits, reports
from crm_core.nlp import reminder_edits, team_admin
from crm_core.nlp.vocabulary import (COMMON_FIRST_NAMES, COMMON_WORDS, EVERYDAY_WORDS, MONTHS, NUMBER_WORDS, SHORTHAND,
                                      WEEKDAYS)

CORRECTABLE = cues.GRAMMAR_WORDS | frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(
    "tomorrow today tonight followup week weeks month months please ticket tickets customer customers".split())
KNOWN = CORRECTABLE | COMMON_WORDS | COMMON_FIRST_NAMES | frozenset(SHORTHAND.values()) | frozenset(NUMBER_WORDS) \
    | MONEY_WORDS | RECURRENCE_WORDS | customer_edits.KNOWN | record_edits.KNOWN | reports.KNOWN
KNOWN |= team_admin.KNOWN | reminder_edits.KNOWN | EVERYDAY_WORDS
set_vocabulary(CORRECTABLE)
CUSTOMER_INTENTS = frozenset(("log_activity", "create_deal", "move_deal", "open_ticket", "show_customer", "remind",
                              "invite_customer"))
_COMMAND_START = re.compile(  # used with .match(text, pos): anchored at pos
    r"(?:(?:and|then|also|plus|pls|please|can you|could you|would you|you can|u can|oh|ok|kindly|after that|"
    r"lastly|finally|and then|oh and|i also need you to|also please|and please|and pls) )*"
    r"(?:move|push|bump|advance|mark|set|update|change|log|add|create|open|raise|file|close|reopen|resolve|assign|"
    r"reassign|remind|ping me|schedule|remember|new (?:deal|ticket|opportunity|customer)|show|list|pull up|invite|"
    r"note (?:that|on|for))\b")
_MOVE_START = re.compile(r"^(?:(?:please|pls|can you|could you|ok|and|then) )*"
                         r"(?:move|moved|push|bump|advance|mark|set|change|update|put|shift|progress)\b")
# "move acme to proposal and globex to negotiation": the second move said without its verb
_MORE_MOVES = re.compile(r"(?:(?:and|then|also|plus) )?(?:the )?(?:[^\s()\[\]{}:;,.!?]+ ){1,5}?"
                         r"(?:deal |opportunity |account )?(?:to|into|as|->) (?:the )?(?:stage )?"
                         r"(?:" + cues.STAGE_RX.pattern + r")")
_SPLIT_WORDS = frozenset(("and", "then", "also", "plus"))
_REMINDER_HEAD = re.compile(r"(?:(?:a |quick |friendly )?reminder|remind me|todo|to do|note to self|nb)")
_MOVE_LISTS = _SPLIT_WORDS | {",", ";"}
MIN_COMMAND_CONFIDENCE = 0.75  # a weaker clause (a bare name, a stage without a customer) is context, not a command
VOTED_INTENTS = frozenset(BUILDERS) | {"unknown"}  # what a clause can be (undo/cancel/correct are dialogue acts)


@dataclass
class RawFrame:
    intent: str
    slots: dict[str, Any]
    confidence: float
    customer: CustomerRef | None = None
    candidates: tuple[CustomerChoice, ...] = field(default=())
    overruled: bool = False  # the model overruled the rules' intent: the dialogue confirms, never acts
    spans: dict[str, tuple[int, int]] | None = None  # where each slot was said (the Chinese parser reports it)


def parse_frames(text: object, today: date, resolver: Resolver, now: datetime | None = None) -> list[RawFrame]:
    """Frames of an utterance, primary first; [unknown] when it is not a CRM command."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    elif not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > MAX_CHARS:
        return [RawFrame("unknown", {}, 0.95)]
    if has_cjk(text):  # Chinese or mixed with English names: crm_core/nlp/zh
        english = english_with_names(text, resolver)  # "move 腾讯 to negotiation": English naming a customer in Chinese
        if english is None:
            return _chinese(text, today, resolver, now)
        text = english
    utterance = tokenize(clean(text), KNOWN, resolver.is_name_word)
    if not utterance.tokens:
        return [RawFrame("unknown", {}, 0.95)]
    parts = split_commands(utterance, delivery.message_span(utterance), _inside_names(utterance, resolver)) \
        if not team_admin.keeps_whole(utterance) else [utterance]
    if len(parts) > 1:
        frames = _parse_parts(parts, today, resolver, now)
        commands = [f for f in frames if f.intent != "unknown" and f.confidence >= MIN_COMMAND_CONFIDENCE]
        distinct = {(f.intent, f.slots.get("customer"), f.slots.get("ticket")) for f in commands}
        if len(commands) >= 2 and len(distinct) >= 2:
            return _ticket_for_the_story(commands)
    return [parse_clause(Clause(utterance, today, resolver, now=now))]


def _chinese(text: str, today: date, resolver: Resolver, now: datetime | None) -> list[RawFrame]:
    from crm_core.nlp.zh import parse_zh_commands
    return [RawFrame(f.intent, f.slots, confidence, f.customer,
                     f.customer.candidates if f.customer and not f.customer.resolved else (), spans=f.spans)
            for f, confidence in parse_zh_commands(text, today, resolver, now)]


def _ticket_for_the_story(commands: list[RawFrame]) -> list[RawFrame]:
    """ "silverline wants a refund, open a ticket": the story is the ticket's subject, not a note beside it."""
    story, request = commands[0], commands[1]
    if story.intent != "log_activity" or story.slots.get("kind") != "note" or "follow_up" in story.slots \
            or request.intent != "open_ticket" or "subject" in request.slots or not story.slots.get("summary") \
            or request.slots.get("customer", story.slots.get("customer")) != story.slots.get("customer"):
        return commands
    slots = {**request.slots, "subject": story.slots["summary"]}
    if "customer" in story.slots:
        slots["customer"] = story.slots["customer"]
    ticket = RawFrame("open_ticket", slots, min(story.confidence, request.confidence), story.customer or
                      request.customer, story.candidates or request.candidates, story.overruled or request.overruled)
    return [ticket, *commands[2:]]


def _inside_names(u: Utterance, resolver: Resolver) -> frozenset[int]:
    """Tokens inside a known customer's name ("patel and co"), where no command is cut; spotted only when the
    message has a word that could cut it."""
    if not any(token.word in _SPLIT_WORDS for token in u.tokens):
        return frozenset()
    return frozenset(k for ref in spot_customers(u, resolver) for k in range(ref.start + 1, ref.end))


def split_commands(u: Utterance, message: tuple[int, int] | None = None,
                   names: frozenset[int] = frozenset()) -> list[Utterance]:
    """Clauses that each start a new command ("..., move them to proposal and remind me friday"); an outreach
    message (its token span) and a customer's name (`names`: token positions) are never cut."""
    cuts, moves = [0], set()  # moves: clauses that are a move said without its verb
    inside = range(*message) if message else range(0)
    for k, token in enumerate(u.tokens[:-1]):
        if (token.boundary or token.word in _SPLIT_WORDS) and k not in inside and k not in names:
            start = k + 1
            if k + 1 - cuts[-1] < 2 or _REMINDER_HEAD.fullmatch(" ".join(u.words(cuts[-1], k))):
                continue  # "reminder: push the hooli deal to negotiation tomorrow" is what to remind, not a move
            another_move = token.word in _MOVE_LISTS \
                and (cuts[-1] in moves or _MOVE_START.match(u.canon, u.offsets[cuts[-1]]) is not None) \
                and _MORE_MOVES.match(u.canon, u.offsets[start]) is not None
            if another_move or _COMMAND_START.match(u.canon, u.offsets[start]) is not None:
                cuts.append(start if token.boundary or another_move else k)  # "and <name> to ...": name first
                if another_move:
                    moves.add(cuts[-1])
    cuts.append(len(u.tokens))
    return [Utterance(u.text, u.tokens[a:b]) for a, b in zip(cuts, cuts[1:]) if b > a]


def _parse_parts(parts: list[Utterance], today: date, resolver: Resolver, now: datetime | None) -> list[RawFrame]:
    frames: list[RawFrame] = []
    carried: CustomerRef | None = None
    ticket: int | None = None
    for k, part in enumerate(parts):
        verbless = k > 0 and _COMMAND_START.match(part.canon) is None and _MORE_MOVES.match(part.canon) is not None
        frame = parse_clause(Clause(part, today, resolver, carried=carried, verbless=verbless, now=now))
        if frame.intent in CUSTOMER_INTENTS and "customer" not in frame.slots and carried is not None:
            frame.slots["customer"] = carried.name
            frame.customer = carried
        if frame.intent == "update_ticket" and "ticket" not in frame.slots and ticket is not None:
            frame.slots["ticket"] = ticket
        if frame.customer is None and frame.intent == "add_customer" and frame.slots.get("customer"):
            name = frame.slots["customer"]
            frame_ref = CustomerRef(name, 0, 0, name)
        else:
            frame_ref = frame.customer
        carried = frame_ref or carried
        ticket = frame.slots.get("ticket", ticket)
        frames.append(frame)
    return frames


def _said_of_the_conversation(c: Clause, missing: list[str]) -> bool:
    """ "they love it but hate the price": only the customer is missing, and a pronoun points at the one talked about."""
    return missing == ["customer"] and (c.search(cues.PRONOUN_REF) is not None
                                        or not _THEIR.isdisjoint(t.word for t in c.u.tokens))


def _unnamed_activity(intent: str, missing: list[str], sure: bool) -> bool:
    """ "called, left a vm, f/u friday": an activity told of the customer the conversation is about; the dialogue
    asks or confirms which (an overruled frame is never done at once), so only a sure model reads one."""
    return sure and intent == "log_activity" and missing == ["customer"]


def _known(ref: CustomerRef) -> bool:
    return ref.spotted or ref.resolved or bool(ref.candidates)


_THEIR = frozenset("their theirs theyre theyll theyve theyd".split())


# the record edits, reports, team admin and reminder edits (issues 14, 15) are the rules' alone: the model neither
# overrules them nor turns another reading into one (5-fold CV on train, bench/intent_study.py)
RULES_ONLY = record_edits.WRITES | reports.INTENTS | team_admin.WRITES | reminder_edits.WRITES
MODEL_MAY_CHOOSE = VOTED_INTENTS - RULES_ONLY


def parse_clause(c: Clause) -> RawFrame:
    rules = decide(c)
    allowed = MODEL_MAY_CHOOSE if rules[0] not in RULES_ONLY else frozenset(rules[:1])
    intent, confidence, overruled = classifier.VOTER.vote(c, *rules, allowed=allowed)
    if overruled:
        sure = classifier.VOTER.sure_of(c, intent)
        frame = _frame_of(c, *never_write_a_question(c, intent, confidence), overruled=True, sure=sure)
        if frame is not None:
            return frame
        c = replace(c, used=set(), chosen=None)  # the model named an intent the words give no evidence for
    return _frame_of(c, *never_write_a_question(c, *rules), overruled=False) or RawFrame("unknown", {}, rules[1])


def _frame_of(c: Clause, intent: str, confidence: float, overruled: bool, sure: bool = False) -> RawFrame | None:
    if intent == "unknown":
        return RawFrame("unknown", {}, confidence)
    slots = {k: v for k, v in BUILDERS[intent](c).items() if v not in (None, "")}
    missing = [s for s in REQUIRED.get(intent, ()) if s not in slots]
    ref = c.chosen if "customer" in slots and intent != "add_customer" else None
    if overruled and (missing and not _said_of_the_conversation(c, missing) and not _unnamed_activity(intent, missing, sure)
                      or ref is not None and not _known(ref) and intent not in WRITES):
        return None  # nothing the words name: "Wie geht es dir heute?" is no card, "called the dentist" no activity
    confidence *= 0.8 ** len(missing)
    if ref is not None and not ref.resolved:
        confidence *= 0.85 if ref.candidates else 0.9
    return RawFrame(intent, slots, round(confidence, 3), ref, ref.candidates if ref and not ref.resolved else (),
                    overruled)
