"""Messages about the conversation, not the CRM: undo, cancel, and corrections of the last write.

    detect("actually make it 15k", today)  -> Said("correct", {"amount": 15000})
    detect("no, I meant Acme Ltd", today)  -> Said("correct", {"customer": "Acme Ltd"})
    detect("I meant tuesday", today)       -> Said("correct", {"date": "2026-12-01"})
    detect("sorry, make that a meeting")   -> Said("correct", {"kind": "meeting"})
    detect("never mind") -> Said("cancel", {});  detect("undo that") -> Said("undo", {})

Slots follow tests/data/corpus/LABELS.md (intent `correct`: one of customer, amount (+currency), date, stage,
kind). The customer is the mention as written, or the resolver's name for it when one is given.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crm_core.models import ACTIVITY_KINDS, STAGES
from crm_core.nlp.amounts import best_amount, find_amounts
from crm_core.nlp.dates import find_dates
from crm_core.nlp.mentions import Resolver
from crm_core.nlp.text import tokenize

_LEAD = r"^(?:(?:no+|nope|sorry|oops|actually|wait|err|um+|ah|oh)\b[\s,.!:;-]*)*"
_UNDO = re.compile(_LEAD + r"(?:please\s+)?(?:undo|revert|take\s+(?:that|it)\s+back|roll\s+(?:that|it)\s+back)"
                   r"(?:\s+(?:that|it|this|last|the\s+last(?:\s+(?:one|change))?|my\s+last(?:\s+(?:one|change))?))?"
                   r"(?:\s+please)?[\s.!]*$", re.IGNORECASE)
_CANCEL = re.compile(_LEAD + r"(?:cancel(?:\s+(?:that|it|this))?|never\s*mind|nvm|forget\s+(?:it|that|about\s+it)"
                     r"|don'?t\s+bother|no\s+thanks?)[\s.!]*$", re.IGNORECASE)
_CORRECT = re.compile(
    _LEAD + r"(?:(?P<meant>i\s+meant|i\s+mean|meant)|make\s+(?:it|that|this)|change\s+(?:it|that)\s+to|it\s+(?:was|is|should\s+be)"
    r"|(?:it|that)\s+should\s+(?:be|have\s+been)|should\s+be|it'?s|was)\s+(?P<rest>.+?)[\s.!]*$", re.IGNORECASE)
_BARE = re.compile(r"^(?:no+|nope|sorry|actually)\b[\s,.!:;-]+(?P<rest>.+?)[\s.!]*$", re.IGNORECASE)  # "no, tuesday"
_KIND = re.compile(r"^(?:an?\s+)?(?:(?P<kind>" + "|".join(ACTIVITY_KINDS) + r")|phone\s+call|mtg)s?$", re.IGNORECASE)
_STAGE = re.compile(r"^(?:the\s+|in\s+)?(?P<stage>" + "|".join(STAGES) + r")(?:\s+stage)?$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the\s+|with\s+|for\s+)+", re.IGNORECASE)


@dataclass(frozen=True)
class Said:
    intent: str  # undo, cancel or correct
    slots: dict[str, Any] = field(default_factory=dict)


def detect(text: str, today: date, resolver: Resolver | None = None) -> Said | None:
    """What `text` says about the conversation itself, or None for an ordinary message."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if _UNDO.match(text):
        return Said("undo")
    if _CANCEL.match(text):
        return Said("cancel")
    said = _CORRECT.match(text)
    if said:
        rest = said.group("rest")  # only "I meant X" names a customer: "it's urgent" is no correction
        slots = _value(rest, today) or (_customer(rest, resolver) if said.group("meant") else None)
        return Said("correct", slots) if slots else None
    bare = _BARE.match(text)
    if bare:  # "no, tuesday" is a correction only when all that follows "no" is a value
        slots = _value(bare.group("rest"), today) or _customer(bare.group("rest"), resolver, must_resolve=True)
        return Said("correct", slots) if slots else None
    return None


def _value(rest: str, today: date) -> dict[str, Any] | None:
    """A kind, stage, amount or date that is ALL of `rest`."""
    kind = _KIND.match(rest.strip())
    if kind:
        return {"kind": (kind.group("kind") or ("call" if "call" in rest.lower() else "meeting")).lower()}
    stage = _STAGE.match(rest.strip())
    if stage:
        return {"stage": stage.group("stage").lower()}
    utterance = tokenize(rest)
    words = [t for t in utterance.tokens if t.word not in (",", ".", "!", "on", "for", "the", "to", "it", "by")]
    amount = best_amount(find_amounts(utterance))
    if amount is not None and (amount.marked or len(words) == 1) and _covers(amount.start, amount.end, utterance, words):
        return {"amount": amount.number, **({"currency": amount.currency} if amount.currency else {})}
    dates = find_dates(utterance, today)
    if len(dates) == 1 and _covers(dates[0].start, dates[0].end, utterance, words):
        return {"date": dates[0].value.isoformat()}
    return None


def _covers(start: int, end: int, utterance, words) -> bool:
    """The span [start, end) holds every meaningful word of the utterance."""
    inside = set(range(start, end))
    return all(i in inside for i, t in enumerate(utterance.tokens) if t in words)


def _customer(rest: str, resolver: Resolver | None, must_resolve: bool = False) -> dict[str, Any] | None:
    mention = _ARTICLE.sub("", rest.strip()).strip(" ,.!?")
    if not mention or len(mention.split()) > 5:
        return None
    if resolver is None:
        return None if must_resolve else {"customer": mention}
    from crm_core.resolve import Resolved
    found = resolver.resolve(mention)
    if isinstance(found, Resolved):
        return {"customer": found.choice.name}
    return None if must_resolve else {"customer": mention}
