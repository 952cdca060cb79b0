"""The cue phrases of each command, as regular expressions over `Utterance.canon` (canonical words)."""
from __future__ import annotations

import re
from collections.abc import Iterable

from crm_core.nlp.vocabulary import KINDS, PLATFORMS, PRIORITIES, SEGMENTS, STAGES, STATUSES


def rx(*alternatives: str, flags: int = 0) -> re.Pattern:
    """Whole-word alternatives (longest first); they may use regex syntax."""
    ordered = sorted(set(alternatives), key=len, reverse=True)
    return re.compile(r"(?<![\w#])(?:" + "|".join(ordered) + r")(?![\w])", flags)


def value_rx(table: dict[str, list[str]]) -> tuple[re.Pattern, dict[str, str]]:
    """A regex for every phrase of a value table, and phrase -> canonical value."""
    lookup = {phrase: value for value, phrases in table.items() for phrase in phrases}
    return rx(*(re.escape(p) for p in lookup)), lookup


_MORE_STAGES = {"negotiation": ["nego", "in nego"]}  # reps' short forms the vocabulary lacks
STAGE_RX, STAGE_OF = value_rx({stage: phrases + _MORE_STAGES.get(stage, []) for stage, phrases in STAGES.items()})
PRIORITY_RX, PRIORITY_OF = value_rx(PRIORITIES)
STATUS_RX, STATUS_OF = value_rx(STATUSES)
SEGMENT_RX, SEGMENT_OF = value_rx(SEGMENTS)
KIND_RX, KIND_OF = value_rx(KINDS)
PLATFORM_RX, PLATFORM_OF = value_rx(PLATFORMS)
WEAK_STAGES = frozenset("proposal proposals quote lead leads prospect negotiation negotiations cold qualify closed "
                        "nego".split())

HELP_START = re.compile(r"^(?:(?:hey|hi|hello|ok|so|um|yo) )*(?:bot )?(?:how (?:do|can|should|would) (?:i|we|you)|how to|"
                        r"how does (?:this|it|the bot)|what (?:can|should) i (?:say|ask|type))\b")
# "how do i ..." asks for help only about the bot's own work: "how do i submit my pto" / "how do you spell x" are chatter
HELP_TOPIC = re.compile(r"\b(?:this|it|bot|crm|app|tool|use|using|work|works|talk|type|say to|deals?|tickets?|reminders?|"
                        r"remind|customers?|clients?|accounts?|contacts?|pipeline|digests?|outreach|campaigns?|undo|"
                        r"mistake|correct|fix|follow ?ups?|log|logging|notes?|calls?|meetings?|emails?|activit(?:y|ies)|"
                        r"reports?|segments?|telegram|slack|notifications?|notify|stages?|amounts?|won|lost|move|"
                        r"create|add|edit|change|update|delete|remove|merge|export|import|csv|invite|link|connect|"
                        r"forecast|leaderboard|rates?|currency|team|teammates?|rep|reps|orders?|top|score|sign up|"
                        r"start|commands?|search|find|see|check|show|list|ask|set)\b")
HELP = rx("^(?:[/!] )?help(?: me| us| pls| please| plz)?(?: out)?(?: [!?.])*$", "help me (?:out|with|please|pls)", "need help",
          "can you help", "how can you help", "i need help", "helps", "tips", "hints", "what can you do", "what can this (?:bot |thing )?do", "what can the bot do",
          "what are you able to do", "what do you do", "what (?:commands|things) (?:do|can) you", "commands",
          "command list", "list of commands", "how to use", "how does this work", "example commands", "examples",
          "usage", "instructions", "getting started", "what do you understand", "what can i (?:say|ask|do)",
          "menu", "who are you", "what are you", "how do you work", "what can (?:you|u) help (?:me )?with",
          "cheat ?sheet", "what do i type", "tutorial", "manual", "what (?:else )?can you do")
REMIND = rx("remind me", "remind us", "remind(?! (?:everyone|everybody|the team|the others|them|him|her|all|people|"
            "folks|you|u|everybody|the group|team))", "reminder", "set a reminder", "ping me", "nudge me", "dont let me forget",
            "do not let me forget", "remember to", "alert me", "make sure i", "poke me")
TICKET_WORDS = frozenset("ticket tickets case issue incident number no".split())
_TICKET_MODIFIERS = r"(?: (?:a|an|new|the|another|support|urgent|high|low|normal|medium|quick|priority|prio|p[0-4]|" \
                    r"critical|asap|sev ?[1-4]|bug|customer))*"
