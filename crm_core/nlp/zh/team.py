"""Team admin said in Chinese (the English rules: crm_core/nlp/team_admin.py), the same frames and slots.

    "把sam设为经理", "把sam调到west团队", "李娜负责华东区域", "停用bob的账号 客户给maria", "把bob的客户都转给maria",
    "新同事Dana Ruiz 销售 dana@ourco.io"

A teammate is a Latin first name (customers are masked out already, as Ⓒ) or a Chinese name of two or three
characters; roles, teams and territories are read as LABELS.md says. A question ("sam是经理吗") is never a change.
"""
from __future__ import annotations

import re

from crm_core.nlp.zh.rules import EMAIL, QUESTION, Frame, Said

_ROLE_OF = {"销售经理": "manager", "经理": "manager", "主管": "manager", "manager": "manager", "管理员": "admin",
            "admin": "admin", "销售代表": "rep", "普通销售": "rep", "销售": "rep", "业务员": "rep", "rep": "rep"}
_ROLE = "(?P<role>" + "|".join(sorted(_ROLE_OF, key=len, reverse=True)) + ")"
_NAME = r"[a-z][a-z'-]*|[\u4e00-\u9fff]{2,3}?"
_WHO = rf"(?P<who>{_NAME})"
_TO = rf"(?P<to>我|{_NAME})"
_NOT_PEOPLE = frozenset(("他", "她", "他们", "大家", "我们", "新同事", "同事", "团队", "这个", "那个", "crm", "the"))
_GROUP = r"(?P<group>[a-z][\w-]*|[\u4e00-\u9fff]{2,4}?)"

_SET_ROLE = [re.compile(p) for p in (
    rf"^(?:请|帮我)?\s*(?:把|让|设置|将)?\s*{_WHO}\s*(?:的角色|的权限)?\s*(?:设为|设成|改成|改为|升为|升成|提拔成|提拔为|提升为|"
    rf"降为|降成|改回|当|现在是)\s*(?:普通)?\s*{_ROLE}\s*$",
    rf"^(?:请|帮我)?\s*给\s*{_WHO}\s*开\s*(?P<role>管理员|admin)\s*权限\s*$",
    rf"^(?:请|帮我)?\s*(?:设置|设|把|将)\s*{_WHO}\s*为\s*(?:普通)?\s*{_ROLE}\s*$",
    rf"^(?:取消)?\s*{_WHO}\s*(?:的|升职了|降职了)\S*\s+(?:设为|设成|改成|改为|升为|降为|改回)\s*(?:普通)?\s*{_ROLE}\s*$",
)]
_SET_TEAM = re.compile(rf"^(?:请|帮我)?\s*(?:把|让|将)?\s*{_WHO}\s*(?:调到|加入|放到|分到|去|换到|转到|调去)\s*{_GROUP}\s*(?:团队|组)")
_SET_TERRITORY = re.compile(rf"^(?:请|帮我)?\s*(?:把|让|将)?\s*{_WHO}\s*(?:负责|以后管|管|的区域改成|的区域改为|的区域是)\s*"
                            rf"(?P<territory>[a-z][\w-]*|[\u4e00-\u9fff]{{2,4}}?)\s*(?:区域|大区|片区|区)?\s*$")
_MORE_TERRITORY = re.compile(r"区域(?:是|改成|为)\s*(?P<territory>[a-z][\w-]*|[\u4e00-\u9fff]{2,4})")
_DEACTIVATE = re.compile(r"停用|禁用|注销|冻结|停掉|(?:关掉|收回|取消)\S{0,6}(?:crm)?权限")
_DEACTIVATED = [re.compile(p) for p in (
    rf"(?:停用|禁用|注销|冻结|关掉|收回)\s*{_WHO}(?:的)?\s*(?:账号|账户|crm|权限|$|\s)",
    rf"(?:把|将)?\s*{_WHO}\s*的\s*(?:账号|账户)",
    rf"^{_WHO}\s*(?:离职了|走了|不干了|辞职了)",
)]
_HANDED = re.compile(rf"(?:客户|工作|东西|活儿?|单子|工单)\S{{0,2}}(?:都|全部|全)?\s*(?:转给|交给|给|归|移交给)\s*{_TO}")
_WHAT_OF = {"客户": "customers", "账户": "customers", "单子": "deals", "商机": "deals", "工单": "tickets", "提醒": "reminders",
            "跟进": "reminders", "工作": "all", "东西": "all", "活": "all", "活儿": "all"}
