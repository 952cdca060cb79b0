"""How things reach people: invite links, the notification channel, digests, outreach, the reminder list.

`sends_outreach` runs first (an outreach message may say anything after its colon); `decide_early` runs
before the "remind" cue ("send my reminders on telegram" is not a reminder); `invites_customer` after it
("remind me to invite acme" is). Each asks for specific cue phrases, so small talk stays unknown.
"""
from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from crm_core.commands import CHECK_IN_MESSAGE
from crm_core.nlp import clock, cues, slots
from crm_core.nlp.text import MAX_CHARS, Utterance

if TYPE_CHECKING:  # grammar imports this module
    from crm_core.nlp.grammar import Clause

INVITE_ANCHORS = frozenset("""with for to at about on from by invite send link connect get onboard add customer account
client""".split())
_OPENERS = frozenset(":\"“‘")
_CLOSERS = frozenset("\"”")
QUOTES = "\"“”‘’'"
_FIRST_PERSON = frozenset("me my myself mine i im id ill".split())
Slots = dict[str, Any]
_MARKUP = r"[*_~`]*"  # Slack markdown around a word: kept as written


def message_span(u: Utterance) -> tuple[int, int] | None:
    """Tokens [start, end) of an outreach message: from its colon or opening quote to its closing quote or the end."""
    for k, token in enumerate(u.tokens):
        if token.kind == "punct" and token.raw in _OPENERS:
            if _outreach_segment(Utterance(u.text, u.tokens[:k])) is None:
                return None
            opening = k + 1 if token.raw == ":" and k + 1 < len(u.tokens) and u.tokens[k + 1].raw in _OPENERS else k
            quoted = u.tokens[opening].raw != ":"
            return k, _closing_quote(u, opening) if quoted else len(u.tokens)
    return None


def _closing_quote(u: Utterance, opening: int) -> int:
    for k in range(opening + 1, len(u.tokens)):
        if u.tokens[k].raw in _CLOSERS:
            return k + 1
    return len(u.tokens)


def _outreach_segment(head: Utterance) -> slots.Found | None:
    """The segment an outreach verb is aimed at ("send the at risk customers ..."), or None."""
    verb = head.search(cues.OUTREACH_VERB)
    if verb is None:
        return None
    i, j = head.span(verb)
    if any(w not in cues.OUTREACH_LEAD_IN for w in head.words(0, i)) \
            or (j < len(head.tokens) and head.tokens[j].word in ("me", "us", "myself")):
        return None
    for found in slots.values(head, cues.SEGMENT_RX, cues.SEGMENT_OF):
        if found.start >= j:
            between = head.words(j, found.start)
            return found if all(w in cues.OUTREACH_FILLER for w in between) else None
    return None


def _head(c: Clause) -> Utterance:
    span = message_span(c.u)
    return c.u if span is None else Utterance(c.u.text, c.u.tokens[:span[0]])


def sends_outreach(c: Clause) -> bool:
    found = _outreach_segment(_head(c))
    return found is not None and not any(r.start < found.end and found.start < r.end for r in c.spotted)


def decide_early(c: Clause) -> tuple[str, float] | None:
    """Intents whose cues overlap the reminder's ("my reminders", "digest at 8")."""
    if c.search(cues.CHANNEL_CHOICE) and not c.dates and not clock.clock_time(c.u) and not c.spotted \
            and not c.search(cues.NEGATED):
        return "set_notify_via", 0.9
    if c.search(cues.REMINDING) or c.ticket is not None:
        return None
    if invites_me(c):
        return "invite_rep", 0.9
    if _mentions_digest(c) and (digest := _digest_intent(c)) is not None:
        return digest
    if _sets_channel(c):
        return "set_notify_via", 0.9
    if _asks_outreach_status(c):
        return "show_outreach", 0.9
    if c.search(cues.REMINDER_LIST) and not c.spotted:
        return "show_reminders", 0.9
    return None


