"""Infrastructure every domain uses: settings, the database, the runtime, languages, text, ids,
workspace settings and the scheduler."""
