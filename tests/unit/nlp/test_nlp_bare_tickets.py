"""Issue 12: a ticket said by its bare number, "how do i ..." that is not about the bot, narratives after a name."""
import pytest

from crm_core.nlp_commands import parse
from tests.unit.nlp.conftest import NOW


@pytest.mark.parametrize("text, slots", [
    ("set 412 to pending", {"ticket": 412, "status": "pending"}),
    ("319 can be closed now", {"ticket": 319, "status": "closed"}),
    ("hand 6060 over to maria", {"ticket": 6060, "assignee": "maria"}),
    ("take 208 off my plate, assign to lucas", {"ticket": 208, "assignee": "lucas"}),
    ("i'll handle 57", {"ticket": 57, "assignee": "me"}),
    ("902 back to open", {"ticket": 902, "status": "open"}),
])
def test_a_bare_number_said_with_what_is_done_to_a_ticket_is_that_ticket(check, text, slots):
    check(text, "update_ticket", slots)


@pytest.mark.parametrize("text, number", [("how's 1307 going", 1307), ("any movement on 8", 8),
                                          ("need the status of 3579 asap", 3579), ("when will 93 be fixed", 93)])
def test_a_bare_number_asked_about_is_read_never_changed(check, text, number):
    check(text, "show_ticket", {"ticket": number})


@pytest.mark.parametrize("text", ["open up 455 so i can see it", "they want 40 seats, set it up", "show top 5",
                                  "we're reviewing 3 vendors"])
def test_a_number_that_is_no_ticket_never_changes_one(resolver, text):
    assert parse(text, NOW, resolver).intent != "update_ticket"


@pytest.mark.parametrize("text", ["how do i submit my expenses", "how do you say thanks in german",
                                  "how do i get a parking pass"])
def test_how_do_i_about_anything_else_is_no_help_request(resolver, text):
    assert parse(text, NOW, resolver).intent != "help"


@pytest.mark.parametrize("text", ["how do i log a call", "how do i close a ticket", "how does this work"])
def test_how_do_i_about_the_bots_work_is_help(check, text):
    check(text, "help")


def test_a_narrative_after_a_name_is_logged_not_asked(check):
    check("Cyberdyne are reviewing 2 other vendors, we're the cheapest", "log_activity",
          {"customer": "Cyberdyne Systems", "kind": "note"})


@pytest.mark.parametrize("text, kind", [("on-site with pied piper today, they want a pilot", "meeting"),
                                        ("contoso pitch went well, they want references", "meeting"),
                                        ("virtucon: videollamada con el cto, they want a quote", "call")])
def test_activity_kinds_said_as_reps_say_them(check, text, kind):
    check(text, "log_activity", {"kind": kind})


@pytest.mark.parametrize("text, intent", [
    ("send me a summary every week", "subscribe_digest"), ("i'd like a recap each day", "subscribe_digest"),
    ("give me my recap", "show_digest"), ("briefing pls", "show_digest"),
    ("halt my digest", "unsubscribe_digest"), ("we're done with the weekly digest", "unsubscribe_digest"),
])
def test_the_digest_said_as_a_summary_recap_or_briefing(check, text, intent):
    check(text, intent)


def test_a_recap_sent_to_a_customer_is_no_digest(resolver):
    assert "digest" not in parse("sent virtucon a recap of the call", NOW, resolver).intent


def test_every_evening_at_5_is_five_pm(check):
    check("send me the digest every evening at 6", "subscribe_digest", {"at": "18:00"})


@pytest.mark.parametrize("text, amount", [("contoso deal dropped to 7k, they cut seats", 7000),
                                          ("fabrikam opp value 2m", 2000000)])
def test_a_deals_figure_that_changed_edits_the_deal(check, text, amount):
    check(text, "update_deal", {"amount": amount})


@pytest.mark.parametrize("text, intent, slots", [
    ("was on the phone with contoso for an hour, they want changes, follow up friday", "log_activity",
     {"customer": "Contoso Ltd", "kind": "call", "follow_up": "2026-11-27"}),
    ("we're negotiating with virtucon now, update the stage", "move_deal",
     {"customer": "Virtucon", "stage": "negotiation"}),
])
def test_a_statement_that_starts_like_a_question_is_no_question(check, text, intent, slots):
    check(text, intent, slots)