CREATE_TICKET = re.compile(
    r"\b(?:open|opened|raise|raised|file|filed|create|created|log|logged|submit|submitted|start|add|make|put in|cut|"
    r"need|want|please open)\b" + _TICKET_MODIFIERS + r" (?:ticket|case|incident|support request|bug report|issue|"
    r"p0|p1|sev1)\b(?! (?:\d|#))"
    r"|\bnew (?:support )?(?:ticket|case|incident|issue|bug)\b"
    r"|^(?:support )?(?:ticket|case|incident) (?:for|about|on|with|from|:)(?!\w)")
TICKET_FIRST = re.compile(r"^(?:new )?(?:support )?(?:ticket|case|incident)(?= [a-z])")  # "ticket globex ...": + a customer
TICKETS_PLURAL = rx("tickets", "cases", "incidents", "issues", "support queue", "queue", "backlog")
TICKET_SINGULAR = rx("ticket", "case", "incident")
LIST_CUE = rx("show", "list", "any", "anything", "what", "which", "whats", "get", "see", "view", "display", "pull up",
              "give me", "how many", "all", "my", "open", "pending", "resolved", "closed", "unresolved", "for",
              "from", "assigned to", "assigned", "check", "lookup", "look up", "find", "does", "do", "have")
HANDLES = re.compile(r"\b(\w+) (?:should|will|can|could|to|must|pls|please) (?:handle|take|own|pick up|look at)\b")
ASSIGN = rx("assign", "assigned", "reassign", "re assign", "give", "hand", "hand over", "handover", "route", "transfer",
            "ill take", "i will take", "i take", "take", "assign it", "ill handle", "i will handle", "im taking",
            "i am taking")
TICKET_PRIORITY_VERB = rx("priority", "prio", "bump", "bumped", "escalate", "escalated", "downgrade", "lower",
                          "raise", "set", "mark", "make", "change", "to")
ADD_CUSTOMER = re.compile(
    r"\b(?:add|added|create|new|register|onboard|set up|setup|make|sign up|signed up)\b(?: (?:a|an|the))?(?: new)? "
    r"(?:customer|client|account|company|cust|prospect|org|organisation|organization)\b(?! (?:segment|list|details|"
    r"info|profile|card))"
    r"|\badd\b .{1,80}? \bas (?:a |an |our )?(?:new )?(?:customer|client|account)\b"
    r"|\bonboard\b")
CREATE_DEAL = re.compile(
    r"\b(?:new|create|creat|add|open|log|start|make|set up|register|book|enter|record|opened|created|added|logged)\b"
    r"(?: (?:a|an|the))?(?: new)?(?: \S+){0,3}? (?:deal|opportunity|opp)\b")
DEAL_FOR = re.compile(r"^(?:deal|opportunity|opp) (?:for|with)\b|\b(?:deal|opportunity|opp) :")
DEAL_NOUN = rx("deal", "deals", "opportunity", "opportunities", "opp", "contract")
MOVE_VERB = rx("move", "moved", "moving", "push", "pushed", "bump", "bumped", "advance", "advanced", "progress",
               "progressed", "set", "change", "changed", "update", "updated", "mark", "marked", "put", "shift",
               "stage", "->", "close it", "close the deal", "close", "closed", "drop", "downgrade", "upgrade",
               "flip", "flag", "promote", "demote")
MOVE_WITHOUT_STAGE = re.compile(r"^(?:(?:please|pls|can you|could you) )*(?:move|push|bump|advance|progress|reopen|"
                                r"re open|update the stage of|change the stage of)\b")
PIPELINE = rx("(?:pipeline|pipe|funnel|forecast)(?! (?:meeting|call|sync|review meeting|doc|template|deck|slides))",
              "pipeline review", "book of business")
OPEN_DEALS = re.compile(r"\b(?:my|open|active|current|all|whats in|what deals|which deals|show deals|list deals|"
                        r"\w+ (?:has|have)|does \w+ have)(?: open| active)? (?:deals|opportunities)\b|"
                        r"\b(?:deals|opportunities) (?:for|of|owned by) \w+\b|\bdeals (?:does|do) \w+ have\b|"
                        r"\b(?:show|list|see|view|display)(?: me)?(?: the| all| our)?(?: open)? (?:deals|opportunities)\b|"
                        r"\b(?:deals|opportunities) (?:closing|expected to close|in (?:the )?(?:pipe|pipeline|funnel))\b")
