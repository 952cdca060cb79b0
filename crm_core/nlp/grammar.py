"""Which command one clause is: cue phrases checked in a fixed order, most specific first."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from crm_core.names import normalize_name
from crm_core.nlp import cues, customer_edits, delivery, slots
from crm_core.nlp import contacts, list_filters
from crm_core.nlp import record_edits  # deal, activity and ticket edits (issue 15)
from crm_core.nlp import reminder_edits  # done, snooze, move, cancel a reminder (issue 15)
from crm_core.nlp import team_admin  # teammates, roles, teams, deactivation, bulk reassignment (issue 15)
from crm_core.nlp import reports  # customer lists, my day, reports (issue 14)
from crm_core.nlp.amounts import Amount, find_amounts
from crm_core.nlp.dates import DateMention, find_dates
from crm_core.nlp.mentions import CustomerRef, Resolver, guess_customer, resolve_mention, spot_customers
from crm_core.nlp.text import Utterance

# what may follow a ticket's bare number: "set 77 to pending", "58 can be closed", "how's 1207 going"
_AFTER_A_TICKET = frozenset("to on over off for so back can could should will is was has been be going now too pls "
                            "please asap thx thanks up and".split())
_A_RECORD_FOR = re.compile(r"^(?:(?:pls|please|ok|a|an|urgent|support|critical|high|low|p\d) )*(?:ticket|tkt|case|"
                          r"deal|opp|opportunity) for\b")
CUSTOMER_ANCHORS = frozenset("""
with for to at about on from by visited met rang called emailed phoned dialed dialled pinged lookup up move push
bump mark moved pushed bumped advance reopen note notes deal opportunity ticket customer account client lost signed
""".split())


@dataclass
class Clause:
    """One command's worth of an utterance, with what was found in it."""
    u: Utterance
    today: date
    resolver: Resolver
    carried: CustomerRef | None = None  # the customer of the clause before ("move them to proposal")
    verbless: bool = False  # a command said without its verb, after one said with it ("..., globex to won")
    now: datetime | None = None  # the message's local wall-clock time, when known ("in 2 hours", "at 9")
    used: set[int] = field(default_factory=set)
    chosen: CustomerRef | None = None  # the customer the slots were filled with
    _customers: dict[frozenset[str], CustomerRef | None] = field(default_factory=dict)

    @cached_property
    def spotted(self) -> list[CustomerRef]:
        return spot_customers(self.u, self.resolver)

    @cached_property
    def dates(self) -> list[DateMention]:
        return find_dates(self.u, self.today)

    @cached_property
    def amounts(self) -> list[Amount]:
        return find_amounts(self.u)

    @cached_property
    def ticket(self) -> slots.Found | None:
        return slots.ticket_number(self.u) or self._ticket_asked_about()

    def _ticket_asked_about(self) -> slots.Found | None:
        """ "status of 47?", "has 31 been resolved": a bare number asked about as a ticket."""
        found = self.u.search(cues.BARE_TICKET_QUESTION)
        if found is None or self.u.search(cues.DEAL_NOUN) or self.u.search(cues.QUESTION_MARK_END) is None \
                and not self.u.search(cues.STATUS_RX):
            return self._bare_ticket()
        group = 1 if found.group(1) else 2
        k = self.u.token_at(found.start(group))
        return slots.Found(int(found.group(group)), k, k + 1)

    def _bare_ticket(self) -> slots.Found | None:
        """ "set 77 to pending", "hand 5050 over to maria", "how's 1207 going": the one number of a message that
        says what is done to a ticket, standing alone (not "3 vendors", "15k", "dec 3"), and no customer or deal."""
        nums = [k for k, t in enumerate(self.u.tokens) if t.kind == "num"]
        if len(nums) != 1 or not self.u.tokens[nums[0]].word.isdigit() or self.spotted \
                or any(a.marked for a in self.amounts) or any(d.start <= nums[0] < d.end for d in self.dates) \
                or self.u.search(cues.DEAL_NOUN):
            return None
        k = nums[0]
        if self.u.tokens[0].word == "open":
            return None  # "open up 455 so i can see it": to look at it, never a status to write
        after = self.u.tokens[k + 1] if k + 1 < len(self.u.tokens) else None
        if after is not None and after.kind == "word" and after.word not in _AFTER_A_TICKET:
            return None
        if not (self.u.search(cues.BARE_TICKET_CUE) or self.u.search(cues.STATUS_RX)
                or self.u.search(cues.PRIORITY_RX)):
            return None
        return slots.Found(int(self.u.tokens[k].word), k, k + 1)

    @cached_property
    def stages(self) -> list[slots.Found]:
        """Stages said as stages: "they signed off on pricing" is an approval, not a won deal."""
        tokens = self.u.tokens
        paperwork = {k for m in self.u.finditer(cues.SIGNED_PAPERWORK) for k in range(*self.u.span(m))}
        return [s for s in slots.stages(self.u) if s.start not in paperwork  # "signed the nda" is not a won deal
                and not (s.end < len(tokens) and tokens[s.end].word == "off" and tokens[s.end - 1].word == "signed")]

    def search(self, pattern):
        return pattern.search(self.u.canon)  # = self.u.search(pattern), one call less: the cascade's hottest line

    def customer(self, anchors: frozenset[str] = CUSTOMER_ANCHORS) -> CustomerRef | None:
        """The customer the clause names: a spotted one, else a guessed name, else the carried one."""
        if anchors not in self._customers:
            self._customers[anchors] = self._find_customer(anchors)
        return self._customers[anchors]

    def _find_customer(self, anchors: frozenset[str]) -> CustomerRef | None:
        if self.spotted:  # the first good one: "log a call with globex about the acme labs partnership"
            good = [r for r in self.spotted if r.score >= 85.0] or self.spotted
            return min(good, key=lambda r: r.start)
        run = guess_customer(self.u, 0, len(self.u.tokens), anchors)
        if run is not None and not self._overlaps_slots(*run) and self._plausible_name(*run):
            return resolve_mention(self.u, self.resolver, *run)
        plain = self._plain_word_customer()
        if plain is not None:
            return plain
        if self.carried is not None and self.u.search(cues.PRONOUN_REF) is not None:
            return self.carried
        return None

    def _plain_word_customer(self) -> CustomerRef | None:
        """ "call with target": an everyday word after with/for/to that is exactly a customer's name."""
        tokens = self.u.tokens
        for k, token in enumerate(tokens[:-1]):
            if token.word in ("with", "for", "to", "at", "from") and tokens[k + 1].kind == "word":
                ref = resolve_mention(self.u, self.resolver, k + 1, k + 2)
                if ref.resolved and normalize_name(ref.name) == tokens[k + 1].fold:
                    return ref
        return None

    def _plausible_name(self, i: int, j: int) -> bool:
        """An unknown name is believed when it is capitalised or the clause is plainly a command."""
        capitalised = any(t.raw[:1].isupper() for t in self.u.tokens[i:j])
        return capitalised or self.verbless or self.u.search(cues.EXPLICIT_COMMAND) is not None \
            or self.u.search(_A_RECORD_FOR) is not None  # "ticket for planet express - app crash, high"

    def _overlaps_slots(self, i: int, j: int) -> bool:
        taken = {k for d in self.dates for k in range(d.start, d.end)}
        taken |= {k for a in self.amounts for k in range(a.start, a.end)}
        return not taken.isdisjoint(range(i, j))

    @cached_property
    def has_customer(self) -> bool:
        return self.customer() is not None


