"""A series moved "for all following" keeps repeating on the day it was moved to (RFC 5545 rules, local times)."""
from datetime import datetime

import pytest
from dateutil.rrule import rrulestr

from crm_core.recurrence import moved

MONDAY_9, TUESDAY_10 = datetime(2027, 3, 22, 9), datetime(2027, 3, 23, 10)


@pytest.mark.parametrize("rule, old, new, want", [
    ("FREQ=WEEKLY;BYDAY=MO", MONDAY_9, TUESDAY_10, "FREQ=WEEKLY;BYDAY=TU"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", MONDAY_9, TUESDAY_10, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", MONDAY_9, datetime(2027, 3, 22, 11), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ("FREQ=WEEKLY;BYDAY=MO,TH", MONDAY_9, TUESDAY_10, "FREQ=WEEKLY;BYDAY=TU,FR"),
    ("FREQ=MONTHLY;BYMONTHDAY=1", datetime(2027, 3, 1, 9), datetime(2027, 3, 3, 9), "FREQ=MONTHLY;BYMONTHDAY=3"),
    ("FREQ=MONTHLY;BYDAY=1MO", datetime(2027, 3, 1, 9), datetime(2027, 3, 9, 9), "FREQ=MONTHLY;BYDAY=2TU"),
    ("FREQ=MONTHLY;BYDAY=-1FR", datetime(2027, 3, 26, 9), datetime(2027, 3, 25, 9), "FREQ=MONTHLY;BYDAY=-1TH"),
    ("FREQ=DAILY", MONDAY_9, TUESDAY_10, "FREQ=DAILY"),
])
def test_the_day_rules_follow_the_move(rule, old, new, want):
    assert moved(rule, old, new) == want
    assert rrulestr(want, dtstart=new)[0] == new  # the moved occurrence is the new series' first