_WHAT = "(?P<what>" + "|".join(sorted(_WHAT_OF, key=len, reverse=True)) + ")"
_REASSIGN = re.compile(rf"^(?:请|帮我)?\s*(?:把|将)?\s*(?P<from>{_NAME})\s*(?:手上|手里)?\s*的\s*(?:所有|全部)?\s*{_WHAT}\s*"
                       rf"(?:(?:都|全部|全)\s*给|(?:都|全部|全)?\s*(?:转给|交给|移交给|划给|转到|移交))\s*{_TO}\s*$")
_ADD = re.compile(r"新同事|添加同事|新员工|新来了一个|招了个新|添加用户|新增团队成员|新增用户|加为(?:管理员|经理|销售)|开个账号给")
_NEW_NAME = re.compile(r"(?:新同事|添加同事|新员工|添加用户|新增团队成员|新增用户|叫|把|招了个新销售|招了个新)\s*"
                       r"(?P<name>[a-z][a-z'-]*(?: [a-z][a-z'-]*)?|[\u4e00-\u9fff]{2,3}?)(?=\s|$|[,，]|加|经理|销售|管理员)")
_TEAM_OF_NEW = re.compile(rf"(?:加到|加入|放到|分到|在)?{_GROUP}\s*(?:团队|组)")


def read(s: Said) -> Frame | None:
    """The team-admin command a Chinese message says, or None."""
    if QUESTION.search(s.masked) or "Ⓒ" in s.masked:
        return None
    for reader in (_reassign, _deactivate, _role, _team, _add):
        frame = reader(s)
        if frame is not None:
            return frame
    return None


def _person(found: re.Match, group: str) -> str | None:
    name = found.group(group)
    if name is None or name in _NOT_PEOPLE:
        return None
    return "me" if name == "我" else name


def _role(s: Said) -> Frame | None:
    for pattern in _SET_ROLE:
        if (found := pattern.search(s.masked)) and (who := _person(found, "who")):
            f = Frame("set_role")
            f.put("user", who, found.span("who"))
            f.put("role", _ROLE_OF[found.group("role")], found.span("role"))
            return f
    return None


def _team(s: Said) -> Frame | None:
    found = _SET_TEAM.search(s.masked) or _SET_TERRITORY.search(s.masked)
    if found is None or (who := _person(found, "who")) is None:
        return None
    f = Frame("set_team")
    f.put("user", who, found.span("who"))
    said = found.groupdict()
    if said.get("group"):
        f.put("team", said["group"], found.span("group"))
    if said.get("territory"):
        f.put("territory", said["territory"], found.span("territory"))
    elif more := _MORE_TERRITORY.search(s.masked, found.end()):
        f.put("territory", more.group("territory"), more.span("territory"))
    return f


def _deactivate(s: Said) -> Frame | None:
    if not _DEACTIVATE.search(s.masked):
        return None
    for pattern in _DEACTIVATED:
        if (found := pattern.search(s.masked)) and (who := _person(found, "who")):
            f = Frame("deactivate_user")
            f.put("user", who, found.span("who"))
            if (handed := _HANDED.search(s.masked)) and (to := _person(handed, "to")):
                f.put("reassign_to", to, handed.span("to"))
            return f
    return None


def _reassign(s: Said) -> Frame | None:
    found = _REASSIGN.search(s.masked)
    if found is None or _DEACTIVATE.search(s.masked):
        return None
    source, target = _person(found, "from"), _person(found, "to")
    if not source or not target:
        return None
    f = Frame("reassign_work")
    f.put("from_user", source, found.span("from"))
    f.put("to_user", target, found.span("to"))
    f.put("what", _WHAT_OF[found.group("what")], found.span("what"))
    return f


def _add(s: Said) -> Frame | None:
    if not _ADD.search(s.masked) or not (named := _NEW_NAME.search(s.masked)) or named.group("name") in _NOT_PEOPLE:
        return None
    f = Frame("add_teammate")
    start, end = named.span("name")
    as_said = s.raw if len(s.raw or "") == len(s.text) else s.text  # the name as typed, capitals kept
    f.put("user", as_said[start:end], (start, end))
    rest = s.masked[:start] + " " * (end - start) + s.masked[end:]  # the name is no role: "招了个新销售李雷"
    role = re.search(_ROLE, rest)
    if role:
        f.put("role", _ROLE_OF[role.group("role")], role.span("role"))
    if email := EMAIL.search(s.text):
        f.put("email", email.group(), email.span())
    if team := _TEAM_OF_NEW.search(rest):
        f.put("team", team.group("group"), team.span("group"))
    return f