# writes of CRM data a question must never make (settings and reminders asked as questions are requests:
# "can i use this on telegram?")
WRITES = frozenset(("log_activity", "create_deal", "move_deal", "open_ticket", "update_ticket", "add_customer",
                    "update_deal", "invite_customer", "send_outreach", "update_customer", "merge_customers")) | contacts.WRITES \
    | record_edits.WRITES | team_admin.WRITES | reminder_edits.WRITES


def decide(c: Clause) -> tuple[str, float]:
    """The intent of a clause and how sure the grammar is of it; a question never gets a writing intent."""
    intent, confidence = _by_rules(c)
    if (intent in WRITES or intent == "unknown") and is_question(c):
        intent, confidence = _answer_to(c, intent, confidence)
    elif intent == "show_customer" and (c.search(cues.DEAL_NOUN) or c.search(cues.STRONG_DEAL_QUESTION)) \
            and not c.search(cues.HISTORY):
        intent = "show_deal"  # "how's the initech deal going": the deal's card
    if intent in _READS_OF_ONE and c.search(_GOSSIP) and not c.search(cues.EXPLICIT_COMMAND):
        return "unknown", 0.8  # "did you see the news about hooli? crazy": said to the team, of a customer
    return intent, confidence


# talk among teammates: asked of people ("did you see", "anyone going to") or a reaction ("haha", "good times")
_GOSSIP = re.compile(r"\b(?:did (?:you|anyone|anybody|everyone|yall) (?:see|watch|hear|read|catch)|"
                     r"(?:anyone|anybody) (?:going|watch|watched|seen|see|saw|hear|heard|been)\b|who (?:even|wants)\b|"
                     r"remember when|good times|what a (?:week|day|month|year)|ha(?:ha)+|lmao|omg)\b")
