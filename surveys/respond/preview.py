"""Preview for the survey builder: the tenant's pages with a "Voorbeeld" banner.

The preview answers are checked like real ones (skip logic, domains) but kept only in the
browser session; nothing is stored in the database. It works for drafts too.
"""

from flask import redirect, render_template, request

from consult import scope
from consult.i18n import safe_next
from consult.permissions import Permission, requires
from consult.scope import within
from surveys.respond.blueprint import bp
from surveys.respond.flow import PreviewFlow
from surveys.respond.forms import PageForm
from surveys.respond.pages import begin_context, check_page, question_page

BASE = "/vragenlijsten/<int:survey_id>/voorbeeld"


def _flow(survey_id: int) -> PreviewFlow:
    return PreviewFlow(scope.obj("survey_id"))


@bp.get(BASE)
@requires(Permission.VIEW_SURVEYS)
def preview(survey_id: int):
    """The survey's start page as tenants see it."""
    return render_template("respond/begin.html", **begin_context(_flow(survey_id)))


@bp.post(BASE)
@requires(Permission.VIEW_SURVEYS)
@within("survey_id")
def preview_start(survey_id: int):
    """Start the preview from the first question, with no answers."""
    flow = _flow(survey_id)
    if PageForm().validate_on_submit():
        flow.reset()
    first = flow.progress().steps[:1]
    return redirect(flow.step_url(first[0]) if first else flow.url("check"))


@bp.route(BASE + "/vraag/<int:question_id>", methods=["GET", "POST"])
@bp.route(BASE + "/vraag/<int:question_id>/<row>", methods=["GET", "POST"])
@requires(Permission.VIEW_SURVEYS)
@within("survey_id")
def preview_question(survey_id: int, question_id: int, row: str | None = None):
    """A question page; answers are checked but kept in the browser session only."""
    return question_page(_flow(survey_id), question_id, row).response


@bp.get(BASE + "/controleren")
@requires(Permission.VIEW_SURVEYS)
def preview_check(survey_id: int):
    """The check-your-answers page of the preview."""
    return check_page(_flow(survey_id))


@bp.post(BASE + "/versturen")
@requires(Permission.VIEW_SURVEYS)
@within("survey_id")
def preview_submit(survey_id: int):
    """The confirmation page as tenants see it; nothing is sent or stored."""
    flow = _flow(survey_id)
    return render_template(
        "respond/done.html", survey=flow.survey, flow=flow, can_change=False, closes_on=""
    )


@bp.post(BASE + "/taal")
@requires(Permission.VIEW_SURVEYS)
@within("survey_id")
def preview_language(survey_id: int):
    """Show the preview in another of the survey's languages."""
    survey = scope.obj("survey_id")
    if PageForm().validate_on_submit():
        PreviewFlow(survey, request.form.get("lang"))
    return redirect(safe_next(request.form.get("next"), PreviewFlow(survey).url("begin")))
