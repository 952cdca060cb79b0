"""Fillers for build.py: how reps say customers, dates, amounts, stages, people; each with its label."""
import csv
from pathlib import Path

# (how it is said, the customer's stored name): every form resolves to one customer of customers.csv
_FORMS = {
    "Acme Corporation": ["acme corp", "Acme Corporation", "acme corporation", "acme co", "acme corp."],
    "Initech": ["initech", "Initech", "initec", "inittech"],
    "Globex Ltd": ["globex", "Globex", "globex ltd", "globx"],
    "Umbrella Health": ["umbrella health", "Umbrella Health", "umbrela health"],
    "Stark Industries": ["stark", "stark industries", "Stark Ind", "stark industires"],
    "Wayne Enterprises": ["wayne enterprises", "wayne", "Wayne Ent", "wayne enterprizes"],
    "Hooli": ["hooli", "Hooli", "hooly"],
    "Soylent Foods": ["soylent", "soylent foods", "Soylent"],
    "Wonka Chocolate": ["wonka", "wonka chocolate", "Wonka"],
    "Tyrell Systems": ["tyrell", "tyrell systems", "Tyrell Sys", "tyrel"],
    "Vandelay Industries": ["vandelay", "vandelay industries", "Vandelay Ind"],
    "Dunder Mifflin": ["dunder mifflin", "Dunder Mifflin", "dunder mifflen", "dunder"],
    "Nakatomi Trading": ["nakatomi", "nakatomi trading", "Nakatomi"],
    "Bluth Company": ["bluth", "bluth co", "bluth company"],
    "Sterling Cooper": ["sterling cooper", "Sterling Cooper", "sterling coop"],
    "Los Pollos Hermanos": ["los pollos", "los pollos hermanos", "pollos hermanos"],
    "Zhang Wei Trading": ["zhang wei", "zhang wei trading", "Zhang Wei Trading"],
    "Müller & Söhne GmbH": ["müller & söhne", "mueller und soehne", "muller & sohne", "Müller & Söhne GmbH"],
    "O'Brien Logistics": ["o'brien", "obrien logistics", "O'Brien Logistics", "obrien"],
    "Acme Labs": ["acme labs", "Acme Labs", "acme lab"],
    "Umbrella Corp": ["umbrella corp", "Umbrella Corp", "umbrella corporation"],
    "Northwind Traders": ["northwind", "Northwind", "northwind traders", "northwnd"],
    "Pied Piper": ["pied piper", "Pied Piper", "piedpiper", "pied pipper"],
    "Contoso Ltd": ["contoso", "Contoso", "contoso ltd"],
    "Fabrikam Inc": ["fabrikam", "Fabrikam", "fabrikam inc", "fabricam"],
    "Wide World Importers": ["wide world importers", "wide world", "Wide World Importers"],
    "Adventure Works": ["adventure works", "adventureworks", "Adventure Works"],
    "Tailspin Toys": ["tailspin", "tailspin toys", "Tailspin"],
    "Litware Inc": ["litware", "Litware", "litware inc"],
    "Cyberdyne Systems": ["cyberdyne", "Cyberdyne", "cyberdine", "cyberdyne systems"],
    "Gringotts Bank": ["gringotts", "gringotts bank", "Gringotts"],
    "Oceanic Airlines": ["oceanic", "oceanic airlines", "Oceanic Air"],
    "Massive Dynamic": ["massive dynamic", "Massive Dynamic", "massive dynamics"],
    "Aperture Science": ["aperture", "aperture science", "Aperture"],
    "Black Mesa": ["black mesa", "Black Mesa", "blackmesa"],
    "Prestige Worldwide": ["prestige worldwide", "Prestige Worldwide", "prestige world wide"],
    "Target": ["target", "Target"],
    "Apple": ["apple", "Apple"],
    "Summit": ["summit", "Summit"],
    "Beacon": ["beacon", "Beacon"],
    "Gekko & Co": ["gekko", "gekko & co", "Gekko and Co", "geko"],
    "Baker & Sons Ltd": ["baker & sons", "baker and sons", "Baker & Sons Ltd"],
    "Patel & Co": ["patel & co", "patel and co", "Patel & Co"],
    "Smith & Jones Ltd": ["smith & jones", "smith and jones", "Smith & Jones Ltd"],
    "Café Olé": ["cafe ole", "café olé", "Café Olé", "cafe olé"],
    "Crème Brûlée Bakery": ["creme brulee bakery", "crème brûlée bakery", "Creme Brulee"],
    "Zoë's Kitchen": ["zoes kitchen", "zoë's kitchen", "Zoe's Kitchen"],
    "Niño Foods": ["nino foods", "niño foods", "Niño"],
    "Åsa Design AB": ["asa design", "åsa design", "Åsa Design AB"],
    "São Paulo Imports": ["sao paulo imports", "são paulo imports", "sao paulo"],
    "Kowalski GmbH": ["kowalski", "Kowalski GmbH", "kowalsky"],
    "Schmidt Maschinenbau GmbH": ["schmidt maschinenbau", "schmidt", "Schmidt Maschinenbau"],
    "Nordfjord AS": ["nordfjord", "Nordfjord", "nordfjord as"],
    "Tanaka Robotics": ["tanaka", "tanaka robotics", "Tanaka"],
    "Zephyr Robotics": ["zephyr", "zephyr robotics", "Zephyr", "zephr"],
    "Bluebird Logistics": ["bluebird", "bluebird logistics", "Bluebird"],
    "Redwood Analytics": ["redwood", "redwood analytics", "Redwood"],
    "Evergreen Health": ["evergreen", "evergreen health", "Evergreen"],
    "Ironclad Security": ["ironclad", "ironclad security", "Ironclad"],
    "Quantum Leap Inc": ["quantum leap", "Quantum Leap", "quantumleap"],
    "Silverline Media": ["silverline", "silverline media", "Silverline"],
    "Greenfield Farms": ["greenfield", "greenfield farms", "Greenfield"],
    "Harbor Freight Lines": ["harbor freight", "harbour freight", "Harbor Freight Lines"],
    "Maple Leaf Foods": ["maple leaf", "maple leaf foods", "Maple Leaf"],
    "Kangaroo Outdoor": ["kangaroo", "kangaroo outdoor", "Kangaroo"],
    "Sunrise Bakery": ["sunrise bakery", "Sunrise Bakery", "sunrise bakry"],
    "Polaris Aerospace": ["polaris", "polaris aerospace", "Polaris"],
    "Orion Pharma": ["orion", "orion pharma", "Orion Pharma"],
    "Vertex Solar": ["vertex", "vertex solar", "Vertex Solar"],
    "Lumen Labs": ["lumen", "lumen labs", "Lumen Labs"],
    "Atlas Freight": ["atlas", "atlas freight", "Atlas Freight"],
    "Falcon Dental": ["falcon dental", "falcon", "Falcon Dental"],
    "Riverbend Hotels": ["riverbend", "riverbend hotels", "Riverbend"],
    "Copperfield Legal": ["copperfield", "copperfield legal", "Copperfield"],
    "Brightside Schools": ["brightside", "brightside schools", "Brightside"],
    "Mercury Couriers": ["mercury couriers", "mercury", "Mercury Couriers"],
    "Dragonfly Games": ["dragonfly", "dragonfly games", "Dragonfly"],
    "Pinecone Software": ["pinecone", "pinecone software", "Pinecone"],
    "Hernández Construcción": ["hernandez", "hernández construcción", "Hernandez Construccion"],
    "Li & Fung Trading": ["li & fung", "li and fung", "Li & Fung Trading"],
}
MENTIONS = sorted(_FORMS.items())
_STORED = {row["name"] for row in csv.DictReader((Path(__file__).parent / "customers.csv").open(encoding="utf-8"))}
assert set(_FORMS) == _STORED, set(_FORMS) ^ _STORED

