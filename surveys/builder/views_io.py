"""Builder pages to download a survey definition (JSON, XLSForm) and to import one."""

from flask import Response, flash, render_template
from flask_babel import gettext as _
from flask_login import current_user

from consult.extensions import db
from consult.permissions import Permission, requires
from surveys.builder import definition, xlsform
from surveys.builder.blueprint import bp
from surveys.builder.common import limit_to_scope, load_survey
from surveys.builder.forms import ImportForm
from surveys.errors import SurveyError
from surveys.models import Survey

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _download(content, mimetype: str, survey: Survey, extension: str) -> Response:
    name = f"vragenlijst-{survey.year}-{survey.id}.{extension}"
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/<int:survey_id>/export.json")
@requires(Permission.VIEW_SURVEYS)
def export_json(survey_id: int):
    """The survey definition as JSON."""
    survey = load_survey()
    text = definition.dumps(definition.export_definition(survey))
    return _download(text, "application/json", survey, "json")


@bp.get("/<int:survey_id>/export.xlsx")
@requires(Permission.VIEW_SURVEYS)
def export_xlsform(survey_id: int):
    """The survey definition as an XLSForm workbook."""
    survey = load_survey()
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(xlsform.export_workbook(survey), mimetype, survey, "xlsx")


@bp.route("/importeren", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def import_file():
    """Upload a JSON definition or an XLSForm; it becomes a new draft survey."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        raw = upload.read(MAX_IMPORT_BYTES + 1) if upload else b""
        name = (getattr(upload, "filename", "") or "").lower()
        try:
            survey, warnings = _import(raw, name, form.language.data)
        except SurveyError as exc:
            db.session.rollback()
            form.file.errors = [str(exc)]
        else:
            limit_to_scope(survey)
            db.session.commit()
            flash(_("The survey has been imported as a draft."), "success")
            return render_template("surveys/imported.html", survey=survey, warnings=warnings)
    return render_template("surveys/import.html", form=form)


def _import(raw: bytes, name: str, language: str):
    if not raw:
        raise SurveyError(_("Choose a file to import."))
    if len(raw) > MAX_IMPORT_BYTES:
        raise SurveyError(_("The file is larger than 5 MB."))
    if name.endswith(".xlsx") or raw[:2] == b"PK":
        return xlsform.import_workbook(raw, by=current_user, plain_language=language)
    if name.endswith(".json") or raw.lstrip()[:1] in (b"{", b"["):
        return definition.import_definition(definition.loads(raw), by=current_user)
    raise SurveyError(_("Upload a .json file or an XLSForm (.xlsx)."))
