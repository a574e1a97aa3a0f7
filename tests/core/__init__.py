"""Settings, the database, languages and weeks."""
