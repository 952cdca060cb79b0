"""Chat phrasings of changing a customer (rename, email, phone, city, owner, tags, archive) and of merging two.

    "rename Globex to Globex Corp", "change Initech's email to x@y.com", "hooli's phone is now +1 555 0199",
    "initech moved to austin", "give initech to maria", "tag hooli as partner, vip", "archive Hooli",
    "merge Acme Ltd into Acme Limited", "acme lab is a duplicate of acme labs"

`decide` runs in grammar._by_rules before the ticket and deal rules; each rule asks for its own cue words and a
customer, so a deal, a ticket or small talk is left to the rules after it. Slots hold the words as said (the
services check and normalise them); `FINDERS` give evidence.py their words back.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from crm_core.nlp import cues
from crm_core.nlp.mentions import PLAIN_WORDS, CustomerRef, name_run, person_word, resolve_mention
from crm_core.nlp.text import Utterance

if TYPE_CHECKING:  # grammar imports this module
    from crm_core.nlp.grammar import Clause

Slots = dict[str, Any]
MERGE = cues.rx("merge", "merg", "mrege", "merger", "merged", "merging", "dedupe", "dedup", "de dupe", "de dup",
                "deduplicate", "combine", "consolidate")
_WEAK_MERGE = re.compile(r"\b(?:combine|consolidate)\b")  # also said of other things: two customers named
_MERGE_JOIN = ("into", "in to", "onto", "with", "and", "to")
DUPLICATE_OF = cues.rx("(?:is |are )?(?:a |the )?(?:duplicate|dupe|dup|double|copy) (?:of|entry of|record of)",
                       "(?:is |are )?(?:the )?same (?:company|customer|account|client) as")
RENAME = cues.rx("rename", "renamed", "renmae", "reanme", "renam", "rname", "re name", "retitle",
                 "change (?:the |their |its )?name of", "change the name", "update the name of")
NEW_NAME = cues.rx("(?:is )?now called", "(?:is )?now named", "now goes by", "changed (?:its|their) name to",
                   "name (?:to|is now|should be|changed to)", "rebranded (?:to|as)", "rebrand(?:ed)?(?: to| as)?")
ARCHIVE = cues.rx("archive", "archived", "archve", "arhive", "achive", "archiv", "arcive", "archivate",
                  "unarchive", "un archive", "unarchived", "restore from archive")
_UNARCHIVE = re.compile(r"\b(?:unarchive|un archive|unarchived|restore from archive)\b")
FIELD = cues.rx("email", "email address", "e mail", "emial", "emal", "mail address", "phone", "phone number", "phone no",
                "mobile", "cell", "telephone", "tel", "number", "city", "location", "hq", "headquarters", "office",
                "address", "moved to", "relocated to", "moved (?:their |its )?(?:hq|headquarters|office) to")
CHANGE = cues.rx("change", "changed", "chnage", "chang", "update", "updated", "udpate", "set", "fix", "fixed",
                 "correct", "replace", "new", "edit", "switch", "is now", "are now", "should be", "now is",
                 "has changed", "moved to", "relocated to", "moved their hq to", "moved hq to")
_IS = cues.rx("is", "=", ":")  # "initech email is x@y.com": a change only with an address or number typed
OWNER = cues.rx("owner", "account owner", "account manager")
OWNER_VERB = cues.rx("give", "assign", "reassign", "re assign", "transfer", "hand", "hand over", "handover", "pass")
TAG = cues.rx("tag", "tags", "tagged", "tagging", "label", "labels", "untag", "remove (?:the )?tags?",
              "add (?:the )?tags?", "add label")
_UNTAG = re.compile(r"\b(?:untag|remove (?:the )?tags?)\b")
_CITY_WORDS = frozenset("city location hq headquarters office address based moved relocated".split())
_PHONE_WORDS = frozenset("phone mobile cell telephone tel number".split())
_EMAIL_WORDS = frozenset("email emial emal mail".split())
_VALUE_LEAD = frozenset("to is as now should be : = - new".split())
_STRIP = " ,.;:!?-'\"“”‘’"
KNOWN = frozenset("owner owners rename renamed archive archived unarchive merge merged dedupe tag tags untag".split())


def decide(c: Clause) -> tuple[str, float] | None:
    """ "merge_customers" or "update_customer" when the clause says so, else None."""
    if c.ticket is not None or c.stages or c.search(cues.DEAL_NOUN) or c.search(cues.DEALS_PLURAL):
        return None
    if c.search(cues.ADD_CUSTOMER) and not c.spotted:  # "new client Sirius Cybernetics, +44 ...": an add, not an edit
        return None
    if _merges(c):
        return "merge_customers", 0.9
    if _renames(c) or _archives(c) or _changes_field(c) or _gives(c) or _tags(c):
        return "update_customer", 0.9 if c.spotted else 0.75
    return None


def _merges(c: Clause) -> bool:
    verb = c.search(MERGE)
    if verb is not None and _WEAK_MERGE.fullmatch(verb.group(0)) and len(c.spotted) < 2:
        return False
    if verb is not None:
        return _join_after(c.u, c.u.span(verb)[1]) is not None
    return c.search(DUPLICATE_OF) is not None and len(c.spotted) >= 2


def _renames(c: Clause) -> bool:
    verb = c.search(RENAME)
    return (verb is not None and _join_after(c.u, c.u.span(verb)[1], ("to", "as", "into")) is not None) \
        or (c.search(NEW_NAME) is not None and c.has_customer)


def _archives(c: Clause) -> bool:
    found = c.search(ARCHIVE)
    return found is not None and c.u.span(found)[0] <= 2 and (c.has_customer or c.search(cues.PRONOUN_REF) is not None)


def _changes_field(c: Clause) -> bool:
    field = c.search(FIELD)
    said_is = c.search(_IS) is not None and _typed_value(c.u) is not None
    if field is None or not (c.search(CHANGE) or said_is) or not c.has_customer:
        return False
    field_at = c.u.span(field)[0]
    if c.search(cues.LOG_VERB) or any(c.u.tokens[k].kind == "word" and k != field_at
                                      for k in (c.u.span(m)[0] for m in c.u.finditer(cues.KIND_RX))):
        return False  # "called initech, their number is ...": a call to log
    return bool(_field_value(c))


def _gives(c: Clause) -> bool:
    return _new_owner(c) is not None


def _new_owner(c: Clause) -> str | None:
    """ "give initech to maria", "initech's owner is now sam", "make sam the owner of initech"."""
    owner = c.search(OWNER)
    if owner is not None and c.spotted:
        i, j = c.u.span(owner)
        tokens = c.u.tokens
        if i >= 3 and tokens[i - 1].word == "the" and tokens[0].word in ("make", "set", "put"):
            return person_word(tokens[i - 2])
        k = j
        while k < len(tokens) - 1 and tokens[k].word in ("is", "now", "should", "be", "to", "of", "for", ":", "-"):
            k += 1
        after = person_word(tokens[k]) if k < len(tokens) and k == len(tokens) - 1 else None
        return after or _person_after(c.u, j)
    span = _given(c)
    return _person_after(c.u, span[1]) if span is not None else None


def _given(c: Clause) -> tuple[int, int] | None:
    """Tokens [i, j) of the customer in "give X to maria" (the verb first), or None."""
    verb = c.search(OWNER_VERB)
    if verb is None or c.u.span(verb)[0] != 0:
        return None
    start = c.u.span(verb)[1]
    to = next((k for k in range(start + 1, len(c.u.tokens)) if c.u.tokens[k].word == "to"), None)
    named = to is not None and (any(start <= r.start and r.end <= to for r in c.spotted)
                                or name_run(c.u, start, to) is not None)
    return (start, to) if named else None


def _tags(c: Clause) -> bool:
    found = c.search(TAG)
    return found is not None and c.u.span(found)[0] <= 2 and c.has_customer \
        and _tag_words(c) is not None


# -- slots ----------------------------------------------------------------------------------------------------

def update_customer(c: Clause) -> Slots:
    out: Slots = {}
    rename = c.search(RENAME)
    if rename is not None:
        join = _join_after(c.u, c.u.span(rename)[1], ("to", "as", "into"))
        _customer_in(c, out, c.u.span(rename)[1], join)
        out["new_name"] = _rest(c.u, join + 1)
        return out
    new_name = c.search(NEW_NAME)
    if new_name is not None:
        _customer_in(c, out, 0, c.u.span(new_name)[0])
        out["new_name"] = _rest(c.u, c.u.span(new_name)[1])
        return out
    given = _given(c)
    _customer_in(c, out, *(given or (0, len(c.u.tokens))))
    archive = c.search(ARCHIVE)
    if archive is not None and c.u.span(archive)[0] <= 2:
        out["archive"] = "unarchive" if _UNARCHIVE.search(c.u.canon) else "archive"
        return out
    if _gives(c):
        out["owner"] = _new_owner(c)
        return out
    if _tags(c):
        out["untag" if _UNTAG.search(c.u.canon) else "tags"] = _tag_words(c)
        return out
    out.update(_field_value(c))
    return out


def merge_customers(c: Clause) -> Slots:
    out: Slots = {}
    verb = c.search(MERGE)
    if verb is not None:
        start = c.u.span(verb)[1]
        join = _join_after(c.u, start)
        if join is None:  # "merge" and no "into": nothing to merge (the model may name the intent alone)
            return out
        _customer_in(c, out, start, join)
        into = _ref_in(c, join + 1, len(c.u.tokens))
    elif len(c.spotted) >= 2:
        first, second = c.spotted[0], c.spotted[1]
        _customer_in(c, out, first.start, first.end)
        into = second
    else:
        return out
    if into is not None:
        out["into"] = into.name  # the stored name when the index knows it, else as said
        c.used.update(range(into.start, into.end))
    return out


def _customer_in(c: Clause, out: Slots, i: int, j: int | None) -> None:
    ref = _ref_in(c, i, len(c.u.tokens) if j is None else j)
    if ref is not None:
        out["customer"] = ref.name
        c.used.update(range(ref.start, ref.end))
        c.chosen = ref


def _ref_in(c: Clause, i: int, j: int) -> CustomerRef | None:
    """The customer named within tokens [i, j): one the index spotted there, else a name-like run."""
    inside = [r for r in c.spotted if i <= r.start and r.end <= j]
    if inside:
        return max(inside, key=lambda r: (r.end - r.start, r.score))
    run = name_run(c.u, i, j) or _words(c.u, i, j)
    return resolve_mention(c.u, c.resolver, *run) if run is not None else None


def _words(u: Utterance, i: int, j: int) -> tuple[int, int] | None:
    """Tokens [i, j) without a leading "the" or a trailing "'s": a name said in lower case ("globex")."""
    while i < j and u.tokens[i].word in ("the", "a", "an", "our", "customer", "account", "client"):
        i += 1
    while j > i and u.tokens[j - 1].kind == "punct":
        j -= 1
    return (i, j) if i < j and j - i <= 6 else None


def _join_after(u: Utterance, start: int, joins: tuple[str, ...] = _MERGE_JOIN) -> int | None:
    """The token index of the first join word ("into", "with") after `start` with words on both sides."""
    for k in range(start + 1, len(u.tokens) - 1):
        if u.tokens[k].word in joins or (u.tokens[k].word == "in" and u.tokens[k + 1].word == "to"):
            return k + (u.tokens[k].word == "in" and u.tokens[k + 1].word == "to")
    return None


def _rest(u: Utterance, i: int) -> str | None:
    return u.raw(i, len(u.tokens)).strip(_STRIP) or None


def _typed_value(u: Utterance) -> tuple[str, str] | None:
    for token in u.tokens:
        if token.kind in ("email", "phone"):
            return token.kind, token.raw
    return None


def _value_after(c: Clause, k: int) -> str | None:
    """The words after the field and its lead-in ("email to", "city is now"), outside the customer's name."""
    tokens, taken = c.u.tokens, set(range(c.chosen.start, c.chosen.end)) if c.chosen else set()
    if c.chosen is None and c.spotted:
        taken = set(range(c.spotted[0].start, c.spotted[0].end))
    while k < len(tokens) and (tokens[k].word in _VALUE_LEAD or k in taken or tokens[k].word in ("of", "for")):
        k += 1
    end = k
    while end < len(tokens) and end not in taken:
        end += 1
    return c.u.raw(k, end).strip(_STRIP) or None


