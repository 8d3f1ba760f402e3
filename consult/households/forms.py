"""Forms of the household register: upload, column mapping, purging addresses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from consult.households.mapping import FIELDS, LABELS_BY_KEY, ColumnChoice, assign_columns

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

    headers: list[str] = []
    examples: list[str] = []
    choice: ColumnChoice | None = None

    def column_fields(self) -> list:
        """(select, hidden 'shown before' field, example) per column of the file, in order."""
        return [
            (self[f"kolom_{i}"], self[f"was_{i}"], self.examples[i])
            for i in range(len(self.headers))
        ]

    def validate(self, extra_validators=None) -> bool:
        """Valid choices, and no field claimed by two columns that were both changed."""
        if not super().validate(extra_validators):
            return False
        selects = [select for select, _was, _example in self.column_fields()]
        self.choice = assign_columns(
            self.headers,
            [s.data or "" for s in selects],
            [was.data or "" for _s, was, _e in self.column_fields()],
        )
        for _key, loser, _winner in self.choice.moved:
            self[f"kolom_{self.headers.index(loser)}"].data = ""
        for select, was, _example in self.column_fields():
            was.data = select.data  # what the page shows from now on
        for key, columns in self.choice.clashes.items():
            message = _l(
                "%(field)s is chosen for more than one column (%(columns)s). "
                "Choose it for one column only.",
                field=LABELS_BY_KEY[key],
                columns=", ".join(f"'{c}'" for c in columns),
            )
            for select in selects:
                if select.data == key:
                    select.errors = [*select.errors, message]
        return not self.choice.clashes

    def shown_fields(self) -> set[str]:
        """The register fields some column is set to on the page."""
        return {select.data for select, _was, _example in self.column_fields() if select.data}

    def mapping(self) -> dict[str, str]:
        """Field key → chosen column, for the fields that have one."""
        return dict(self.choice.mapping) if self.choice else {}


def mapping_form(
    headers: list[str], example: dict[str, str], mapping: dict[str, str] | None = None, **kwargs
) -> MappingFormBase:
    """A mapping form with one select per column of the file, offering the register fields.

    ``mapping`` (field key → column) fills the selects in; without it the form reads the request.
    """
    choices = [SelectChoice("", _l("(do not use)"))] + [
        SelectChoice(f.key, f.label) for f in FIELDS
    ]

    class MappingForm(MappingFormBase):
        pass

    for i, header in enumerate(headers):
        select = SelectField(header, choices=choices, default="", validate_choice=True)
        setattr(MappingForm, f"kolom_{i}", select)
        setattr(MappingForm, f"was_{i}", HiddenField(default=""))
    data = None
    if mapping is not None:
        by_column = {column: key for key, column in mapping.items()}
        data = {}
        for i, header in enumerate(headers):
            data[f"kolom_{i}"] = data[f"was_{i}"] = by_column.get(header, "")
    form = MappingForm(data=data, **kwargs)
    form.headers = list(headers)
    form.examples = [_shorten(example.get(header, "")) for header in headers]
    return form


def _shorten(value: str) -> str:
    return value[: EXAMPLE_LENGTH - 1] + "…" if len(value) > EXAMPLE_LENGTH else value


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