def invites_customer(c: Clause) -> bool:
    if c.spotted and c.search(cues.BOT_ACCESS) and not c.search(cues.NEGATED):
        return True  # "give stark access to the support bot", "hook vertex up with the telegram bot"
    if not (c.search(cues.INVITE) or c.search(cues.INVITE_TO_TELEGRAM)) or c.search(cues.NOT_AN_INVITE):
        return False
    ref = c.customer(INVITE_ANCHORS)
    if ref is None or ref.mention.lower() in _FIRST_PERSON or c.u.tokens[ref.start].word in cues.PLATFORM_OF:
        return False
    after = [t.word for t in c.u.tokens[ref.end:] if t.kind != "punct"]
    return not after or after[0] not in ("to", "on", "into", "onto", "via", "in") \
        or all(w in cues.INVITE_DESTINATIONS for w in after[1:])


def invites_me(c: Clause) -> bool:
    return bool(c.search(cues.TELEGRAM) and c.search(cues.INVITE_ME) and not c.search(cues.NEGATED)
                and not c.spotted and not c.search(cues.NOTIFY))


def _sets_channel(c: Clause) -> bool:
    return bool(c.search(cues.NOTIFY) and c.search(cues.CHANNEL) and not c.spotted and not c.search(cues.NEGATED))


def _mentions_digest(c: Clause) -> bool:
    """ "the digest", "daily digest", "digest preview": the noun, not "hard to digest" (nor a customer's name)."""
    tokens = c.u.tokens

    def is_the_noun(k: int) -> bool:
        before = tokens[k - 1] if k > 0 else None
        after = tokens[k + 1].word if k + 1 < len(tokens) else ""
        return before is None or before.boundary or before.word in cues.DIGEST_LEAD_IN \
            or after in cues.DIGEST_FOLLOWERS

    said = c.search(cues.DIGEST_PHRASE) is not None \
        or any(t.word in ("digest", "digests") and is_the_noun(k) for k, t in enumerate(tokens))
    return said and not c.spotted


def _digest_intent(c: Clause) -> tuple[str, float] | None:
    if c.search(cues.UNSUBSCRIBE):
        return "unsubscribe_digest", 0.9
    shown = c.search(cues.SHOW_DIGEST)
    scheduled = clock.clock_time(c.u) or clock.weekday(c.u) or c.search(_EVERY_PERIOD) \
        or c.search(_A_DIGEST_OF_SOME_FREQUENCY) and not shown
    if scheduled or (c.search(cues.SUBSCRIBE) and not shown):
        return "subscribe_digest", 0.9
    if c.search(cues.SHOW_DIGEST):  # "daily digest preview", "can i get a preview of the digest"
        return "show_digest", 0.85
    if c.search(_A_DIGEST_OF_SOME_FREQUENCY):  # "weekly digest please", "monthly digest" (not "the daily digest")
        return "subscribe_digest", 0.85
    if len(c.u.words()) <= 3:
        return "show_digest", 0.85
    return None


# "give me a digest every morning", "send me the digest regularly": a schedule said after the digest
_EVERY_PERIOD = re.compile(r"\b(?:every|each) (?:day|week|month|morning|evening|night|weekday)\b|\bregularly\b")
_A_DIGEST_OF_SOME_FREQUENCY = re.compile(r"(?<!\bthe )(?<!\bmy )(?<!\bthis )(?<!\btodays )\b(?:daily|weekly|monthly|"
                                         r"every day|every week|each day|each week) (?:digest|digests|summary)\b")


def _asks_outreach_status(c: Clause) -> bool:
    noun = c.search(cues.OUTREACH_NOUN)
    if noun is None:
        return False
    if noun.group() == "outreach":
        return bool(c.search(cues.OUTREACH_STATUS)) or len(c.u.tokens) <= 2
    segment = {k for found in slots.values(c.u, cues.SEGMENT_RX, cues.SEGMENT_OF) for k in range(found.start, found.end)}
    other = {t.word for k, t in enumerate(c.u.tokens) if k not in segment and t.kind != "punct"
             and t.word not in cues.CHATTER} - _CAMPAIGN_QUESTION  # "how's the at-risk campaign doing"
    return not other and c.search(cues.OUTREACH_STATUS) is not None  # "campaign status", not "the marketing campaign"


