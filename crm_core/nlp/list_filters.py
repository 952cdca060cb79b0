"""The filters of a deal or ticket list as reps say them: "closing this month", "over 50k", "stuck in proposal for
2 weeks", "no activity in 30 days", "won last quarter", "urgent unassigned tickets older than 3 days", "past sla".

Periods are whole (this month: its first to its last day; this week: Monday to Sunday); "by friday" is only an end.
Slot names and values: tests/data/corpus/LABELS.md ("Filters of deal and ticket lists").
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from crm_core.nlp import cues, slots
from crm_core.nlp.amounts import Amount
from crm_core.nlp.vocabulary import COMMON_FIRST_NAMES, MONTHS, NUMBER_WORDS, WEEKDAYS

Slots = dict[str, Any]
DEALS = re.compile(r"\b(?:deals|dealz|deal s|opportunities|opps|pipeline|pipe)\b")
_UNIT = r"(?P<unit>days?|d|weeks?|wks?|w|months?|mos?|mnths?|hours?|hrs?|h)"
_COUNT = r"(?P<n>\d{1,3}|a|an|one|a couple of|couple of|a few|few|" + "|".join(
    w for w in NUMBER_WORDS if w not in ("zero", "couple", "few", "hundred", "dozen")) + ")"
DURATION = re.compile(r"\b" + _COUNT + r" \+? ?" + _UNIT + r"\b")
UNIT_DAYS = {"d": 1, "day": 1, "w": 7, "wk": 7, "week": 7, "mo": 30, "mnth": 30, "month": 30, "h": 1 / 24,
             "hr": 1 / 24, "hour": 1 / 24}
IDLE = re.compile(r"\b(?:no|zero|without|nothing|not any|hasnt had any|havent had any) (?:\w+ )?(?:activity|activities|"
                  r"contact|touch|touches|touchpoints?|calls?|updates?|movement|emails?|meetings?|logged|happened)\b"
                  r"|\b(?:not|nobody|no one|noone|none of us|havent been|hasnt been|not been) (?:has )?(?:touched|"
                  r"contacted|called|worked|updated|followed up)\b|\buntouched\b|\bstale\b|\bgone (?:quiet|cold|dark)\b"
                  r"|\bquiet\b|\bidle\b")
STUCK = re.compile(r"\b(?:stuck|sitting|sat|parked|stalled|been|stalling|languishing|hanging)\b")
OLDER = re.compile(r"\b(?:older than|old|open (?:for )?(?:more than|over|longer than|for over)|aged?|waiting "
                   r"(?:for )?(?:more than|over|longer than)|been open|created more than|opened more than|"
                   r"more than \S+ \S+ old|over \S+ \S+ old)\b")
CREATED = re.compile(r"\b(?:created|new|added|opened|came in|entered|logged|started)\b")
WON_LOST = re.compile(r"\b(?:won|win|wins|winning|closed won|lost|lose|losses|losing|closed lost)\b")
_LOST_WORDS = frozenset(("lost", "lose", "losses", "losing", "closed lost"))
OVERDUE = re.compile(r"\b(?:overdue|slipped|slipping|past (?:their|the|its) (?:expected )?close(?: date)?|"
                     r"past due|late)\b")
BIG_FIRST = re.compile(r"\b(?:biggest|largest|by size|by amount|by value|sorted by amount|sorted by size|"
                       r"highest value|top)\b")
SOON_FIRST = re.compile(r"\b(?:soonest|by close date|by close|by closing date|sorted by close(?: date)?|"
                        r"by expected close)\b")
MORE = re.compile(r"(?:over|above|more than|bigger than|greater than|larger than|at least|min|minimum|north of|>|"
                  r"> =|\+|upwards of|exceeding|worth over|worth more than)$")
LESS = re.compile(r"(?:under|below|less than|smaller than|at most|max|maximum|up to|<|< =|south of|"
                  r"worth under|worth less than|lower than)$")
_RELATIVE = re.compile(r"\b(?P<rel>this|next|last|previous|prev|current|the current|coming|past) "
                       r"(?P<unit>week|wk|month|mnth|mo|quarter|qtr|q|year|yr)\b")
_NEXT_N = re.compile(r"\b(?:in )?(?:the )?(?P<dir>next|coming|last|past) " + _COUNT + r" " + _UNIT + r"\b")
_DAY_WORD = re.compile(r"\b(?P<day>today|yesterday|tomorrow)\b")
_MONTH_NAME = re.compile(r"\b(?:in|during|for|closing|close|won|lost|created) (?P<month>" + "|".join(MONTHS)
                         + r")\b(?! \d)")
_UNTIL = re.compile(r"\b(?:by|before|until|till|no later than)$")
_SINCE = re.compile(r"\b(?:since|from|after)$")
_CLOSING = re.compile(r"\b(?:clos\w*|close date|expected|landing|land|due|sign\w*)\b")
PRIORITY_MORE = {"critical": "urgent"}
UNASSIGNED = re.compile(r"\b(?:unassigned|un assigned|not assigned|no (?:owner|assignee|one assigned|agent)|"
                        r"nobody(?: has| s)?(?: picked| taken| owns| assigned| on)|no one(?: has| s)?(?: picked| taken| "
                        r"on)|unowned|unclaimed|up for grabs|without (?:an )?(?:owner|assignee))\b")
BREACHING = re.compile(r"\b(?:breach\w*|(?:past|over|out of|outside|beyond|missed|missing|blew|blown) (?:the |their |its |our )?"
                       r"(?:sla|slas|target|response target|first response target)|(?:late|behind|overdue) on "
                       r"(?:the |their )?sla|sla (?:breach\w*|missed|violations?|blown)|response target)\b")


def deal_filters(c, owner: str | None = None) -> Slots:
    """The filters of a deal list said in clause `c` (owner aside, which frames.show_pipeline finds)."""
    u, out = c.u, {}
    canon = u.canon
    stage = _stage(c)
    if stage:
        out["stage"] = stage
    if c.spotted:
        out["customer"] = c.spotted[0].name
    if owner is None and (named := _leading_name(c)):
        out["owner"] = named
    out.update(_amount_bounds(c))
    out.update(_days(canon, stage))
    closed = stage in ("won", "lost")
    period = _period(c, future=not closed and not CREATED.search(canon))
    if period is not None:
        key = "created" if CREATED.search(canon) and not closed else "close"
        if key == "close" or not _CLOSING.search(canon):
            out.update({f"{key}_{end}": v.isoformat() for end, v in zip(("from", "to"), period) if v is not None})
    if "close_to" not in out and not closed and OVERDUE.search(canon):
        out["close_to"] = (c.today - timedelta(days=1)).isoformat()
    if BIG_FIRST.search(canon):
        out["sort"] = "amount"
    elif SOON_FIRST.search(canon) or re.search(r"\bclos\w* (?:soonest|first|next)\b", canon):
        out["sort"] = "close"
    return out


def ticket_filters(c) -> Slots:
    """Priority, unassigned, age and the first-response target of a ticket list."""
    u, out = c.u, {}
    found = slots.priorities(u) or [slots.Found(PRIORITY_MORE[t.word], k, k + 1)
                                    for k, t in enumerate(u.tokens) if t.word in PRIORITY_MORE]
    if found:
        out["priority"] = found[0].value
    if UNASSIGNED.search(u.canon):
        out["unassigned"] = True
    if BREACHING.search(u.canon) or re.search(r"\bsla\b", u.canon) and not u.search(cues.HELP_START):
        out["breaching"] = True
    older = OLDER.search(u.canon)
    duration = _duration_after(u.canon, older.end()) if older else None
    if duration is None and older is None:
        over = re.search(r"\b(?:over|more than|longer than) " + DURATION.pattern[2:], u.canon)
        duration = _days_of(over) if over else None
    if duration:
        out["older_days"] = duration
    return out


def asks_for_deals(c) -> bool:
    """ "deals over 50k", "my deals closing this month": a list of deals with a filter, never a new deal."""
    if _ASKED_RESULTS.search(c.u.canon) and c.ticket is None and not c.spotted \
            and not re.search(r"\b(?:customers?|accounts?|clients?|who|whom)\b", c.u.canon):  # "what did we lose last month"
        return True
    if not DEALS.search(c.u.canon) or c.ticket is not None or c.search(cues.IMPERATIVE) \
            or c.search(cues.POLITE_REQUEST) or c.search(cues.CREATE_DEAL) and not c.search(DEALS):
        return False
    said = deal_filters(c)
    said.pop("customer", None)
    return bool(said) or bool(c.spotted and re.search(r"\b(?:show|list|all|see|view)\b", c.u.canon))


_ASKED_RESULTS = re.compile(r"\b(?:what|which|how much|how many)\b(?: \w+){0,2} (?:did|have|has) (?:we|i|you|the team) "
                            r"(?:win|won|lose|lost|close|closed|sign|signed|book|booked)\b")


def asks_for_tickets(c) -> bool:
    """ "old tickets over 10 days", "unassigned urgent tix": a list of tickets with a filter."""
    return c.ticket is None and re.search(r"\b(?:tickets|tix|tkts|cases|queue)\b", c.u.canon) is not None \
        and not c.search(cues.CREATE_TICKET) and bool(ticket_filters(c))


def _stage(c) -> str | None:
    for match in c.u.finditer(cues.STAGE_RX):
        phrase = match.group()
        if phrase in ("closed", "signed", "booked", "landed", "kill", "killed", "dead", "cold", "quote", "quoted"):
            continue  # "closed" is a status; "signed" / "closing" a date question
        return cues.STAGE_OF[phrase]
    said = WON_LOST.search(c.u.canon)
    if said is not None:
        return "lost" if said.group() in _LOST_WORDS else "won"
    return None


def _leading_name(c) -> str | None:
    """ "lucas deals closing next month": a teammate's first name right before "deals"."""
    tokens = c.u.tokens
    for k in range(len(tokens) - 1):
        if tokens[k].fold in COMMON_FIRST_NAMES and tokens[k + 1].word in ("deals", "opps", "opportunities", "pipeline"):
            return tokens[k].fold
    return None