def _field_value(c: Clause) -> Slots:
    field = c.search(FIELD)
    word = c.u.tokens[c.u.span(field)[0]].word if field is not None else ""
    typed = _typed_value(c.u)
    if typed is not None and (word not in _CITY_WORDS or field is None):
        return {typed[0]: typed[1]}
    said = _value_after(c, c.u.span(field)[1]) if field is not None else None
    if word in _EMAIL_WORDS:
        return {"email": said} if said and "@" in said else {}  # "a new email lol" is no address
    if word in _PHONE_WORDS:
        return {"phone": said} if said and sum(ch.isdigit() for ch in said) >= 6 else {}  # "a new phone lol"
    if said and word in _CITY_WORDS and _a_place(c.u, said):
        return {"city": said}
    return {}


def _a_place(u: Utterance, said: str) -> bool:
    """ "Austin", "new york": name-like words, not "a new vendor"."""
    words = said.split()
    return len(words) <= 4 and all(w.lower().strip(_STRIP) not in PLAIN_WORDS or w[:1].isupper() for w in words)


def _person_after(u: Utterance, start: int) -> str | None:
    tokens = u.tokens
    for k in range(start, len(tokens) - 1):
        if tokens[k].word == "to":
            at = k + 2 if tokens[k + 1].raw == "@" and k + 2 < len(tokens) else k + 1
            return person_word(tokens[at]) if at == len(tokens) - 1 or tokens[at + 1].kind == "punct" else None
    return None


