"""What the bot can do, as examples a rep can type: each command's own (crm_core/commands.py), in its order."""
from __future__ import annotations

from crm_core import i18n
from crm_core.commands import COMMANDS, Help
from crm_core.context import Context
from crm_core.results import HelpText

EXAMPLES = tuple(" / ".join(command.examples) for command in COMMANDS.values() if command.examples)
CHINESE_EXAMPLES = tuple(" / ".join(command.examples_zh) for command in COMMANDS.values() if command.examples_zh)


def examples() -> tuple[str, ...]:
    """The examples in the language the user is answered in."""
    return CHINESE_EXAMPLES if i18n.current() == i18n.CHINESE else EXAMPLES


def show_help(cmd: Help, ctx: Context) -> HelpText:
    return HelpText(examples=examples())
