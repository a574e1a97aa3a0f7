"""Block Kit for Home, help and settings (pure)."""
