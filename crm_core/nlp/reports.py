"""Questions about customers, my day and reports (issue 14, items 3-5): which intent and its slots.

`decide` runs in grammar._by_rules after the record and contact edits; each rule asks for its own words, so a
write (a call logged, a deal moved) is left to the rules after it. Every intent here is a read.
Slots: see tests/data/corpus/LABELS.md ("Customers, my day and reports").
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from crm_core.nlp import cues, list_filters, segment_reports
from crm_core.nlp.vocabulary import MONTHS

Slots = dict[str, Any]
INTENTS = frozenset(("show_report", "show_my_day", "list_customers"))
KNOWN = frozenset("chart graph plot csv stats metrics conversion leaderboard funnel forecast weighted cycle rankings "
                  "timeline agenda touched".split())  # words the spelling correction must leave alone

_REPORTS: tuple[tuple[str, re.Pattern], ...] = tuple((name, re.compile(rx)) for name, rx in (
    ("win_rate", r"\bwin ?rate\b|\bclose rate\b|\bhow many deals do we win\b"),
    ("sales_cycle", r"\bsales cycle\b|\bhow long\b.{0,30}\bto close\b|\b(?:time|days) to close\b"),
    ("deal_size", r"\b(?:average|avg)\b(?: \w+){0,2} deals?\b|\bdeal size\b|\bhow big are (?:our|the) deals\b"),
    ("funnel", r"\bconversion\b|\bconvert(?:s|ed)? from \w+ to\b|\bstage to stage\b|\bmake it from \w+ to\b|\bfunnel (?:chart|report|this|last|as)\b|"
               r"\bpipeline funnel\b|^(?:show |show me |give me |pull up )?(?:the |our )?(?:sales )?funnel$"),  # "what's in my funnel" is the pipeline
    ("forecast", r"\bfore?cast(?:s|ing|ed)?\b|\bweighted pipeline\b|\bhow much (?:will we|are we going to|do we expect to|should we) close\b|\bexpected revenue\b"),
    ("tickets", r"\btickets? (?:report|volume|stats)\b|\bsupport (?:stats|metrics)\b|\bfirst response time\b|"
                r"\bresolution time\b|\bticket stats\b|\bcsat (?:by|per) agent\b|\bhow fast do we answer\b|\bhows support\b|"
                r"\bhow many tickets did we get\b|\bhow (?:are|is) (?:we doing on |our )support\b|\bhow (?:fast|quickly) (?:do|are) we (?:answer|answering|respond|responding|reply|replying)\b"),
    ("activity", r"\bactivity (?:by|per|report|chart)\b|\b(?:team|my|\w+) activity (?:this|last)\b|"
                 r"\bcalls and meetings per\b|\bcalls did each\b|\bwho logged the most\b|\bhow active\b|"
                 r"\bactivity per rep\b|\b(?:calls|meetings|emails|activities) (?:per|by) rep\b|"
                 r"\bhow many (?:calls|meetings|emails|demos|activities)\b(?: \w+){1,3} (?:make|made|do|did|log|logged|"
                 r"have|had|book|booked)\b"),
    ("revenue", r"\bre?ve?n?ue? (?:by month|this year vs|compared to|last \w+ months?|last month)\b|\brevnue\b|"
                r"\bmonthly (?:revenue|sales)\b|\b(?:revenue|sales) month by month\b|\bmonth by month (?:revenue|sales)\b|\bsales per month\b|\bsell each month\b|\bwhat was revenue\b|"
                r"\bgraph of monthly\b|\bsales by month\b|\bhow much did we sell\b"),
    ("leaderboard", r"\bleader ?b(?:oa|ao)rd\b|\bwho closed the most\b|\btop (?:reps|sellers|salespeople)\b|"
                    r"\brep rankings?\b|\bbest sellers\b|\bwhos winning\b|\bhow did we do\b|\bwhere do i rank\b|"
                    r"\bhow much did each rep\b|\btop (?:rep|seller|salesperson)s?\b|\brank(?:ing)? (?:the |our |my )?reps\b|"
                    r"\bbest reps?\b"),
))
_REPORTS = segment_reports.REPORTS + _REPORTS  # "segment sizes", "who moved from champions to at risk"
KNOWN = KNOWN | segment_reports.KNOWN
_TODAY_ONLY = r"(?!.*\b(?:tomorrow|tmrw|week|next|fortnight|month|days|reminders?)\b)"  # said after the ask
_MY_DAY = re.compile(r"\bon my plate\b(?!.*\b(?:tomorrow|week|next)\b)|(?<!summary of )\bmy day\b|\bwhat do i have today\b|"
                     r"\bwhat am i doing today\b|\banything for me today\b|\bneeds my attention\b|\bplate check\b|\bwhat have i got today\b|"
                     r"\bwhats up today\b|\bday look like\b|(?:"
                     # "my to-do", "gimme my agenda", "what am i forgetting": the day, unless a later window is said
                     r"^(?:(?:hey|hi|ok|so|bot|pls|please|gimme|show|show me|give me|whats|what is) )*(?:my |the )?"
                     r"(?:todo|to do|todos|to dos)(?: list)?(?: for today| today)?(?: pls| please)?$|"
                     r"\bwhats on my (?:todo|to do|todos|to dos)\b|"
                     r"^(?:(?:hey|hi|ok|so|bot|pls|please|gimme|show|show me|give me|whats|what is) )*my agenda\b|"
                     r"^agenda for today\b|\bwhat am i (?:forgetting|missing)\b|\bam i forgetting\b|"
                     r"\bwhat (?:should|do|must) i (?:work on|focus on|do|be doing|be working on)\b(?: today| this morning| now)?(?: [?.!])*$|\banything (?:urgent |important )?for me today\b|"
                     r"\b(?:anything|what) (?:do )?i (?:need|have) to (?:do|get done)\b)" + _TODAY_ONLY)
_FOLLOW_UPS = re.compile(r"\b(?:overdue|missed|miss|late|past due|should have followed)\b.{0,25}\b(?:follow ?ups?|"
                         r"followups|f you|followed up)\b|\bfollow ?ups? did i miss\b|\b(?:follow ?ups?|followups)\b.{0,20}\b(?:missed|late|"
                         r"past due|overdue)\b|\bfollowed up with\b")
_DEALS_TO_TOUCH = re.compile(r"\bdeals? (?:i should (?:touch|work on|push)|that need|to follow up|going cold|"
                             r"i havent touched|need (?:attention|a nudge))\b|\b(?:what|which) (?:of my )?deals (?:should i|must i|do i need to|do i have to)\b|"
                             r"\bwhich (?:of my )?deals need\b|\bdeals (?:are |that are )?(?:going cold|slipping)\b|"
                             r"\bdeals i (?:need to|should) (?:touch|chase|look at)\b|\bstale deals i\b|\bdeals? i need to touch\b")
_TIMELINE = re.compile(r"\bhist\w*\b|\bhistroy\b|\btimeline\b|\beverything (?:we|weve)\b|"
                       r"\bwhen did (?:we|i|you|someone|anyone|anybody) last\b|\bwhats the latest (?:with|on)\b|"
                       r"\banything new (?:with|w|on)\b|"
                       r"\blast (?:contact|convo|conversation|time|touch)\b|\bwhens the last\b|\bactivity log\b|"
                       r"\ball activity\b|\bstory with\b|\brecap\b|\bwhat happened with\b|\bwhat did we do with\b")
_CUSTOMERS = re.compile(r"\b(?:customers|clients|accounts|custs|cust)\b|\bwho (?:do we have|hasnt|havent|have we not)\b")
_CITY = re.compile(r"\b(?:customers|clients|accounts|custs|champions|who do we have|risk customers)(?: are)? in "
                   r"(?!the )(?P<city>[a-z][a-z .]*?)(?= as csv| please| pls|$)")
_NOT_WHO = (r"(?!(?:we|i|you|they|it|he|she|our|the|that|this|anyone|everyone|anybody|everybody|somebody|someone|"
            r"nobody|each)\b)")
# "owned by maria", "how does maria rank"; after "did" only as the doer of a deed ("how many calls did maria make"),
# so "how did segments change" names no one
_OWNED_BY = re.compile(r"\b(?:owned by|does) " + _NOT_WHO + r"(?P<who>[a-z]+)\b|\bdid " + _NOT_WHO +
                       r"(?P<doer>[a-z]+) (?:make|made|do|log|logged|have|book|booked|get|close|win|run|send)\b")
_IDLE = re.compile(r"\b(?:no contact|not contacted|havent contacted|havent talked to|havent we talked to|"
                   r"nobody (?:has )?(?:touched|called)|nobody called|gone quiet|no touch)\b")
_NO_ORDER = re.compile(r"\b(?:havent|hasnt|not|no|stopped|without)\b(?: \w+){0,2} (?:ordered|bought|orders?|ordering)\b"
                       r".{0,20}\bsince (?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b")
_SINCE_MONTH = re.compile(r"\bsince (?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b")
_QUARTER = re.compile(r"\b(?:in |for )?q(?P<q>[1-4])\b")
_CHART = re.compile(r"\b(?:chart|graph|plot)\b")
_CSV = re.compile(r"\bcsv\b")
_ORDERS = re.compile(r"\bby (?:number of )?orders\b|\borders? (?:most|more) often\b")
_BY_VALUE = re.compile(r"\bby value\b")
_MINE = re.compile(r"\b(?:my|mine)\b")
_OWNER_LIST = re.compile(r"^(?:list |show |show me |pull up |who are )?(?:all )?(?:my|\w+) "
                         r"(?:(?:at risk|champions?|loyal|new|lost|hibernating|promising) )?(?:customers|accounts|clients|custs)\b|"
                         r"\bowned by\b|\bdoes \w+ have\b")  # "my customers", not "i love my customers"


def decide(c) -> tuple[str, float] | None:
    """show_report / show_my_day / list_customers, or show_customer for a customer's history; None otherwise."""
    canon = c.u.canon
    if c.search(cues.REMIND) or c.ticket is not None:
        return None
    named = c.customer()  # "whats the deal size for orion": the deal; "average time to close" names no one
    if report_of(canon) is not None and not (named is not None and (named.spotted or named.resolved or named.candidates)):
        return "show_report", 0.9
    if _FOLLOW_UPS.search(canon) or _DEALS_TO_TOUCH.search(canon) or _MY_DAY.search(canon):
        return "show_my_day", 0.9
    if _ORDERS.search(canon) and re.match(r"who\b", canon):  # "who orders most often"
        return "show_top_customers", 0.85
    if c.has_customer and _TIMELINE.search(canon) and not c.search(cues.LOG_VERB):  # not "log a note: long history"
        return "show_customer", 0.9
    if not c.has_customer and _owned_segment(c):  # "my champions", "maria's at risk": whose, and which segment
        return "list_customers", 0.9
    about_deals = list_filters.DEALS.search(canon) or re.search(r"\b(?:deal|tickets?)\b", canon)
    if not c.search(cues.TOP) and not about_deals \
            and (_CUSTOMERS.search(canon) or _NO_ORDER.search(canon) or _IDLE.search(canon)):
        found = {k for k, v in list_customers(c).items() if v is not None} - {"csv"}
        owner_only = found - {"segment"} == {"owner"} and not _OWNER_LIST.search(canon)
        if found - {"segment"} and not owner_only and (not c.has_customer or "city" in found):
            return "list_customers", 0.9
    return None


