"""Yes / no / weet ik niet.

Canonical value: ``"ja"``, ``"nee"`` or ``"dk"`` (weet ik niet). The options are fixed in
their codes; their labels may be reworded ("Ja, dat wil ik").
"""

from flask_babel import lazy_gettext as _l

from surveys.errors import translate
from surveys.qtypes.base import QuestionLike, find_option, register
from surveys.qtypes.single import SingleChoice

YES, NO, DONT_KNOW = "ja", "nee", "dk"


@register
class YesNo(SingleChoice):
    """Yes, no, or don't know."""

    code = "yesno"
    order = 30
    label = _l("Yes / no / don't know")
    measure = "nominal"
    xlsform_select = "select_one"
    xlsform_reads = ("select one",)
    xlsform_specificity = 1

    def xlsform_fits(self, options: list, appearance: str) -> bool:
        """Options ja and nee (and possibly a don't know)."""
        points = {o["code"] for o in options if not o.get("dont_know")}
        return points == {"ja", "nee"}

    def default_options(self) -> list[dict]:
        """Ja, nee and weet ik niet."""
        return [
            {"code": YES, "labels": {"nl": "Ja", "en": "Yes"}},
            {"code": NO, "labels": {"nl": "Nee", "en": "No"}},
            {
                "code": DONT_KNOW,
                "labels": {"nl": "Weet ik niet", "en": "Don't know"},
                "dont_know": True,
            },
        ]

    def validate_settings(self, question: QuestionLike, complete: bool = True) -> list[str]:
        """The codes ja and nee must be there; only a don't-know option may be added."""
        problems = []
        if find_option(question, YES) is None or find_option(question, NO) is None:
            problems.append(translate(_l("A yes/no question needs the codes ja and nee.")))
        for option in question.options or []:
            if isinstance(option, dict) and str(option.get("code")) not in {YES, NO}:
                if not option.get("dont_know"):
                    problems.append(
                        translate(
                            _l("A yes/no question can only add a \u201cdon't know\u201d option.")
                        )
                    )
                    break
        return problems
