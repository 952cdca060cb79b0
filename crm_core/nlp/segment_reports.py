"""The segment reports said in chat (issue 14 item 5): "segment sizes" (report `segments`: each segment now beside
a while ago), "how have segments moved this month" and "who moved from champions to at risk" (report
`segment_moves`, with `from_segment` / `to_segment` when said). crm_core/nlp/reports.py asks these with its
other reports; every one is a read."""
from __future__ import annotations

import re
from typing import Any

from crm_core.nlp import cues
from crm_core.nlp import slots as found_slots

_SEGMENT = r"(?:segments?|segmentation|rfm)"
KNOWN = frozenset(("counts", "segmentation", "resegment", "rescore"))  # "segment counts" is not "segment accounts"
REPORTS: tuple[tuple[str, re.Pattern], ...] = tuple((name, re.compile(rx)) for name, rx in (
    ("segment_moves", rf"\b{_SEGMENT} (?:moves?|movements?|shifts?|changes|flows?|migrations?|transitions?)\b|"
                      rf"\bhow (?:have|did|has|do) (?:the |our |my |customer )?{_SEGMENT} (?:move|change|shift)(?:d|ed)?\b|"
                      r"\bwho (?:moved|went|dropped|slipped|fell|shifted|changed) (?:from|out of|to|into)\b|"
                      r"\b(?:customers|clients|accounts) (?:who|that) (?:moved|went|dropped|slipped|fell) "
                      r"(?:from|out of|to|into)\b|\bmoved between segments\b|\bsegment to segment\b"),
    ("segments", rf"\b{_SEGMENT} (?:sizes?|counts?|breakdown|report|overview|distribution|summary|stats|mix)\b|"
                 rf"\bsizes? of (?:each|the|our|all) (?:the )?{_SEGMENT}\b|\bhow (?:big|large) (?:are|is) "
                 rf"(?:the |our |each )?{_SEGMENT}\b|\bhow many (?:customers |clients |accounts )?(?:are )?"
                 rf"(?:in|per) (?:each|every) segment\b|\b(?:customers|clients|accounts) (?:per|by) segment\b|"
                 rf"\bsize of each segment\b"),
))
_FROM_WORDS = frozenset(("from", "of", "left", "leaving"))  # "out of champions", "who left champions"
_TO_WORDS = frozenset(("to", "into", "became", "now"))


def moved(c, report: str) -> dict[str, Any]:
    """from_segment / to_segment of "who moved from champions to at risk" (segment_moves only)."""
    if report != "segment_moves":
        return {}
    found = found_slots.values(c.u, cues.SEGMENT_RX, cues.SEGMENT_OF)
    out: dict[str, Any] = {}
    for segment in found:
        before = c.u.tokens[segment.start - 1].word if segment.start > 0 else ""
        if before == "the" and segment.start > 1:
            before = c.u.tokens[segment.start - 2].word
        slot = "from_segment" if before in _FROM_WORDS else "to_segment" if before in _TO_WORDS else None
        if slot is not None:
            out.setdefault(slot, segment.value)
    return out
