"""Contacts in chat: the people at a customer, and who a logged activity was with.

    "add Dana Ruiz, CFO at Initech, dana@initech.com"      add_contact     contact, customer, title, email
    "contacts at Initech", "who do we know at initech"     show_contacts   customer
    "change Dana's email to dana@x.com", "Dana is now VP"  update_contact  contact, (customer), the new values
    "remove Dana from Initech's contacts"                  delete_contact  contact, (customer)
    "met with Dana from Initech"                           log_activity    ... + contact "Dana"

`decide` runs early in the grammar and asks for specific shapes (a contact cue, a person's field, "X is now
<title>"), so a log, a move or a customer's own edit is never taken for one of these.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from crm_core.nlp import cues
from crm_core.nlp.mentions import CustomerRef, person_word

if TYPE_CHECKING:  # grammar imports this module
    from crm_core.nlp.grammar import Clause

Slots = dict[str, Any]

TITLE_WORDS = frozenset("""ceo cfo cto coo cmo cio ciso cro cpo cso vp svp evp avp president founder cofounder owner
partner director head manager lead engineer buyer purchaser procurement analyst controller accountant counsel
assistant secretary chair chairman chairwoman officer administrator architect consultant coordinator specialist gm
md principal treasurer intern recruiter""".split())
_TITLE_INSIDE = frozenset("of and for".split())  # "head of procurement", "vp of sales and marketing"
_FIELDS = {"email": "email", "mail": "email", "e mail": "email", "phone": "phone", "number": "phone",
           "mobile": "phone", "cell": "phone", "phone number": "phone", "title": "title", "job title": "title",
           "role": "title", "position": "title", "job": "title", "telegram": "telegram", "tg": "telegram",
           "telegram handle": "telegram", "handle": "telegram"}
FIELD_RX = cues.rx(*(f.replace(" ", " ?") for f in _FIELDS))
CONTACT_NOUN = cues.rx("contact", "contacts", "contact person", "point of contact", "poc")
ADD_CUE = re.compile(r"^(?:(?:pls|please|can you|could you|ok|and|also|then|quick) )*"
                     r"(?:add|new|create|save|record|put)\b")
LIST_CUE = cues.rx("contacts", "contact list", "who do we know", "who we know", "who do i know", "people we know",
                   "people at", "folks at", "who works at", "our contacts at", "who do we talk to", "who should i talk to")
# "who is our contact at X" stays the customer's card, which lists the contacts
WRITE_VERB = cues.rx("add", "added", "new", "create", "save", "delete", "remove", "drop", "erase", "change", "update",
                     "set", "fix", "correct", "log", "logged", "is now", "promoted", "left")
DELETE_VERB = cues.rx("delete", "remove", "drop", "erase", "take off", "get rid of")
IS_NOW = re.compile(r"^(?:(?:fyi|btw|update|heads up|so|ok|note|news)\W* )*(?P<who>.+?) (?:is now|s now|has become|"
                    r"became|got promoted to|was promoted to|is promoted to|has been promoted to|moved to|is the new|"
                    r"s the new|is our new|s our new|now) (?:the |our |a |an |their )?(?P<what>.+)$")
NOT_A_NAME = frozenset("""a an the our their his her my your its this that these those it they them he she we us i me
you who what contact contacts person people someone somebody team folks guys at from of for to with and or but
is are was new please pls just also then email phone number title role telegram customer client account deal
ticket thx thanks thank ty cheers plz pls pl""".split())
_TELEGRAM = re.compile(r"(?:(?<![\w@])@|\b(?:https?://)?(?:t|telegram)\.me/)([A-Za-z][A-Za-z0-9_]{4,31})\b")
_ANCHORS_BEFORE_CUSTOMER = frozenset("at from of @ in with".split())
_MET = frozenset("with to met called rang emailed phoned saw and visited pinged".split())


def decide(c: Clause) -> tuple[str, float] | None:
    """The contact intent a clause asks for, or None (most clauses)."""
    if c.ticket is not None or c.search(cues.DEAL_NOUN):
        return None
    if _deletes(c):
        return "delete_contact", 0.9
    if _adds(c):
        return "add_contact", 0.9
    if _updates(c):
        return "update_contact", 0.85
    if _lists(c):
        return "show_contacts", 0.9
    return None


# -- the shapes ---------------------------------------------------------------------------------------
def _lists(c: Clause) -> bool:
    """ "contacts at Initech", "initech contacts", "who do we know at initech" (a question: a read)."""
    if not c.search(LIST_CUE) or not c.has_customer:
        return False
    verb = c.search(WRITE_VERB)
    return verb is None or c.u.tokens[c.u.span(verb)[0]].word in ("new",) and c.search(cues.QUESTION_START)


def _adds(c: Clause) -> bool:
    """ "add Dana Ruiz, CFO at Initech", "new contact at hooli: priya shah", "add dana as a contact to initech";
    "add Dana Ruiz, CFO at Zorblax" names a customer nobody knows (the answer says so; no customer "Dana Ruiz")."""
    if not ADD_CUE.search(c.u.canon) or _name_span(c) is None:
        return False
    if not c.spotted:
        return _title_span(c) is not None and _new_customer(c) is not None
    if c.search(CONTACT_NOUN) and not _activity_said(c):
        return True
    return _title_span(c) is not None or _anchored_customer(c) is not None and any(t.kind == "email" for t in c.u.tokens)


_AT = frozenset(("at", "from", "with"))


def _new_customer(c: Clause) -> CustomerRef | None:
    """A company nobody knows named after at/from ("CFO at Zorblax"), after the person's name."""
    ref, name = c.customer(_AT), _name_span(c)
    return ref if ref is not None and name is not None and ref.start >= name[1] else None


