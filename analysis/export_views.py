"""Downloading results: the responses (CSV, XLSX, SPSS) and the result tables (CSV, XLSX) of
the user's gemeenten, for roles that may export. Every download is audited; the household
code and addresses are never in a file, and the small-cell rule applies to everyone but
administrators."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from analysis import blueprint as common
from analysis import exports, suppress
from analysis.blueprint import bp
from consult import scope
from consult.extensions import db
from consult.permissions import Permission, requires
from consult.scope import within

KINDS = {"antwoorden": exports.FORMATS, "tabellen": ("csv", "xlsx")}
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
}


@bp.get("/<int:survey_id>/downloaden")
@requires(Permission.EXPORT_RESULTS)
def exports_page(survey_id: int):
    """What can be downloaded, and for which gemeenten."""
    survey = scope.obj("survey_id")
    return render_template(
        "analysis/exports.html",
        survey=survey,
        gemeenten=[g for g in survey.gemeenten if g.id in common.scope_ids(survey)],
        admin=common.admin(),
    )


@bp.post("/<int:survey_id>/downloaden")
@requires(Permission.EXPORT_RESULTS)
@within("survey_id")
def export(survey_id: int):
    """One download: kind (antwoorden / tabellen), format, and optionally one gemeente."""
    survey = scope.obj("survey_id")
    kind, fmt = request.form.get("kind", ""), request.form.get("format", "")
    if kind not in KINDS or fmt not in KINDS[kind]:
        flash(_("Choose what to download and in which format."), "error")
        return redirect(url_for(".exports_page", survey_id=survey.id))
    allowed = common.scope_ids(survey)
    raw = (request.form.get("gemeente") or "").strip()
    if raw:
        if not (raw.isdigit() and len(raw) < 10):
            flash(_("Choose one of the gemeenten."), "error")
            return redirect(url_for(".exports_page", survey_id=survey.id))
        if int(raw) not in allowed:
            abort(403)  # another gemeente's answers
        gemeenten = [int(raw)]
    else:
        gemeenten = None if current_user.scope_ids is None else allowed
    make = exports.export_responses if kind == "antwoorden" else exports.export_tables
    try:
        content, name = make(
            survey.id,
            fmt,
            gemeente_ids=gemeenten,
            admin=common.admin(),
            actor=current_user,
            rule=suppress.rule_from_config(current_app.config),
        )
    except exports.ExportError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".exports_page", survey_id=survey.id))
    db.session.commit()
    return Response(
        content,
        mimetype=MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