_READS_OF_ONE = frozenset(("show_customer", "show_deal"))
_DUE = cues.rx("due", "overdue")
_MOVE_ASKED = re.compile(r"\b(?:move|moved|push|bump|advance|mark|set|change|update|progress)\b")
_CLOSE_DATE_NOUN = cues.rx("close date", "closing date", "expected close", "expected close date")


def never_write_a_question(c: Clause, intent: str, confidence: float) -> tuple[str, float]:
    """For whatever chose `intent` (the rules, a model, a vote): a question still gets a read, never a write."""
    if intent in WRITES and is_question(_without_the_message(c, intent)):
        return _answer_to(c, intent, confidence)
    return intent, confidence


def _without_the_message(c: Clause, intent: str) -> Clause:
    """An outreach may ask its customers a question ("at-risk customers: want a review call?"); the rep asks none."""
    span = delivery.message_span(c.u) if intent == "send_outreach" else None
    if span is None or span[0] == 0:
        return c
    return Clause(Utterance(c.u.text, c.u.tokens[:span[0]]), c.today, c.resolver, now=c.now)


def is_question(c: Clause) -> bool:
    """ "what's the win probability on ...", "did they sign?", "when did we last talk to initech" (not "can you ...?");
    also asked after a name: "sunrise bakery - what stage", "acme deal: is it in negotiation", "X deal - won or not"."""
    if c.search(cues.POLITE_REQUEST) or c.search(cues.IMPERATIVE):
        return False
    if c.search(cues.QUESTION_START) and not _tells(c) or (_starts_sentence(c) and c.search(cues.QUESTION_MARK_END)):
        return True
    asked = _ASKED_AFTER_A_NAME.match(c.u.canon)
    named_first = bool(c.spotted) and c.spotted[0].start == 0 or c.ticket is not None and c.ticket.start <= 1
    if asked is not None and named_first:  # the name alone before the colon: "initech are reviewing 3 vendors, we're
        head = c.spotted[0].end if c.spotted and c.spotted[0].start == 0 else c.ticket.end  # ..." tells, asks nothing
        named_first = c.u.token_at(asked.start("rest")) - 1 <= head + 1
    return asked is not None and named_first \
        and bool(cues.QUESTION_START.match(asked.group("rest")) or _OR_NOT.search(asked.group("rest")))


