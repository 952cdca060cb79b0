"""Customer resolution: a mention ("acme corp", "stark ind", "initek") becomes ranked candidates.

Tiers, best first: the whole name (legal suffix optional), an alias (no spaces, German ue/oe/ae),
a word prefix ("stark ind" -> Stark Industries), inner words ("pollos hermanos"), then typos
(close words, then rapidfuzz over the whole names). Candidates close to the best are told apart by
context (a city named in the sentence), then by the acting user's ownership, open deals and recent
activity. If that leaves several, the better tier wins when nobody can be asked ("acme" -> Acme
Corporation, whose whole name it is, over Acme Labs); with an acting user it is Ambiguous (the user
is asked). Nothing good enough -> Unknown with the nearest names.

`CustomerIndex` (resolve/index.py) is in memory and pure; `customer_index()` caches one per process for
the bound database and rebuilds it when the customers table changed.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from crm_core import clock
from crm_core.errors import AmbiguousCustomer, CustomerChoice, CustomerNotFound
from crm_core.names import fold
from crm_core.resolve.index import Candidate, CustomerIndex, Entry, Spot

__all__ = ["Ambiguous", "Candidate", "CustomerChoice", "CustomerIndex", "CustomerResolver", "Entry", "Resolution",
           "Resolved", "Signals", "Spot", "Unknown", "customer_index", "decide", "invalidate_index", "resolve",
           "resolve_customer"]

MIN_SCORE = 72.0  # below this a candidate is only a "nearest" suggestion
CLOSE_MARGIN = 6.0  # candidates this close to the best one are a tie
TIER_GAP = 3.0  # a lead this large is a better kind of match (whole name over a prefix), not noise
CONTEXT_BOOST = 10.0
RECENT_ACTIVITY = timedelta(days=30)
REFRESH_SECONDS = 1.0  # how often a cached index asks whether the table changed


@dataclass(frozen=True)
class Resolved:
    choice: CustomerChoice


@dataclass(frozen=True)
class Ambiguous:
    mention: str
    candidates: tuple[CustomerChoice, ...]


@dataclass(frozen=True)
class Unknown:
    mention: str
    nearest: tuple[CustomerChoice, ...] = ()


Resolution = Resolved | Ambiguous | Unknown


@dataclass(frozen=True)
class Signals:
    """What tells tied candidates apart for one user."""
    owned: bool = False
    open_deals: int = 0
    last_activity: datetime | None = None

    def key(self, now: datetime) -> tuple[bool, bool, bool]:
        recent = self.last_activity is not None and now - self.last_activity <= RECENT_ACTIVITY
        return self.owned, self.open_deals > 0, recent


SignalsFn = Callable[[Sequence[int]], dict[int, Signals]]


# ---- deciding ------------------------------------------------------------------------------------
def decide(mention: str, candidates: Sequence[Candidate], context: str = "", signals: SignalsFn | None = None,
           now: datetime | None = None, ask_when_unsure: bool = True) -> Resolution:
    """One winner, a tie (Ambiguous) or nothing good enough (Unknown) among scored candidates.

    Close candidates are told apart by the context, then by the signals (ownership, open deals, recent
    activity). When those don't decide, a better tier ("acme" is Acme Corporation's whole name but only
    the start of Acme Labs') wins unless `ask_when_unsure`: a user who can answer is asked instead."""
    good = [c for c in candidates if c.score >= MIN_SCORE]
    if not good:
        return Unknown(mention, tuple(c.entry.choice() for c in candidates[:3]))
    close = _close_group(good)
    if len(close) > 1 and context:
        close = _close_group(_with_context(close, context, mention))
    if len(close) == 1:
        return Resolved(close[0].entry.choice())
    if signals is not None:
        known = signals([c.entry.id for c in close])
        moment = now or clock.utcnow()

        def order(c: Candidate) -> tuple:
            s = known.get(c.entry.id, Signals())
            return (*s.key(moment), c.score, s.last_activity or datetime.min)

        close = sorted(close, key=order, reverse=True)
        first, second = (known.get(c.entry.id, Signals()).key(moment) for c in close[:2])
        if first > second:
            return Resolved(close[0].entry.choice())
    if not ask_when_unsure and close[0].score - close[1].score >= TIER_GAP:
        return Resolved(close[0].entry.choice())
    return Ambiguous(mention, tuple(c.entry.choice() for c in close[:5]))


