"""The base of every form: text with an invisible character that cannot be stored is refused
on its own field, before any other check, so it never reaches the database or an export."""

from flask_wtf import FlaskForm
from wtforms import Form
from wtforms.validators import StopValidation

from consult.text import UNSTORABLE_MESSAGE, is_storable


def refuse_unstorable(form, field) -> None:
    """Refuse what was sent for this field if a text in it holds an unstorable character."""
    for value in getattr(field, "raw_data", None) or ():
        if isinstance(value, str) and not is_storable(value):
            raise StopValidation(str(UNSTORABLE_MESSAGE))


class _CheckedMeta:
    """Put ``refuse_unstorable`` first in the validators of every field of the form."""

    def bind_field(self, form, unbound_field, options):
        """Bind the field as usual, then add the check in front of its own validators."""
        field = super().bind_field(form, unbound_field, options)
        field.validators = [refuse_unstorable, *field.validators]
        return field


class BaseForm(FlaskForm):
    """A Flask-WTF form (CSRF, request data) whose text fields refuse unstorable characters."""

    class Meta(_CheckedMeta, FlaskForm.Meta):
        pass


class SubForm(Form):
    """A form inside another form (``FormField``), with the same check."""

    class Meta(_CheckedMeta, Form.Meta):
        pass
