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
from functools import lru_cache
from typing import Any

from crm_core.names import LEGAL_SUFFIXES, fold
from crm_core.nlp.amounts import best_amount, find_amounts
from crm_core.nlp.dates import find_dates
from crm_core.nlp.mentions import Resolver
from crm_core.nlp.text import tokenize
from crm_core.nlp.vocabulary import STAGES as STAGE_WORDS
from crm_core.nlp.zh import dialogue_act, has_cjk

_FILLER = (r"(?:no+|nope|nah|sorry|oops|whoops|ugh|actually|wait|err|um+|ah|oh|eh|hmm+|typo|correction|my bad"
           r"|(?:that'?s\s+)?wrong(?!\s+(?:date|day|amount|number|stage|kind|type|customer|company|account|one))|that'?s\s+not\s+right|not\s+right)")
_LEAD = re.compile(r"^(?:" + _FILLER + r"\b[\s,.!:;-]*)+", re.IGNORECASE)
# Leads after which a customer name is the correction ("not that one, nino foods").
_WHO_LEAD = re.compile(r"^(?:(?:no\s+)?(?:not\s+that\s+one|the\s+other\s+one|wrong\s+(?:customer|company|account|one))"
                       r"\b[\s,.!:;-]*)", re.IGNORECASE)
_WHAT_LEAD = re.compile(r"^wrong\s+(?:date|day|amount|number|stage|kind|type)\b[\s,.!:;-]*", re.IGNORECASE)
_VERB = re.compile(
    r"^(?:(?P<meant>(?:i\s+)?meant\s+to\s+say|i\s+meant|i\s+mean|meant)|(?P<was>(?:it'?s|it\s+was|it\s+is)\s+actually|(?:it|that)\s+(?:was|is)|should'?ve\s+been|should\s+have\s+been"
    r"|(?:it|that)\s+should(?:'?ve|\s+have)?\s+been|it'?s)|(?P<move>move\s+it\s+to|set\s+(?:it|that)\s+to)"
    r"|make\s+(?:it|that|this)|(?:change|correct|update)\s+(?:it|that|this)\s+to|(?:it|that)\s+should\s+be|should\s+be"
    r"|i\s+said|should\s+say"
    r"|(?:change\s+)?the\s+(?:amount|date|day|stage|kind)\s+(?:is|was|should\s+be|to))\b[\s,:]*", re.IGNORECASE)
_SAID_OR_SHOULD = re.compile(r"\b(?:should|said)\b", re.IGNORECASE)
_INSTEAD = re.compile(r"\s+instead$", re.IGNORECASE)
_NOT_THIS = re.compile(r",?\s+(?:not|instead\s+of)\s+(?:an?\s+|the\s+)?[\w'&.-]+(?:\s+[\w'&.-]+)?\s*$", re.IGNORECASE)
_NOT_FIRST = re.compile(r"^not\s+[\w'.-]+(?:\s+[\w'.-]+)?\s*(?:,|\s[\u2014\u2013-])\s*(?P<rest>.+)$",
                        re.IGNORECASE)  # "not friday, monday", "not 10 - 100k", "not acme corp, acme labs"
# "scratch that, wednesday": the last write undone only to be said again with this value, i.e. corrected
_SCRATCH_THEN = re.compile(r"^(?:scratch\s+that|strike\s+that)[\s,.:;\u2014\u2013-]+(?P<rest>.+)$", re.IGNORECASE)
_UNDO = re.compile(r"\b(?:undo|revert|roll\s*(?:it\s+|that\s+)?back|take\s+(?:that|it)\s+back|ctrl\s*\+?\s*z"
                   r"|scratch\s+that|reverse\s+(?:that|it)|put\s+it\s+back|back\s+(?:it|that)\s+out)\b", re.IGNORECASE)
# "i wish i could undo this morning", "can't undo what's been said", "undo button for life": no command to undo
_WISHED_UNDONE = re.compile(r"\b(?:wish|cant|can't|can\u2019t|cannot|can\s+not|if\s+only)\b.*\b(?:undo|revert)\b"
                            r"|\bundo\s+button\b", re.IGNORECASE)
