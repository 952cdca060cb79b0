"""What the bot does with an understood command: act, confirm, ask or answer.

    act      a confident forward write; it runs at once and the reply offers Undo
    confirm  the writes reps regret (won, lost, backward moves, reopening, closing a ticket, deletions, merges,
             outreach, role changes), anything below the confidence bar, and the rules and the model disagreeing
    ask      a slot the command needs is missing
    answer   a read: nothing is written

The dialogue asks for a missing slot first and confirms after, so `needs_confirmation` is what it calls for a
command that already has its slots.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from crm_core import commands as c
from crm_core.i18n import _

Action = Literal["act", "confirm", "ask", "answer"]
CONFIDENCE_BAR = 0.6  # below it the parser's guess is shown and confirmed before anything is written
REGRETTED_STAGES = frozenset(("won", "lost"))
ALWAYS_CONFIRMED = (c.SetRole, c.SendOutreach, c.DeactivateUser, c.ReassignWork)  # an outreach can't be undone once it has gone out
StagesOf = Callable[[c.MoveDeal], list[str]]  # the current stages of the deals a move may mean


def decide(cmd: c.Command, confidence: float = 1.0, *, missing: bool = False, disagreement: bool = False,
           stages_of: StagesOf | None = None) -> Action:
    """The one place that says what happens to `cmd` (`missing`: a required slot is not filled)."""
    if not cmd.writes:
        return "answer"
    if missing:
        return "ask"
    if confidence < CONFIDENCE_BAR or disagreement or needs_confirmation(cmd, stages_of):
        return "confirm"
    return "act"


def needs_confirmation(cmd: c.Command, stages_of: StagesOf | None = None) -> bool:
    """A write that is confirmed however sure the parser is (`stages_of` defaults to the database's deals)."""
    if isinstance(cmd, ALWAYS_CONFIRMED):
        return True
    if isinstance(cmd, c.UpdateTicket):  # closed, or given to another customer (replies would reach them)
        return cmd.status == "closed" or cmd.customer is not None or cmd.customer_id is not None
    if isinstance(cmd, c.MoveDeal):
        if cmd.reopen or cmd.stage in REGRETTED_STAGES:
            return True
        return cmd.stage is not None and is_backward(cmd.stage, (stages_of or current_stages)(cmd))
    return type(cmd).__name__.startswith(("Delete", "Merge"))


def is_backward(stage: str, current: list[str]) -> bool:
    """Moving to `stage` goes back from any of the deals it may mean (a closed deal counts as past the end)."""
    from crm_core.models import OPEN_STAGES  # here, not at the top: `crm parse` answers without the models
    if stage not in OPEN_STAGES:
        return False
    target = OPEN_STAGES.index(stage)
    return any(OPEN_STAGES.index(s) > target if s in OPEN_STAGES else True for s in current)


def current_stages(cmd: c.MoveDeal) -> list[str]:
    """The stages of the deals `cmd` may move: its deal, or the customer's open deals (none known: [])."""
    from crm_core.db import database
    from crm_core.models import OPEN_STAGES, Deal
    if database.obj is None or (cmd.deal_id is None and cmd.customer_id is None):
        return []
    with database.connection_context():
        if cmd.deal_id is not None:
            return [d.stage for d in Deal.select(Deal.stage).where(Deal.id == cmd.deal_id)]
        return [d.stage for d in Deal.select(Deal.stage)
                .where((Deal.customer == cmd.customer_id) & Deal.stage.in_(OPEN_STAGES))]


# -- a customer the resolver does not know ------------------------------------------------------------
CreateOrNot = Literal["create", "offer", "refuse"]


def unknown_customer(cmd: c.Command) -> CreateOrNot:
    """What to do when `cmd` names a customer nobody knows: only "add customer X" creates one; a log, a deal
    or a ticket for an unknown name offers "New customer 'X'? [Add] [Cancel]"; anything else is refused."""
    if isinstance(cmd, c.AddCustomer):
        return "create"
    if isinstance(cmd, (c.LogActivity, c.CreateDeal, c.OpenTicket, c.Remind)):
        return "offer"
    return "refuse"


def new_customer_question(mention: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The question and its (value, label) buttons for an unknown customer (the dialogue wires it)."""
    return _("New customer “{name}”?").format(name=mention), (("add", _("Add")), ("cancel", _("Cancel")))
