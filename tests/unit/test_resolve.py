"""Customer resolution against a real database (SQLite and PostgreSQL) and against an in-memory index."""
from __future__ import annotations

from datetime import timedelta

import pytest

from crm_core import resolve
from crm_core.errors import AmbiguousCustomer, CustomerNotFound
from crm_core.models import Activity, Customer, Deal, User, utcnow
from crm_core.names import fold, normalize_name
from crm_core.resolve import Ambiguous, CustomerIndex, CustomerResolver, Resolved, Unknown

NAMES = [
    ("Acme Corporation", "Springfield"), ("Acme Labs", "Boston"), ("Initech", "Austin"), ("Globex Ltd", "London"),
    ("Stark Industries", "New York"), ("Müller & Söhne GmbH", "Berlin"), ("O'Brien Logistics", "Dublin"),
    ("Johnson & Johnson", None), ("Bluth Company", None), ("Los Pollos Hermanos", None),
    ("Vandelay Industries", None), ("Dunder Mifflin", None), ("Kwik-E-Mart", None), ("D'Angelo Bakery", None),
    ("Fjällräven", "Stockholm"), ("Wayne Enterprises", "Gotham"),
]


def add(name: str, city: str | None = None, owner: User | None = None) -> Customer:
    return Customer.create(name=name, name_norm=normalize_name(name), city=city, owner=owner)


@pytest.fixture
def customers(database) -> dict[str, Customer]:
    resolve.invalidate_index()
    with database.atomic():
        return {name: add(name, city) for name, city in NAMES}


@pytest.fixture
def rep(database) -> User:
    return User.create(name="Rita Rep", email="rita@example.com")


def resolved_name(mention: str, actor_id: int | None = None, context: str = "") -> str | None:
    result = resolve.resolve(mention, actor_id, context)
    return result.choice.name if isinstance(result, Resolved) else None


@pytest.mark.parametrize("mention, expected", [
    ("Acme Corporation", "Acme Corporation"),
    ("acme corp", "Acme Corporation"),
    ("ACME CORP.", "Acme Corporation"),
    ("acme inc", "Acme Corporation"),
    ("acme labs", "Acme Labs"),
    ("initech", "Initech"),
    ("Initech Inc.", "Initech"),
    ("globex", "Globex Ltd"),
    ("bluth co", "Bluth Company"),
    ("stark ind", "Stark Industries"),
    ("stark", "Stark Industries"),
    ("wayne ent", "Wayne Enterprises"),
    ("los pollos", "Los Pollos Hermanos"),
    ("pollos hermanos", "Los Pollos Hermanos"),
])
def test_exact_suffix_and_prefix_mentions(customers, mention, expected):
    assert resolved_name(mention) == expected


@pytest.mark.parametrize("mention, expected", [
    ("müller & söhne", "Müller & Söhne GmbH"),
    ("muller and sohne", "Müller & Söhne GmbH"),
    ("mueller & soehne", "Müller & Söhne GmbH"),
    ("MÜLLER UND SÖHNE GMBH".replace(" UND ", " & "), "Müller & Söhne GmbH"),
    ("fjallraven", "Fjällräven"),
    ("FJÄLLRÄVEN", "Fjällräven"),
])
def test_accents_are_ignored(customers, mention, expected):
    assert resolved_name(mention) == expected


@pytest.mark.parametrize("mention, expected", [
    ("o'brien logistics", "O'Brien Logistics"),
    ("O’Brien Logistics", "O'Brien Logistics"),
    ("obrien logistics", "O'Brien Logistics"),
    ("o brien logistics", "O'Brien Logistics"),
    ("dangelo bakery", "D'Angelo Bakery"),
    ("d'angelo", "D'Angelo Bakery"),
    ("Kwik E Mart", "Kwik-E-Mart"),
    ("kwikemart", "Kwik-E-Mart"),
    ("johnson and johnson", "Johnson & Johnson"),
    ("Johnson&Johnson", "Johnson & Johnson"),
])
def test_apostrophes_hyphens_and_ampersands(customers, mention, expected):
    assert resolved_name(mention) == expected


