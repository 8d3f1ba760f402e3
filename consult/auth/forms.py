"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from consult.forms import BaseForm

MIN_PASSWORD_LENGTH = 12


class LoginForm(BaseForm):
    """E-mail address and password."""

    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=200)]
    )
    submit = SubmitField(_l("Sign in"))


def new_password_field(label):
    """A password field with the site's length rules."""
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Enter a new password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l(
                    "The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH
                ),
            ),
        ],
    )


class ChangePasswordForm(BaseForm):
    """Change one's own password."""

    current = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    new = new_password_field(_l("New password"))
    repeat = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("new", _l("The two new passwords are not the same."))],
    )
    submit = SubmitField(_l("Change password"))

    def validate_new(self, field) -> None:
        """A new password must differ from the current (often temporary) one."""
        if field.data and field.data == self.current.data:
            raise ValidationError(_l("Choose a new password that differs from the current one."))
