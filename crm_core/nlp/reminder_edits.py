"""Chat phrasings of doing something with a reminder already set (issue 15 item 5), as reps type them.

    "mark the globex reminder done", "the invoice reminder is done", "snooze it an hour", "snooze that till
    tomorrow", "push the acme reminder to monday 10am", "postpone my follow up with initech till next week",
    "cancel the acme reminder", "delete reminder #12", "stop the monday reminder", "don't remind me about acme"

Each rule wants a reminder noun after its verb ("push the acme reminder", never "remind me to push the demo"), or
"snooze", a word only reminders take; deals and tickets said in the clause are left to their own rules. The
reminder is named by the words left over (its text or its customer); the service finds it among the rep's open
ones and asks with buttons when several fit. `decide` runs in grammar._by_rules before the "remind me" rule.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from crm_core.nlp import cues
from crm_core.nlp.record_edits import opens_with
from crm_core.nlp.when import reminder_when

if TYPE_CHECKING:  # grammar imports this module
    from crm_core.nlp.evidence import Evidence, Reading
    from crm_core.nlp.grammar import Clause

Slots = dict[str, Any]
_NOUN = re.compile(r"\b(?:reminders?|follow ups?|followups?|alarms?|nudges?)\b(?! question)")  # not "the reminder question"
_OTHER_RECORD = re.compile(r"\b(?:notes?|calls?|meetings?|emails?|deals?|tickets?|contacts?|activity|activities) "
                           r"(?:about|on|for|re|regarding|of|from|with)\b")  # "delete the note about the reminder"
_DONE_VERB = re.compile(r"\b(?:mark|tick|check|cross)\b(?: off)?")
_DONE_WORD = re.compile(r"\b(?:done|complete|completed|finished|off|handled|sorted)\b")
_DONE_LEAD = re.compile(r"\b(?:(?:i m|im|i am|ive|i ve|i have|were|we re|we are) )?(?:done with|finished with|"
                        r"finished|completed|complete|close|closed|dismiss|clear|ack|acknowledge)\b")
_NOUN_DONE = re.compile(r"\b(?:reminder|follow up|followup|alarm)(?: (?:id |number |no )?#? ?\d{1,9})? (?:is |now )?"
                        r"(?:done|complete|completed|finished|handled|sorted)(?: please| thanks| now)?$")
_IS_DONE = re.compile(r"\b(?:is|was|are|its|it s) (?:now |all )?(?:done|finished|complete|completed|handled|sorted)\b")
_CANCEL = re.compile(r"\b(?:cancel|cancell?ed|delete|remove|drop|forget|kill|scrap|erase|get rid of|turn off|"
                     r"switch off|stop|disable|nix|ditch)\b")
_NOT_ANY_MORE = re.compile(r"\b(?:dont|do not|no need to|stop) remind(?:ing)? me\b")
# Which occurrences of a repeating reminder: said, the rep is not asked (services/reminder_series.py).
_ALL_FOLLOWING = re.compile(r"\b(?:for good|from now on|any ?more|all (?:the )?(?:future|following|later)(?: ones?)?|"
                            r"(?:and|&) all (?:the )?(?:following|future|later)(?: ones?)?|the (?:whole )?series|"
                            r"stop repeating|every (?:one|time) after)\b")
_ONLY_THIS = re.compile(r"\b(?:just|only) (?:this|that|the next|today s|todays)(?: one| once| time| week| month| day)?\b"
                        r"|\bthis once\b|\bthis time only\b|\bjust (?:for )?today\b")
_IS_CANCELLED = re.compile(r"\b(?:is|was|are) (?:no longer needed|not needed|cancell?ed|off)\b|"
                           r"^(?:i )?(?:dont|do not|no longer) need\b(?=(?: the| my| this| that)?(?: \w+){0,3} (?:reminder|follow up|alarm)\b)")
_MOVE = re.compile(r"\b(?:push|move|postpone|reschedule|re schedule|delay|shift|bump|put off|change|make|set|"
                   r"defer|bring forward|pull forward)\b")
_SNOOZE = re.compile(r"\bsnooze[ds]?\b")
_UNITS = r"h|hr|hrs|hours?|m|min|mins|minutes?|d|days?|w|wk|wks|weeks?"
_ID = re.compile(r"\b(?:reminder|alarm|follow up) (?:id |number |no )?#? ?(?P<id>\d{1,9})\b(?! ?(?:" + _UNITS
                 + r"|am|pm|:)\b)")
_SETS = re.compile(r"^(?:(?:pls|please|hey|ok|okay|also|and|then|can you|could you) )*(?:remind(?!ers? (?:id |number |no )?#? ?\d)|set (?:a |an |up a )?"
                   r"(?:reminder|alarm)|new reminder|add (?:a )?reminder|reminder :|ping me|nudge me|poke me)")
_N = r"\b(?:(?P<n>\d{1,3}) ?|(?P<w>an?|one|two|three|four|five|six|half an?|a couple of|couple of) )"
_DURATION = re.compile(_N + r" ?(?P<unit>" + _UNITS + r")\b")
_UNTIL_RELATIVE = re.compile(r"\b(?:till|until|til|to|for) (?P<what>tomorrow|next week|tonight|later today)\b")
_NUMBER_OF = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a couple of": 2,
              "couple of": 2}
_HOUR_UNITS = frozenset(("h", "hr", "hrs", "hour", "hours"))
_MINUTE_UNITS = frozenset(("m", "min", "mins", "minute", "minutes"))
_WEEK_UNITS = frozenset(("w", "wk", "wks", "week", "weeks"))
_GAP = 5  # at most this many words between the verb and the reminder noun ("push the acme renewal reminder")
_FILLER = frozenset("""the a an my our this that it its reminder reminders follow up ups followup followups alarm
alarms nudge nudges about for to with on re of please pls can you could just and then now again instead till until
til as done is was are me i mark tick check off set one ok okay hey so also""".split())
KNOWN = frozenset("snooze snoozed reminder reminders postpone reschedule followup alarm nudge".split())


def decide(c: Clause) -> tuple[str, float] | None:
    """The intent when the clause changes a reminder already set, else None."""
    found = _intent(c)
    return (found, 0.9) if found is not None else None


def _intent(c: Clause) -> str | None:
    noun = c.search(_NOUN)
    if c.ticket is not None and c.search(_ID) is None or c.search(_SETS) or _deal_first(c, noun):
        return None
    if c.search(_SNOOZE):
        return "move_reminder" if _moves_instead(c) else "snooze_reminder"
    if noun is None:
        return "cancel_reminder" if c.search(_NOT_ANY_MORE) else None
    if _before_noun(c, _DONE_VERB, noun) and c.search(_DONE_WORD) or _before_noun(c, _DONE_LEAD, noun) \
            or c.search(_IS_DONE) or c.search(_NOUN_DONE):
        return "complete_reminder"
    if _before_noun(c, _CANCEL, noun) or c.search(_IS_CANCELLED):
        return "cancel_reminder"
    if _before_noun(c, _MOVE, noun) and _when(c) is not None:
        return "move_reminder"
    return None


def _deal_first(c: Clause, noun: re.Match | None) -> bool:
    """A deal said before any reminder noun: the clause is about the deal ("delete my reminder about the contract"
    is about a reminder)."""
    deal = c.search(cues.DEAL_NOUN)
    return deal is not None and (noun is None or deal.start() < noun.start())


def _before_noun(c: Clause, verb: re.Pattern, noun: re.Match) -> bool:
    """The verb opens the clause (so it is what is asked: "i forgot my reminders" asks nothing) and the reminder
    noun follows within a few words."""
    if not opens_with(c, verb):
        return False
    found = verb.search(c.u.canon, 0, noun.start())
    if found is None:
        return False
    between = c.u.canon[found.end():noun.start()]
    return len(between.split()) <= _GAP and _OTHER_RECORD.search(between) is None


def _moves_instead(c: Clause) -> bool:
    """ "snooze it until monday 10am": a time said, not a span."""
    return c.search(_DURATION) is None and c.search(_UNTIL_RELATIVE) is None and _when(c) is not None


def _when(c: Clause):
    return reminder_when(c.u, c.dates, c.today, c.now)


# -- slots ------------------------------------------------------------------------------------------------
def _named(c: Clause, out: Slots, used: set[int]) -> Slots:
    by_id = c.search(_ID)
    if by_id is not None:
        out["reminder_id"] = int(by_id.group("id"))
        return out
    words = [c.u.tokens[k] for k in range(len(c.u.tokens)) if k not in used and c.u.tokens[k].kind == "word"
             and c.u.tokens[k].word not in _FILLER]
    if words:
        out["reminder"] = " ".join(t.raw for t in words)
    return out


def _spans(c: Clause, *patterns: re.Pattern) -> set[int]:
    used: set[int] = set()
    for pattern in patterns:
        for found in c.u.finditer(pattern):
            i, j = c.u.span(found)
            used |= set(range(i, j))
    return used


def complete_reminder(c: Clause) -> Slots:
    out, used = _scope(c, {})
    return _named(c, out, used | _spans(c, _DONE_VERB, _DONE_WORD, _DONE_LEAD, _IS_DONE, _NOUN))


def cancel_reminder(c: Clause) -> Slots:
    out, used = _scope(c, {})
    if c.search(_NOT_ANY_MORE) and "following" not in out:  # "stop reminding me about acme": the series too
        out["following"] = True
    return _named(c, out, used | _spans(c, _CANCEL, _NOT_ANY_MORE, _IS_CANCELLED, _NOUN, re.compile(r"\banymore\b")))


def _scope(c: Clause, out: Slots) -> tuple[Slots, set[int]]:
    """`following` when the words say which occurrences ("just this one", "for good"), and the words that said it."""
    for pattern, following in ((_ONLY_THIS, False), (_ALL_FOLLOWING, True)):
        if c.search(pattern) is not None:
            return {**out, "following": following}, _spans(c, pattern)
    return out, set()


def move_reminder(c: Clause) -> Slots:
    out, used = _scope(c, {})
    when = _when(c)
    used |= _spans(c, _MOVE, _SNOOZE, _NOUN)
    if when is not None:
        out["when"] = when.value
        used |= set(when.tokens)
    return _named(c, out, used)


def snooze_reminder(c: Clause) -> Slots:
    out, scope_words = _scope(c, {})
    duration, until = c.search(_DURATION), c.search(_UNTIL_RELATIVE)
    if duration is not None:
        out.update(_span_of(duration, c))
    elif until is not None:
        out["days"] = 7 if until.group("what") == "next week" else 1
    if until is not None and until.group("what") in ("tonight", "later today"):
        out.pop("days", None)
        out["hours"] = 3
    return _named(c, out, scope_words | _spans(c, _SNOOZE, _DURATION, _UNTIL_RELATIVE, _NOUN))


def _span_of(duration: re.Match, c: Clause) -> Slots:
    """{"minutes": n}, {"hours": n} or {"days": n}."""
    said = duration.group("n") or duration.group("w")
    n = int(said) if said.isdigit() else _NUMBER_OF.get(said, 0)
    unit = duration.group("unit")
    if said.startswith("half"):
        return {"minutes": 30}
    if unit in _MINUTE_UNITS:
        return {"minutes": n}
    if unit in _HOUR_UNITS:
        return {"hours": n}
    return {"days": n * 7 if unit in _WEEK_UNITS else n}


def _said_duration(r: Reading, value: Any, slots_: dict) -> Evidence | None:
    return r.match(_DURATION) or r.match(_UNTIL_RELATIVE)


def _said_number(r: Reading, value: Any, slots_: dict) -> Evidence | None:
    return next((r.tokens(k, k + 1) for k, t in enumerate(r.u.tokens) if t.word.lstrip("#") == str(value)), None)


def _said_scope(r: Reading, value: Any, slots_: dict) -> Evidence | None:
    return r.match(_ONLY_THIS) if value is False else r.match(_ALL_FOLLOWING) or r.match(_NOT_ANY_MORE)


def _said_words(r: Reading, value: Any, slots_: dict) -> Evidence | None:
    from crm_core.nlp.evidence import FINDERS as ALL
    return ALL["summary"](r, value, slots_)


INTENTS = ("complete_reminder", "snooze_reminder", "move_reminder", "cancel_reminder")
BUILDERS = {"complete_reminder": complete_reminder, "snooze_reminder": snooze_reminder,
            "move_reminder": move_reminder, "cancel_reminder": cancel_reminder}
FINDERS = {"reminder_id": _said_number, "reminder": _said_words, "hours": _said_duration, "days": _said_duration,
           "minutes": _said_duration, "following": _said_scope}
WRITES = frozenset(BUILDERS)


def to_command(intent: str, s: Slots):
    """The command of a frame of these intents (nlp_commands.to_command's entries)."""
    from crm_core import commands as cmd
    named = {"reminder_id": s.get("reminder_id"), "reminder": s.get("reminder", ""), "following": s.get("following")}
    if intent == "complete_reminder":
        return cmd.CompleteReminder(**named)
    if intent == "cancel_reminder":
        return cmd.CancelReminder(**named)
    if intent == "move_reminder":
        return cmd.MoveReminder(when=s.get("when"), **named)
    return cmd.SnoozeReminder(days=s.get("days", 1), hours=s.get("hours", 0), minutes=s.get("minutes", 0), **named)
