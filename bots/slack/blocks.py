"""Results in Block Kit: the Slack twin of bots/console.py.

Buttons carry JSON values: {"k": conversation key, "u": the asker's Slack id, "v": the answer}. A question's
choice goes back through the dialogue as its `value`; Undo goes to the bus. Reports live in report_blocks.py.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bots import console
from bots.slack import digest_blocks
from bots.slack import outreach_blocks
from bots.slack import report_blocks as reports
from bots.slack.text import clip, escape
from crm_core import paging
from crm_core import i18n
from crm_core.i18n import _
from crm_core import results as r

Block = dict[str, Any]
MAX_BLOCKS = 50
TEXT_LIMIT = 3000
CHOICE_ACTION = "crm_choice_{}"
UNDO_ACTION = "crm_undo"
MORE_ACTION, CSV_ACTION, SHARE_ACTION = "crm_page_more", "crm_page_csv", "crm_share"
VALUE_LIMIT = 2000


@dataclass(frozen=True)
class Asker:
    """Whose message the results answer, and in which conversation: what the buttons send back."""
    key: str
    user: str

    def value(self, **more: Any) -> str:
        """What a button sends back; "l" is the language the answer was in (a press is answered in it too)."""
        spoken = {} if i18n.current() == i18n.ENGLISH else {"l": i18n.current()}
        return json.dumps({"k": self.key, "u": self.user, **spoken, **more}, separators=(",", ":"))


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, TEXT_LIMIT) or " "}}  # never empty


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, TEXT_LIMIT) or " "}]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    made: Block = {"type": "button", "text": {"type": "plain_text", "text": clip(label, 75) or "…", "emoji": True},
                   "action_id": action_id, "value": value[:2000]}
    if style:
        made["style"] = style
    return made


def actions(*elements: Block) -> Block:
    return {"type": "actions", "elements": list(elements[:25])}


def message(results: Sequence[r.Result], asker: Asker, *, share: bool = False,
            controls: bool = True) -> dict[str, Any]:
    """chat.postMessage / response_url arguments: `text` (notifications, fallback) and `blocks`. Long lists
    show their first page; `share`: a report only the asker sees offers to post it in the channel;
    `controls`: page and share buttons (not on a report already shared)."""
    blocks: list[Block] = []
    for result in results:
        if blocks:
            blocks.append({"type": "divider"})
        shown = paging.page(result)
        blocks += render(shown, asker)
        if controls:
            blocks += report_controls(shown, asker, share)
    if len(blocks) > MAX_BLOCKS:
        blocks = blocks[: MAX_BLOCKS - 1] + [context(_("… (more than fits in one message)"))]
    # `text` is mrkdwn too (notifications, screen readers): a name like `<!channel>` must not ping anyone
    text = clip(escape("\n".join(console.render(paging.page(result)) for result in results)), TEXT_LIMIT)
    return {"text": text or " ", "blocks": blocks}


def report_controls(result: r.Result, asker: Asker, share: bool) -> list[Block]:
    """Under a page: More and the whole list as CSV; under a report only its asker sees: Share in channel."""
    paged = result if isinstance(result, r.Paged) else None
    report = paged.result if paged else result
    query = getattr(report, "query", "")
    if not query or type(report) not in paging.REPORTS:
        return _rest_buttons(report, asker, share)
    offset = paged.offset if paged else 0
    buttons = []
    if paged and paging.has_more(paged):
        after = paged.offset + paging.shown(paged)
        buttons.append(_query_button(_("More"), MORE_ACTION, asker, query, o=after, n=paging.upto(paged, after), s=share))
    if paged:
        buttons.append(_query_button(_("Download CSV"), CSV_ACTION, asker, query, n=paging.whole(paged)))
    if share:
        buttons.append(_query_button(_("Share in channel"), SHARE_ACTION, asker, query, o=offset,
                                     n=paging.upto(paged, offset) if paged else 0))
    kept = [b for b in buttons if b is not None]
    return _rest_buttons(report, asker, share) + ([actions(*kept)] if kept else [])


def _rest_buttons(report: r.Result, asker: Asker, share: bool) -> list[Block]:
    """One More per list a card or digest cuts: it lists the rest (paging.rests), in place of the message."""
    return more_buttons([(rest.label(), rest.query, rest.offset) for rest in paging.rests(report)], asker, share)


def more_buttons(rests: Sequence[tuple[str, str, int]], asker: Asker, share: bool = False) -> list[Block]:
    """(label, the list's read-only command, the row its rest starts at) as More buttons, one actions block each."""
    made = [_query_button(label, MORE_ACTION, asker, query, o=offset, s=share) for label, query, offset in rests]
    return [actions(b) for b in made if b is not None]


def _query_button(label: str, action_id: str, asker: Asker, query: str, **state: Any) -> Block | None:
    """A button that runs the report's read-only command again; none when its state would not fit."""
    value = asker.value(q=query, **state)
    return button(label, action_id, value) if len(value) <= VALUE_LIMIT else None


def render(result: r.Result, asker: Asker) -> list[Block]:
    """The result's blocks; a long list shows one page and says which rows of how many."""
    result = paging.page(result)
    if isinstance(result, r.Paged):
        shown = reports.top_customers(result.result, result.offset + 1) \
            if isinstance(result.result, r.TopCustomers) else _render(result.result, asker)
        return shown + [context(paging.status(result))]
    return _render(result, asker)


def _render(result: r.Result, asker: Asker) -> list[Block]:
    renderer = RENDERERS.get(type(result)) or reports.RENDERERS.get(type(result))
    if isinstance(result, r.Question):
        blocks = _question(result, asker)
    elif renderer is not None:
        blocks = renderer(result)
    elif isinstance(result, r.Written):
        blocks = [section(f":white_check_mark: {escape(result.message)}")]
    else:
        blocks = [section(escape(str(getattr(result, "message", result))))]
    if result.undoable:
        offers = [button(o.label, CHOICE_ACTION.format(i), asker.value(v=o.value))
                  for i, o in enumerate(getattr(result, "offers", ()))]  # a next step, e.g. the move a note hints at
        blocks.append(actions(button(_("Undo"), UNDO_ACTION, asker.value()), *offers))
    return blocks


def _question(result: r.Question, asker: Asker) -> list[Block]:
    blocks = [section("\n".join(f"• {escape(line)}" for line in result.summary))] if result.summary else []
    blocks.append(section(f"*{escape(result.text)}*"))
    buttons = [button(choice.label, CHOICE_ACTION.format(i), asker.value(v=choice.value), _style(choice))
               for i, choice in enumerate(result.choices)]
    blocks += [actions(*buttons[start:start + 25]) for start in range(0, len(buttons), 25)]
    return blocks


def _style(choice: r.Choice) -> str | None:
    return {"yes": "primary", "no": "danger"}.get(choice.value)


def _rejected(result: r.Rejected) -> list[Block]:
    blocks = [section(f":warning: {escape(result.message)}")]
    if result.hint:
        blocks.append(context(escape(result.hint)))
    if result.options:
        blocks.append(section("\n".join(f"{i}. {escape(o.label)}" for i, o in enumerate(result.options, 1))))
    return blocks


def _examples(title: str, examples: Sequence[str]) -> list[Block]:
    return [section(title), section("\n".join(f"• _{escape(e)}_" for e in examples))] if examples else [section(title)]


def _help(result: r.HelpText) -> list[Block]:
    return _examples(_("Tell me what happened or what you need, in plain words. For example:"), result.examples)


def _not_understood(result: r.NotUnderstood) -> list[Block]:
    return _examples(f":thinking_face: {escape(result.message)}", result.examples)


def _undone(result: r.Undone) -> list[Block]:
    return [section(f":leftwards_arrow_with_hook: {escape(result.message)}")]


def _replied(result: r.TicketReplied) -> list[Block]:
    return [section(f":incoming_envelope: {escape(result.message)}")]


def _notice(result: r.Notice) -> list[Block]:
    return [section(escape(result.message))]


RENDERERS: dict[type, Callable[..., list[Block]]] = {
    r.Rejected: _rejected, r.HelpText: _help, r.NotUnderstood: _not_understood,
    r.Undone: _undone, r.TicketReplied: _replied, r.Notice: _notice,
    **outreach_blocks.RENDERERS,
    r.Digest: digest_blocks.render,
}

# The channel sees what was written there; everything else (questions, refusals, reports, reminders, digests)
# only the asker sees (ephemeral in channels). Invite links too: whoever opens one claims the account.
SHARED: tuple[type, ...] = (r.Written, r.Undone, r.TicketReplied)
PRIVATE: tuple[type, ...] = (r.RepInvited, r.CustomerInvited, r.NotifyViaSet)


def is_private(result: r.Result) -> bool:
    return isinstance(result, PRIVATE) or not isinstance(result, SHARED) or type(result).__module__ != r.__name__
