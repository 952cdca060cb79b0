"""create_deal and move_deal."""
import pytest

CREATE = [
    ("new deal for cyberdyne, 40k, qualified", {"customer": "Cyberdyne Systems", "amount": 40000, "stage": "qualified"}),
    ("create an opportunity for pied piper worth $75,000", {"customer": "Pied Piper", "amount": 75000}),
    ("add a 15k deal for rekall, stage proposal", {"customer": "Rekall Inc", "amount": 15000, "stage": "proposal"}),
    ("new opp: oscorp - 1.2m - negotiating", {"customer": "Oscorp Industries", "amount": 1200000, "stage": "negotiation"}),
    ("open a new deal with planet express for 9,500 dollars", {"customer": "Planet Express", "amount": 9500}),
    ("register a deal with northwind traders, $250k, lead", {"customer": "Northwind Traders", "amount": 250000, "stage": "lead"}),
    ("new deal gekko 3 million", {"customer": "Gekko & Co", "amount": 3000000}),
    ("new deal for blue sky partners, half a million, proposal sent", {"customer": "Blue Sky Partners", "amount": 500000, "stage": "proposal"}),
    ("log a new deal: contoso, 60K EUR, 'Azure migration'", {"customer": "Contoso Ltd", "amount": 60000, "title": "Azure migration"}),
    ("fabrikam wants to buy 500 seats, new deal 45k", {"customer": "Fabrikam Inc", "amount": 45000}),
    ("create deal tailspin toys 12.5k qualified", {"customer": "Tailspin Toys", "amount": 12500, "stage": "qualified"}),
    ("can you create a deal for Wide World Importers called Fleet Renewal for $80k", {"customer": "Wide World Importers", "amount": 80000}),
    ("new opportunity with adventure works ~20k, early stage lead", {"customer": "Adventure Works", "amount": 20000, "stage": "lead"}),
    ("book a deal for fourth coffee: 7k, already signed", {"customer": "Fourth Coffee", "amount": 7000, "stage": "won"}),
    ("new deal for Frobozz Inc, 30k", {"customer": "Frobozz Inc", "amount": 30000}),
    ("creat a deal w/ virtucon, 100k, in negotiations", {"customer": "Virtucon", "amount": 100000, "stage": "negotiation"}),
    ("deal for monarch foods, $5,000", {"customer": "Monarch Foods", "amount": 5000}),
    ("new deal: spacely sprockets, €2.5M, sprocket automation", {"customer": "Spacely Sprockets", "amount": 2500000}),
    ("<@U024BE7LH> oppty for woodgrove bank 65k", {"customer": "Woodgrove Bank", "amount": 65000}),
    ("New Deal - Humongous Insurance - $1,250,000 - Quote", {"customer": "Humongous Insurance", "amount": 1250000, "stage": "proposal"}),
    ("start a deal for trey research at 18 grand", {"customer": "Trey Research", "amount": 18000}),
]
MOVE = [
    ("move cyberdyne to proposal", {"customer": "Cyberdyne Systems", "stage": "proposal"}),
    ("pied piper deal -> negotiation", {"customer": "Pied Piper", "stage": "negotiation"}),
    ("oscorp signed the contract!", {"customer": "Oscorp Industries", "stage": "won"}),
    ("mark the planet express deal as lost", {"customer": "Planet Express", "stage": "lost"}),
    ("we won gekko 🎉", {"customer": "Gekko & Co", "stage": "won"}),
    ("rekall went with a competitor", {"customer": "Rekall Inc", "stage": "lost"}),
    ("push blue sun to qualified", {"customer": "Blue Sun Corporation", "stage": "qualified"}),
    ("northwind traders is now in negotiation", {"customer": "Northwind Traders", "stage": "negotiation"}),
    ("advance the contoso opportunity to the proposal stage", {"customer": "Contoso Ltd", "stage": "proposal"}),
    ("fabrikam: closed lost", {"customer": "Fabrikam Inc", "stage": "lost"}),
    ("change stage of tailspin toys deal to won", {"customer": "Tailspin Toys", "stage": "won"}),
    ("wide world importers deal is dead", {"customer": "Wide World Importers", "stage": "lost"}),
    ("set adventure works to closed won", {"customer": "Adventure Works", "stage": "won"}),
    ("update fourth coffee stage to qualified", {"customer": "Fourth Coffee", "stage": "qualified"}),
    ("move the krämer & söhne deal to negotiation", {"customer": "Krämer & Söhne KG", "stage": "negotiation"}),
    ("spacely sprockets -> lost", {"customer": "Spacely Sprockets", "stage": "lost"}),
    ("bump cogswell from proposal to negotiation", {"customer": "Cogswell Cogs", "stage": "negotiation"}),
    ("virtucon is negotiating now", {"customer": "Virtucon", "stage": "negotiation"}),
    ("Woodgrove Bank closed won!", {"customer": "Woodgrove Bank", "stage": "won"}),
    ("we lost humongous insurance to a competitor", {"customer": "Humongous Insurance", "stage": "lost"}),
    ("move Frobozz to proposal", {"customer": "Frobozz", "stage": "proposal"}),
    ("trey research just signed!!! 🥳", {"customer": "Trey Research", "stage": "won"}),
    ("please move the big kahuna burger opportunity into negotation", {"customer": "Big Kahuna Burger", "stage": "negotiation"}),
    ("open road travel qualified", {"customer": "Open Road Travel", "stage": "qualified"}),
    ("sent the quote to duff brewing, move them to proposal", {"customer": "Duff Brewing Company", "stage": "proposal"}),
    ("monarch solutions deal: stage -> won", {"customer": "Monarch Solutions", "stage": "won"}),
]


