"""Words the parser knows: shorthand, canonical values and their synonyms, and plain English it must
not mistake for customer names."""
from __future__ import annotations

# Shorthand and common misspellings -> the canonical word (applied to every word token, after folding).
SHORTHAND = {
    **dict.fromkeys("tmrw tmr tmrow tmrrw tmorrow tomoro tomorow tommorow tommorrow tomorrw 2moro 2morrow 2mrw".split(),
                    "tomorrow"),
    "fwdd": "forwarded", "fwded": "forwarded",
    "tdy": "today", "tonite": "tonight", "2day": "today", "yday": "yesterday",
    "mtg": "meeting", "mtng": "meeting", "mtgs": "meetings",
    "tix": "tickets", "tkts": "tickets", "tkt": "ticket", "tix's": "tickets", "tickt": "ticket",
    **dict.fromkeys("oppty opp oppy oppt opty opportunty oportunity".split(), "opportunity"),
    **dict.fromkeys("opps oppties opptys opportunites".split(), "opportunities"),
    "cust": "customer", "custs": "customers", "custy": "customer", "cx": "customer",
    "acct": "account", "accts": "accounts", "acc": "account",
    "prio": "priority", "pri": "priority", "prty": "priority",
    **dict.fromkeys("pls plz plse pleas pl0x plox pleeease pleeeease".split(), "please"),
    "u": "you", "ur": "your", "r": "are", "ya": "you", "yall": "you",
    "rn": "now", "thx": "thanks", "thnx": "thanks", "ty": "thanks", "tx": "thanks",
    "w": "with", "wth": "with", "abt": "about", "re": "about", "regarding": "about",
    "fu": "followup", "followup": "followup", "followups": "followup", "fup": "followup",
    "wk": "week", "wks": "weeks", "mo": "month", "mos": "months", "yr": "year", "yrs": "years",
    "nxt": "next", "thru": "through", "b4": "before", "gimme": "show", "lemme": "let",
    "chk": "check", "chck": "check", "deets": "details", "convo": "conversation", "msg": "message", "vm": "voicemail",
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday", "weds": "wednesday",
    "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday",
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
    "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november",
    "dec": "december", "infos": "info",
    "opn": "open", "clsoe": "close", "creat": "create", "crete": "create", "craete": "create", "cretae": "create",
    "negotation": "negotiation", "negociation": "negotiation", "negotiaton": "negotiation",
    "pipline": "pipeline", "piepline": "pipeline", "pipleine": "pipeline",
    "remid": "remind", "rmind": "remind", "remmind": "remind", "reminde": "remind",
    "hibernate": "hibernating", "churning": "churning", "champs": "champions", "champ": "champion",
    "qualifed": "qualified", "proposel": "proposal", "propsal": "proposal", "porposal": "proposal",
}

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
MONTHS = {m: n for n, m in enumerate("january february march april may june july august september october "
                                     "november december".split(), start=1)}
NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "hundred": 100, "a": 1, "an": 1, "dozen": 12, "couple": 2, "few": 3})