def _activity_said(c: Clause) -> bool:
    """A call, meeting, email or note is said ("fyi" alone is not one: "fyi dana is now cfo", nor a name the
    speller turned into one: "gus fring" is not a ring)."""
    for found in c.u.finditer(cues.KIND_RX):
        i, j = c.u.span(found)
        if found.group(0) != "fyi" and all(t.word == t.fold for t in c.u.tokens[i:j]):
            return True
    return False


def _updates(c: Clause) -> bool:
    if _activity_said(c) and not c.search(FIELD_RX):
        return False
    return _possessive_field(c) is not None or _field_for_person(c) is not None or _promoted(c) is not None


def _deletes(c: Clause) -> bool:
    """ "delete contact dana ruiz", "remove dana from initech's contacts", "remove dana at hooli"."""
    verb = c.search(DELETE_VERB)
    if verb is None or _activity_said(c) or c.search(cues.REMIND):
        return False
    if c.search(CONTACT_NOUN):
        return True
    after = c.u.span(verb)[1]
    return bool(c.spotted) and _person_run(c, after) is not None and _anchored_customer(c) is not None


# -- the pieces -----------------------------------------------------------------------------------------
def _customer_tokens(c: Clause) -> set[int]:
    """The customer's words: the one named after at/from/... when there is one ("ravi patel, cto at pinecone" is
    not Patel & Co), else every one spotted."""
    anchored = _anchored_customer(c)
    refs = [anchored] if anchored is not None else c.spotted
    return {k for r in refs for k in range(r.start, r.end)}


def _is_name_token(c: Clause, k: int, customer: set[int]) -> bool:
    token = c.u.tokens[k]
    if token.kind != "word" or k in customer:
        return False
    said = token.fold or token.word  # as written: the speller may have made "fring" "ring"
    if said in NOT_A_NAME or token.word in NOT_A_NAME or said in TITLE_WORDS or cues.KIND_RX.fullmatch(said) \
            or said in cues.GRAMMAR_WORDS and not token.raw[:1].isupper():
        return False
    corrected = token.word != token.fold and len(said) > 1  # a word the speller did not know: a name
    return corrected or person_word(token) not in (None, "me")


def _person_run(c: Clause, start: int, limit: int = 3) -> tuple[int, int] | None:
    """The name words right from `start` on (skipping lead-ins such as "contact", "a", "new"), or None."""
    tokens, customer = c.u.tokens, _customer_tokens(c)
    k = start
    while k < len(tokens) and tokens[k].word in _LEAD_IN:
        k += 1
    end = k
    while end < len(tokens) and end - k < limit and _is_name_token(c, end, customer):
        end += 1
        if tokens[end - 1].possessive:  # "dana's" ends the name
            break
    return (k, end) if end > k else None


_LEAD_IN = NOT_A_NAME | frozenset(("add", "new", "create", "save", "named", "called", "person", ":"))


def _name_span(c: Clause) -> tuple[int, int] | None:
    """A new contact's name: the first run of name words after the add cue."""
    cue = ADD_CUE.search(c.u.canon)
    start = c.u.span(cue)[1] if cue else 0
    customer = _customer_tokens(c)
    for k in range(start, len(c.u.tokens)):
        if k in customer or c.u.tokens[k].kind != "word":
            continue
        run = _person_run(c, k)
        if run is not None:
            return run
    return None


