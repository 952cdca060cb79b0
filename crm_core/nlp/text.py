"""From raw chat text to tokens: Slack markup, emoji and control characters off, shorthand expanded.

Each token keeps where it was in the cleaned text, so a slot can be cut out as the user wrote it.
`Utterance.canon` is the canonical words joined by spaces (boundary punctuation kept as symbols),
for the grammar's regular expressions; `span()` maps a match back to tokens.
"""
from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from crm_core.names import fold
from crm_core.nlp.vocabulary import SHORTHAND

MAX_CHARS = 2000  # longer than any chat command: not parsed
_SLACK_LINK = re.compile(r"<(?:mailto:|tel:)?([^<>|]*)\|([^<>]*)>|<((?:https?|mailto|tel):[^<>]*)>")
_SLACK_MENTION = re.compile(r"<[@#!][^<>]*>")
_SHORTHAND_PHRASES = [
    (re.compile(r"\bw/o\b", re.I), "without"),
    (re.compile(r"\bw/(?=\s|[A-Za-z])", re.I), "with "),
    (re.compile(r"\bf/u\b", re.I), "follow up"),
    (re.compile(r"\bb/c\b", re.I), "because"),
    (re.compile(r"\bre:", re.I), "re "),
]
_EMOJI_WORDS = {"📞": " call ", "☎": " call ", "📧": " email ", "✉": " email ", "📨": " email ", "🤝": " meeting ",
                "📝": " note ", "🗒": " note "}
_MARKDOWN = re.compile(r"[*`~]+|(?<![\w])_+|_+(?![\w])|^\s*>+\s?", re.M)
_TOKEN = re.compile(r"""
  (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
| (?P<url>https?://\S+|www\.\S+)
| (?P<date>\b\d{4}-\d{1,2}-\d{1,2}\b)
| (?P<phone>\+\d[\d\s().-]{5,}\d|\(\d{2,4}\)\s?\d{3}[-.\s]\d{3,4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b|\b\d{3}-\d{4}\b)
| (?P<ticket>\#\s?\d+)
| (?P<num>\d+(?:[.,]\d+)*[^\W\d_]*)
| (?P<word>[^\W\d_][^\W_]*(?:['’`][^\W\d_]+)*)
| (?P<arrow>-+>|=>|→|⇒)
| (?P<punct>[^\w\s])
""", re.X)
_UNITS = {"d": "days", "day": "day", "days": "days", "w": "weeks", "wk": "week", "wks": "weeks", "week": "week",
          "weeks": "weeks", "mo": "month", "mos": "months", "month": "month", "months": "months"}
_NUM_UNIT = re.compile(r"^(\d{1,3})(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")$")
BOUNDARY_MARKS = frozenset(",;:.!?()[]{}|—–\"“”") | {"->"}
_NOT_POSSESSIVE = frozenset("what who how it that there here let where he she when why".split())
_VOCABULARY: frozenset[str] = frozenset()
_CANDIDATES: tuple[str, ...] = ()  # the same words in a fixed order: a tie between two is broken the same way every run
_CORRECTIONS: dict[str, str] = {}


@dataclass(slots=True)
class Token:
    raw: str  # as written
    kind: str  # word, num, date, phone, email, url, ticket, punct
    word: str  # canonical: folded, shorthand expanded, typos corrected
    fold: str  # folded as written (for names); "" for punctuation
    start: int
    end: int
    possessive: bool = False
    boundary: bool = False


