"""Likely duplicate customers, with a score and its reasons, for `crm duplicates`.

Pairs are only compared within a block (the name but one word, email domain or phone), so a large book of
customers is not compared all against all. The score is how alike the normalised names are (0..1: word by word, a word used by many customers counting
less), plus 0.25
for the same company email domain and 0.35 for the same phone (1 at most); the same email scores 1.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from crm_core.models import Customer

FREE_MAIL = frozenset("""
gmail.com googlemail.com yahoo.com yahoo.co.uk hotmail.com hotmail.co.uk outlook.com live.com msn.com aol.com
icloud.com me.com mac.com proton.me protonmail.com gmx.com gmx.de gmx.net web.de mail.com yandex.ru mail.ru
qq.com 163.com zoho.com fastmail.com
""".split())
BLOCK_WORD_LIMIT = 100  # a name key shared by more customers than this ("acme" in a huge book) blocks nothing
DOMAIN_BONUS, PHONE_BONUS = 0.25, 0.35


@dataclass(frozen=True)
class DuplicatePair:
    score: float
    first: Customer  # the older one: the one to keep by default
    second: Customer
    reasons: tuple[str, ...]


def find_duplicates(min_score: float = 0.8, limit: int = 50, include_archived: bool = False) -> list[DuplicatePair]:
    query = Customer.select(Customer.id, Customer.name, Customer.name_norm, Customer.email, Customer.phone,
                            Customer.city, Customer.archived_at)
    if not include_archived:
        query = query.where(Customer.archived_at.is_null())
    customers = {c.id: c for c in query}
    weights = word_weights(c.name_norm for c in customers.values())
    pairs = (score_pair(customers[a], customers[b], weights) for a, b in candidate_pairs(customers.values()))
    found = sorted((p for p in pairs if p.score >= min_score), key=lambda p: (-p.score, p.first.id, p.second.id))
    return found[:limit]


def candidate_pairs(customers: Iterable[Customer]) -> set[tuple[int, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for customer in customers:
        for key in _block_keys(customer):
            blocks[key].append(customer.id)
    pairs: set[tuple[int, int]] = set()
    for key, ids in blocks.items():
        if key.startswith("w:") and len(ids) > BLOCK_WORD_LIMIT:
            continue
        pairs.update(combinations(sorted(ids), 2))
    return pairs


def _block_keys(customer: Customer) -> set[str]:
    """The name, and the name less any one of its words (a typo, a dropped word or another last word still meets
    the other spelling); a one-word name's first four letters; the email domain; the phone."""
    words = customer.name_norm.split()
    keys = {"w:" + " ".join(words[:k] + words[k + 1:]) for k in range(min(len(words), 6)) if len(words) > 1}
    keys |= {f"w:{customer.name_norm}"} | ({f"w:{customer.name_norm[:4]}"} if len(words) == 1 else set())
    domain = email_domain(customer.email)
    if domain:
        keys.add(f"d:{domain}")
    if customer.phone:
        keys.add(f"p:{customer.phone[-9:]}")
    return keys


def word_weights(names: Iterable[str]) -> Callable[[str], float]:
    """How much a name word says: log(N / customers using it) + 1, so "labs" in a book full of labs says little."""
    counts: Counter[str] = Counter()
    total = 0
    for name in names:
        counts.update(set(name.split()))
        total += 1
    return lambda word: math.log(max(total, 1) / max(counts[word], 1)) + 1.0


def names_alike(a: str, b: str, weight: Callable[[str], float]) -> float:
    """0..1: each word matched to the most alike word of the other name (typos and plurals forgiven), weighted
    by what the word says, averaged both ways; one-word names are compared whole, spaces ignored."""
    if " " not in a and " " not in b:
        return _word_alike(a, b)
    return (_covered(a.split(), b.split(), weight) + _covered(b.split(), a.split(), weight)) / 2


def _covered(words: list[str], other: list[str], weight: Callable[[str], float]) -> float:
    total = sum(weight(w) for w in words)
    return sum(weight(w) * max(_word_alike(w, o) for o in other) for w in words) / total if total else 0.0


def _word_alike(a: str, b: str) -> float:
    return max(DamerauLevenshtein.normalized_similarity(a, b), fuzz.ratio(a, b) / 100)


def score_pair(a: Customer, b: Customer, weight: Callable[[str], float] = lambda word: 1.0) -> DuplicatePair:
    first, second = (a, b) if a.id < b.id else (b, a)
    alike = max(names_alike(a.name_norm, b.name_norm, weight),
                fuzz.ratio(a.name_norm.replace(" ", ""), b.name_norm.replace(" ", "")) / 100 if
                " " in a.name_norm or " " in b.name_norm else 0.0)
    reasons = [f"names {alike:.0%} alike"]
    score = alike
    if a.email and a.email == b.email:
        score, reasons = 1.0, [*reasons, "same email"]
    elif email_domain(a.email) and email_domain(a.email) == email_domain(b.email):
        score += DOMAIN_BONUS
        reasons.append(f"same email domain {email_domain(a.email)}")
    if a.phone and a.phone[-9:] == (b.phone or "")[-9:]:
        score += PHONE_BONUS
        reasons.append("same phone")
    return DuplicatePair(round(min(score, 1.0), 2), first, second, tuple(reasons))


def email_domain(email: str | None) -> str | None:
    """The company part of an address; None for free mail (gmail.com says nothing about the company)."""
    if not email or "@" not in email:
        return None
    domain = email.rsplit("@", 1)[1].lower()
    return None if domain in FREE_MAIL else domain