def _close_group(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates tied with the best; a whole-name match (95+) ties only with another one."""
    ordered = sorted(candidates, key=lambda c: -c.score)
    margin = 1.5 if ordered[0].score >= 95.0 else CLOSE_MARGIN
    return [c for c in ordered if c.score >= ordered[0].score - margin]


def _with_context(candidates: Sequence[Candidate], context: str, mention: str) -> list[Candidate]:
    """A city named in the context boosts a candidate; "not the labs" pushes Acme Labs down."""
    words = fold(context).split()
    text = " " + " ".join(words) + " "
    mentioned = set(fold(mention).split())
    negated = {words[k + 1] for k in range(len(words) - 1) if words[k] in ("not", "but")} | \
              {words[k + 2] for k in range(len(words) - 2) if words[k] == "not" and words[k + 1] == "the"}
    adjusted = []
    for c in candidates:
        score = c.score
        if c.entry.city and f" {fold(c.entry.city)} " in text:
            score += CONTEXT_BOOST
        if negated & (set(c.entry.words) - mentioned):
            score -= CONTEXT_BOOST
        adjusted.append(Candidate(c.entry, score, c.how))
    return adjusted


# ---- the database-backed index -------------------------------------------------------------
@dataclass
class _Cached:
    db: object
    signature: tuple
    checked_at: float
    index: CustomerIndex = field(repr=False)


_cache: _Cached | None = None
_cache_lock = threading.Lock()


def _bound_database():
    return _database_proxy().obj


@lru_cache(maxsize=1)
def _database_proxy():
    """crm_core.db.database, imported once (an import statement costs a lock per call: this runs per lookup)."""
    from crm_core.db import database
    return database


def _query(db, sql: str, params: Sequence = ()) -> list[tuple]:
    if db.is_closed():
        with db.connection_context():
            return list(db.execute_sql(sql, params).fetchall())
    return list(db.execute_sql(sql, params).fetchall())


def _signature(db) -> tuple | None:
    """What changes when a customer is added, removed or renamed; None when there is no table yet."""
    if db.is_closed():
        with db.connection_context():
            return _signature(db)
    if not db.table_exists("customers"):
        return None
    # three subqueries, not one aggregate: each is answered from an index (SQLite counts the smallest index's pages,
    # MAX(updated_at) reads the end of customers_updated_at, migration 0029) instead of one scan of every customer
    count, max_id, max_updated = _query(db, "SELECT (SELECT COUNT(*) FROM customers), (SELECT MAX(id) FROM customers), "
                                            "(SELECT MAX(updated_at) FROM customers)")[0]
    return count, max_id, str(max_updated)


def customer_index(after_miss: bool = False) -> CustomerIndex:
    """The index of the bound database's customers: cached, rebuilt when the table has changed.

    The full signature (count, max id, max updated_at: a scan) is read at most once a second; after a
    miss, `after_miss` compares max(id) alone (instant), so a customer added elsewhere is found at once."""
    global _cache
    db = _bound_database()
    if db is None:
        return CustomerIndex(())
    with _cache_lock:
        cached = _cache if _cache is not None and _cache.db is db else None
        moment = time.monotonic()
        if cached is not None and moment - cached.checked_at < REFRESH_SECONDS:
            if not after_miss or not cached.signature or _max_id(db) == cached.signature[1]:
                return cached.index
        signature = _signature(db)
        if cached is not None and cached.signature == signature:
            cached.checked_at = moment
            return cached.index
        rows = [] if signature is None else _query(db, "SELECT id, name, name_norm, city FROM customers")
        _cache = _Cached(db, signature or (), moment, CustomerIndex(rows))
        return _cache.index


def _max_id(db) -> int | None:
    return _query(db, "SELECT MAX(id) FROM customers")[0][0]


def invalidate_index() -> None:
    """Forget the cached index (after this process renamed or added customers)."""
    global _cache
    with _cache_lock:
        _cache = None


def database_signals(actor_id: int | None) -> SignalsFn:
    """Ownership, open deals and last activity of some customers, read from the bound database."""
    def read(ids: Sequence[int]) -> dict[int, Signals]:
        db = _bound_database()
        if db is None or not ids:
            return {}
        marks = ", ".join("?" if "sqlite" in type(db).__name__.lower() else "%s" for _ in ids)
        owners = dict(_query(db, f"SELECT id, owner_id FROM customers WHERE id IN ({marks})", ids))
        deals = dict(_query(db, f"SELECT customer_id, COUNT(*) FROM deals WHERE customer_id IN ({marks}) "
                                f"AND stage NOT IN ('won', 'lost') GROUP BY customer_id", ids))
        activity = dict(_query(db, f"SELECT customer_id, MAX(occurred_at) FROM activities "
                                   f"WHERE customer_id IN ({marks}) GROUP BY customer_id", ids))
        return {i: Signals(owned=actor_id is not None and owners.get(i) == actor_id,
                           open_deals=int(deals.get(i) or 0), last_activity=_as_datetime(activity.get(i)))
                for i in ids}
    return read


def _as_datetime(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


# ---- the public API ---------------------------------------------------------------------------
class CustomerResolver:
    """Resolution and spotting against an index (fixed, or the bound database's when None).

    With an acting user a near tie that the signals don't break is Ambiguous (the user is asked); without
    one (a batch parse) the better tier wins. `ask_when_unsure` overrides that default."""

    def __init__(self, index: CustomerIndex | None = None, actor_id: int | None = None,
                 signals: SignalsFn | None = None, ask_when_unsure: bool | None = None):
        self._index = index
        self.actor_id = actor_id
        self.ask_when_unsure = actor_id is not None if ask_when_unsure is None else ask_when_unsure
        self._signals = signals if signals is not None or index is not None else database_signals(actor_id)

    @property
    def index(self) -> CustomerIndex:
        return self._index if self._index is not None else customer_index()

    def resolve(self, mention: str, context: str = "") -> Resolution:
        index = self.index
        resolution = self._resolve_in(index, mention, context)
        if isinstance(resolution, Unknown) and self._index is None:
            fresh = customer_index(after_miss=True)  # a miss may mean a customer added elsewhere
            if fresh is not index:
                resolution = self._resolve_in(fresh, mention, context)
        return resolution

    def _resolve_in(self, index: CustomerIndex, mention: str, context: str) -> Resolution:
        return decide(mention, index.candidates(mention), context, self._signals,
                      ask_when_unsure=self.ask_when_unsure)

    def resolve_spot(self, spot: Spot, mention: str, context: str = "") -> Resolution:
        return decide(mention, spot.candidates, context, self._signals, ask_when_unsure=self.ask_when_unsure)

    def spot(self, words: Sequence[str | None], blocked: Sequence[bool] | None = None) -> list[Spot]:
        return self.index.spot(words, blocked)

    def is_name_word(self, word: str) -> bool:
        """A word of a customer's name, or a close typo of one ("initec"): the parser keeps it as written."""
        return self.index.is_name_word(word) or any(similarity >= NAME_TYPO_SIMILARITY
                                                    for _, similarity in self.index.close_words(word))


NAME_TYPO_SIMILARITY = 90.0


def resolve(mention: str, actor_id: int | None = None, context: str = "") -> Resolution:
    """Resolve a mention against the bound database's customers."""
    return CustomerResolver(actor_id=actor_id).resolve(mention, context)


def resolve_customer(mention: str, actor_id: int | None = None, context: str = ""):
    """The Customer a mention names; raises CustomerNotFound or AmbiguousCustomer."""
    from crm_core.models import Customer
    resolution = resolve(mention, actor_id, context)
    if isinstance(resolution, Resolved):
        customer = Customer.get_or_none(Customer.id == resolution.choice.id)
        if customer is not None:
            return customer
        invalidate_index()
        resolution = resolve(mention, actor_id, context)
        if isinstance(resolution, Resolved):
            return Customer.get_by_id(resolution.choice.id)
    if isinstance(resolution, Ambiguous):
        raise AmbiguousCustomer(mention, resolution.candidates)
    raise CustomerNotFound(mention, resolution.nearest if isinstance(resolution, Unknown) else ())