TOP = re.compile(
    r"\btop(?: \S+)?(?: \S+)? (?:customers|customer|accounts|account|clients|client|buyers|spenders|logos)\b"
    r"|\btop \d+\b|\btop (?:customers|accounts|clients)\b"
    r"|\b(?:biggest|largest|best|most valuable|highest value|highest spending|top spending|top paying|most profitable|"
    r"richest|key|highest revenue|healthiest|strongest|hottest|most engaged|highest scoring|top scoring|best scoring|"
    r"highest scored)(?: \d+| \w+)? (?:customers|accounts|clients|buyers)\b|\b(?:biggest|top|largest) spenders\b"
    r"|\b(?:rank|ranking|ranked|sort|sorted|order|ordered|leaderboard)(?: the| our| all| my)? (?:customers|accounts|"
    r"clients)\b|\bleaderboard\b"
    r"|\bmost likely to (?:buy|purchase|order|convert|spend|close|renew)\b"
    r"|\b(?:spends|spent|spend|buys|bought|pays|paid|pay|bring in|brings in|bringing in|generate|generates|make|makes)"
    r"(?: us)? the most\b|\b(?:most|highest) (?:revenue|spend|sales)\b|\btop spenders\b"
    r"|\b(?:customers|accounts|clients) by (?:revenue|spend|sales|score|health|value)\b")
METRIC_SCORE = rx("score", "scores", "scoring", "health", "health score", "likely to buy", "likely to purchase",
                  "likely to order", "likely to renew", "propensity", "engagement", "clv", "ltv", "lifetime value",
                  "predicted", "likelihood", "p alive", "healthiest", "most engaged", "most likely")
METRIC_REVENUE = rx("revenue", "revenues", "spend", "spends", "spending", "spent", "spenders", "sales", "buys", "buy the most", "money", "dollars", "income",
                    "biggest", "largest", "turnover", "billing", "paid", "pays", "value", "most valuable", "richest",
                    "bookings", "purchases", "bought")
SEGMENT_CONTEXT = rx("segment", "segments", "customers", "customer", "accounts", "clients", "cust", "who", "which",
                     "show", "list", "any", "whos", "who is", "who are", "what", "churn", "churning", "at risk")
SHOW_CUSTOMER_START = re.compile(
    r"^(?:(?:hey|hi|hello|ok|so|quick one|quick q|quick question|please|can you|could you|can|could|would you|"
    r"you|me)\b ?)*"
    r"(?:what do (?:we|you|i) (?:know|have) (?:about|on)|tell me (?:more |everything |all )?about|"
    r"info (?:on|about|for)|(?:can|could|may) (?:i|we) see|let me see|"
    r"information (?:on|about|for)|details (?:for|on|about)|(?:customer|account|client) (?:details|info|profile|card)|"
    r"lookup|look up|pull up|find|search(?: for)?|show(?: me)?(?: the)?(?: customer| account| client)?|"
    r"open(?: up)? the (?:customer|account)|who(?: is|s)? (?:our|the) (?:contact|poc|champion|main contact) (?:at|for)|"
    r"contact (?:info |details )?(?:at|for)|anything (?:on|about|new (?:on|with))|"
    r"what(?: is|s) (?:the (?:story|status|latest|deal|situation|news) (?:with|on|of|for)|up with|going on with|"
    r"new with|happening with)|(?:give me |get me )?(?:a |the )?(?:rundown|run down|lowdown|scoop|brief|briefing|"
    r"update|status|report)(?: update| report)? (?:on|for|about)|who (?:do|should) (?:we|i) (?:talk|speak) to (?:at|in)|contacts? (?:at|for)|"
    r"how(?: is|s) \S+(?: \S+)? doing|how(?: is|s|are|re)(?: things with| it going with| we doing with)?|"
    r"any (?:news|updates?) (?:on|from|about|with)|background on|overview of|summary (?:of|for)|history (?:of|with)|"
    r"brief me on|catch me up on|get me)\b")
SHOW_CUSTOMER_ANY = rx("profile", "details", "info", "overview", "card", "summary", "story", "contact", "background",
                       "rundown", "lowdown", "status of",
                       "what do we know", "tell me about", "lookup", "look up", "pull up", "anything on")
LOG_VERB = rx("log(?! ?in\\b| ?into\\b| ?on\\b| ?out\\b)", "logged(?! ?in\\b| ?into\\b| ?on\\b| ?out\\b)", "record", "recorded", "add a note", "add note", "note down", "jot down", "track",
              "save", "write down", "capture")
FOLLOW_UP = rx("followup", "follow up", "follow", "check back", "check in", "circle back", "touch base", "ping them",
               "call back", "reach out again", "revisit", "next step", "next steps", "chase", "nudge them")
# a date right after these is a follow-up date ("no answer, try again in 10 days", "check fri", "ping on friday")
FOLLOW_UP_BEFORE_DATE = rx("followup", "follow up", "follow", "check back", "check in", "circle back", "touch base",
                           "ping them", "call back", "reach out again", "revisit", "next step", "next steps", "chase",
                           "try again", "try", "check", "ping", "ping on", "check on", "call again", "retry",
                           "nudge", "nudge them")
