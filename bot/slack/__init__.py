"""Slack's side of the bot: the Web API client, the Bolt app, HTTP, OAuth, installations and member sync."""
