"""Forms of the household register: upload, column mapping, purging addresses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from consult.households.mapping import FIELDS

EXAMPLE_LENGTH = 30


class UploadForm(FlaskForm):
    """The corporation whose export this is, and the file."""

    corporation = SelectField(_l("Housing corporation"), coerce=int, validate_choice=True)
    new_corporation = StringField(
        _l("Or a corporation that is not in the list yet"),
        validators=[Optional(), Length(max=120)],
    )
    file = FileField(
        _l("Household file (CSV or XLSX)"),
        validators=[FileRequired(_l("Choose the file with the households."))],
    )
    submit = SubmitField(_l("Upload the file"))

    def validate(self, extra_validators=None) -> bool:
        """A corporation must be chosen from the list or typed in."""
        valid = super().validate(extra_validators)
        if not self.corporation.data and not (self.new_corporation.data or "").strip():
            self.corporation.errors = [_l("Choose the housing corporation.")]
            return False
        return valid


class MappingFormBase(FlaskForm):
    """The fixed part of the column mapping form; a select per field is added per file."""

    save_as = StringField(
        _l("Save this choice of columns as"),
        validators=[Optional(), Length(max=120)],
    )
    deactivate_missing = BooleanField(
        _l(
            "Households that are not in this file have moved out: mark them as inactive "
            "(only in the gemeenten that are in this file)"
        )
    )
    submit = SubmitField(_l("Import"))

    def mapping(self) -> dict[str, str]:
        """Field key → chosen column, for the fields that have one."""
        return {f.key: self[f.key].data for f in FIELDS if self[f.key].data}


def mapping_form(headers: list[str], example: dict[str, str], **kwargs) -> MappingFormBase:
    """A mapping form with one select per register field, offering the file's columns."""
    choices = [SelectChoice("", _l("(not in the file)"))]
    for header in headers:
        value = example.get(header, "")
        if len(value) > EXAMPLE_LENGTH:
            value = value[: EXAMPLE_LENGTH - 1] + "…"
        choices.append(SelectChoice(header, f"{header}  ({value})" if value else header))

    class MappingForm(MappingFormBase):
        pass

    for field in FIELDS:
        select = SelectField(field.label, choices=choices, default="", validate_choice=True)
        setattr(MappingForm, field.key, select)
    return MappingForm(**kwargs)


class CancelForm(FlaskForm):
    """Stop an import and delete the uploaded file."""

    submit = SubmitField(_l("Cancel and delete the file"))


class PurgeForm(FlaskForm):
    """Confirm deleting the mailing addresses of one gemeente or of all."""

    gemeente = HiddenField(validators=[InputRequired()])
    confirm = BooleanField(
        _l("I understand that these addresses are deleted for good."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
    submit = SubmitField(_l("Delete the addresses"))
