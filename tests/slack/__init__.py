"""The fake Slack itself, the manifest and many workspaces (OAuth)."""