@dataclass
class Utterance:
    text: str
    tokens: list[Token]
    canon: str = ""
    offsets: list[int] = field(default_factory=list)  # start of each token in canon

    def __post_init__(self) -> None:
        parts, position = [], 0
        for token in self.tokens:
            self.offsets.append(position)
            parts.append(token.word)
            position += len(token.word) + 1
        self.canon = " ".join(parts)

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.offsets, char) - 1)

    def span(self, match: re.Match, group: int | str = 0) -> tuple[int, int]:
        """Token indices [i, j) covered by a match (or one of its groups) on `canon`."""
        start, end = match.span(group)
        return self.token_at(start), self.token_at(max(start, end - 1)) + 1

    def search(self, pattern: re.Pattern, start_token: int = 0) -> re.Match | None:
        if not start_token:  # the grammar's usual call (tens of thousands a second): no offset to look up
            return pattern.search(self.canon)
        return pattern.search(self.canon, self.offsets[start_token] if start_token < len(self.offsets) else len(self.canon))

    def finditer(self, pattern: re.Pattern) -> Iterator[re.Match]:
        return pattern.finditer(self.canon)

    def raw(self, i: int, j: int) -> str:
        """The text as written from token i to token j (exclusive)."""
        if i >= j or i >= len(self.tokens):
            return ""
        return self.text[self.tokens[i].start:self.tokens[j - 1].end]

    def words(self, i: int = 0, j: int | None = None) -> list[str]:
        return [t.word for t in self.tokens[i:j]]


def clean(text: str) -> str:
    """Slack markup resolved, HTML entities unescaped, emoji and control characters dropped."""
    if "<" in text:
        text = _SLACK_MENTION.sub(" ", text)
        text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1) or m.group(3).split(":", 1)[-1], text)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        for emoji, word in _EMOJI_WORDS.items():
            if emoji in text:
                text = text.replace(emoji, word)
        text = unicodedata.normalize("NFC", text)
        text = "".join(ch if _keep(ch) else " " for ch in text)
    elif not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    if "*" in text or "_" in text or "`" in text or "~" in text or ">" in text:
        text = _MARKDOWN.sub(" ", text)
    if "/" in text or "re:" in text.lower():
        for pattern, replacement in _SHORTHAND_PHRASES:
            text = pattern.sub(replacement, text)
    return " ".join(text.split())


def _keep(ch: str) -> bool:
    if ch.isascii():
        return ch.isprintable()
    if ch in "\ufe0f\ufe0e\u200d\u20e3":  # emoji presentation selectors, joiner, keycap
        return False
    category = unicodedata.category(ch)
    return category[0] in "LNMZ" or category in ("Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sc", "Sm")


def set_vocabulary(words: frozenset[str]) -> None:
    """The words the grammar uses: typos of them (len >= 5) are corrected to them."""
    global _VOCABULARY, _CANDIDATES
    _VOCABULARY, _CANDIDATES = words, tuple(sorted(words))
    _CORRECTIONS.clear()


def correct(word: str, is_name_word: Callable[[str], bool] | None = None) -> str:
    """`word` or the grammar word it is a typo of ("negotation" -> "negotiation")."""
    if len(word) < 4 or word in _VOCABULARY or not word.isalpha():
        return word
    cached = _CORRECTIONS.get(word)
    if cached is None:
        if len(word) == 4:  # only a swap of two letters: "opne" -> "open"
            near = process.extract(word, _CANDIDATES, scorer=OSA.distance, score_cutoff=1, limit=20)
            swaps = [other for other, _, _ in near if sorted(other) == sorted(word)]
            cached = swaps[0] if swaps else word
        else:
            best = _closest_candidate(word)
            cached = best if best and not _extends(word, best) and not _tail_of(word, best) else word
        if len(_CORRECTIONS) > 20_000:
            _CORRECTIONS.clear()
        _CORRECTIONS[word] = cached
    if cached != word and is_name_word is not None and is_name_word(word):
        return word
    return cached


def _extends(word: str, known: str) -> bool:
    """ "onboarding", "wechat": another word built on a known one ("onboard", "chat"), not a typo of it; a single
    letter before it is a slip ("gmeet")."""
    return word.startswith(known) or word.endswith(known) and len(word) - len(known) >= 2


def _tail_of(word: str, known: str) -> bool:
    """ "vance" is a name, not "advance" with its first letters lost: a word that is the end of a known one, two
    letters or more short, is no typo of it."""
    return known.endswith(word) and len(known) - len(word) >= 2


def _typo_similarity(a: str, b: str, **_: object) -> float:
    return max(fuzz.ratio(a, b), 100.0 * OSA.normalized_similarity(a, b))