def report_of(canon: str) -> str | None:
    """The report asked for; "leaderboard of customers" ranks customers (show_top_customers), not reps."""
    found = next((name for name, rx in _REPORTS if rx.search(canon)), None)
    return None if found == "leaderboard" and re.search(r"\b(?:customers|clients|accounts)\b", canon) else found


def period(c, ahead: bool = False) -> Slots:
    """since / until of a period said ("this quarter", "last month", "since june", "q3"), else none; `ahead`: a bare
    month or quarter is the next one of that name (a forecast looks ahead: "forecast for q1" in November is next year's)."""
    if (q := _QUARTER.search(c.u.canon)) is not None:
        first = 3 * int(q.group("q")) - 2
        year = c.today.year + (1 if ahead and first + 2 < c.today.month else 0)
        return {"since": date(year, first, 1).isoformat(),
                "until": date(year, first + 2, calendar.monthrange(year, first + 2)[1]).isoformat()}
    if (month := _SINCE_MONTH.search(c.u.canon)) is not None:
        return {"since": _month_start(c, month.group("month"))}
    said = list_filters._period(c, future=ahead)
    if said is None:
        return {}
    start, end = said
    return {k: v.isoformat() for k, v in (("since", start), ("until", end)) if v is not None}


def _month_start(c, name: str) -> str:
    """The first day of the last month of that name (today's month included): "since june" -> 2026-06-01."""
    number = MONTHS[name]
    return date(c.today.year if number <= c.today.month else c.today.year - 1, number, 1).isoformat()


