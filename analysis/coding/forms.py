"""Forms of the coding pages."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from analysis.coding.models import LABEL_MAX
from analysis.coding.operations import QUOTE_MAX
from consult.forms import BaseForm
from surveys.themes import theme_choices


def _themes():
    return [("", _l("No theme"))] + theme_choices()


class CodeForm(BaseForm):
    """Add a code, or change one."""

    label = StringField(_l("Name of the code"), validators=[Length(max=LABEL_MAX * 2)])
    theme = SelectField(_l("Theme"), choices=[], validate_choice=False)
    submit = SubmitField(_l("Save code"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = _themes()


class RemoveCodeForm(BaseForm):
    """Remove a code (the answers that had it lose it)."""

    confirm = BooleanField(_l("Yes, remove this code from the codebook and from the answers"))
    submit = SubmitField(_l("Remove code"))


class CodingForm(BaseForm):
    """The codes of one answer: ticked boxes and/or their numbers typed."""

    typed = StringField(_l("Code numbers"), validators=[Length(max=200)])
    quote = BooleanField(_l("Suitable as a quote (a board member checks it first)"))
    version = HiddenField()
    submit = SubmitField(_l("Save and next"))
    skip = SubmitField(_l("Skip"))


class QuoteForm(BaseForm):
    """Approve a quote in the form it will be shown, or reject it."""

    text = TextAreaField(_l("Quote as it will be shown"), validators=[Length(max=QUOTE_MAX * 2)])
    checked = BooleanField(
        _l("I checked it: no names, addresses, phone numbers or e-mail addresses")
    )
    version = HiddenField()
    approve = SubmitField(_l("Approve quote"))
    reject = SubmitField(_l("Do not quote"))