def test_a_question_that_starts_with_was_is_still_asked(check):
    check("was the contoso deal won?", "show_deal", {"customer": "Contoso Ltd"})


@pytest.mark.parametrize("text, slots", [
    ("not contoso ltd, fabrikam inc", {"customer": "Fabrikam Inc"}),
    ("not 20 - 200k", {"amount": 200000}),
    ("should be tailspin toys", {"customer": "Tailspin Toys"}),
    ("no i said virtucon not virginia", {"customer": "Virtucon"}),
    ("eh i meant thursday", {"date": "2026-11-26"}),
    ("scratch that, friday", {"date": "2026-11-27"}),
])
def test_corrections_said_as_reps_say_them(resolver, text, slots):
    from crm_core.nlp.corrections import detect
    said = detect(text, NOW.date(), resolver)
    assert said is not None and said.intent == "correct" and said.slots == slots


@pytest.mark.parametrize("text", ["i said no", "should be fine", "not bad, thanks"])
def test_what_only_looks_like_a_correction_corrects_nothing(resolver, text):
    from crm_core.nlp.corrections import detect
    said = detect(text, NOW.date(), resolver)
    assert said is None or said.intent != "correct"


@pytest.mark.parametrize("text", ["remind me what the door code is", "remind me why i signed up for this lol",
                                  "remind me never to volunteer again"])
def test_remind_me_of_a_fact_sets_no_reminder(resolver, text):
    assert parse(text, NOW, resolver).intent == "unknown"


def test_remind_me_what_i_have_to_do_lists_the_reminders(check):
    check("remind me what i have to do tomorrow", "show_reminders")


@pytest.mark.parametrize("text", ["i wish i could undo last week", "can't undo the past", "need an undo button for mondays"])
def test_wishing_something_undone_undoes_nothing(resolver, text):
    from crm_core.nlp.corrections import detect
    said = detect(text, NOW.date(), resolver)
    assert said is None or said.intent != "undo"


@pytest.mark.parametrize("text", ["the weather forecast says snow", "my pipeline of podcasts is huge",
                                  "cyber monday deals are wild", "loyal customers at my gym get a free shirt"])
def test_a_remark_that_shares_a_crm_word_is_chatter(resolver, text):
    assert parse(text, NOW, resolver).intent == "unknown"


@pytest.mark.parametrize("text", ["gekko from accounting says hi", "virtucon says thanks!", "oscorp said hello to everyone"])
def test_a_greeting_passed_on_logs_nothing(resolver, text):
    assert parse(text, NOW, resolver).intent == "unknown"


def test_what_a_customer_says_is_still_logged(resolver):
    said = parse("virtucon says they want a demo", NOW, resolver)
    assert said.intent == "log_activity" and said.slots["customer"]


@pytest.mark.parametrize("text, intent", [("what's my pipeline looking like", "show_pipeline"),
                                          ("show at risk customers", "show_segment"),
                                          ("deals closing this month", "show_pipeline")])
def test_asking_for_the_same_things_still_reads_them(check, text, intent):
    check(text, intent)


@pytest.mark.parametrize("text", ["highest scoring clients", "our biggest spenders"])
def test_top_customers_said_by_score_or_spend(check, text):
    check(text, "show_top_customers")


@pytest.mark.parametrize("text", ["how's the loyal campaign doing", "did the at-risk campaign finish"])
def test_a_campaign_to_a_segment_asked_about_is_the_outreach_status(check, text):
    check(text, "show_outreach")


@pytest.mark.parametrize("text, via", [("stop using email, notify me on telegram", "telegram"),
                                       ("stop pinging me on slack, use sms", "sms")])
def test_the_channel_stopped_is_not_the_one_chosen(check, text, via):
    check(text, "set_notify_via", {"via": via})


def test_a_ticket_for_a_company_said_first_names_it(check):
    check("ticket for wernham hogg - exports fail, high", "open_ticket",
          {"customer": "wernham hogg", "priority": "high"})


@pytest.mark.parametrize("text", ["take 5", "taking 5, brb"])
def test_a_break_is_no_ticket_taken(resolver, text):
    assert parse(text, NOW, resolver).intent != "update_ticket"
