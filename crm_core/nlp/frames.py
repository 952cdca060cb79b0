"""The slots of each intent, cut from a clause the grammar has classified."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from crm_core.commands import COMMANDS
from crm_core.nlp import cues, customer_edits, delivery, slots
from crm_core.nlp import contacts, list_filters
from crm_core.nlp import record_edits
from crm_core.nlp import reminder_edits, team_admin
from crm_core.nlp import reports
from crm_core.nlp.amounts import best_amount
from crm_core.nlp.clock import find_time
from crm_core.nlp.dates import DateMention
from crm_core.nlp.grammar import CUSTOMER_ANCHORS, Clause
from crm_core.nlp.mentions import CustomerRef, person_word
from crm_core.nlp.when import reminder_when
from crm_core.nlp.vocabulary import COMMON_FIRST_NAMES

Slots = dict[str, Any]
_QUOTED = re.compile(r"(?:(?<=\s)|^)[\"“'‘]([^\"“”'‘’]{2,80})[\"”'’](?=\s|[,.;:!?]|$)")
_ADD_NAME_STOP = frozenset("""email mail phone tel telephone mobile cell contact contacts with they theyre who which
based located in from as their its is at via number ph please pls plz thx thanks ty asap""".split())
_NAME_LEAD_IN = frozenset("""add added create new register onboard onboarding setup set up make sign signed please
a an the for customer client account company cust prospect org organisation organization called named : -""".split())
_AFTER_AND_NOT_A_NAME = frozenset("a an the then create new log open add set move remind their its".split())
_NEW_NAME_CUE = re.compile(
    r"\b(?:customer|client|account|company|cust|prospect|org|organisation|organization)\b(?: (?:called|named|:))?"
    r"|\b(?:called|named|onboard|onboarding|add)\b")


def _customer_slot(c: Clause, out: Slots, anchors: frozenset[str] = CUSTOMER_ANCHORS) -> CustomerRef | None:
    ref = c.customer(anchors)
    if ref is not None:
        out["customer"] = ref.name
        c.used.update(range(ref.start, ref.end))
        c.chosen = ref
    return ref


def _mark(c: Clause, match: re.Match | None) -> None:
    if match is not None:
        c.used.update(range(*c.u.span(match)))


def _mark_all(c: Clause, pattern: re.Pattern) -> None:
    for match in c.u.finditer(pattern):
        _mark(c, match)


def log_activity(c: Clause) -> Slots:
    out: Slots = {}
    follow_ups = {k for pattern in (cues.FOLLOW_UP, _CALL_AGAIN) for m in c.u.finditer(pattern)
                  for k in range(*c.u.span(m))}
    kinds = [k for k in slots.values(c.u, cues.KIND_RX, cues.KIND_OF)  # not "call back", not "they want a demo"
             if k.start not in follow_ups and not _wanted(c, k.start) and not _not_yet_or_a_thing(c, k)]
    if len(kinds) > 1 and c.u.tokens[kinds[0].start].word == "fyi":
        kinds = kinds[1:]  # "FYI spoke to ...": a call
    kinds = [k for k in kinds if not _passing_note(c, k)] or kinds
    if kinds:
        out["kind"] = _in_person(c, kinds[0])
        c.used.update(range(kinds[0].start, kinds[0].end))
    elif c.search(cues.SENT_TO) or _sent_something(c):
        out["kind"] = "email"  # "sent them the proposal": an email, not a move
    else:
        out["kind"] = "note"
    _customer_slot(c, out)
    follow_up = _follow_up(c)
    if follow_up is not None:
        out["follow_up"] = follow_up.value.isoformat() + _time_by(c, follow_up)
    contact = contacts.activity_contact(c, c.chosen)  # "met with Dana from Initech"
    if contact:
        out["contact"] = contact
    _mark_all(c, cues.LOG_VERB)
    out["summary"] = slots.free_text(c.u, c.used)
    return out


_WANTING = frozenset("want wants wanted need needs needed asked requested request requesting schedule book "
                     "booked plan planning set up setting".split())


_TALK = frozenset("chat chatted chatting convo conversation talking talked talk speaking spoke spoken".split())
_MET_IN_PERSON = re.compile(r"\b(?:at|during|over) (?:a |an |the |their |our |this |that )?(?:[a-z]+ )?"
                            r"(?:conference|conf|expo|trade ?show|booth|event|summit|lounge|airport|office|offices|"
                            r"hq|site|dinner|lunch|breakfast|coffee|tea|drinks|party|meetup)\b")
_SENDING = frozenset("sent forwarded fwd fwded emailed mailed".split())


def _in_person(c: Clause, kind: slots.Found) -> str:
    """ "talked to their ops lead at a conference", "lovely chat over tea": a conversation had face to face is a
    meeting; a phone word ("rang", "called") stays a call."""
    if kind.value == "call" and c.u.tokens[kind.start].word in _TALK and c.search(_MET_IN_PERSON):
        return "meeting"
    return str(kind.value)


_NOTE_ASKED = frozenset("add added adding log logged leave left put make record jot take quick short".split())
_A_REPORT = frozenset("update updates recap status summary".split())


def _passing_note(c: Clause, kind: slots.Found) -> bool:
    """ "dropped them a note by email", "notes from the qbr": a note said in passing, beside another kind, is not
    what happened; "add a note to acme: prefers email", "note: ..." ask for a note."""
    if kind.value != "note":
        return False
    tokens = c.u.tokens
    if any(t.word in _NOTE_ASKED for t in tokens[max(0, kind.start - 2):kind.start]):
        return False
    return not (kind.end < len(tokens) and tokens[kind.end].raw in (":", "-"))


def _sent_something(c: Clause) -> bool:
    """ "acme corp - sent over the whitepaper", "they asked for our iso cert, sent it": a sending verb opening a
    part of the clause is an email, unless the message is a report told as a note ("quick update on ...")."""
    tokens = c.u.tokens
    if any(t.word in _A_REPORT for t in tokens):
        return False
    for k, token in enumerate(tokens):
        if token.word in _SENDING and (k == 0 or tokens[k - 1].boundary) and not _wanted(c, k):
            return True
    return False


_EVENT_THINGS = frozenset("env environment instance account accounts login logins link links video videos recording "
                          "license licence server data deck slides invite invites room".split())
_PLANNED = re.compile(r"(?:is |was |got |has been |been )?(?:in (?:a|an|\d+|one|two|three|four|five|a few|few|couple of|a couple of) (?:minutes?|mins?|hours?|hrs?|days?|"
                      r"weeks?|wks?|months?|fortnight)\b|"
                      r"moved to|moved|move to|move|rescheduled|postponed|pushed|scheduled|planned|set for|booked for|"
                      r"next )")  # matched where the kind word ends


def _not_yet_or_a_thing(c: Clause, kind: slots.Found) -> bool:
    """ "the demo env expired": a kind word naming a thing; "kickoff in 3 days", "board meeting moved to dec 14":
    one still to come. Neither happened, so neither is the activity's kind."""
    tokens = c.u.tokens
    if kind.end < len(tokens) and tokens[kind.end].word in _EVENT_THINGS:
        return True
    if kind.end >= len(tokens):
        return False
    return _PLANNED.match(c.u.canon, c.u.offsets[kind.end]) is not None