def _title_span(c: Clause, start: int = 0, taken: set[int] = frozenset()) -> tuple[int, int] | None:
    """Words around a title word ("CFO", "VP Finance", "head of procurement"), from `start` on."""
    tokens, customer = c.u.tokens, _customer_tokens(c) | set(taken)
    for k in range(start, len(tokens)):
        if not {tokens[k].word, tokens[k].fold} & TITLE_WORDS or k in customer:
            continue
        i, j = k, k + 1
        while i > start and _title_word(c, i - 1, customer) and tokens[i - 1].word not in _TITLE_INSIDE:
            i -= 1
        while j < len(tokens) and (_title_word(c, j, customer) or tokens[j].word in _TITLE_INSIDE
                                   and j + 1 < len(tokens) and _title_word(c, j + 1, customer)):
            j += 1
        return i, j
    return None


def _title_word(c: Clause, k: int, taken: set[int]) -> bool:
    token = c.u.tokens[k]
    if token.kind != "word" or k in taken or token.word in NOT_A_NAME | _NOT_IN_A_TITLE:
        return False
    return k == 0 or not (token.boundary or c.u.tokens[k - 1].boundary)


_NOT_IN_A_TITLE = _ANCHORS_BEFORE_CUSTOMER | frozenset("as is was now to be".split())


def _anchored_customer(c: Clause) -> CustomerRef | None:
    """A spotted customer said after at/from/of/@/in/with/to ("Dana at Initech")."""
    for ref in c.spotted:
        if ref.start > 0 and c.u.tokens[ref.start - 1].word in _ANCHORS_BEFORE_CUSTOMER | {"to", "for"}:
            return ref
    return None


def _possessive_field(c: Clause) -> tuple[tuple[int, int], str] | None:
    """ "change Dana's email to ...", "dana ruiz's phone is +1 ...": (the name's tokens, the field)."""
    customer = _customer_tokens(c)
    for k, token in enumerate(c.u.tokens[:-1]):
        if not token.possessive or k in customer or not _is_name_token(c, k, customer):
            continue
        field = _NEW_FIELD.match(c.u.canon, c.u.offsets[k + 1])
        if field is None:
            continue
        i = k
        while i > 0 and i > k - 2 and _is_name_token(c, i - 1, customer) and not c.u.tokens[i - 1].possessive:
            i -= 1
        return (i, k + 1), _FIELDS[re.sub(r"\s+", " ", field.group("field"))]
    return None


_NEW_FIELD = re.compile(r"(?:new |current |correct )?(?P<field>" + FIELD_RX.pattern + r")")
_FIELD_FOR = re.compile(r"\b(?:the |a )?(?:new )?(?P<field>" + FIELD_RX.pattern + r") (?:of|for) ")


def _field_for_person(c: Clause) -> tuple[tuple[int, int], str] | None:
    """ "update the email of dana at initech to ...", "new phone for dana: ..."."""
    if not c.search(WRITE_VERB):
        return None
    found = _FIELD_FOR.search(c.u.canon)
    if found is None:
        return None
    run = _person_run(c, c.u.token_at(found.end()))
    field = re.sub(r"\s+", " ", found.group("field"))
    return (run, _FIELDS.get(field, field)) if run is not None else None


def _promoted(c: Clause) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """ "Dana is now VP Finance", "fyi dana at initech got promoted to head of procurement"."""
    said = IS_NOW.match(c.u.canon)
    if said is None:
        return None
    who = c.u.token_at(said.start("who"))
    run = _person_run(c, who)
    title_at = c.u.token_at(said.start("what"))
    title = _title_span(c, title_at)
    if run is None or title is None or title[0] != title_at and c.u.tokens[title_at].word not in ("the", "our"):
        return None
    between = {k for k in range(run[1], title_at)}
    customer = _customer_tokens(c)
    if any(c.u.tokens[k].kind == "word" and k not in customer and c.u.tokens[k].word not in
           _ANCHORS_BEFORE_CUSTOMER | {"is", "now", "s", "has", "become", "became", "got", "was", "been", "promoted",
                                       "to", "the", "new", "our", "moved"} for k in between):
        return None
    return run, title


# -- slots ------------------------------------------------------------------------------------------------
def _said(c: Clause, span: tuple[int, int]) -> str:
    return c.u.raw(*span).strip(" ,.:;-'’").removesuffix("'s").removesuffix("’s")


