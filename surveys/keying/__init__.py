"""Volunteer keying of returned paper forms, double entry and its resolution."""