def _tells(c: Clause) -> bool:
    """ "we're negotiating with orion now", "was on the phone with X for an hour": a statement that starts with the
    words of a question ("were ...?", "was ...?"), said without a question mark."""
    words = [t for t in c.u.tokens if t.kind != "punct"]
    if len(words) < 2 or c.search(cues.QUESTION_MARK_END):
        return False
    first = words[0]
    return "'" in first.raw and first.raw.lower().replace("’", "'").startswith("we'") \
        or first.word in ("was", "were") and words[1].word in _WHERE_ONE_WAS


_WHERE_ONE_WAS = frozenset("on at with in over out just".split())
_ASKED_AFTER_A_NAME = re.compile(r"^[^:,\-]{1,60}? (?:deal |opp |account )?[:,\-] (?P<rest>.+)$")
_OR_NOT = re.compile(r"\bor not\b|\byes or no\b")


def _starts_sentence(c: Clause) -> bool:
    """A clause cut from the middle of a sentence ("could you move X and Y to ...?") shares its "?" with the
    sentence's start, which may be a request."""
    before = c.u.text[:c.u.tokens[0].start].rstrip() if c.u.tokens else ""
    return not before or before[-1] in ".!?"


def _answer_to(c: Clause, intent: str, confidence: float) -> tuple[str, float]:
    """The read a question about a ticket, a deal or a customer asks for; unknown when it names none."""
    if c.ticket is not None:
        return "show_ticket", 0.9
    if intent == "unknown" and (c.search(_DUE) or c.search(cues.OFF_TOPIC)):
        return "unknown", max(confidence, 0.8)  # "what's due on the X contract": a task list, decidedly no command
    if intent == "unknown" and not c.spotted:  # "is it won yet?", "status of the renewal deal": the deal talked about
        deal_ref = c.search(cues.DEAL_SINGULAR) or (c.search(cues.PRONOUN_REF) and c.search(cues.STRONG_DEAL_QUESTION))
        return ("show_deal", 0.75) if deal_ref else ("unknown", confidence)
    if not c.has_customer and c.search(cues.DEALS_PLURAL):  # "show won deals this quarter"
        return "show_pipeline", 0.8
    if c.has_customer and c.search(cues.SPENT) and not c.search(cues.DEAL_NOUN):
        return "show_customer", 0.85  # "how much has kangaroo spent with us": the customer's orders, not a deal
    about_deal = c.search(cues.DEAL_NOUN) or c.search(cues.DEAL_QUESTION) or c.stages or _money(c)
    if about_deal and not c.search(cues.HISTORY) \
            and (c.has_customer or c.search(cues.DEAL_NOUN) or c.search(cues.PRONOUN_REF)):
        return "show_deal", 0.85
    if c.has_customer:
        return "show_customer", 0.85
    return "unknown", 0.7


