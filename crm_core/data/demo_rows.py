"""Rows of the demo data, drawn from one random.Random so a seed gives the same data (relative to `now`)."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from crm_core.data import demo_words as words
from crm_core.models import ACTIVITY_KINDS, OPEN_STAGES, PRIORITIES, TICKET_STATUSES
from crm_core.names import fold, normalize_email, normalize_name, normalize_phone

N_CUSTOMERS = 320
WIN_PROBABILITY = {"lead": 0.1, "qualified": 0.25, "proposal": 0.5, "negotiation": 0.7, "won": 1.0, "lost": 0.0}


@dataclass(frozen=True)
class CustomerRef:
    id: int
    owner_id: int | None
    created_at: dt.datetime
    is_lead: bool


@dataclass
class Planned:
    """A row to insert and the rows that hang off it once it has an id."""
    row: dict
    children: list[dict] = field(default_factory=list)


def user_rows(now: dt.datetime) -> list[dict]:
    return [{"name": name, "email": f"{fold(name).replace(' ', '.')}@{words.DEMO_DOMAIN}", "role": role,
             "timezone": tz, "is_active": True, "created_at": now - dt.timedelta(days=800)}
            for name, role, tz in words.USERS]


def customer_rows(rng: random.Random, owners: list[int], managers: list[int], now: dt.datetime) -> list[dict]:
    """N_CUSTOMERS companies with distinct normalised names; most owned by a rep, some by a manager, a few by nobody."""
    rows: list[dict] = []
    seen: set[str] = set()
    candidates = [(name, country, city) for name, country, city in words.FIXED_COMPANIES]
    while len(rows) < N_CUSTOMERS:
        if candidates:
            name, country, city = candidates.pop(0)
        else:
            country = rng.choice(list(words.COUNTRIES))
            city = rng.choice(words.COUNTRIES[country][1])
            suffix = rng.choice(words.COUNTRIES[country][2])
            name = " ".join(p for p in (rng.choice(words.STEMS), rng.choice(words.SECTORS), suffix) if p)
        norm = normalize_name(name)
        if norm in seen:
            continue
        seen.add(norm)
        owner = rng.choices([rng.choice(owners), rng.choice(managers), None], weights=(80, 12, 8))[0]
        created = now - dt.timedelta(days=rng.randint(60, 800), minutes=rng.randint(0, 1440))
        rows.append({"name": name, "name_norm": norm, "email": _email(rng, norm), "phone": _phone(rng, country),
                     "city": city, "owner": owner, "is_lead": rng.random() < 0.15,
                     "outreach_opt_in": rng.random() < 0.92, "created_at": created, "updated_at": created})
    return rows


def _email(rng: random.Random, norm: str) -> str | None:
    if rng.random() < 0.1:
        return None
    box = rng.choice(words.MAILBOXES + words.CONTACT_FIRST_NAMES)
    domain = "-".join(word for word in norm.split() if len(word) > 1)  # "a s" of "A/S" is not a word
    return normalize_email(f"{box}@{domain}.example")


def _phone(rng: random.Random, country: str) -> str | None:
    if rng.random() < 0.15:
        return None
    return normalize_phone(f"{words.COUNTRIES[country][0]} {rng.randint(20, 99)} {rng.randint(1000000, 9999999)}")


def deal_plans(rng: random.Random, customers: list[CustomerRef], reps: list[int], now: dt.datetime) -> list[Planned]:
    """Deals whose stage changes walk lead -> qualified -> proposal -> negotiation, then maybe won or lost.
    The first six deals take each stage once, so every stage is present."""
    plans: list[Planned] = []
    for customer in customers:
        if rng.random() > 0.65:
            continue
        for product in rng.sample(words.DEAL_PRODUCTS, rng.choice((1, 1, 1, 2))):
            stage = _final_stage(rng, len(plans))
            path = _path_to(rng, stage)
            gaps = [dt.timedelta(days=rng.randint(2, 25), hours=rng.randint(0, 23)) for _ in path[1:]]
            opened = now - sum(gaps, dt.timedelta()) - dt.timedelta(days=rng.randint(1, 400))
            owner = customer.owner_id or rng.choice(reps)
            at, changes, previous = opened, [], None
            for to_stage, gap in zip(path, [dt.timedelta()] + gaps):
                at += gap
                changes.append({"from_stage": previous, "to_stage": to_stage, "changed_by": owner, "changed_at": at})
                previous = to_stage
            closed = at if stage in ("won", "lost") else None
            row = {"customer": customer.id, "title": product, "amount": rng.randrange(1_000, 120_000, 50),
                   "currency": "USD", "stage": stage, "owner": owner, "closed_at": closed,
                   "expected_close": None if closed else (now + dt.timedelta(days=rng.randint(7, 120))).date(),
                   "win_probability": WIN_PROBABILITY[stage], "created_at": opened, "updated_at": at}
            plans.append(Planned(row, changes))
    return plans


def _final_stage(rng: random.Random, number: int) -> str:
    stages = (*OPEN_STAGES, "won", "lost")
    return stages[number] if number < len(stages) else rng.choices(stages, weights=(20, 15, 12, 10, 25, 18))[0]


def _path_to(rng: random.Random, stage: str) -> list[str]:
    if stage == "won":
        return [*OPEN_STAGES, "won"]
    if stage == "lost":
        return [*OPEN_STAGES[:rng.randint(1, len(OPEN_STAGES))], "lost"]
    return list(OPEN_STAGES[:OPEN_STAGES.index(stage) + 1])


def activity_rows(rng: random.Random, customers: list[CustomerRef], deals_of: dict[int, list[int]],
                  reps: list[int], now: dt.datetime) -> list[dict]:
    rows: list[dict] = []
    for customer in customers:
        for _ in range(rng.randint(0, 9)):
            kind = ACTIVITY_KINDS[len(rows)] if len(rows) < len(ACTIVITY_KINDS) else rng.choice(ACTIVITY_KINDS)
            occurred = now - dt.timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1440))
            follow_up = (occurred + dt.timedelta(days=rng.randint(2, 21))).date() if rng.random() < 0.25 else None
            deals = deals_of.get(customer.id, [])
            rows.append({"customer": customer.id, "deal": rng.choice(deals) if deals and rng.random() < 0.5 else None,
                         "kind": kind, "summary": rng.choice(words.ACTIVITY_SUMMARIES[kind]), "follow_up": follow_up,
                         "user": customer.owner_id or rng.choice(reps), "channel": rng.choice(words.ACTIVITY_CHANNELS),
                         "occurred_at": occurred, "created_at": occurred})
    return rows


def ticket_plans(rng: random.Random, customers: list[CustomerRef], agents: list[int], first_number: int,
                 now: dt.datetime, count: int = 160) -> list[Planned]:
    """Tickets with their conversation; the first four take each status once."""
    plans: list[Planned] = []
    for number in range(first_number, first_number + count):
        status = (TICKET_STATUSES[len(plans)] if len(plans) < len(TICKET_STATUSES)
                  else rng.choices(TICKET_STATUSES, weights=(30, 15, 25, 30))[0])
        assignee = None if status == "open" and rng.random() < 0.4 else rng.choice(agents)
        channel = rng.choices(("telegram", "console", "slack"), weights=(70, 20, 10))[0]
        subject = rng.choice(words.TICKET_SUBJECTS)
        at = now - dt.timedelta(days=rng.randint(1, 180), minutes=rng.randint(0, 1440))  # replies stay in the past
        messages = []
        for turn in range(rng.randint(1, 5) if assignee else 1):
            from_customer = turn % 2 == 0
            line = rng.choice(words.CUSTOMER_LINES[1:] if turn else words.CUSTOMER_LINES[:1]) if from_customer \
                else rng.choice(words.AGENT_LINES)
            messages.append({"author_user": None if from_customer else assignee, "from_customer": from_customer,
                             "body": line.format(subject_lower=subject.lower()), "channel": channel,
                             "created_at": at + dt.timedelta(hours=3 * turn)})
        last = messages[-1]["created_at"]
        resolved = last + dt.timedelta(hours=1) if status in ("resolved", "closed") else None
        csat = rng.choices((1, 2, 3, 4, 5), weights=(5, 5, 15, 35, 40))[0] if resolved and rng.random() < 0.6 else None
        row = {"number": number, "customer": rng.choice(customers).id, "subject": subject, "status": status,
               "priority": rng.choices(PRIORITIES, weights=(25, 50, 18, 7))[0], "assignee": assignee,
               "channel": channel, "csat_score": csat, "csat_at": resolved + dt.timedelta(hours=2) if csat else None,
               "created_at": at, "updated_at": last, "resolved_at": resolved}
        plans.append(Planned(row, messages))
    return plans


def order_rows(rng: random.Random, customers: list[CustomerRef], today: dt.date) -> list[dict]:
    """Two years of orders up to today for the customers that are not leads; the oldest buys on both ends.

    Each buyer buys at a rate of their own and, after each order, may stop buying for good (as in the
    BG/NBD model), so the demo has customers drifting away: segments and churn scores have something to find.
    """
    start = today - dt.timedelta(days=729)
    rows: list[dict] = []
    buyers = [c for c in customers if not c.is_lead]
    oldest = min(buyers, key=lambda c: c.created_at)
    for customer in buyers:
        first = max(start, customer.created_at.date())
        span = (today - first).days
        typical = rng.lognormvariate(4.5, 0.8)
        days = [0, *_purchase_days(rng, span)[1:], span] if customer is oldest else _purchase_days(rng, span)
        for day in days:
            amount = round(typical * rng.lognormvariate(0, 0.35), 2)
            date = first + dt.timedelta(days=day)
            rows.append({"customer": customer.id, "date": date, "amount": amount,
                         "created_at": dt.datetime.combine(date, dt.time(12))})
    return rows


def _purchase_days(rng: random.Random, span: int) -> list[int]:
    """Days (from 0 to `span`) one customer buys on: a first order, then gaps at their own rate until they
    drop out (a chance after each order) or the span ends; at most 60."""
    per_year = rng.expovariate(1 / 5) + 0.5
    drop_out = rng.betavariate(0.8, 4.0)
    days = [rng.randint(0, max(span // 3, 0))]
    while len(days) < 60 and rng.random() >= drop_out:
        next_day = days[-1] + max(1, round(rng.expovariate(per_year / 365)))
        if next_day > span:
            break
        days.append(next_day)
    return days
