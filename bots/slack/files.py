"""Files agents share in Slack: what a ticket reply keeps of them, and fetching one with the bot token.

Slack's `files` on a message event carry `url_private_download`, readable with the bot token
(`files:read`); a file shared with `file_access: check_file_info` comes without it, so files.info is asked.
The token goes only to Slack's file host (or to SLACK_API_URL's host: a local fake in tests).
"""
from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bots.slack.client import api_url
from crm_core.settings import get_settings
from workers.senders import PermanentFailure, RetryLater

log = logging.getLogger(__name__)

SLACK_FILE_HOSTS = frozenset({"files.slack.com"})
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
TIMEOUT = httpx.Timeout(60.0, connect=10.0)
CHUNK = 1024 * 1024


def attachment(file: dict[str, Any]) -> dict[str, Any] | None:
    """A Slack file as a ReplyToTicket attachment; None when Slack gave no way to fetch it."""
    url = file.get("url_private_download") or file.get("url_private")
    if not url:
        return None
    mimetype = file.get("mimetype") or "application/octet-stream"
    return {"name": file.get("name") or file.get("title") or "file", "size": file.get("size"),
            "kind": "photo" if mimetype in PHOTO_TYPES else "document", "mimetype": mimetype, "url": url}


def attachments(client: WebClient, files: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The event's files as attachments, and the names of those that could not be read."""
    kept, unreadable = [], []
    for file in files:
        if not file.get("url_private_download") and file.get("id"):
            file = _info(client, file)
        made = attachment(file)
        if made is None:
            unreadable.append(file.get("name") or file.get("id") or "a file")
        else:
            kept.append(made)
    return kept, unreadable


def _info(client: WebClient, file: dict[str, Any]) -> dict[str, Any]:
    try:
        return client.files_info(file=file["id"]).get("file") or file
    except SlackApiError:
        log.warning("files.info failed for %s", file.get("id"), exc_info=True)
        return file


def download(url: str, limit: int) -> bytes:
    """The file's bytes. PermanentFailure when no retry can help (gone, not ours, larger than `limit`);
    RetryLater on a 429; anything else is retried by the outbox."""
    settings = get_settings()
    if not settings.slack_bot_token:
        raise RuntimeError("SLACK_BOT_TOKEN is not set in this process")
    allowed = SLACK_FILE_HOSTS | {urlsplit(api_url(settings)).hostname}
    if urlsplit(url).hostname not in allowed:
        raise PermanentFailure(f"not a Slack file URL: {url[:100]}")
    headers = {"Authorization": f"Bearer {settings.slack_bot_token}"}
    with httpx.Client(timeout=TIMEOUT) as client, client.stream("GET", url, headers=headers) as response:
        _check(response)
        data = bytearray()
        for chunk in response.iter_bytes(CHUNK):
            data += chunk
            if len(data) > limit:
                raise PermanentFailure(f"the file is larger than {limit // (1024 * 1024)} MB")
    return bytes(data)


def _check(response: httpx.Response) -> None:
    if response.status_code == 429:
        raise RetryLater(float(response.headers.get("Retry-After") or 30), "Slack 429 on a file download")
    if response.status_code in (403, 404, 410):
        raise PermanentFailure(f"Slack file download: HTTP {response.status_code}")
    if response.status_code != 200:
        raise RuntimeError(f"Slack file download: HTTP {response.status_code}")
    if response.headers.get("content-type", "").startswith("text/html"):
        # What Slack sends instead of the file when the token may not read it: its sign-in page.
        raise PermanentFailure("Slack answered a file download with a web page: does the app have files:read?")


def upload_private(client: WebClient, user: str, name: str, content: bytes, title: str) -> str:
    """A file only `user` sees: uploaded into their DM with the bot (files_upload_v2). The DM's channel id."""
    channel = client.conversations_open(users=user)["channel"]["id"]
    client.files_upload_v2(channel=channel, content=content, filename=name, title=title)
    return channel
