"""What the tests stand on: the fake Slack, payloads, the harness that runs the bot, faults and databases."""
