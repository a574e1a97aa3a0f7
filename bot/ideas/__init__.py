"""Ideas: pitching, statuses, browsing, searching, following and moving ideas along."""
