"""Read-only questions: top customers, one customer, pipeline, segments, help; and adding a customer."""
import pytest

TOP = [
    ("top 10 customers", {"limit": 10}),
    ("show me the top 3 accounts by revenue", {"limit": 3, "metric": "revenue"}),
    ("who are our biggest customers?", {"metric": "revenue"}),
    ("top five clients by health score", {"limit": 5, "metric": "score"}),
    ("rank accounts by revenue", {"metric": "revenue"}),
    ("list the 25 best customers", {"limit": 25}),
    ("which customers are most likely to buy again?", {"metric": "score"}),
    ("top customers by sales this year", {"metric": "revenue"}),
    ("show top twelve customers by score", {"limit": 12, "metric": "score"}),
    ("our most valuable customers pls", {"metric": "revenue"}),
    ("top 50 accounts", {"limit": 50}),
    ("best 4 clients by spend?", {"limit": 4, "metric": "revenue"}),
]
SHOW_CUSTOMER = [
    ("tell me about cyberdyne", {"customer": "Cyberdyne Systems"}),
    ("what's the latest with pied piper?", {"customer": "Pied Piper"}),
    ("info on oscorp pls", {"customer": "Oscorp Industries"}),
    ("pull up the planet express account", {"customer": "Planet Express"}),
    ("lookup gekko & co", {"customer": "Gekko & Co"}),
    ("show me rekall", {"customer": "Rekall Inc"}),
    ("blue sun corp?", {"customer": "Blue Sun Corporation"}),
    ("who is our contact at northwind traders", {"customer": "Northwind Traders"}),
    ("details for contoso", {"customer": "Contoso Ltd"}),
    ("fabrikam profile pls", {"customer": "Fabrikam Inc"}),
    ("what do we have on tailspin toys", {"customer": "Tailspin Toys"}),
    ("customer card for wide world importers", {"customer": "Wide World Importers"}),
    ("how is adventure works doing?", {"customer": "Adventure Works"}),
    ("anything new with fourth coffee?", {"customer": "Fourth Coffee"}),
    ("show customer Frobozz", {"customer": "Frobozz"}),
    ("d'angelo bakery", {"customer": "D'Angelo Bakery"}),
    ("what do we know about Initrode?", {"customer": "Initrode"}),
]
ADD = [
    ("add customer Hooli XYZ, email gavin@hooli.example", {"customer": "Hooli XYZ", "email": "gavin@hooli.example"}),
    ("new client: Dunder Paper Co, phone 555-123-4567", {"customer": "Dunder Paper Co", "phone": "555-123-4567"}),
    ("create a customer called Nakamura Robotics KK", {"customer": "Nakamura Robotics KK"}),
    ("add Stark Tower LLC as a new customer", {"customer": "Stark Tower LLC"}),
    ("onboard Bluebird Cafe, contact: amy@bluebird.example", {"customer": "Bluebird Cafe", "email": "amy@bluebird.example"}),
    ("new customer Ólafsson & Dóttir ehf", {"customer": "Ólafsson & Dóttir ehf"}),
    ("please add a new account named Zeta Widgets with email sales@zeta.example and phone +1 415 555 0100",
     {"customer": "Zeta Widgets", "email": "sales@zeta.example", "phone": "+1 415 555 0100"}),
    ("add customer O'Malley Freight", {"customer": "O'Malley Freight"}),
    ("register new client Quantum Leap Labs", {"customer": "Quantum Leap Labs"}),
    ("set up a new customer: Acme Rockets, based in Phoenix", {"customer": "Acme Rockets"}),
    ("add Cyberdyne Robotics as a customer", {"customer": "Cyberdyne Robotics"}),
    ("new cust - Pizza Planet - pizza@planet.example", {"customer": "Pizza Planet", "email": "pizza@planet.example"}),
]
PIPELINE = [
    ("show me my pipeline", {"owner": "me"}),
    ("what's in my funnel?", {"owner": "me"}),
    ("pipeline for john", {"owner": "john"}),
    ("how does sofia's pipeline look", {"owner": "sofia"}),
    ("show the team pipeline", {}),
    ("my open deals", {"owner": "me"}),
    ("what deals does ahmed have open", {"owner": "ahmed"}),
    ("pull up maria's deals", {"owner": "maria"}),
    ("how's the pipe looking", {}),
    ("pipeline review for Kenji pls", {"owner": "kenji"}),
]
SEGMENT = [
    ("which customers are at risk?", {"segment": "at_risk"}),
    ("show me the champions segment", {"segment": "champions"}),
    ("list hibernating customers", {"segment": "hibernating"}),
    ("who's loyal?", {"segment": "loyal"}),
    ("promising customers pls", {"segment": "promising"}),
    ("show new customers segment", {"segment": "new"}),
    ("which accounts did we lose", {"segment": "lost"}),
    ("who might churn soon", {"segment": "at_risk"}),
    ("dormant accounts", {"segment": "hibernating"}),
    ("customers likely to churn", {"segment": "at_risk"}),
    ("list the lost customers", {"segment": "lost"}),
    ("show at-risk accounts", {"segment": "at_risk"}),
]
HELP = ["help me", "what can I ask you?", "how does this work", "list commands", "how do I create a deal?",
        "what are you capable of?", "show me examples", "usage", "hi bot, what do you do?", "HELP!!!", "/help",
        "what can u help me with"]