def _by_rules(c: Clause) -> tuple[str, float]:
    u = c.u
    if not any(t.kind == "word" for t in u.tokens):
        return ("show_ticket", 0.9) if c.ticket is not None else ("unknown", 0.9)  # "#1100": its card
    if delivery.sends_outreach(c):
        return "send_outreach", 0.9
    if c.search(cues.HELP_START) and not delivery.invites_me(c) \
            and _asks_about_the_bot(c):  # "how can i link my telegram" wants the link
        return "help", 0.9
    if (admin := team_admin.decide(c)) is not None:  # "make maria a manager", "give all of bob's accounts to maria"
        return admin
    if (edit := reminder_edits.decide(c)) is not None:  # "push the acme reminder to monday", "snooze it an hour"
        return edit
    if (edit := record_edits.decide(c)) is not None:  # "delete the note i just logged", "merge #1043 into #1042"
        return edit
    if (about_contacts := contacts.decide(c)) is not None:  # before the channel choice: "set dana's telegram to ..."
        return about_contacts
    if _remarks_on(c) or c.search(_GREETINGS_PASSED_ON):  # "the weather forecast is grim", "wayne says hi"
        return "unknown", 0.8
    if (asked := reports.decide(c)) is not None:  # "leaderboard this month", "what's on my plate", "customers in london"
        return asked
    if c.search(cues.OFF_TOPIC) and not c.search(cues.EXPLICIT_COMMAND):
        return "unknown", 0.8
    early = delivery.decide_early(c)
    if early is not None:
        return early
    if c.ticket is None and (asked := _asks_to_be_reminded_of_a_fact(c)) is not None:
        return asked
    if c.search(cues.REMIND):
        return "remind", 0.95
    if delivery.invites_customer(c):
        return "invite_customer", 0.95
    edit = customer_edits.decide(c)  # rename, email, owner, tags, archive, merge
    if edit is not None:
        return edit
    if c.ticket is not None and _ticket_action(c):
        return "update_ticket", 0.95
    if c.ticket is not None and _asks_about_ticket(c):
        return "show_ticket", 0.9
    if c.ticket is None and (c.search(cues.CREATE_TICKET) or (c.search(cues.TICKET_FIRST) and c.spotted)):
        return "open_ticket", 0.95
    if _lists_tickets(c) or list_filters.asks_for_tickets(c):
        return "show_tickets", 0.9
    if list_filters.asks_for_deals(c):  # "deals over 50k", "my deals closing this month": a list, never a new deal
        return "show_pipeline", 0.9
    if c.search(cues.ADD_CUSTOMER) and not c.search(cues.SEGMENT_RX) and not c.search(_ADDS_ME) \
            or _adds_with_contact(c):
        return "add_customer", 0.9
    if _updates_deal(c):
        return "update_deal", 0.9 if c.has_customer or c.search(cues.DEAL_NOUN) else 0.7
    if c.search(cues.CREATE_DEAL) or (c.search(cues.DEAL_FOR) and not c.stages) \
            or (c.search(cues.DEAL_NOUN) and _money(c) and not _moves(c, strict=True)):
        return "create_deal", 0.9
    if c.spotted and c.search(cues.PIPELINE) and c.search(cues.QUESTION_START):  # "where's X in the pipeline"
        return "show_deal", 0.85
    if c.search(cues.PIPELINE) or ((c.search(cues.OPEN_DEALS) or _someones_deals(c)) and not c.spotted):
        return "show_pipeline", 0.9
    if c.search(cues.TOP):
        return "show_top_customers", 0.9
    if _segment(c):
        return "show_segment", 0.9
    if c.search(cues.SHOW_CUSTOMER_START) and c.has_customer:
        return "show_customer", 0.9
    if c.search(cues.ASK_FOR_RECORDS) and c.has_customer and not c.search(cues.LOG_VERB):
        return "show_customer", 0.85
    if _asks_deal_status(c) or (c.search(cues.SHOW_THE_DEAL) and not (c.stages or c.amounts or c.dates)):
        return "show_deal", 0.85
    if _moves(c):
        return "move_deal", 0.9 if c.has_customer else 0.6
    if c.ticket is None and c.search(cues.MOVE_WITHOUT_STAGE) and (c.spotted or c.search(cues.DEAL_NOUN)):
        return "move_deal", 0.8
    if _activity_said(c) and (c.spotted or (c.has_customer and _kind_first(c)) or c.search(cues.LOG_VERB)):
        return "log_activity", 0.9 if c.has_customer else 0.6
    if c.search(cues.SHOW_CUSTOMER_ANY) and c.has_customer:
        return "show_customer", 0.8
    if _narrates(c):
        return "log_activity", 0.85 if c.has_customer else 0.75
    if _just_a_name(c):
        return "show_customer", 0.7
    if c.search(cues.HELP):
        return "help", 0.8
    if c.ticket is not None:  # a ticket named and nothing said to change: show it
        return "show_ticket", 0.7
    return "unknown", 0.7


