"""Services of the paper channel: letter and keying settings, saved form layouts, blank forms.

Layouts are saved per survey version, language and type size the first time a form is
printed; a scan's QR code names exactly that layout. Should a later release of this software
lay out the same survey version differently, the new layout is saved as the next revision,
so forms already on paper keep theirs.
"""

import logging
import os

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.audit.operations import record_event
from consult.extensions import db
from surveys import versions
from surveys.languages import language_name
from surveys.models import Survey, SurveyStatus
from surveys.paper import letter_texts
from surveys.paper.errors import PaperError
from surveys.paper.fonts import DEFAULT_FONT_DIR, Fonts, load_fonts, missing_characters
from surveys.paper.form import FormLayout, build_form
from surveys.paper.models import BlankFormBatch, DoubleEntry, PaperLayout, PaperSettings

log = logging.getLogger(__name__)

MAX_BLANK_FORMS = 2000
DEDUP_RULES = ("first_complete", "last_complete", "online_first", "paper_first")


def paper_config(name: str, default=None):
    """A PAPER_* setting from the app config or the environment."""
    value = current_app.config.get(name) or os.environ.get(name)
    return value if value not in (None, "") else default


def fonts() -> Fonts:
    """The registered paper fonts (PaperError names a missing font file)."""
    return load_fonts(font_dir())


def font_dir() -> str:
    """Where the DejaVu fonts are (PAPER_FONT_DIR)."""
    return str(paper_config("PAPER_FONT_DIR", DEFAULT_FONT_DIR))


def current_settings(survey: Survey) -> PaperSettings:
    """The survey's paper settings to read: the stored row, or the defaults (not stored:
    a page that only shows them writes nothing)."""
    stored = db.session.scalar(select(PaperSettings).where(PaperSettings.survey_id == survey.id))
    if stored is not None:
        return stored
    return PaperSettings(
        survey_id=survey.id,
        texts={},
        double_entry=DoubleEntry.OFF,
        double_entry_percent=10,
        next_serial=1,
        version=1,
    )


def settings_for(survey: Survey) -> PaperSettings:
    """The survey's paper settings to change, created with defaults on first use."""
    settings = db.session.scalar(select(PaperSettings).where(PaperSettings.survey_id == survey.id))
    if settings is None:
        settings = PaperSettings(survey_id=survey.id, texts={})
        db.session.add(settings)
        db.session.flush()
    return settings


def _check_version(settings: PaperSettings, expected_version) -> None:
    versions.check_version(
        settings,
        expected_version,
        _l(
            "Someone else has changed these settings in the meantime. Your input is still "
            "shown below. Check it and save again."
        ),
    )


def update_letter(
    survey: Survey,
    lang: str,
    values: dict[str, str],
    *,
    sender_name: str | None = None,
    sender_address: str | None = None,
    help_phone: str | None = None,
    expected_version=None,
    by=None,
) -> PaperSettings:
    """Save the letter text of one language and the sender details."""
    if lang not in (survey.languages or []):
        raise PaperError(_l("This survey is not offered in this language."))
    problems = letter_texts.check_texts(values)
    if problems:
        field, message = next(iter(problems.items()))
        raise PaperError(message, field=field)
    settings = settings_for(survey)
    _check_version(settings, expected_version)
    texts = dict(settings.texts or {})
    texts[lang] = {name: str(values.get(name) or "").strip() for name in letter_texts.FIELDS}
    settings.texts = texts
    settings.sender_name = (sender_name or "").strip()[:200] or None
    settings.sender_address = (sender_address or "").strip()[:1000] or None
    settings.help_phone = (help_phone or "").strip()[:40] or None
    settings.updated_by_id = getattr(by, "id", None)
    _flush_settings()
    record_event("paper.letter_text_changed", actor=by, target=survey, language=lang)
    return settings


def update_keying_settings(
    survey: Survey, *, double_entry: str, percent, dedup_rule: str, expected_version=None, by=None
) -> PaperSettings:
    """Choose double entry (off, all forms, or a random share) and the duplicate rule."""
    try:
        mode = DoubleEntry(double_entry)
    except ValueError:
        raise PaperError(_l("Choose how forms are checked."), field="double_entry") from None
    try:
        share = int(percent)
    except (TypeError, ValueError):
        share = 0
    if mode == DoubleEntry.SAMPLE and not 1 <= share <= 100:
        raise PaperError(_l("Give a percentage from 1 to 100."), field="percent")
    if dedup_rule not in DEDUP_RULES:
        raise PaperError(_l("Choose a rule for duplicate responses."), field="dedup_rule")
    settings = settings_for(survey)
    _check_version(settings, expected_version)
    settings.double_entry = mode
    if 1 <= share <= 100:
        settings.double_entry_percent = share
    settings.updated_by_id = getattr(by, "id", None)
    if survey.dedup_rule != dedup_rule:
        survey.dedup_rule = dedup_rule
    _flush_settings()
    record_event(
        "paper.keying_settings_changed",
        actor=by,
        target=survey,
        double_entry=mode.value,
        percent=settings.double_entry_percent,
        dedup_rule=dedup_rule,
    )
    return settings


def _flush_settings() -> None:
    versions.flush_or_conflict(
        _l("Someone else has changed these settings in the meantime. Try again.")
    )


