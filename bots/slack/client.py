"""Web API clients for SLACK_API_URL: listeners wait out a 429 (Retry-After); senders hand it to the outbox."""
from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, RetryHandler

from crm_core.errors import ConfigError
from crm_core.settings import Settings

SLACK_API_URL = "https://slack.com/api/"
TIMEOUT_SECONDS = 10
RATE_LIMIT_RETRIES = 2


def api_url(settings: Settings) -> str:
    url = settings.slack_api_url or SLACK_API_URL
    return url if url.endswith("/") else url + "/"


def web_client(settings: Settings, *, wait_when_rate_limited: bool = True) -> WebClient:
    """A client with the bot token. With `wait_when_rate_limited` a 429 is retried after its Retry-After."""
    if not settings.slack_bot_token:
        raise ConfigError("SLACK_BOT_TOKEN is not set.", hint="Copy the Bot User OAuth Token (xoxb-...) from the app's settings.")
    handlers: list[RetryHandler] = [ConnectionErrorRetryHandler(max_retry_count=1)]
    if wait_when_rate_limited:
        handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return WebClient(token=settings.slack_bot_token, base_url=api_url(settings), timeout=TIMEOUT_SECONDS,
                     retry_handlers=handlers)
