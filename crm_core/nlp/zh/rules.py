"""Chinese and mixed messages -> the intent and slots the English parser gives (tests/data/corpus/LABELS.md).

Read on characters: the customers are found first (names.py) and masked, so a name's characters never read as a
keyword; then the first rule whose cue words are there names the intent, and its slots are cut from the words,
each with the span it came from (a write needs evidence). A question never writes: a message asking (吗, 呢, ？,
怎么样, 多少, 什么 ...) about a customer is a read."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from crm_core.nlp.mentions import CustomerRef, Resolver
from crm_core.nlp.zh.names import Mention, find_customers, person_names
from crm_core.nlp.zh.numbers import NUMERAL, Amount, find_amounts, number
from crm_core.nlp.zh.when import When, find_times, find_when, period

MASK = "Ⓒ"
_WIDE = str.maketrans("，：？！（）＃；、。　", ",:?!()#;,. ")
STAGES = {"已确认需求": "qualified", "确认需求": "qualified", "商务谈判": "negotiation", "合格": "qualified",
          "线索": "lead", "方案": "proposal", "报价": "proposal", "提案": "proposal", "谈判": "negotiation",
          "赢单": "won", "成交": "won", "签约": "won", "赢了": "won", "输单": "lost", "丢单": "lost", "输了": "lost",
          "lead": "lead", "qualified": "qualified", "proposal": "proposal", "negotiation": "negotiation",
          "won": "won", "lost": "lost"}
STAGE_RX = re.compile("|".join(sorted(map(re.escape, STAGES), key=len, reverse=True)))
_NOT_A_STAGE = re.compile(r"(?:预计|要|会|能|快|将)(?:在)?$")  # "预计周五成交": a close date, not the stage
QUESTION = re.compile(r"吗|呢|\?|怎么样|怎样|如何|多少|什么|啥|哪|几个|是不是|有没有|能成|谁")
SEGMENTS = [("已流失", "lost"), ("流失风险", "at_risk"), ("快流失", "at_risk"), ("要流失", "at_risk"),
            ("at risk", "at_risk"), ("流失", "at_risk"), ("沉睡", "hibernating"), ("不活跃", "hibernating"),
            ("休眠", "hibernating"), ("忠诚", "loyal"), ("冠军", "champions"), ("新客户", "new"),
            ("潜力", "promising")]
VIA = [("telegram", "telegram"), ("电报", "telegram"), ("slack", "slack"), ("whatsapp", "whatsapp"),
       ("短信", "sms"), ("sms", "sms"), ("邮件", "email"), ("邮箱", "email"), ("email", "email")]
KINDS = [("call", re.compile(r"电话|打给|打了|通话|通了|call|视频|语音|来电|致电")),
         ("meeting", re.compile(r"拜访|开(?:了个?|完|过)?会|会议|见了?面|demo|演示做完|meeting|面谈|上门|聊了一下午|喝了?咖啡|"
                           r"喝了?茶|吃了?饭|饭局|午餐|晚餐|演示了|现场")),
         ("email", re.compile(r"邮件|email|e-mail|邮箱"))]
_FOLLOW = re.compile(r"跟进|跟近|根进|再打|再联系|回访|回个?电话|再约|follow|f/u|再问问|再催|再跟|再聊|再谈")
_WEEKDAY_CODE = {"一": "MO", "二": "TU", "三": "WE", "四": "TH", "五": "FR", "六": "SA", "日": "SU", "天": "SU"}
_WEEKDAY_NAME = {"一": "mon", "二": "tue", "三": "wed", "四": "thu", "五": "fri", "六": "sat", "日": "sun", "天": "sun"}
_N = r"(\d+|" + NUMERAL + r")"
TICKET = re.compile(r"(?:工单|工但|ticket|单号)\s*#?\s*(\d+)|#\s*(\d+)|(\d+)\s*号\s*(?:工单|工但|单)|(\d{2,})\s*(?:工单|工但)"
                    r"|^(\d+)(?=\s*(?:搞定|解决|关))")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(r"\+?\d[\d\s-]{6,}\d")
LATIN_PERSON = re.compile(r"(?<![a-z])([a-z]{2,})(?![a-z])")


@dataclass
class Frame:
    intent: str
    slots: dict[str, Any] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    customer: CustomerRef | None = None
    confidence: float = 0.9

    def put(self, slot: str, value: Any, span: tuple[int, int]) -> None:
        if value is not None and value != "":
            self.slots[slot] = value
            self.spans[slot] = span


@dataclass
class Said:
    """The message read once: its masked text, customers, dates, amounts and stage."""
    text: str  # lower-cased, full-width punctuation made plain (same length as the message)
    now: datetime
    customers: list[Mention]
    masked: str
    raw: str = ""  # as written (summaries and reminder texts keep it)

    @property
    def today(self) -> date:
        return self.now.date()

    def has(self, pattern: str) -> re.Match | None:
        return re.search(pattern, self.masked)

    def when(self) -> list[When]:
        return find_when(self.masked, self.now)

    def amounts(self) -> list[Amount]:
        return find_amounts(self.masked)

    def stage(self) -> tuple[str, tuple[int, int]] | None:
        for m in STAGE_RX.finditer(self.masked):
            if m.group() == "成交" and _NOT_A_STAGE.search(self.masked[:m.start()].rstrip()[-6:] or "x") \
                    or m.group() == "成交" and re.search(r"(天|周|月|底|号|日)\s*$", self.masked[:m.start()]):
                continue
            return STAGES[m.group()], m.span()
        return None

    def ticket(self) -> tuple[int, tuple[int, int]] | None:
        m = TICKET.search(self.masked)
        if m is None:
            return None
        k = next(g for g in range(1, 6) if m.group(g))
        return int(m.group(k)), m.span(k)


def read(text: str, now: datetime, resolver: Resolver) -> Said:
    wide = text.translate(_WIDE)
    plain = wide.lower()
    addresses = [m.span() for m in EMAIL.finditer(wide)]  # "dana@acme.com" names a person's address, not Acme
    customers = [c for c in find_customers(wide, resolver)
                 if not any(start <= c.span[0] and c.span[1] <= end for start, end in addresses)]
    masked = list(plain)
    for mention in customers:
        masked[mention.span[0]:mention.span[1]] = [MASK] * (mention.span[1] - mention.span[0])
    return Said(plain, now, customers, "".join(masked), text.strip())


# ---- the slots each intent takes ---------------------------------------------------------------------------
def _customer(f: Frame, s: Said, which: int = 0) -> None:
    if len(s.customers) > which:
        mention = s.customers[which]
        f.put("customer", mention.ref.name, mention.span)
        f.customer = mention.ref


def _amount(f: Frame, s: Said, slot: str = "amount") -> None:
    found = s.amounts()
    if found:
        f.put(slot, found[0].value, found[0].span)
        if slot == "amount" and found[0].currency:
            f.put("currency", found[0].currency, found[0].span)


def _kind(s: Said) -> tuple[str, tuple[int, int]] | None:
    text = re.sub(r"回个电话|再打电话", lambda m: "_" * len(m.group()), s.masked)  # a follow-up, not the kind
    hits = [(m.start(), kind, m.span()) for kind, rx in KINDS if (m := rx.search(text))]
    return (min(hits)[1], min(hits)[2]) if hits else None


def log_activity(s: Said) -> Frame:
    f = Frame("log_activity")
    kind = _kind(s)
    f.put("kind", kind[0] if kind else "note", kind[1] if kind else (0, len(s.text)))
    _customer(f, s)
    cue = re.search(_FOLLOW, s.masked)
    if cue:
        days = [w for w in s.when() if w.span[0] < cue.start()] or s.when()
        if days:
            f.put("follow_up", days[-1].day.isoformat(), days[-1].span)
    f.slots["summary"] = s.raw
    return f


def create_deal(s: Said) -> Frame:
    f = Frame("create_deal")
    _customer(f, s)
    if "customer" not in f.slots:
        m = re.search(r"给\s*(.+?)\s*(?:新建|建|开|加|录)", s.text) or re.search(r"(?:商机|新单|单子)\s+(\S+)", s.text)
        if m:
            f.put("customer", m.group(1), m.span(1))
    _amount(f, s)
    stage = s.stage()
    if stage and "阶段" in s.masked:
        f.put("stage", *stage)
    close = re.search(r"(?:成交|结单|签约|签单)", s.masked)
    days = s.when()
    if close and days:
        f.put("expected_close", days[0].day.isoformat(), days[0].span)
    return f


def move_deal(s: Said) -> Frame:
    f = Frame("move_deal")
    _customer(f, s)
    stage = s.stage()
    if stage:
        f.put("stage", *stage)
    return f


def update_deal(s: Said) -> Frame:
    f = Frame("update_deal")
    _customer(f, s)
    _amount(f, s)
    days = s.when()
    if days and re.search(r"成交|结单|签|关单|close", s.masked):
        f.put("expected_close", days[0].day.isoformat(), days[0].span)
    return f


def show_deal(s: Said) -> Frame:
    f = Frame("show_deal")
    _customer(f, s)
    return f


def _priority(s: Said) -> tuple[str, tuple[int, int]] | None:
    for pattern, value in ((r"紧急|很急|特急|加急|urgent|critical|p1", "urgent"),
                           (r"低优先级|优先级(?:改成|调|设为|是)?低|调低|不急|low", "low"),
                           (r"高优先级|优先级(?:改成|调|设为|是)?高|调高|high", "high"),
                           (r"普通|一般优先级|normal", "normal")):
        m = re.search(pattern, s.masked)
        if m:
            return value, m.span()
    return None


def open_ticket(s: Said) -> Frame:
    f = Frame("open_ticket")
    _customer(f, s)
    priority = _priority(s)
    if priority:
        f.put("priority", *priority)
    subject = re.sub(r"[Ⓒ\s,:]*(给|帮|开个?|建个?|提个?|新建|创建一个|创建|工单|工但|一个|支持|吧|帮忙|报了个问题|"
                     r"投诉|关于|那边|紧急|很急|高优先级|优先级高|低优先级|不急|的)+[\s,:]*", " ", s.masked)
    f.slots["subject"] = " ".join(w for w in subject.split() if MASK not in w) or s.text.strip()
    return f


def _assignee(s: Said) -> tuple[str, tuple[int, int]] | None:
    m = re.search(r"(?:分配给|交给|分给|指派给|转给|派给|给)\s*(我|[a-z]+)", s.masked)
    if m:
        return ("me" if m.group(1) == "我" else m.group(1)), m.span(1)
    return None


def update_ticket(s: Said) -> Frame:
    f = Frame("update_ticket")
    ticket = s.ticket()
    if ticket:
        f.put("ticket", *ticket)
    for pattern, status in ((r"关闭|关了|关掉|关上|close", "closed"), (r"重新打开|重开|reopen|打开", "open"),
                            (r"已解决|解决了|搞定|resolved|修好", "resolved"), (r"挂起|暂停|pending|待定", "pending")):
        m = re.search(pattern, s.masked)
        if m:
            f.put("status", status, m.span())
            break
    priority = _priority(s)
    if priority and re.search(r"优先级|改成|调|紧急", s.masked):
        f.put("priority", *priority)
    assignee = _assignee(s)
    if assignee:
        f.put("assignee", *assignee)
    return f


def show_ticket(s: Said) -> Frame:
    f = Frame("show_ticket")
    ticket = s.ticket()
    if ticket:
        f.put("ticket", *ticket)
    return f


def show_tickets(s: Said) -> Frame:
    f = Frame("show_tickets")
    _customer(f, s)
    if m := re.search(r"我的|分配给我|给我的|我手上", s.masked):
        f.put("assignee", "me", m.span())
    elif m := re.search(r"([a-z]{2,})\s*(?:手上|手里|负责|的工单)", s.masked):
        f.put("assignee", m.group(1), m.span(1))
    if (priority := _priority(s)) and priority[0] == "urgent":
        f.put("priority", *priority)
    if m := re.search(r"未分配|没分配|没人处理|没人管|无人处理|没人接|没人认领|没人领|无人认领", s.masked):
        f.put("unassigned", True, m.span())
    if m := re.search(r"超过\s*" + _N + r"\s*天", s.masked):
        f.put("older_days", int(number(m.group(1)) or 0), m.span())
    if m := re.search(r"超时|sla|逾期|超期", s.masked):
        f.put("breaching", True, m.span())
    if m := re.search(r"未解决|没解决|没有解决|还开着|open", s.masked):
        f.put("status", "open", m.span())
    return f


def show_customer(s: Said) -> Frame:
    f = Frame("show_customer")
    _customer(f, s)
    return f


def show_contacts(s: Said) -> Frame:
    f = Frame("show_contacts")
    _customer(f, s)
    return f


def _person(f: Frame, s: Said) -> tuple[int, int] | None:
    people = person_names(s.masked)
    if people:
        f.put("contact", *people[0])
        return people[0][1]
    return None


def add_contact(s: Said) -> Frame:
    f = Frame("add_contact")
    _customer(f, s)
    at = _person(f, s)
    if at:
        rest = s.masked[at[1]:]
        title = re.sub(r"^[\s,]*(?:Ⓒ+的)?", "", rest).strip(" ,")
        if title and MASK not in title:
            f.put("title", title, (at[1], len(s.masked)))
    return f


def update_contact(s: Said) -> Frame:
    f = Frame("update_contact")
    _customer(f, s)
    _person(f, s)
    if m := EMAIL.search(s.text):
        f.put("email", m.group(), m.span())
    elif m := re.search(r"telegram\S*?是\s*@?([\w]+)", s.masked):
        f.put("telegram", m.group(1), m.span(1))
    elif m := PHONE.search(s.masked):
        f.put("phone", m.group(), m.span())
    elif m := re.search(r"现在是\s*(.+?)(?:了)?$", s.masked):
        f.put("title", m.group(1).strip(), m.span(1))
    return f


def delete_contact(s: Said) -> Frame:
    f = Frame("delete_contact")
    _customer(f, s)
    _person(f, s)
    return f


def merge_customers(s: Said) -> Frame:
    f = Frame("merge_customers")
    _customer(f, s)
    if len(s.customers) > 1:
        f.put("into", s.customers[1].ref.name, s.customers[1].span)
    return f


def update_customer(s: Said) -> Frame:
    f = Frame("update_customer")
    _customer(f, s)
    if m := re.search(r"改名(?:为|成|叫)?\s*(.+)$", s.text):
        f.put("new_name", m.group(1).strip(), m.span(1))
    if m := EMAIL.search(s.text):
        f.put("email", m.group(), m.span())
    if m := re.search(r"城市改(?:成|为)\s*(\S+)", s.text):
        f.put("city", m.group(1), m.span(1))
    if m := re.search(r"(?:交给|转给|分给|给)\s*(我|[a-z]{2,})\s*$", s.masked):
        f.put("owner", "me" if m.group(1) == "我" else m.group(1), m.span(1))
    if m := re.search(r"标签\s*[:,]?\s*(.+)$", s.text):
        f.put("tags", m.group(1).strip(), m.span(1))
    if m := re.search(r"取消归档|恢复", s.masked):
        f.put("archive", "unarchive", m.span())
    elif m := re.search(r"归档", s.masked):
        f.put("archive", "archive", m.span())
    return f


def _limit(s: Said) -> tuple[int, tuple[int, int]] | None:
    m = re.search(r"(?:前|top)\s*" + _N + r"|" + _N + r"\s*(?:个|大|名|家)", s.masked)
    if m:
        k = 1 if m.group(1) else 2
        value = number(m.group(k))
        if value:
            return int(value), m.span(k)
    return None


def show_top_customers(s: Said) -> Frame:
    f = Frame("show_top_customers")
    if limit := _limit(s):
        f.put("limit", *limit)
    if m := re.search(r"消费|收入|营收|销售额|花钱|花得|买得|revenue", s.masked):
        f.put("metric", "revenue", m.span())
    elif m := re.search(r"评分|分数|健康|score|最可能", s.masked):
        f.put("metric", "score", m.span())
    return f


def show_pipeline(s: Said) -> Frame:
    f = Frame("show_pipeline")
    _customer(f, s)
    if m := re.search(r"我的|我在|我跟的", s.masked):
        f.put("owner", "me", m.span())
    elif m := re.search(r"([a-z]{2,})\s*(?:的|在跟|手上|负责)", s.masked):
        if m.group(1) not in ("pipeline", "deal", "deals"):
            f.put("owner", m.group(1), m.span(1))
    stage = s.stage()
    won_lost = re.search(r"赢的|赢了的|赢下|签下|丢的|丢掉|丢了的|输的|输掉", s.masked)
    if won_lost:
        f.put("stage", "won" if re.search("赢|签", won_lost.group()) else "lost", won_lost.span())
    elif stage and not re.search(r"要成交|要签|成交的", s.masked):
        f.put("stage", *stage)
    said = period(s.masked, s.today)
    if said and (won_lost or re.search(r"成交|签|结单|关单|close", s.masked)):
        f.put("close_from", said[0].isoformat(), said[2])
        f.put("close_to", said[1].isoformat(), said[2])
    if (m := re.search(r"(?:超过|大于|高于|多于|over)\s*", s.masked)) and (amounts := s.amounts()):
        f.put("min_amount", amounts[0].value, amounts[0].span)
    elif (m := re.search(r"(?:低于|小于|少于|不到|under)\s*", s.masked)) and (amounts := s.amounts()):
        f.put("max_amount", amounts[0].value, amounts[0].span)
    if m := re.search(_N + r"\s*天\s*(?:没动静|没动|没跟进|没活动|没联系|没人碰)", s.masked):
        f.put("idle_days", int(number(m.group(1)) or 0), m.span(1))
    if m := re.search(r"最大|金额最高|按金额", s.masked):
        f.put("sort", "amount", m.span())
    return f


def show_segment(s: Said) -> Frame:
    f = Frame("show_segment")
    for word, segment in SEGMENTS:
        if (at := s.masked.find(word)) >= 0:
            f.put("segment", segment, (at, at + len(word)))
            break
    return f


def show_team(s: Said) -> Frame:
    f = Frame("show_team")
    if m := re.search(r"(?:我的|我们的?|咱们的?|我所在的)\s*(?:团队|同事|组员)", s.masked):
        f.put("team", "me", m.span())
    elif (m := re.search(r"(?:谁在|在)?([a-z][\w-]*|[\u4e00-\u9fff]{2,4}?)\s*团队", s.masked)) \
            and m.group(1) not in _ANY_TEAM:
        f.put("team", m.group(1), m.span(1))
    return f


_ANY_TEAM = ("整个", "全部", "所有", "销售", "我们", "咱们")  # "整个团队": the whole team, not one named so


def send_outreach(s: Said) -> Frame:
    f = show_segment(s)
    f.intent = "send_outreach"
    m = re.search(r"[:,]\s*(.+)$|(?:消息|群发)\s+(.+)$", s.text)
    if m:
        f.put("message", (m.group(1) or m.group(2)).strip(), m.span(1) if m.group(1) else m.span(2))
    return f


def add_customer(s: Said) -> Frame:
    f = Frame("add_customer")
    m = re.search(r"(?:新增客户|新客户|添加客户|加一个客户|加个客户|录个新客户|新建客户|创建客户)\s*[:,]?\s*", s.text)
    if m:
        name = re.match(r"[^\s,]+?(?=\s|,|在|邮箱|电话|$)(?:\s+[A-Za-z][\w&'.-]*)*", s.text[m.end():])
        if name:
            said = name.group().strip()
            f.put("customer", said, (m.end(), m.end() + len(said)))
    if e := EMAIL.search(s.text):
        f.put("email", e.group(), e.span())
    return f


def remind(s: Said) -> Frame:
    f = Frame("remind")
    _customer(f, s)
    recurrence = _recurrence(s)
    if recurrence:
        f.put("recurrence", *recurrence)
    days = [w for w in s.when() if not recurrence or w.time is not None]
    if days and not recurrence:
        f.put("when", days[0].iso(), days[0].span)
    f.slots["text"] = _task(s, [span for slot, span in f.spans.items() if slot in ("when", "recurrence")])
    return f


_ASKS = re.compile(r"(?:请|帮我|麻烦你?|记得)?\s*(?:提醒我|提醒下我|提醒一下我?|设个?提醒|设置(?:一个)?提醒|新建提醒|加个?提醒|"
                   r"叫我)(?:一下)?|^\s*(?:请|帮我|麻烦你?|记得)")
_LOOSE = " ,:;.!的要去在"  # what is left at the task's edges once the time and the asking words are gone


def _task(s: Said, spans: list[tuple[int, int]]) -> str:
    """What to be reminded of, as written: "提醒我明天给Globex发合同" -> "给Globex发合同", without the asking words
    and the time said (as English keeps only the task words); the whole message when nothing else is left."""
    lead = len(s.text) - len(s.text.lstrip())  # s.raw is stripped, the spans are on the message as sent
    kept = list(s.text)
    for start, end in spans:
        kept[start:end] = " " * (end - start)
    if asked := _ASKS.search("".join(kept)):
        kept[asked.start():asked.end()] = " " * (asked.end() - asked.start())
    task = "".join(s.raw[k - lead] if c != " " else " " for k, c in enumerate(kept) if k >= lead and k - lead < len(s.raw))
    return " ".join(task.split()).strip(_LOOSE) or s.raw


def _recurrence(s: Said) -> tuple[str, tuple[int, int]] | None:
    if m := re.search(r"每天|每日|天天", s.masked):
        return "FREQ=DAILY", m.span()
    if m := re.search(r"工作日", s.masked):
        return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", m.span()
    if m := re.search(r"每个?(?:周|星期|礼拜)([一二三四五六日天])", s.masked):
        return f"FREQ=WEEKLY;BYDAY={_WEEKDAY_CODE[m.group(1)]}", m.span()
    if m := re.search(r"每个?月\s*" + _N + r"\s*(?:号|日)", s.masked):
        return f"FREQ=MONTHLY;BYMONTHDAY={int(number(m.group(1)) or 1)}", m.span()
    return None


def show_reminders(s: Said) -> Frame:
    f = Frame("show_reminders")
    if m := re.search(r"(?:未来|接下来|之后)\s*" + _N + r"\s*天", s.masked):
        f.put("days", int(number(m.group(1)) or 0), m.span())
    elif m := re.search(r"今天", s.masked):
        f.put("days", 1, m.span())
    elif m := re.search(r"这周|本周|这个星期", s.masked):
        f.put("days", 7, m.span())
    return f


def _via(f: Frame, s: Said) -> None:
    for word, via in VIA:
        if (at := s.masked.find(word)) >= 0:
            f.put("via", via, (at, at + len(word)))
            return


def set_notify_via(s: Said) -> Frame:
    f = Frame("set_notify_via")
    _via(f, s)
    return f


def subscribe_digest(s: Said) -> Frame:
    f = Frame("subscribe_digest")
    if m := re.search(r"每天|每日|日报|天天", s.masked):
        f.put("frequency", "daily", m.span())
    elif m := re.search(r"每个?(?:周|星期)|周报", s.masked):
        f.put("frequency", "weekly", m.span())
    elif m := re.search(r"每个?月|月报", s.masked):
        f.put("frequency", "monthly", m.span())
    if m := re.search(r"每个?(?:周|星期|礼拜)([一二三四五六日天])", s.masked):
        f.put("weekday", _WEEKDAY_NAME[m.group(1)], m.span(1))
    if times := find_times(s.masked):
        (hour, minute), span = times[0]
        f.put("at", f"{hour:02d}:{minute:02d}", span)
    if m := re.search(r"slack|telegram|电报|邮件|email", s.masked):
        _via(f, s)
    return f


def plain(intent: str) -> Callable[[Said], Frame]:
    return lambda s: Frame(intent)


def invite_customer(s: Said) -> Frame:
    f = Frame("invite_customer")
    _customer(f, s)
    return f


def correct(s: Said) -> Frame | None:
    """ "不对 是Initech", "我是说1.2万", "不对 改成周五", "应该是谈判", "不是电话 是开会": the corrected value."""
    f = Frame("correct")
    rest = s.masked
    if s.customers:
        f.put("customer", s.customers[-1].ref.name, s.customers[-1].span)
        f.customer = s.customers[-1].ref
    elif amounts := s.amounts():
        f.put("amount", amounts[-1].value, amounts[-1].span)
        if amounts[-1].currency:
            f.put("currency", amounts[-1].currency, amounts[-1].span)
    elif days := s.when():
        f.put("date", days[-1].iso(), days[-1].span)
    elif stages := [m for m in STAGE_RX.finditer(rest)]:  # "不是报价 是谈判": the last one said
        f.put("stage", STAGES[stages[-1].group()], stages[-1].span())
    else:
        last = max(((m.start(), kind, m.span()) for kind, rx in KINDS for m in rx.finditer(rest)), default=None)
        if last is None:
            return None
        f.put("kind", last[1], last[2])
    return f


def _team_admin(intent: str) -> Callable[[Said], Frame]:
    def build(s: Said) -> Frame:
        from crm_core.nlp.zh import team  # it reads Said and Frame from here
        found = team.read(s)
        return found if found is not None and found.intent == intent else Frame(intent)
    return build


BUILD: dict[str, Callable[[Said], Frame]] = {
    "log_activity": log_activity, "create_deal": create_deal, "move_deal": move_deal, "update_deal": update_deal,
    "show_deal": show_deal, "open_ticket": open_ticket, "update_ticket": update_ticket, "show_ticket": show_ticket,
    "show_tickets": show_tickets, "show_customer": show_customer, "show_contacts": show_contacts,
    "add_contact": add_contact, "update_contact": update_contact, "delete_contact": delete_contact,
    "merge_customers": merge_customers, "update_customer": update_customer, "show_top_customers": show_top_customers,
    "show_pipeline": show_pipeline, "show_segment": show_segment, "send_outreach": send_outreach,
    "show_team": show_team, **{intent: _team_admin(intent) for intent in (
        "set_role", "set_team", "deactivate_user", "reassign_work", "add_teammate")},
    "add_customer": add_customer, "remind": remind, "show_reminders": show_reminders,
    "set_notify_via": set_notify_via, "subscribe_digest": subscribe_digest, "invite_customer": invite_customer,
    "unsubscribe_digest": plain("unsubscribe_digest"), "show_digest": plain("show_digest"),
    "show_outreach": plain("show_outreach"), "invite_rep": plain("invite_rep"), "help": plain("help"),
    "undo": plain("undo"), "cancel": plain("cancel"), "unknown": plain("unknown"),
}
