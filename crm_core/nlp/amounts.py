"""Money said in chat: "12k", "$1.5m", "45,000", "half a mil", "2.2M", "120k eur", "five grand"."""
from __future__ import annotations

import re
from dataclasses import dataclass

from crm_core.nlp.text import Utterance
from crm_core.nlp.vocabulary import NUMBER_WORDS

SCALES = {"k": 1e3, "thousand": 1e3, "grand": 1e3, "g": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mil": 1e6,
          "mill": 1e6, "million": 1e6, "millions": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
CURRENCY_WORDS = frozenset("usd eur euro euros gbp dollars dollar bucks quid pounds chf cad aud".split())
CURRENCY_SIGNS = frozenset("$€£")
# A number followed by one of these counts things, it is not money.
UNIT_WORDS = frozenset("""
units unit seats seat licenses license licences users user people employees staff days day weeks week months
month years year yr yrs hours hour minutes mins min percent pct times pcs pieces boxes items orders calls
emails tickets vendors sites stores locations offices reps customers accounts x
""".split())
_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)*)([a-z]*)$")
_WORD_AMOUNTS = re.compile(
    r"\b(?:(?P<half>half a|half) (?P<hscale>mil|mill|million|k|grand)"
    r"|(?:a )?quarter (?:of )?a? ?(?P<qscale>mil|mill|million)"
    r"|(?P<count>" + "|".join(w for w in NUMBER_WORDS if w not in ("couple", "few", "dozen", "zero")) + r")"
    r"(?: hundred)? (?P<scale>k|grand|thousand|mil|mill|million|billion))\b")


@dataclass(frozen=True)
class Amount:
    value: float
    start: int  # token indices [start, end)
    end: int
    marked: bool  # a currency sign or word, or a scale: surely money


def parse_number(text: str) -> float | None:
    """ "45,000" -> 45000, "1.5" -> 1.5, "1,5" -> 1.5, "1.250.000" -> 1250000."""
    if "," in text and "." in text:
        text = text.replace(",", "") if text.index(",") < text.index(".") else text.replace(".", "").replace(",", ".")
    elif "," in text:
        parts = text.split(",")
        text = text.replace(",", "") if all(len(p) == 3 for p in parts[1:]) else text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        return float(text)
    except ValueError:
        return None


def find_amounts(utterance: Utterance) -> list[Amount]:
    tokens = utterance.tokens
    found: list[Amount] = []
    for k, token in enumerate(tokens):
        if token.kind != "num":
            continue
        match = _NUMBER.match(token.word)
        if not match:
            continue
        number, suffix = parse_number(match.group(1)), match.group(2)
        if number is None or (suffix and suffix not in SCALES):
            continue  # "3rd", "500s", "3yr"
        end = k + 1
        scale = SCALES.get(suffix, 1.0)
        following = tokens[k + 1].word if k + 1 < len(tokens) else ""
        if following == "%" or (k > 0 and tokens[k - 1].word in ("top", "#", "ticket", "tickets", "number", "no")):
            continue
        if scale == 1.0 and following in SCALES and tokens[k + 1].kind == "word":
            scale, end = SCALES[following], k + 2
            following = tokens[end].word if end < len(tokens) else ""
        currency = k > 0 and (tokens[k - 1].raw in CURRENCY_SIGNS or tokens[k - 1].word in CURRENCY_WORDS)
        if following in CURRENCY_WORDS:
            currency, end = True, end + 1
        elif scale == 1.0 and not currency and following in UNIT_WORDS:
            continue
        start = k - 1 if currency and k > 0 and tokens[k - 1].raw in CURRENCY_SIGNS else k
        found.append(Amount(number * scale, start, end, marked=currency or scale != 1.0))
    for match in _WORD_AMOUNTS.finditer(utterance.canon):
        value = _word_amount(match)
        if value:
            i, j = utterance.span(match)
            found.append(Amount(value, i, j, marked=True))
    return sorted(found, key=lambda a: a.start)


def _word_amount(match: re.Match) -> float | None:
    if match.group("half"):
        return 0.5 * SCALES[match.group("hscale")]
    if match.group("qscale"):
        return 0.25 * SCALES[match.group("qscale")]
    count = NUMBER_WORDS.get(match.group("count"), 0)
    if " hundred " in match.group(0) or match.group(0).endswith(" hundred"):
        count *= 100
    return count * SCALES[match.group("scale")] if count else None


def best_amount(amounts: list[Amount], skip: set[int] = frozenset()) -> Amount | None:
    """The deal amount: the first surely-money one, else the first number of at least 100."""
    usable = [a for a in amounts if a.start not in skip]
    marked = [a for a in usable if a.marked]
    if marked:
        return marked[0]
    plain = [a for a in usable if a.value >= 100]
    return plain[0] if plain else None