def _wanted(c: Clause, k: int) -> bool:
    """ "they want a demo", "asked for a call": an activity asked for is not one that happened."""
    before = [t.word for t in c.u.tokens[max(0, k - 3):k]]
    return any(w in _WANTING for w in before) and not c.search(cues.LOG_VERB)


def create_deal(c: Clause) -> Slots:
    out: Slots = {}
    text, base = c.u.raw(0, len(c.u.tokens)), c.u.tokens[0].start
    quoted = _QUOTED.search(text)
    if quoted:
        out["title"] = quoted.group(1).strip()
        c.used.update(k for k, t in enumerate(c.u.tokens) if base + quoted.start() <= t.start < base + quoted.end())
    _customer_slot(c, out)
    follow_up = _follow_up(c)
    if follow_up is not None:
        out["follow_up"] = follow_up.value.isoformat()
    amount = best_amount(c.amounts)
    if amount is not None:
        out["amount"] = amount.number
        if amount.currency:
            out["currency"] = amount.currency
        c.used.update(range(amount.start, amount.end))
    stages = slots.stages(c.u, about_a_deal=True)
    if stages:
        out["stage"] = stages[-1].value
        for stage in stages:
            c.used.update(range(stage.start, stage.end))
    closing = re.search(r"\b(?:clos\w*|by|expected|due|sign|signing|signed)\b", c.u.canon)
    if closing:
        after = c.u.token_at(closing.start())
        for mention in c.dates:
            if mention.start > after and mention is not follow_up:
                out["expected_close"] = mention.value.isoformat()
                c.used.update(range(after, mention.end))
                break
    _mark_all(c, cues.CREATE_DEAL)
    _mark_all(c, cues.DEAL_NOUN)
    if "title" not in out:
        title = slots.free_text(c.u, c.used | _labels(c, "amount", "stage", "worth", "called", "named", "units"))
        if title:
            out["title"] = title
    return out