_CAMPAIGN_QUESTION = frozenset("""campaign campaigns outreach the my our latest last this is s was did does how hows whats
what status progress going go went results result report stats numbers update show list see view track delivered
sent far doing check where done finished finish so ? .""".split())


# Slot builders (crm_core/nlp/frames.py lists them in BUILDERS)
def set_notify_via(c: Clause) -> Slots:
    via = _platform(c)
    return {"via": via} if via else {}


def _platform(c: Clause) -> str | None:
    """The platform things should go to: the one after "on"/"via"... ("on slack instead of email"), else any."""
    found = slots.values(c.u, cues.PLATFORM_RX, cues.PLATFORM_OF)
    channels = [c.u.span(m) for m in c.u.finditer(cues.CHANNEL)]
    wanted = [(i, j) for i, j in channels if not _STOPPED.intersection(c.u.words(max(0, i - 3), i))]
    for i, j in wanted or channels[:1]:  # "stop using email, notify me on slack": the one not stopped
        found = [f for f in found if i <= f.start < j] or found
        break
    return found[0].value if found else None


_STOPPED = frozenset("stop stopped quit no not dont instead rather than".split())


def subscribe_digest(c: Clause) -> Slots:
    day = clock.weekday(c.u)
    weekly = day is not None or any(w in ("weekly", "week", "weeks") for w in c.u.words())
    monthly = "monthly" in c.u.words() or "month" in c.u.words()
    return {"frequency": "monthly" if monthly else "weekly" if weekly else "daily", "at": clock.clock_time(c.u),
            "weekday": day, "via": _platform(c)}


def send_outreach(c: Clause) -> Slots:
    head = _head(c)
    segment = _outreach_segment(head)
    out: Slots = {"segment": segment.value if segment else None}
    span = message_span(c.u)
    if span is not None:
        out["message"] = _message_from(c.u, *span)
    elif c.u.search(cues.CHECK_IN) is not None:
        out["message"] = CHECK_IN_MESSAGE
    return out


def _message_from(u: Utterance, start: int, stop: int) -> str:
    """The message's text as written, its enclosing quotes taken off."""
    opener = u.tokens[start]
    end = u.tokens[stop - 1].end
    if stop == len(u.tokens) and not any(ch.isalnum() for ch in u.text[end:]):  # a closing ’ is no token
        end = len(u.text)
    return _unquote(u.text[opener.end if opener.raw == ":" else opener.start:end])


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in QUOTES and text[-1] in QUOTES:
        text = text[1:-1].strip()
    return "" if not text.strip(QUOTES) else text  # a lone quote says nothing: the dialogue asks


def as_written(message: str, text: str) -> str:
    """The message with the line breaks, spacing and emoji it was sent with (the parser's text has none)."""
    words = message.split()
    if not words or len(text) > MAX_CHARS:
        return message
    text = html.unescape(text)
    pattern = r"(?<!\w)" + r"\s+".join(_MARKUP + re.escape(w) + _MARKUP for w in words) + r"(?!\w)"
    found = None
    for found in re.finditer(pattern, text):  # the last one: the message comes after its command
        pass
    if found is None:
        return message
    start, end = found.span()
    if not any(ch.isalnum() for ch in text[end:]):  # only emoji, punctuation or a closing quote follow
        end = len(text.rstrip())
        if start > 0 and text[start - 1] in QUOTES and text[end - 1] in QUOTES:
            end -= 1
    return text[start:end].strip()


def show_reminders(c: Clause) -> Slots:
    """`days` only when a period is said: "my reminders" lists every open one."""
    days = clock.window_days(c.u, default=0)
    return {"days": days} if days else {}


def no_slots(c: Clause) -> Slots:
    return {}


BUILDERS = {
    "invite_rep": no_slots, "set_notify_via": set_notify_via, "subscribe_digest": subscribe_digest,
    "unsubscribe_digest": no_slots, "show_digest": no_slots, "send_outreach": send_outreach,
    "show_outreach": no_slots, "show_reminders": show_reminders,
}
