"""What the subcommands share: opening the configured database, waiting for a signal."""
from __future__ import annotations

import threading

from peewee import Database

from crm_core import db
from crm_core.settings import get_settings


def open_configured_database() -> Database:
    """The database of DATABASE_URL, bound to the models."""
    return db.init(get_settings().database_url)


SIGNAL_CHECK_SECONDS = 0.5


def wait_in_main_thread(event: threading.Event) -> None:
    """Until `event` is set, or a signal handler raises. The kernel may deliver SIGTERM to any of the process's
    threads; Python then runs the handler only when the main thread next executes bytecode, which a wait
    without a timeout never does (`crm run` hung on SIGTERM about one time in twenty)."""
    while not event.wait(SIGNAL_CHECK_SECONDS):
        pass
