"""What the subcommands share: opening the configured database."""
from __future__ import annotations

from peewee import Database

from crm_core import db
from crm_core.settings import get_settings


def open_configured_database() -> Database:
    """The database of DATABASE_URL, bound to the models."""
    return db.init(get_settings().database_url)
