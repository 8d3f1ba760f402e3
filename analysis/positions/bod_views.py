"""The bod pages: record a corporation's bod with its letter (PDF), its items per theme, and
our reaction per item linked to our positions. Routes of the positions blueprint."""

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from analysis.positions import labels, letters, operations
from analysis.positions.blueprint import bp, can_edit, gemeente_of_route, survey_of_route
from analysis.positions.forms import BodForm, BodItemForm, ReactionForm
from analysis.positions.models import Bod, PositionStatus
from analysis.positions.paper import theme_name
from consult import scope
from consult.audit.operations import record_event
from consult.extensions import db
from consult.gemeenten.models import Corporation
from consult.permissions import Permission, requires
from consult.scope import within
from surveys.errors import ConflictError


def _bods(survey, gemeente) -> list[Bod]:
    return list(
        db.session.scalars(
            select(Bod)
            .where(Bod.gemeente_id == gemeente.id, Bod.year == survey.year)
            .order_by(Bod.id)
        )
    )


def _bod_form(gemeente):
    form = BodForm()
    form.corporation.choices = [("", _("Not named"))] + [
        (str(c.id), c.name) for c in gemeente.corporations
    ]
    return form


def _linkable(survey, gemeente) -> list:
    """The positions a reaction may name: those at least proposed to the board."""
    return [
        p
        for p in operations.positions_of(survey.id, gemeente.id)
        if p.status != PositionStatus.CONCEPT
    ]


def _bod_of(survey):
    """The route's bod, which must be of the survey's year (another year's: 404)."""
    found = scope.obj("bod_id")
    if found.year != survey.year:
        abort(404)
    return found


def _page(survey, gemeente, form=None, status=200):
    positions = _linkable(survey, gemeente)
    bods = _bods(survey, gemeente)
    reactions = {}
    for bod in bods:
        for item in bod.items:
            reaction = ReactionForm(formdata=None, prefix=f"r{item.id}")
            reaction.reaction.data = item.reaction.value if item.reaction else ""
            reaction.text.data = item.reaction_text
            reaction.positions.choices = [(str(p.id), p.title) for p in positions]
            reaction.positions.data = [str(p.id) for p in item.positions]
            reaction.version.data = item.version
            reactions[item.id] = reaction
    return (
        render_template(
            "analysis/positions/bod.html",
            survey=survey,
            gemeente=gemeente,
            bods=bods,
            form=form or _bod_form(gemeente),
            item_forms={b.id: BodItemForm(formdata=None, prefix=f"b{b.id}") for b in bods},
            reactions=reactions,
            labels=labels,
            theme_name=theme_name,
            can_edit=can_edit(),
            max_mb=current_app.config.get("BOD_PDF_MAX_MB", letters.DEFAULT_MAX_MB),
        ),
        status,
    )


@bp.get("/<int:survey_id>/gemeente/<int:gemeente_id>/bod")
@requires(Permission.VIEW_RESULTS)
def bod(survey_id: int, gemeente_id: int):
    """This year's bods of the gemeente, their items and our reactions."""
    survey = survey_of_route()
    return _page(survey, gemeente_of_route(survey))


