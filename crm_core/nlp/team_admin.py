"""Chat phrasings of team admin (issue 15 item 7), as admins type them.

    "add Dana Ruiz as a rep, dana@ourco.io", "make maria a manager", "promote sam to manager",
    "put maria on the west team", "maria's territory is emea", "deactivate bob and give his work to maria",
    "give all of Bob's accounts to Maria", "transfer everything from bob to sam", "bob's tickets should go to sam"

`decide` runs early in grammar._by_rules (after help): each rule wants its own verb and a teammate's name, and a
name that is a known customer, a stage or an everyday word is no teammate, so customer and deal edits ("give
initech to maria", "move the acme deals to proposal") are left to the rules after it. Teammates are slots as said
(first names lower-cased, "me"); the services find them and refuse unknown, ambiguous or deactivated ones.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from crm_core.nlp import cues
from crm_core.nlp.mentions import PLAIN_WORDS
from crm_core.nlp.text import Utterance
from crm_core.nlp.vocabulary import COMMON_FIRST_NAMES, MONTHS, WEEKDAYS

if TYPE_CHECKING:  # grammar imports this module
    from crm_core.nlp.evidence import Evidence, Reading
    from crm_core.nlp.grammar import Clause

Slots = dict[str, Any]
_LEAD = r"^(?:(?:pls|please|can you|could you|ok|okay|hey|also|and|then|now|so|kindly) )*"
_NAME = r"(?:@ )?(?P<{}>[a-z][\w'-]*)"
ROLE_OF = {"rep": "rep", "reps": "rep", "representative": "rep", "salesperson": "rep", "seller": "rep",
           "manager": "manager", "mgr": "manager", "admin": "admin", "administrator": "admin"}
_ROLE = r"(?:sales )?(?P<role>" + "|".join(sorted(ROLE_OF, key=len, reverse=True)) + r")\b"
WHAT_OF = {"accounts": "customers", "account": "customers", "customers": "customers", "customer": "customers",
           "clients": "customers", "client": "customers", "book of business": "customers", "book": "customers",
           "portfolio": "customers", "deals": "deals", "opportunities": "deals", "opps": "deals", "pipeline": "deals",
           "tickets": "tickets", "reminders": "reminders", "follow ups": "reminders", "work": "all", "stuff": "all",
           "everything": "all"}
_WHAT = r"(?:open |pending )?(?P<what>" + "|".join(sorted(WHAT_OF, key=len, reverse=True)) + r")"
_MOVE = r"(?:give|move|reassign|re assign|transfer|hand over|hand|pass|shift|assign)"
_NOT_A_NAME = frozenset("""
the a an all of every each my his her their our your its this that these those to from over up down as on in into and
team territory role user account accounts everything work stuff deals tickets customers clients reminders open new
him her them it rep manager admin sales crm access
""".split())
_PRONOUNS = frozenset(("him", "her", "them"))

_REASSIGN = [re.compile(p) for p in (
    _LEAD + _MOVE + r" (?:over )?(?:all (?:of )?)?" + _NAME.format("src") + " " + _WHAT + r" (?:over )?to "
    + _NAME.format("dst"),
    _LEAD + _MOVE + r" (?:over )?(?:all (?:of )?|every |each )?(?:the )?" + _WHAT + r"(?: of " + _NAME.format("src2")
    + r")? (?:over )?(?:from " + _NAME.format("src") + r" )?(?:over )?to " + _NAME.format("dst"),
    _LEAD + _NAME.format("dst") + r" (?:takes|will take|should take|can take|to take) over (?:all (?:of )?)?"
    + _NAME.format("src") + " " + _WHAT,
    _LEAD + r"(?:all (?:of )?)?" + _NAME.format("src") + " " + _WHAT
    + r" (?:should |will |can |must )?(?:(?:go|goes|move|moves) )?(?:over )?to " + _NAME.format("dst"),
    _LEAD + r"(?:give|hand|pass|transfer) " + _NAME.format("dst") + r" (?:all (?:of )?|every one of )"
    + _NAME.format("src") + " " + _WHAT + r"\b",  # "give me all of sam's follow ups"
)]
_DEACTIVATE = re.compile(r"\b(?:deactivate|de activate|deactive|disable|offboard|off board|suspend|turn off|"
                         r"switch off|shut off|lock out|revoke|remove|kill)\b")
_DEACTIVATE_OBJECT = re.compile(r"\b(?:deactivate|de activate|deactive|disable|offboard|off board|suspend)\b")
_ACCESS = re.compile(r"\b(?:account|access|login|user|from the crm|from crm|from the system)\b")
_TAKES_OVER = re.compile(r"\b(?:give|hand|reassign|re assign|transfer|move|pass|send|go|goes|going|assign)\b"
                         r"(?: [^,;.]*?)? to (?:@ )?(?P<dst>[a-z][\w'-]*)")
_WORK_TO = re.compile(r"(?:^|[,;-] )(?:and )?(?:all |all of )?(?:his |her |their )?(?:work|stuff|everything|accounts|"
                      r"customers|deals|tickets|the rest) (?:over )?to (?:@ )?(?P<dst>[a-z][\w'-]*)")  # no verb
# a team or territory said as a fact ends there: "kevin's territory is so big he never sleeps" says no territory
_SAID_AS_FACT = r"(?= ?(?:$|[,.;!]|now\b|from\b|starting\b|as of\b|effective\b|and\b))"
_ROLE_SAID = [re.compile(p) for p in (
    r"(?:^|[,;] )" + _LEAD[1:] + r"(?:make|set) " + _NAME.format("who") + r" (?:as )?(?:an? |the )?(?:new )?" + _ROLE,
    r"\b(?:promote|demote|upgrade|downgrade|bump|move) " + _NAME.format("who") + r" (?:up |down |back )?(?:from (?:an? )?\w+ )?"
    r"(?:to|into) (?:an? )?" + _ROLE,
    r"\bchange (?:the )?role of " + _NAME.format("who") + r" to (?:an? )?" + _ROLE,
    r"\b(?:change|set|update|switch) " + _NAME.format("who") + r" role (?:to|as|:) (?:an? )?" + _ROLE,
    _LEAD + _NAME.format("who") + r" (?:should be|is now|is|becomes|will be|is going to be) (?:now )?(?:an? |the )?"
    + _ROLE + r"(?: again| now| from now on)?$",
    r"\bgive " + _NAME.format("who") + r" " + _ROLE + r" (?:rights|access|role|permissions|powers)",
    _LEAD + _NAME.format("who") + r" (?:needs|gets|should get|should have|can have) (?:the )?" + _ROLE
    + r" (?:rights|access|role|permissions|powers)",
    r"^(?:(?:pls|please|ok|okay|and|also) )*give " + _NAME.format("who") + r" (?:the )?" + _ROLE
    + r"(?: please| pls| now)?$",  # "give priya admin": the role is all that is said after the name
)]
_TEAM_WORD = r"(?:(?:the )?(?P<team>[a-z][\w-]*) team\b|team (?P<team_named>[a-z][\w-]*)\b)"  # west team, team west
_TERRITORY_WORD = r"(?:the )?(?P<territory>[a-z][\w-]*) (?:territory|region)\b"
_TEAM_SAID = [re.compile(p) for p in (
    _LEAD + r"(?:put|move|add|assign|switch|transfer|place|shift) " + _NAME.format("who") + r" (?:on|to|in|into) "
    + _TEAM_WORD,
    _LEAD + _NAME.format("who") + r" (?:joins|is joining|joined|moves to|moved to|is on|is in|belongs to|goes to|"
    r"(?:should|will) (?:be on|be in|join|move to)|is now on|is now in) "
    + _TEAM_WORD,
    _LEAD + _NAME.format("who") + r" team (?:is|should be) (?:now )?(?P<team>[a-z][\w-]*)" + _SAID_AS_FACT,
    r"\b(?:change|set|update|switch) " + _NAME.format("who") + r" team (?:to|as|:) (?:the )?(?P<team>[a-z][\w-]*)",
    _LEAD + _NAME.format("who") + r" territory (?:is|should be|:) (?:now )?(?:the )?(?P<territory>[a-z][\w-]*)"
    + _SAID_AS_FACT,
    r"\b(?:change|set|update|switch) " + _NAME.format("who") + r" territory (?:to|as|:) (?:the )?"
    r"(?P<territory>[a-z][\w-]*)",
    _LEAD + _NAME.format("who") + r" (?:covers|will cover|takes|gets|owns) " + _TERRITORY_WORD,
    _LEAD + r"(?:give|assign) " + _NAME.format("who") + r" " + _TERRITORY_WORD,
    _LEAD + r"(?:give|assign|hand) " + _TERRITORY_WORD + r" to " + _NAME.format("who"),
)]
_MORE_TERRITORY = re.compile(r"\bterritory (?:is |to |: )?(?:the )?(?P<territory>[a-z][\w-]*)")
_ADD_VERB = re.compile(_LEAD + r"(?:we (?:just )?hired|just hired|hired|new hire|add|create|onboard|on board|"
                       r"invite|set up|register|new)\b")
_TEAMMATE_NOUN = re.compile(r"\b(?:teammate|team member|new hire|colleague|user|hire|hired)\b")
_ONBOARD = re.compile(r"\b(?:onboard|on board)\b")  # customers are onboarded too: a person's first name must follow
_ADD_FILLER = frozenset("""
a an new teammate team member user rep sales manager admin colleague hire called named : - an account for login
for profile please pls to
""".split())
_NOT_STAFF = re.compile(r"\b(?:customer|client|lead|contact|deal|note|call|meeting|ticket|reminder|tag|cfo|ceo|cto|coo|"
                        r"vp|director|head of|founder|owner|at|from)\b")
_TEAM_OF_NEW = re.compile(r"\b(?:on|to|in|into|for|joins) " + _TEAM_WORD)
_WHEN_WORDS = frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(("today", "tomorrow", "tonight", "next", "this"))
_NAME_STOP = frozenset("as to on in into for with and , . ; : - she he they joins role email".split()) \
    | frozenset(ROLE_OF)


_NOT_A_TEAM = frozenset("""
lead leader leads member members meeting call chat channel digest report reports stats performance pipeline deals
tickets leaderboard activity activities quota numbers results targets goals
""".split())  # "move sam to team lead", "show team digest": no team called so
_WHOSE = r"(?:(?P<whose>my|our|the) )?(?:(?P<team>[a-z][\w-]*) )?"
_NAMED = r"team (?P<team_named>[a-z][\w-]*)"  # "team west"
_ROSTER = [re.compile(_LEAD + p + r"(?: please| pls)?(?: as csv| in csv)?(?: ?[?.!])*$") for p in (
    r"(?:show(?: me)?|list|see|view|get)(?: all)? " + _WHOSE + r"(?:team members|team|teammates|team mates|colleagues)"
    r"(?: list)?",  # "list the team", "show me the west team"
    r"who(?:'s| is| s|s| are)? (?:on|in) " + _WHOSE + r"team",  # "who's on my team", "who is in the west team"
    r"(?:show(?: me)?|list|see|view|get|who(?:'s| is| s|s| are)? (?:on|in)) " + _NAMED,  # "who is on team west"
    r"who are (?:my|our) (?:teammates|team mates|colleagues)",
    _WHOSE + r"team members",
)]


def decide(c: Clause) -> tuple[str, float] | None:
    """The intent when the clause is a team-admin command, else None."""
    found = read(c)
    return (found[0], 0.9) if found is not None else None


def read(c: Clause) -> tuple[str, Slots] | None:
    """(intent, slots) of a team-admin command, or None."""
    for reader in (_roster, _reassign, _deactivate, _role, _team, _add):
        found = reader(c)
        if found is not None:
            return found
    return None


def _roster(c: Clause) -> tuple[str, Slots] | None:
    """ "who's on the west team", "list my team as csv": the teammates (a question: it writes nothing). A customer
    named makes it a question about their people ("who's on the acme team"), as in Chinese."""
    if c.spotted:
        return None
    for pattern in _ROSTER:
        if (found := pattern.search(c.u.canon)) is not None:
            said = found.groupdict()
            if said.get("team_named") in _NOT_A_TEAM:
                continue
            team = said.get("team") or said.get("team_named")
            if team in _NOT_A_NAME or team in ("sales", "whole", "entire", "full", "crm"):
                team = None
            mine = (said.get("whose") in ("my", "our") or " my " in f" {c.u.canon} ") and team is None
            return "show_team", {"team": "me" if mine else team, "csv": True if "csv" in c.u.canon else None}
    return None


def _reassign(c: Clause) -> tuple[str, Slots] | None:
    for pattern in _REASSIGN:
        found = pattern.search(c.u.canon)
        if found is None:
            continue
        groups = found.groupdict()
        source = _person(c, found, "src") or _person(c, found, "src2")
        target = _person(c, found, "dst")
        if source and target:
            return "reassign_work", {"from_user": source, "to_user": target, "what": WHAT_OF[groups["what"]]}
    return None


def _deactivate(c: Clause) -> tuple[str, Slots] | None:
    verb = c.search(_DEACTIVATE)
    if verb is None or (not _DEACTIVATE_OBJECT.fullmatch(verb.group(0)) and not c.search(_ACCESS)):
        return None
    k = c.u.span(verb)[1]
    tokens = c.u.tokens
    while k < len(tokens) and tokens[k].word in ("user", "the", "account", "of", "teammate", "@", "rep", "access"):
        k += 1
    if k >= len(tokens) or tokens[k].word in _PRONOUNS or tokens[k].word in ("his", "her", "their"):
        k = _first_name_before(c.u, c.u.span(verb)[0])  # "bob left, shut off his login", "bob quit, deactivate"
    name = _name_from(c, k) if k is not None else None
    if not name:
        return None
    slots: Slots = {"user": name}
    rest = c.u.canon[verb.end():]
    for taken in [*_TAKES_OVER.finditer(rest), *_WORK_TO.finditer(rest)]:
        target = _checked(c, taken.group("dst"), c.u.token_at(verb.end() + taken.start("dst")))
        if target and target != name:
            slots["reassign_to"] = target
    return "deactivate_user", slots


def _role(c: Clause) -> tuple[str, Slots] | None:
    for pattern in _ROLE_SAID:
        found = pattern.search(c.u.canon)
        if found is None or c.search(re.compile(r"\baccount manager\b")):
            continue
        who = _person(c, found, "who")
        if who is None and found.group("who") in _PRONOUNS:
            k = _first_name_before(c.u, c.u.token_at(found.start("who")))
            who = _name_from(c, k) if k is not None else None
        if who:
            return "set_role", {"user": who, "role": ROLE_OF[found.group("role")]}
    return None


def _team(c: Clause) -> tuple[str, Slots] | None:
    for pattern in _TEAM_SAID:
        found = pattern.search(c.u.canon)
        if found is None:
            continue
        who = _person(c, found, "who")
        groups = found.groupdict()
        team, territory = _team_of(found), groups.get("territory")
        if not who or (groups.get("team") or groups.get("team_named")) and team is None \
                or territory in _NOT_A_NAME or territory == "sales":
            continue
        said = {k: v for k, v in (("team", team), ("territory", territory)) if v}
        more = _MORE_TERRITORY.search(c.u.canon, found.end())
        if "territory" not in said and more is not None:
            said["territory"] = more.group("territory")
        return "set_team", {"user": who, **said}
    return None


def _add(c: Clause) -> tuple[str, Slots] | None:
    verb = c.search(_ADD_VERB)
    role = re.search(r"\b" + _ROLE, c.u.canon)  # not "reseller"
    team = _team_of(_TEAM_OF_NEW.search(c.u.canon))
    # a role or a team is said of people, never of customers: "add anna schmidt as a rep" (Schmidt Maschinenbau)
    if verb is None or c.spotted and not (role or team) or c.search(_NOT_STAFF) and not (role and not c.spotted):
        return None
    email = next((t.raw for t in c.u.tokens if t.kind == "email"), None)
    if not (role or team or c.search(_TEAMMATE_NOUN) or c.search(_ONBOARD)):
        return None  # "add Nimbus Labs, email ama@...": a customer
    if verb.group(0).endswith("invite") and role is None:
        return None  # "invite acme": a customer's Telegram link
    after = c.u.span(verb)[1]
    if role is None and any(ref.start <= after < ref.end for ref in c.spotted):
        return None  # "add acme to team west": a customer is no new teammate unless a role is said
    name = _new_name(c, after) or _name_after_colon(c, after)
    if name is None or not (name[:1].isupper() or name.split()[0] in COMMON_FIRST_NAMES or role or email or team):
        return None  # "new hire starts monday": no name said
    if not (role or team or c.search(_TEAMMATE_NOUN)) and name.split()[0].lower() not in COMMON_FIRST_NAMES:
        return None  # "onboard Monsters Inc - email ...": a customer
    slots: Slots = {"user": name}
    if role:
        slots["role"] = ROLE_OF[role.group("role")]
    if email:
        slots["email"] = email
    if team:
        slots["team"] = team
    return "add_teammate", slots


def _team_of(found: re.Match | None) -> str | None:
    """The team a _TEAM_WORD match names ("the west team", "team west"), or None when it names none."""
    groups = found.groupdict() if found is not None else {}
    if groups.get("team"):
        return None if groups["team"] in _NOT_A_NAME else groups["team"]
    named = groups.get("team_named")
    return None if named is None or named in _NOT_A_NAME or named in _NOT_A_TEAM else named


def _name_after_colon(c: Clause, k: int) -> str | None:
    """ "new hire starting monday: leo park, sales rep": the name follows the colon."""
    colon = next((j for j in range(k, len(c.u.tokens)) if c.u.tokens[j].raw == ":"), None)
    return _new_name(c, colon + 1) if colon is not None else None


# -- names -----------------------------------------------------------------------------------------------------

def _person(c: Clause, found: re.Match, group: str) -> str | None:
    """The teammate a match's group names ("me" for my), or None when the words are no teammate's."""
    if found.groupdict().get(group) is None:
        return None
    k = c.u.token_at(found.start(group))
    return _checked(c, found.group(group), k)


def _checked(c: Clause, word: str, k: int) -> str | None:
    if word in ("me", "my", "myself", "mine", "i"):
        return "me"
    if word in _NOT_A_NAME or word in _PRONOUNS or cues.STAGE_RX.fullmatch(word):
        return None
    if any(ref.start <= k < ref.end for ref in c.spotted):
        return None  # a customer's name: "give initech deals to ..." is no teammate's work
    return _name_from(c, k)


def _name_from(c: Clause, k: int) -> str | None:
    """A first name at token k, with the surname when both are capitalised ("Olivia Brown"), lower-cased."""
    tokens = c.u.tokens
    if k >= len(tokens) or tokens[k].kind != "word" or not _a_name(tokens[k]):
        return None
    words = [tokens[k].word]
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if nxt is not None and nxt.kind == "word" and tokens[k].raw[:1].isupper() and nxt.raw[:1].isupper() \
            and nxt.word not in _NAME_STOP:
        words.append(nxt.word)
    return " ".join(words)


def _a_name(token: Any) -> bool:
    if token.word in _NOT_A_NAME or token.word in _NAME_STOP:
        return False
    return token.fold in COMMON_FIRST_NAMES or token.raw[:1].isupper() or token.word not in PLAIN_WORDS


def _first_name_before(u: Utterance, end: int) -> int | None:
    """ "bob left the company, deactivate him": the name the pronoun points back to."""
    for k in range(end):
        if u.tokens[k].kind == "word" and u.tokens[k].word not in _NOT_A_NAME and _a_name(u.tokens[k]):
            return k
    return None


def _new_name(c: Clause, k: int) -> str | None:
    """ "add a new rep called Nina Petrova ...": the words of the new teammate's name, as written."""
    tokens = c.u.tokens
    while k < len(tokens) and (tokens[k].word in _ADD_FILLER or tokens[k].kind == "punct"):
        k += 1
    words = []
    while k < len(tokens) and tokens[k].kind == "word" and tokens[k].word not in _NAME_STOP and len(words) < 4:
        if tokens[k].word in ("him", "her", "them"):
            return None
        words.append(tokens[k])
        k += 1
    if not words or not all(t.raw[:1].isupper() or t.fold in COMMON_FIRST_NAMES or t.word not in PLAIN_WORDS
                            for t in words) or any(t.word in _WHEN_WORDS for t in words):
        return None
    return " ".join(t.raw.removesuffix("'s").removesuffix("’s") for t in words)


