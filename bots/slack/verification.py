"""Bolt's request verification (v0 HMAC-SHA256 of `v0:{timestamp}:{body}`, 5-minute window), with the clock
injectable so that Slack's documented 2018 example can be checked at its own time."""
from __future__ import annotations

from slack_bolt.middleware.request_verification import RequestVerification
from slack_sdk.signature import Clock, SignatureVerifier


class FixedClock(Clock):
    def __init__(self, now: float):
        self._now = now

    def now(self) -> float:
        return self._now


class Verification(RequestVerification):
    """A bad, missing or stale signature gets 401 before anything else runs."""

    def __init__(self, signing_secret: str, clock: Clock | None = None):
        super().__init__(signing_secret)
        if clock is not None:
            self._verifier = SignatureVerifier(signing_secret=signing_secret, clock=clock)
