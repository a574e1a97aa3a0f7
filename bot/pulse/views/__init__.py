"""Block Kit for figures, the stats post and check-ins (pure)."""