# asking for what is recorded: "oceanic notes pls", "X - recent notes", "orion brief pls", "last 5 activities"
ASK_FOR_RECORDS = rx("notes pls", "notes please", "notes plz", "recent notes", "last notes", "latest notes",
                     r"(?:last|latest|recent) (?:meeting|call) notes", "brief pls", "brief please", "brief me",
                     "briefing", "show account", r"last \d+ activities", "recent activities", "recent activity",
                     "activity log", "anything i should know")
SPENT = rx("spent", "spend", "spends", "spending", "bought", "buy from us", "buys from us", "ordered", "orders",
           "purchased", "purchases", "revenue from", "lifetime value", "paid us", "pay us")
OFF_TOPIC = rx("deal with it", "deal with this", "deal with that", "big deal", "no big deal", "weather", "rain", "raining", "snow", "sunny", "game", "match", "score of the", "concert", "movie",
               "film", "birthday", "vpn", "wifi", "wi fi", "printer jam", "holiday", "holidays", "thanksgiving",
               "christmas", "xmas", "vacation", "weekend plans", "mom", "dad", "wife", "husband", "girlfriend",
               "boyfriend", "kids", "joke", "song", "music", "football", "soccer", "basketball", "traffic", "parking",
               "coffee machine", "happy hour", "pizza")
EXPLICIT_COMMAND = rx("log", "logged", "add", "create", "open", "move", "remind", "assign", "close", "show", "list",
                      "new deal", "new ticket", "mark", "set", "update", "resolve", "reopen", "pull up", "lookup",
                      "look up", "info on", "tell me about", "what do we know", "new", "push", "bump", "note")
TIME_OF_DAY = re.compile(r"\b(?:at|by|around|before|after) \d{1,2}(?: : \d\d)? ?(?:am|pm)?\b|\b\d{1,2}(?:am|pm)\b|"
                         r"\bin (?:an|a|one|two|three|four|five|\d{1,2}) (?:hours?|hrs?|minutes?|mins?)\b|"
                         r"\b(?:this (?:morning|afternoon|evening)|tonight|later today|before lunch|after lunch)\b")
PRONOUN_REF = rx("them", "they", "it", "this one", "that one", "the deal", "this deal", "that deal", "their deal",
                 "the opportunity", "the account", "the customer", "him", "her")
CHATTER = frozenset("""
please thanks thank you hi hey hello ok okay so just kindly quick quickly could can would will you me for
pls also and then now asap real bot yo hiya um uh oh well lol haha sorry again rn
""".split())


# Invites, the notification channel, digests, outreach and the reminder list (crm_core/nlp/delivery.py)
REMINDING = rx("remind", "ping me", "nudge me", "poke me", "dont let me forget", "do not let me forget", "remember to",
               "make sure i", "set a reminder", "add a reminder", "create a reminder", "new reminder")
NEGATED = rx("dont", "do not", "doesnt", "does not", "didnt", "did not", "never", "no longer", "unlink", "disconnect",
             "stop", "wont", "will not")
TELEGRAM = rx("telegram", "tg")
INVITE_ME = re.compile(
    r"\b(?:link|connect|hook up|hook|pair|set up|setup|add|register|activate|enable|invite|sign up|sign)"
    r" (?:me|myself|my (?:own )?(?:telegram|tg|account|phone|chat))\b"
    r"|\bmy (?:own )?(?:telegram|tg) (?:link|invite|invitation)\b"
    r"|\b(?:i|id|im|ill|we)\b(?: \w+){0,4}? (?:use|using|chat|talk|work|reach|get|be|join)\b"
    r"|\b(?:send|give|get|show) (?:me|us)\b(?: \w+){0,3}? (?:link|invite|invitation)\b"
    r"|^(?:(?:pls|please|hey|hi|ok|bot) )*(?:join|connect|link|pair)(?: my)? (?:telegram|tg)\b"
    r"|^(?:(?:pls|please|hey|hi|ok|bot) )*(?:telegram|tg) (?:invite|link|access)(?: pls| please| plz)?$"
    r"|\b(?:need|want|like|get|have) (?:a |an |the |my )?(?:telegram|tg) (?:link|invite|invitation|access)\b"
    r"|\bhow (?:do|can|could) i (?:link|connect|pair|get you on|use you on|use this on|reach you (?:on|from|via))"
    r"(?: my)? (?:telegram|tg)\b")
INVITE = rx("invite", "invitation", "invite link", "telegram link", "telegram invite", "deep link", "join link",
            "signup link", "sign up link", "onboarding link")
