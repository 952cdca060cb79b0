"""Customer resolution at 100,000 customers: index build time and ms per mention.

    python bench/resolve_speed.py [--customers 100000] [--mentions 500]

Generates realistic company names into a scratch SQLite database, then resolves exact, prefix,
typo and not-found mentions through `crm_core.resolve.resolve` (the cached, database-backed index).
"""
from __future__ import annotations

import argparse
import random
import string
import time

from crm_core import resolve
from crm_core.models import Customer
from crm_core.names import normalize_name

from common import scratch_database, summary, timed

SURNAMES = """smith johnson williams brown jones miller davis garcia rodriguez wilson martinez anderson taylor
thomas hernandez moore martin jackson thompson white lopez lee gonzalez harris clark lewis robinson walker
perez hall young allen sanchez wright king scott green baker adams nelson hill ramirez campbell mitchell
roberts carter phillips evans turner torres parker collins edwards stewart flores morris nguyen murphy rivera
cook rogers morgan peterson cooper reed bailey bell gomez kelly howard ward cox diaz richardson wood watson
brooks bennett gray james reyes cruz hughes price myers long foster sanders ross morales powell sullivan
russell ortiz jenkins gutierrez perry butler barnes fisher henderson coleman simmons patterson jordan
reynolds hamilton graham kim gonzales alexander ramos wallace griffin west cole hayes chavez gibson bryant
ellis stevens murray ford marshall owens mcdonald harrison ruiz kennedy wells alvarez woods mendoza castillo
olson webb washington tucker freeman burns henry vasquez snyder simpson crawford jimenez porter mason shaw
gordon wagner hunter romero hicks dixon hunt palmer robertson black holmes stone meyer boyd mills warren fox
rose rice moreno schmidt patel ferguson nichols herrera medina ryan fernandez weaver daniels stephens gardner
payne kelley dunn pierce arnold tran spencer peters hawkins grant hansen castro hoffman hart elliott cunningham
knight bradley muller schneider fischer weber becker schulz koch richter klein wolf neumann schwarz zimmermann
dubois moreau laurent lefebvre rossi russo ferrari esposito bianchi romano colombo ricci marino tanaka suzuki
watanabe yamamoto nakamura kobayashi sato ito chen wang zhang liu yang huang zhao wu zhou xu sun ma zhu hu guo
obrien oconnor dangelo okafor adeyemi kowalski nowak novak horvat jansen devries peeters larsen nielsen
johansson lindberg virtanen korhonen silva santos oliveira souza costa pereira almeida""".split()
COINED = """acme globex initech umbrella hooli vandelay soylent tyrell wonka nakatomi cyberdyne oscorp aperture
massive dynamic stark wayne pied piper aviato gringotts monarch oceanic prestige sirius veridian zenith apex
vertex quantum nexus stellar lumina nova orion atlas titan helix vector pinnacle summit horizon meridian
cascade evergreen redwood bluestone ironclad silverline goldleaf brightpath clearwater northwind southpoint
eastgate westfield highland lakeside riverside oakridge pinecrest maple cedar willow falcon eagle hawk
phoenix dragon tiger lion bear wolfpack fox raven sparrow dolphin orca coral jade ruby sapphire emerald
onyx cobalt crimson indigo amber scarlet azure ivory sterling""".split()
TRADES = """systems solutions technologies software labs analytics logistics trading foods bakery brewing
coffee consulting partners associates capital ventures holdings industries manufacturing engineering
construction builders design studios media marketing health medical dental pharma biotech energy solar
power electric motors automotive aerospace shipping freight transport travel hotels restaurants catering
farms organics textiles apparel fashion jewelry furniture interiors realty properties insurance finance
bank credit legal law accounting security networks telecom cloud data robotics devices instruments tools
hardware supply distribution imports exports retail outlet market grocers pharmacy clinic fitness sports
entertainment games education academy school publishing printing paper packaging plastics chemicals metals
steel mining oil gas water environmental recycling""".split()
SUFFIXES = ["", "", "", "Inc", "LLC", "Ltd", "GmbH", "Corp", "Co", "& Co", "Group", "AG", "SA", "BV", "Pty Ltd"]
CITIES = ["Springfield", "Austin", "London", "Berlin", "Paris", "Tokyo", "Dublin", "Chicago", "Boston", "Madrid"]


def company_names(count: int, rng: random.Random) -> list[str]:
    names: dict[str, str] = {}  # name_norm -> name: the service refuses two customers with one norm
    while len(names) < count:
        shape = rng.random()
        first = rng.choice(SURNAMES if rng.random() < 0.6 else COINED).capitalize()
        trade = rng.choice(TRADES).capitalize()
        if shape < 0.45:
            core = f"{first} {trade}"
        elif shape < 0.65:
            core = f"{first} & {rng.choice(SURNAMES).capitalize()}"
        elif shape < 0.85:
            core = f"{first} {rng.choice(COINED).capitalize()} {trade}"
        else:
            core = f"{first}{rng.choice(['ly', 'ify', 'io', 'tech', 'soft', 'works', 'hub'])}"
        suffix = rng.choice(SUFFIXES)
        name = f"{core} {suffix}".strip()
        names.setdefault(normalize_name(name), name)
    return sorted(names.values())


def typo(text: str, rng: random.Random) -> str:
    letters = list(text)
    spots = [k for k, ch in enumerate(letters) if ch.isalpha()]
    k = rng.choice(spots)
    action = rng.random()
    if action < 0.33:
        del letters[k]
    elif action < 0.66:
        letters[k] = rng.choice(string.ascii_lowercase)
    elif k + 1 < len(letters):
        letters[k], letters[k + 1] = letters[k + 1], letters[k]
    return "".join(letters)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--mentions", type=int, default=500)
    args = ap.parse_args()
    rng = random.Random(7)
    names = company_names(args.customers, rng)
    with scratch_database("sqlite") as db:
        stamp = "2026-01-01 00:00:00"
        rows = [{"name": n, "name_norm": normalize_name(n), "city": rng.choice(CITIES),
                 "created_at": stamp, "updated_at": stamp} for n in names]
        with db.atomic():
            for start in range(0, len(rows), 2000):
                Customer.insert_many(rows[start:start + 2000]).execute()
        print(f"customers: {len(names)}")
        started = time.perf_counter()
        resolve.invalidate_index()
        index = resolve.customer_index()
        print(f"index build: {(time.perf_counter() - started) * 1000:.0f} ms ({len(index)} entries)")
        sample = rng.sample(names, args.mentions)
        kinds = {
            "exact": [n.lower() for n in sample],
            "prefix": [" ".join(n.split()[:1] + [n.split()[1][:4]]) if len(n.split()) > 1 else n for n in sample],
            "typo": [typo(normalize_name(n), rng) for n in sample],
            "not found": ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(6, 14)))
                          for _ in sample],
        }
        for kind, mentions in kinds.items():
            outcomes: dict[str, int] = {}
            feed = iter(zip(mentions, sample))

            def one() -> None:
                mention, meant = next(feed)
                result = resolve.resolve(mention)
                outcome = type(result).__name__
                if isinstance(result, resolve.Resolved) and kind != "not found":
                    outcome += " right" if result.choice.name == meant else " wrong"
                outcomes[outcome] = outcomes.get(outcome, 0) + 1

            times = timed(one, len(mentions))
            print(f"{kind:<10} {summary(times)}  outcomes {dict(sorted(outcomes.items()))}")


if __name__ == "__main__":
    main()
