"""Forms for gemeenten, corporations and the gemeenten import."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from consult.forms import BaseForm
from consult.gemeenten import operations
from consult.gemeenten.models import Werkgebied, werkgebied_label


class _ChoicesMixin:
    def set_choices(self, field_name: str, items) -> None:
        """Offer the given objects (with id and name) as checkboxes."""
        self[field_name].choices = [SelectChoice(item.id, item.name) for item in items]


class GemeenteForm(_ChoicesMixin, BaseForm):
    """The facts of one gemeente."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the name.")), Length(max=120)]
    )
    cbs_code = StringField(
        _l("CBS code"), validators=[DataRequired(_l("Enter the CBS code.")), Length(max=12)]
    )
    werkgebied = RadioField(
        _l("Work area"),
        choices=[SelectChoice(w.value) for w in Werkgebied],
        validators=[DataRequired(_l("Choose the work area."))],
    )
    huurdersorganisatie = StringField(
        _l("Local tenants' organisation (optional)"), validators=[Length(max=200)]
    )
    rental_homes = StringField(_l("Number of rental homes (optional)"))
    former_names = TextAreaField(_l("Earlier names (optional)"), validators=[Length(max=2000)])
    corporations = SelectMultipleField(_l("Corporations"), coerce=int)
    submit = SubmitField(_l("Save"))

    def label_choices(self) -> None:
        """Show the work areas with their labels in the user's language."""
        self.werkgebied.choices = [SelectChoice(w.value, werkgebied_label(w)) for w in Werkgebied]

    def validate_cbs_code(self, field) -> None:
        """Accept 'GM0123', '0123' or '123'."""
        _check(operations.normalise_cbs_code, field.data)

    def validate_rental_homes(self, field) -> None:
        """A whole number of 0 or more, or nothing."""
        _check(operations.parse_rental_homes, field.data)

    def data_for_service(self) -> operations.GemeenteData:
        """The checked values as the service takes them."""
        return operations.GemeenteData(
            name=operations.clean_name(self.name.data),
            cbs_code=operations.normalise_cbs_code(self.cbs_code.data),
            werkgebied=Werkgebied(self.werkgebied.data),
            huurdersorganisatie=operations.clean_huurdersorganisatie(self.huurdersorganisatie.data),
            rental_homes=operations.parse_rental_homes(self.rental_homes.data),
            former_names=operations.parse_name_list(self.former_names.data),
        )


class CorporationForm(_ChoicesMixin, BaseForm):
    """A corporation and the gemeenten where it lets homes."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the name.")), Length(max=120)]
    )
    gemeenten = SelectMultipleField(_l("Gemeenten"), coerce=int)
    submit = SubmitField(_l("Save"))


class ImportForm(BaseForm):
    """A CSV file with gemeenten."""

    file = FileField(
        _l("CSV file with gemeenten"), validators=[FileRequired(_l("Choose a CSV file."))]
    )
    submit = SubmitField(_l("Import"))


def _check(parse, value) -> None:
    try:
        parse(value)
    except operations.GemeenteError as exc:
        raise ValidationError(str(exc)) from None