INVITE_TO_TELEGRAM = re.compile(r"\b(?:link|connect|hook up|get|add|onboard|bring)\b.* (?:to|on|onto|with|into) "
                                r"(?:the |our )?(?:telegram|tg)\b")
_THE_BOT = r"(?:the |our )?(?:telegram|tg|support bot|customer bot|telegram bot|tg bot|bot)"
BOT_ACCESS = rx(r"(?:telegram|tg|support bot|customer bot|bot) (?:access|link|invite)", rf"access to {_THE_BOT}",
                rf"link (?:to|for) {_THE_BOT}", rf"up (?:with|to|on) {_THE_BOT}", r"message us on (?:telegram|tg)",
                r"on (?:the |our )?(?:telegram|tg) support")
NOT_AN_INVITE = rx("meeting", "meetings", "demo", "lunch", "dinner", "breakfast", "coffee", "drinks", "call", "webinar",
                   "event", "party", "conference", "qbr", "workshop", "kickoff", "offsite", "summit", "launch", "zoom",
                   "calendar", "standup", "sent", "got", "received", "accepted", "declined", "invited", "us", "from")
INVITE_DESTINATIONS = frozenset("telegram tg bot chat support our the a please pls now app messenger".split())
NOTIFY = rx("notify me", "notify us", "notifications", "notification", "notifs", "alerts", "alert me", "reminders",
            "my reminder", "message me", "dm me", "reach me", "contact me", "send me stuff",
            "send me everything", "send me things")
_PLATFORM_WORDS = "|".join(sorted((re.escape(p) for p in PLATFORM_OF), key=len, reverse=True))
# the channel itself is what is asked for ("use telegram to remind me", "ping me on slack instead of email")
CHANNEL_CHOICE = re.compile(rf"\b(?:use|prefer|switch to|move to|change to|change it to)(?: the| my)? (?:{_PLATFORM_WORDS})\b"
                            rf"|\binstead of (?:{_PLATFORM_WORDS})\b|\b(?:{_PLATFORM_WORDS}) instead\b"
                            rf"|\brather (?:get|have|be|receive)\b.* (?:{_PLATFORM_WORDS})\b")
CHANNEL = re.compile(rf"\b(?:on|via|in|through|thru|over|by|to|using|into|onto|per|with)(?: the| my| our)?"
                     rf" (?:{_PLATFORM_WORDS})\b"
                     rf"|\b(?:use|prefer|switch to|move to|change to|change it to)(?: the| my)? (?:{_PLATFORM_WORDS})\b"
                     rf"|\b(?:{_PLATFORM_WORDS}) (?:instead|please|pls|only|for (?:my |the |all )?"
                     rf"(?:reminders|notifications|alerts))\b")
DIGEST_LEAD_IN = frozenset("a the my our your daily weekly morning evening monthly manager managers email this every "
                           "each any more of todays new show preview view see display stop cancel pause no me".split())
DIGEST_FOLLOWERS = frozenset("preview please pls now at on every each via settings subscription".split())
SHOW_DIGEST = rx("show", "preview", "see", "view", "display", "give me", "get me", "pull up", "send me the", "whats in",
                 "what is in", "what would", "whats on", "whats my", "check", "now", "sample", "so far", "look at",
                 "current", "latest", "post", "drop", "send over", "what does", "yesterdays", "todays", "rn",
                 "right now", "in here", "this chat", "catch me up", "recap", "read me", "summary of my day")
DIGEST_PHRASE = re.compile(r"\b(?:daily|weekly|morning|monthly) "
                           r"(?:summary|summaries|recap|recaps|briefing|briefings|rundown)\b"
                           # the rep's own summary: "give me my briefing", "quick recap pls", "summary of my day"
                           r"|\b(?:my|todays) (?:summary|recap|briefing|rundown)\b|\bsummary of my day\b"
                           r"|^(?:quick |a )?(?:recap|briefing|rundown)(?: pls| please| plz)?$"
                           r"|\b(?:summary|summaries|recap|recaps|briefing|rundown) (?:every|each) "
                           r"(?:day|week|month|morning|evening|night|weekday)\b")
UNSUBSCRIBE = rx("stop", "cancel", "unsubscribe", "unsub", "turn off", "switch off", "disable", "pause", "no more",
                 "dont send", "do not send", "dont want", "do not want", "opt out", "opt me out", "remove me",
                 "take me off", "end", "kill", "mute", "quit", "no longer", "delete", "get rid of", "unsubscribed",
                 r"(?:turn|switch|shut) (?:\w+ ){1,3}off", r"no (?:\w+ )?digests? for me", "no digest", "no digests",
                 r"digests? :? ?off", "drop me", "take me out", "halt", "deactivate", "done with")
