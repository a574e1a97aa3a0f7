"""Gatherings."""
