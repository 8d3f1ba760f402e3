"""Forms of the paper pages: letter text, letter batch, blank forms and keying settings."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from consult.forms import BaseForm
from surveys.dedup import RULE_LABELS
from surveys.paper.letter_texts import MAX_LENGTHS


class LetterTextForm(BaseForm):
    """The letter of one language, and the sender shown at the top of every letter."""

    version = HiddenField()
    subject = StringField(_l("Subject"), validators=[Length(max=MAX_LENGTHS["subject"])])
    salutation = StringField(_l("Salutation"), validators=[Length(max=MAX_LENGTHS["salutation"])])
    body = TextAreaField(_l("Letter text"), validators=[Length(max=MAX_LENGTHS["body"])])
    reminder = TextAreaField(
        _l("Extra paragraph in reminder letters"), validators=[Length(max=MAX_LENGTHS["reminder"])]
    )
    closing = StringField(_l("Closing"), validators=[Length(max=MAX_LENGTHS["closing"])])
    signature = StringField(_l("Signature"), validators=[Length(max=MAX_LENGTHS["signature"])])
    privacy = TextAreaField(
        _l("Privacy statement"), validators=[Length(max=MAX_LENGTHS["privacy"])]
    )
    return_text = TextAreaField(
        _l("How to send the form back (printed at the end of the form)"),
        validators=[Length(max=MAX_LENGTHS["return"])],
    )
    sender_name = StringField(_l("Sender (name of the organisation)"), validators=[Length(max=200)])
    sender_address = TextAreaField(_l("Sender's address"), validators=[Length(max=1000)])
    help_phone = StringField(_l("Phone number for help"), validators=[Length(max=40)])
    submit = SubmitField(_l("Save letter"))

    def texts(self) -> dict[str, str]:
        """The letter texts by field name."""
        names = ("subject", "salutation", "body", "reminder", "closing", "signature", "privacy")
        values = {name: self[name].data or "" for name in names}
        values["return"] = self.return_text.data or ""
        return values


class LetterBatchForm(BaseForm):
    """Which households get a letter, and how it is printed."""

    gemeente = SelectField(_l("Gemeente"), coerce=int, validate_choice=True)
    reminder = BooleanField(_l("Reminder: only households that have not answered yet"))
    language = SelectField(_l("Language of the letter and form"), validate_choice=True)
    with_forms = BooleanField(_l("Add each household's paper form after its letter"), default=True)
    large_print = BooleanField(_l("Large print (forms in 16 point)"))
    duplex = BooleanField(
        _l("Printed on both sides: start every letter and form on a new sheet"), default=True
    )
    submit = SubmitField(_l("Make the letters"))


class BlankFormsForm(BaseForm):
    """Blank forms with a number, for meetings."""

    count = IntegerField(
        _l("Number of forms"),
        validators=[
            InputRequired(_l("Give the number of forms.")),
            NumberRange(1, 2000, _l("Give a number from 1 to 2000.")),
        ],
    )
    language = SelectField(_l("Language"), validate_choice=True)
    large_print = BooleanField(_l("Large print (16 point)"))
    submit = SubmitField(_l("Make blank forms"))


class KeyingSettingsForm(BaseForm):
    """How returned forms are checked, and which response counts for a household."""

    version = HiddenField()
    double_entry = RadioField(
        _l("Double entry (a second volunteer keys the form again to check)"),
        choices=[
            SelectChoice("off", _l("No, each form is keyed once")),
            SelectChoice("all", _l("Yes, every form")),
            SelectChoice("sample", _l("Yes, a random share of the forms")),
        ],
        validate_choice=True,
    )
    percent = IntegerField(
        _l("Share of the forms keyed twice (percent)"),
        validators=[Optional(), NumberRange(1, 100, _l("Give a percentage from 1 to 100."))],
    )
    dedup_rule = RadioField(
        _l("When a household answers more than once"),
        choices=[SelectChoice(rule, label) for rule, label in RULE_LABELS.items()],
        validate_choice=True,
    )
    submit = SubmitField(_l("Save"))