SUBSCRIBE = rx("subscribe", "sign me up", "sign up", "set up", "setup", "schedule", "start", "turn on", "enable",
               "i want", "i would like", "id like", "send me a", "get a", "can i get", "change", "move", "switch",
               "opt in", "opt me in", "opt into", "opt me into", "enroll", "enrol", "add me", "put me on", "count me in",
               "include me", r"(?:turn|switch) (?:\w+ ){1,3}on", r"digests? on")
OUTREACH_VERB = rx("send", "message", "text", "ping", "blast", "contact", "reach out to", "reach out", "outreach to",
                   "outreach", "write to", "check in with", "check in on", "do a check in with", "email", "e mail",
                   "mail", "campaign to", "hit up", "drop a line to")
OUTREACH_LEAD_IN = CHATTER | frozenset("lets let us go ahead i we want to would like id need should time it s".split())
OUTREACH_FILLER = frozenset("""the all our my a an every each of to with on in check checkin message msg note quick
short friendly nice segment group customers customer accounts clients cust everyone everybody folks people who are
is outreach win back winback email emails campaign blast text sms messages reminder""".split())
OUTREACH_NOUN = rx("outreach", "outreaches", "campaign", "campaigns")
OUTREACH_STATUS = rx("status", "progress", "finish", "going", "go", "went", "results", "result", "report", "stats", "numbers",
                     "update", "how", "show", "list", "see", "view", "track", "delivered", "sent", "far", "doing",
                     "latest", "check", "whats", "where", "done", "finished")
CHECK_IN = rx("check in", "checkin", "check ins", "checking in")
REMINDER_LIST = re.compile(
    r"\b(?:show|list|see|view|display|check|get|give|pull up|read|whats in|what are|whats|which are|any|upcoming)"
    r"(?: me)?(?: all)?(?: of)?(?: my| our| the)?(?: open| upcoming| pending| due| current| outstanding| active)?"
    r" (?:reminders|reminder list|todos|to dos|to do list|todo list|agenda|follow ups|followup|tasks)\b"
    r"|^(?:(?:please|ok|so|hey|hi|and) )*(?:all )?(?:my|upcoming|open|pending|due|outstanding) "
    r"(?:reminders|todos|to dos|agenda|follow ups|followup|tasks)\b|\breminder list\b"
    r"|\b(?:do|did) (?:i|we) have (?:any )?(?:reminders|todos)\b"
    r"|^reminders (?:for|due|today|tomorrow|this|next)\b|^reminders(?: please)?(?: [?.!])*$"
    r"|\bwhat(?: is| s|s)? (?:due|overdue)(?: (?:today|tomorrow|tonight|soon|this \w+|next \w+(?: \w+)?|"
    r"for (?:me|today|tomorrow|this \w+)|in the next \w+(?: \w+)?|[?.!]))*$"
    r"|\bwhat(?: is| s|s)? on my (?:plate|agenda|list|to do list)\b"
    r"|\bwhat do i have (?:due|on|to do)\b|\bwhats coming up\b"
    r"|^(?:(?:hey|hi|ok|so|bot|pls|please) )*(?:my )?(?:todo|to do|todos|to dos|to do list|todo list|tasks|agenda)"
    r"(?: list)?(?: for (?:today|tomorrow|the week|this week))?(?: pls| please)?(?: [?.!])*$"
    r"|\bwhat (?:should|do|must) i (?:do|need to do|have to do)(?: today| tomorrow| this week| next)?(?: [?.!])*$"
    r"|\bwhat am i forgetting\b|\bwhats on deck\b|\bwhat have i got coming up\b|\bagenda for (?:the|this|next) week\b"
    r"|\banything (?:due|i need to do)(?: today| tomorrow| tmrw| this week| soon)?(?: [?.!])*$"
    r"|\bwhat do i have scheduled\b|\bcalls to make (?:today|tomorrow|this week)\b")
# the words of the cues above worth correcting a typo into ("telgram", "digset"), and no everyday ones
DELIVERY_WORDS = rx(*"""telegram slack console terminal whatsapp digest digests invite invitation notify notifications
notification alerts reminders outreach campaign campaigns unsubscribe subscribe weekly daily monthly preview overdue
agenda""".split())


# plain words near a grammar word that must stay themselves ("board" is not "onboard", "renegotiate" not a stage)
NOT_TYPOS = ("board", "boards", "aboard", "renegotiate", "renegotiating", "renegotiation", "nda", "ndas", "loi",
             "msa", "sow", "signoff", "lounge", "fika", "task", "tasks", "forgetting", "todo",
             "todos", "agenda", "scheduled", "deck",
             "older", "oldest", "unassigned", "sla", "stale", "breaching", "untouched", "stuck", "soonest")  # list filters
