"""Normal forms for matching names, emails and phone numbers."""
from __future__ import annotations

import re
import unicodedata

LEGAL_SUFFIXES = frozenset("""
inc incorporated corp corporation co company ltd limited llc llp lp plc gmbh ag kg ohg mbh sa sas sarl
srl spa bv nv ab as oy kk pty pte sdn bhd group holdings
""".split())

# Words that end a company's name by saying its trade ("Brightwater Farms", "Keystone Orchards"): after a known
# customer's name, even in lower case, they make a longer name that may be another company.
TRADE_NOUNS = frozenset("""
farm farms orchard orchards vineyard vineyards winery dairy ranch bakery bakeries brewery breweries brewing
roasters coffee foods food kitchen kitchens cafe restaurant restaurants catering grocers market markets
lab labs laboratories systems solutions technologies tech technology software analytics networks robotics
dynamics digital data cloud labs studio studios media films records publishing press design designs
partners associates advisors advisory consulting consultants capital ventures investments finance financial
bank insurance realty properties estates homes construction builders engineering electric energy solar power
motors automotive logistics freight shipping transport airlines aviation marine supply supplies trading
imports exports wholesale retail outlet stores store shop shops boutique apparel fashion textiles
pharma pharmaceuticals biotech health healthcare clinic clinics dental medical hospital labs
manufacturing industries industrial works foundry mills mill steel plastics chemicals packaging printing
hotels hotel resorts travel tours fitness gym academy school institute university
""".split())

_TRANSLITERATE = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th"})
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def fold(text: str) -> str:
    """Lower case, accents off, apostrophes dropped, other punctuation as spaces, `&` as `and`."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’`´]", "", text).replace("&", " and ")
    return _NOT_WORD.sub(" ", text).strip()


def normalize_name(name: str) -> str:
    """The key customers are matched on: folded, legal suffixes off ("Müller & Söhne GmbH" -> "muller and sohne")."""
    words = fold(name).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    if not words:  # no Latin letters (星辰咨询有限公司): the characters, legal form off, so two such names differ
        said = re.sub(r"\W+", "", unicodedata.normalize("NFKC", name).lower())
        return _CJK_LEGAL.sub("", said) or said
    return " ".join(words)


_CJK_LEGAL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|公司)$")


def normalize_email(email: str | None) -> str | None:
    """Trimmed and lower-cased, or None when empty; raises ValueError when it is not an address."""
    if email is None or not email.strip():
        return None
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise ValueError(f"{email!r} is not an email address")
    return email


def normalize_phone(phone: str | None) -> str | None:
    """Digits with an optional leading +, or None when empty; raises ValueError when too short."""
    if phone is None or not str(phone).strip():
        return None
    raw = str(phone).strip()
    digits = re.sub(r"\D", "", raw)
    if not 6 <= len(digits) <= 15:
        raise ValueError(f"{raw!r} is not a phone number")
    return ("+" if raw.startswith(("+", "00")) else "") + (digits[2:] if raw.startswith("00") else digits)
