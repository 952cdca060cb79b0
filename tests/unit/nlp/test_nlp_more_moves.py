"""Several deals moved in one breath: "move Acme to proposal and Globex to negotiation" is two move_deal frames."""
import pytest

from crm_core import commands as c
from crm_core.nlp_commands import parse

from .conftest import NOW


def moves(result):
    return [(f.intent, f.slots.get("customer"), f.slots.get("stage")) for f in result.commands]


@pytest.mark.parametrize("text, expected", [
    ("move cyberdyne to proposal and oscorp to negotiation",
     [("Cyberdyne Systems", "proposal"), ("Oscorp Industries", "negotiation")]),
    ("Move Pied Piper to proposal, Virtucon to negotiation and Rekall Inc to won",
     [("Pied Piper", "proposal"), ("Virtucon", "negotiation"), ("Rekall Inc", "won")]),
    ("push fabrikam to negotiaton and contoso to qualified",  # a typo of the stage
     [("Fabrikam Inc", "negotiation"), ("Contoso Ltd", "qualified")]),
    ("move the cyberdyne deal to proposal and the oscorp deal to won",
     [("Cyberdyne Systems", "proposal"), ("Oscorp Industries", "won")]),
    ("mark virtucon as won and tailspin as lost", [("Virtucon", "won"), ("Tailspin Toys", "lost")]),
    ("move cyberdyne to proposal and zeta to won", [("Cyberdyne Systems", "proposal"), ("zeta", "won")]),
])
def test_each_deal_is_its_own_move(resolver, text, expected):
    result = parse(text, NOW, resolver)
    assert moves(result) == [("move_deal", customer, stage) for customer, stage in expected]
    assert all(isinstance(f.to_command(), c.MoveDeal) for f in result.commands)


@pytest.mark.parametrize("text", ["move cyberdyne to proposal and tell them to sign",
                                  "log a call with oscorp, they moved to a new office and want a demo"])
def test_one_move_stays_one_command(resolver, text):
    assert len(parse(text, NOW, resolver).commands) == 1, text
