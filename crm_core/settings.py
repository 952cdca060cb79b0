"""Settings from the environment (a `.env` file in the working directory is honoured)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import load_dotenv

from crm_core.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///crm.db"
    broker_url: str | None = None
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    slack_support_channel: str | None = None
    telegram_bot_token: str | None = None
    telegram_api_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_bot_username: str | None = None  # for t.me deep links; else the one the bot stored on start
    business_hours: str | None = None  # e.g. "Mon-Fri 09:00-17:00" in CRM_TIMEZONE; unset: always open
    timezone: str = "UTC"
    currency: str = "USD"  # ISO 4217: a deal's currency when the message names none
    locale: str = "en_US"  # how amounts are written (Babel), e.g. "de_DE" for 20.000,00 €
    undo_window_minutes: int = 15
    memory_minutes: int = 30  # how long a conversation remembers what it is about ("move it", "that deal")
    churn_horizon_days: int = 90  # churn risk = chance of no purchase within this many days
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


_ENV_NAMES = {
    "database_url": "DATABASE_URL",
    "broker_url": "BROKER_URL",
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_app_token": "SLACK_APP_TOKEN",
    "slack_api_url": "SLACK_API_URL",
    "slack_support_channel": "SLACK_SUPPORT_CHANNEL",
    "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
    "telegram_api_url": "TELEGRAM_API_URL",
    "telegram_webhook_url": "TELEGRAM_WEBHOOK_URL",
    "telegram_webhook_secret": "TELEGRAM_WEBHOOK_SECRET",
    "telegram_bot_username": "TELEGRAM_BOT_USERNAME",
    "business_hours": "CRM_BUSINESS_HOURS",
    "timezone": "CRM_TIMEZONE",
    "currency": "CRM_CURRENCY",
    "locale": "CRM_LOCALE",
    "undo_window_minutes": "CRM_UNDO_WINDOW_MINUTES",
    "memory_minutes": "CRM_MEMORY_MINUTES",
    "churn_horizon_days": "CRM_CHURN_HORIZON_DAYS",
}


def from_environ(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for attr, name in _ENV_NAMES.items():
        raw = env.get(name, "").strip()
        if raw:
            values[attr] = raw
    if "undo_window_minutes" in values:
        try:
            values["undo_window_minutes"] = int(values["undo_window_minutes"])  # type: ignore[arg-type]
        except ValueError:
            raise ConfigError("CRM_UNDO_WINDOW_MINUTES must be a whole number of minutes") from None
    if "memory_minutes" in values:
        try:
            values["memory_minutes"] = int(values["memory_minutes"])  # type: ignore[arg-type]
        except ValueError:
            raise ConfigError("CRM_MEMORY_MINUTES must be a whole number of minutes") from None
    if "churn_horizon_days" in values:
        raw = str(values["churn_horizon_days"])
        if not raw.isdigit() or int(raw) < 1:
            raise ConfigError("CRM_CHURN_HORIZON_DAYS must be a whole number of days, at least 1")
        values["churn_horizon_days"] = int(raw)
    if "currency" in values:
        values["currency"] = str(values["currency"]).upper()
        if len(values["currency"]) != 3 or not values["currency"].isalpha():  # type: ignore[arg-type]
            raise ConfigError(f"CRM_CURRENCY {values['currency']!r} is not a currency code; use one like USD or EUR")
    settings = Settings(**values)  # type: ignore[arg-type]
    try:
        settings.tz
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"CRM_TIMEZONE {settings.timezone!r} is not a time zone; use a name like Europe/Berlin") from None
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    load_dotenv(os.path.join(os.getcwd(), ".env"), override=False)
    return from_environ()
