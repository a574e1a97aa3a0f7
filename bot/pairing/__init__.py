"""Unmentoring: opted-in members paired at random, the follow-up and the learnings shared."""