# Reference time 2026-11-25T10:00 (Wednesday)
DATES = [
    ("tomorrow", "2026-11-26"), ("tmrw", "2026-11-26"), ("tmr", "2026-11-26"), ("tomorow", "2026-11-26"),
    ("friday", "2026-11-27"), ("fri", "2026-11-27"), ("next friday", "2026-11-27"), ("this friday", "2026-11-27"),
    ("on friday", "2026-11-27"), ("monday", "2026-11-30"), ("mon", "2026-11-30"), ("next monday", "2026-11-30"),
    ("next week", "2026-11-30"), ("tuesday", "2026-12-01"), ("tues", "2026-12-01"), ("next tuesday", "2026-12-01"),
    ("wednesday", "2026-12-02"), ("wed", "2026-12-02"), ("thursday", "2026-11-26"), ("thurs", "2026-11-26"),
    ("saturday", "2026-11-28"), ("sunday", "2026-11-29"), ("in 3 days", "2026-11-28"), ("in two weeks", "2026-12-09"),
    ("in 2 weeks", "2026-12-09"), ("in a week", "2026-12-02"), ("end of month", "2026-11-30"),
    ("end of the month", "2026-11-30"), ("end of the week", "2026-11-27"), ("dec 3", "2026-12-03"),
    ("3 december", "2026-12-03"), ("december 10th", "2026-12-10"), ("dec 15", "2026-12-15"), ("jan 15", "2027-01-15"),
    ("2026-12-07", "2026-12-07"), ("today", "2026-11-25"), ("in 2 days", "2026-11-27"), ("nov 30", "2026-11-30"),
    ("dec 1st", "2026-12-01"), ("the 4th of december", "2026-12-04"), ("in 10 days", "2026-12-05"),
]
DATETIMES = [
    ("friday 3pm", "2026-11-27T15:00"), ("tomorrow at 9am", "2026-11-26T09:00"), ("tmrw 10am", "2026-11-26T10:00"),
    ("monday at 11", "2026-11-30T11:00"), ("today at 4pm", "2026-11-25T16:00"), ("thursday 2:30pm", "2026-11-26T14:30"),
    ("dec 3 at 9:15", "2026-12-03T09:15"), ("tuesday at noon", "2026-12-01T12:00"), ("fri at 8am", "2026-11-27T08:00"),
    ("tomorrow 17:00", "2026-11-26T17:00"), ("at 3pm", "2026-11-25T15:00"), ("next monday 9am", "2026-11-30T09:00"),
]
AMOUNTS = [
    ("12k", 12000, None), ("$12k", 12000, "USD"), ("€20k", 20000, "EUR"), ("20k eur", 20000, "EUR"),
    ("£3.5k", 3500, "GBP"), ("45,000", 45000, None), ("1.2m", 1200000, None), ("$1.5m", 1500000, "USD"),
    ("₹5 lakh", 500000, "INR"), ("2 crore rupees", 20000000, "INR"), ("¥3m", 3000000, "JPY"), ("8.5k", 8500, None),
    ("75000", 75000, None), ("120k", 120000, None), ("$9,900", 9900, "USD"), ("15k usd", 15000, "USD"),
    ("40k chf", 40000, "CHF"), ("25k", 25000, None), ("$250k", 250000, "USD"), ("60k gbp", 60000, "GBP"),
    ("5k", 5000, None), ("18k", 18000, None), ("$7,500", 7500, "USD"), ("€4.2k", 4200, "EUR"), ("90k", 90000, None),
    ("2.5m", 2500000, None), ("32,500", 32500, None), ("€1m", 1000000, "EUR"), ("300k", 300000, None),
]
STAGES = [
    ("lead", "lead"), ("qualified", "qualified"), ("qualifed", "qualified"), ("proposal", "proposal"),
    ("proposal sent", "proposal"), ("quote", "proposal"), ("negotiation", "negotiation"),
    ("negociation", "negotiation"), ("negotiating", "negotiation"), ("won", "won"), ("closed won", "won"),
    ("signed", "won"), ("lost", "lost"), ("closed lost", "lost"), ("dead", "lost"),
]
OPEN_STAGES = [s for s in STAGES if s[1] in ("lead", "qualified", "proposal", "negotiation")]
PEOPLE = ["maria", "raj", "priya", "tom", "dave", "sarah", "john", "li", "ana", "kofi", "emma", "lucas", "aisha",
          "ben", "chen", "olga", "sam", "nina", "omar", "jess"]
