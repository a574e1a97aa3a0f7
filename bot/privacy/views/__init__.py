"""Block Kit for privacy self-service (pure)."""
