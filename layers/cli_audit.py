"""``python -m layers audit [--since DATE] [--json]``: the trail (留痕), exported, never edited.

One line per entry (id, time UTC, who, action, what) or, with ``--json``, one JSON array with
the before/after values (geometry as GeoJSON). The store offers no way to change the trail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from layers.store import open_store
from layers.trail import entry_dict, what


def add_audit_parser(sub: argparse._SubParsersAction) -> None:
    """The ``audit`` subcommand's arguments."""
    p = sub.add_parser("audit", help="print the audit trail (who changed what, when)")
    p.add_argument("--since", type=_since, help="only entries at or after DATE (YYYY-MM-DD, or an "
                   "ISO time; UTC unless it says otherwise)")
    p.add_argument("--json", action="store_true", help="one JSON array with before/after values")


def _since(text: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (YYYY-MM-DD)") from exc
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def cmd_audit(args: argparse.Namespace) -> int:
    """Print the trail, oldest first."""
    entries = open_store().audit(since=args.since)
    if args.json:
        print(json.dumps([entry_dict(e) for e in entries], ensure_ascii=False))
        return 0
    for e in entries:
        at = e.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        print(f"{e.id}\t{at}\t{e.actor}\t{e.action}\t{what(e)}")
    return 0
