"""Domain exception of the paper channel, with a message fit to show to the user."""

from surveys.errors import SurveyError


class PaperError(SurveyError):
    """A letter or form cannot be made (no households, missing font, bad letter text...)."""
