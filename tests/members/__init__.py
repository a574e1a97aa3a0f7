"""Who is a member, and the welcome."""
