"""The question bank pages: browse and search, change a question (a new version when surveys
use it), and retire one."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from consult import scope
from consult.extensions import db
from consult.permissions import Permission, requires
from surveys.builder import bank, form_data
from surveys.builder.blueprint import bp
from surveys.builder.common import form_error
from surveys.builder.forms import VersionForm, question_form
from surveys.errors import SurveyError
from surveys.models import BankQuestion, Question
from surveys.qtypes import get_type
from surveys.themes import theme_choices

BANK_LANGUAGES = ["nl", "en"]


@bp.get("/vragenbank")
@requires(Permission.VIEW_SURVEYS)
def bank_index():
    """Every current bank question, searchable by text and theme, with its use."""
    search = (request.args.get("zoek") or "").strip()[:100]
    theme = request.args.get("thema") or ""
    if theme not in dict(theme_choices()):
        theme = ""
    found = bank.latest_versions(theme=theme or None, search=search or None)
    use = dict(
        db.session.execute(
            select(BankQuestion.key, func.count(Question.id))
            .join(Question, Question.bank_question_id == BankQuestion.id)
            .group_by(BankQuestion.key)
        ).all()
    )
    return render_template(
        "surveys/bank_index.html",
        found=found,
        search=search,
        theme=theme,
        themes=theme_choices(),
        use=use,
        can_manage=current_user.can(Permission.MANAGE_SURVEYS),
    )


@bp.route("/vragenbank/<int:bank_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def bank_edit(bank_id: int):
    """Change a bank question; surveys that used it keep the version they took."""
    item = scope.obj("bank_id")
    newest = bank.latest_version(item.key)
    if newest.id != item.id:
        return redirect(url_for(".bank_edit", bank_id=newest.id))
    form = question_form(BANK_LANGUAGES, get_type(item.qtype), data={"version": item.version})
    if request.method == "GET":
        form_data.fill_question_form(form, item)
    elif form.validate_on_submit():
        try:
            saved = _save(item, form)
        except SurveyError as exc:
            db.session.rollback()
            form_error(form, exc)
        else:
            db.session.commit()
            if saved.id != item.id:
                message = _(
                    "Saved as version %(n)d. Surveys that use the question keep their version.",
                    n=saved.version,
                )
            else:
                message = _("The question has been saved.")
            flash(message, "success")
            return redirect(url_for(".bank_index", zoek=saved.key))
    form_data.ensure_blank_rows(form.options)
    form_data.ensure_blank_rows(form.rows)
    return render_template(
        "surveys/bank_question.html",
        item=item,
        form=form,
        kind=get_type(item.qtype),
        in_use=bank.is_in_use(item),
        retire_form=VersionForm(data={"version": item.version}),
    )


def _save(item: BankQuestion, form) -> BankQuestion:
    kind = get_type(item.qtype)
    options = (
        form_data.coded_items(form.options.entries, BANK_LANGUAGES) if kind.has_options else []
    )
    return bank.update_bank_question(
        item,
        texts=form_data.texts(form),
        options=options,
        settings=form_data.settings_from(form, item),
        theme=form.theme.data or item.theme,
        rijksprioriteit=form.rijksprioriteit.data,
        by=current_user,
    )


@bp.post("/vragenbank/<int:bank_id>/intrekken")
@requires(Permission.MANAGE_SURVEYS)
def bank_retire(bank_id: int):
    """Take a question out of the bank; surveys that use it keep their copy."""
    item = scope.obj("bank_id")
    if VersionForm().validate_on_submit():
        bank.retire_bank_question(item, by=current_user)
        db.session.commit()
        flash(
            _("The question is no longer offered in the bank. Surveys keep their copy."), "success"
        )
    return redirect(url_for(".bank_index"))
