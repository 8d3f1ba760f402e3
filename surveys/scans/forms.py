"""Forms of the scan pages: upload a stack, identify a page by hand."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange

from consult.forms import BaseForm


class UploadForm(BaseForm):
    """Scan files from the office scanner."""

    files = MultipleFileField(_l("Scan files (PDF, TIFF, JPEG or PNG)"))
    submit = SubmitField(_l("Upload and read"))


class IdentifyForm(BaseForm):
    """The code and page number typed from a page whose QR code could not be read."""

    code = StringField(
        _l("Code on the form"),
        validators=[DataRequired(_l("Type the code on the form.")), Length(max=20)],
    )
    number = IntegerField(
        _l("Page number"),
        validators=[DataRequired(_l("Type the page number.")), NumberRange(min=1, max=99)],
    )
    variant = SelectField(_l("Printed form"), coerce=int)
    submit = SubmitField(_l("Read this page again"))
