"""Gatherings: planning one, who comes, and what was said."""
