"""Coding pages: a survey's open questions, its codebook, coding answer by answer with the
keyboard, and checking quotes before anyone sees them.

Coders (board members and volunteers) code answers of their own gemeenten; the codebook and the
quote check belong to the board. Answers are read through ``analysis.data``; only answers of
counted, submitted responses are coded.
"""

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from analysis import data
from analysis.coding import operations, privacy
from analysis.coding.forms import CodeForm, CodingForm, QuoteForm, RemoveCodeForm
from analysis.coding.models import QuoteState
from consult import scope
from consult.extensions import db
from consult.permissions import Permission, requires
from consult.scope import within
from surveys.errors import ConflictError
from surveys.models import Survey, SurveyStatus
from surveys.qtypes import get_type
from surveys.themes import theme_label

bp = Blueprint("coding", __name__, url_prefix="/resultaten")


def _survey():
    survey = scope.obj("survey_id")
    if str(survey.status) == "draft":
        abort(404)
    return survey


def _scope(survey) -> list[int]:
    own = current_user.scope_ids
    return [g.id for g in survey.gemeenten if own is None or g.id in own]


def _open_questions(survey_id: int):
    meta = data.questions(survey_id)
    return meta[meta["measure"] == "text"]


def _progress(survey, question_ids) -> list[tuple[int, int]]:
    """(answers given, answers coded) per open question, in the user's gemeenten."""
    own, codings = _scope(survey), operations.codings(survey.id)
    counts = []
    for question_id in question_ids:
        answers = set(data.open_answers(survey.id, question_id, own)["response_id"])
        mine = set(codings.loc[codings["question_id"] == question_id, "response_id"])
        counts.append((len(answers), len(answers & mine)))
    return counts


def _question(survey_id: int):
    question = scope.obj("question_id")
    if get_type(question.qtype).measure != "text":
        abort(404)
    return question


def known_words(survey) -> list[str]:
    """Capitalised words that are not names in this survey's answers (place and corporation
    names), so that the quote check does not mark them."""
    words = [g.name for g in survey.gemeenten]
    words += [c.name for g in survey.gemeenten for c in g.corporations]
    return [w for name in words for w in name.split()]


@bp.get("/open")
@requires(Permission.CODE_ANSWERS)
def surveys():
    """Surveys with answers in the user's gemeenten, and how far their open answers are coded."""
    found = db.session.scalars(
        select(Survey).where(Survey.status != SurveyStatus.DRAFT).order_by(Survey.year.desc())
    )
    rows = []
    for survey in found:
        if not scope.may(survey, "survey_id"):
            continue
        questions = _open_questions(survey.id)
        counts = _progress(survey, questions["question_id"])
        given, coded = sum(g for g, _ in counts), sum(c for _, c in counts)
        rows.append({"survey": survey, "questions": len(questions), "given": given, "coded": coded})
    return render_template("analysis/coding/surveys.html", rows=rows)


@bp.get("/<int:survey_id>/open")
@requires(Permission.CODE_ANSWERS)
def index(survey_id: int):
    """The survey's open questions, how far coding is, and the way to the codebook."""
    survey = _survey()
    questions = _open_questions(survey.id)
    counts = _progress(survey, questions["question_id"])
    rows = [
        {"meta": meta, "given": given, "coded": coded}
        for meta, (given, coded) in zip(questions.itertuples(index=False), counts, strict=True)
    ]
    return render_template(
        "analysis/coding/index.html",
        survey=survey,
        rows=rows,
        codes=operations.codebook(survey.id),
        waiting=len(_proposed(survey)) if current_user.can(Permission.MANAGE_SURVEYS) else None,
        theme_label=theme_label,
    )


