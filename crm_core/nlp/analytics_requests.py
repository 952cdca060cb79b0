"""Analytics on demand said in chat (issue 15 item 9): "rescore now", "update the scores", "重新评分" run the scoring
job, "resegment", "recompute segments", "重新分群" the segmentation (run_analytics: `job` score or segment).

Only a whole, short message is read this way: "they asked us to rescore their supplier list" is no command, and
"segment sizes" is a report (crm_core/nlp/segment_reports.py)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crm_core.nlp.evidence import Evidence, Reading

_ASK = r"^(?:(?:please|pls|plz|can you|could you|would you|hey|ok|okay|go ahead and|lets|let's|kindly|bot) )*"
_WHEN = r"(?: (?:now|right now|please|pls|again|for me|today|tonight|asap|immediately|straight away))*$"
_WHO = r"(?: (?:all |every |the |our |my )*(?:customers?|accounts?|clients?|everyone|everybody|base))?"
_REDO = r"(?:update|recompute|re-?calculate|recalc|refresh|re-?run|redo|run|rebuild|regenerate|kick off|trigger|start)"
_THE = r"(?:(?:the|all|our|customer|customers|churn|clv|rfm|a|new|fresh) )*"
_ENGLISH = (
    ("score", re.compile(_ASK + r"(?:" + _REDO + r" (?:a |an |the )?)?(?:re-?score|score (?:everyone|all customers|"
                         r"the customers) again)" + _WHO + _WHEN)),
    ("score", re.compile(_ASK + _REDO + r" " + _THE + r"(?:scores?|scoring|lifetime values?|churn risks?)"
                         + _WHO + _WHEN)),
    ("segment", re.compile(_ASK + r"(?:" + _REDO + r" (?:a |an |the )?)?re-?segment(?:ation)?" + _WHO + _WHEN)),
    ("segment", re.compile(_ASK + _REDO + r" " + _THE + r"(?:segments?|segmentation|rfm)" + _WHO + _WHEN)),
)
_CHINESE = (
    ("score", re.compile(r"^(?:请|帮我|麻烦)?(?:现在)?(?:重新|再)(?:评分|打分|计算评分|算一下评分|算评分)|"
                         r"^(?:请|帮我|麻烦)?(?:现在)?(?:更新|刷新)(?:一下)?(?:客户)?(?:评分|分数)")),
    ("segment", re.compile(r"^(?:请|帮我|麻烦)?(?:现在)?(?:重新|再)(?:分群|分组|细分|计算分群|划分客户群)|"
                           r"^(?:请|帮我|麻烦)?(?:现在)?(?:更新|刷新)(?:一下)?(?:客户)?(?:分群|分组|细分)")),
)
_CHINESE_END = re.compile(r"(?:一下|吧|吗|现在|马上|立刻|请|所有|全部|客户)*$")
_TRAILING = re.compile(r"[\s.!?。！？]+$")
_JOB_WORDS = {"score": re.compile(r"score|scoring|lifetime value|churn|评分|打分|分数", re.IGNORECASE),
              "segment": re.compile(r"segment|rfm|分群|分组|细分", re.IGNORECASE)}


def analytics_asked(text: object) -> tuple[str, dict[str, Any], tuple[int, int]] | None:
    """("run_analytics", {"job": "score" or "segment"}, where the words that named the job are), or None."""
    if not isinstance(text, str) or len(text) > 60:
        return None
    job = _job(_TRAILING.sub("", " ".join(text.lower().replace("’", "'").split())))
    words = _JOB_WORDS[job].search(text) if job else None
    if job is None or words is None:
        return None
    return "run_analytics", {"job": job}, words.span()


def _job(said: str) -> str | None:
    for job, pattern in _ENGLISH:
        if pattern.match(said):
            return job
    compact = said.replace(" ", "")
    for job, pattern in _CHINESE:
        found = pattern.match(compact)
        if found and _CHINESE_END.fullmatch(compact[found.end():]):
            return job
    return None


def _said_job(r: Reading, value: Any, slots: dict) -> Evidence | None:
    return r.match(_JOB_WORDS[value], on_canon=False) if value in _JOB_WORDS else None


FINDERS = {"job": _said_job}  # evidence of run_analytics' slot (crm_core/nlp/evidence.py)
