"""Block Kit for pairing (pure)."""
