"""How erasure treats every column that can hold a member's id (`PERSONAL_COLUMNS`), and the other
Slack-id columns, which never hold a person (`NOT_PERSONAL`). A test walks all tables and fails on a
column in neither, so a new column is classified before it can keep anyone behind an erasure."""

# How erasure treats each column that may hold a member's id ("table.column": what happens).
PERSONAL_COLUMNS = {
    "members.user_id": "stand-in id, personal fields cleared",
    "daily_activity.user_id": "stand-in id per week",
    "checkins.facilitator_id": "stand-in id (answered), else deleted",
    "ideas.author_id": "cleared",
    "ideas.facilitator_id": "handed over, else cleared",
    "perspectives.user_id": "cleared",
    "status_changes.user_id": "cleared",
    "learnings.author_id": "cleared",
    "gatherings.organiser_id": "cleared",
    "gathering_rsvps.user_id": "deleted",
    "attention_items.facilitator_id": "handed over, else cleared",
    "attention_items.done_by": "cleared",
    "attention_items.subject": "deleted (items about welcoming them)",
    "idea_follows.user_id": "deleted",
    "help_offers.user_id": "deleted",
    "reminder_digests.facilitator_id": "deleted",
    "pairing_participants.user_id": "deleted",
    "pairing_invites.user_id": "deleted",
    "pairing_members.user_id": "deleted",
    "slack_installations.user_id": "cleared (the installing member)",
    "idea_links.added_by": "cleared",
    "idea_supports.user_id": "stand-in id (the support still counts)",
    "topic_follows.user_id": "deleted",
    "feed_digests.user_id": "deleted",
}
# Slack-id columns that never hold a person: workspaces, channels, bots and the app itself.
NOT_PERSONAL = {
    "*.team_id",
    "*.enterprise_id",
    "*.channel_id",
    "*.message_ts",
    "slack_installations.token_type",
    "ideas.origin_channel_id",
    # The Slack view id of the pitch form (one idea per form), not anyone's id.
    "ideas.view_id",
    "slack_bots.bot_id",
    "slack_bots.bot_user_id",
    "slack_installations.bot_id",
    "slack_installations.bot_user_id",
    "slack_installations.incoming_webhook_channel_id",
    "slack_bots.client_id",
    "slack_installations.client_id",
    "slack_bots.app_id",
    "slack_installations.app_id",
}