def _owner(c) -> str | None:
    for k, token in enumerate(c.u.tokens):
        if token.possessive and token.word.isalpha() and not c.has_customer:
            return token.word  # "maria's win rate", "tom's customers"
    if (owned := _OWNED_BY.search(c.u.canon)) is not None:
        return owned.group("who") or owned.group("doer")
    return "me" if _MINE.search(c.u.canon) and not re.search(r"\bwhere do i rank\b", c.u.canon) else None


def _flags(c) -> Slots:
    return {"chart": True if _CHART.search(c.u.canon) else None, "csv": True if _CSV.search(c.u.canon) else None}


def show_report(c) -> Slots:
    report = report_of(c.u.canon) or "leaderboard"
    owner = _owner(c)
    return {"report": report, "owner": owner, **period(c, ahead=report == "forecast"), **_flags(c),
            **segment_reports.moved(c, report)}


def show_my_day(c) -> Slots:
    canon = c.u.canon
    part = "follow_ups" if _FOLLOW_UPS.search(canon) else "deals" if _DEALS_TO_TOUCH.search(canon) else None
    return {"part": part, "csv": _flags(c)["csv"]}


def list_customers(c) -> Slots:
    canon = c.u.canon
    out: Slots = {}
    if (city := _CITY.search(canon)) is not None:
        out["city"] = city.group("city").strip().title()
    if (segment := _segment(c)) is not None:
        out["segment"] = segment
    owner = _owner(c)
    if owner is not None and not re.search(r"\b(?:we|nobody|anyone)\b", canon):
        out["owner"] = owner
    if (idle := _IDLE.search(canon)) is not None:
        days = list_filters._duration_after(canon, idle.start(), window=60)
        if days:
            out["idle_days"] = days
    if (month := _NO_ORDER.search(canon)) is not None:
        out["no_order_since"] = _month_start(c, month.group("month"))
    return {**out, "csv": _flags(c)["csv"]} if out else {}


