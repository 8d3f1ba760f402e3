"""Forms of the respondent pages; question pages read their fields per question type."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf.form import _Auto
from wtforms import StringField
from wtforms.validators import Length

from consult.forms import BaseForm

MAX_CODE_INPUT = 60


class RespondentForm(BaseForm):
    """A form that reads only posted form fields: a JSON body is never taken as the form."""

    class Meta(BaseForm.Meta):
        def wrap_formdata(self, form, formdata):
            """Posted form fields, or nothing (not a JSON body such as ``0`` or ``[]``)."""
            if formdata is _Auto and request.is_json:
                return None
            return super().wrap_formdata(form, formdata)


class CodeForm(RespondentForm):
    """The code from the letter, typed in any way (checked by surveys.invitations)."""

    code = StringField(
        _l("Enter the code from your letter"),
        validators=[Length(max=MAX_CODE_INPUT, message=_l("Enter the code from your letter."))],
    )


class PageForm(RespondentForm):
    """A question, check or language page: only the CSRF token is checked here."""


class OpenStartForm(RespondentForm):
    """Starting through the open link, with a field that people leave empty and robots fill."""

    website = StringField(_l("Leave this field empty"))