_ASKING = re.compile(r"^(?:how|what|why|where|when|is|does|do|can\s+i|could\s+i)\b", re.IGNORECASE)  # about undo: help
_CANCEL = re.compile(
    r"^(?:(?:no+|nope|nah|ok|okay|hmm+|oh|actually)\b[\s,.!]*)*(?:cancel|never\s*mind|nevermind|nvm|nm|n/m|no\s+need|nah$"
    r"|forget\s+(?:it|that|i\s+asked|about\s+it)"
    r"|ignore\s+(?:that|it|this|my\s+last\s+message)|disregard|skip|drop\s+it|stop|leave\s+it|let'?s\s+not"
    r"|not\s+now|don'?t\s+(?:do\s+it|bother)|hold\s+off|no\s+thanks?)\b", re.IGNORECASE)
_CRM_WORDS = frozenset(["digest", "digests", "deal", "deals", "ticket", "tickets", "reminder", "reminders", "reminding", "customer", "customers", "outreach", "campaign", "segment", "subscription", "meeting", "call", "order", "orders", "invite", "notifications"])
CANCEL_MAX_WORDS = 5
_MENTION = re.compile(r"^\s*<@\w+>\s*")
_STAGE_OF = {phrase: stage for stage, phrases in STAGE_WORDS.items() for phrase in phrases}
_STAGE = re.compile(r"^(?:the\s+|in\s+|to\s+)?(?P<stage>" + "|".join(
    sorted(map(re.escape, _STAGE_OF), key=len, reverse=True)) + r")(?:\s+stage)?$", re.IGNORECASE)
_SAME = re.compile(r"^(?:(?:and|ok|okay|now|also|then)[\s,]+)*(?:do\s+)?(?:the\s+)?same\s+(?:thing\s+)?(?:for|with|to|on)\s+"
                   r"(?P<rest>.+?)[\s.!]*$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the\s+|with\s+|for\s+)+", re.IGNORECASE)
_TRAILING = re.compile(r"[\s.!?,;:)(\-]*(?:[^\w\s'&.,!?]+[\s.!?]*)*$")  # punctuation and emoji at the end


@dataclass(frozen=True)
class Said:
    intent: str  # undo, cancel or correct
    slots: dict[str, Any] = field(default_factory=dict)


def detect(text: str, today: date, resolver: Resolver | None = None) -> Said | None:
    """What `text` says about the conversation itself, or None for an ordinary message."""
    if not isinstance(text, str):
        return None
    text = _TRAILING.sub("", _MENTION.sub("", text.strip()))
    if has_cjk(text):  # "撤销", "算了", "不对 是Initech": crm_core/nlp/zh
        act = dialogue_act(text, today, resolver)
        return Said(*act) if act is not None else None
    scratched = _SCRATCH_THEN.match(text)
    if scratched and (value := _value(scratched.group("rest"), today)) is not None:
        return Said("correct", value)
    if _UNDO.search(text) and len(text.split()) <= 8 and not _ASKING.match(text) and not _WISHED_UNDONE.search(text):
        return Said("undo")
    if _is_cancel(text):
        return Said("cancel")
    slots = _correction(text, today, resolver)
    if slots:
        return Said("correct", slots)
    return Said("cancel") if _model_says_cancel(text, today, resolver) else None


def _model_says_cancel(text: str, today: date, resolver: Resolver | None) -> bool:
    """A short message the intent model reads as calling it off ("ah leave it", "scrap that"): dropping a pending
    question is harmless, so the model alone may say it (never undo or a correction, which change data)."""
    words = text.lower().split()
    if len(words) > CANCEL_MAX_WORDS or resolver is None or _CRM_WORDS.intersection(w.strip(",.!?") for w in words):
        return False  # "cancel reminder 3" names what to cancel: a command, not calling the conversation off
    from crm_core.nlp import classifier
    return classifier.dialogue_act(text, resolver, today) == "cancel"


def _is_cancel(text: str) -> bool:
    said = _CANCEL.match(text)
    if said is None:
        return False
    rest = text[said.end():].lower().split()
    return len(rest) <= 5 and not _CRM_WORDS.intersection(w.strip(",.!?") for w in rest)


