"""The page logic shared by the tenant flow and the builder's preview: question pages, the
check-your-answers page and the survey start page."""

from dataclasses import dataclass
from typing import Any

from flask import redirect, render_template, request

from surveys.errors import AnswerError
from surveys.qtypes import get_type
from surveys.qtypes.base import option_label
from surveys.respond.flow import Flow
from surveys.respond.forms import PageForm
from surveys.respond.journey import Progress, Step, minutes_needed

RETURN_TO_CHECK = "controleren"


@dataclass(frozen=True)
class PageResult:
    """What a question page answers, and whether the caller commits (an answer was saved)
    or rolls back (the answer was refused)."""

    response: Any
    saved: bool = False
    refused: bool = False


def question_page(flow: Flow, question_id: int, row: str | None) -> PageResult:
    """Show one question, or save its answer and go on (GET and POST); the view commits."""
    stored = flow.stored()
    current = flow.progress(stored)
    step = current.find(question_id, row)
    returning = request.args.get("terug") == RETURN_TO_CHECK
    if step is None:  # hidden by skip logic, or not a page of this survey
        return PageResult(redirect(_next_url(flow, current, None, returning)))
    qtype = get_type(step.question.qtype)
    form = PageForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            value = flow.save(step, qtype.web_input(request.form, step.question, step.row_code))
        except AnswerError as exc:
            error = str(exc)
        else:
            after = flow.progress({**stored, step.question.key: value})
            return PageResult(redirect(_next_url(flow, after, step, returning)), saved=True)
    if request.method == "POST":
        fields = request.form.to_dict(flat=False)
    else:
        fields = qtype.web_fields(stored.get(step.question.key), step.question, flow.lang, row)
    page = render_template(
        "respond/question.html",
        flow=flow,
        step=step,
        qtype=qtype,
        number=current.fixed_number(step),
        total=current.fixed_total,
        skipped=current.skipped_before(step),
        returning=returning,
        options=qtype.web_options(step.question, flow.lang),
        fields=fields,
        error=error,
        form=form,
        back_url=_back_url(flow, current, step, returning),
        action=flow.step_url(step, **({"terug": RETURN_TO_CHECK} if returning else {})),
        note=_note(flow, step),
    )
    return PageResult(page, refused=error is not None)


def _note(flow: Flow, step: Step) -> str:
    """The board's note for the respondent's gemeente, if this question has notes."""
    if not step.question.gemeente_notes or flow.gemeente_id is None:
        return ""
    return step.question.gemeente_note(flow.gemeente_id, flow.lang)


def _next_url(flow: Flow, current: Progress, step: Step | None, returning: bool) -> str:
    """After a page: back to the check page (via any newly shown question), or the next page."""
    if returning or step is None:
        following = current.next_open()
        if following is None:
            return flow.url("check")
        return flow.step_url(following, **({"terug": RETURN_TO_CHECK} if returning else {}))
    index = next((i for i, s in enumerate(current.steps) if s.id == step.id), None)
    if index is not None and index + 1 < len(current.steps):
        return flow.step_url(current.steps[index + 1])
    following = current.next_open()
    return flow.step_url(following) if following else flow.url("check")


def _back_url(flow: Flow, current: Progress, step: Step, returning: bool) -> str:
    if returning:
        return flow.url("check")
    previous = current.previous(step)
    return flow.step_url(previous) if previous else flow.url("begin")


def check_rows(flow: Flow, stored: dict | None = None) -> list[dict]:
    """One summary row per shown page: question, answer and its change link."""
    stored = flow.stored() if stored is None else stored
    rows = []
    for step in flow.progress(stored).steps:
        question = step.question
        qtype = get_type(question.qtype)
        value = stored.get(question.key)
        label = question.text(flow.lang)
        if step.row:
            label = f"{label} \u2013 {option_label(step.row, flow.lang)}"
        rows.append(
            {
                "step": step,
                "label": label,
                "answer": qtype.web_display(value, question, flow.lang, step.row_code)
                if value is not None
                else "",
                "url": flow.step_url(step, terug=RETURN_TO_CHECK),
                "required": question.required,
            }
        )
    return rows


def check_page(flow: Flow, *, missing=(), sent: bool = False, status: int = 200):
    """The check-your-answers page (GOV.UK summary list)."""
    return render_template(
        "respond/check.html",
        flow=flow,
        rows=check_rows(flow),
        missing=[
            {
                "label": step.question.text(flow.lang),
                "url": flow.step_url(step, terug="controleren"),
            }
            for step in missing
        ],
        sent=sent,
        form=PageForm(),
    ), status


def begin_context(flow: Flow) -> dict:
    """What the survey start page shows: who asks, why, how long, and how far one got."""
    current = flow.progress()
    intro = flow.survey.text("intro", flow.lang)
    return {
        "flow": flow,
        "paragraphs": [p.strip() for p in intro.split("\n\n") if p.strip()],
        "minutes": minutes_needed(flow.questions),
        "answered": len(current.done),
        "total": max(current.total, len(current.steps)),
        "form": PageForm(),
        "title": flow.survey.text("title", flow.lang),
    }
