"""Money said in chat: "12k", "$1.5m", "45,000", "half a mil", "€20k", "20k GBP", "₹5 lakh", "2 crore rupees".

Values are exact `Decimal`s ("1.15m" is 1150000, not 1149999.9999999998). The currency (ISO 4217) is set only
when the words state one: a sign, a code or a currency word; "lakh" and "crore" are Indian units, so INR.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from crm_core.nlp.text import Utterance
from crm_core.nlp.vocabulary import NUMBER_WORDS

_THOUSAND, _MILLION = Decimal(1000), Decimal(1_000_000)
SCALES = {"k": _THOUSAND, "thousand": _THOUSAND, "grand": _THOUSAND, "g": _THOUSAND, "m": _MILLION,
          "mm": _MILLION, "mn": _MILLION, "mil": _MILLION, "mill": _MILLION, "million": _MILLION,
          "millions": _MILLION, "b": Decimal(10**9), "bn": Decimal(10**9), "billion": Decimal(10**9)}
INDIAN_SCALES = {"lakh": Decimal(100_000), "lakhs": Decimal(100_000), "lac": Decimal(100_000),
                 "lacs": Decimal(100_000), "crore": Decimal(10**7), "crores": Decimal(10**7), "cr": Decimal(10**7)}
SCALES.update(INDIAN_SCALES)
CURRENCY_OF_SIGN = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
CURRENCY_OF_WORD = {
    "usd": "USD", "dollars": "USD", "dollar": "USD", "bucks": "USD", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "gbp": "GBP", "pounds": "GBP", "pound": "GBP", "quid": "GBP", "sterling": "GBP", "jpy": "JPY", "yen": "JPY",
    "inr": "INR", "rupees": "INR", "rupee": "INR", "rs": "INR", "chf": "CHF", "cad": "CAD", "aud": "AUD",
    "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "pln": "PLN",
    "czk": "CZK", "mxn": "MXN", "brl": "BRL", "zar": "ZAR", "sgd": "SGD", "hkd": "HKD", "nzd": "NZD",
}
# "US$5k", "C$ 20k": the word before a dollar sign names whose dollar
DOLLAR_OF_PREFIX = {"us": "USD", "c": "CAD", "ca": "CAD", "au": "AUD", "nz": "NZD", "hk": "HKD", "sg": "SGD",
                    "mx": "MXN"}
TOUCHING_DOLLAR_PREFIX = {"a": "AUD", "r": "BRL"}  # everyday letters: a prefix only written against the sign
CURRENCY_WORDS = frozenset(CURRENCY_OF_WORD)
CURRENCY_SIGNS = frozenset(CURRENCY_OF_SIGN)
MONEY_WORDS = CURRENCY_WORDS | frozenset(INDIAN_SCALES)  # words the spelling corrector must leave alone
# A number followed by one of these counts things, it is not money.
UNIT_WORDS = frozenset("""
units unit seats seat licenses license licences users user people employees staff days day weeks week months
month years year yr yrs hours hour minutes mins min percent pct times pcs pieces boxes items orders calls
emails tickets vendors sites stores locations offices reps customers accounts x
""".split())
_SPELLED = frozenset(NUMBER_WORDS) | frozenset(SCALES) | frozenset(("half", "quarter"))
_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)*)([a-z]*)$")
_WORD_AMOUNTS = re.compile(
    r"\b(?:(?P<half>half a|half) (?P<hscale>mil|mill|million|k|grand)"
    r"|(?:a )?quarter (?:of )?a? ?(?P<qscale>mil|mill|million)"
    r"|(?P<count>(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety) )?"
    r"(?:" + "|".join(w for w in NUMBER_WORDS if w not in ("couple", "few", "dozen", "zero")) + r"))"
    r"(?: hundred)? (?P<scale>k|grand|thousand|mil|mill|million|billion|lakh|lakhs|crore|crores))\b")


@dataclass(frozen=True)
class Amount:
    value: Decimal
    start: int  # token indices [start, end)
    end: int
    marked: bool  # a currency sign or word, or a scale: surely money
    currency: str | None = None  # ISO 4217, only when said

    @property
    def number(self) -> int | float:
        """The value as a slot holds it (JSON): an int when whole."""
        return int(self.value) if self.value == self.value.to_integral_value() else float(self.value)


def parse_number(text: str) -> Decimal | None:
    """ "45,000" -> 45000, "1.5" -> 1.5, "1,5" -> 1.5, "1.250.000" -> 1250000."""
    if "," in text and "." in text:
        text = text.replace(",", "") if text.index(",") < text.index(".") else text.replace(".", "").replace(",", ".")
    elif "," in text:
        parts = text.split(",")
        text = text.replace(",", "") if all(len(p) == 3 for p in parts[1:]) else text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def find_amounts(utterance: Utterance) -> list[Amount]:
    found = [a for k in range(len(utterance.tokens)) if (a := _amount_at(utterance, k)) is not None]
    written = _as_written(utterance)
    for match in _WORD_AMOUNTS.finditer(written.canon):
        value = _word_amount(match)
        if value:
            i, j = written.span(match)
            currency, j = _currency_after(utterance, j)
            found.append(Amount(value, i, j, True, currency or _implied(match.group("scale"))))
    return sorted(found, key=lambda a: a.start)


def _as_written(u: Utterance) -> Utterance:
    """The utterance with number words as written: a spelling corrector that knows no numbers read "twenty" as
    "went" ("twenty thousand pounds")."""
    if all(t.word == t.fold or t.fold not in _SPELLED for t in u.tokens):
        return u
    return Utterance(u.text, [replace(t, word=t.fold) if t.fold in _SPELLED else t for t in u.tokens])


def _amount_at(u: Utterance, k: int) -> Amount | None:
    """The amount whose number is token k, with its scale and currency around it, or None."""
    tokens = u.tokens
    token = tokens[k]
    match = _NUMBER.match(token.word) if token.kind == "num" else None
    if not match:
        return None
    number, suffix = parse_number(match.group(1)), match.group(2)
    if number is None or (suffix and suffix not in SCALES):
        return None  # "3rd", "500s", "3yr"
    end, scale_word = k + 1, suffix
    following = _word(u, k + 1)
    if following == "%" or (k > 0 and tokens[k - 1].word in ("top", "#", "ticket", "tickets", "number", "no")):
        return None
    if not suffix and following in SCALES and tokens[k + 1].kind == "word":
        scale_word, end = following, k + 2
    scale = SCALES.get(scale_word, Decimal(1))
    start, currency = _currency_before(u, k)
    after, end_after = _currency_after(u, end)
    if after and not currency:
        currency, end = after, end_after
    elif scale == 1 and not currency and _word(u, end) in UNIT_WORDS:
        return None
    currency = currency or _implied(scale_word)
    return Amount(number * scale, start, end, marked=currency is not None or scale != 1, currency=currency)


def _word(u: Utterance, k: int) -> str:
    """Token k's word; a money word as written even when a spelling corrector changed it ("crore" -> "score")."""
    if not 0 <= k < len(u.tokens):
        return ""
    token = u.tokens[k]
    written = token.raw.lower()
    return written if written in SCALES or written in CURRENCY_WORDS else token.word


