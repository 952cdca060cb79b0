"""Where answers go: back through `response_url` (slash commands, buttons) or chat.postMessage into the
conversation; what only the asker should see is ephemeral outside a DM."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from bots.slack.blocks import Asker, is_private, message
from crm_core import report_chart
from crm_core.results import Result, Table

RETRIES = [ConnectionErrorRetryHandler(max_retry_count=1), RateLimitErrorRetryHandler(max_retry_count=2)]


@dataclass(frozen=True)
class Origin:
    """Where a message came from: answers go back there."""
    user: str  # the asker's Slack id
    channel: str
    thread_ts: str | None = None  # the thread the conversation lives in (mentions)
    response_url: str | None = None  # slash commands and button presses
    direct: bool = False  # a DM with the bot: nobody else sees anything there

    @property
    def key(self) -> str:
        """The dialogue's conversation: one per channel and thread."""
        return f"slack:{self.channel}:{self.thread_ts or ''}"


def respond(url: str, payload: dict[str, Any]) -> None:
    response = WebhookClient(url, timeout=10, retry_handlers=list(RETRIES)).send_dict(payload)
    if response.status_code >= 300:
        raise RuntimeError(f"response_url answered {response.status_code}: {response.body[:200]}")


def deliver(client: WebClient, origin: Origin, results: Sequence[Result], key: str | None = None) -> None:
    """Send `results`: the channel's share in the conversation, the asker's own share ephemeral."""
    asker = Asker(key or origin.key, origin.user)
    private = [res for res in results if is_private(res) and not origin.direct]
    public = [res for res in results if origin.direct or not is_private(res)]
    if origin.response_url:
        if public:
            respond(origin.response_url, {**message(public, asker, share=origin.direct and any(map(is_private, public))),
                                          "response_type": "in_channel",
                                          "replace_original": False})
        if private:
            respond(origin.response_url, {**message(private, asker, share=True), "response_type": "ephemeral",
                                          "replace_original": False})
        upload_charts(client, origin, public)
        return
    if public:  # in the bot's DM a report is the asker's alone: Share offers a channel to post it in
        client.chat_postMessage(channel=origin.channel, thread_ts=origin.thread_ts,
                                **message(public, asker, share=origin.direct and any(map(is_private, public))))
    if private:
        client.chat_postEphemeral(channel=origin.channel, user=origin.user, thread_ts=origin.thread_ts,
                                  **message(private, asker, share=True))
    upload_charts(client, origin, public)


def upload_charts(client: WebClient, origin: Origin, results: Sequence[Result]) -> None:
    """A report's chart, when asked for, as a PNG file beside it (files_upload_v2); only where the report itself
    was posted for all to see, or in the asker's DM (a file can't be ephemeral)."""
    for result in results:
        if isinstance(result, Table) and (png := report_chart.png(result)) is not None:
            client.files_upload_v2(channel=origin.channel, thread_ts=origin.thread_ts, title=result.title,
                                   content=png, filename=report_chart.file_name(result))


def replace(origin: Origin, results: Sequence[Result], key: str, *, ephemeral: bool = False) -> None:
    """A button's answer takes the place of the message the button was on; on one only the asker sees,
    a report offers Share in channel."""
    assert origin.response_url
    respond(origin.response_url, {**message(results, Asker(key, origin.user), share=ephemeral or origin.direct),
                                  "replace_original": True})


def say_privately(client: WebClient, origin: Origin, text: str) -> None:
    """A short note only the asker sees (a refusal, an error)."""
    if origin.response_url:
        respond(origin.response_url, {"text": text, "response_type": "ephemeral", "replace_original": False})
    elif origin.direct:
        client.chat_postMessage(channel=origin.channel, thread_ts=origin.thread_ts, text=text)
    else:
        client.chat_postEphemeral(channel=origin.channel, user=origin.user, thread_ts=origin.thread_ts, text=text)
