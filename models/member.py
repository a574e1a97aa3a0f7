"""Members of a workspace as the bot knows them: language, zone and role, never message text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow
from models.workspace import SLACK_ID


class Member(Base):
    __tablename__ = "members"

    team_id: Mapped[str] = mapped_column(
        SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    # Chosen with `/thinktank language`; wins over the Slack locale.
    language: Mapped[str | None] = mapped_column(String(8))
    slack_locale: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str | None] = mapped_column(String(64))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_owner: Mapped[bool] = mapped_column(default=False)
    is_bot: Mapped[bool] = mapped_column(default=False)
    deleted: Mapped[bool] = mapped_column(default=False)
    is_facilitator: Mapped[bool] = mapped_column(default=False)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When they joined, for "new members": from team_join, else first sight. None: already a member
    # when the bot first read the workspace's member list.
    joined_at: Mapped[datetime | None]
    # When Slack first said the account was deleted; it stops counting as a member from then on.
    deleted_at: Mapped[datetime | None]
    # When the profile (locale, zone, roles) was last read from Slack; None: never.
    profile_synced_at: Mapped[datetime | None]
    # When the welcome DM was claimed for them: once ever, even if they leave and come back.
    welcomed_at: Mapped[datetime | None]
