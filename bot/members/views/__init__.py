"""Block Kit for members (pure)."""
