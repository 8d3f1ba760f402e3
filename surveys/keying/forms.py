"""Forms of the keying screens. The inputs of a keyed form are built per survey, so the
keying page posts plain fields next to the CSRF token and the entry's version."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from consult.forms import BaseForm


class CodeForm(BaseForm):
    """The code (or form number) typed or scanned from a returned form."""

    code = StringField(
        _l("Code on the form"),
        validators=[DataRequired(_l("Type or scan the code on the form.")), Length(max=200)],
    )
    submit = SubmitField(_l("Open form"))


class AnotherCopyForm(BaseForm):
    """Key a second form of the same household (kept as a duplicate)."""

    code = HiddenField()
    submit = SubmitField(_l("Key it as a second form of this household"))


class EntryForm(BaseForm):
    """The CSRF token and version of a keying page; the answer inputs are read separately."""

    version = HiddenField()


class ActionForm(BaseForm):
    """A button that changes something (take over, put back, resolve, count this one)."""