def _time_by(c: Clause, day: DateMention) -> str:
    """ "follow up friday 3pm", "at 10am tomorrow": "T15:00" for a time said next to the date, else "" (its words
    are used)."""
    said = find_time(c.u)
    if said is None or not (day.end <= said.start <= day.end + 1 or said.end in (day.start, day.start - 1)):
        return ""
    c.used.update(range(said.start, said.end))
    return f"T{said.at:%H:%M}"


# "ring back monday", "shall ring them again thursday": a call to make, said before its date
_CALL_AGAIN = cues.rx(r"(?:ring|call|phone|email|text|ping|try) (?:them |him |her |it )?(?:back|again)")


def _follow_up(c: Clause) -> DateMention | None:
    """ "..., follow up monday": the date right after a follow-up cue (its words are used)."""
    for follow in [*c.u.finditer(cues.FOLLOW_UP_BEFORE_DATE), *c.u.finditer(_CALL_AGAIN)]:
        cue_start, cue_end = c.u.span(follow)  # a date may take the cue's last word: "ping on friday", "check in 2 days"
        after = [d for d in c.dates if cue_start < d.start <= cue_end + 3 and d.end > cue_end]
        if after:
            c.used.update(range(cue_start, after[0].end))
            return after[0]
    return None


def move_deal(c: Clause) -> Slots:
    out: Slots = {}
    ref = _customer_slot(c, out)
    if c.stages:
        after_to = [s for s in c.stages if s.start > 0 and c.u.tokens[s.start - 1].word in ("to", "->", "as", "into")]
        after_customer = [s for s in after_to if ref is not None and ref.spotted and s.start >= ref.end]
        out["stage"] = after_customer[0].value if after_customer else (after_to or c.stages)[-1].value
    if re.search(r"\b(?:reopen|re open)\b", c.u.canon):
        out["reopen"] = True
    title = _deal_words(c)
    if title:
        out["title"] = title
    return out


_SLIPPED = cues.rx("slipped", "slips", "slip", "slid", "slides", "delayed", "pushed out", "pushed back",
                   "moved out", "pushed to", "moved to", "slipping", "delayed to")


def update_deal(c: Clause) -> Slots:
    out: Slots = {}
    _customer_slot(c, out)
    closing = c.search(cues.CLOSE_DATE)
    after = [d for d in c.dates if closing is not None and d.start >= c.u.span(closing)[0]]
    if after or (c.dates and closing is not None):
        out["expected_close"] = (after or c.dates)[0].value.isoformat()
    elif (slipped := c.search(_SLIPPED)) is not None:  # "slipped to next month, make it dec 20": the last date said
        later = [d for d in c.dates if d.start >= c.u.span(slipped)[1]]
        if later:
            out["expected_close"] = later[-1].value.isoformat()
    amount = best_amount(c.amounts, {k for d in c.dates for k in range(d.start, d.end)})
    if amount is not None and ("expected_close" not in out or amount.marked):
        out["amount"] = amount.number
        if amount.currency:
            out["currency"] = amount.currency
    title = _deal_words(c)
    if title:
        out["title"] = title
    return out