# -- evidence and commands ------------------------------------------------------------------------------------------

def _said_role(r: Reading, value: Any, slots: dict) -> Evidence | None:
    return r.match(re.compile(_ROLE)) if value in ROLE_OF.values() else None


def _said_what(r: Reading, value: Any, slots: dict) -> Evidence | None:
    words = [w for w, kind in WHAT_OF.items() if kind == value]
    return r.match(cues.rx(*words)) if words else None


def _said_person(r: Reading, value: Any, slots: dict) -> Evidence | None:
    from crm_core.nlp.evidence import FINDERS as ALL
    return r.phrase(str(value)) or ALL["owner"](r, value, slots)


def _said_label(r: Reading, value: Any, slots: dict) -> Evidence | None:
    return r.word(str(value))


FINDERS = {"role": _said_role, "what": _said_what, "user": _said_person, "from_user": _said_person,
           "to_user": _said_person, "reassign_to": _said_person, "team": _said_label, "territory": _said_label}


def _builder(intent: str):
    def build(c: Clause) -> Slots:
        found = read(c)
        return found[1] if found is not None and found[0] == intent else {}
    return build


WRITES = frozenset(("add_teammate", "set_role", "set_team", "deactivate_user", "reassign_work"))
INTENTS = (*sorted(WRITES), "show_team")
BUILDERS = {intent: _builder(intent) for intent in INTENTS}
KNOWN = frozenset("deactivate offboard onboard teammate territory promote demote reassign admin manager rep hired "
                  "disable suspend revoke access covers cover covering".split())  # words the spelling fixer must leave alone


def keeps_whole(u: Utterance) -> bool:
    """ "offboard tom, reassign everything to priya" is one command: the parser does not cut it in two."""
    return u.search(_DEACTIVATE_OBJECT) is not None or u.search(re.compile(_LEAD + r"(?:we (?:just )?hired|hired)\b")) \
        is not None
