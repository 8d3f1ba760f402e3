"""Paper pages for the board: letter texts, printable and blank forms, the layout file, and
how returned forms are keyed and counted (letter batches: ``views_letters``)."""

import io

from flask import (
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

import surveys.paper.views_letters  # noqa: F401  (its pages are on this blueprint)
from consult import scope
from consult.extensions import db
from consult.permissions import Permission, requires
from surveys.errors import ConflictError, SurveyError
from surveys.languages import language_name
from surveys.models import Survey, SurveyStatus
from surveys.paper import letter_texts, operations, page, printing
from surveys.paper.blueprint import bp
from surveys.paper.forms import LetterTextForm


@bp.get("/papier")
@requires(Permission.MANAGE_SURVEYS)
def index():
    """The surveys, to choose one for letters and forms."""
    surveys = db.session.scalars(
        select(Survey)
        .where(Survey.status != SurveyStatus.ARCHIVED)
        .order_by(Survey.year.desc(), Survey.id.desc())
    )
    visible = [survey for survey in surveys if scope.may(survey, "survey_id")]
    return render_template("paper/index.html", surveys=visible)


@bp.get("/vragenlijsten/<int:survey_id>/papier")
@requires(Permission.MANAGE_SURVEYS)
def survey(survey_id: int):
    """Letters, forms, blank forms and keying settings of one survey."""
    survey = scope.obj("survey_id")
    return page.survey_page(survey)


@bp.route("/vragenlijsten/<int:survey_id>/papier/brief/<lang>", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def letter(survey_id: int, lang: str):
    """Edit the letter of one language."""
    survey = scope.obj("survey_id")
    if lang not in (survey.languages or []):
        abort(404)
    settings = operations.current_settings(survey)
    form = LetterTextForm()
    if not form.is_submitted():
        texts = letter_texts.letter_texts(settings.texts, lang)
        for name in (
            "subject",
            "salutation",
            "body",
            "reminder",
            "closing",
            "signature",
            "privacy",
        ):
            form[name].data = texts[name]
        form.return_text.data = texts["return"]
        form.sender_name.data = settings.sender_name or ""
        form.sender_address.data = settings.sender_address or ""
        form.help_phone.data = settings.help_phone or ""
        form.version.data = settings.version
    if form.validate_on_submit():
        try:
            operations.update_letter(
                survey,
                lang,
                form.texts(),
                sender_name=form.sender_name.data,
                sender_address=form.sender_address.data,
                help_phone=form.help_phone.data,
                expected_version=form.version.data,
                by=current_user,
            )
        except SurveyError as exc:
            db.session.rollback()
            target = getattr(
                form, "return_text" if exc.field == "return" else exc.field or "body", form.body
            )
            target.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("The letter is saved."), "success")
            return redirect(url_for(".letter", survey_id=survey.id, lang=lang))
    return render_template(
        "paper/letter.html",
        survey=survey,
        form=form,
        lang=lang,
        language=language_name(lang),
        placeholders=letter_texts.PLACEHOLDERS,
    ), (422 if form.errors else 200)


@bp.get("/vragenlijsten/<int:survey_id>/papier/brief/<lang>/voorbeeld.pdf")
@requires(Permission.MANAGE_SURVEYS)
def sample_letter(survey_id: int, lang: str):
    """A sample letter (with a made-up code) to check the text and layout."""
    survey = scope.obj("survey_id")
    return _pdf(
        lambda out: printing.sample_letter(survey, lang, out),
        f"voorbeeldbrief-{survey.id}-{lang}.pdf",
        survey,
    )


@bp.get("/vragenlijsten/<int:survey_id>/papier/formulier.pdf")
@requires(Permission.MANAGE_SURVEYS)
def sample_form(survey_id: int):
    """The form as a sample (marked as such), in a language and type size."""
    survey = scope.obj("survey_id")
    lang, large = request.args.get("taal", "nl"), request.args.get("groot") == "1"
    name = f"formulier-{survey.id}-{lang}{'-groot' if large else ''}.pdf"
    return _pdf(lambda out: printing.sample_form(survey, lang, large, out), name, survey)


@bp.get("/vragenlijsten/<int:survey_id>/papier/indeling.json")
@requires(Permission.MANAGE_SURVEYS)
def layout_file(survey_id: int):
    """The layout file of the form (box positions in mm and their meaning)."""
    survey = scope.obj("survey_id")
    lang, large = request.args.get("taal", "nl"), request.args.get("groot") == "1"
    try:
        _layout, stored = operations.saved_layout(survey, lang, large)
    except SurveyError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".survey", survey_id=survey.id))
    db.session.commit()
    response = jsonify(stored.layout)
    name = f"indeling-{survey.id}-v{stored.survey_version}-{lang}{'-groot' if large else ''}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.post("/vragenlijsten/<int:survey_id>/papier/blanco")
