"""Activity counts, weekly figures, the stats post and the report."""
