"""Sliding-window rate limits for sends: in-process, or in Redis when several worker processes share them.

`try_acquire(rules)` takes one slot under every rule at once, or none and says how long to wait:
each rule is (key, limit, window seconds) and allows at most `limit` sends in any window of that
length. Windows are `GUARD_SECONDS` longer than a second so that network jitter between our clock
and the platform's never puts a 31st message into one of its seconds.
"""
from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from workers.senders import RateLimit

GUARD_SECONDS = 0.05
WINDOW_SECONDS = 1.0 + GUARD_SECONDS

Rule = tuple[str, int, float]


@dataclass(frozen=True)
class Verdict:
    wait: float = 0.0  # seconds; 0 means the slot is taken
    key: str | None = None  # the rule that said no

    @property
    def granted(self) -> bool:
        return self.wait <= 0


class Limiter(Protocol):
    def try_acquire(self, rules: Sequence[Rule]) -> Verdict: ...


def rules_for(limit: RateLimit, payload: dict[str, Any]) -> list[Rule]:
    rules: list[Rule] = [(limit.scope, limit.per_second, limit.window_seconds or WINDOW_SECONDS)]
    chat = payload.get(limit.chat_field)
    if limit.per_chat_per_second and chat is not None:
        rules.append((f"{limit.scope}:chat:{chat}", limit.per_chat_per_second, WINDOW_SECONDS))
    if limit.min_gap_seconds:
        rules.append((f"{limit.scope}:gap", 1, limit.min_gap_seconds))
    return rules + (rules_for(limit.within, payload) if limit.within is not None else [])


class InProcessLimiter:
    def __init__(self) -> None:
        self._sent: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def try_acquire(self, rules: Sequence[Rule]) -> Verdict:
        with self._lock:
            now = time.monotonic()
            worst = Verdict()
            for key, limit, window in rules:
                times = self._sent[key]
                while times and times[0] <= now - window:
                    times.popleft()
                if len(times) >= limit:
                    wait = times[len(times) - limit] + window - now
                    if wait > worst.wait:
                        worst = Verdict(wait, key)
            if not worst.granted:
                return worst
            for key, _limit, _window in rules:
                self._sent[key].append(now)
            return worst


# KEYS: one sorted set per rule; ARGV: limit and window (ms) per rule, then a unique member.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait, worst = 0, 0
for i = 1, #KEYS do
  local limit, window = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local n = redis.call('ZCARD', KEYS[i])
  if n >= limit then
    local oldest = redis.call('ZRANGE', KEYS[i], n - limit, n - limit, 'WITHSCORES')
    local w = tonumber(oldest[2]) + window - now + 1
    if w > wait then wait, worst = w, i end
  end
end
if wait > 0 then return {wait, worst} end
local member = ARGV[2 * #KEYS + 1]
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now, member)
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i]) + 1000)
end
return {0, 0}
"""


class RedisLimiter:
    """The same windows kept in Redis (its clock, one Lua script: atomic across worker processes)."""

    def __init__(self, client: Any, namespace: str = "crm:ratelimit") -> None:
        self._script = client.register_script(_ACQUIRE)
        self._namespace = namespace

    def try_acquire(self, rules: Sequence[Rule]) -> Verdict:
        keys = [f"{self._namespace}:{key}" for key, _limit, _window in rules]
        args: list[Any] = []
        for _key, limit, window in rules:
            args += [limit, int(window * 1000)]
        wait_ms, index = self._script(keys=keys, args=[*args, uuid.uuid4().hex])
        if not wait_ms:
            return Verdict()
        return Verdict(int(wait_ms) / 1000, rules[int(index) - 1][0])


_limiter: Limiter = InProcessLimiter()


def configure(limiter: Limiter) -> None:
    global _limiter
    _limiter = limiter


def current() -> Limiter:
    return _limiter