@requires(Permission.MANAGE_SURVEYS)
def blank_forms(survey_id: int):
    """Reserve numbers for blank forms, then offer their PDF."""
    survey = scope.obj("survey_id")
    form = page.blank_form(survey)
    if form.validate_on_submit():
        if form.count.data > printing.WEB_BLANK_LIMIT:
            form.count.errors.append(
                _(
                    "At most %(n)d forms at a time here; for more, use the command "
                    "flask paper blank-forms.",
                    n=printing.WEB_BLANK_LIMIT,
                )
            )
        else:
            try:
                batch = operations.issue_blank_forms(
                    survey,
                    form.count.data,
                    lang=form.language.data,
                    large_print=form.large_print.data,
                    by=current_user,
                )
            except (SurveyError, ConflictError) as exc:
                db.session.rollback()
                form.count.errors.append(str(exc))
            else:
                db.session.commit()
                flash(
                    _(
                        "Blank forms %(first)s to %(last)s are ready.",
                        first=batch.first_serial,
                        last=batch.last_serial,
                    ),
                    "success",
                )
                return redirect(url_for(".survey", survey_id=survey.id) + "#blanco")
    return page.survey_page(survey, blank=form, status=422)


@bp.get("/vragenlijsten/<int:survey_id>/papier/blanco/<int:blank_id>.pdf")
@requires(Permission.MANAGE_SURVEYS)
def download_blank(survey_id: int, blank_id: int):
    """The PDF of a batch of numbered blank forms."""
    survey, batch = scope.obj("survey_id"), scope.obj("blank_id")
    name = f"blanco-formulieren-{survey.id}-{batch.first_serial}-{batch.last_serial}.pdf"
    return _pdf(lambda out: printing.blank_forms(batch, out), name, survey)


@bp.post("/vragenlijsten/<int:survey_id>/papier/invoer")
@requires(Permission.MANAGE_SURVEYS)
def keying_settings(survey_id: int):
    """Save double entry and the duplicate rule."""
    survey = scope.obj("survey_id")
    form = page.settings_form(survey)
    if form.validate_on_submit():
        try:
            operations.update_keying_settings(
                survey,
                double_entry=form.double_entry.data,
                percent=form.percent.data,
                dedup_rule=form.dedup_rule.data,
                expected_version=form.version.data,
                by=current_user,
            )
        except SurveyError as exc:
            db.session.rollback()
            getattr(form, exc.field or "double_entry", form.double_entry).errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("The keying settings are saved."), "success")
            return redirect(url_for(".survey", survey_id=survey.id) + "#invoer")
    return page.survey_page(survey, keying=form, status=422)


def _pdf(write, name: str, survey: Survey):
    """Write a PDF into memory and send it; a PaperError becomes a message on the page."""
    buffer = io.BytesIO()
    try:
        write(buffer)
    except SurveyError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".survey", survey_id=survey.id))
    db.session.commit()
    buffer.seek(0)
    return send_file(buffer, mimetype="application/pdf", as_attachment=True, download_name=name)
