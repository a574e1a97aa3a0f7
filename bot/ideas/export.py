"""Exporting a workspace's ideas with their status history, partners and the gatherings that
discussed them, as CSV or JSON."""

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
)


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
            }
        )
    return rows


def to_json(team_id: str, rows: list[dict[str, Any]]) -> str:
    return json.dumps({"team_id": team_id, "ideas": rows}, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """One row per idea; lists are joined with "; " and the history is a JSON array in its cell."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        cells = dict(row)
        for key in ("themes", "seeking", "partners"):
            cells[key] = "; ".join(row[key])
        cells["history"] = json.dumps(row["history"], ensure_ascii=False)
        cells["gatherings"] = json.dumps(row["gatherings"], ensure_ascii=False)
        writer.writerow({key: "" if cells[key] is None else cells[key] for key in CSV_COLUMNS})
    return out.getvalue()
