"""Domain exception of keying, with a message fit to show to the volunteer."""

from surveys.errors import SurveyError


class KeyingError(SurveyError):
    """A form cannot be keyed (unknown code, already keyed, someone else busy...)."""
