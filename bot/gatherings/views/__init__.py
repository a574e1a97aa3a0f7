"""Block Kit for gatherings (pure)."""
