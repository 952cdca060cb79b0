"""What the bot can do, as examples a rep can type."""
from __future__ import annotations

from crm_core.commands import Help
from crm_core.context import Context
from crm_core.results import HelpText

EXAMPLES = (
    "log a call with Acme, they want a demo, follow up friday",
    "new deal for Initech, 12k, proposal stage",
    "move the Acme deal to negotiation",
    "open a ticket for Globex: invoices missing, urgent",
    "close ticket 42 / assign #17 to maria",
    "show top 5 customers",
    "what do we know about Hooli?",
    "add customer Pied Piper, email richard@piedpiper.com",
    "how's my pipeline looking",
    "open tickets for Acme",
    "who is at risk of churning?",
    "remind me tomorrow to send Acme the contract",
    "undo",
)


def show_help(cmd: Help, ctx: Context) -> HelpText:
    return HelpText(examples=EXAMPLES)
