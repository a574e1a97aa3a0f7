"""Facilitation: who looks after which idea, what needs attention, and the reminders."""