# a CRM noun as the subject of a remark: "the oil pipeline story is wild", "forecast says rain all week", "my at risk
# plant is dying", "loyal customers of that coffee shop get free muffins", "black friday deals are insane this year"
_A_REMARK = re.compile(r"^(?:(?:the|my|our|this|that|his|her|their) )?(?:\S+ ){0,3}?(?:pipeline|forecast|deals|"
                       r"at risk|loyal customers|customers)(?: \S+){0,4}? (?:is|are|says|said|get|gets|"
                       r"looks like|seems)\b(?! (?:in|at|for|with|from|by|closing|due|stuck|open|won|lost|over|under|"
                       r"assigned|owned|managed)\b)")


# a greeting passed on carries nothing to log, whoever sends it: "wayne from accounting says hi", "acme says thanks!"
_GREETINGS_PASSED_ON = re.compile(r"^(?:\S+ ){1,4}(?:says|said|sends|sent|say) (?:hi|hello|hey|hiya|howdy|thanks|"
                                  r"thank you|regards|(?:his|her|their) regards|good morning)"
                                  r"(?: to (?:you|you all|everyone|all|the team|us))?(?: ?[!.])*$")


def _remarks_on(c: Clause) -> bool:
    """A remark whose subject shares a CRM word, asked of nobody: no question, request, customer, ticket or figure."""
    return bool(c.search(_A_REMARK)) and not (
        c.spotted or c.ticket is not None or c.amounts or c.search(cues.QUESTION_START)
        or c.search(cues.QUESTION_MARK_END) or c.search(cues.IMPERATIVE) or c.search(cues.POLITE_REQUEST))


_REMIND_ME_OF_A_FACT = re.compile(r"^(?:(?:pls|please|hey|ok|so) )*remind me (?:what|why|how|who|where|which)\b"
                                 r"|\bremind me (?:to never|never to|not to ever)\b")
_MY_TO_DOS = re.compile(r"\b(?:my reminders|i have to do|i need to do|my to ?dos?|is due|are due|my follow ups)\b")


def _asks_to_be_reminded_of_a_fact(c: Clause) -> tuple[str, float] | None:
    """ "remind me what i have to do today" lists the reminders; "remind me what the wifi password is", "remind me why
    i took this job", "remind me never to ..." set none (a question, or chatter)."""
    if c.search(_REMIND_ME_OF_A_FACT) is None:
        return None
    return ("show_reminders", 0.9) if c.search(_MY_TO_DOS) else ("unknown", 0.8)


def _asks_about_the_bot(c: Clause) -> bool:
    """ "how do i log a call", "how does this work" (not "how do i book a conf room", "how do you say thanks in x")."""
    start = cues.HELP_START.search(c.u.canon)
    rest = c.u.canon[start.end():]
    return not rest.strip(" ?!.") or cues.HELP_TOPIC.search(rest) is not None


def _asks_about_ticket(c: Clause) -> bool:
    """ "#42?", "ticket 1042 where are we", "status of ticket 42": a ticket number and nothing to change."""
    rest = [t for k, t in enumerate(c.u.tokens) if not c.ticket.start <= k < c.ticket.end and t.kind != "punct"]
    return not rest or is_question(c) or c.search(cues.SHOW_CUSTOMER_ANY) is not None \
        or any(t.word in _VIEWING for t in rest)


_STATUS_OF = re.compile(r"\bstatus (?:of|on)\b")
_VIEWING = frozenset("where status show whats what update news latest see view state history pull details info "
                     "look lookup".split())


