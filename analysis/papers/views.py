"""Position papers in the app: the list per survey, a gemeente's paper as a page, and its
downloads (paper, reaction to the bod, meeting pack, charts). Scoped like the results pages:
a gemeente outside the user's is refused (403); every download is audited."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from analysis import blueprint as common
from analysis.blueprint import bp
from analysis.papers import build, slides, sources
from analysis.papers.docx_render import render_docx
from analysis.papers.pdf_render import render_pdf
from consult import scope
from consult.audit.operations import record_event
from consult.extensions import db
from consult.permissions import Permission, requires
from consult.scope import within

DOWNLOADS = {
    "paper-docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "paper-pdf": ("pdf", "application/pdf"),
    "reaction-docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "reaction-pdf": ("pdf", "application/pdf"),
    "slides": ("pdf", "application/pdf"),
    "charts": ("zip", "application/zip"),
}


def _checked(survey, gemeente_id: int | None) -> None:
    """A gemeente (checked against the user's scope before the view) must be in the survey."""
    if gemeente_id is not None and gemeente_id not in {g.id for g in survey.gemeenten}:
        abort(404)
    if gemeente_id is not None and gemeente_id not in common.scope_ids(survey):
        abort(403)  # another gemeente's paper


@bp.get("/<int:survey_id>/standpunten")
@requires(Permission.VIEW_RESULTS)
def papers(survey_id: int):
    """The gemeenten whose paper the user may read."""
    survey = scope.obj("survey_id")
    allowed = common.scope_ids(survey)
    return render_template(
        "analysis/papers/index.html",
        survey=survey,
        gemeenten=[g for g in survey.gemeenten if g.id in allowed],
    )


@bp.get("/<int:survey_id>/standpunten/koepel")
@requires(Permission.VIEW_RESULTS)
def koepel_paper(survey_id: int):
    """The paper of all the user's gemeenten together."""
    return _page(scope.obj("survey_id"), None)


@bp.get("/<int:survey_id>/standpunten/<int:gemeente_id>")
@requires(Permission.VIEW_RESULTS)
def paper(survey_id: int, gemeente_id: int):
    """A gemeente's position paper as a page, with its downloads."""
    return _page(scope.obj("survey_id"), gemeente_id)


def _page(survey, gemeente_id: int | None):
    _checked(survey, gemeente_id)
    positions = sources.positions_for(survey.id, gemeente_id, common.scope_ids(survey))
    document = build.build_paper(
        survey.id, gemeente_id, positions, scope=common.scope_ids(survey), draw=False
    )
    return render_template(
        "analysis/papers/paper.html",
        survey=survey,
        gemeente_id=gemeente_id,
        document=document,
        has_bod=bool((positions or {}).get("bod")),
        downloads=DOWNLOADS,
    )


@bp.post("/<int:survey_id>/standpunten/koepel/downloaden")
@requires(Permission.VIEW_RESULTS)
@within("survey_id")  # the paper of the user's own gemeenten of a shared survey
def koepel_paper_download(survey_id: int):
    """One file of the koepel-wide paper (audited)."""
    return _download(scope.obj("survey_id"), None)


@bp.post("/<int:survey_id>/standpunten/<int:gemeente_id>/downloaden")
@requires(Permission.VIEW_RESULTS)
@within("survey_id")  # reads the user's own gemeente of a shared survey; changes nothing
def paper_download(survey_id: int, gemeente_id: int):
    """One file of a gemeente's paper (audited)."""
    return _download(scope.obj("survey_id"), gemeente_id)


def _download(survey, gemeente_id: int | None):
    _checked(survey, gemeente_id)
    what = request.form.get("what", "")
    if what not in DOWNLOADS:
        flash(_("Choose which file to download."), "error")
        if gemeente_id is None:
            return redirect(url_for(".koepel_paper", survey_id=survey.id))
        return redirect(url_for(".paper", survey_id=survey.id, gemeente_id=gemeente_id))
    allowed = common.scope_ids(survey)
    positions = sources.positions_for(survey.id, gemeente_id, allowed)
    if what.startswith("reaction"):
        document = build.build_reaction(survey.id, gemeente_id, positions, scope=allowed)
        content = render_docx(document) if what.endswith("docx") else render_pdf(document)
        stem = document.file_stem
    else:
        ctx = build.context(survey.id, gemeente_id, allowed)
        document = build.paper_of(ctx, positions)
        stem = document.file_stem
        if what == "slides":
            content, stem = (
                slides.meeting_pack(ctx, positions),
                stem.replace("standpunten", "overleg"),
            )
        elif what == "charts":
            content = slides.chart_zip(ctx, positions)
            stem = stem.replace("standpunten", "grafieken")
        else:
            content = render_docx(document) if what.endswith("docx") else render_pdf(document)
    extension, mimetype = DOWNLOADS[what]
    record_event(
        "papers.download",
        actor=current_user,
        target=survey,
        file=what,
        gemeente=gemeente_id if gemeente_id is not None else "koepel",
    )
    db.session.commit()
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{stem}.{extension}"'},
    )
