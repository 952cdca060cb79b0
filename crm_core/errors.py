"""Errors whose message is shown to the user as it is (DESIGN.md rule 7)."""
from __future__ import annotations

from dataclasses import dataclass

from crm_core.i18n import _


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


@dataclass(frozen=True)
class Option:
    """One answer to an ambiguity: re-issue the command with `slot` set to `id`."""
    id: int
    label: str


class Ambiguous(CrmError):
    code = "ambiguous"
    slot = ""

    def __init__(self, message: str, options: tuple[Option, ...], hint: str = "Which one do you mean?"):
        super().__init__(message, hint=hint)
        self.options = options


class CustomerNotFound(NotFound):
    code = "customer_not_found"

    def __init__(self, mention: str, nearest: tuple[CustomerChoice, ...] = ()):
        names = ", ".join(c.name for c in nearest)
        message = _("I don't know a customer called “{mention}”.").format(mention=mention)
        if names:
            message += " " + _("Did you mean {names}?").format(names=names)
        super().__init__(message, hint=_("To create it, say “add customer {mention}”.").format(mention=mention))
        self.mention = mention
        self.nearest = nearest


class AmbiguousCustomer(Ambiguous):
    code = "ambiguous_customer"
    slot = "customer_id"

    def __init__(self, mention: str, candidates: tuple[CustomerChoice, ...]):
        names = ", ".join(c.name for c in candidates)
        options = tuple(Option(c.id, f"{c.name} ({c.city})" if c.city else c.name) for c in candidates)
        super().__init__(_("“{mention}” could be {names}.").format(mention=mention, names=names), options)
        self.mention = mention
        self.candidates = candidates


class AmbiguousDeal(Ambiguous):
    code = "ambiguous_deal"
    slot = "deal_id"
