"""Forms to add and change users and to give them a new password."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from consult.auth.forms import MIN_PASSWORD_LENGTH
from consult.forms import BaseForm
from consult.permissions import Role
from consult.users.operations import UserError, normalise_email
from consult.users.roles import ROLE_LABELS


class UserForm(BaseForm):
    """Name, e-mail address, role and gemeente scope of a user."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the name of the person.")), Length(max=120)],
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Enter an e-mail address.")), Length(max=254)],
    )
    role = RadioField(
        _l("Role"),
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in Role],
        validators=[DataRequired(_l("Choose one of the roles."))],
    )
    gemeenten = SelectMultipleField(_l("Gemeenten"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Save"))

    def set_gemeente_choices(self, gemeenten) -> None:
        """Offer every gemeente as a checkbox."""
        self.gemeenten.choices = [SelectChoice(g.id, g.name) for g in gemeenten]

    def validate_email(self, field) -> None:
        """A simple check of the address; the service checks it again."""
        try:
            normalise_email(field.data)
        except UserError as exc:
            raise ValidationError(str(exc)) from None


def _optional_password_field(label):
    return PasswordField(
        label,
        validators=[
            Optional(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l(
                    "The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH
                ),
            ),
        ],
    )


class NewUserForm(UserForm):
    """A new user, with an initial password or a generated one."""

    password = _optional_password_field(_l("Initial password (optional)"))
    submit = SubmitField(_l("Add user"))


class ResetPasswordForm(BaseForm):
    """A new temporary password chosen by the administrator, or a generated one."""

    password = _optional_password_field(_l("New temporary password (optional)"))
    submit = SubmitField(_l("Set new password"))