@bp.post("/<int:survey_id>/gemeente/<int:gemeente_id>/bod")
@requires(Permission.MANAGE_POSITIONS)
@within("survey_id")
def record_bod(survey_id: int, gemeente_id: int):
    """Record a bod with its letter; a letter that is too large, locked or no PDF is refused
    and nothing is stored."""
    survey = survey_of_route()
    gemeente = gemeente_of_route(survey)
    form = _bod_form(gemeente)
    if not form.validate_on_submit():
        return _page(survey, gemeente, form, status=400)
    corporation = None
    raw = form.corporation.data or ""
    if raw:
        corporation = (
            db.session.get(Corporation, int(raw)) if raw.isdigit() and len(raw) < 12 else None
        )
        if corporation is None or corporation not in gemeente.corporations:
            form.corporation.errors.append(_("Choose one of the corporations."))
            return _page(survey, gemeente, form, status=400)
    upload = request.files.get(form.letter.name)
    content = upload.read() if upload and upload.filename else b""
    if upload:
        upload.close()  # a large upload sits in a temporary file
    try:
        if content:
            letters.check_pdf(
                content, current_app.config.get("BOD_PDF_MAX_MB", letters.DEFAULT_MAX_MB)
            )
        found = operations.record_bod(
            gemeente,
            survey.year,
            corporation,
            received_on=form.received_on.data,
            reaction_due=form.reaction_due.data,
            actor=current_user,
        )
        if content:
            token = letters.store(current_app.config["UPLOAD_FOLDER"], content)
            operations.attach_letter(
                found, token, upload.filename, len(content), actor=current_user
            )
    except operations.PositionError as exc:
        db.session.rollback()
        field = getattr(form, exc.field or "", form.letter)
        field.errors = list(field.errors) + [str(exc)]
        return _page(survey, gemeente, form, status=400)
    db.session.commit()
    flash(_("Bod recorded."), "success")
    return redirect(url_for(".bod", survey_id=survey.id, gemeente_id=gemeente.id))


@bp.get("/<int:survey_id>/gemeente/<int:gemeente_id>/bod/<int:bod_id>/brief")
@requires(Permission.VIEW_RESULTS)
def letter(survey_id: int, gemeente_id: int, bod_id: int):
    """The bod's letter as it was uploaded."""
    survey = survey_of_route()
    gemeente_of_route(survey)
    found = _bod_of(survey)
    path = letters.path_of(current_app.config["UPLOAD_FOLDER"], found.file_token or "-")
    if not found.file_token or not path.exists():
        abort(404)
    record_event("positions.bod_letter_downloaded", actor=current_user, target=found)
    db.session.commit()
    return send_file(path, mimetype="application/pdf", as_attachment=True, download_name="bod.pdf")


@bp.post("/<int:survey_id>/gemeente/<int:gemeente_id>/bod/<int:bod_id>/punt")
@requires(Permission.MANAGE_POSITIONS)
@within("survey_id")
def add_item(survey_id: int, gemeente_id: int, bod_id: int):
    """Add what the corporation offers on a theme."""
    survey = survey_of_route()
    gemeente = gemeente_of_route(survey)
    form = BodItemForm(prefix=f"b{bod_id}")
    if form.validate_on_submit():
        try:
            operations.add_bod_item(
                _bod_of(survey),
                theme=form.theme.data,
                offer=form.offer.data,
                numbers=form.numbers.data,
                actor=current_user,
            )
        except operations.PositionError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Item added."), "success")
    else:
        flash(_("The text is too long."), "error")
    return redirect(url_for(".bod", survey_id=survey.id, gemeente_id=gemeente.id))


@bp.post("/<int:survey_id>/gemeente/<int:gemeente_id>/bod/<int:bod_id>/punt/<int:item_id>")
@requires(Permission.MANAGE_POSITIONS)
@within("survey_id")
def react(survey_id: int, gemeente_id: int, bod_id: int, item_id: int):
    """Save our reaction to one item."""
    survey = survey_of_route()
    gemeente = gemeente_of_route(survey)
    _bod_of(survey)
    item = scope.obj("item_id")
    form = ReactionForm(prefix=f"r{item.id}")
    form.positions.choices = []
    if form.validate_on_submit():
        ids = [int(p) for p in form.positions.data or [] if p.isdigit() and len(p) < 12]
        chosen = [p for p in _linkable(survey, gemeente) if p.id in set(ids)]
        try:
            operations.react_to_item(
                item,
                form.reaction.data,
                form.text.data,
                chosen,
                actor=current_user,
                version=form.version.data,
            )
        except (operations.PositionError, ConflictError) as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Reaction saved."), "success")
    else:
        flash(_("The text is too long."), "error")
    return redirect(url_for(".bod", survey_id=survey.id, gemeente_id=gemeente.id))
