"""Errors whose message is shown to the user as it is (DESIGN.md rule 7)."""
from __future__ import annotations

from dataclasses import dataclass


class CrmError(Exception):
    """A refusal the user can act on: `message` says what was wrong, `hint` what to do."""

    code = "invalid"

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class ConfigError(CrmError):
    code = "config"


class ValidationError(CrmError):
    code = "invalid"


class NotFound(CrmError):
    code = "not_found"


class PermissionDenied(CrmError):
    code = "forbidden"


class Conflict(CrmError):
    code = "conflict"


@dataclass(frozen=True)
class CustomerChoice:
    id: int
    name: str
    city: str | None = None


class CustomerNotFound(NotFound):
    code = "customer_not_found"

    def __init__(self, mention: str, nearest: tuple[CustomerChoice, ...] = ()):
        names = ", ".join(c.name for c in nearest)
        message = f"I don't know a customer called “{mention}”."
        if names:
            message += f" Did you mean {names}?"
        super().__init__(message, hint=f"To create it, say “add customer {mention}”.")
        self.mention = mention
        self.nearest = nearest


class AmbiguousCustomer(CrmError):
    code = "ambiguous_customer"

    def __init__(self, mention: str, candidates: tuple[CustomerChoice, ...]):
        names = ", ".join(c.name for c in candidates)
        super().__init__(f"“{mention}” could be {names}.", hint="Which one do you mean?")
        self.mention = mention
        self.candidates = candidates
