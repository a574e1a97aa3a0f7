"""Unmentoring rounds."""
