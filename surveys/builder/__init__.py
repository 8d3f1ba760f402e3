"""The survey builder: surveys, sections, questions, skip logic, the question bank, and
import and export of survey definitions (JSON, XLSForm).

``blueprint`` creates the blueprint once; the ``views_*`` modules add their pages to it and
``views`` gathers them for the app factory. Services (``operations``, ``sections``,
``questions``, ``bank``) flush and never commit: the views commit.
"""