def _updates_deal(c: Clause) -> bool:
    """ "bump the renewal deal to 9k", "acme deal is 15k now", "push the hooli close date to dec 15": a change to a
    deal that exists (a new one is said with new/create/add)."""
    if c.stages or c.ticket is not None or c.search(cues.DEALS_PLURAL) or c.search(_A_NEW_DEAL):
        return False
    if (c.search(cues.EDIT_THE_DEAL) or c.search(cues.THE_DEAL_CHANGED)) and (_money(c) or c.dates):
        return True  # "make the acme deal 25k", "the wonka deal grew to $12k"
    if c.search(cues.AMOUNT_EDIT) and _money(c) and c.has_customer:  # "reduce maple leaf to $9,900"
        return True
    if c.spotted and _money(c) and c.search(_ITS_FIGURE_CHANGED):  # "vandelay deal dropped to 8k", "X opp amount = 5k"
        return True
    if c.search(cues.CLOSE_DATE) and c.dates and c.search(_CLOSE_DATE_NOUN):  # "push the close date to jan 15"
        return True
    if c.search(cues.CREATE_DEAL) or c.search(cues.DEAL_FOR):
        return False
    about_deal = c.search(cues.DEAL_NOUN) is not None
    if _money(c) and c.search(cues.UPDATE_DEAL_VERB) and (about_deal or c.search(cues.PRONOUN_REF)):
        return True
    closing = c.search(cues.CLOSE_DATE)
    return closing is not None and any(d.start >= c.u.span(closing)[0] for d in c.dates) \
        and (about_deal or (c.has_customer and c.search(cues.UPDATE_DEAL_VERB) is not None))


_ITS_FIGURE_CHANGED = re.compile(r"\b(?:deal|opportunity|opp)(?: (?:value|amount|size|total))? (?:grew|went up|went down|"
                                 r"dropped|fell|shrank|is now|should be|is actually|changed|increased|decreased|"
                                 r"revised|now)\b|\b(?:deal|opportunity|opp) (?:value|amount|size|total)\b")


def _asks_deal_status(c: Clause) -> bool:
    """ "acme deal status", "hooli deal - where are we": a deal, a status word, nothing to change."""
    status = c.search(_DEAL_STATUS)
    return bool(status and c.search(cues.DEAL_NOUN) and c.spotted and not (c.stages or c.amounts or c.dates)
                and not c.search(cues.UPDATE_DEAL_VERB) and not c.search(cues.EXPLICIT_COMMAND))


_NEWS_LEAD_IN = frozenset("so ok okay fyi update quick news good bad heads up btw and also re about : -".split())
_DEAL_STATUS = cues.rx("status", "stage", "where are we", "where do we stand", "progress", "latest", "update",
                       "how is it going", "hows it going")


def _narrates(c: Clause) -> bool:
    """ "they signed off on pricing, legal next", "sent them the proposal yesterday", "Globex: unhappy with ...":
    a report of what happened, to log (a name before it is who it is about, not a new customer)."""
    if c.search(cues.SENT_TO) and (c.has_customer or c.search(cues.PRONOUN_REF)):
        return True
    if c.search(cues.NARRATIVE_SUBJECT) and c.search(cues.NARRATIVE_VERB) and len(c.u.tokens) >= 3:
        return True
    if c.search(cues.WE_DID) and (c.has_customer or c.search(cues.PRONOUN_REF)):
        return True
    ref = c.spotted[0] if c.spotted else None
    lead_in = ref is not None and all(t.word in _NEWS_LEAD_IN for t in c.u.tokens[:ref.start])
    if ref is None or not lead_in:
        return False
    after = c.u.tokens[ref.end] if ref.end < len(c.u.tokens) else None
    labelled = after is not None and after.raw in (":", "-", "—", "–")
    return len(c.u.tokens) - ref.end >= 3 and (labelled or c.search(cues.NARRATIVE_VERB) is not None)


def _money(c: Clause) -> bool:
    return any(a.marked or a.value >= 100 for a in c.amounts)


def _ticket_action(c: Clause) -> bool:
    if c.search(_STATUS_OF) and not slots.statuses(c.u):
        return False  # "need the status of 2468 asap" asks; "asap" is no priority to set
    return bool(slots.statuses(c.u) or slots.priorities(c.u) or c.search(cues.ASSIGN)
                or c.search(cues.TICKET_PRIORITY_VERB) or c.search(cues.HANDLES))


def _lists_tickets(c: Clause) -> bool:
    if c.ticket is not None:
        return False
    plural = c.search(cues.TICKETS_PLURAL)
    if plural:
        return bool(c.search(cues.LIST_CUE)) or len(c.u.tokens) <= 3 or c.u.span(plural)[0] == 0
    singular = c.search(cues.TICKET_SINGULAR)
    if singular is None:
        return False
    ticket_at = c.u.span(singular)[0]
    return any(w in ("show", "list", "any", "which", "what", "see") for w in c.u.words(0, ticket_at))