def _amount_bounds(c) -> Slots:
    out: Slots = {}
    amounts: list[Amount] = [a for a in c.amounts if a.marked or a.value >= 100]
    between = re.search(r"\bbetween\b", c.u.canon)
    if between and len(amounts) >= 2:
        low, high = sorted((amounts[0].value, amounts[1].value))
        return {"min_amount": _number(low), "max_amount": _number(high)}
    for amount in amounts:
        before = c.u.canon[:c.u.offsets[amount.start]].rstrip()
        before = re.sub(r"\$$|€$|£$", "", before).rstrip()
        if MORE.search(before):
            out["min_amount"] = _number(amount.value)
        elif LESS.search(before):
            out["max_amount"] = _number(amount.value)
    return out


def _number(value) -> int | float:
    return int(value) if value == int(value) else float(value)


def _days(canon: str, stage: str | None) -> Slots:
    idle = IDLE.search(canon)
    if idle is not None:
        days = _duration_after(canon, idle.start(), window=60) or _duration_after(canon, 0)
        return {"idle_days": days} if days else {}
    if stage and STUCK.search(canon) or stage and re.search(r"\bin \w+ (?:for|over|more than)\b", canon):
        days = _duration_after(canon, 0)
        if days:
            return {"stage_days": days}
    older = OLDER.search(canon)
    if older is not None:
        days = _duration_after(canon, older.start(), window=40)
        if days:
            return {"older_days": days}
    return {}


