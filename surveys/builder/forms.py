"""Forms of the survey builder. Texts per language are separate fields (``title_nl``,
``text_en``...), made for the languages the survey offers."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from consult.forms import BaseForm, SubForm
from surveys.builder.operations import MAX_INTRO, MAX_TITLE
from surveys.languages import DEFAULT_LANGUAGE, SURVEY_LANGUAGES, language_name
from surveys.qtypes import type_choices
from surveys.qtypes.base import MAX_HELP, MAX_LABEL, MAX_TEXT
from surveys.themes import RIJKSPRIORITEITEN, theme_choices

EXTRA_ROWS = 3
SUBMIT_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class BuilderForm(BaseForm):
    """A form of the builder: HTML form posts only; a JSON body counts as an empty form."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            if request.is_json and not request.form and not request.files:
                return ImmutableMultiDict() if request.method in SUBMIT_METHODS else None
            return super().wrap_formdata(form, formdata)


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _too_long(n: int):
    return Length(max=n, message=_l("Use at most %(max)d characters.", max=n))


def _version_field():
    """The survey version the page showed (optimistic locking); always sent by our pages."""
    return HiddenField(validators=[InputRequired(_l("Reload the page and try again."))])


def _year_field():
    return IntegerField(
        _l("Year"),
        validators=[
            InputRequired(_l("Give a year such as 2027.")),
            NumberRange(2000, 2100, _l("Give a year such as 2027.")),
        ],
    )


class VersionForm(BuilderForm):
    """A button that changes the survey: carries the version the page showed."""

    version = _version_field()


class CopyForm(BuilderForm):
    """Copy an earlier survey to a new year."""

    title_nl = StringField(
        _l("Title of the new survey"),
        validators=[DataRequired(_l("Give the survey a Dutch title.")), _too_long(MAX_TITLE)],
    )
    year = _year_field()
    # Only asked for when the year already has a draft: a second survey must be a choice.
    second = BooleanField(_l("Yes, make a second survey for this year beside the draft"))
    submit = SubmitField(_l("Make the copy"))


