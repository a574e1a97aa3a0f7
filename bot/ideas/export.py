"""Exporting a workspace's ideas with their status history, partners and the gatherings that
discussed them, and what the knowledge bank adds (tags, links, a practice's fields, the challenge an
idea answers, supports, an experiment's learning), as CSV or JSON.

A CSV cell that a spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
carriage return) gets a leading apostrophe, so a title or a link's label typed by anyone shows as
text and never runs; the JSON keeps every value as it is.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.ideas.queries import detail
from models import Idea

CSV_COLUMNS = (
    "number",
    "kind",
    "status",
    "title",
    "description",
    "believe",
    "outcome",
    "test",
    "share",
    "themes",
    "seeking",
    "partners",
    "author_id",
    "channel_id",
    "message_ts",
    "created_at",
    "perspectives",
    "followers",
    "history",
    "gatherings",
    # The knowledge bank's, after the columns readers already know.
    "tags",
    "links",
    "used_where",
    "ask_whom",
    "challenge",
    "learning_due",
    "supports",
    "learning",
    "learning_worked",
    "learning_did_not",
    "learning_again",
    "learning_shared_at",
)
# What a spreadsheet takes for the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LEARNING_CELLS = {
    "learning": "text",
    "learning_worked": "worked",
    "learning_did_not": "did_not",
    "learning_again": "again",
    "learning_shared_at": "shared_at",
}


def ideas_for_export(session: Session, team_id: str) -> list[dict[str, Any]]:
    """Every idea, oldest first, as plain values (times in UTC, ISO 8601)."""
    numbers = session.scalars(select(Idea.number).where(Idea.team_id == team_id).order_by(Idea.number))
    rows = []
    for number in numbers:
        found = detail(session, team_id, number)
        if found is None:
            raise RuntimeError(f"idea #{number} of {team_id} vanished while it was being exported")
        idea = found.idea
        rows.append(
            {
                "number": idea.number,
                "kind": idea.kind,
                "status": idea.status,
                "title": idea.title,
                "description": idea.description,
                "believe": idea.believe,
                "outcome": idea.outcome,
                "test": idea.test,
                "share": idea.share,
                "themes": list(idea.themes),
                "seeking": list(idea.seeking),
                "partners": found.partners,
                "author_id": idea.author_id,
                "channel_id": idea.channel_id,
                "message_ts": idea.message_ts,
                "created_at": idea.created_at.isoformat(),
                "perspectives": idea.perspectives,
                "followers": idea.followers,
                "history": [
                    {
                        "from": step.from_status,
                        "to": step.to_status,
                        "by": step.user_id,
                        "note": step.note,
                        "at": step.created_at.isoformat(),
                    }
                    for step in found.history
                ],
                # Gatherings that discussed it, with the organiser's note; never who came by name.
                "gatherings": [
                    {"title": met.title, "at": met.starts_at.isoformat(), "note": met.note}
                    for met in found.gatherings
                ],
                "tags": list(idea.tags),
                "links": [{"url": link.url, "label": link.label} for link in idea.links],
                "used_where": idea.used_where,
                "ask_whom": idea.ask_whom,
                # The challenge's number; None when it answers none, or its challenge is gone.
                "challenge": idea.challenge.number if idea.challenge is not None else None,
                "learning_due": idea.learning_due.isoformat() if idea.learning_due is not None else None,
                "supports": idea.supports,
                "learning": None
                if idea.learning is None
                else {
                    "text": idea.learning.text,
                    "worked": idea.learning.worked,
                    "did_not": idea.learning.did_not,
                    "again": idea.learning.again,
                    "shared_at": idea.learning.created_at.isoformat(),
                },
            }
        )
    return rows


def to_json(team_id: str, rows: list[dict[str, Any]]) -> str:
    return json.dumps({"team_id": team_id, "ideas": rows}, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """One row per idea; lists of words are joined with "; ", lists of records (the history, the
    gatherings, the links) are JSON arrays in their cell, and an experiment's learning is a cell each."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        cells = dict(row)
        for key in ("themes", "seeking", "partners", "tags"):
            cells[key] = "; ".join(row[key])
        for key in ("history", "gatherings", "links"):
            cells[key] = json.dumps(row[key], ensure_ascii=False)
        learning = row["learning"] or {}
        for key, field in LEARNING_CELLS.items():
            cells[key] = learning.get(field)
        writer.writerow({key: safe_cell(cells[key]) for key in CSV_COLUMNS})
    return out.getvalue()


def safe_cell(value: Any) -> Any:
    """A cell as written: None empty, text that a spreadsheet would run as a formula made plain text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
