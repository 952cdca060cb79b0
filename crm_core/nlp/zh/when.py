"""Chinese dates, times and periods: 今天 明天 后天 大后天, (下|这)周五, 周一, 月底, 3天后, 两周后, 12月3日/号,
下午3点, 2点半; periods 这个月 本周 下个月 本季度."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from crm_core.nlp.zh.numbers import NUMERAL, number

_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0, "2": 1, "3": 2, "4": 3,
            "5": 4, "6": 5, "7": 6}
_RELATIVE = {"今天": 0, "今日": 0, "今儿": 0, "今晚": 0, "明天": 1, "明日": 1, "明儿": 1, "明早": 1, "后天": 2,
             "大后天": 3}
_N = r"(?:\d+|" + NUMERAL + r")"
DATE = re.compile(
    r"(?P<rel>大后天|后天|明天|明日|明儿|明早|今天|今日|今儿|今晚)"
    r"|(?P<next>下下|下个?|这个?|本)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])"
    r"|(?P<eom>月底|月末)"
    r"|(?P<n>" + _N + r")\s*(?P<unit>天|周|个?星期|个?礼拜|个月)(?:以?后|之后)"
    r"|(?P<wk>一周|两周)(?:以?后|之后)"
    r"|(?:(?P<m>\d{1,2}|" + NUMERAL + r")月(?P<d>\d{1,2}|" + NUMERAL + r")(?:日|号)?)")
TIME = re.compile(r"(?P<part>上午|早上|早晨|早|中午|下午|晚上|傍晚|凌晨)?\s*(?P<h>\d{1,2}|" + NUMERAL + r")\s*(?:点|:|：)"
                  r"(?:(?P<half>半)|(?P<min>\d{1,2})分?|(?P<q>一刻))?")


@dataclass(frozen=True)
class When:
    day: date
    span: tuple[int, int]
    time: tuple[int, int] | None = None

    def iso(self) -> str:
        if self.time is None:
            return self.day.isoformat()
        return f"{self.day.isoformat()}T{self.time[0]:02d}:{self.time[1]:02d}"


def _day(m: re.Match, today: date) -> date | None:
    if m.group("rel"):
        return today + timedelta(days=_RELATIVE[m.group("rel")])
    if m.group("wd"):
        wd, which = _WEEKDAY[m.group("wd")], m.group("next") or ""
        monday = today - timedelta(days=today.weekday())
        if which.startswith("下下"):
            return monday + timedelta(days=14 + wd)
        if which.startswith("下"):
            return monday + timedelta(days=7 + wd)
        if which:
            return monday + timedelta(days=wd)
        return today + timedelta(days=(wd - today.weekday()) % 7 or 7)
    if m.group("eom"):
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if m.group("n"):
        count = int(number(m.group("n")) or 0)
        unit = m.group("unit")
        if unit == "个月":
            month = today.month - 1 + count
            year, month = today.year + month // 12, month % 12 + 1
            return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
        return today + timedelta(days=count * (1 if unit == "天" else 7))
    if m.group("wk"):
        return today + timedelta(days=7 if m.group("wk") == "一周" else 14)
    month, day = int(number(m.group("m")) or 0), int(number(m.group("d")) or 0)
    try:
        said = date(today.year, month, day)
    except ValueError:
        return None
    return said if said >= today else date(today.year + 1, month, day)


def _time(m: re.Match) -> tuple[int, int] | None:
    hour = int(number(m.group("h")) or -1)
    minute = 30 if m.group("half") else 15 if m.group("q") else int(m.group("min") or 0)
    part = m.group("part") or ""
    if part in ("下午", "晚上", "傍晚") and hour < 12:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return hour, minute


def find_times(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(hour, minute) and span of each time of day said."""
    found = []
    for m in TIME.finditer(text):
        said = _time(m)
        if said is not None:
            found.append((said, (m.start(), m.end())))
    return found


def find_when(text: str, now: datetime) -> list[When]:
    """Dates said, each with the time of day said right after it ("明天下午3点"); a time alone is today's."""
    today = now.date()
    days = [(d, (m.start(), m.end())) for m in DATE.finditer(text) if (d := _day(m, today)) is not None]
    times = find_times(text)
    found = []
    for day, (start, end) in days:
        after = [(t, span) for t, span in times if 0 <= span[0] - end <= 1]
        if after:
            found.append(When(day, (start, after[0][1][1]), after[0][0]))
        else:
            found.append(When(day, (start, end)))
    covered = [w.span for w in found]
    for said, span in times:
        if not any(a <= span[0] < b for a, b in covered):
            found.append(When(today, span, said))
    return sorted(found, key=lambda w: w.span)


def period(text: str, today: date) -> tuple[date, date, tuple[int, int]] | None:
    """The whole period said: 这个月/本月, 本周/这周, 下个月, 下周, 本季度/这个季度, 下季度, 今年."""
    m = re.search(r"这个月|本月|这月|本周|这周|这个星期|下个月|下月|下周|本季度?|这个?季度|下个?季度|今年|本年", text)
    if m is None:
        return None
    said = m.group()
    if "季" in said:
        quarter = (today.month - 1) // 3 + ("下" in said)
        year, quarter = today.year + quarter // 4, quarter % 4
        start = date(year, 3 * quarter + 1, 1)
        end_month = 3 * quarter + 3
        return start, date(year, end_month, calendar.monthrange(year, end_month)[1]), m.span()
    if "年" in said:
        return date(today.year, 1, 1), date(today.year, 12, 31), m.span()
    if "周" in said or "星期" in said:
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7 * ("下" in said))
        return monday, monday + timedelta(days=6), m.span()
    first = today.replace(day=1)
    if "下" in said:
        first = (first + timedelta(days=32)).replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1]), m.span()