@pytest.mark.parametrize("mention, expected", [
    ("initek", "Initech"),
    ("vandeley industries", "Vandelay Industries"),
    ("dunder mifflen", "Dunder Mifflin"),
    ("stark industires", "Stark Industries"),
    ("globx", "Globex Ltd"),
])
def test_typos_are_tolerated(customers, mention, expected):
    assert resolved_name(mention) == expected


def test_bare_acme_is_acme_corporation_when_nobody_can_be_asked(customers):
    assert resolved_name("acme") == "Acme Corporation"  # its whole name, only the start of Acme Labs'


def test_bare_acme_is_ambiguous_for_a_user_without_ties_to_either(customers, rep):
    result = resolve.resolve("acme", rep.id)
    assert isinstance(result, Ambiguous)
    assert {c.name for c in result.candidates} == {"Acme Corporation", "Acme Labs"}
    with pytest.raises(AmbiguousCustomer) as raised:
        resolve.resolve_customer("acme", rep.id)
    assert {c.name for c in raised.value.candidates} == {"Acme Corporation", "Acme Labs"}
    assert resolved_name("acme corp", rep.id) == "Acme Corporation"  # the suffix settles it


def test_ownership_breaks_the_tie(customers, rep):
    labs = customers["Acme Labs"]
    labs.owner = rep
    labs.save()
    assert resolved_name("acme", actor_id=rep.id) == "Acme Labs"
    other = User.create(name="Other Rep")
    assert isinstance(resolve.resolve("acme", other.id), Ambiguous)  # someone else: still a tie


def test_an_open_deal_breaks_the_tie(customers, rep):
    Deal.create(customer=customers["Acme Corporation"], title="Pilot", stage="won")
    assert isinstance(resolve.resolve("acme", rep.id), Ambiguous)  # a won deal is not open
    Deal.create(customer=customers["Acme Labs"], title="Renewal", stage="proposal")
    assert resolved_name("acme", actor_id=rep.id) == "Acme Labs"
    assert resolved_name("acme") == "Acme Labs"  # the signals count without a user too


def test_recent_activity_breaks_the_tie(customers, rep):
    Activity.create(customer=customers["Acme Labs"], kind="call", occurred_at=utcnow() - timedelta(days=90))
    assert isinstance(resolve.resolve("acme", rep.id), Ambiguous)  # long ago
    Activity.create(customer=customers["Acme Labs"], kind="call", occurred_at=utcnow() - timedelta(days=2))
    assert resolved_name("acme", actor_id=rep.id) == "Acme Labs"


def test_ownership_outranks_open_deals(customers, rep):
    Deal.create(customer=customers["Acme Corporation"], title="Renewal", stage="proposal")
    corp_owner = User.create(name="Other Rep")
    labs = customers["Acme Labs"]
    labs.owner = rep
    labs.save()
    assert resolved_name("acme", actor_id=rep.id) == "Acme Labs"
    assert resolved_name("acme", actor_id=corp_owner.id) == "Acme Corporation"


def test_a_city_in_the_context_breaks_the_tie(customers):
    assert resolved_name("acme", context="bump acme (the springfield one, not the labs) to qualified") \
        == "Acme Corporation"
    assert resolved_name("acme", context="the one in boston") == "Acme Labs"
    assert resolved_name("acme", context="acme, not the labs") == "Acme Corporation"


def test_not_found_names_the_nearest(customers):
    result = resolve.resolve("initrode")
    assert isinstance(result, Unknown)
    assert "Initech" in [c.name for c in result.nearest]
    with pytest.raises(CustomerNotFound) as raised:
        resolve.resolve_customer("Initrode Systems")
    assert "Initech" in str(raised.value)


def test_gibberish_is_not_found(customers):
    assert isinstance(resolve.resolve("qwxzv plorf"), Unknown)
    assert isinstance(resolve.resolve(""), Unknown)
    assert isinstance(resolve.resolve("!!!"), Unknown)


def test_resolve_customer_returns_the_model(customers):
    customer = resolve.resolve_customer("stark ind")
    assert isinstance(customer, Customer)
    assert customer.id == customers["Stark Industries"].id


