"""Where each slot of a parse came from: the words of the message (character span and text).

A write needs evidence: a writing intent's slot that no words of the message support is dropped by the
parser (`unsupported`), so nothing is written that nobody said. The finders re-read the message on their
own, independently of how the grammar filled the slot, so the check is a real second look.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from crm_core.commands import CHECK_IN_MESSAGE
from crm_core.nlp import cues, customer_edits, record_edits, slots as found_slots
from crm_core.nlp import rates, reminder_edits, team_admin
from crm_core.nlp import analytics_requests
from crm_core.nlp.amounts import CURRENCY_WORDS, INDIAN_SCALES, find_amounts
from crm_core.nlp.clock import find_relative, find_time
from crm_core.nlp.dates import find_dates
from crm_core.nlp.recurrence import find_recurrence
from crm_core.nlp.text import Utterance, clean, tokenize

FREE_TEXT = frozenset(("summary", "subject", "title", "text", "message"))
CONTEXT_SLOTS = frozenset(("customer",))  # may come from the conversation instead of the words
_CURRENCY_WORDS = re.compile(  # the words crm_core/nlp/amounts.py reads a currency in
    r"[$€£¥₹]|\b(?:" + "|".join(sorted(CURRENCY_WORDS | set(INDIAN_SCALES), key=len, reverse=True)) + r")\b", re.I)
# words a labeller reads as a stage or a kind beyond the grammar's own tables
_MORE_STAGE_WORDS = {"lost": re.compile(r"\b(?:kill|killing|chose|choose|went with|picked|passed)\b"),
                     "negotiation": re.compile(r"\b(?:nego|negot\w*|legal review|redlines?)\b")}
_EMAIL_WORDS = re.compile(r"\b(?:fwd|fw|fwd'?d|fwded|forward|forwarded|by email|by mail|dropped \w+ a note|wrote|sent)\b")
_MEETING_WORDS = re.compile(r"\b(?:conference|presented|presentation|board|trade show|expo|event|demo|onsite|"
                            r"visit|visited|visita|lunch|dinner|met|fair|over tea|over coffee|lounge|office|pitch|pitched|fika)\b")
_CALL_WORDS = re.compile(r"\b(?:videollamada|llamada|video ?call)\b")
_ME = frozenset(("me", "my", "mine", "myself", "i", "im", "ill", "i'll", "i'm"))
_FREQUENCY = {"daily": r"daily|every ?day|each day|mornings?|evenings?|nightly", "weekly": r"weekly|every week|"
              r"each week|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|week",
              "monthly": r"monthly|every month|each month|month"}


@dataclass(frozen=True)
class Evidence:
    text: str
    span: tuple[int, int]  # character offsets [start, end) in the message as received

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span)}


class Reading:
    """The message re-read once: its tokens, dates, amounts and stages, and a way back to its characters."""

    def __init__(self, text: str, today: date):
        self.text = text
        self.cleaned = clean(text)
        self.u: Utterance = tokenize(self.cleaned)
        self.today = today
        self._dates = None
        self._amounts = None

    @property
    def dates(self):
        if self._dates is None:
            self._dates = find_dates(self.u, self.today)
        return self._dates

    @property
    def amounts(self):
        if self._amounts is None:
            self._amounts = find_amounts(self.u)
        return self._amounts

    def tokens(self, i: int, j: int) -> Evidence | None:
        """Evidence of tokens [i, j), placed in the original message when cleaning moved it."""
        if i >= j or j > len(self.u.tokens):
            return None
        return self.chars(self.u.tokens[i].start, self.u.tokens[j - 1].end)

    def chars(self, start: int, end: int) -> Evidence:
        said = self.cleaned[start:end]
        if self.cleaned != self.text:
            at = self.text.find(said)
            if at < 0:
                at = self.text.lower().find(said.lower())
            if at >= 0:
                start, end = at, at + len(said)
        return Evidence(self.text[start:end] if self.cleaned != self.text and start >= 0 else said, (start, end))

    def phrase(self, value: str) -> Evidence | None:
        """A phrase as written (case-insensitive), in the message or in its cleaned form."""
        wanted = value.strip()
        if not wanted:
            return None
        for haystack in (self.text, self.cleaned):
            at = haystack.lower().find(wanted.lower())
            if at >= 0:
                return Evidence(haystack[at:at + len(wanted)], (at, at + len(wanted))) if haystack is self.text \
                    else self.chars(at, at + len(wanted))
        return None

    def match(self, pattern: re.Pattern | str, on_canon: bool = True) -> Evidence | None:
        pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
        if on_canon:
            found = pattern.search(self.u.canon)
            return self.tokens(*self.u.span(found)) if found else None
        found = pattern.search(self.cleaned)
        return self.chars(*found.span()) if found else None

    def word(self, value: str) -> Evidence | None:
        wanted = value.lower()
        for k, token in enumerate(self.u.tokens):
            if wanted in (token.word, token.fold):
                return self.tokens(k, k + 1)
        return None


def _found(reading: Reading, items, value: Any) -> Evidence | None:
    for item in items:
        if item.value == value:
            return reading.tokens(item.start, item.end)
    return None


def _stage(r: Reading, value: Any, slots: dict) -> Evidence | None:
    said = _found(r, found_slots.stages(r.u, about_a_deal=True), value)
    return said if said is not None or value not in _MORE_STAGE_WORDS else r.match(_MORE_STAGE_WORDS[value])


def _amount(r: Reading, value: Any, slots: dict) -> Evidence | None:
    for amount in r.amounts:
        if abs(float(amount.value) - float(value)) < 0.5:
            return r.tokens(amount.start, amount.end)
    return None


def _currency(r: Reading, value: Any, slots: dict) -> Evidence | None:
    return r.match(_CURRENCY_WORDS, on_canon=False) or r.word(str(value))


def _day(r: Reading, value: Any, slots: dict) -> Evidence | None:
    day = str(value)[:10]
    for mention in r.dates:
        if mention.value.isoformat() == day:
            return r.tokens(mention.start, mention.end)
    if day == r.today.isoformat():
        return r.match(cues.TIME_OF_DAY) or r.word("today")
    return r.match(cues.TIME_OF_DAY) if "T" in str(value) else None


def _when(r: Reading, value: Any, slots: dict) -> Evidence | None:
    """A reminder's time: the date said, else the repetition, time or span it came from ("every monday",
    "at noon", "in 2 hours")."""
    said = _day(r, value, slots)
    if said is not None:
        return said
    for found in (find_recurrence(r.u), find_time(r.u)):
        if found is not None:
            return r.tokens(found.start, found.end)
    relative = find_relative(r.u)
    return r.tokens(relative[1], relative[2]) if relative is not None else None


def _recurrence(r: Reading, value: Any, slots: dict) -> Evidence | None:
    found = find_recurrence(r.u)  # the words; this reading has no spelling vocabulary ("biweekly" reads "weekly")
    return r.tokens(found.start, found.end) if found is not None else None


def _kind(r: Reading, value: Any, slots: dict) -> Evidence | None:
    said = _found(r, found_slots.values(r.u, cues.KIND_RX, cues.KIND_OF), value)
    if said is not None:
        return said
    if value == "email":
        return r.match(cues.SENT_TO) or r.match(_EMAIL_WORDS)
    if value == "meeting":
        return r.match(_MEETING_WORDS)
    if value == "call":
        return r.match(_CALL_WORDS)
    if value == "note":  # a note is the words it records: the summary, else the message itself
        said = _free(r, str(slots.get("summary")).split(", ")[0], slots) if slots.get("summary") else None
        return said or r.word("note") or r.chars(0, len(r.cleaned))
    return None


def _ticket(r: Reading, value: Any, slots: dict) -> Evidence | None:
    for k, token in enumerate(r.u.tokens):
        if token.word in (f"#{value}", str(value)):
            named = k > 0 and r.u.tokens[k - 1].word in cues.TICKET_WORDS  # "ticket 42"
            return r.tokens(k - 1 if named else k, k + 1)
    return None


def _person(r: Reading, value: Any, slots: dict) -> Evidence | None:
    if str(value).lower() == "me":
        for k, token in enumerate(r.u.tokens):
            if token.word in _ME or token.fold in _ME:
                return r.tokens(k, k + 1)
    return r.word(str(value))


def _free(r: Reading, value: Any, slots: dict) -> Evidence | None:
    """Free text as written, or its words in order (a slot cut around a name: "send [acme] the contract")."""
    text = str(value)
    return r.phrase(text) or _words_in_order(r, text)


def _words_in_order(r: Reading, text: str) -> Evidence | None:
    haystack, position, first = r.cleaned.lower(), 0, None
    for word in re.findall(r"\w+", text.lower()):
        found = re.search(rf"(?<!\w){re.escape(word)}", haystack[position:])
        if found is None:
            return None
        first = position + found.start() if first is None else first
        position += found.end()
    return r.chars(first, position) if first is not None else None


def _flag(r: Reading, value: Any, slots: dict) -> Evidence | None:
    return r.match(re.compile(r"\b(?:reopen|re open)\b"))


def _values(table_rx: re.Pattern, lookup: dict[str, str]) -> Callable[[Reading, Any, dict], Evidence | None]:
    return lambda r, value, slots: _found(r, found_slots.values(r.u, table_rx, lookup), value) or r.word(str(value))


def _frequency(r: Reading, value: Any, slots: dict) -> Evidence | None:
    pattern = _FREQUENCY.get(str(value))
    return r.match(re.compile(rf"\b(?:{pattern})\b")) if pattern else r.word(str(value))


def _clock(r: Reading, value: Any, slots: dict) -> Evidence | None:
    hour = int(str(value)[:2])
    hours = "|".join(sorted({str(hour), str(hour % 12 or 12)}))
    return r.match(re.compile(rf"\b0?(?:{hours})(?: : \d\d)?(?: ?(?:am|pm|h|hrs|oclock))?\b|\b0?(?:{hours})(?:am|pm)\b"
                              rf"|\b(?:morning|mornings|evening|evenings|noon|midday|afternoon|night|lunch|breakfast|"
                              rf"eod|end of day|start of day|first thing)\b"))


def _message(r: Reading, value: Any, slots: dict) -> Evidence | None:
    if value == CHECK_IN_MESSAGE:
        return r.match(cues.CHECK_IN) or r.word("checkin")
    return _free(r, value, slots)


def _generic(r: Reading, value: Any, slots: dict) -> Evidence | None:
    if isinstance(value, bool):
        return None
    return r.word(str(value)) or r.phrase(str(value).replace("_", " "))


FINDERS: dict[str, Callable[[Reading, Any, dict], Evidence | None]] = {
    "stage": _stage, "amount": _amount, "currency": _currency, "follow_up": _day, "when": _when, "recurrence": _recurrence,
    "expected_close": _day, "kind": _kind, "ticket": _ticket, "assignee": _person, "owner": _person,
    "reopen": _flag, "priority": _values(cues.PRIORITY_RX, cues.PRIORITY_OF),
    "status": _values(cues.STATUS_RX, cues.STATUS_OF), "segment": _values(cues.SEGMENT_RX, cues.SEGMENT_OF),
    "via": _values(cues.PLATFORM_RX, cues.PLATFORM_OF), "frequency": _frequency, "at": _clock,
    **{name: _free for name in FREE_TEXT}, "message": _message, "email": _free,
    "contact": _free, "telegram": _free,  # a contact's name and Telegram username, as written
    "phone": _free, "city": _free, **customer_edits.FINDERS, **record_edits.FINDERS,
    **team_admin.FINDERS, **reminder_edits.FINDERS, **rates.FINDERS, **analytics_requests.FINDERS,
}


def find(reading: Reading, name: str, value: Any, slots: dict, customer_mention: str | None = None) -> Evidence | None:
    """The words that say `name` = `value`, or None."""
    if name == "customer":
        return reading.phrase(customer_mention or str(value)) or reading.phrase(str(value))
    try:
        return FINDERS.get(name, _generic)(reading, value, slots)
    except (TypeError, ValueError):
        return None