# canonical value -> phrases (canonical words) that mean it
STAGES = {
    "won": ["closed won", "closed win", "closedwon", "close won", "won", "win", "signed", "signed up", "booked",
            "landed", "closed the deal", "deal closed", "is a go", "closed"],
    "lost": ["closed lost", "closedlost", "close lost", "lost", "dead", "went with a competitor",
             "went with another vendor", "chose a competitor", "picked a competitor", "no go", "killed", "kill",
             "lost the deal", "dropped out", "passed on it"],
    "proposal": ["proposal sent", "sent proposal", "sent the proposal", "sent a proposal", "proposal", "proposals",
                 "quote sent", "sent a quote", "sent the quote", "quote", "quoted", "quoting"],
    "negotiation": ["negotiation", "negotiations", "negotiating", "negotiate", "in talks", "redlining",
                    "contract review"],
    "qualified": ["qualified", "qualify", "sql", "sales qualified"],
    "lead": ["lead", "leads", "prospect", "prospecting", "new lead", "cold"],
}
PRIORITIES = {
    "urgent": ["urgent", "urgently", "asap", "critical", "p1", "p0", "sev1", "sev 1", "emergency", "blocker",
               "top priority", "highest priority", "super urgent"],
    "high": ["high", "high priority", "high prio", "p2", "important", "sev2"],
    "normal": ["normal", "medium", "normal priority", "med", "p3", "regular", "standard"],
    "low": ["low", "low priority", "low prio", "p4", "minor", "whenever", "no rush", "not urgent"],
}
STATUSES = {
    "open": ["open", "reopen", "re open", "reopened", "unresolved", "open again", "back open"],
    "pending": ["pending", "on hold", "waiting on customer", "waiting for customer", "waiting on the customer",
                "waiting", "blocked", "hold"],
    "resolved": ["resolved", "resolve", "fixed", "solved", "done", "sorted"],
    "closed": ["closed", "close", "shut", "closing"],
}
SEGMENTS = {
    "at_risk": ["at risk", "atrisk", "risk of churning", "churn risk", "churning", "likely to churn", "about to churn",
                "churn", "slipping", "at risk segment",
                "about to lose", "might lose", "could lose", "going to lose", "risk losing", "at risk of losing"],
    "champions": ["champions", "champion", "superfans"],
    "loyal": ["loyal", "loyalists", "repeat customers"],
    "promising": ["promising"],
    "potential_loyalists": ["potential loyalists", "potential loyalist", "potential_loyalists"],
    "need_attention": ["need attention", "needs attention", "needing attention", "need_attention"],
    "about_to_sleep": ["about to sleep", "about_to_sleep", "falling asleep"],
    "cant_lose_them": ["can't lose them", "cant lose them", "cannot lose them", "can not lose them", "cant_lose_them"],
    "new": ["new customers segment", "new segment", "newest customers", "new customers", "recent customers",
            "new accounts", "new clients", "recently acquired", "newly acquired", "new signups", "first time buyers",
            "first time customers"],
    "hibernating": ["hibernating", "dormant", "asleep", "sleeping", "gone quiet", "inactive"],
    "lost": ["lost customers", "lost accounts", "churned", "have we lost", "did we lose", "we have lost",
             "lost segment", "lost clients",
             "stopped buying", "stopped ordering", "no longer buying", "gone for good"],
}
# where notifications, digests and invites go; only slack, telegram and console are supported (the
# services refuse the others with a clear answer, so they are recognised rather than ignored)
PLATFORMS = {
    "telegram": ["telegram", "telegram app", "tg"],
    "slack": ["slack", "slack dm", "slack dms", "slack app"],
    "console": ["console", "terminal", "cli", "command line"],
    "email": ["email", "e mail", "mail", "inbox", "emails"],
    "sms": ["sms", "text message", "text messages", "text me", "by text", "via text", "texts"],
    "whatsapp": ["whatsapp", "whats app"],
}
KINDS = {
    "call": ["phone call", "called", "call", "calls", "calling", "phoned", "phoning", "phone", "rang", "ring", "ringing",
             "dialed", "dialled", "convo", "conversation", "chat", "chatted", "chatting", "talking to", "speaking with",
             "spoke with", "spoke to", "spoken with", "talked to", "talked with", "talk with", "voicemail",
             "got off the phone", "on the phone", "cold called", "cold call", "zoom call", "hung up", "video call",
             "videocall", "facetime", "facetimed", "llamada", "videollamada"],
    "meeting": ["meeting", "meetings", "met", "meet", "meeting with", "demo", "demoed", "demod", "demoing", "visit",
                "visited", "visiting", "site visit",
                "lunch", "dinner", "coffee", "breakfast", "drinks", "presentation", "presented", "workshop",
                "onsite", "qbr", "sat down with", "catch up", "caught up with", "in person", "sync with", "synced with", "quick sync", "had a sync",
                "huddle", "check in meeting", "kickoff", "kick off", "workshop with", "zoom", "zoom meeting", "f2f",
                "face to face", "dropped by", "stopped by", "popped in", "on site", "business review", "review with",
                "pitch", "pitched", "visita", "reunion"],
    "email": ["email", "emailed", "emailing", "mailed", "fwd", "forwarded", "wrote to", "written to", "sent an email",
              "messaged", "replied to", "e mail", "e mailed", "mail"],
    "note": ["note", "notes", "noted", "fyi", "jot"],
}

COMMON_FIRST_NAMES = frozenset("""
aaron adam adrian ahmed aisha alan alex alexander ali alice alicia amanda amy ana andrea andrew andy angela anna
anne anthony antonio arjun ben benjamin beth bill bob brad brian bruce carla carlos carol caroline catherine
charles charlie chen chris christina christine claire daniel dave david deepa diana diego dmitri dan ed edward
elena elizabeth ella emily emma eric erik eva fatima frank gary george grace greg hana hannah harry helen henry
ian isabel jack jacob james jane jason jen jenny jeff jennifer jessica jim joe john jon jonathan jose joseph josh
juan julia julie kate katie kevin kim laura lee leo liam linda lisa liz lucas lucy luis maria mark martin mary
matt matthew max mei michael michelle mike mohamed mohammed nancy natalie nick nicole nina noah olga oliver olivia
omar pat patrick paul pedro peter phil priya rachel raj rahul ravi rebecca richard rita rob robert ron rosa ryan
sam samantha sandra sara sarah scott sean sophie stephanie steve steven sue susan tanya tom tim tina tony vikram
wei will william yuki zoe
abigail amelia ava chloe ethan evelyn harper isaac isla logan mason mia nathan owen ruby zara
""".split())