def test_a_customer_added_after_the_index_was_built_is_found(customers):
    assert isinstance(resolve.resolve("pied piper"), Unknown)  # builds and caches the index
    add("Pied Piper", "Palo Alto")
    assert resolved_name("pied piper") == "Pied Piper"


def test_a_renamed_customer_is_found_under_its_new_name(customers, monkeypatch):
    resolve.customer_index()
    hooli = customers["Initech"]
    hooli.name, hooli.name_norm, hooli.updated_at = "Initrode", "initrode", utcnow() + timedelta(seconds=1)
    hooli.save()
    monkeypatch.setattr(resolve, "REFRESH_SECONDS", 0.0)
    assert resolved_name("initrode") == "Initrode"


def test_the_index_is_cached_while_nothing_changes(customers):
    first = resolve.customer_index()
    assert resolve.customer_index() is first
    assert resolve.customer_index(after_miss=True) is first
    add("Hooli")
    assert resolve.customer_index(after_miss=True) is not first


def test_an_empty_database_resolves_nothing(database):
    resolve.invalidate_index()
    assert isinstance(resolve.resolve("acme"), Unknown)


# ---- the in-memory index: no database -------------------------------------------------------
@pytest.fixture(scope="module")
def index() -> CustomerIndex:
    return CustomerIndex.from_names(NAMES)


def spotted(index: CustomerIndex, text: str) -> list[tuple[str, str]]:
    words = fold(text).split()
    return [(" ".join(words[s.start:s.end]), s.candidates[0].entry.name) for s in index.spot(words)]


@pytest.mark.parametrize("text, expected", [
    ("log a call with acme corp, they want a demo", [("acme corp", "Acme Corporation")]),
    ("rang globex no answer", [("globex", "Globex Ltd")]),
    ("visited vandeley industries today", [("vandeley industries", "Vandelay Industries")]),
    ("dunder mifflen printer sync broken", [("dunder mifflen", "Dunder Mifflin")]),
    ("tickets for mueller & soehne pls", [("mueller and soehne", "Müller & Söhne GmbH")]),
    ("lunch w the los pollos folks", [("los pollos", "Los Pollos Hermanos")]),
    ("call initek about the sla", [("initek", "Initech")]),
    ("send the contract to the team", []),
    ("the weather is great today", []),
])
def test_spot_finds_customer_names_in_sentences(index, text, expected):
    assert spotted(index, text) == expected


def test_spot_skips_blocked_words_unless_they_form_a_whole_name():
    index = CustomerIndex.from_names(["Open Systems", "Call Center Co"])
    words = fold("open a ticket for open systems").split()
    blocked = [w in ("open", "ticket", "for", "a") for w in words]
    spots = index.spot(words, blocked)
    assert [(s.start, s.end) for s in spots] == [(4, 6)]


def test_in_memory_resolver_without_signals(index):
    assert CustomerResolver(index).resolve("acme") == Resolved(resolve.CustomerChoice(1, "Acme Corporation",
                                                                                      "Springfield"))
    assert isinstance(CustomerResolver(index, actor_id=7).resolve("acme"), Ambiguous)
    assert CustomerResolver(index).resolve("acme labs") == Resolved(resolve.CustomerChoice(2, "Acme Labs", "Boston"))


def test_names_tied_in_the_same_tier_stay_ambiguous_without_a_user():
    resolver = CustomerResolver(CustomerIndex.from_names(["Stark Industries", "Stark Enterprises", "Starkey Labs"]))
    result = resolver.resolve("stark")
    assert isinstance(result, Ambiguous)
    assert {c.name for c in result.candidates} == {"Stark Industries", "Stark Enterprises"}


def test_reps_singular_and_possessive_forms_name_the_customer():
    resolver = CustomerResolver(CustomerIndex.from_names(["Acme Corporation", "Acme Labs", "Zoë's Kitchen"]))
    spots = resolver.spot(["acme", "lab"])
    assert [(s.start, s.end, s.candidates[0].entry.name) for s in spots] == [(0, 2, "Acme Labs")]
    spots = resolver.spot(["zoe", "kitchen"])  # "zoë's kitchen" reads as the possessive "zoe" + "kitchen"
    assert [(s.start, s.end, s.candidates[0].entry.name) for s in spots] == [(0, 2, "Zoë's Kitchen")]
