"""Members: who is one, their profile and language, and the newcomer's welcome."""