class ThemeTemplateForm(BuilderForm):
    """Start from a template: one section per chosen theme, filled from the bank."""

    title_nl = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the survey a Dutch title.")), _too_long(MAX_TITLE)],
    )
    year = _year_field()
    themes = MultiCheckboxField(_l("Themes"), choices=[])
    submit = SubmitField(_l("Make the survey"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = choices(theme_choices())


class ImportForm(BuilderForm):
    """Upload a survey definition (JSON or XLSForm)."""

    file = FileField(_l("File (.json or .xlsx)"))
    language = SelectField(
        _l("Language of the columns label and hint without a language"),
        choices=choices(SURVEY_LANGUAGES.items()),
        default=DEFAULT_LANGUAGE,
    )
    submit = SubmitField(_l("Import as a new draft"))


def _texts(form_class, prefix: str, languages, label, limit, area=False, required=False):
    for lang in languages:
        validators = [_too_long(limit)]
        if required and lang == DEFAULT_LANGUAGE:
            validators.insert(0, DataRequired(_l("Fill in the Dutch text.")))
        else:
            validators.insert(0, Optional())
        field = (TextAreaField if area else StringField)(
            _l("%(what)s (%(lang)s)", what=label, lang=language_name(lang)), validators=validators
        )
        setattr(form_class, f"{prefix}_{lang}", field)


def settings_form(languages, gemeente_choices, **kwargs) -> BaseForm:
    """The survey settings form for these languages and the gemeenten a user may choose."""

    class SettingsForm(BuilderForm):
        version = _version_field()
        year = _year_field()
        cycle_label = StringField(
            _l("Cycle"),
            validators=[Optional(), _too_long(120)],
            description=_l("For example: Prestatieafspraken 2028."),
        )
        languages = MultiCheckboxField(
            _l("Also offer in"),
            choices=choices((c, n) for c, n in SURVEY_LANGUAGES.items() if c != DEFAULT_LANGUAGE),
        )
        channels = MultiCheckboxField(
            _l("Ways to answer"),
            choices=choices([("online", _l("online")), ("paper", _l("on paper"))]),
        )
        opens_on = DateField(_l("Opens on"), validators=[Optional()])
        closes_on = DateField(_l("Closes on"), validators=[Optional()])
        gemeenten = MultiCheckboxField(
            _l("Gemeenten"), choices=choices(gemeente_choices), coerce=int
        )
        open_link_enabled = BooleanField(_l("Also an open link for home seekers and others"))
        allow_changes_after_submit = BooleanField(_l("Tenants may change answers after sending"))
        submit = SubmitField(_l("Save"))

    _texts(SettingsForm, "title", languages, _l("Title"), MAX_TITLE, required=True)
    _texts(SettingsForm, "intro", languages, _l("Introduction"), MAX_INTRO, area=True)
    form = SettingsForm(**kwargs)
    form.language_codes = list(languages)
    return form


def section_form(languages, **kwargs) -> BaseForm:
    """Titles and introduction of a section, per language, and its theme."""

    class SectionForm(BuilderForm):
        version = _version_field()
        theme = SelectField(_l("Theme"), choices=[])
        submit = SubmitField(_l("Save"))

    _texts(SectionForm, "title", languages, _l("Title"), MAX_TITLE, required=True)
    _texts(SectionForm, "intro", languages, _l("Introduction"), MAX_INTRO, area=True)
    form = SectionForm(**kwargs)
    form.theme.choices = choices([("", _l("(no theme)"))] + theme_choices())
    form.language_codes = list(languages)
    return form


def new_question_form(languages, section_choices, **kwargs) -> BaseForm:
    """Write a new question: type, place, texts, and answer options as lines."""

    class NewQuestionForm(BuilderForm):
        version = _version_field()
        qtype = SelectField(_l("Type of question"), choices=choices(type_choices()))
        section = SelectField(_l("Section"), choices=choices(section_choices), coerce=int)
        theme = SelectField(_l("Theme"), choices=[])
        options_text = TextAreaField(
            _l("Answer options (one per line)"),
            validators=[Optional(), _too_long(5000)],
        )
        key = StringField(_l("Code (optional)"), validators=[Optional(), _too_long(80)])
        required = BooleanField(_l("An answer is required"))
        save_to_bank = BooleanField(_l("Also save this question in the question bank"))
        submit = SubmitField(_l("Add the question"))

    _texts(NewQuestionForm, "text", languages, _l("Question"), MAX_TEXT, area=True, required=True)
    _texts(NewQuestionForm, "help", languages, _l("Explanation"), MAX_HELP, area=True)
    form = NewQuestionForm(**kwargs)
    form.theme.choices = choices([("", _l("(theme of the section)"))] + theme_choices())
    form.language_codes = list(languages)
    return form


def _coded_row_form(languages):
    class CodedRow(SubForm):
        code = StringField(_l("Code"), validators=[Optional(), _too_long(20)])
        dont_know = BooleanField(_l("don't know"))
        exclusive = BooleanField(_l("only on its own"))

    for lang in languages:
        setattr(
            CodedRow,
            f"label_{lang}",
            StringField(language_name(lang), validators=[Optional(), _too_long(MAX_LABEL)]),
        )
    return CodedRow


def question_form(languages, kind, **kwargs) -> BaseForm:
    """Edit a question: texts side by side, options and rows, and the settings its type
    declares (``kind.settings_fields``)."""
    from wtforms import FieldList, FormField

    row = _coded_row_form(languages)

    class QuestionForm(BuilderForm):
        version = _version_field()
        required = BooleanField(_l("An answer is required"))
        theme = SelectField(_l("Theme"), choices=[])
        rijksprioriteit = SelectField(_l("Rijksprioriteit"), choices=[])
        options = FieldList(FormField(row), min_entries=0)
        rows = FieldList(FormField(row), min_entries=0)
        submit = SubmitField(_l("Save"))

    _texts(QuestionForm, "text", languages, _l("Question"), MAX_TEXT, area=True, required=True)
    _texts(QuestionForm, "help", languages, _l("Explanation"), MAX_HELP, area=True)
    for spec in kind.settings_fields:
        if spec.per_language:
            _texts(QuestionForm, spec.field, languages, spec.label, 40)
        elif spec.kind == "number":
            field = StringField(spec.label, validators=[Optional(), _too_long(20)])
            setattr(QuestionForm, spec.field, field)
        else:
            setattr(QuestionForm, spec.field, IntegerField(spec.label, validators=[Optional()]))
    form = QuestionForm(**kwargs)
    form.theme.choices = choices([("", _l("(no theme)"))] + theme_choices())
    form.rijksprioriteit.choices = choices(
        [("", _l("(none)"))] + [(str(k), v) for k, v in RIJKSPRIORITEITEN.items()]
    )
    form.language_codes = list(languages)
    form.setting_fields = kind.settings_fields
    return form


class ConditionForm(BuilderForm):
    """Show a question only if an earlier answer meets a condition.

    The choices depend on the chosen question; the service checks the values.
    """

    version = _version_field()
    source = SelectField(
        _l("Show this question only if question"), choices=[], validate_choice=False
    )
    codes = MultiCheckboxField(_l("has one of these answers"), choices=[], validate_choice=False)
    op = SelectField(
        _l("Comparison"),
        choices=choices(
            [("equals", _l("is")), ("above", _l("is higher than")), ("below", _l("is lower than"))]
        ),
        validate_choice=False,
    )
    number = StringField(_l("Number"), validators=[Optional(), _too_long(20)])
    submit = SubmitField(_l("Save the condition"))
    remove = SubmitField(_l("Always show this question"))


def notes_form(languages, gemeenten, **kwargs) -> BaseForm:
    """A note per gemeente per language, for tenants of that gemeente only."""

    class NotesForm(BuilderForm):
        version = _version_field()
        submit = SubmitField(_l("Save the notes"))

    for gemeente in gemeenten:
        for lang in languages:
            setattr(
                NotesForm,
                f"note_{gemeente.id}_{lang}",
                TextAreaField(
                    _l("%(what)s (%(lang)s)", what=gemeente.name, lang=language_name(lang)),
                    validators=[Optional(), _too_long(500)],
                ),
            )
    return NotesForm(**kwargs)


class AddSectionForm(BuilderForm):
    """A new section at the end of the survey."""

    version = _version_field()
    title_nl = StringField(
        _l("Title of the new section"),
        validators=[DataRequired(_l("Give the section a Dutch title.")), _too_long(MAX_TITLE)],
    )
    theme = SelectField(_l("Theme"), choices=[])
    submit = SubmitField(_l("Add section"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = choices([("", _l("(no theme)"))] + theme_choices())


class BankAddForm(BuilderForm):
    """Add one bank question to a chosen section."""

    version = _version_field()
    section = SelectField(_l("Add to section"), choices=[], coerce=int)