def show_deal(c: Clause) -> Slots:
    out: Slots = {}
    _customer_slot(c, out)
    title = _deal_words(c)
    if title:
        out["title"] = title
    return out


def show_ticket(c: Clause) -> Slots:
    return {"ticket": c.ticket.value} if c.ticket is not None else {}


_NOT_DEAL_WORDS = frozenset("the a an our their that this my your its it to of on for with".split())


def _deal_words(c: Clause) -> str | None:
    """The words naming which deal, right before "deal": "the renewal deal" -> "renewal" (not the customer)."""
    tokens = c.u.tokens
    noun = c.search(cues.DEAL_NOUN)
    if noun is None:
        return None
    at = c.u.span(noun)[0]
    customer = set(range(c.chosen.start, c.chosen.end)) if c.chosen is not None else set()
    k = at
    while k > 0 and tokens[k - 1].kind == "word" and k - 1 not in customer \
            and tokens[k - 1].word not in _NOT_DEAL_WORDS and not cues.UPDATE_DEAL_VERB.fullmatch(tokens[k - 1].word) \
            and tokens[k - 1].word not in cues.GRAMMAR_WORDS:
        k -= 1
    return c.u.raw(k, at) or None


def open_ticket(c: Clause) -> Slots:
    out: Slots = {}
    _customer_slot(c, out)
    found = slots.priorities(c.u)
    if found:
        out["priority"] = found[0].value
        for f in found:
            c.used.update(range(f.start, f.end))
    _mark_all(c, cues.CREATE_TICKET)
    subject = slots.free_text(c.u, c.used | _labels(c, "priority", "prio", "ticket", "support", "subject"))
    if subject:
        out["subject"] = subject
    return out


def update_ticket(c: Clause) -> Slots:
    out: Slots = {}
    if c.ticket is not None:
        out["ticket"] = c.ticket.value
    found = slots.statuses(c.u)
    if found:
        out["status"] = found[-1].value
    priorities = slots.priorities(c.u)
    if priorities:
        out["priority"] = priorities[-1].value
    assigns = [c.u.span(m) for m in c.u.finditer(cues.ASSIGN)]
    if assigns:
        named = [_person_after(c, j, ("to", "over", "for")) for i, j in assigns
                 if c.u.tokens[i].word not in _MYSELF]
        named = [n for n in named if n]  # "take 3000 off my plate, assign to john": the one named takes it
        out.update(named[-1] if named else {"assignee": "me"} if any(
            c.u.tokens[i].word in _MYSELF for i, _ in assigns) else {})
    else:
        out.update(_ticket_handler(c))
    return out


_MYSELF = frozenset(("ill", "i", "im", "take"))  # "i'll take #42", "i'm taking #71": the rep who says it


def _ticket_handler(c: Clause) -> Slots:
    """ "lucas should handle #83", "move ticket 77 to lucas": a teammate named by their first name takes it."""
    said = cues.HANDLES.search(c.u.canon)
    if said is not None:
        person = person_word(c.u.tokens[c.u.token_at(said.start(1))])
        if person:
            return {"assignee": person}
    named = _person_after(c, 0, ("to",))
    return named if named.get("assignee") in COMMON_FIRST_NAMES | {"me"} else {}


def show_tickets(c: Clause) -> Slots:
    out: Slots = {}
    found = slots.statuses(c.u)
    if found:
        out["status"] = found[0].value
    assignee = _ticket_assignee(c)
    if assignee:
        out["assignee"] = assignee
    ref = c.spotted[0] if c.spotted else None if assignee else c.customer(_TICKET_CUSTOMER_ANCHORS)
    if ref is not None and ref.mention.lower() != assignee:
        out["customer"] = ref.name
        c.chosen = ref
    return {**out, **list_filters.ticket_filters(c)}  # "urgent", "unassigned", "older than 3 days", "past sla"