SIGNED_PAPERWORK = re.compile(r"\bsigned (?:off on )?(?:the |an |a |our |their )?(?:nda|ndas|mnda|loi|msa|sow|dpa|baa|"
                              r"non disclosure|letter of intent|paperwork for)\b")


def words_of(patterns: Iterable[re.Pattern]) -> frozenset[str]:
    """Plain words inside cue patterns: the grammar's vocabulary (for typo correction and spotting)."""
    found: set[str] = set()
    for pattern in patterns:
        text = re.sub(r"\\[a-zA-Z]|\(\?[:!<=]+|\(\?P<\w+>", " ", pattern.pattern)
        found.update(re.findall(r"(?<![a-z])[a-z]{2,}(?![a-z])", text))
    return frozenset(found)


GRAMMAR_WORDS = words_of([STAGE_RX, PRIORITY_RX, STATUS_RX, SEGMENT_RX, KIND_RX, HELP, REMIND, CREATE_TICKET,
                          TICKETS_PLURAL, ASSIGN, ADD_CUSTOMER, CREATE_DEAL, DEAL_NOUN, MOVE_VERB, PIPELINE, TOP,
                          METRIC_SCORE, METRIC_REVENUE, SHOW_CUSTOMER_ANY, SHOW_CUSTOMER_START, LOG_VERB, FOLLOW_UP,
                          LIST_CUE, TICKET_PRIORITY_VERB, OPEN_DEALS, HELP_START, DELIVERY_WORDS,
                          rx("chance", "chances", "odds", "probability", "likelihood", "history"),
                          rx(*NOT_TYPOS)]) - {
    "up", "on", "at", "by", "of", "to", "in", "is", "it", "me", "us", "we", "do", "am", "an", "so", "no", "go",
    "sun", "fi", "xmas", "org", "key", "co", "ok", "yo", "ing"}


# Questions never write; narratives log; edits of an existing deal (crm_core/nlp/grammar.py)
QUESTION_START = re.compile(
    r"^(?:(?:hey|hi|hello|ok|so|quick q|quick question|and|but|um|also|btw|bot|oh) )*"
    r"(?:what|whats|when|whens|where|wheres|who|whos|whom|whose|which|why|how|hows|any|anything|how many|how much|"
    r"(?:is|isnt|are|arent|was|wasnt|were|werent|will|has|hasnt|have|havent)(?= (?!a |an |been a )\S)|"
    r"(?:did|didnt|do|dont|does|doesnt)(?= (?:they|we|you|i|he|she|it|anyone|anybody|the customer|(?:\S+ ){1,4}(?:ever|"
    r"already|still|actually|sign|pay|reply|answer|buy|call|close|respond|get)))|tell me|show|list|display|pull up|see)\b"
    r"|^(?!.*\b(?:no|not|nothing|none|never|hasnt|havent|isnt|didnt|wasnt|arent|dont|doesnt|wont|cant)\b)"
    r".*\b(?:yet|or what|or not|or still \w+(?: \w+)?)(?: [?!.])*$")
IMPERATIVE = re.compile(r"^(?:(?:pls|please|ok|okay|so|hey|hi|and|then|also|kindly|quick) )*(?:log|add|create|open|"
                        r"move|push|bump|mark|set|update|change|remind|new|close|reopen|resolve|assign|note|record|"
                        r"schedule|raise|file|make)\b")
POLITE_REQUEST = re.compile(r"^(?:(?:hey|hi|hello|ok|so|um|bot|please|pls) )*(?:(?:can|could|would|will|wud|cud) "
                            r"(?:you|u|ya)|is it possible to|(?:would|do) you mind)\b|^(?:(?:hey|hi|ok|so) )*(?:can|could) (?:we|i) (?:please |pls )?"
                            r"(?:log|add|create|open|move|set|update|mark|send|remind|book|schedule|close|assign|"
                            r"invite|change|push|bump)\b")
QUESTION_MARK_END = re.compile(r"\?(?: [?!.])*$")
DEAL_QUESTION = rx("next step", "next steps", "win probability", "win prob", "probability", "likelihood", "chance", "chances", "odds",
                   "forecast", "close date", "closing date", "expected close", "when does it close",
                   "where are we", "where do we stand", "where does it stand", "how close", "are we close",
                   "likely", "sign", "signed", "signing", "close", "closing", "closed", "won", "lost", "quote",
                   "quoted",
                   "when will it close", "deal size", "how big", "how much", "worth", "amount", "stage", "status")
