"""Facilitation: assignment, attention and reminders."""
