"""Scanned paper forms: reading page images against the form's layout file.

The reading modules (``images``, ``register``, ``marks``, ``rules``, ``reading``) are pure
functions of the page image and the layout file: no Flask, no database, so the command line,
the background import, the tests and the benchmark all read a page the same way.
"""