HISTORY = rx("history", "last talk", "last talked", "last spoke", "last speak", "last call", "last contact",
             "last touch", "last heard", "last met", "last meeting", "last email", "latest with", "last time")
NARRATIVE_VERB = rx("signed off", "agreed", "approved", "asked", "asking", "asks", "want", "wants", "wanted",
                    "said", "says", "told", "sent", "came back", "replied", "pushed back", "complained",
                    "complaining", "unhappy", "happy", "liked", "loved", "hated", "rejected", "accepted",
                    "requested", "confirmed", "needs", "need", "needed", "mentioned", "raised", "expect",
                    "expects", "expecting", "waiting", "gave", "got back", "reviewed", "reviewing", "legal")
_NEWS = r"^(?:(?:fyi|so|ok|update|quick update|news|and|also|btw|good news|bad news|heads up) )*"
NARRATIVE_SUBJECT = re.compile(_NEWS + r"(?:they|theyre|theyve|their|he|she|her|his|the customer|the client|"
                               r"their (?:legal|cfo|ceo|cto|team|boss|procurement)|legal (?:is|has|approved|signed)|"
                               r"procurement (?:is|has|approved|signed))\b")
WE_DID = re.compile(_NEWS + r"(?:i|we|ive|weve) (?:just )?(?:sent|agreed|got back|heard back|signed off|walked them|"
                    r"showed them|gave them|told them|promised them|followed up)\b")
SENT_TO = re.compile(r"^(?:(?:fyi|so|ok|just|and|also|i|we|ive|weve|have|has) )*(?:sent|emailed|mailed|shared|"
                     r"forwarded)\b")
UPDATE_DEAL_VERB = rx("bump", "bumped", "change", "changed", "update", "updated", "make it", "make that", "set",
                      "raise", "raised", "lower", "lowered", "increase", "increased", "decrease", "decreased",
                      "reduce", "reduced", "adjust", "adjusted", "revise", "revised", "is now", "now", "actually",
                      "push", "pushed", "slip", "slipped", "slipping", "move", "moved", "is", "went up",
                      "went down", "up to", "down to")
EDIT_THE_DEAL = re.compile(r"\b(?:make|set|change|update|bump|put|adjust|revise|up|edit|correct|raise|lower|reduce|"
                           r"increase|decrease|fix)(?: (?:the|that|this|our|their))? (?:\S+ ){0,4}?(?:deal|opportunity|"
                           r"opp)\b")
THE_DEAL_CHANGED = re.compile(r"^(?:(?:so|ok|fyi|update|and) )*(?:the|that|this|our|their) (?:\S+ ){0,4}?(?:deal|"
                              r"opportunity|opp) (?:grew|went up|went down|dropped|shrank|is now|should be|is actually|"
                              r"changed|increased|decreased)\b")
AMOUNT_EDIT = re.compile(r"\b(?:update|change|set|correct|fix|edit) (?:the )?(?:amount|value|deal size|price)\b"
                         r"|^(?:(?:pls|please) )?(?:reduce|lower|raise|increase|decrease|drop|cut|bump) \S+(?: \S+){0,3}? "
                         r"to\b")
SHOW_THE_DEAL = re.compile(r"^(?:(?:pls|please|can you|could you|quick) )*(?:check|show(?: me)?|pull up|look at|"
                           r"open up|view|see)(?: on)? (?:the|that|this|our) (?:\S+ ){0,4}?(?:deal|opportunity|opp)"
                           r"(?: [?!.])*$")
DEAL_SINGULAR = rx("deal", "opportunity", "opp", "contract", "renewal")
STRONG_DEAL_QUESTION = rx("chance", "chances", "odds", "probability", "likely", "close", "closes", "closing", "sign",
                          "signed", "quote", "quoted", "renewal", "won", "lost", "stage", "worth")
BARE_TICKET_QUESTION = re.compile(r"\b(?:status of|has|is|was) (\d{1,7}) (?:been )?(?:resolved|fixed|closed|done|"
                                  r"sorted|solved)?\b|\bstatus of (\d{1,7})\b")
# what is done to or asked of a ticket named by its bare number ("hand 5050 over to maria", "any movement on 4")
BARE_TICKET_CUE = re.compile(r"\b(?:status of|hows|any (?:movement|news|update|progress) on|check|picked up|pick up|"
                             r"handle|handling|hand|assign|be fixed|fixed)\b")  # not "take 5": a break
DEALS_PLURAL = rx("deals", "opportunities", "opps", "pipeline")
CLOSE_DATE = rx("close date", "closing date", "expected close", "closes", "closing", "close", "will close",
                "should close", "to close", "signing date", "go live")
