"""What real Slack refuses in a message, modal or Home tab: the fake Slack answers these with Slack's errors.

Numbers from Slack's Block Kit reference (docs.slack.dev/reference/block-kit):
- blocks/section: text ≤ 3000; fields ≤ 10 items, each ≤ 2000; block_id ≤ 255 (every block).
- blocks/header: plain_text only, ≤ 150.
- blocks/context: elements ≤ 10.
- blocks/actions: elements ≤ 25.
- blocks/input: label and hint ≤ 2000 (plain_text).
- block-elements/button: text plain_text ≤ 75; value ≤ 2000; action_id ≤ 255; url ≤ 3000.
- block-elements/plain-text-input: max_length 1..3000, min_length 0..3000, placeholder ≤ 150.
- composition-objects/option: text ≤ 75, value ≤ 150, description ≤ 75; static_select options ≤ 100.
- surfaces: a message ≤ 50 blocks (else msg_blocks_too_long); a modal or Home tab ≤ 100 blocks;
  views/modal: title, submit, close plain_text ≤ 24; private_metadata ≤ 3000; callback_id ≤ 255.
- chat.postMessage/postEphemeral `text`: Slack truncates past 4,000 characters and refuses past 40,000
  (msg_too_long).
"""
from __future__ import annotations

from typing import Any

MESSAGE_BLOCKS, VIEW_BLOCKS, MESSAGE_TEXT = 50, 100, 40_000
TEXT_TYPES = frozenset({"plain_text", "mrkdwn"})


class Invalid(Exception):
    """Slack's `error` (e.g. invalid_blocks) and what was wrong."""

    def __init__(self, error: str, detail: str):
        super().__init__(f"{error}: {detail}")
        self.error, self.detail = error, detail


def check_message(args: dict[str, Any]) -> None:
    """chat.postMessage / chat.postEphemeral / chat.update / a response_url post."""
    blocks, text = args.get("blocks"), args.get("text")
    if text is not None and len(str(text)) > MESSAGE_TEXT:
        raise Invalid("msg_too_long", f"text has {len(str(text))} characters")
    if not blocks and not str(text or "").strip() and not args.get("attachments") and not args.get("delete_original"):
        raise Invalid("no_text", "neither text nor blocks")
    if blocks:
        if len(blocks) > MESSAGE_BLOCKS:
            raise Invalid("msg_blocks_too_long", f"{len(blocks)} blocks (at most {MESSAGE_BLOCKS})")
        _blocks(blocks)


def check_view(view: dict[str, Any]) -> None:
    """views.open / views.push / views.update (modal) and views.publish (home)."""
    blocks = view.get("blocks") or []
    if len(blocks) > VIEW_BLOCKS:
        raise Invalid("invalid_arguments", f"view has {len(blocks)} blocks (at most {VIEW_BLOCKS})")
    if view.get("type") == "modal":
        _text(view.get("title"), "title", 24, plain=True)
        for name in ("submit", "close"):
            if view.get(name) is not None:
                _text(view[name], name, 24, plain=True)
    _length(view.get("private_metadata"), "private_metadata", 3000)
    _length(view.get("callback_id"), "callback_id", 255)
    _blocks(blocks)


def _blocks(blocks: Any) -> None:
    if not isinstance(blocks, list):
        raise Invalid("invalid_blocks_format", "blocks is not an array")
    for i, block in enumerate(blocks):
        where = f"blocks[{i}]"
        _length(block.get("block_id"), f"{where}.block_id", 255)
        check = BLOCKS.get(block.get("type"))
        if check is None:
            raise Invalid("invalid_blocks", f"{where}: unknown type {block.get('type')!r}")
        check(block, where)


