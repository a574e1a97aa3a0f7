"""Pure Block Kit builders: data and a translator in, a dict out. No Slack calls, no database."""
