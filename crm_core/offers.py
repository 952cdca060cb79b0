"""Next steps offered after a write: a narrative that reports progress ("they signed off on pricing, legal
next") is logged, never moved; the reply offers the move it hints at as a button, which the user may press."""
from __future__ import annotations

import dataclasses
import re

from crm_core import commands as c
from crm_core.models import OPEN_STAGES, STAGES, Customer, Deal
from crm_core.results import ActivityLogged, Choice, Result

# what a note says -> the stage it hints at (the button says it; nothing moves unless pressed)
HINTS = (
    ("won", re.compile(r"\b(?:signed the (?:contract|order|deal)|contract (?:is )?signed|got the po|po (?:is )?in|"
                       r"purchase order (?:came in|received|arrived)|closed the deal)\b", re.I)),
    ("negotiation", re.compile(r"\b(?:legal|redlines?|redlining|contract review|procurement|negotiat\w*|"
                               r"signed off on (?:the )?(?:pricing|price|terms|budget)|pricing (?:is )?approved|"
                               r"terms? sheet)\b", re.I)),
    ("proposal", re.compile(r"\b(?:sent (?:them |over |out )?(?:the |a |our )?(?:proposal|quote|pricing)|"
                            r"(?:proposal|quote) (?:is )?(?:sent|out))\b", re.I)),
    ("qualified", re.compile(r"\b(?:has (?:the )?budget|budget (?:is )?confirmed|qualified)\b", re.I)),
)


def hinted_stage(summary: str) -> str | None:
    for stage, pattern in HINTS:
        if pattern.search(summary or ""):
            return stage
    return None


def with_offers(command: c.Command, result: Result) -> Result:
    """`result` with a move offered when a logged note hints at a stage ahead of the customer's open deal."""
    if not isinstance(command, c.LogActivity) or not isinstance(result, ActivityLogged) or not result.customer_id:
        return result
    stage = hinted_stage(command.summary)
    if stage is None:
        return result
    deals = list(Deal.select(Deal.stage).where((Deal.customer == result.customer_id) & Deal.stage.in_(OPEN_STAGES)))
    if not any(STAGES.index(d.stage) < STAGES.index(stage) for d in deals):
        return result
    name = Customer.get_by_id(result.customer_id).name
    offer = Choice(f"move {name} to {stage}", f"Move to {stage}")
    return dataclasses.replace(result, offers=(*result.offers, offer))
