"""One answering flow, two stores: a tenant's response in the database, or the builder's
preview in the browser session (which stores nothing in the database).

Views talk to a flow: which survey, which language, the answers so far, how to save a page
and where each page lives; the templates are the same for both.
"""

from flask import session, url_for

from surveys.models import Response, Survey
from surveys.qtypes import get_type
from surveys.qtypes.open_text import OpenText
from surveys.respond import operations
from surveys.respond.journey import Progress, Step, progress
from surveys.respond.structure import questions_of

PREVIEW_TEXT_LIMIT = 300  # the preview keeps open answers short: the session is a cookie


class Flow:
    """What every flow offers the views and templates."""

    preview = False
    survey: Survey
    lang: str

    def stored(self) -> dict:
        """Answers by question key (None: left empty)."""
        raise NotImplementedError

    @property
    def questions(self) -> list:
        """The survey's questions in order (a per-process read-only copy)."""
        return questions_of(self.survey)

    def progress(self, stored: dict | None = None) -> Progress:
        """Steps shown with the answers so far."""
        return progress(self.questions, self.stored() if stored is None else stored)

    def save(self, step: Step, raw):
        """Store one page's answer and return the stored value (AnswerError when outside
        the question's domain)."""
        raise NotImplementedError

    def endpoint(self, name: str) -> str:
        """The endpoint of a page of this flow."""
        return f"respond.{name}"

    def url(self, name: str, **values) -> str:
        """The address of a page of this flow."""
        return url_for(self.endpoint(name), **values)

    def step_url(self, step: Step, **values) -> str:
        """The address of a question page."""
        if step.row_code:
            values["row"] = step.row_code
        return self.url("question", question_id=step.question.id, **values)

    @property
    def gemeente_id(self) -> int | None:
        """The respondent's gemeente, for notes the board wrote for one gemeente."""
        return None


class ResponseFlow(Flow):
    """A tenant (or open-link visitor) answering into a stored response."""

    def __init__(self, response: Response, lang: str):
        self.response = response
        self.survey = response.survey
        self.lang = lang if lang in (self.survey.languages or []) else response.language

    def stored(self) -> dict:
        """The response's answers from the database."""
        return operations.stored_answers(self.response)

    def save(self, step: Step, raw):
        """Save through the service (an upsert of the page's answer)."""
        return operations.save_answer(self.response, step.question, raw, row=step.row_code)

    @property
    def gemeente_id(self) -> int | None:
        """The household's gemeente."""
        household = self.response.household
        return household.gemeente_id if household is not None else None


class NewFlow(Flow):
    """A tenant who entered a valid code but has not started: nothing is stored yet."""

    def __init__(self, survey: Survey, lang: str):
        self.survey = survey
        self.lang = lang if lang in (survey.languages or []) else "nl"

    def stored(self) -> dict:
        """No answers yet."""
        return {}

    def save(self, step: Step, raw):
        """Answers are saved only after the start button made a response."""
        raise RuntimeError("start the response first")


class PreviewFlow(Flow):
    """The builder trying the survey: answers live only in the session, nothing is stored."""

    preview = True

    def __init__(self, survey: Survey, lang: str | None = None):
        self.survey = survey
        state = _preview_state(survey.id)
        if lang in (survey.languages or []):
            state["lang"] = lang
            session.modified = True
        self.lang = state.get("lang") or "nl"

    def stored(self) -> dict:
        """The preview answers kept in the session."""
        return dict(_preview_state(self.survey.id).get("answers") or {})

    def save(self, step: Step, raw):
        """Check the answer like a real one, then keep it in the session only."""
        qtype = get_type(step.question.qtype)
        stored = self.stored()
        value = qtype.web_value(stored.get(step.question.key), raw, step.question, step.row_code)
        if isinstance(qtype, OpenText) and isinstance(value, str):
            value = value[:PREVIEW_TEXT_LIMIT]
        stored[step.question.key] = value
        state = _preview_state(self.survey.id)
        state["answers"] = stored
        session.modified = True
        return value

    def reset(self) -> None:
        """Forget the preview answers."""
        _preview_state(self.survey.id)["answers"] = {}
        session.modified = True

    def endpoint(self, name: str) -> str:
        """Preview pages have their own endpoints under the builder's survey address."""
        return "respond.preview" if name == "begin" else f"respond.preview_{name}"

    def url(self, name: str, **values) -> str:
        """Preview addresses carry the survey id."""
        return url_for(self.endpoint(name), survey_id=self.survey.id, **values)


def _preview_state(survey_id: int) -> dict:
    previews = session.setdefault("preview", {})
    if len(previews) > 3 and str(survey_id) not in previews:
        previews.clear()  # keep the cookie small
    return previews.setdefault(str(survey_id), {})