@pytest.mark.parametrize("text, slots", TOP)
def test_show_top_customers(check, text, slots):
    check(text, "show_top_customers", slots)


@pytest.mark.parametrize("text, slots", SHOW_CUSTOMER)
def test_show_customer(check, text, slots):
    check(text, "show_customer", slots)


@pytest.mark.parametrize("text, slots", ADD)
def test_add_customer(check, text, slots):
    check(text, "add_customer", slots)


@pytest.mark.parametrize("text, slots", PIPELINE)
def test_show_pipeline(check, text, slots):
    result = check(text, "show_pipeline", slots)
    if not slots:
        assert "owner" not in result.slots


@pytest.mark.parametrize("text, slots", SEGMENT)
def test_show_segment(check, text, slots):
    check(text, "show_segment", slots)


@pytest.mark.parametrize("text", HELP)
def test_help(check, text):
    check(text, "help")


def test_add_customer_keeps_the_name_as_written_even_when_it_resembles_a_customer(check):
    check("add customer Pied Piper Labs", "add_customer", {"customer": "Pied Piper Labs"})


@pytest.mark.parametrize("text, intent, slots", [
    ("had a quick sync with monarch foods today", "log_activity", {"kind": "meeting", "customer": "Monarch Foods"}),
    ("FYI spoke to rekall's CFO, budget frozen", "log_activity", {"kind": "call", "customer": "Rekall Inc"}),
    ("close tix 55", "update_ticket", {"ticket": 55, "status": "closed"}),
    ("reopen 42", "update_ticket", {"ticket": 42, "status": "open"}),
    ("can I see contoso's account?", "show_customer", {"customer": "Contoso Ltd"}),
    ("status update on virtucon", "show_customer", {"customer": "Virtucon"}),
    ("give me a rundown on gekko", "show_customer", {"customer": "Gekko & Co"}),
    ("tips?", "help", {}),
    ("customers we're about to lose", "show_segment", {"segment": "at_risk"}),
    ("show recently acquired customers", "show_segment", {"segment": "new"}),
    ("customers who stopped buying", "show_segment", {"segment": "lost"}),
    ("who buys the most", "show_top_customers", {"metric": "revenue"}),
    ("which clients bring in the most revenue", "show_top_customers", {"metric": "revenue"}),
    ("move the rekall deal", "move_deal", {"customer": "Rekall Inc"}),
    ("show me deals closing this month", "show_pipeline", {}),
    ("tickets raj is working on", "show_tickets", {"assignee": "raj"}),
    ("assign #5 to mark", "update_ticket", {"ticket": 5, "assignee": "mark"}),
    ("pls add Oceanic Airlines, contact is ops@oceanic.example", "add_customer", {"customer": "Oceanic Airlines"}),
])
def test_more_phrasings(check, text, intent, slots):
    check(text, intent, slots)


@pytest.mark.parametrize("text", ["our pipeline meeting is moved to 3pm", "remind everyone about the party",
                                  "help the new intern with onboarding", "I lost my keys", "we won the hackathon!",
                                  "show me the money", "the deal of the century lol", "ticket prices are crazy"])
def test_crm_words_in_chatter(check, text):
    check(text, "unknown")


def test_reopening_a_deal(check):
    command = check("reopen the rekall deal", "move_deal", {"customer": "Rekall Inc"}).to_command()
    assert command.reopen is True and command.stage is None


@pytest.mark.parametrize("text, intent, slots", [
    ("mark rekall closed", "move_deal", {"customer": "Rekall Inc", "stage": "won"}),
    ("how's virtucon?", "show_customer", {"customer": "Virtucon"}),
    ("any news from contoso", "show_customer", {"customer": "Contoso Ltd"}),
    ("add new customer Zeta Corp and a 10k deal for them", "add_customer", {"customer": "Zeta Corp"}),
    ("add customer Johnson and Johnson Medical", "add_customer", {"customer": "Johnson and Johnson Medical"}),
])
def test_later_phrasings(check, text, intent, slots):
    check(text, intent, slots)


def test_what_a_customer_spent_is_their_card_not_a_deal(check):
    check("how much has cyberdyne spent with us", "show_customer", {"customer": "Cyberdyne Systems"})
    check("how much is the cyberdyne deal worth", "show_deal", {"customer": "Cyberdyne Systems"})