_TICKET_CUSTOMER_ANCHORS = frozenset(("for", "from", "at", "of", "about", "on", "with"))
_SURELY_A_PERSON = re.compile(r"\b(?:assigned to|owned by|does|do|has) (\w+)\b|"
                              r"\b(?:tickets|tix|cases) (\w+) (?:is|are|has|have) (?:working|handling|on|got)\b|"
                              # "what tickets is sarah working on", "whats omar working on", "tickets i own"
                              r"\b(?:tickets|tix|cases|whats|what is|hows|how is) (?:(?:is|are|has|have|did|does) )?(\w+) "
                              r"(?:working|handling|doing|got|closed|resolved|solved|fixed|handled)\b|"
                              r"\b(?:tickets|tix|cases) (i|im|ive) (?:on|own|have|got|closed|resolved|handled)\b")
_MAYBE_A_PERSON = re.compile(r"\b(?:for|with) (\w+)\b")


def _ticket_assignee(c: Clause) -> str | None:
    """ "my tickets" -> me; "maria's", "assigned to maria", "does raj have"; "for priya" (a first name)."""
    if {"my", "mine"} & set(c.u.words()) or re.search(r"\b(?:assigned to|for) me\b", c.u.canon):
        return "me"

    def in_customer(k: int) -> bool:
        return any(r.start <= k < r.end for r in c.spotted)

    for k, token in enumerate(c.u.tokens):
        if token.possessive and person_word(token) and not in_customer(k):
            return person_word(token)
    for pattern, any_name in ((_SURELY_A_PERSON, True), (_MAYBE_A_PERSON, False)):
        match = pattern.search(c.u.canon)
        if match:
            group = next(g for g in range(1, len(match.groups()) + 1) if match.group(g))
            k = c.u.token_at(match.start(group))
            person = person_word(c.u.tokens[k])
            if person and not in_customer(k) and (any_name or person in COMMON_FIRST_NAMES):
                return person
    return None


def show_top_customers(c: Clause) -> Slots:
    out: Slots = {}
    top = c.search(cues.TOP)
    start = c.u.span(top)[0] if top is not None else 0
    count = slots.small_number(c.u, start) or slots.small_number(c.u)
    if count is not None:
        out["limit"] = count.value
    if c.search(cues.METRIC_SCORE):
        out["metric"] = "score"
    elif c.search(cues.METRIC_REVENUE):
        out["metric"] = "revenue"
    return out


def show_customer(c: Clause) -> Slots:
    out: Slots = {}
    _customer_slot(c, out)
    return out


def add_customer(c: Clause) -> Slots:
    out: Slots = {}
    tokens = c.u.tokens
    cue = _NEW_NAME_CUE.search(c.u.canon)
    if cue is not None:
        start = c.u.span(cue)[0]
        while start < len(tokens) and (tokens[start].word in _NAME_LEAD_IN or tokens[start].kind == "punct"):
            start += 1
        stop = start
        while stop < len(tokens) and not tokens[stop].boundary and tokens[stop].kind in ("word", "num", "punct") \
                and not (stop > start and tokens[stop].word in _ADD_NAME_STOP) \
                and not (tokens[stop].word == "and" and stop + 1 < len(tokens)
                         and tokens[stop + 1].word in _AFTER_AND_NOT_A_NAME):
            stop += 1
        stop = _name_end(tokens, start, stop)
        if stop > start:
            out["customer"] = c.u.raw(start, stop).strip(" -:,.")
    for token in tokens:
        if token.kind == "email" and "email" not in out:
            out["email"] = token.raw
        elif token.kind == "phone" and "phone" not in out:
            out["phone"] = token.raw
    city = re.search(r"\b(?:based in|located in|in|from) ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)", c.u.raw(0, len(tokens)))
    if city and city.group(1).lower() not in out.get("customer", "").lower():
        out["city"] = city.group(1)
    return out