def _segment(c) -> str | None:
    from crm_core.nlp import slots as found_slots
    found = found_slots.values(c.u, cues.SEGMENT_RX, cues.SEGMENT_OF)
    return found[0].value if found else None


_ASKING = frozenset("show list me pull up gimme who are all see".split())


def _owned_segment(c) -> bool:
    """The clause is "[show] my <segment>" or "[show] maria's <segment>" and nothing more."""
    words = [t for t in c.u.tokens if t.kind == "word"]
    k = 0
    while k < len(words) and words[k].word in _ASKING:
        k += 1
    if k >= len(words) - 1 or not (words[k].word == "my" or words[k].possessive):
        return False
    from crm_core.nlp import slots as found_slots
    found = found_slots.values(c.u, cues.SEGMENT_RX, cues.SEGMENT_OF)
    rest = [t for t in c.u.tokens[c.u.tokens.index(words[k]) + 1:] if t.kind == "word"]
    return bool(found) and found[0].start == c.u.tokens.index(rest[0]) and found[0].end >= c.u.tokens.index(rest[-1]) + 1


def timeline(c) -> Slots:
    return {"timeline": True, "csv": _flags(c)["csv"]} if _TIMELINE.search(c.u.canon) else {}


def top_customers(c) -> Slots:
    metric = "orders" if _ORDERS.search(c.u.canon) else "value" if _BY_VALUE.search(c.u.canon) else None
    return {**period(c), "metric": metric, **_flags(c)}


def extend(builders: dict) -> dict:
    """frames.BUILDERS with these intents, and the period, metric, timeline and csv said on the older ones."""
    def plus(old, more):
        return lambda c: {**old(c), **{k: v for k, v in more(c).items() if v is not None}}

    return {**builders, "show_report": show_report, "show_my_day": show_my_day, "list_customers": list_customers,
            "show_customer": plus(builders["show_customer"], timeline),
            "show_top_customers": plus(builders["show_top_customers"], top_customers),
            "show_reminders": plus(builders["show_reminders"], as_csv),
            **{intent: plus(builders[intent], as_csv) for intent in CSV_LISTS}}


CSV_LISTS = ("show_pipeline", "show_tickets", "show_segment", "show_contacts")  # "as csv" on the older lists


def as_csv(c) -> Slots:
    return {"csv": _flags(c)["csv"]}
