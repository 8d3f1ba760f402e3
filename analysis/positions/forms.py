"""Forms of the positions and bod pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from analysis.positions import labels
from analysis.positions.models import FIELD_MAX, TEXT_MAX, TITLE_MAX
from consult.forms import BaseForm
from surveys.themes import Theme, theme_choices


def _themes():
    return [(v, t) for v, t in theme_choices() if v != Theme.ACHTERGROND.value]


def _choices(choices: dict, empty=None):
    found = [(k.value, v) for k, v in choices.items()]
    return ([("", empty)] if empty else []) + found


class PositionForm(BaseForm):
    """A position's text and SMART fields."""

    title = StringField(_l("Title"), validators=[Length(max=TITLE_MAX * 2)])
    theme = SelectField(_l("Theme"), choices=[], validate_choice=False)
    kind = SelectField(_l("Type of agreement"), choices=[], validate_choice=False)
    text = TextAreaField(_l("Position"), validators=[Length(max=TEXT_MAX * 2)])
    what = TextAreaField(labels.SMART_FIELDS["what"], validators=[Length(max=FIELD_MAX * 2)])
    who = TextAreaField(labels.SMART_FIELDS["who"], validators=[Length(max=FIELD_MAX * 2)])
    how_much = TextAreaField(
        labels.SMART_FIELDS["how_much"], validators=[Length(max=FIELD_MAX * 2)]
    )
    by_when = TextAreaField(labels.SMART_FIELDS["by_when"], validators=[Length(max=FIELD_MAX * 2)])
    indicator = TextAreaField(
        labels.SMART_FIELDS["indicator"], validators=[Length(max=FIELD_MAX * 2)]
    )
    monitoring = TextAreaField(
        labels.SMART_FIELDS["monitoring"], validators=[Length(max=FIELD_MAX * 2)]
    )
    negotiable = BooleanField(_l("Negotiable"))
    offer = TextAreaField(_l("What we offer in return"), validators=[Length(max=FIELD_MAX * 2)])
    version = HiddenField()
    submit = SubmitField(_l("Save position"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = _themes()
        self.kind.choices = _choices(labels.TYPES)

    def values(self) -> dict:
        """The fields for ``operations``."""
        names = ("title", "theme", "kind", "text", "what", "who", "how_much", "by_when")
        names += ("indicator", "monitoring", "offer", "negotiable")
        return {name: getattr(self, name).data for name in names}


class StepForm(BaseForm):
    """One workflow step, with what that step needs."""

    version = HiddenField()  # the step itself comes from the button's form ("action")
    adopted_on = DateField(_l("Date of the board's decision"), validators=[Optional()])
    reference = StringField(_l("Decision reference"), validators=[Length(max=TITLE_MAX * 2)])
    by = StringField(_l("Adopted by"), validators=[Length(max=TITLE_MAX * 2)])
    outcome = SelectField(_l("What became of it"), choices=[], validate_choice=False)
    agreement = TextAreaField(_l("Text of the agreement"), validators=[Length(max=TEXT_MAX * 2)])
    realisation = SelectField(_l("How far it was carried out"), choices=[], validate_choice=False)
    reason = TextAreaField(_l("Reason"), validators=[Length(max=FIELD_MAX * 2)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = _choices(labels.OUTCOMES, _l("Choose…"))
        self.realisation.choices = _choices(labels.REALISATIONS, _l("Choose…"))


class EvidenceForm(BaseForm):
    """Link a question of the survey."""

    question = SelectField(_l("Question"), choices=[], validate_choice=False)
    submit = SubmitField(_l("Link question"))


class BodForm(BaseForm):
    """Record a corporation's bod with its letter."""

    corporation = SelectField(_l("Corporation"), choices=[], validate_choice=False)
    received_on = DateField(_l("Received on"), validators=[Optional()])
    reaction_due = DateField(_l("Our reaction is due on"), validators=[Optional()])
    letter = FileField(_l("The letter (PDF)"))
    submit = SubmitField(_l("Record the bod"))


class BodItemForm(BaseForm):
    """What the corporation offers on one theme."""

    theme = SelectField(_l("Theme"), choices=[], validate_choice=False)
    offer = TextAreaField(_l("What the corporation offers"), validators=[Length(max=TEXT_MAX * 2)])
    numbers = StringField(_l("Numbers (if given)"), validators=[Length(max=FIELD_MAX * 2)])
    submit = SubmitField(_l("Add item"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = _themes()


class ReactionForm(BaseForm):
    """Our reaction to one item."""

    reaction = SelectField(_l("Our reaction"), choices=[], validate_choice=False)
    text = TextAreaField(_l("Explanation"), validators=[Length(max=TEXT_MAX * 2)])
    positions = SelectMultipleField(
        _l("Rests on our positions"),
        choices=[],
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    version = HiddenField()
    submit = SubmitField(_l("Save reaction"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reaction.choices = _choices(labels.REACTIONS, _l("Choose…"))
