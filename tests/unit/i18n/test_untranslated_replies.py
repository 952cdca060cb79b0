"""Replies still written in English only: a string literal or f-string handed straight to a reply (a result's
message, text, title or hint, a refusal's message) instead of through the catalog. Only those spots are read, so
what is found is a reply (no SQL, log line or audit note); a reply built elsewhere and passed in is not seen.

The count may only go down: a new English-only reply fails here. `python -m pytest -q -s tests/unit/i18n/
test_untranslated_replies.py` prints every one left, by file and line."""
from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from crm_core import errors, results

ROOT = Path(__file__).resolve().parents[3]
FOLDERS = ("crm_core", "bots")
SAID = ("message", "hint", "text", "title", "empty", "question", "label")  # keywords whose value a reader sees
WORDS = re.compile(r"[A-Za-z]{2,}")
EMOJI = re.compile(r":[a-z_]+:")  # ":warning:" is a picture, not a word
NAMED_FIRST = {"Table"}  # Table(name, title, ...): its first argument names the CSV file, nobody reads it as a reply
MOST_LEFT = 0  # 7 when Telegram messages and Slack blocks were first read too (the support channel's buttons among them); 27 before backups, CSV and rate files and CLI options; 68 before the analytics refusals;
# 405 before issue 17 went through the catalog;
# 315 before permissions, checks, team admin, report notes, customers on Telegram, customers, deal moves, tickets,
# contacts, undo, where reminders go, corrections, digest subscriptions, outreach; 85 while Table's name (a CSV file
# name, never read as a reply) was counted


def reply_makers() -> set[str]:
    """Result classes and refusals (CrmError), by name: what their first argument or `message=` says is shown."""
    found = {name for name, cls in inspect.getmembers(results, inspect.isclass) if issubclass(cls, results.Result)}
    found |= {"Reply", "section", "context", "button", "header"}  # Telegram messages and Slack blocks: what users read
    return (found | _refusals() | _subclasses_of_refusals()) - {"ConfigError"}  # an operator's, not a chat reply


def _refusals() -> set[str]:
    return {name for name, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, errors.CrmError)}


def _subclasses_of_refusals() -> set[str]:
    """Refusals declared elsewhere (`class AmbiguousReminder(Ambiguous)`), found by their base's name."""
    bases, names = _refusals(), set()
    for path in _files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(getattr(b, "id", None) in bases for b in node.bases):
                names.add(node.name)
    return names


def _files() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py"))


def _english(node: ast.AST) -> bool:
    """A literal with words in it, or one concatenated or joined into the value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORDS.search(EMOJI.sub("", node.value)))
    if isinstance(node, ast.JoinedStr):
        return any(_english(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _english(node.left) or _english(node.right)
    if isinstance(node, ast.IfExp):
        return _english(node.body) or _english(node.orelse)
    return False


def untranslated() -> list[str]:
    makers = reply_makers()
    left = []
    for path in _files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in makers:
                continue
            said = ([] if name in NAMED_FIRST else node.args[:1]) + [k.value for k in node.keywords if k.arg in SAID]
            left += [f"{path.relative_to(ROOT)}:{value.lineno}: {ast.unparse(value)[:100]}"
                     for value in said if _english(value)]
    return left


def test_no_new_reply_is_english_only():
    left = untranslated()
    print("\n".join(left) + f"\n{len(left)} replies not through the catalog")
    assert len(left) <= MOST_LEFT, "a new reply bypasses the catalog: say it with _() and translate it"


def test_the_check_sees_a_reply_that_bypasses_the_catalog():
    tree = ast.parse('raise NotFound(f"There is no deal {n}.")\nraise NotFound(_("There is no deal {n}.").format(n=n))')
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "NotFound"]
    assert [_english(call.args[0]) for call in calls] == [True, False]
