"""Workspaces and their settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

SLACK_ID = String(32)


class Workspace(Base):
    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255))
    # The last idea number handed out; bumped with UPDATE … RETURNING so numbers never repeat.
    idea_seq: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    uninstalled_at: Mapped[datetime | None]
    # When the whole member list was last read with users.list; None: never.
    members_synced_at: Mapped[datetime | None]


class WorkspaceSetting(Base):
    """One stored setting; keys and their defaults live in `bot.core.workspace_settings`."""

    __tablename__ = "workspace_settings"

    team_id: Mapped[str] = mapped_column(
        SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
