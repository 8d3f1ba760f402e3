"""The respondent pages' blueprint: its rate limit on codes, template helpers and the plain
message pages for tenants (closed, not open yet, too many attempts, an expired page)."""

from flask import Blueprint, current_app, render_template
from flask_babel import format_date
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from consult.extensions import limiter
from surveys.invitations.operations import check_code_secret
from surveys.languages import language_name
from surveys.qtypes.base import option_label

bp = Blueprint("respond", __name__)
bp.record_once(lambda state: check_code_secret(state.app))

DEFAULT_CODE_LIMIT = "10 per minute;50 per hour"


def _code_limit() -> str:
    return current_app.config.get("RESPOND_CODE_LIMIT") or DEFAULT_CODE_LIMIT


def _failed(response) -> bool:
    """Only attempts that did not let the tenant in count against the limit."""
    return response.status_code not in (302, 303)


@bp.context_processor
def respond_helpers() -> dict:
    """Helpers for the respondent templates."""
    return {"option_label": option_label, "language_name": language_name}


code_limit = limiter.shared_limit(_code_limit, scope="respond-code", deduct_when=_failed)


def notice(title: str, paragraphs: list[str], status: int = 200, **extra):
    """A plain message page for tenants (closed, not open yet, already sent, ...)."""
    return render_template(
        "respond/notice.html", title=title, paragraphs=paragraphs, **extra
    ), status


def resume_url(flow) -> str:
    """The first unanswered page of a response, or its check page."""
    following = flow.progress().next_open()
    return flow.step_url(following) if following else flow.url("check")


def not_answering(survey, state: str):
    """The page for a survey that is closed or not open yet."""
    if state == "closed":
        return notice(
            _("This survey is closed"),
            [
                _("You can no longer answer this survey."),
                _("If you had already given answers, they are kept. Thank you for taking part."),
            ],
            survey=survey,
        )
    return notice(
        _("This survey is not open yet"),
        [_("Try again from %(date)s.", date=long_date(survey.opens_on))]
        if survey.opens_on
        else [_("Try again later.")],
        survey=survey,
    )


def long_date(value) -> str:
    """A date written out in the page's language, or nothing."""
    return format_date(value, "long") if value else ""


@bp.errorhandler(429)
def too_many_attempts(error):
    """Too many wrong codes from this connection."""
    return notice(
        _("Too many attempts"),
        [
            _("You have tried too often. For your safety, wait a quarter of an hour."),
            _("Then try again with the code from your letter."),
        ],
        status=429,
        show_help=True,
    )


@bp.errorhandler(CSRFError)
def expired_page(error):
    """A form that was open too long or came from elsewhere: nothing is lost."""
    return notice(
        _("This page was open for too long"),
        [_("Your earlier answers are kept. Enter the code from your letter again to go on.")],
        status=400,
        show_code_link=True,
    )