# Plain words that are never a customer on their own (they may be part of a longer name).
COMMON_WORDS = frozenset("""
a about above tracking after again against all almost also always am an and another any anyone anything anyway are around
as ask asked at away back bad be because been before being below best better between big bit both but by can
cannot cant come could couldnt day days did didnt do does doesnt doing done dont down during each early either
else end enough even ever every everyone everything few find first for from full get gets getting give go goes
going gone good got great had has hasnt have havent having he her here hers him his how however i if im in into
is isnt it its just keep kind know last late later least less let lets like little long look looking lot lots
made make many may maybe me might mine more most much must my myself need needs never new next nice no none nor
not nothing now of off oh ok okay old on once one only or other our ours out over own part people per place
please put quite rather really right said same saw say see seem seems seen several shall she should show side
since so some someone something soon still such sure take than thank thanks that thats the their them then there
these they theyre thing things think this those though through thus till to today together too took toward
tried try trying under until up upon us use used very via want wanted wants was way we week well went were what
whats when where whether which while who whole whom whos why will with within without wont work would yes yet
you your yours yourself hi hey hello ugh lol wow yeah yep nope cool awesome folks guys team everyone anybody
again already still just really actually basically literally kinda sorta pretty super very quick quickly
morning afternoon evening night tonight weekend hour hours minute minutes time times month months year years
week weeks yesterday tomorrow happy sad tired busy long short great good bad fine okay
contract contracts invoice invoices pricing price prices budget budgets approved approval renewal renewals
demo demos proposal quote order orders shipping delivery delays delay payment payments billing bill account
accounts customer customers client clients vendor vendors partner partners product products service services
support issue issues problem problems question questions report reports data export import login password
team manager boss cfo ceo cto vp director sales marketing finance legal ops operations engineering it hr
sheet doc docs document documents deck slides email emails call calls meeting meetings note notes message
plan plans project projects pilot trial license licenses seats users units terms discount offer deal deals
update updates status stage stages pipeline forecast target targets goal goals number numbers revenue value
home office site page portal app platform system systems tool tools feature features dashboard dashboards
mom dad wife husband kids family friend friends game games weather rain sun snow traffic lunch dinner coffee
concert movie party holiday holidays vacation birthday thanksgiving christmas
""".split())

# More everyday English (verbs first): words after "to"/"with" that are never a name on their own.
COMMON_WORDS = COMMON_WORDS | frozenset("""
send sent sending check checking checked prep prepare prepared review reviewed renew renewed pay paid chase ask
asking tell telling share shared confirm confirmed schedule scheduled book draft write read sign finish finished fix
fixing ship shipped deliver delivered invoice invoiced bill billed price discuss discussed present visit meet
negotiate cancel cancelled canceled approve reply respond responded forward submit upload download install test
tested deploy train onboarding contact reach connect introduce intro sync plan planned talk speak text ping remove
delete make do go come see look find give take bring buy bought sell sold hire try start stop keep hold wait like
love hate think feel say mention record happen happened help learn leave left lose meet pick prefer provide push
raise reach run running sound stay suggest support switch expect explain agree agreed allow answer appear apply
arrive become begin believe build call change choose close consider continue cover create cut decide describe
develop die discover drive eat enjoy enter expect fall fill fly follow forget grow hear hope include increase
involve join kill know lay lead lie listen live manage matter mean move need offer open pass play point prove
reduce refer remain remember repeat report require rest return rise save seek serve set settle show shut sit sleep
solve spend stand steal stick strike study succeed suffer teach tend throw touch travel treat turn understand
wake walk watch wear win wish wonder worry
able bad big black blue clear close common current dark different difficult early easy economic entire fair final
fine free general green hard high hot huge important large last late left light local low main major middle
modern national natural nice normal open past personal poor possible public real recent red right serious short
similar simple single small social special strong sure true white whole wide wrong young
answer area arm art back ball bank bed bit blood body book box boy car care case cause center chair child city
class code college cost country course cup door end eye face fact field figure film fire floor food form future
girl ground group growth hair half hand head health heart heat hole husband idea image industry interest job key
kid kind land language law level life line list man market member mind minute model money morning mother
music name nation nature need network news night number office order page paper parent party pay period person
phone picture piece plan point police policy power president pressure price problem process program property
public quality question race rate reason record region relationship research response result road role room rule
school sea season seat sense share shot side sign sister situation size skill society son sound source space
speech staff star state step story street student study subject success summer system table task tax teacher term
test thing thought town trade training tree trial truth type unit value view voice wall war water wind window
woman word world writer
""".split())

SUBJECT_PRONOUNS = frozenset("""
me my mine myself i we us our ours you your yours he him his she her hers they them their theirs it its this
that these those someone anyone everyone somebody anybody everybody nobody mom dad team folks guys all
""".split())

# Everyday words one or two letters from a word the grammar reads, that are no typo of it: left as written, so
# "going to the apple store" is not an "apple score", "signed the lease" no "please", "ideas" no "deals", "stock"
# no "stuck", "loved" no "moved", "covers" no "over" (found by running the typo fixer over train.jsonl's words)
EVERYDAY_WORDS = frozenset("""
annual beach bored bother breach brought building bunch burning calmed cares channels chaos charge charged charts
clause cover covers covering crashes creative currency custom customs cutting dying expects failing flowers france
halved heads heating hopped house ideas interactions kicked killer killing leaking lease loads locked loops loved
match mount nailed opening orange parking payers phase priciest promo quota resend revise saying samples scope
scratch sitting slick smart sorry speeding spring square stapler starter station stickers stock storage store stores
survey sweet switched tight tough tower truck walked watching writing wasnt gavin marco
""".split())
