"""Stem lists of ``classify``, one module per field: ``weapons``, ``targets``, ``cues`` (event cues and
the hedge/history/analysis words), ``sides`` (actors and Russian-held places). Data only; no imports."""
