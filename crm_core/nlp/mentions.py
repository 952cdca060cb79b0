"""Customer and person mentions inside an utterance: spotted against the customer index, or guessed
from the grammar ("log a call with <name>") when the name is not a known customer."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from crm_core.errors import CustomerChoice
from crm_core.names import LEGAL_SUFFIXES, TRADE_NOUNS
from crm_core.nlp.cues import CHATTER, GRAMMAR_WORDS
from crm_core.nlp.text import Token, Utterance
from crm_core.nlp.vocabulary import COMMON_FIRST_NAMES, COMMON_WORDS, MONTHS, SUBJECT_PRONOUNS, WEEKDAYS
from crm_core.resolve import Ambiguous, Resolution, Resolved, Spot
from crm_core.resolve.index import leads_name

PLAIN_WORDS = GRAMMAR_WORDS | COMMON_WORDS | SUBJECT_PRONOUNS | CHATTER | frozenset(WEEKDAYS) | frozenset(MONTHS) \
    | frozenset("tomorrow today tonight yesterday followup week month year via per".split())
NAME_JOINERS = frozenset("and of de la le van von der den du y e da di el the".split())
LEADING_DETERMINERS = frozenset("the a an our their my new".split())


class Resolver(Protocol):
    """What the parser needs from customer resolution (crm_core.resolve.CustomerResolver has it)."""

    def resolve(self, mention: str, context: str = "") -> Resolution: ...

    def resolve_spot(self, spot: Spot, mention: str, context: str = "") -> Resolution: ...

    def spot(self, words: Sequence[str | None], blocked: Sequence[bool] | None = None) -> list[Spot]: ...

    def is_name_word(self, word: str) -> bool: ...


class NoCustomers:
    """A resolver that knows no customer: every mention stays as written."""

    def resolve(self, mention: str, context: str = "") -> Resolution:
        from crm_core.resolve import Unknown
        return Unknown(mention)

    def resolve_spot(self, spot: Spot, mention: str, context: str = "") -> Resolution:
        return self.resolve(mention, context)

    def spot(self, words: Sequence[str | None], blocked: Sequence[bool] | None = None) -> list[Spot]:
        return []

    def is_name_word(self, word: str) -> bool:
        return False


@dataclass(frozen=True)
class CustomerRef:
    mention: str  # as written
    start: int  # token indices [start, end)
    end: int
    name: str  # the stored name when resolved, else the mention
    id: int | None = None
    candidates: tuple[CustomerChoice, ...] = ()
    spotted: bool = False  # found by the index (not guessed from the grammar)
    score: float = 0.0  # how well the index matched it

    @property
    def resolved(self) -> bool:
        return self.id is not None


def spot_customers(utterance: Utterance, resolver: Resolver) -> list[CustomerRef]:
    """Known customers named in the utterance, best match first."""
    positions: list[int] = []
    words: list[str | None] = []
    blocked: list[bool] = []
    for k, token in enumerate(utterance.tokens):
        if token.kind == "word" or (token.kind == "num" and token.word.isalnum()):
            positions.append(k)
            words.append(token.fold or token.word)
            blocked.append(token.word in PLAIN_WORDS or token.fold in PLAIN_WORDS or token.kind == "num")
        elif token.raw == "&":
            positions.append(k)
            words.append("and")
            blocked.append(True)
        else:
            positions.append(k)
            words.append(None)
            blocked.append(True)
    if not any(w is not None for w in words):
        return []
    plain = list(blocked)
    for k in _named_by_context(utterance):
        blocked[k] = False
    refs = []
    for spot in resolver.spot(words, blocked):
        if all(plain[spot.start:spot.end]) and not _whole_name(spot, words):
            continue  # a plain word ("target") names a customer only in full and where a name goes
        i, j = positions[spot.start], positions[spot.end - 1] + 1
        if i > 0 and utterance.tokens[i - 1].word in ("a", "an") and not _whole_name(spot, words):
            continue  # "a meeting in a cafe": a thing, not the start of Café Olé's name
        if _goes_on_with_another_name(utterance, j, resolver):
            j += 1  # "brightwater farms" is not Brightwater Holdings: a name we may not know, asked about
            mention = utterance.raw(i, j)
            near = tuple(candidate.entry.choice() for candidate in spot.candidates[:5])
            ref = CustomerRef(mention, i, j, mention, None, near, spotted=True)
        else:
            mention = utterance.raw(i, j)
            ref = _ref(resolver.resolve_spot(spot, mention, utterance.text), mention, i, j, spotted=True)
        refs.append(replace(ref, score=spot.score))
    return refs


def _goes_on_with_another_name(utterance: Utterance, k: int, resolver: Resolver) -> bool:
    """The word right after a matched name makes a longer name of no customer: a capitalised name word of none
    ("Keystone Orchards"), or a trade said in any case ("brightwater farms"). Other lower-case words can't tell a
    name from a sentence: "acme reported a bug", "cyberdyne access"."""
    if k >= len(utterance.tokens):
        return False
    token = utterance.tokens[k]
    if token.kind == "word" and token.fold in TRADE_NOUNS and token.word == token.fold:
        return True
    if not (token.raw[:1].isupper() and not token.raw.isupper()):
        return False
    return token.kind == "word" and token.word == token.fold and token.fold.isalpha() and len(token.fold) > 2 \
        and token.fold not in PLAIN_WORDS and token.fold not in COMMON_FIRST_NAMES \
        and token.fold not in LEGAL_SUFFIXES and not resolver.is_name_word(token.fold)


NAME_BEFORE = frozenset("with w for at from about re abt called emailed met visited".split())
NAME_AFTER = frozenset("deal deals opportunity opp account ticket tickets".split())
# verbs whose object is who was contacted: a plain word right after one names a customer ("sent target the quote",
# "call summit"), but not after a determiner ("send the target numbers")
NAME_RIGHT_AFTER = frozenset("sent send call ping pinged rang ring email told tell".split())


def _named_by_context(utterance: Utterance) -> list[int]:
    """Plain words where a customer's name goes: "with target", "the target deal", "Target: ..." (clause start)."""
    tokens = utterance.tokens
    found = []
    for k, token in enumerate(tokens):
        if token.kind != "word" or token.word not in PLAIN_WORDS and token.fold not in PLAIN_WORDS:
            continue
        before = k - 1
        while before >= 0 and tokens[before].word in LEADING_DETERMINERS:
            before -= 1
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        if (before >= 0 and tokens[before].word in NAME_BEFORE) or (after is not None and after.word in NAME_AFTER) \
                or (k > 0 and tokens[k - 1].word in NAME_RIGHT_AFTER) \
                or (k == 0 and after is not None and after.raw in (":", "-")) or _heads_a_story(utterance, k):
            found.append(k)
    return found