@bp.route("/<int:survey_id>/codeboek", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
@within("survey_id")
def codebook(survey_id: int):
    """The codebook: codes grouped by theme; add a code."""
    survey = _survey()
    form = CodeForm()
    if form.validate_on_submit():
        try:
            operations.add_code(survey, form.label.data, form.theme.data, actor=current_user)
        except operations.CodingError as exc:
            db.session.rollback()
            form.label.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Code “%(label)s” added.", label=" ".join(form.label.data.split())), "success")
            return redirect(url_for(".codebook", survey_id=survey.id))
    codes = operations.codebook(survey.id)
    return render_template(
        "analysis/coding/codebook.html",
        survey=survey,
        form=form,
        groups=_grouped(codes),
        uses={c.id: operations.uses(c) for c in codes},
    )


def _grouped(codes) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for number, code in enumerate(codes, start=1):
        label = theme_label(code.theme) if code.theme else _("No theme")
        groups.setdefault(label, []).append((number, code))
    return list(groups.items())


@bp.route("/<int:survey_id>/codeboek/<int:code_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def code(survey_id: int, code_id: int):
    """Rename a code, move it to another theme, or remove it."""
    survey, found = _survey(), scope.obj("code_id")
    form = CodeForm(obj=found if request.method == "GET" else None)
    remove = RemoveCodeForm(prefix="remove")
    if request.method == "POST" and "remove-submit" in request.form:
        if remove.validate_on_submit() and remove.confirm.data:
            operations.remove_code(found, actor=current_user)
            db.session.commit()
            flash(_("Code removed."), "success")
            return redirect(url_for(".codebook", survey_id=survey.id))
        remove.confirm.errors.append(_("Tick the box to confirm."))
    elif form.validate_on_submit():
        try:
            operations.change_code(found, form.label.data, form.theme.data, actor=current_user)
        except operations.CodingError as exc:
            db.session.rollback()
            form.label.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Code saved."), "success")
            return redirect(url_for(".codebook", survey_id=survey.id))
    return render_template(
        "analysis/coding/code.html",
        survey=survey,
        code=found,
        form=form,
        remove=remove,
        uses=operations.uses(found),
    )


@bp.get("/<int:survey_id>/open/<int:question_id>/coderen")
@requires(Permission.CODE_ANSWERS)
def next_answer(survey_id: int, question_id: int):
    """The next answer of the user's gemeenten that nobody coded yet."""
    survey, question = _survey(), _question(survey_id)
    answers = data.open_answers(survey.id, question.id, _scope(survey))
    coded = operations.coded_answers(survey.id, question.id)
    after = request.args.get("na", "")
    after = int(after) if after.isdigit() and len(after) < 12 else 0
    waiting = [int(r) for r in answers["response_id"] if int(r) not in coded]
    following = [r for r in waiting if r > after] or waiting
    if following:
        return redirect(
            url_for(
                ".answer", survey_id=survey.id, question_id=question.id, response_id=following[0]
            )
        )
    return render_template(
        "analysis/coding/done.html", survey=survey, question=question, given=len(answers)
    )


def _typed_numbers(text: str) -> list[int] | None:
    """Code numbers typed as "1 4" or "1,4"; None when something else was typed."""
    parts = [p for p in re.split(r"[\s,;+]+", text or "") if p]
    if not all(p.isdigit() and len(p) < 5 for p in parts):
        return None
    return [int(p) for p in parts]


@bp.route(
    "/<int:survey_id>/open/<int:question_id>/coderen/<int:response_id>", methods=["GET", "POST"]
)
@requires(Permission.CODE_ANSWERS)
@within("survey_id", "question_id")
def answer(survey_id: int, question_id: int, response_id: int):
    """One answer: its text, the codes as numbered boxes; Enter saves and shows the next."""
    survey, question = _survey(), _question(survey_id)
    found = data.open_answers(survey.id, question.id, _scope(survey))
    found = found[found["response_id"] == response_id]
    if found.empty:
        abort(404)  # no written answer, or not a counted response
    text = found["text"].iloc[0]
    codes = operations.codebook(survey.id)
    coded = operations.coded_answers(survey.id, question.id).get(response_id)
    form = CodingForm()
    if request.method == "GET" and coded is not None:
        form.quote.data = coded.quote in (QuoteState.PROPOSED, QuoteState.APPROVED)
        form.version.data = coded.version
    chosen = {c.id for c in coded.codes} if coded is not None else set()
    next_url = url_for(".next_answer", survey_id=survey.id, question_id=question.id, na=response_id)
    if form.validate_on_submit():
        if form.skip.data:
            return redirect(next_url)
        ticked = request.form.getlist("code")
        typed = _typed_numbers(form.typed.data)
        if typed is None or not all(t.isdigit() and len(t) < 12 for t in ticked):
            form.typed.errors.append(_("Type the numbers of the codes, such as 1 4."))
        elif any(n < 1 or n > len(codes) for n in typed):
            form.typed.errors.append(
                _("There are codes 1 to %(n)d. Type only those numbers.", n=len(codes))
            )
        else:
            ids = [int(t) for t in ticked] + [codes[n - 1].id for n in typed]
            try:
                operations.code_answer(
                    survey.id,
                    question.id,
                    response_id,
                    ids,
                    quote=form.quote.data,
                    actor=current_user,
                    version=form.version.data,
                )
            except (operations.CodingError, ConflictError) as exc:
                db.session.rollback()
                form.typed.errors.append(str(exc))
            else:
                db.session.commit()
                return redirect(next_url)
        chosen = {int(t) for t in ticked if t.isdigit() and len(t) < 12}
    answers = data.open_answers(survey.id, question.id, _scope(survey))
    done = operations.coded_answers(survey.id, question.id)
    return render_template(
        "analysis/coding/answer.html",
        survey=survey,
        question=question,
        text=text,
        gemeente=found["gemeente"].iloc[0],
        codes=list(enumerate(codes, start=1)),
        chosen=chosen,
        form=form,
        coded=coded,
        progress=(sum(1 for r in answers["response_id"] if int(r) in done), len(answers)),
        theme_label=theme_label,
        can_edit_codebook=current_user.can(Permission.MANAGE_SURVEYS),
    )


def _proposed(survey) -> list:
    """Proposed quotes of answers in the user's gemeenten, with their answer text."""
    own = _scope(survey)
    waiting = operations.proposed_quotes(survey.id)
    texts = {}
    for question_id in {c.question_id for c in waiting}:
        found = data.open_answers(survey.id, question_id, own)
        texts.update(
            {
                (question_id, int(r)): t
                for r, t in zip(found["response_id"], found["text"], strict=True)
            }
        )
    return [
        (c, texts[(c.question_id, c.response_id)])
        for c in waiting
        if (c.question_id, c.response_id) in texts
    ]


@bp.get("/<int:survey_id>/citaten")
@requires(Permission.MANAGE_SURVEYS)
def quotes(survey_id: int):
    """Quotes waiting for a check: the answer with what may identify someone marked, and a
    proposed text with those parts replaced."""
    survey = _survey()
    known = known_words(survey)
    items = []
    for coded, text in _proposed(survey):
        form = QuoteForm(prefix=f"q{coded.id}", formdata=None)
        form.text.data = privacy.redact(text, known)
        form.version.data = coded.version
        items.append({"coded": coded, "parts": privacy.parts(text, known), "form": form})
    return render_template("analysis/coding/quotes.html", survey=survey, items=items)


@bp.post("/<int:survey_id>/citaten/<int:question_id>/<int:response_id>")
@requires(Permission.MANAGE_SURVEYS)
@within("survey_id", "question_id")
def quote(survey_id: int, question_id: int, response_id: int):
    """Approve or reject one proposed quote."""
    survey = _survey()
    coded = operations.coded_answers(survey.id, question_id).get(response_id)
    if coded is None or coded.quote != QuoteState.PROPOSED:
        flash(_("This quote was already checked."), "info")
        return redirect(url_for(".quotes", survey_id=survey.id))
    form = QuoteForm(prefix=f"q{coded.id}")
    if form.validate_on_submit():
        try:
            operations.review_quote(
                coded,
                form.text.data,
                approve=bool(form.approve.data),
                checked=form.checked.data,
                known=known_words(survey),
                actor=current_user,
                version=form.version.data,
            )
        except (operations.CodingError, ConflictError) as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Quote approved.") if form.approve.data else _("Quote set aside."), "success")
    else:
        flash(_("The text of the quote is too long."), "error")
    return redirect(url_for(".quotes", survey_id=survey.id))
