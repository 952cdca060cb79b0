"""Customer names made of everyday words ("Open Systems", "Target", "The Home Depot") are still found,
and everyday sentences do not turn into customers."""
import pytest

from crm_core.nlp_commands import parse
from crm_core.resolve import CustomerIndex, CustomerResolver

from .conftest import NOW, assert_parse

NAMES = ["Summit Partners", "Bright Horizons", "First National Bank", "Red Rock Cafe", "Sunrise Bakery",
         "Green Valley Farms", "Apex Tools", "Blue Ocean Logistics", "Silver Line Media", "Golden Gate Imports",
         "Delta Airlines", "Target Corporation", "Orange SA", "Shell plc", "The Home Depot", "New Horizons Education",
         "Top Notch Cleaning", "Open Systems Ltd", "Call Center Solutions"]


@pytest.fixture(scope="module")
def plain_resolver():
    return CustomerResolver(CustomerIndex.from_names(NAMES))


@pytest.mark.parametrize("text, intent, slots", [
    ("log a call with summit partners, they want a demo", "log_activity", {"customer": "Summit Partners"}),
    ("met the bright horizons team", "log_activity", {"kind": "meeting", "customer": "Bright Horizons"}),
    ("new deal first national bank 200k", "create_deal", {"customer": "First National Bank", "amount": 200000}),
    ("move red rock cafe to won", "move_deal", {"customer": "Red Rock Cafe", "stage": "won"}),
    ("open a ticket for sunrise bakery: oven sensor offline", "open_ticket", {"customer": "Sunrise Bakery"}),
    ("blue ocean logistics signed!", "move_deal", {"customer": "Blue Ocean Logistics", "stage": "won"}),
    ("tickets for golden gate imports", "show_tickets", {"customer": "Golden Gate Imports"}),
    ("delta -> negotiation", "move_deal", {"customer": "Delta Airlines", "stage": "negotiation"}),
    ("call with target, they want pricing", "log_activity", {"customer": "Target Corporation"}),
    ("new deal orange 50k", "create_deal", {"customer": "Orange SA", "amount": 50000}),
    ("emailed shell about the contract", "log_activity", {"kind": "email", "customer": "Shell plc"}),
    ("home depot meeting went well", "log_activity", {"customer": "The Home Depot"}),
    ("tell me about new horizons", "show_customer", {"customer": "New Horizons Education"}),
    ("top notch cleaning -> proposal", "move_deal", {"customer": "Top Notch Cleaning", "stage": "proposal"}),
    ("open a ticket for open systems: vpn broken", "open_ticket", {"customer": "Open Systems Ltd"}),
    ("call center solutions called back", "log_activity", {"customer": "Call Center Solutions"}),
    ("show top 5 customers", "show_top_customers", {"limit": 5}),
    ("open tickets", "show_tickets", {"status": "open"}),
    ("the summit was great", "unknown", {}),
    ("I'll call the bank tomorrow", "unknown", {}),
    ("target is 100k this quarter", "unknown", {}),
    ("we hit our target!", "unknown", {}),
])
def test_everyday_words_in_names(plain_resolver, text, intent, slots):
    assert_parse(parse(text, NOW, plain_resolver), intent, slots)


@pytest.mark.parametrize("text, intent, customer", [
    ("show the target opportunity", "show_deal", "Target"),
    ("met with target today", "log_activity", "Target"),
    ("Target: call went well, follow up friday", "log_activity", "Target"),
    ("sent target the revised quote yesterday", "log_activity", "Target"),  # right after a verb of contact
    ("remind me friday 3pm to call target", "remind", "Target"),
    ("send the target numbers to maria", "unknown", None),  # after a determiner: a thing
    ("we hit our target this quarter", "unknown", None),
    ("the target is 50k", "unknown", None),
])
def test_a_customer_named_by_a_plain_word_is_named_only_where_a_name_goes(text, intent, customer):
    resolver = CustomerResolver(CustomerIndex.from_names(["Target", "Acme Labs"]))
    result = parse(text, NOW, resolver)
    assert result.intent == intent
    assert result.slots.get("customer") == customer


def test_a_misspelt_customer_is_not_read_as_a_command_word():
    resolver = CustomerResolver(CustomerIndex.from_names(["Initech", "Acme Labs"]))
    result = parse("show tickets for initec", NOW, resolver)  # "initec" is nearer Initech than "invite"
    assert (result.intent, result.slots.get("customer")) == ("show_tickets", "Initech")


def test_a_name_that_goes_on_past_a_known_one_is_asked_about_not_taken_for_it():
    names = ["Brightwater Labs", "Brightwater Holdings", "Brightwater Media", "Keystone", "Initech"]
    resolver = CustomerResolver(CustomerIndex.from_names(names))
    farms = parse("open a ticket for Brightwater Farms: can't log in", NOW, resolver)
    assert farms.slots["customer"] == "Brightwater Farms" and farms.commands[0].customer_id is None
    assert "Brightwater Media" in [c.name for c in farms.commands[0].candidates]  # offered beside Add
    orchards = parse("new deal for Keystone Orchards 20k", NOW, resolver)
    assert orchards.slots["customer"] == "Keystone Orchards" and orchards.commands[0].customer_id is None
    assert parse("met initech cfo about pricing", NOW, resolver).slots["customer"] == "Initech"
    assert parse("brightwater labs reported a bug, open a ticket", NOW, resolver).slots["customer"] == "Brightwater Labs"


@pytest.mark.parametrize("text", ["open a ticket for brightwater farms: cant log in", "new deal for keystone orchards 20k",
                                  "keystone analytics wants a demo"])
def test_a_known_name_followed_by_a_trade_in_lower_case_is_asked_about(text):
    resolver = CustomerResolver(CustomerIndex.from_names(["Brightwater Holdings", "Keystone", "Initech"]))
    result = parse(text, NOW, resolver)
    assert result.commands[0].customer_id is None  # asked (Add, or the near names), never written to the known one
    assert {c.name for c in result.commands[0].candidates} & {"Brightwater Holdings", "Keystone"}


def test_a_known_name_followed_by_an_ordinary_word_in_lower_case_is_that_customer():
    resolver = CustomerResolver(CustomerIndex.from_names(["Keystone", "Initech"]))
    assert parse("keystone reported a bug, open a ticket", NOW, resolver).commands[0].customer_id is not None
