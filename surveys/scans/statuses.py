"""Statuses a stored page gets after reading, beyond the reader's own (``messages``)."""

from flask_babel import lazy_gettext as _l

from surveys.scans import messages as m
from surveys.scans.messages import N_

SCANNED_TWICE = "scanned_twice"
PHOTOCOPY = "photocopy"
OTHER_SURVEY = "other_survey"
SURVEY_CLOSED = "survey_closed"
REFUSED = "refused"  # the code is unknown, outside the uploader's gemeenten, ...
SET_ASIDE = "set_aside"  # a volunteer said: not a form page

MESSAGES = {
    SCANNED_TWICE: N_(
        "This page was scanned before with the same marks (page %(page)s of form %(form)s). "
        "It is not counted twice."
    ),
    PHOTOCOPY: N_(
        "Page %(page)s of form %(form)s was read before with other marks: this is a copy of "
        "the form. It is not counted; the board can see it here."
    ),
    OTHER_SURVEY: N_(
        "This page belongs to another survey (%(title)s). It was not read into this survey."
    ),
    SURVEY_CLOSED: N_("The survey %(title)s is closed: its forms are no longer read."),
    SET_ASIDE: N_("Set aside by a volunteer: not a page of a form."),
}

# Pages a volunteer can identify by hand and read again.
IDENTIFIABLE = (m.NO_QR, m.NO_FORM_FOUND, m.NOT_OUR_FORM)
# Statuses shown as a problem of the file or page (not a read page).
PROBLEMS = {
    m.EMPTY_FILE,
    m.UNSUPPORTED,
    m.UNREADABLE,
    m.ENCRYPTED,
    m.TOO_LARGE,
    m.NO_FORM_FOUND,
    m.NO_QR,
    m.NOT_OUR_FORM,
    m.NO_LAYOUT,
    SCANNED_TWICE,
    PHOTOCOPY,
    OTHER_SURVEY,
    SURVEY_CLOSED,
    REFUSED,
}

LABELS = {
    m.READ: _l("read"),
    m.EMPTY_FILE: _l("empty file"),
    m.UNSUPPORTED: _l("not a scan"),
    m.UNREADABLE: _l("damaged file"),
    m.ENCRYPTED: _l("protected with a password"),
    m.TOO_LARGE: _l("too large"),
    m.NO_FORM_FOUND: _l("no form"),
    m.NO_QR: _l("code not readable"),
    m.NOT_OUR_FORM: _l("not our form"),
    m.NO_LAYOUT: _l("unknown form"),
    SCANNED_TWICE: _l("scanned twice"),
    PHOTOCOPY: _l("copy of a form"),
    OTHER_SURVEY: _l("other survey"),
    SURVEY_CLOSED: _l("survey closed"),
    REFUSED: _l("refused"),
    SET_ASIDE: _l("set aside"),
}


def message(status: str, **values) -> tuple[str, dict]:
    """The msgid and values of a status (the reader's or ours)."""
    if status in MESSAGES:
        return MESSAGES[status], values
    return m.message(status, **values)
