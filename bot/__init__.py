"""Think Tank's core: settings, database, Slack client, i18n, domain services and Block Kit views.

Nothing here imports `handlers/`; `app.py` composes the two.
"""
