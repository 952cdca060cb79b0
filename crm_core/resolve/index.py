"""The in-memory customer index: exact, alias, prefix, inner-word and typo matches, and names in sentences.

Pure: built from (id, name, name_norm, city) rows, no database. Scores are 0..100: a whole name 100
(suffix optional 92-98), an alias (no spaces, German ue/oe/ae) 90-94, a word prefix 82-90, inner words
72-80, a typo the same less a penalty, a fuzzy whole-name match at most 90% of its similarity.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from crm_core.errors import CustomerChoice
from crm_core.names import LEGAL_SUFFIXES, fold, normalize_name

SPOT_MIN_SCORE = 80.0  # a span inside a sentence must be at least this good
MAX_SPAN_WORDS = 6
RECENT_SPOTS = 16  # word lists whose spots are kept: those of the message being parsed, not a corpus
FULL_SCAN_LIMIT = 20_000  # above this many customers, typos are matched word by word only
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
_SPAN_STOPWORDS = frozenset("""
a an the and or of to in on at for with by from about as is are was were be it its they them their
this that these those me my i we our us you your he she his her him not no yes so but if then than
""".split())


@dataclass(frozen=True)
class Entry:
    id: int
    name: str
    norm: str
    city: str | None
    words: tuple[str, ...]

    def choice(self) -> CustomerChoice:
        return CustomerChoice(self.id, self.name, self.city)


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float
    how: str  # exact, alias, prefix, word, typo, fuzzy


@dataclass(frozen=True)
class Spot:
    """A span of words[start:end] that names a customer; candidates best first."""
    start: int
    end: int
    score: float
    candidates: tuple[Candidate, ...]


def _strip_suffixes(words: Sequence[str]) -> list[str]:
    kept = list(words)
    while len(kept) > 1 and kept[-1] in LEGAL_SUFFIXES:
        kept.pop()
    return kept


def _join_initials(words: list[str]) -> list[str]:
    """ "o brien" -> "obrien", "d angelo" -> "dangelo": a lone letter joined to the next word."""
    joined: list[str] = []
    k = 0
    while k < len(words):
        if len(words[k]) == 1 and words[k] not in ("a", "i") and k + 1 < len(words) and len(words[k + 1]) > 1:
            joined.append(words[k] + words[k + 1])
            k += 2
        else:
            joined.append(words[k])
            k += 1
    return joined


ONE_SLIP_PENALTY = 4.0  # "northwnd", "cyberdine", "harbour": one letter off a long name word is that word


def _one_slip(written: str | None, known: str | None) -> bool:
    """A long word one letter added, dropped, changed or swapped away from a name word: a slip of the keys or a
    spelling variant, far less doubtful than the loose matches the similarity penalty is made for. A letter more or
    less at either end is another word, not a slip: "orchards" is no typo of Orchard Lane."""
    if written is None or known is None or len(known) < 6 or OSA.distance(written, known) != 1:
        return False
    longer, shorter = (written, known) if len(written) > len(known) else (known, written)
    return len(longer) == len(shorter) or not (longer.startswith(shorter) or longer.endswith(shorter))


def leads_name(entry: Entry, words: Sequence[str]) -> bool:
    """Two or more whole words that begin the name ("wide world" of Wide World Importers): a short name reps say,
    even when each word is an everyday one."""
    return 2 <= len(words) < len(entry.words) and tuple(words) == entry.words[:len(words)]


def _compact(norm: str) -> str:
    return norm.replace(" and ", " ").replace(" ", "")


class CustomerIndex:
    """(id, name, name_norm, city) rows with dict lookups for exact, alias, prefix and word matches."""

    def __init__(self, rows: Iterable[tuple[int, str, str | None, str | None]]):
        self.entries: list[Entry] = []
        self.unnamed: list[Entry] = []  # names with no Latin letters (星辰咨询有限公司): found by crm_core/nlp/zh only
        self.by_norm: dict[str, list[int]] = {}
        self.by_alias: dict[str, list[int]] = {}
        self.by_first: dict[str, list[int]] = {}
        self.by_inner: dict[str, list[int]] = {}
        self._fold_cache: dict[int, str] = {}
        self._alias_first: set[str] = set()
        self._typo_cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._recent_spots: dict[tuple, list[Spot]] = {}
        for customer_id, name, norm, city in rows:
            self._add(Entry(customer_id, name, norm or normalize_name(name), city, ()))
        self.first_words = sorted(self.by_first)
        self.name_words = sorted(set(self.by_first) | set(self.by_inner))
        self._name_word_set = frozenset(self.name_words)
        self._short_words = [w for w in self.name_words if 2 <= len(w) <= 4]
        by_length = sorted(range(len(self.entries)), key=lambda i: len(self.entries[i].norm))
        self._norms_by_length = [self.entries[i].norm for i in by_length]
        self._entry_by_length = by_length
        self._lengths = [len(n) for n in self._norms_by_length]

    @classmethod
    def from_names(cls, names: Iterable[str | tuple[str, str | None]]) -> CustomerIndex:
        """An index of plain names (or (name, city) pairs), ids 1, 2, ... in order: for tests and tools."""
        rows = []
        for number, item in enumerate(names, start=1):
            name, city = (item, None) if isinstance(item, str) else item
            rows.append((number, name, normalize_name(name), city))
        return cls(rows)

    def _add(self, entry: Entry) -> None:
        words = tuple(entry.norm.split())
        if not words:
            self.unnamed.append(entry)
            return
        entry = Entry(entry.id, entry.name, entry.norm, entry.city, words)
        position = len(self.entries)
        self.entries.append(entry)
        self.by_norm.setdefault(entry.norm, []).append(position)
        aliases = {_compact(entry.norm)}
        if not entry.name.isascii():
            transliterated = normalize_name(entry.name.translate(_GERMAN))
            aliases.add(_compact(transliterated))
            self._alias_first.add(transliterated.split()[0] if transliterated else "")
        if _POSSESSIVE.search(entry.name):  # "zoë's kitchen" is read as the possessive "zoe" + "kitchen"
            without = normalize_name(_POSSESSIVE.sub("", entry.name))
            aliases.add(_compact(without))
            self._alias_first.add(without.split()[0] if without else "")
        for alias in aliases:
            self.by_alias.setdefault(alias, []).append(position)
        self.by_first.setdefault(words[0], []).append(position)
        for word in set(words[1:]):
            self.by_inner.setdefault(word, []).append(position)

    def __len__(self) -> int:
        return len(self.entries)

    def _frequency(self, word: str) -> int:
        return len(self.by_first.get(word, ())) + len(self.by_inner.get(word, ()))

    def is_name_word(self, word: str) -> bool:
        return word in self._name_word_set

    def _full_fold(self, position: int) -> str:
        cached = self._fold_cache.get(position)
        if cached is None:
            cached = self._fold_cache[position] = fold(self.entries[position].name)
        return cached

    # ---- candidates for a mention --------------------------------------------------------------
    def candidates(self, mention: str, limit: int = 8) -> list[Candidate]:
        """Every plausible customer for `mention`, best first (weak ones serve as "did you mean")."""
        words = fold(mention).split()
        scores = self._match_words(words, inner=True)
        for loose in (False, True):
            if not scores or max(s for s, _ in scores.values()) < (85 if not loose else 80):
                self._merge(scores, self._typo_matches(words, inner=True, loose=loose))
        if len(self.entries) <= FULL_SCAN_LIMIT and (not scores or max(s for s, _ in scores.values()) < 80):
            self._merge(scores, self._fuzzy_matches(" ".join(_strip_suffixes(words)), cutoff=50.0))
        if not scores:
            self._merge(scores, self._word_neighbours(words))
        return self._ranked(scores, limit)

    def _word_neighbours(self, words: Sequence[str]) -> dict[int, tuple[float, str]]:
        """Names that start with one of the words, or a word close to one: weak, "did you mean" only."""
        found: dict[int, tuple[float, str]] = {}
        for word in _strip_suffixes(words):
            for other, similarity in ((word, 100.0), *self.close_words(word, loose=True)):
                for position in self.by_first.get(other, ())[:20]:
                    self._merge(found, {position: (40.0 + similarity * 0.2, "near")})
        return found

    def _ranked(self, scores: dict[int, tuple[float, str]], limit: int) -> list[Candidate]:
        order = sorted(scores.items(), key=lambda item: (-item[1][0], self.entries[item[0]].name))
        return [Candidate(self.entries[p], round(s, 2), how) for p, (s, how) in order[:limit]]

    @staticmethod
    def _merge(into: dict[int, tuple[float, str]], more: dict[int, tuple[float, str]]) -> None:
        for position, (score, how) in more.items():
            if score > into.get(position, (0.0, ""))[0]:
                into[position] = (score, how)

    def _match_words(self, words: Sequence[str], inner: bool, partial: bool = True) -> dict[int, tuple[float, str]]:
        """Exact, alias, prefix and (if `inner`) inner-word matches for folded words.

        `partial` lets a lone word be the start of a name's first word ("nakat" -> Nakatomi Trading)."""
        found: dict[int, tuple[float, str]] = {}
        if not words:
            return found
        full = " ".join(words)
        stripped = _strip_suffixes(words)
        norm = " ".join(stripped)
        had_suffix = len(stripped) < len(words)

        def add(position: int, score: float, how: str) -> None:
            if score > found.get(position, (0.0, ""))[0]:
                found[position] = (score, how)

        for position in self.by_norm.get(norm, ()):
            if self._full_fold(position) == full:
                add(position, 100.0, "exact")
            else:
                add(position, 98.0 if had_suffix else 92.0, "exact")
        for position in self.by_alias.get(_compact(norm), ()):
            if self.entries[position].norm != norm:
                add(position, 94.0 if had_suffix else 90.0, "alias")
        if len(stripped) > 1:  # "acme lab" for Acme Labs, "wayne enterprise": the last word's plural or singular
            last = stripped[-1]
            other = last[:-1] if last.endswith("s") and len(last) > 3 else last + "s"
            for position in self.by_norm.get(" ".join([*stripped[:-1], other]), ()):
                add(position, 93.0, "alias")
        joined = _join_initials(stripped)
        if joined != stripped:
            for position, (score, how) in self._match_words(joined, inner, partial).items():
                add(position, score - 2.0, how)
        if partial or len(stripped) > 1 or stripped[0] in self.by_first:
            self._prefix_matches(stripped, add, partial)
        if inner and len(stripped) >= 1:
            self._inner_matches(stripped, add)
        return found

    def _prefix_matches(self, words: Sequence[str], add: Callable[[int, float, str], None],
                        partial: bool) -> None:
        first = words[0]
        if first in self.by_first:
            buckets = [self.by_first[first]]
        elif partial and len(words) == 1 and len(first) >= 4:
            start = bisect.bisect_left(self.first_words, first)
            stop = bisect.bisect_left(self.first_words, first + "\uffff")
            buckets = [self.by_first[w] for w in self.first_words[start:min(stop, start + 20)]]
        else:
            return
        count = len(words)
        for bucket in buckets:
            if len(bucket) > 5000:
                continue
            for position in bucket:
                name_words = self.entries[position].words
                if count > len(name_words) or (count == len(name_words) and name_words == tuple(words)):
                    continue
                if all(name_words[k].startswith(words[k]) for k in range(count)) \
                        and (partial or name_words[count - 1] == words[count - 1] or len(words[count - 1]) >= 3):
                    whole = sum(name_words[k] == words[k] for k in range(count)) == count
                    add(position, 82.0 + 6.0 * count / len(name_words) + (2.0 if whole else 0.0), "prefix")

    def _inner_matches(self, words: Sequence[str], add: Callable[[int, float, str], None]) -> None:
        buckets = [self.by_inner.get(w) for w in words]
        if not all(buckets):
            return
        smallest = min(buckets, key=len)  # type: ignore[arg-type]
        if len(smallest) > 2000:
            return
        count = len(words)
        for position in smallest:  # type: ignore[union-attr]
            name_words = self.entries[position].words
            for start in range(1, len(name_words) - count + 1):
                if tuple(name_words[start:start + count]) == tuple(words):
                    add(position, 72.0 + 4.0 * min(count, 2), "word")
                    break

    def close_words(self, word: str, loose: bool = False) -> tuple[tuple[str, float], ...]:
        """Name words within a typo of `word` (memoised), with a similarity in 0..100."""
        key = ("~" if loose else "") + word
        cached = self._typo_cache.get(key)
        if cached is not None:
            return cached
        result: list[tuple[str, float]] = []
        if loose and 2 <= len(word) < 4 and word not in self._name_word_set:
            near = process.extract(word, self._short_words, scorer=Levenshtein.distance, score_cutoff=1, limit=30)
            near.sort(key=lambda hit: (hit[1], -self._frequency(hit[0])))
            result += [(other, 72.0) for other, _, _ in near[:3]]
        elif len(word) >= 4 and word not in self._name_word_set and self.name_words:
            for other, ratio, _ in process.extract(word, self.name_words, scorer=fuzz.ratio,
                                                   score_cutoff=60 if loose else 70, limit=3):
                similarity = (ratio + 100.0 * JaroWinkler.normalized_similarity(word, other)) / 2
                if similarity >= (70 if loose else 82):
                    result.append((other, similarity))
        if len(self._typo_cache) > 50_000:
            self._typo_cache.clear()
        cached = self._typo_cache[key] = tuple(result)
        return cached

    def _typo_matches(self, words: Sequence[str], inner: bool, loose: bool = False) -> dict[int, tuple[float, str]]:
        """Matches after replacing unknown words by close name words, with a penalty."""
        found: dict[int, tuple[float, str]] = {}
        options: list[list[tuple[str, float]]] = []
        for word in words:
            choices = [(word, 100.0)]
            if word not in self._name_word_set and word not in LEGAL_SUFFIXES:
                choices += list(self.close_words(word, loose)[:2])
            options.append(choices)
        variants: list[tuple[list[str], float]] = [([], 100.0)]
        for choices in options:
            variants = [(done + [w], min(sim, s)) for done, sim in variants for w, s in choices][:16]
        typed = " ".join(words)
        for variant, similarity in variants:
            if similarity >= 100.0:
                continue
            phrase = fuzz.ratio(typed, " ".join(variant))
            similarity = phrase if loose else max(similarity, phrase)
            penalty = (100.0 - similarity) * 0.8 + 4.0
            for position, (score, _) in self._match_words(variant, inner).items():
                self._merge(found, {position: (score - penalty, "typo")})
        return found

    def _fuzzy_matches(self, norm: str, cutoff: float = 75.0, limit: int = 8) -> dict[int, tuple[float, str]]:
        if not norm or not self.entries:
            return {}
        low = bisect.bisect_left(self._lengths, int(len(norm) * 0.7))
        high = bisect.bisect_right(self._lengths, int(len(norm) * 1.4) + 2)
        found: dict[int, tuple[float, str]] = {}
        for _, ratio, offset in process.extract(norm, self._norms_by_length[low:high], scorer=fuzz.ratio,
                                                score_cutoff=cutoff, limit=limit):
            found[self._entry_by_length[low + offset]] = (ratio * 0.9, "fuzzy")
        return found

    # ---- names inside a sentence ------------------------------------------------------------
    def spot(self, words: Sequence[str | None], blocked: Sequence[bool] | None = None,
             min_score: float = SPOT_MIN_SCORE) -> list[Spot]:
        """Non-overlapping spans of `words` (folded; None = a boundary) that name customers, best first.

        A span made only of `blocked` words (the parser's own vocabulary) or stop words counts only when
        it is a whole name of two words or more."""
        key = (tuple(words), tuple(blocked) if blocked else None, min_score)
        found = self._recent_spots.get(key)  # one message is spotted more than once (its dialogue act, its clauses)
        if found is None:
            if len(self._recent_spots) >= RECENT_SPOTS:
                self._recent_spots.clear()
            found = self._recent_spots[key] = self._spot(words, blocked, min_score)
        return list(found)

    def _spot(self, words: Sequence[str | None], blocked: Sequence[bool] | None, min_score: float) -> list[Spot]:
        blocked = blocked or [False] * len(words)
        spans: list[Spot] = []
        corrected = list(words)
        typo_similarity: dict[int, float] = {}
        for i, word in enumerate(words):
            if word and not blocked[i] and not word.isdigit() and word not in _SPAN_STOPWORDS:
                close = self.close_words(word)
                if close:
                    corrected[i], typo_similarity[i] = close[0]
        for i in range(len(words)):
            if words[i] is None:
                continue
            if not (self._may_start_name(words[i]) or self._may_start_name(corrected[i])):
                if words[i] in self.by_alias:
                    self._spot_span(words, corrected, typo_similarity, blocked, i, i + 1, min_score, spans)
                continue
            for j in range(i + 1, min(len(words), i + MAX_SPAN_WORDS) + 1):
                if words[j - 1] is None:
                    break
                self._spot_span(words, corrected, typo_similarity, blocked, i, j, min_score, spans)
        spans.sort(key=lambda s: (-s.score, -(s.end - s.start), s.start))
        chosen: list[Spot] = []
        taken: set[int] = set()
        for span in spans:
            if taken.isdisjoint(range(span.start, span.end)):
                chosen.append(span)
                taken.update(range(span.start, span.end))
        return chosen

    def _may_start_name(self, word: str | None) -> bool:
        return word is not None and (word in self.by_first or word in self.by_inner or word in self._alias_first
                                     or len(word) == 1)

    def _spot_span(self, words: Sequence[str | None], corrected: Sequence[str | None],
                   typo_similarity: dict[int, float], blocked: Sequence[bool], i: int, j: int,
                   min_score: float, out: list[Spot]) -> None:
        span = [w for w in words[i:j] if w is not None]
        plain = all(blocked[k] or words[k] in _SPAN_STOPWORDS or words[k] in LEGAL_SUFFIXES
                    for k in range(i, j))
        if span[-1] in _SPAN_STOPWORDS and j - i > 1:
            return
        found = self._match_words(span, inner=j - i >= 2, partial=False)
        typos = [typo_similarity[k] for k in range(i, j) if k in typo_similarity]
        if typos:
            fixed = [w for w in corrected[i:j] if w is not None]
            slips = all(_one_slip(words[k], corrected[k]) for k in range(i, j) if k in typo_similarity)
            penalty = ONE_SLIP_PENALTY if slips else (100.0 - min(typos)) * 0.8 + 4.0
            for position, (score, _) in self._match_words(fixed, inner=j - i >= 2, partial=False).items():
                self._merge(found, {position: (score - penalty, "typo")})
        if not found:
            return
        ranked = self._ranked(found, 8)
        best = ranked[0]
        if best.score < min_score:
            return
        if plain and not (j - i >= 2 and (best.score >= 90.0 and best.how in ("exact", "alias")
                                          or leads_name(best.entry, span))):
            return
        if j - i == 1 and best.how == "prefix" and len(found) > 8:
            return  # one word that starts many names names none of them
        out.append(Spot(i, j, best.score, tuple(ranked)))
