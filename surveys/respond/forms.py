"""Forms of the respondent pages; question pages read their fields per question type."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

MAX_CODE_INPUT = 60


class CodeForm(FlaskForm):
    """The code from the letter, typed in any way (checked by surveys.invitations)."""

    code = StringField(
        _l("Enter the code from your letter"),
        validators=[Length(max=MAX_CODE_INPUT, message=_l("Enter the code from your letter."))],
    )


class PageForm(FlaskForm):
    """A question, check or language page: only the CSRF token is checked here."""


class OpenStartForm(FlaskForm):
    """Starting through the open link, with a field that people leave empty and robots fill."""

    website = StringField(_l("Leave this field empty"))
