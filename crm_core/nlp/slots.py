"""Slot values found in an utterance: ticket numbers, stages, priorities, statuses, people, free text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from crm_core.nlp.cues import (
    CHATTER, MOVE_VERB, PRIORITY_OF, PRIORITY_RX, STAGE_OF, STAGE_RX, STATUS_OF, STATUS_RX, TICKET_WORDS, WEAK_STAGES,
)
from crm_core.nlp.text import Utterance
from crm_core.nlp.vocabulary import MONTHS, NUMBER_WORDS

_INTEGER = re.compile(r"^\d{1,9}$")
_STAGE_LEAD_IN = frozenset("to into in at as -> : stage now is are was".split())
FILLER_EDGE = CHATTER | frozenset("""
a an the to with w for and but about re of on at in from by as that is are was it its this so then - : , . ! ?
let know pls please log it note add record just got off
""".split())


@dataclass(frozen=True)
class Found:
    value: object
    start: int
    end: int


_TICKET_VERBS = frozenset("close reopen resolve assign reassign escalate".split())


def ticket_number(u: Utterance) -> Found | None:
    """ "#17", "ticket 42", "tkt 88", "case 7", "reopen 42" -> the integer."""
    tokens = u.tokens
    for k, token in enumerate(tokens):
        if token.kind == "ticket":
            return Found(int(token.word[1:]), k, k + 1)
        if token.word in TICKET_WORDS and k + 1 < len(tokens):
            nxt = tokens[k + 1]
            if nxt.kind == "ticket":
                return Found(int(nxt.word[1:]), k, k + 2)
            if nxt.kind == "num" and _INTEGER.match(nxt.word):
                return Found(int(nxt.word), k, k + 2)
    for k, token in enumerate(tokens[:-1]):
        nxt = tokens[k + 1]
        if token.word in _TICKET_VERBS and nxt.kind == "num" and _INTEGER.match(nxt.word) and not _day_of_month(u, k + 1):
            return Found(int(nxt.word), k + 1, k + 2)
    return _number_given_a_status(u)


def _day_of_month(u: Utterance, k: int) -> bool:
    """ "close 15 dec": a number before a month is a day, not a ticket."""
    return k + 1 < len(u.tokens) and u.tokens[k + 1].word in MONTHS


def _number_given_a_status(u: Utterance) -> Found | None:
    """ "mark 288 as resolved", "433 pending, waiting on customer": a bare number whose status is set."""
    tokens = u.tokens
    at = 1 if tokens and tokens[0].word == "mark" else 0
    if len(tokens) <= at + 1 or tokens[at].kind != "num" or not _INTEGER.match(tokens[at].word):
        return None
    status = u.search(STATUS_RX)
    if status is None or u.token_at(status.start()) > at + 2:
        return None
    return Found(int(tokens[at].word), at, at + 1)


def values(u: Utterance, pattern: re.Pattern, lookup: dict[str, str]) -> list[Found]:
    found = []
    for match in u.finditer(pattern):
        i, j = u.span(match)
        found.append(Found(lookup[match.group()], i, j))
    return found


def stages(u: Utterance, about_a_deal: bool = False) -> list[Found]:
    """Deal stages; a noun-like stage ("proposal", "lead") counts only after "to", "->", "stage"... or a move verb
    (or anywhere when the clause is about a deal)."""
    found = []
    has_move_verb = about_a_deal or u.search(MOVE_VERB) is not None
    for match in u.finditer(STAGE_RX):
        i, j = u.span(match)
        phrase = match.group()
        if phrase in WEAK_STAGES:
            if i > 0 and u.tokens[i - 1].word == "team":
                continue  # "move sam to team lead": a role, no stage
            before = {t.word for t in u.tokens[max(0, i - 2):i]}
            after = u.tokens[j].word if j < len(u.tokens) else ""
            if not (before & _STAGE_LEAD_IN or after in ("stage", "sent") or has_move_verb):
                continue
        found.append(Found(STAGE_OF[phrase], i, j))
    return found


def priorities(u: Utterance) -> list[Found]:
    return values(u, PRIORITY_RX, PRIORITY_OF)


def statuses(u: Utterance) -> list[Found]:
    return values(u, STATUS_RX, STATUS_OF)


def small_number(u: Utterance, after: int = 0) -> Found | None:
    """A count like "top 5", "ten biggest", "twenty" (not a year, an amount or a ticket)."""
    for k in range(after, len(u.tokens)):
        token = u.tokens[k]
        if token.kind == "num" and _INTEGER.match(token.word) and 0 < int(token.word) <= 1000:
            return Found(int(token.word), k, k + 1)
        if token.kind == "word" and token.word in NUMBER_WORDS and token.word not in ("a", "an", "couple", "few"):
            value = NUMBER_WORDS[token.word]
            if 0 < value <= 100:
                return Found(value, k, k + 1)
    return None


def free_text(u: Utterance, used: set[int], start: int = 0, stop: int | None = None) -> str:
    """What is left once the cue words and slots are taken out: chunks between boundaries, trimmed."""
    stop = len(u.tokens) if stop is None else stop
    chunks: list[str] = []
    chunk: list[int] = []

    def flush() -> None:
        kept = [k for k in chunk if k not in used]
        while kept and u.tokens[kept[0]].word in FILLER_EDGE:
            kept.pop(0)
        while kept and u.tokens[kept[-1]].word in FILLER_EDGE:
            kept.pop()
        if kept and any(u.tokens[k].kind != "punct" for k in kept):
            first, last = kept[0], kept[-1]
            text = u.raw(first, last + 1)
            if all(k in kept or u.tokens[k].kind == "punct" for k in range(first, last + 1)):
                chunks.append(text)
            else:
                chunks.append(" ".join(u.tokens[k].raw for k in kept))
        chunk.clear()

    for k in range(start, stop):
        if u.tokens[k].boundary:
            flush()
        else:
            chunk.append(k)
    flush()
    return ", ".join(c.strip(" -:,") for c in chunks if c.strip(" -:,"))