@pytest.mark.parametrize("text, slots", CREATE)
def test_create_deal(check, text, slots):
    check(text, "create_deal", slots)


@pytest.mark.parametrize("text, slots", MOVE)
def test_move_deal(check, text, slots):
    check(text, "move_deal", slots)


def test_a_quoted_title(check):
    result = check("Please create a new deal for Pied Piper called 'Edge Compression', amount $32,500, stage qualified.",
                   "create_deal", {"customer": "Pied Piper", "amount": 32500, "stage": "qualified"})
    assert result.slots["title"] == "Edge Compression"


def test_an_ambiguous_customer_stays_as_written_with_candidates(check):
    result = check("move monarch to proposal", "move_deal", {"customer": "monarch", "stage": "proposal"})
    assert {c.name for c in result.frame.candidates} == {"Monarch Solutions", "Monarch Foods"}
    assert result.frame.customer_id is None


def test_context_picks_between_namesakes(check):
    check("move monarch (the austin one) to won", "move_deal", {"customer": "Monarch Solutions", "stage": "won"})


def test_a_whole_name_beats_the_start_of_another(check, resolver):
    check("move rekall to won", "move_deal", {"customer": "Rekall Inc"})  # Rekall Inc's whole name
    check("move rekall labs to won", "move_deal", {"customer": "Rekall Labs"})
    check("move rekall (the boston one) to won", "move_deal", {"customer": "Rekall Labs"})


def test_a_user_who_can_answer_is_asked_instead(resolver):
    from crm_core.nlp_commands import parse
    from crm_core.resolve import CustomerResolver

    from .conftest import NOW
    asking = CustomerResolver(resolver.index, actor_id=3, ask_when_unsure=True)
    result = parse("move rekall to won", NOW, asking)
    assert result.slots["customer"] == "rekall"
    assert {c.name for c in result.frame.candidates} == {"Rekall Inc", "Rekall Labs"}


def test_the_stage_after_the_customer(check):
    check("move pied piper to proposal and oscorp to negotiation", "move_deal",
          {"customer": "Pied Piper", "stage": "proposal"})


def test_a_new_deal_with_its_close_date_is_created_not_an_edit(check):
    check("make a deal for cyberdyne 18k expected close this friday", "create_deal",
          {"customer": "Cyberdyne Systems", "amount": 18000, "expected_close": "2026-11-27"})
    check("make the cyberdyne deal 25k", "update_deal", {"customer": "Cyberdyne Systems", "amount": 25000})