def _section(block: dict[str, Any], where: str) -> None:
    fields = block.get("fields")
    if block.get("text") is None and not fields:
        raise Invalid("invalid_blocks", f"{where}: a section needs text or fields")
    if block.get("text") is not None:
        _text(block["text"], f"{where}.text", 3000)
    if fields is not None:
        if len(fields) > 10:
            raise Invalid("invalid_blocks", f"{where}.fields: {len(fields)} items (at most 10)")
        for j, item in enumerate(fields):
            _text(item, f"{where}.fields[{j}]", 2000)
    if block.get("accessory"):
        _element(block["accessory"], f"{where}.accessory")


def _header(block: dict[str, Any], where: str) -> None:
    _text(block.get("text"), f"{where}.text", 150, plain=True)


def _context(block: dict[str, Any], where: str) -> None:
    elements = block.get("elements") or []
    if not elements or len(elements) > 10:
        raise Invalid("invalid_blocks", f"{where}.elements: {len(elements)} items (1 to 10)")
    for j, element in enumerate(elements):
        if element.get("type") in TEXT_TYPES:
            _text(element, f"{where}.elements[{j}]", 3000)


def _actions(block: dict[str, Any], where: str) -> None:
    elements = block.get("elements") or []
    if not elements or len(elements) > 25:
        raise Invalid("invalid_blocks", f"{where}.elements: {len(elements)} items (1 to 25)")
    for j, element in enumerate(elements):
        _element(element, f"{where}.elements[{j}]")


def _input(block: dict[str, Any], where: str) -> None:
    _text(block.get("label"), f"{where}.label", 2000, plain=True)
    if block.get("hint") is not None:
        _text(block["hint"], f"{where}.hint", 2000, plain=True)
    _element(block.get("element") or {}, f"{where}.element")


def _plain(block: dict[str, Any], where: str) -> None:
    pass


def _element(element: dict[str, Any], where: str) -> None:
    _length(element.get("action_id"), f"{where}.action_id", 255)
    kind = element.get("type")
    if kind == "button":
        _text(element.get("text"), f"{where}.text", 75, plain=True)
        _length(element.get("value"), f"{where}.value", 2000)
        _length(element.get("url"), f"{where}.url", 3000)
    elif kind == "plain_text_input":
        _bounded(element.get("max_length"), f"{where}.max_length", 1, 3000)
        _bounded(element.get("min_length"), f"{where}.min_length", 0, 3000)
    elif kind in ("static_select", "multi_static_select", "overflow", "radio_buttons", "checkboxes"):
        options = element.get("options") or []
        if len(options) > (5 if kind == "overflow" else 100):
            raise Invalid("invalid_blocks", f"{where}.options: {len(options)} items")
        for j, option in enumerate(options):
            _text(option.get("text"), f"{where}.options[{j}].text", 75)
            _length(option.get("value"), f"{where}.options[{j}].value", 150)
    if element.get("placeholder") is not None:
        _text(element["placeholder"], f"{where}.placeholder", 150, plain=True)


def _text(obj: Any, where: str, limit: int, *, plain: bool = False) -> None:
    if not isinstance(obj, dict) or obj.get("type") not in (("plain_text",) if plain else TEXT_TYPES):
        raise Invalid("invalid_blocks", f"{where}: must be a {'plain_text' if plain else 'text'} object")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        raise Invalid("invalid_blocks", f"{where}.text: must be more than 0 characters")
    _length(text, f"{where}.text", limit)


def _length(value: Any, where: str, limit: int) -> None:
    if value is not None and len(str(value)) > limit:
        raise Invalid("invalid_blocks", f"{where}: {len(str(value))} characters (at most {limit})")


def _bounded(value: Any, where: str, low: int, high: int) -> None:
    if value is not None and not low <= int(value) <= high:
        raise Invalid("invalid_blocks", f"{where}: {value} (must be {low} to {high})")


BLOCKS = {"section": _section, "header": _header, "context": _context, "actions": _actions, "input": _input,
          "divider": _plain, "image": _plain, "rich_text": _plain, "file": _plain, "video": _plain}