def _someones_deals(c: Clause) -> bool:
    """ "maria's deals", "tom's open opportunities"."""
    tokens = c.u.tokens
    for k, token in enumerate(tokens[:-1]):
        if token.possessive:
            rest = [t.word for t in tokens[k + 1:k + 3]]
            if rest[:1] in (["deals"], ["opportunities"]) or rest == ["open", "deals"]:
                return True
    return False


def _adds_with_contact(c: Clause) -> bool:
    """ "pls add Oceanic Airlines, contact is ops@oceanic.example": a new customer, whatever it resembles."""
    has_contact = any(t.kind in ("email", "phone") for t in c.u.tokens)
    other_object = c.search(cues.KIND_RX) or c.search(cues.DEAL_NOUN) or c.search(cues.TICKET_SINGULAR)
    return has_contact and any(t.word in ("add", "onboard", "new") for t in c.u.tokens[:4]) and not other_object


def _moves(c: Clause, strict: bool = False) -> bool:
    reported = c.search(cues.SENT_TO) or c.search(cues.NARRATIVE_SUBJECT)
    if not c.stages or (reported and not _MOVE_ASKED.search(c.u.text.lower())):
        return False  # "sent the proposal to X", "they said yes to the proposal": news, not a move asked for
    if strict:
        return c.search(cues.MOVE_VERB) is not None and c.ticket is None
    if not c.has_customer and (c.search(cues.DEALS_PLURAL) or c.search(_TICKET_NOUN) and not c.search(cues.DEAL_NOUN)):
        return False  # "deals won last week" asks for a list; "the helpdesk closed my ticket" is no deal
    return c.ticket is None and (c.has_customer or c.search(cues.DEAL_NOUN) is not None
                                 or c.search(cues.PRONOUN_REF) is not None)


_A_NEW_DEAL = re.compile(r"\b(?:new|create|creat|make|add|open|start|set up|register|enter)(?: a| an)?(?: new)? "
                         r"(?:deal|opportunity|opp)\b")  # "make a deal for beacon 18k, expected close friday"
_ADDS_ME = re.compile(r"\b(?:onboard|add|sign up|register|set up|setup) (?:me|us|myself)\b")
_TICKET_NOUN = cues.rx("ticket", "tickets", "tix", "case", "issue")


def _segment(c: Clause) -> bool:
    found = slots.values(c.u, cues.SEGMENT_RX, cues.SEGMENT_OF)
    if not found or c.spotted:
        return False
    return c.search(cues.SEGMENT_CONTEXT) is not None or len(c.u.tokens) <= 3


_A_THING = cues.rx("new phone", "new phones", "new email", "new mail", "phone number", "email address",
                   r"(?:my|their|his|her|its|your) (?:phone|email|mail)")


def _activity_said(c: Clause) -> bool:
    """An activity word used as one: not "apple released a new phone", "their email address changed"."""
    things = [c.u.span(m) for m in c.u.finditer(_A_THING)]
    return any(not any(a <= c.u.span(m)[0] < b for a, b in things) for m in c.u.finditer(cues.KIND_RX))


def _kind_first(c: Clause) -> bool:
    """The activity word comes before the name ("rang globex", "met with X"): a report, not chatter."""
    kind = c.search(cues.KIND_RX)
    ref = c.customer()
    return kind is not None and ref is not None and c.u.span(kind)[0] < ref.start


def _just_a_name(c: Clause) -> bool:
    ref = c.spotted[0] if c.spotted else None
    if ref is None:
        return False
    rest = [t for k, t in enumerate(c.u.tokens) if not ref.start <= k < ref.end and t.kind != "punct"]
    return all(t.word in cues.CHATTER for t in rest)