TYPO_CUTOFF = 80.0
_NEAR_CUTOFF = 0.75  # below TYPO_CUTOFF / 100 with room for rounding: no candidate that reaches it is missed


def _closest_candidate(word: str) -> str | None:
    """The first of _CANDIDATES with the highest _typo_similarity >= TYPO_CUTOFF (what extractOne with that Python
    scorer returns) at a tenth of its cost: the two scorers run natively to keep the few candidates near enough,
    and only those are scored in Python."""
    near = {k for _, _, k in process.extract(word, _CANDIDATES, scorer=fuzz.ratio, score_cutoff=_NEAR_CUTOFF * 100,
                                             limit=None)}
    near.update(k for _, _, k in process.extract(word, _CANDIDATES, scorer=OSA.normalized_similarity,
                                                 score_cutoff=_NEAR_CUTOFF, limit=None))
    best, best_score = None, TYPO_CUTOFF
    for k in sorted(near):
        score = _typo_similarity(word, _CANDIDATES[k])
        if score > best_score or best is None and score == best_score:
            best, best_score = _CANDIDATES[k], score
    return best


def tokenize(text: str, known: frozenset[str] = frozenset(),
             is_name_word: Callable[[str], bool] | None = None) -> Utterance:
    """Tokens of cleaned `text`; words not in `known` may be corrected to grammar words."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        raw = match.group()
        start, end = match.span()
        if kind == "word":
            tokens.append(_word_token(raw, start, end, known, is_name_word))
        elif kind == "num":
            unit = _NUM_UNIT.match(raw.lower())
            if unit:  # "2wks", "10d": a count and its unit
                cut = start + len(unit.group(1))
                tokens.append(Token(unit.group(1), "num", unit.group(1), unit.group(1), start, cut))
                word = _UNITS[unit.group(2)]
                tokens.append(Token(raw[len(unit.group(1)):], "word", word, word, cut, end))
            else:
                tokens.append(Token(raw, "num", raw.lower(), raw.lower(), start, end))
        elif kind in ("email", "url", "phone", "date"):
            tokens.append(Token(raw, kind, raw.lower() if kind != "phone" else "<phone>", "", start, end))
        elif kind == "ticket":
            tokens.append(Token(raw, "ticket", "#" + raw.lstrip("# "), "", start, end))
        elif kind == "arrow":
            tokens.append(Token(raw, "punct", "->", "", start, end, boundary=True))
        else:
            spaced = (start > 0 and text[start - 1] == " ") or (end < len(text) and text[end:end + 1] == " ")
            boundary = raw in BOUNDARY_MARKS or (raw in "-/" and spaced)
            if raw == "." and 0 < start and end < len(text) and text[end:end + 1] != " " and text[start - 1] != " ":
                boundary = False  # "Dr.Pepper", "a.m."
            if not boundary and raw in "-'’`./_":
                continue  # inside a word: "kwik-e-mart", "at-risk"
            word = "and" if raw == "&" else raw
            tokens.append(Token(raw, "punct", word, "and" if raw == "&" else "", start, end, boundary=boundary))
    return Utterance(text, tokens)


def _word_token(raw: str, start: int, end: int, known: frozenset[str],
                is_name_word: Callable[[str], bool] | None) -> Token:
    possessive, folded, word = _read_word(raw)
    if word not in known and not (possessive and raw[:1].isupper()):  # "Chloe's" is someone's, not a typo of "chose"
        word = correct(word, is_name_word)
    return Token(raw, "word", word, folded, start, end, possessive=possessive)


@lru_cache(maxsize=20_000)
def _read_word(raw: str) -> tuple[bool, str, str]:
    """Whether a word as written is a possessive, its folded form, and that with shorthand expanded."""
    possessive = False
    base = raw
    lowered = raw.lower()
    if len(raw) > 2 and lowered[-2:] in ("'s", "’s", "`s") and lowered[:-2] not in _NOT_POSSESSIVE:
        possessive, base = True, raw[:-2]
    folded = (base.lower().replace("'", "").replace("’", "").replace("`", "")
              if base.isascii() else fold(base).replace(" ", ""))
    return possessive, folded, SHORTHAND.get(folded, folded)
