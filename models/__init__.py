"""SQLAlchemy 2 typed models. Every row belongs to a workspace (`team_id`)."""

from models.activity import DailyActivity, SeenEvent, StatsPost
from models.base import Base, utcnow
from models.facilitation import AttentionItem, Checkin, ReminderDigest
from models.gathering import Gathering, GatheringIdea, GatheringRsvp
from models.idea import HelpOffer, Idea, IdeaFollow, IdeaTheme, Partner, Perspective, StatusChange
from models.installation import bots_table, installations_table, oauth_states_table
from models.knowledge import FeedDigest, IdeaLink, IdeaTag, Support, TopicFollow
from models.member import Member
from models.pairing import (
    Learning,
    PairingGroup,
    PairingInvite,
    PairingMember,
    PairingParticipant,
    PairingRound,
)
from models.report import ReportPost
from models.workspace import Workspace, WorkspaceSetting

__all__ = [
    "AttentionItem",
    "Base",
    "Checkin",
    "DailyActivity",
    "FeedDigest",
    "Gathering",
    "GatheringIdea",
    "GatheringRsvp",
    "HelpOffer",
    "Idea",
    "IdeaFollow",
    "IdeaLink",
    "IdeaTag",
    "IdeaTheme",
    "Learning",
    "Member",
    "PairingGroup",
    "PairingInvite",
    "PairingMember",
    "PairingParticipant",
    "PairingRound",
    "Partner",
    "Perspective",
    "ReminderDigest",
    "ReportPost",
    "SeenEvent",
    "StatsPost",
    "StatusChange",
    "Support",
    "TopicFollow",
    "Workspace",
    "WorkspaceSetting",
    "bots_table",
    "installations_table",
    "oauth_states_table",
    "utcnow",
]
