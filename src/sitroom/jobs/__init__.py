"""The jobs that run the stages end to end: ``pipeline`` (``sitroom ingest``: stages 1-6 with rejections
recorded, optionally on Dask), ``extract`` (``sitroom extract``: stages 1-4, stateless, JSON Lines),
``watch`` (``sitroom watch``: poll feeds, ingest what is new).

May import: every stage package (ingest, reading, incidents, store, briefing) and the foundation modules.
"""