def _duration_after(canon: str, at: int, window: int = 80) -> int | None:
    match = DURATION.search(canon, at, at + window) if at + window < len(canon) else DURATION.search(canon, at)
    return _days_of(match) if match else None


def _days_of(match: re.Match) -> int | None:
    count, unit = match.group("n"), match.group("unit").rstrip("s")
    if unit not in UNIT_DAYS:
        return None
    n = int(count) if count.isdigit() else 1 if count in ("a", "an") else 2 if "couple" in count \
        else 3 if "few" in count else NUMBER_WORDS.get(count, 0)
    return max(1, round(n * UNIT_DAYS[unit])) if n else None


# -- periods ---------------------------------------------------------------------------------------------
def _period(c, future: bool) -> tuple[date | None, date | None] | None:
    canon, today = c.u.canon, c.today
    if (said := _RELATIVE.search(canon)) is not None:
        return _relative(said.group("rel"), said.group("unit"), today)
    if (said := _NEXT_N.search(canon)) is not None:
        days = _days_of(said) or 0
        return (today, today + timedelta(days=days)) if said.group("dir") in ("next", "coming") \
            else (today - timedelta(days=days), today)
    if (said := _DAY_WORD.search(canon)) is not None:
        day = today + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[said.group("day")])
        return day, day
    if (said := _MONTH_NAME.search(canon)) is not None:
        month = MONTHS[said.group("month")]
        year = today.year + (1 if future and month < today.month else 0) - (1 if not future and month > today.month else 0)
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    for mention in c.dates:
        before = c.u.canon[:c.u.offsets[mention.start]].rstrip()
        if _UNTIL.search(before):
            return None, mention.value
        if _SINCE.search(before):
            return _past(c, mention), None
    return None


def _past(c, mention) -> date:
    """ "since monday" is the last Monday (today included); "since oct 1" the last Oct 1."""
    word = c.u.tokens[mention.end - 1].word.rstrip("s")
    if word in WEEKDAYS:
        return c.today - timedelta(days=(c.today.weekday() - WEEKDAYS[word]) % 7)
    value = mention.value
    return value.replace(year=value.year - 1) if value > c.today else value


def _relative(rel: str, unit: str, today: date) -> tuple[date, date]:
    step = {"this": 0, "current": 0, "the current": 0, "next": 1, "coming": 1}.get(rel, -1)
    if unit in ("week", "wk"):
        start = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
        return start, start + timedelta(days=6)
    if unit in ("month", "mnth", "mo"):
        index = today.year * 12 + today.month - 1 + step
        year, month = divmod(index, 12)
        return date(year, month + 1, 1), date(year, month + 1, calendar.monthrange(year, month + 1)[1])
    if unit in ("quarter", "qtr", "q"):
        index = today.year * 4 + (today.month - 1) // 3 + step
        year, quarter = divmod(index, 4)
        end_month = quarter * 3 + 3
        return date(year, quarter * 3 + 1, 1), date(year, end_month, calendar.monthrange(year, end_month)[1])
    return date(today.year + step, 1, 1), date(today.year + step, 12, 31)
