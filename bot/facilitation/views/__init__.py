"""Block Kit for facilitators (pure)."""