def _heads_a_story(utterance: Utterance, k: int) -> bool:
    """A plain word said as a name before what is told about it: capitalised inside a sentence and followed by ":"
    or "-" ("quick update on Target: legal is done"), or a possessive opening a clause ("target's vendor team
    phoned")."""
    tokens = utterance.tokens
    token = tokens[k]
    clause_start = k == 0 or tokens[k - 1].boundary
    if token.possessive:
        return clause_start
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    capitalised = token.raw[:1].isupper() and not token.raw.isupper()
    return capitalised and not clause_start and after is not None and after.raw in (":", "-")


def _whole_name(spot: Spot, words: Sequence[str | None]) -> bool:
    """The spot is a customer's whole name, or the first words of it ("wide world" of Wide World Importers)."""
    if not spot.candidates:
        return False
    best = spot.candidates[0]
    said = [w for w in words[spot.start:spot.end] if w is not None]
    return best.how in ("exact", "alias") and spot.score >= 90.0 or leads_name(best.entry, said)


def resolve_mention(utterance: Utterance, resolver: Resolver, i: int, j: int) -> CustomerRef:
    mention = utterance.raw(i, j).strip(" ,.;:!?-'\"")
    return _ref(resolver.resolve(mention, utterance.text), mention, i, j, spotted=False)


def _ref(resolution: Resolution, mention: str, i: int, j: int, spotted: bool) -> CustomerRef:
    if isinstance(resolution, Resolved):
        choice = resolution.choice
        return CustomerRef(mention, i, j, choice.name, choice.id, (choice,), spotted)
    candidates = resolution.candidates if isinstance(resolution, Ambiguous) else ()
    return CustomerRef(mention, i, j, mention, None, tuple(candidates), spotted)


def is_name_like(utterance: Utterance, k: int, allow_plain_capitalised: bool = True) -> bool:
    token = utterance.tokens[k]
    if token.kind != "word":
        return False
    if token.word not in PLAIN_WORDS and token.fold not in PLAIN_WORDS:
        return True
    if not allow_plain_capitalised or token.word in SUBJECT_PRONOUNS or token.word in CHATTER:
        return False
    sentence_start = k == 0 or utterance.tokens[k - 1].boundary
    return token.raw[:1].isupper() and not token.raw.isupper() and not sentence_start


def name_run(utterance: Utterance, start: int, stop: int, max_words: int = 6) -> tuple[int, int] | None:
    """The longest run of name-like tokens from `start` (a leading "the" skipped), or None."""
    tokens = utterance.tokens
    k = start
    while k < stop and tokens[k].word in LEADING_DETERMINERS and tokens[k].kind == "word":
        k += 1
    first = k
    last = None
    while k < stop and k - first < max_words:
        token = tokens[k]
        if is_name_like(utterance, k):
            last = k
        elif last is not None and (token.word in LEGAL_SUFFIXES or token.fold in LEGAL_SUFFIXES):
            last = k
        elif last is not None and (token.word in NAME_JOINERS or token.raw == "&") and k + 1 < stop \
                and is_name_like(utterance, k + 1):
            pass
        else:
            break
        k += 1
    return (first, last + 1) if last is not None else None


def guess_customer(utterance: Utterance, start: int, stop: int, anchors: frozenset[str]) -> tuple[int, int] | None:
    """The most company-like run of name-like tokens after an anchor word (or at the start of the clause)."""
    runs = [name_run(utterance, k + 1, stop) for k in range(start, stop) if utterance.tokens[k].word in anchors]
    found = [run for run in runs if run is not None]
    if not found:
        return name_run(utterance, start, stop)
    return max(found, key=lambda run: (_company_likeness(utterance, *run), -run[0]))


def _company_likeness(utterance: Utterance, i: int, j: int) -> int:
    """A legal suffix, several words and capitals make a company; a lone first name ("Tess") does not."""
    tokens = utterance.tokens[i:j]
    score = min(len(tokens), 3)
    score += 2 * any(t.fold in LEGAL_SUFFIXES for t in tokens[1:])
    score += any(t.raw[:1].isupper() for t in tokens)
    score -= 2 * (len(tokens) == 1 and tokens[0].fold in COMMON_FIRST_NAMES)
    return score


def person_word(token: Token) -> str | None:
    """ "me" for the speaker, a first name lower-cased, or None when the word is not a person."""
    if token.kind != "word":
        return None
    if token.word in ("me", "my", "mine", "myself", "i", "im", "ill"):
        return "me"
    if token.fold in COMMON_FIRST_NAMES:
        return token.fold
    if token.word in PLAIN_WORDS or token.fold in PLAIN_WORDS or len(token.fold) < 2:
        return None
    return token.fold
