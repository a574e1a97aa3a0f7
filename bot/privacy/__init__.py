"""Privacy: what is kept about a member, their download and erasure, and purging a workspace."""
