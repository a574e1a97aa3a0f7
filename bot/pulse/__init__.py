"""The community's pulse: activity counts, weekly figures, the stats post, check-ins and the report."""