def _tag_words(c: Clause) -> str | None:
    """ "tag hooli as partner, vip" -> "partner, vip"; "add tag vip to hooli" -> "vip"."""
    found = c.search(TAG)
    start = c.u.span(found)[1]
    ref = c.chosen or (c.spotted[0] if c.spotted else c.customer())
    tokens = c.u.tokens
    if ref is None:
        return None
    end = ref.start
    while end > start and tokens[end - 1].word in ("to", "from", "on", "for", "of"):
        end -= 1
    if end > start:  # "add tag vip to hooli", "remove tag eu from hooli"
        return c.u.raw(start, end).strip(_STRIP) or None
    start = ref.end  # "tag hooli (as) partner"
    while start < len(tokens) and tokens[start].word in ("as", "with", ":", "-", "="):
        start += 1
    return _rest(c.u, start)


# -- evidence ---------------------------------------------------------------------------------------------------

def _archive_said(r: Any, value: Any, slots: dict) -> Any:
    return r.match(ARCHIVE)


_INTO = re.compile(r"\b(?:into|in to|onto|with|and|to|of|as)\b [^,;.!?]*\w")


def _into_said(r: Any, value: Any, slots: dict) -> Any:
    """The words naming the customer that stays: as stored, or whatever follows "into" / "with" / "duplicate of"."""
    return r.phrase(str(value)) or r.match(_INTO)


FINDERS = {"archive": _archive_said, "into": _into_said}
BUILDERS = {"update_customer": update_customer, "merge_customers": merge_customers}


def to_command(intent: str, s: Slots, customer_id: int | None):
    """The command of a frame of these intents (nlp_commands.to_command's entries)."""
    from crm_core import commands as cmd
    who = {"customer": s.get("customer"), "customer_id": customer_id}
    if intent == "merge_customers":
        return cmd.MergeCustomers(into=s.get("into"), **who)
    archive = {"archive": True, "unarchive": False}.get(s.get("archive", ""))
    return cmd.UpdateCustomer(new_name=s.get("new_name"), email=s.get("email"), phone=s.get("phone"),
                              city=s.get("city"), owner=s.get("owner"), add_tags=s.get("tags"),
                              remove_tags=s.get("untag"), archive=archive, **who)
