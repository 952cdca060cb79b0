"""The vocabulary of the demo data: people, companies, places and what they say."""
from __future__ import annotations

DEMO_DOMAIN = "demo.chatcrm.example"

# (name, role, time zone)
USERS = (
    ("Alex Morgan", "admin", "Europe/London"),
    ("Dana Whitfield", "manager", "America/New_York"),
    ("Kenji Sato", "manager", "Asia/Tokyo"),
    ("Maria Garcia", "rep", "Europe/Madrid"),
    ("Li Wei", "rep", "Asia/Shanghai"),
    ("Sam Taylor", "rep", "America/Chicago"),
    ("Priya Sharma", "rep", "Asia/Kolkata"),
    ("Jonas Becker", "rep", "Europe/Berlin"),
    ("Aisha Bello", "rep", "Africa/Lagos"),
)

# Companies the demo always has, so examples in the docs work.
FIXED_COMPANIES = (
    ("Müller & Söhne GmbH", "DE", "München"),
    ("O'Brien Logistics", "IE", "Dublin"),
    ("Acme Corp", "US", "Chicago"),
    ("Café Lumière SARL", "FR", "Lyon"),
    ("Nørgaard Design A/S", "DK", "København"),
    ("D'Angelo Foods S.r.l.", "IT", "Torino"),
)

STEMS = (
    "Northwind", "Blue Harbor", "Silver Birch", "Redwood", "Granite Peak", "Brightwater", "Ironbridge",
    "Lumen", "Orchard Lane", "Pinecrest", "Riverside", "Summit", "Tidewater", "Vertex", "Willow Creek",
    "Zephyr", "Atlas", "Beacon", "Cobalt", "Driftwood", "Evergreen", "Foxglove", "Harborview", "Juniper",
    "Keystone", "Lakeside", "Meridian", "Nimbus", "Oakridge", "Polaris", "Saffron", "Starling",
    "Thornbury", "Westbrook", "Copperfield", "Highland", "Marigold", "Stonegate", "Bluebell",
    "Schäfer", "Fernández", "García Hermanos", "Dubois & Fils", "L'Étoile", "Åkesson", "Ødegaard",
    "Kováč", "Čapek", "São Bento", "Brontë", "McAllister", "O'Neill", "D'Souza", "Van der Berg",
    "De Vries", "Janssens", "Rossi", "Bianchi", "Novák", "Horváth", "Yılmaz", "Nakamura", "Kim & Park",
    "Chen", "Okafor", "Mensah", "Żuraw", "Łukasiewicz", "Gómez", "Lindqvist", "Moreau", "Björk",
)

SECTORS = (
    "Logistics", "Foods", "Textiles", "Robotics", "Consulting", "Analytics", "Bakery", "Builders",
    "Pharma", "Motors", "Software", "Design", "Energy", "Outfitters", "Trading", "Printing", "Dental",
    "Hotels", "Coffee", "Labs", "Furniture", "Marine", "Optics", "Media", "Brewing", "Packaging", "Tools",
    "Travel", "Health", "Farms",
)

# country code -> (dialling code, cities, legal suffixes; "" for none)
COUNTRIES = {
    "DE": ("+49", ("Berlin", "München", "Hamburg", "Köln", "Düsseldorf"), ("GmbH", "AG", "KG", "")),
    "US": ("+1", ("New York", "Chicago", "Austin", "Seattle", "Boston"), ("Inc", "LLC", "Corp", "")),
    "GB": ("+44", ("London", "Manchester", "Leeds", "Bristol"), ("Ltd", "PLC", "")),
    "FR": ("+33", ("Paris", "Lyon", "Marseille", "Toulouse"), ("SARL", "SAS", "")),
    "ES": ("+34", ("Madrid", "Barcelona", "Valencia", "Sevilla"), ("S.L.", "S.A.", "")),
    "IT": ("+39", ("Milano", "Roma", "Torino", "Bologna"), ("S.r.l.", "S.p.A.")),
    "NL": ("+31", ("Amsterdam", "Rotterdam", "Utrecht"), ("B.V.", "")),
    "SE": ("+46", ("Stockholm", "Göteborg", "Malmö"), ("AB",)),
    "DK": ("+45", ("København", "Aarhus"), ("A/S", "ApS")),
    "IE": ("+353", ("Dublin", "Cork"), ("Ltd", "")),
    "IN": ("+91", ("Bengaluru", "Mumbai", "Pune"), ("Pvt Ltd", "")),
    "JP": ("+81", ("Tokyo", "Osaka"), ("K.K.",)),
    "BR": ("+55", ("São Paulo", "Rio de Janeiro"), ("Ltda", "")),
    "AU": ("+61", ("Sydney", "Melbourne"), ("Pty Ltd",)),
}

CONTACT_FIRST_NAMES = ("anna", "ben", "carla", "david", "elena", "felix", "grace", "hugo", "ines", "jack",
                       "kofi", "lena", "marco", "nina", "omar", "paula", "rui", "sofia", "tariq", "yuki")
MAILBOXES = ("info", "sales", "hello", "orders", "office", "contact")

DEAL_PRODUCTS = ("Annual licence", "Pilot project", "Fleet upgrade", "Support renewal", "Onboarding package",
                 "Expansion to new site", "Consulting retainer", "Hardware refresh", "Training days",
                 "Premium support")

ACTIVITY_SUMMARIES = {
    "call": ("Called about the renewal; they want a quote by Friday", "Intro call with the buyer",
             "Follow-up call on pricing", "Checked in after the delivery", "Call about the open invoice"),
    "meeting": ("Demo for the operations team", "Quarterly review on site", "Workshop on requirements",
                "Lunch with the new purchasing lead", "Negotiation meeting with finance"),
    "email": ("Sent the proposal", "Shared the case study", "Answered questions on SLAs",
              "Sent the contract draft", "Emailed the onboarding plan"),
    "note": ("Budget approved for next quarter", "Decision maker is the CFO", "Competitor offered 10% less",
             "Prefers contact by phone", "Expanding to a second warehouse"),
}
ACTIVITY_CHANNELS = ("slack", "slack", "console", "telegram")

TICKET_SUBJECTS = ("Invoice shows the wrong VAT rate", "Can't log in to the portal", "Delivery is late",
                   "Item arrived damaged", "Refund for a returned order", "How do I export my data?",
                   "Wrong size shipped", "Please change our billing address", "Order never arrived",
                   "Question about the warranty", "Charged twice for one order", "Need a copy of the invoice")
CUSTOMER_LINES = ("Hello, {subject_lower}. Can you help?", "Any news on this?", "Thanks, that works for us.",
                  "It still isn't fixed, unfortunately.", "Order number is in the attachment.")
AGENT_LINES = ("Thanks for reaching out, I'm looking into it now.", "Could you send the order number?",
               "I've fixed this on our side; please check again.", "A replacement is on its way.",
               "The refund has been issued, it takes 3-5 days.")
