"""Files an agent attaches to a reply: checked, split into those the customer's chat can take and those
it can't (Telegram bots may send files up to 50 MB), and said in words for the agent."""
from __future__ import annotations

from urllib.parse import urlsplit

from crm_core.i18n import _
from crm_core.errors import ValidationError

TELEGRAM_FILE_LIMIT = 50 * 1024 * 1024
KINDS = ("photo", "document")
TOO_BIG = "over the 50 MB Telegram allows bots"


def agent_files(raw: tuple | list | None) -> list[dict]:
    """Each file as {name, size, kind, mimetype, url}; a malformed one is refused (nothing is written)."""
    return [_agent_file(item) for item in raw or ()]


def _agent_file(raw: object) -> dict:
    url = raw.get("url") if isinstance(raw, dict) else None
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        raise ValidationError(_("An attachment came without its file."), hint=_("Attach it again."))
    size = raw.get("size")
    return {"name": str(raw.get("name") or "file")[:255], "size": int(size) if isinstance(size, (int, float)) else None,
            "kind": raw.get("kind") if raw.get("kind") in KINDS else "document",
            "mimetype": str(raw.get("mimetype") or "application/octet-stream")[:128], "url": url[:2000]}


def fits_telegram(file: dict) -> bool:
    return file["size"] is None or file["size"] <= TELEGRAM_FILE_LIMIT


def size_text(size: int | None) -> str:
    return "size unknown" if size is None else f"{size / 1024 / 1024:.0f} MB"


def refusal(files: list[dict]) -> str:
    """Why these files were not sent."""
    names = ", ".join(f"{f['name']} ({size_text(f['size'])})" for f in files)
    return _("Not sent: {files}, over the 50 MB Telegram allows bots; share a link to it instead.").format(files=names)
