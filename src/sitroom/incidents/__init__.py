"""Stage 5: reports of the same incident across documents, sources and languages merge into one
incident (``merge``: same day, nearby place, compatible type, similar figures), keeping every report and
the revisions of its figures.

May import: ``sitroom.models``, ``sitroom.options``, ``sitroom.geodesy``, ``sitroom.reading``.
"""
