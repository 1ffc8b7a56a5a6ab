"""Stage 6: the event database. ``schema`` declares the tables and migrations (SQLAlchemy Core, SQLite
with FTS5 or PostgreSQL); ``database`` is the ``Store``: one transaction per document, merged incidents,
queries for the briefing, the web UI and exports.

May import: ``sitroom.models``, ``sitroom.options``, ``sitroom.geodesy``, ``sitroom.reading``,
``sitroom.incidents``.
"""