def _correction(text: str, today: date, resolver: Resolver | None) -> dict[str, Any] | None:
    """The slot a correction sets; a customer only after "I meant", "not that one", "should've been" and the like."""
    lead = _LEAD.match(text)
    rest = text[lead.end():] if lead else text
    who = _WHO_LEAD.match(rest) or _WHAT_LEAD.match(rest)
    rest = rest[who.end():] if who else rest
    verb = _VERB.match(rest)
    rest = rest[verb.end():] if verb else rest
    instead = _INSTEAD.search(rest)  # "tuesday instead"
    rest = _INSTEAD.sub("", rest)
    said_rest = rest
    if not (lead or who or verb or instead) or (verb and verb.group("move") and not lead) or not rest.strip():
        if not_first := _NOT_FIRST.match(text):
            rest = not_first.group("rest").strip(" ,.!")
            value = _value(rest, today)
            if value is None and resolver is not None and _names_only(rest, resolver):
                return _customer(rest, resolver, must_resolve=True)  # "not acme corp, acme labs"
            return value
        return None
    rest = _NOT_THIS.sub("", rest).strip(" ,.!")
    value = _value(rest, today)
    if value is None and lead and not verb:  # "sorry fat fingers, 60k", "oops, one more zero: 500k"
        value = _value(re.split(r"[,:;]", rest)[-1].strip(" ,.!"), today)
    if value is not None or (who and _WHAT_LEAD.match(text[lead.end() if lead else 0:])):
        return value
    names_a_customer = (verb and (verb.group("meant") or (verb.group("was") and (lead or "should" in verb.group())))) \
        or who is not None  # "it was great" is no correction; "actually it was Patel & Co" is
    if verb and not names_a_customer and _SAID_OR_SHOULD.search(verb.group()) and resolver is not None \
            and _names_only(rest, resolver):  # "should be dunder mifflin", "i said initech" (not "should be fine")
        return _customer(rest, resolver, must_resolve=True)
    if not names_a_customer:
        # "nope, umbrella health", "it's fabrikam not litware", "correction: pied piper": only a customer we know
        said_plainly = (lead and not verb) or (verb and verb.group("was") and _NOT_THIS.search(said_rest))
        if not said_plainly or resolver is None or not _names_only(rest, resolver):
            return None
        return _customer(rest, resolver, must_resolve=True)
    return _customer(rest, resolver, must_resolve=not (verb and verb.group("meant")))


def same_for(text: str) -> str | None:
    """The customer of "same for Initech": the last write again, for another customer (the dialogue does it)."""
    said = _SAME.match(text.strip()) if isinstance(text, str) else None
    return _ARTICLE.sub("", said.group("rest")).strip(" ,.!?") or None if said else None


def _value(rest: str, today: date) -> dict[str, Any] | None:
    """A kind, stage, amount or date that is ALL of `rest`."""
    kind = _kind_rx().match(rest.strip())
    if kind:
        return {"kind": (kind.group("kind") or ("call" if "call" in rest.lower() else "meeting")).lower()}
    stage = _STAGE.match(rest.strip())
    if stage:
        return {"stage": _STAGE_OF[" ".join(stage.group("stage").lower().split())]}
    utterance = tokenize(rest)
    words = [t for t in utterance.tokens if t.word not in (",", ".", "!", "on", "for", "the", "to", "it", "by")]
    amount = best_amount(find_amounts(utterance))
    if amount is not None and (amount.marked or len(words) == 1) and _covers(amount.start, amount.end, utterance, words):
        return {"amount": amount.number, **({"currency": amount.currency} if amount.currency else {})}
    dates = find_dates(utterance, today)
    if len(dates) == 1 and _covers(dates[0].start, dates[0].end, utterance, words):
        return {"date": dates[0].value.isoformat()}
    return None


@lru_cache(maxsize=1)
def _kind_rx() -> re.Pattern:
    """A kind of activity said alone ("a call", "mtg"); built at first use: `crm parse` starts without the models."""
    from crm_core.models import ACTIVITY_KINDS
    return re.compile(r"^(?:an?\s+)?(?:(?P<kind>" + "|".join(ACTIVITY_KINDS) + r")|phone\s+call|mtg)s?$", re.IGNORECASE)


def _covers(start: int, end: int, utterance, words) -> bool:
    """The span [start, end) holds every meaningful word of the utterance."""
    inside = set(range(start, end))
    return all(i in inside for i, t in enumerate(utterance.tokens) if t in words)


def _names_only(rest: str, resolver: Resolver) -> bool:
    """Every word is a word of a customer's name (or a close typo of one): "umbrella health", not "wrong chat"."""
    words = [w for w in re.findall(r"[\w']+", fold(_ARTICLE.sub("", rest))) if w not in ("and", "the", "of")]
    return bool(words) and all(resolver.is_name_word(w) or w in LEGAL_SUFFIXES for w in words)


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