NEW_COMPANIES = ["Vance Refrigeration", "Kwik-E-Mart", "Paper Street Soap Co", "Ollivanders", "Duff Brewery",
                 "Spacely Sprockets", "Cogswell Cogs", "Krusty Krab", "Planet Express", "Bob's Burgers",
                 "Wernham Hogg", "Jumanji Games", "Oscorp", "Virtucon", "Monsters Inc", "Gotham Gazette",
                 "Dharma Initiative", "Rekall", "Weyland Yutani", "InGen", "Sabre Corp", "Frobozz Magic",
                 "Bluth Bananas", "Big Kahuna Burger", "Stay Puft", "Blue Sun", "Genco Olive Oil", "Mooby's",
                 "Nimbus Labs", "Helios Energy", "Okonkwo Textiles", "Fjällräven Outlet", "Brasserie Lipp",
                 "Moreno & Hijos", "Kaufmann AG", "Hanamura Tea", "Delgado Farms", "Osei Logistics"]
EMAILS = ["bob@vance.example", "apu@kwikemart.example", "tyler@paperstreet.example", "info@ollivanders.example",
          "sales@duff.example", "george@spacely.example", "hi@nimbus.example", "ops@helios.example",
          "contact@delgado.example", "ama@osei.example"]
PHONES = ["+1-555-0300", "555 0199", "+44 20 7946 0958", "+49 30 1234567", "(555) 010-4477", "+1 415 555 0132"]
SEGMENTS = [("at risk", "at_risk"), ("at-risk", "at_risk"), ("churning", "at_risk"), ("champions", "champions"),
            ("loyal", "loyal"), ("promising", "promising"), ("new", "new"), ("hibernating", "hibernating"),
            ("lost", "lost"), ("likely to churn", "at_risk"), ("repeat", "loyal")]
COUNTS = [("5", 5), ("3", 3), ("ten", 10), ("20", 20), ("five", 5), ("15", 15), ("7", 7), ("twelve", 12), ("25", 25)]
SLACK_IDS = ["U024BE7LH", "U123ABC", "U07QX9Z2M", "U0G9QF9C6"]
EMOJI = ["🙌", "🔥", "👀", "😅", "🎉", "✅", "🤞", "😬", "💰", "🙏", "👍", "😤", "🚀"]