_NOT_THE_NAME_AFTER = frozenset("customer client account prospect lead company".split())
_INTO_THE_CRM = frozenset("crm system list database db".split())


def _name_end(tokens: list, start: int, stop: int) -> int:
    """Where a new customer's name ends: not "... to the crm", not "Brasserie Lipp customer"."""
    for k in range(start + 1, stop):
        rest = [t.word for t in tokens[k + 1:k + 3]]
        if tokens[k].word in ("to", "into", "in") and (rest[:1] == ["crm"] or rest[:1] == ["the"] and
                                                        rest[1:] and rest[1] in _INTO_THE_CRM):
            return k
    if stop - start > 1 and tokens[stop - 1].word in _NOT_THE_NAME_AFTER:
        return stop - 1
    return stop


_SOMEONES_RESULTS = re.compile(r"\b(?:whats|what has|what have|what did|what does|hows|how did|how is|how much is"
                               r"|what is) (\w+) (?:got|get|have|has|win|won|sign|signed|close|closed|book|booked|"
                               r"bring|brought|carrying|carry|working|tracking|ranking|doing)\b")


def show_pipeline(c: Clause) -> Slots:
    out = _pipeline_owner(c)
    return {**out, **list_filters.deal_filters(c, out.get("owner"))}  # "closing this month", "over 50k"


def _pipeline_owner(c: Clause) -> Slots:
    out: Slots = {}
    words = c.u.words()
    if any(w in ("my", "mine", "i", "im") for w in words) or re.search(r"\b(?:for|to|by) me\b", c.u.canon):
        out["owner"] = "me"
        return out
    for token in c.u.tokens:
        if token.possessive and person_word(token):
            out["owner"] = person_word(token)
            return out
    said = _SOMEONES_RESULTS.search(c.u.canon)
    if said is not None and _a_teammate(c, c.u.token_at(said.start(1))):
        out["owner"] = person_word(c.u.tokens[c.u.token_at(said.start(1))])
        return out
    owner = re.search(r"\b(?:for|of|owned by|does|do|has) (\w+)\b", c.u.canon)
    if owner and not any(r.start <= c.u.token_at(owner.start(1)) < r.end for r in c.spotted):
        token = c.u.tokens[c.u.token_at(owner.start(1))]
        person = person_word(token)
        if person and person not in ("team", "everyone", "all", "us", "the", "sales"):
            out["owner"] = person
    return out


def _a_teammate(c: Clause, k: int) -> bool:
    """The subject of "what's jess got", "how much is dave carrying": a first name, or a name-like word that
    names no customer (a question: at worst the list is someone else's, nothing is written)."""
    token = c.u.tokens[k]
    person = person_word(token)
    if person is None or person in ("me", "it", "that", "this", "there", "everyone", "team", "the", "sales"):
        return False
    if any(r.start <= k < r.end for r in c.spotted):
        return False
    return person in COMMON_FIRST_NAMES or token.word == token.fold and token.word.isalpha() and len(token.word) > 2


def show_segment(c: Clause) -> Slots:
    found = slots.values(c.u, cues.SEGMENT_RX, cues.SEGMENT_OF)
    return {"segment": found[0].value} if found else {}