def ensure_printable(survey: Survey, lang: str) -> None:
    """PaperError when forms cannot be printed: no questions, language not offered."""
    if lang not in (survey.languages or []):
        raise PaperError(
            _l("This survey is not offered in %(language)s.", language=language_name(lang))
        )
    if not survey.ordered_questions():
        raise PaperError(_l("The survey has no questions yet, so there is no form to print."))


def unprintable(survey: Survey, lang: str) -> str:
    """Characters of the form and the letter in a language that the font cannot print
    (they would come out as empty boxes), sorted; "" when everything prints."""
    loaded = fonts()
    texts = " ".join(letter_texts.letter_texts(stored_texts(survey), lang).values())
    missing = missing_characters(texts, loaded.regular)
    if survey.ordered_questions():
        missing |= build_form(survey, loaded, lang, False, return_text(survey, lang)).missing
    return " ".join(sorted(missing))


def return_text(survey: Survey, lang: str) -> str:
    """The sentence on the form that says how to send it back."""
    settings = db.session.scalar(select(PaperSettings).where(PaperSettings.survey_id == survey.id))
    return letter_texts.letter_texts(settings.texts if settings else {}, lang)["return"]


def saved_layout(
    survey: Survey, lang: str = "nl", large_print: bool = False
) -> tuple[FormLayout, PaperLayout]:
    """The form's layout, saved for the scanner on first use (see the module docstring)."""
    ensure_printable(survey, lang)
    layout = build_form(survey, fonts(), lang, large_print, return_text(survey, lang))
    fingerprint = layout.fingerprint()
    stored = db.session.scalars(
        select(PaperLayout)
        .where(
            PaperLayout.survey_id == survey.id,
            PaperLayout.survey_version == survey.version,
            PaperLayout.language == lang,
            PaperLayout.large_print.is_(large_print),
        )
        .order_by(PaperLayout.revision)
    ).all()
    for row in stored:
        if row.fingerprint == fingerprint:
            return layout, row
    row = PaperLayout(
        survey_id=survey.id,
        survey_version=survey.version,
        language=lang,
        large_print=large_print,
        revision=len(stored) + 1,
        fingerprint=fingerprint,
        page_count=layout.page_count,
        layout=layout.to_json(len(stored) + 1),
    )
    db.session.add(row)
    db.session.flush()
    log.info("survey %s: form layout %s saved (%d pages)", survey.id, row.id, row.page_count)
    return layout, row


def find_layout(
    survey_id: int, survey_version: int, lang: str, large_print: bool, revision: int = 1
) -> PaperLayout | None:
    """The layout named by a form page's QR code (for reading scans)."""
    return db.session.scalar(
        select(PaperLayout).where(
            PaperLayout.survey_id == survey_id,
            PaperLayout.survey_version == survey_version,
            PaperLayout.language == lang,
            PaperLayout.large_print.is_(large_print),
            PaperLayout.revision == revision,
        )
    )


def issue_blank_forms(
    survey: Survey,
    count,
    *,
    lang: str = "nl",
    large_print: bool = False,
    limit: int = MAX_BLANK_FORMS,
    by=None,
) -> BlankFormBatch:
    """Reserve serial numbers for blank forms (for meetings); print them with render."""
    if survey.status not in (SurveyStatus.DRAFT, SurveyStatus.OPEN):
        raise PaperError(_l("Forms can only be printed for a survey that is a draft or open."))
    try:
        number = int(count)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= limit:
        raise PaperError(_l("Give a number of forms from 1 to %(n)d.", n=limit), field="count")
    ensure_printable(survey, lang)
    settings = settings_for(survey)
    batch = BlankFormBatch(
        survey_id=survey.id,
        first_serial=settings.next_serial,
        count=number,
        language=lang,
        large_print=large_print,
        created_by_id=getattr(by, "id", None),
    )
    settings.next_serial += number
    db.session.add(batch)
    versions.flush_or_conflict(
        _l("Someone else is printing blank forms at the same moment. Try again.")
    )
    record_event(
        "paper.blank_forms_issued",
        actor=by,
        target=survey,
        first=batch.first_serial,
        count=number,
    )
    return batch


def blank_form_batch(survey_id: int, serial: int) -> BlankFormBatch | None:
    """The batch of blank forms a serial was printed in, or None if it was never issued."""
    return db.session.scalar(
        select(BlankFormBatch).where(
            BlankFormBatch.survey_id == survey_id,
            BlankFormBatch.first_serial <= serial,
            BlankFormBatch.first_serial + BlankFormBatch.count > serial,
        )
    )


def blank_batches(survey: Survey) -> list[BlankFormBatch]:
    """The survey's blank-form batches, newest first."""
    return list(
        db.session.scalars(
            select(BlankFormBatch)
            .where(BlankFormBatch.survey_id == survey.id)
            .order_by(BlankFormBatch.first_serial.desc())
        )
    )


def stored_texts(survey: Survey) -> dict:
    """The letter texts the board wrote, per language."""
    settings = db.session.scalar(select(PaperSettings).where(PaperSettings.survey_id == survey.id))
    return dict(settings.texts or {}) if settings else {}


def ensure_letter_language(survey: Survey, lang: str) -> None:
    """PaperError when letters cannot be printed in this language."""
    ensure_printable(survey, lang)
    letter_texts.ensure_letter_text(stored_texts(survey), lang, language_name(lang))
