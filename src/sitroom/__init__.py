"""sitroom: reports on Russia's war against Ukraine -> event database and daily briefing."""

__version__ = "0.1.0"
