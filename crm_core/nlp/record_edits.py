"""Chat phrasings of changing what was recorded of deals, activities and tickets (issue 15 items 1, 4, 6).

    "delete the globex training deal", "give the acme deal to sam", "next step on the acme deal: send the quote",
    "switch the initech deal to euros", "change my last note to a meeting", "delete the note i just logged",
    "delete activity 42", "remove my last call with acme", "merge #1043 into #1042", "1043 is a dupe of 1042",
    "internal note on #1042: on the legacy plan", "rename ticket 1042 to SSO login fails", "#1042 is for globex"

`decide` runs early in grammar._by_rules (after help); each rule asks for its own verb and noun, so anything else
is left to the rules after it. "make that a meeting" said right after a log is a correction (nlp/corrections.py).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from crm_core.nlp import cues
from crm_core.nlp.amounts import CURRENCY_OF_WORD


if TYPE_CHECKING:  # grammar imports this module
    from crm_core.nlp.evidence import Evidence, Reading
    from crm_core.nlp.grammar import Clause

Slots = dict[str, Any]
DELETE = cues.rx("delete", "deleted", "delet", "dlete", "remove", "rm", "drop", "trash", "bin", "scrap", "erase", "kill",
                 "nuke", "get rid of", "wipe")
_LOSE = cues.rx("kill", "drop", "bin", "scrap")  # "kill the X deal, they chose salesforce": a lost deal, not a wrong one
_MISTAKE = cues.rx("twice", "duplicate", "dupe", "double", "test", "mistake", "by mistake", "wrong", "accident",
                   "accidentally", "typo", "never existed", "made up", "fake", "dummy", "created by mistake")
_ACTIVITY_NOUN = cues.rx("note", "notes", "call", "calls", "meeting", "meetings", "mtg", "email", "emails",
                         "activity", "activities", "log", "log entry", "entry", "logged call", "logged note")
_LAST = cues.rx("last", "latest", "previous", "most recent", "just", "i just", "just logged", "i logged", "just added",
                "that", "this", "my")
_EDIT = cues.rx("change", "chnage", "edit", "update", "fix", "make", "turn", "switch", "convert", "correct", "reword",
                "rewrite", "relabel", "mark")
_AS_KIND = re.compile(r"\b(?:to|into|as|was|is|be|should be|was actually|actually|(?:call|note|email|meeting|mtg|activity|"
                      r"log|entry)(?= an? ))(?: an?)? (?P<kind>call|meeting|mtg|email|note|phone call)\b")
_WAS_REALLY = cues.rx("was actually", "is actually", "was really", "should be", "should have been", "shouldve been")
_ACTIVITY_ID = re.compile(r"\b(?:activity|entry|log|note|call|meeting|email) (?:id |number |no |# )?#?(?P<id>\d{1,9})\b")
_KIND_OF = {"call": "call", "calls": "call", "phone call": "call", "meeting": "meeting", "meetings": "meeting",
            "mtg": "meeting", "email": "email", "emails": "email", "note": "note", "notes": "note"}
_TEXT_CHANGE = cues.rx("text", "summary", "wording", "reword", "rewrite", "description")
MERGE_TICKETS = cues.rx("merge", "merged", "merg", "mrege", "merg", "combine", "dedupe", "dedup")
_DUPLICATE = cues.rx("duplicate of", "dupe of", "dup of", "duplicates", "same as", "same issue as", "copy of")
_INTO = cues.rx("into", "in to", "onto", "under")
INTERNAL = cues.rx("internal note", "internal", "private note", "note to self", "note to team", "team note",
                   "staff note", "note for the team", "internally", "add a note", "add note", "note on", "note for",
                   "not for the customer", "dont send")
_SUBJECT = cues.rx("subject", "title", "rename", "retitle", "renamed", "re title")
_TICKET_CUSTOMER = cues.rx("is for", "belongs to", "should be under", "should be for", "is under",
                           r"move(?: (?:ticket|case|it|this|that))?(?: #?\d+)? to", "reassign to customer",
                           "wrong customer", "file under", "is from", "goes to")
OWNER_VERB = cues.rx("give", "assign", "reassign", "hand", "hand over", "transfer", "pass", "owner", "take over",
                     "ill take")
NEXT_STEP = cues.rx("next step", "next steps", "nextstep", "next action", "ns")
_CURRENCY_CHANGE = re.compile(r"\b(?:in|to|into|currency(?: is| to)?) (?P<cur>"
                              + "|".join(sorted(CURRENCY_OF_WORD, key=len, reverse=True)) + r")\b")
_CURRENCY_EDIT = cues.rx("put", "set", "should be in", "needs to be in", "has to be in", "must be in")
_NUMBER = re.compile(r"^#?(\d{1,9})$")
KNOWN = frozenset("""delete remove erase merge mrege dedupe internal private dupe duplicate activity entry reword
relabel retitle trash scrap nuke wipe""".split())  # words the speller must leave alone ("erase" is no "raise")


def decide(c: Clause) -> tuple[str, float] | None:
    """The intent when the clause is one of these edits, else None."""
    if (found := _activity(c)) is not None:
        return found
    if len(ticket_numbers(c)) >= 2 and (c.search(MERGE_TICKETS) or c.search(_DUPLICATE) and not c.search(cues.STATUS_RX)):
        return "merge_tickets", 0.95
    if (c.ticket is not None or _noted_number(c) is not None) and _notes_ticket(c):
        return "add_ticket_note", 0.9
    if c.ticket is not None and (_subject(c) is not None or _moves_ticket(c)):
        return "update_ticket", 0.9
    if c.ticket is None and opens_with(c, DELETE) and c.search(cues.DEAL_NOUN) and not c.search(cues.DEALS_PLURAL) \
            and (not opens_with(c, _LOSE) or c.search(_MISTAKE)):
        return "delete_deal", 0.9
    if c.ticket is None and c.search(cues.DEAL_NOUN) and not c.search(cues.DEALS_PLURAL) \
            and (_owner(c) or _next_step(c) or _currency(c)):
        return "update_deal", 0.9
    return None


def _activity(c: Clause) -> tuple[str, float] | None:
    noun = c.search(_ACTIVITY_NOUN)
    if noun is None or c.search(cues.DEAL_NOUN) or c.search(re.compile(r"\bcontacts?\b")):
        return None
    by_id = c.search(_ACTIVITY_ID)
    last = c.search(_LAST)
    if opens_with(c, DELETE) and (by_id or last or c.spotted) and not (c.ticket is not None and c.search(INTERNAL)):
        return "delete_activity", 0.9
    kind = c.search(_AS_KIND)
    if kind is not None and noun.start() >= kind.start("kind"):  # "change my alert channel to email": no activity named
        kind = None if by_id is None else kind
    if opens_with(c, _EDIT) and (by_id or last) and (kind is not None or _new_text(c) is not None):
        return "update_activity", 0.9
    if (by_id or last) and kind is not None and c.search(_WAS_REALLY):  # "the call i just logged was actually an email"
        return "update_activity", 0.9
    return None


_LEAD_IN = re.compile(r"^(?:(?:pls|please|can you|could you|ok|okay|oh|oops|and|also|then|hey|actually|sorry|"
                      r"so|just|go ahead and|wait) )*")


def opens_with(c: Clause, verb: re.Pattern) -> bool:
    """The verb opens the clause ("please delete ..."), so it is what is asked, not a word of a story."""
    found = verb.match(c.u.canon, _LEAD_IN.match(c.u.canon).end())
    return found is not None


def ticket_numbers(c: Clause) -> list[int]:
    """Every ticket number said: "#1043", "ticket 1042", and bare numbers next to them ("tickets 1042 and 1043")."""
    tokens, out = c.u.tokens, []
    for k, token in enumerate(tokens):
        hashed = token.kind == "ticket"
        bare = token.kind == "num" and _NUMBER.match(token.word) and (
            k == 0 or tokens[k - 1].word in cues.TICKET_WORDS | {"and", "into", "with", "of", "to", "&", "merge"})
        if (hashed or bare) and not (k > 0 and tokens[k - 1].word in ("activity", "entry", "log")):
            number = int(token.word.lstrip("#"))
            if number not in out:
                out.append(number)
    return out


def _noted_number(c: Clause) -> int | None:
    """ "internal note on 2201 - ...": a bare number right after the note words is the ticket."""
    cue = c.search(INTERNAL)
    if cue is None:
        return None
    words = c.u.words()
    k = c.u.span(cue)[1]
    k += 1 if k < len(words) and words[k] in ("on", "for", "to") else 0
    return int(words[k]) if k < len(words) and words[k].isdigit() and len(words[k]) <= 9 else None


def _notes_ticket(c: Clause) -> bool:
    return c.search(INTERNAL) is not None and _after_colon_or_saying(c) is not None


def _subject(c: Clause) -> str | None:
    cue = c.search(_SUBJECT)
    if cue is None:
        return None
    i = c.u.span(cue)[1]
    return _rest(c, i, ("to", "as", "is", "should be", "=", ":"))


def _moves_ticket(c: Clause) -> bool:
    cue = c.search(_TICKET_CUSTOMER)
    return cue is not None and bool(c.spotted) and c.spotted[-1].start >= c.u.span(cue)[1] - 1


def _owner(c: Clause) -> str | None:
    """ "give the acme deal to sam", "make sam the owner of ...", "i'll take the acme deal": a first name or "me"."""
    cue = c.search(OWNER_VERB)
    if cue is None:
        return None
    if cue.group(0) in ("ill take", "take over"):
        return "me"
    words = c.u.words()
    i, j = c.u.span(cue)
    if cue.group(0) == "owner" and i >= 2 and words[i - 1] == "the" and opens_with(c, _EDIT):  # "make sam the owner"
        return words[i - 2]
    for k in range(j, len(words) - 1):
        if words[k] in ("to", "is"):
            rest = [w for w in words[k + 1:k + 4] if w not in ("now", "be", "over", "to")]
            name = rest[0] if rest else None
            return "me" if name in ("me", "myself") else (name if name not in (None, "the", "a") else None)
    return None


def _next_step(c: Clause) -> str | None:
    cue = c.search(NEXT_STEP)
    if cue is None:
        return None
    start = c.u.span(cue)[1]
    deal = c.search(cues.DEAL_NOUN)
    if deal is not None and c.u.span(deal)[0] >= start:  # "the next step on the acme deal to ...": after "deal"
        start = c.u.span(deal)[1]
    return _rest(c, start, ("is", "to", ":", "=", "-", "should be", "will be"), any_after=True)


def _currency(c: Clause) -> str | None:
    if c.amounts:
        return None
    found = c.search(_CURRENCY_CHANGE)
    return CURRENCY_OF_WORD.get(found.group("cur")) if found and (c.search(_EDIT) or c.search(_CURRENCY_EDIT)) \
        else None


def _rest(c: Clause, i: int, leads: tuple[str, ...], any_after: bool = False) -> str | None:
    """The words as written after token i, past a lead word ("to", ":"); None when nothing follows."""
    words = c.u.words()
    colon = next((k for k in range(i, len(words)) if words[k] == ":"), None)
    if colon is not None:
        i = colon + 1
    else:
        lead = next((k for k in range(i, min(i + 4, len(words))) if words[k] in leads), None)
        if lead is None and not any_after:
            return None
        i = lead + 1 if lead is not None else i
        while i < len(words) and words[i] in ("be", "now", ":"):
            i += 1
    text = c.u.raw(i, len(c.u.tokens)).strip(" .,;:!?\"'“”")
    return text or None


def _after_colon_or_saying(c: Clause) -> str | None:
    words = c.u.words()
    for k, word in enumerate(words):
        if word in (":", "-", "saying", "that", "says") and k > (c.ticket.start if c.ticket else 1):
            text = c.u.raw(k + 1, len(c.u.tokens)).strip(" .,;:!?\"'“”")
            if text:
                return text
    return None


def _new_text(c: Clause) -> str | None:
    """ "edit my last note: ...", "change the summary of activity 301 to signed nda": the new words."""
    cue = c.search(_TEXT_CHANGE) or c.search(_ACTIVITY_ID) or c.search(_ACTIVITY_NOUN)
    if cue is None or (not c.search(_TEXT_CHANGE) and c.search(re.compile(r" : ")) is None):
        return None
    return _rest(c, c.u.span(cue)[1], ("to",))


def _kind(c: Clause) -> str | None:
    noun = c.search(_ACTIVITY_NOUN)
    return _KIND_OF.get(noun.group(0)) if noun else None


# -- slots --------------------------------------------------------------------------------------------------
def _customer(c: Clause, out: Slots) -> None:
    from crm_core.nlp.frames import _customer_slot
    if c.spotted:
        _customer_slot(c, out)


def delete_deal(c: Clause) -> Slots:
    from crm_core.nlp.frames import _customer_slot, _deal_words
    out: Slots = {}
    _customer_slot(c, out)
    which = _deal_words(c) or (c.stages[0].value if c.stages else None)
    if which is None and c.amounts:
        which = f"{c.amounts[0].number:.0f}"
    if which:
        out["title"] = which
    return out


def update_deal(c: Clause) -> Slots:
    from crm_core.nlp.frames import update_deal as said_of_a_deal
    out = said_of_a_deal(c)
    owner, step, currency = _owner(c), _next_step(c), _currency(c)
    if owner:
        out["owner"] = owner
    if step:  # a date or an amount after "next step" belong to the step ("next step: demo on friday")
        out["next_step"] = step
        at = c.u.span(c.search(NEXT_STEP))[0]
        if not any(d.start < at for d in c.dates):
            out.pop("expected_close", None)
        if not any(a.start < at for a in c.amounts):
            out.pop("amount", None)
            out.pop("currency", None)
    if currency and "amount" not in out:
        out["currency"] = currency
    return out


def update_activity(c: Clause) -> Slots:
    out: Slots = {}
    by_id = c.search(_ACTIVITY_ID)
    if by_id is not None:
        out["activity_id"] = int(by_id.group("id"))
    kind = c.search(_AS_KIND)
    if kind is not None:
        out["kind"] = _KIND_OF[kind.group("kind")]
    elif (text := _new_text(c)) is not None:
        out["summary"] = text
    _customer(c, out)
    return out


def delete_activity(c: Clause) -> Slots:
    out: Slots = {}
    by_id = c.search(_ACTIVITY_ID)
    if by_id is not None:
        out["activity_id"] = int(by_id.group("id"))
    kind = _kind(c)
    if kind is not None and by_id is None:
        out["kind"] = kind
    _customer(c, out)
    return out


def merge_tickets(c: Clause) -> Slots:
    numbers = ticket_numbers(c)
    into = c.search(_INTO) or c.search(_DUPLICATE)
    if into is not None:  # "merge 1043 into 1042", "1043 is a dupe of 1042": the one after is kept
        at = c.u.span(into)[0]
        before = [n for n in numbers if _token_of(c, n) < at]
        after = [n for n in numbers if _token_of(c, n) > at]
        if before and after:
            return {"ticket": before[0], "into_ticket": after[0]}
    if len(numbers) < 2:  # "merge ticket 1042": which one it goes into is asked
        return {"ticket": numbers[0]} if numbers else {}
    kept, dup = sorted(numbers[:2])
    return {"ticket": dup, "into_ticket": kept}  # "merge 1042 and 1043": the older one is kept


def _token_of(c: Clause, number: int) -> int:
    return next(k for k, t in enumerate(c.u.tokens) if t.word.lstrip("#") == str(number))


def add_ticket_note(c: Clause) -> Slots:
    out: Slots = {"ticket": c.ticket.value if c.ticket is not None else _noted_number(c)}
    body = _after_colon_or_saying(c)
    if body:
        out["body"] = body
    return out


def update_ticket(c: Clause) -> Slots:
    from crm_core.nlp.frames import _customer_slot, update_ticket as said_of_a_ticket
    out = said_of_a_ticket(c)
    subject = _subject(c)
    if subject:
        out["subject"] = subject
    if _moves_ticket(c):
        _customer_slot(c, out)
        out.pop("assignee", None)
    return out


# evidence.py: the words each slot came from
def _said_number(r: Reading, value: Any, slots: dict) -> Evidence | None:
    return next((r.tokens(k, k + 1) for k, t in enumerate(r.u.tokens) if t.word.lstrip("#") == str(value)), None)


def _said_text(r: Reading, value: Any, slots: dict) -> Evidence | None:
    from crm_core.nlp.evidence import FINDERS as ALL
    return ALL["summary"](r, value, slots)


def _said_currency(r: Reading, value: Any, slots: dict) -> Evidence | None:
    return r.match(_CURRENCY_CHANGE)


FINDERS = {"into_ticket": _said_number, "activity_id": _said_number, "next_step": _said_text, "body": _said_text}
BUILDERS = {"delete_deal": delete_deal, "update_activity": update_activity, "delete_activity": delete_activity,
            "merge_tickets": merge_tickets, "add_ticket_note": add_ticket_note}
OVERRIDES = {"update_deal": update_deal, "update_ticket": update_ticket}  # the existing builders, with more slots
WRITES = frozenset(BUILDERS)


def to_command(intent: str, s: Slots, customer_id: int | None):
    """The command of a frame of these intents (nlp_commands.to_command's entries)."""
    from crm_core import commands as cmd
    who = {"customer": s.get("customer"), "customer_id": customer_id}
    if intent == "delete_deal":
        return cmd.DeleteDeal(deal=s.get("title"), **who)
    if intent == "update_activity":
        return cmd.UpdateActivity(activity_id=s.get("activity_id"), kind=s.get("kind"), summary=s.get("summary"),
                                  **who)
    if intent == "delete_activity":
        return cmd.DeleteActivity(activity_id=s.get("activity_id"), kind=s.get("kind"), **who)
    if intent == "merge_tickets":
        return cmd.MergeTickets(ticket=s.get("ticket"), into=s.get("into_ticket"))
    return cmd.AddTicketNote(ticket=s.get("ticket"), body=s.get("body", ""))
