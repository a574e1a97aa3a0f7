"""Block Kit for ideas (pure: data in, blocks out)."""
