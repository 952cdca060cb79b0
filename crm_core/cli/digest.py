"""`crm digest --preview USER`: a manager's digest as it would be sent now, and its chart as a PNG file."""
from __future__ import annotations

import argparse
import re
from datetime import timezone
from pathlib import Path

from crm_core.cli.common import open_configured_database
from crm_core.context import Context
from crm_core.errors import ValidationError
from crm_core.i18n import _
from crm_core.models import User, utcnow
from crm_core.services import lookup, validate


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("digest", help="preview a manager's digest and write its chart")
    parser.add_argument("--preview", metavar="USER", required=True, help="the manager (name, first name or email)")
    parser.add_argument("--out", metavar="PATH", default=None,
                        help="where to write the chart (default: ./digest-NAME.png)")
    parser.add_argument("--since", metavar="ISO", default=None,
                        help="start of the digest, e.g. 2026-11-20 or 2026-11-20T08:00 "
                             "(UTC; default: since the last digest)")
    parser.set_defaults(run=preview)


def preview(args: argparse.Namespace) -> int:
    from crm_core.digest.chart import render_chart
    from crm_core.digest.content import build_digest
    from crm_core.digest.text import as_text
    from crm_core.services.digests import digest_since, require_manager

    with open_configured_database().connection_context():
        manager = lookup.user(Context(user=User(name="", role="admin")), args.preview)
        require_manager(manager)
        now = utcnow()
        since = _since(args.since) if args.since else digest_since(manager, now)
        if since >= now:
            raise ValidationError(_("--since {since} is not in the past.").format(since=args.since),
                                  hint=_("Give an earlier date."))
        digest = build_digest(manager, since, now)
    out = Path(args.out) if args.out else Path(f"digest-{_slug(manager.name)}.png")
    out.write_bytes(render_chart(digest))
    print(as_text(digest))
    print(f"\nChart written to {out}")
    return 0


def _since(value: str):
    moment = validate.iso_datetime(value, "digest's start")
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "manager"
