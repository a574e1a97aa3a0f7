"""Ideas: pitching, the bank, search and statuses."""
