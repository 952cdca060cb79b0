"""Everything reads the time from crm_core.clock, and a process started by a test lives on the test's day."""
import datetime as dt
import os
import subprocess
import sys

import time_machine

from crm_core import clock
from crm_core.models import utcnow


def test_time_machine_moves_the_clock_the_models_stamp_rows_with():
    with time_machine.travel(dt.datetime(2027, 10, 31, 0, 45, tzinfo=dt.UTC), tick=False):
        assert utcnow() == dt.datetime(2027, 10, 31, 0, 45)
        assert clock.today() == dt.date(2027, 10, 31)
        assert clock.now(dt.timezone(dt.timedelta(hours=-5))).date() == dt.date(2027, 10, 30)


def test_a_process_started_with_an_offset_lives_on_that_day():
    two_years = 2 * 365 * 86400
    already = float(os.environ.get("CRM_CLOCK_OFFSET") or 0)  # the suite itself may run on another day
    code = "from crm_core import clock; print(clock.today().isoformat())"
    env = {**os.environ, "CRM_CLOCK_OFFSET": str(already + two_years)}
    out = subprocess.run([sys.executable, "-c", code], env=env,
                         capture_output=True, text=True, check=True).stdout.strip()
    expected = {(clock.utcnow() + dt.timedelta(seconds=two_years + lag)).date().isoformat() for lag in (0, 60)}
    assert out in expected
