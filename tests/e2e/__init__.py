"""End to end through each Slack surface and both modes: commands, forms, faults and the command line."""