def _currency_before(u: Utterance, k: int) -> tuple[int, str | None]:
    """ "$5k", "€ 20k", "US$5k", "eur 20,000", "rs 5 lakh": where the amount starts, and its currency."""
    before = u.tokens[k - 1] if k > 0 else None
    if before is None:
        return k, None
    if before.raw in CURRENCY_SIGNS:
        prefix = _dollar_prefix(u, k - 2) if before.raw == "$" and k > 1 else None
        return (k - 2, prefix) if prefix else (k - 1, CURRENCY_OF_SIGN[before.raw])
    if _word(u, k - 1) in CURRENCY_WORDS:
        return k, CURRENCY_OF_WORD[_word(u, k - 1)]
    return k, None


def _dollar_prefix(u: Utterance, k: int) -> str | None:
    """ "US$5k", "C$ 20k", "A$60k", "a$25k", "R$ 90k": whose dollar; a lone "a" or "r" only touching the sign ("a $60k
    deal" is a US dollar deal)."""
    token = u.tokens[k]
    if token.raw.lower() in TOUCHING_DOLLAR_PREFIX and token.end == u.tokens[k + 1].start:
        return TOUCHING_DOLLAR_PREFIX[token.raw.lower()]
    return DOLLAR_OF_PREFIX.get(_word(u, k))


def _currency_after(u: Utterance, end: int) -> tuple[str | None, int]:
    """ "20k GBP", "45,000 eur", "20k€", "80 grand in pounds": the currency right after an amount, and the amount's
    new end."""
    if end < len(u.tokens):
        token = u.tokens[end]
        if _word(u, end) in CURRENCY_WORDS:
            return CURRENCY_OF_WORD[_word(u, end)], end + 1
        if token.word == "in" and _word(u, end + 1) in CURRENCY_WORDS - {"rs"}:
            return CURRENCY_OF_WORD[_word(u, end + 1)], end + 2
        if token.raw in CURRENCY_SIGNS and (end + 1 == len(u.tokens) or u.tokens[end + 1].kind != "num"):
            return CURRENCY_OF_SIGN[token.raw], end + 1
    return None, end


def _implied(scale_word: str | None) -> str | None:
    return "INR" if scale_word in INDIAN_SCALES else None


def _word_amount(match: re.Match) -> Decimal | None:
    if match.group("half"):
        return SCALES[match.group("hscale")] / 2
    if match.group("qscale"):
        return SCALES[match.group("qscale")] / 4
    count = sum(NUMBER_WORDS.get(word, 0) for word in match.group("count").split())  # "twenty five": 25
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