def remind(c: Clause) -> Slots:
    out: Slots = {}
    when = reminder_when(c.u, c.dates, c.today, c.now)
    if when is not None:
        out["when"] = when.value
        out["recurrence"] = when.recurrence
        c.used.update(when.tokens)
    elif c.search(cues.TIME_OF_DAY):  # "at 3pm", "in an hour": today
        out["when"] = c.today.isoformat()
        _mark(c, c.search(cues.TIME_OF_DAY))
    ref = _customer_slot(c, out, CUSTOMER_ANCHORS | frozenset(("send", "call", "email", "ping", "pay")))
    kept = ref is not None and (ref.resolved or bool(ref.candidates))
    if ref is not None and not kept:
        del out["customer"]  # "call dana": a name no customer has stays in the text; the reminder needs no customer
        c.chosen = None
    _mark_all(c, cues.REMIND)
    used = set(c.used)
    if ref is not None:  # "call hooli back", "call dana": the name belongs in the text (a time, "at noon", does not)
        used -= set(range(ref.start, ref.end)) - (when.tokens if when is not None else set())
        used |= set(range(ref.start, ref.end)) if kept and _name_is_object(c, ref) else set()
    text = slots.free_text(c.u, used | _leading_set(c) | _before_when(c, when))
    if text:
        out["text"] = re.sub(r"^(?:to|about|that|for|of)\s+", "", text)
    return out


def help_slots(c: Clause) -> Slots:
    return {}


def invite_customer(c: Clause) -> Slots:
    out: Slots = {}
    _customer_slot(c, out, delivery.INVITE_ANCHORS)
    return out


def _name_is_object(c: Clause, ref: CustomerRef) -> bool:
    """ "send acme the contract": the name is only who it is for, not the task."""
    before = c.u.tokens[ref.start - 1].word if ref.start > 0 else ""
    after = c.u.tokens[ref.end].word if ref.end < len(c.u.tokens) else ""
    return before in ("send", "give", "mail", "about", "for", "to", "with") or after in ("the", "a", "an", "their")


def _leading_set(c: Clause) -> set[int]:
    """ "set a reminder for ...": the words that ask for the reminder, not its task."""
    tokens, k = c.u.tokens, 0
    while k < len(tokens) and tokens[k].word in ("set", "a", "an", "up", "me", "for", "on", "in", "by"):
        k += 1
    return set(range(k))


_WHEN_LEADS = frozenset(("on", "by", "for", "in", "at", "until", "till", "before", "this", "next", "from"))


def _before_when(c: Clause, when) -> set[int]:
    """The preposition that opens the time said ("... by friday"), when the time's own span leaves it out."""
    if when is None or not when.tokens:
        return set()
    first = min(when.tokens)
    return {first - 1} if first > 0 and c.u.tokens[first - 1].word in _WHEN_LEADS else set()


def _labels(c: Clause, *words: str) -> set[int]:
    return {k for k, t in enumerate(c.u.tokens) if t.word in words}


def _person_after(c: Clause, start: int, anchors: tuple[str, ...]) -> Slots:
    tokens = c.u.tokens
    for k in range(start, min(len(tokens), start + 6)):
        if tokens[k].word in anchors and k + 1 < len(tokens):
            at = k + 2 if tokens[k + 1].word == "@" and k + 2 < len(tokens) else k + 1  # "to @sam"
            person = person_word(tokens[at])
            if person and person not in cues.PRIORITY_OF and person not in cues.STATUS_OF:
                return {"assignee": person}
    return {}


BUILDERS: dict[str, Callable[[Clause], Slots]] = {
    "log_activity": log_activity, "create_deal": create_deal, "move_deal": move_deal, "open_ticket": open_ticket,
    "update_ticket": update_ticket, "show_top_customers": show_top_customers, "show_customer": show_customer,
    "add_customer": add_customer, "show_pipeline": show_pipeline, "show_tickets": show_tickets,
    "show_segment": show_segment, "remind": remind, "help": help_slots, "invite_customer": invite_customer,
    "update_deal": update_deal, "show_deal": show_deal, "show_ticket": show_ticket, **contacts.BUILDERS,
    **delivery.BUILDERS, **customer_edits.BUILDERS, **record_edits.BUILDERS, **record_edits.OVERRIDES,
    **team_admin.BUILDERS, **reminder_edits.BUILDERS,
}
BUILDERS = reports.extend(BUILDERS)  # customer lists, my day and reports; periods said on top customers (issue 14)
REQUIRED = {name: doubted for name, command in COMMANDS.items()  # slots a frame is doubted without (Need.doubt)
            if (doubted := tuple(n.slots for n in command.needs if n.doubt and n.slots))}