def _values(c: Clause, out: Slots) -> None:
    """Email, phone and Telegram as written."""
    for token in c.u.tokens:
        if token.kind == "email" and "email" not in out:
            out["email"] = token.raw
        elif token.kind == "phone" and "phone" not in out:
            out["phone"] = token.raw
    handle = _TELEGRAM.search(c.u.raw(0, len(c.u.tokens)))
    if handle is not None:
        out["telegram"] = handle.group(1)


def _customer(c: Clause, out: Slots) -> None:
    ref = _anchored_customer(c) or (c.spotted[0] if c.spotted else _new_customer(c))
    if ref is not None:
        out["customer"] = ref.name
        c.chosen = ref
        c.used.update(range(ref.start, ref.end))


def add_contact(c: Clause) -> Slots:
    out: Slots = {}
    _customer(c, out)
    name = _name_span(c)
    if name is not None:
        out["contact"] = _said(c, name)
    title = _title_span(c, 0, set(range(*name)) if name else set())
    if title is not None:
        out["title"] = _said(c, title)
    _values(c, out)
    return out


def update_contact(c: Clause) -> Slots:
    out: Slots = {}
    if c.spotted:
        _customer(c, out)
    said = _possessive_field(c) or _field_for_person(c)
    if said is not None:
        (i, j), field = said
        out["contact"] = _said(c, (i, j))
        _values(c, out)
        if field == "title":
            title = _title_span(c, j) or _after_to(c, j)
            if title is not None:
                out["title"] = _said(c, title)
        for other in ("email", "phone", "telegram"):  # only the field said changes
            if other != field:
                out.pop(other, None)
        return out
    promoted = _promoted(c)
    if promoted is not None:
        out["contact"], out["title"] = _said(c, promoted[0]), _said(c, promoted[1])
    return out


def _after_to(c: Clause, start: int) -> tuple[int, int] | None:
    """ "change dana's title to Finance Lead": the words after to/is/as."""
    for k in range(start, len(c.u.tokens) - 1):
        if c.u.tokens[k].word in ("to", "is", "as", "now"):
            end = k + 1
            while end < len(c.u.tokens) and not c.u.tokens[end].boundary and c.u.tokens[end].kind == "word":
                end += 1
            return (k + 1, end) if end > k + 1 else None
    return None


def delete_contact(c: Clause) -> Slots:
    out: Slots = {}
    if c.spotted:
        _customer(c, out)
    verb = c.search(DELETE_VERB)
    run = _person_run(c, c.u.span(verb)[1]) if verb is not None else None
    if run is not None:
        out["contact"] = _said(c, run)
    return out


def show_contacts(c: Clause) -> Slots:
    out: Slots = {}
    ref = c.customer()
    if ref is not None:
        out["customer"] = ref.name
        c.chosen = ref
    return out


def activity_contact(c: Clause, ref: CustomerRef | None) -> str | None:
    """Who an activity was with, named beside its customer: "met with Dana from Initech", "call with dana at
    initech", "spoke to Dana Ruiz (Initech)", "initech's dana"; None when no person is named so."""
    if ref is None or not ref.spotted:
        return None
    tokens, customer = c.u.tokens, set(range(ref.start, ref.end))
    if ref.end < len(tokens) and tokens[ref.end - 1].possessive:  # "initech's dana"
        run = _person_run(c, ref.end, 2)
        if run is not None and run[0] == ref.end:
            return _mark(c, run)
    anchor = ref.start - 1  # "with Dana from Initech", "to Dana Ruiz (Initech)"
    if anchor < 1 or not (tokens[anchor].word in _ANCHORS_BEFORE_CUSTOMER or tokens[anchor].raw == "("):
        return None
    start = anchor
    while start > 0 and anchor - start < 2 and _is_name_token(c, start - 1, customer):
        start -= 1
    if start == anchor or start == 0 or tokens[start - 1].word not in _MET:
        return None
    return _mark(c, (start, anchor + 1), (start, anchor))


def _mark(c: Clause, used: tuple[int, int], name: tuple[int, int] | None = None) -> str:
    c.used.update(range(*used))
    return _said(c, name or used)


BUILDERS = {"add_contact": add_contact, "update_contact": update_contact, "delete_contact": delete_contact,
            "show_contacts": show_contacts}
WRITES = frozenset(("add_contact", "update_contact", "delete_contact"))
