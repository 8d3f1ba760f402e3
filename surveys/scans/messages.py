"""Statuses of a read page and their messages (English msgids, translated where shown).

The reading modules stay free of Flask, so a message is kept as its msgid plus named values;
whoever shows it (the command line, a page) translates it with ``gettext(msgid, **values)``.
"""


def N_(text: str) -> str:
    """Mark a message for the translation catalogue without translating it here."""
    return text


# Statuses of a file or page, and what each tells the person who scanned it.
READ = "read"
EMPTY_FILE = "empty_file"
UNSUPPORTED = "unsupported"
UNREADABLE = "unreadable"
ENCRYPTED = "encrypted"
TOO_LARGE = "too_large"
NO_FORM_FOUND = "no_form_found"
NO_QR = "no_qr"
NOT_OUR_FORM = "not_our_form"
NO_LAYOUT = "no_layout"

MESSAGES = {
    EMPTY_FILE: N_("The file is empty (0 bytes)."),
    UNSUPPORTED: N_(
        "This is not a scan we can read (%(kind)s). Upload PDF, TIFF, JPEG or PNG files."
    ),
    UNREADABLE: N_("The file is damaged or incomplete and cannot be read: %(detail)s."),
    ENCRYPTED: N_("The PDF is protected with a password. Scan again without a password."),
    TOO_LARGE: N_(
        "The page is too large to read (more than %(limit)d million pixels). "
        "Scan A4 at 150 to 600 dpi."
    ),
    NO_FORM_FOUND: N_(
        "No form found on this page: the four black corner marks are missing "
        "(a letter, a blank sheet or another paper?)."
    ),
    NO_QR: N_(
        "The form was found but its code (QR) could not be read. Type the code and the page "
        "number to read it."
    ),
    NOT_OUR_FORM: N_("The code on this page (QR) is not the code of one of our forms."),
    NO_LAYOUT: N_(
        "This page belongs to a form of which no layout is known here "
        "(survey %(survey)s, version %(version)s, revision %(revision)s, %(language)s)."
    ),
}


def message(status: str, **values) -> tuple[str, dict]:
    """The msgid and values for a status."""
    return MESSAGES.get(status, ""), values
