"""The survey's paper page: its forms and what it shows, shared by the paper views."""

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from surveys.errors import SurveyError
from surveys.languages import language_name
from surveys.models import Survey
from surveys.paper import letter_texts, operations, storage
from surveys.paper.batch import (
    HouseholdPages,
    Selection,
    count_selection,
    ensure_public_address,
    household_pages,
    letter_context,
)
from surveys.paper.form import build_form
from surveys.paper.forms import BlankFormsForm, KeyingSettingsForm, LetterBatchForm
from surveys.paper.letters import LetterPrinter


def languages(survey: Survey) -> list[SelectChoice]:
    """The survey's languages as choices."""
    return [SelectChoice(code, language_name(code)) for code in survey.languages or ["nl"]]


def gemeente_choices(survey: Survey) -> list[SelectChoice]:
    """The survey's gemeenten the user may make letters for (all of them: only when unscoped)."""
    scope = current_user.scope_ids
    choices = [] if scope is not None else [SelectChoice(0, _("All gemeenten of the survey"))]
    return choices + [
        SelectChoice(g.id, g.name) for g in survey.gemeenten if scope is None or g.id in scope
    ]


def batch_form(survey: Survey) -> LetterBatchForm:
    """The form that makes a letter batch."""
    form = LetterBatchForm(prefix="letters")
    form.gemeente.choices = gemeente_choices(survey)
    form.language.choices = languages(survey)
    return form


def blank_form(survey: Survey) -> BlankFormsForm:
    """The form that reserves numbers for blank forms."""
    form = BlankFormsForm(prefix="blank")
    form.language.choices = languages(survey)
    return form


def settings_form(survey: Survey) -> KeyingSettingsForm:
    """The keying settings form, filled with what is stored (or the defaults)."""
    settings = operations.current_settings(survey)
    form = KeyingSettingsForm(prefix="keying")
    if not form.is_submitted():
        form.double_entry.data = settings.double_entry.value
        form.percent.data = settings.double_entry_percent
        form.dedup_rule.data = survey.dedup_rule
        form.version.data = settings.version
    return form


def survey_page(survey, letters=None, blank=None, keying=None, status: int = 200):
    """The survey's paper page, with any form that was just sent (and its errors)."""
    scope = current_user.scope_ids
    households, without_address = count_selection(Selection(survey, scope_ids=scope))
    return render_template(
        "paper/survey.html",
        survey=survey,
        batch_form=letters or batch_form(survey),
        blank_form=blank or blank_form(survey),
        settings_form=keying or settings_form(survey),
        households=households,
        without_address=without_address,
        batches=storage.letter_batches(
            survey, scope, int(operations.paper_config("PAPER_BATCH_DAYS", 14))
        ),
        blank_batches=operations.blank_batches(survey),
        letter_languages=[
            (code, letter_texts.has_letter_text(operations.stored_texts(survey), code))
            for code in survey.languages or ["nl"]
        ],
        unprintable=unprintable(survey),
        interrupted=storage.interrupted,
        public_address_problem=public_address_problem(),
        per_household=pages_per_household(survey),
    ), status


def pages_per_household(survey: Survey) -> dict[tuple[str, bool], HouseholdPages]:
    """(language, large print) → the pages and sheets one household receives (letter and
    form, double-sided); empty when no form can be laid out yet."""
    found = {}
    try:
        loaded = operations.fonts()
        stored = operations.stored_texts(survey)
        for code in survey.languages or []:
            if code not in letter_texts.DEFAULTS and not letter_texts.has_letter_text(stored, code):
                continue
            for large in (False, True):
                form = build_form(survey, loaded, code, large, operations.return_text(survey, code))
                context = letter_context(survey, code, reminder=False, large_print=large)
                letter = LetterPrinter(context, loaded, operations.font_dir())
                found[(code, large)] = household_pages(letter.page_count, form.page_count)
    except SurveyError:
        return {}
    return found


def public_address_problem() -> str:
    """Why letters cannot be made on this site (no public web address), or ""."""
    try:
        ensure_public_address()
    except SurveyError as exc:
        return str(exc)
    return ""


def unprintable(survey: Survey) -> dict[str, str]:
    """Per language, the characters of form and letter that the font lacks (a PaperError,
    such as a missing font file, is shown where forms are made)."""
    try:
        found = {code: operations.unprintable(survey, code) for code in survey.languages or []}
    except SurveyError:
        return {}
    return {code: chars for code, chars in found.items() if chars}
