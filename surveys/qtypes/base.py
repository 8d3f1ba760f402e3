"""The question-type registry: one class per answer type, found by its code.

Each type lives in its own module of this package and knows its label, its default options and
settings, how to check a question definition, how to turn raw input into the canonical stored
value (``clean``), how to show a stored value (``display``) and how skip logic tests it
(``matches``). Channel-specific behaviour (the web field, the paper drawing and its box geometry,
the keying widget, reading OMR marks) is added as further methods on the same classes, so that
everything about one type stays in one module; the base class gives the shared helpers.

A *question* here is anything with ``qtype``, ``texts``, ``options`` and ``settings``
attributes: a ``Question``, a ``BankQuestion`` or a draft read from an import file.
"""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from flask_babel import lazy_gettext as _l

from surveys.errors import AnswerError, SurveyError, translate

DEFAULT_LANGUAGE = "nl"
OPTION_CODE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
MAX_TEXT = 1000
MAX_HELP = 2000
MAX_LABEL = 300
MAX_OPTIONS = 60


class QuestionLike(Protocol):
    """What a question type needs to know about a question."""

    qtype: str
    texts: dict
    options: list
    settings: dict


@dataclass
class DraftQuestion:
    """A question definition that is not stored (a form being checked, an import file)."""

    qtype: str
    texts: dict = field(default_factory=dict)
    options: list = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    key: str = ""
    show_if: dict | None = None


@dataclass(frozen=True)
class SettingField:
    """One setting of a question type as the builder shows it.

    ``field`` names the builder's form field, ``key`` the entry in ``question.settings``
    (the same unless given). ``kind``: "int" (a whole number), "number" (Dutch or English
    notation) or "per_language" (a short text in each language of the survey).
    """

    field: str
    label: Any
    kind: str = "int"
    hint: Any = ""
    key: str = ""
    default: Any = None

    @property
    def settings_key(self) -> str:
        """The entry in ``question.settings``."""
        return self.key or self.field

    @property
    def per_language(self) -> bool:
        """A text per language (shown side by side)."""
        return self.kind == "per_language"

    @property
    def inputmode(self) -> str:
        """The keyboard a phone shows for the field."""
        return "decimal" if self.kind == "number" else "numeric"


def option_label(option: dict, lang: str = DEFAULT_LANGUAGE) -> str:
    """An option's label in a language, falling back to Dutch and then to its code."""
    labels = option.get("labels") or {}
    return labels.get(lang) or labels.get(DEFAULT_LANGUAGE) or str(option.get("code", ""))


def option_codes(question: QuestionLike) -> list[str]:
    """The codes of a question's options, in their order."""
    return [str(o.get("code")) for o in question.options or [] if isinstance(o, dict)]


def find_option(question: QuestionLike, code: str) -> dict | None:
    """The option with this code, or None."""
    for option in question.options or []:
        if isinstance(option, dict) and str(option.get("code")) == code:
            return option
    return None


def is_dont_know(option: dict | None) -> bool:
    """Whether an option is a coded "weet ik niet / geen mening"."""
    return bool(option and option.get("dont_know"))


def to_number(raw: Any) -> float | None:
    """Read a number typed the Dutch or the English way ("1.234,5", "3,5", "12"); None if not."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
        if not re.fullmatch(r"[-+]?[0-9.,]+", text) or not re.search(r"[0-9]", text):
            return None
        if "," in text and "." in text:
            text = text.replace(".", "").replace(",", ".")
        elif "," in text:
            if text.count(",") > 1:
                return None
            text = text.replace(",", ".")
        elif text.count(".") > 1 or re.fullmatch(r"[-+]?\d{1,3}\.\d{3}", text):
            # Dutch thousands separators: 1.234 or 1.234.567
            if not re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", text):
                return None
            text = text.replace(".", "")
        try:
            number = float(text)
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def format_number(value: float | int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A number for people: decimal comma in Dutch, no needless ".0"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text.replace(".", ",") if lang == DEFAULT_LANGUAGE else text


def range_constraint(low, high) -> str:
    """An XLSForm constraint for a range, e.g. ". >= 0 and . <= 120" (empty: no range)."""
    parts = []
    if low is not None:
        parts.append(f". >= {low}")
    if high is not None:
        parts.append(f". <= {high}")
    return " and ".join(parts)


class QuestionType:
    """Base class of all answer types; subclasses register themselves with ``@register``."""

    code: ClassVar[str] = ""
    order: ClassVar[int] = 100  # position in choice lists
    label: ClassVar = ""
    measure: ClassVar[str] = "nominal"  # nominal, ordinal, numeric, multi, ranking, text, matrix
    has_options: ClassVar[bool] = True
    min_options: ClassVar[int] = 2
    skip_ops: ClassVar[tuple[str, ...]] = ()

    @property
    def numeric(self) -> bool:
        """Answers are numbers (skip logic compares them; analysis averages them)."""
        return self.measure == "numeric"

    @property
    def one_option(self) -> bool:
        """Exactly one option is chosen (a printed skip instruction can follow it)."""
        return self.measure in ("nominal", "ordinal")

    # -- the builder: settings fields, statements, which options are allowed -----------------
    settings_fields: ClassVar[tuple[SettingField, ...]] = ()
    has_rows: ClassVar[bool] = False  # statements on one scale (one row each)
    only_dont_know_options: ClassVar[bool] = False  # options only for "weet ik niet"

    def settings_from_fields(self, values: dict, settings: dict) -> dict:
        """The settings after the builder's fields were sent: ``values`` by field name (a
        per-language field as {lang: text}); other settings are kept."""
        for spec in self.settings_fields:
            value = values.get(spec.field)
            settings[spec.settings_key] = spec.default if value in (None, "", {}) else value
        return settings

    def fields_from_settings(self, settings: dict) -> dict:
        """What the builder's fields show for stored settings (by field name)."""
        return {
            spec.field: (settings or {}).get(spec.settings_key, spec.default)
            for spec in self.settings_fields
        }

    # -- definition ---------------------------------------------------------------------
    def default_options(self) -> list[dict]:
        """Options a new question of this type starts with."""
        return []

    def default_settings(self) -> dict:
        """Settings a new question of this type starts with."""
        return {}

    def validate_definition(self, question: QuestionLike, complete: bool = True) -> list[str]:
        """Problems with the question's texts, options and settings, fit to show to users.

        With ``complete=False`` only malformed definitions count (duplicate codes, over-long
        texts, bad settings), not unfinished ones (too few options yet): drafts may be saved.
        """
        problems = self._validate_texts(question)
        if self.has_options:
            problems += self._validate_options(question, complete)
        elif question.options:
            problems.append(translate(_l("This type of question has no answer options.")))
        problems += self.validate_settings(question, complete)
        return problems

    def validate_settings(self, question: QuestionLike, complete: bool = True) -> list[str]:
        """Problems with the type-specific settings (subclasses add their checks)."""
        return []

    def _validate_texts(self, question: QuestionLike) -> list[str]:
        problems = []
        texts = question.texts if isinstance(question.texts, dict) else {}
        if not str((texts.get(DEFAULT_LANGUAGE) or {}).get("text") or "").strip():
            problems.append(translate(_l("The question has no Dutch text.")))
        for lang, entry in texts.items():
            entry = entry if isinstance(entry, dict) else {}
            if len(str(entry.get("text") or "")) > MAX_TEXT:
                problems.append(
                    translate(
                        _l(
                            "The question text (%(lang)s) is longer than %(n)d characters.",
                            lang=lang,
                            n=MAX_TEXT,
                        )
                    )
                )
            if len(str(entry.get("help") or "")) > MAX_HELP:
                problems.append(
                    translate(
                        _l(
                            "The help text (%(lang)s) is longer than %(n)d characters.",
                            lang=lang,
                            n=MAX_HELP,
                        )
                    )
                )
        return problems

    def _validate_options(self, question: QuestionLike, complete: bool = True) -> list[str]:
        options = question.options if isinstance(question.options, list) else []
        problems = []
        if not isinstance(question.options, list):
            problems.append(translate(_l("The answer options are not a list.")))
        if complete and len(options) < self.min_options:
            problems.append(
                translate(
                    _l("Give at least %(n)d answer options.", n=self.min_options)
                    if self.min_options > 1
                    else _l("Give at least one answer option.")
                )
            )
        if len(options) > MAX_OPTIONS:
            problems.append(translate(_l("Use at most %(n)d answer options.", n=MAX_OPTIONS)))
        problems += check_coded_items(options, _l("Answer option"))
        return problems

    # -- answers ------------------------------------------------------------------------
    def is_empty(self, raw: Any) -> bool:
        """Whether raw input carries no answer at all."""
        if raw is None:
            return True
        if isinstance(raw, str):
            return not raw.strip()
        if isinstance(raw, list | tuple | set | dict):
            return all(self.is_empty(v) for v in (raw.values() if isinstance(raw, dict) else raw))
        return False

    def clean(self, raw: Any, question: QuestionLike) -> Any:
        """The canonical stored value for raw input; None when there is no answer.

        Raises AnswerError (message fit for the respondent) for input outside the domain.
        """
        raise NotImplementedError

    def display(self, value: Any, question: QuestionLike, lang: str = DEFAULT_LANGUAGE) -> str:
        """A stored value as a short text for summaries and checks."""
        if value is None:
            return ""
        option = find_option(question, str(value))
        return option_label(option, lang) if option else str(value)

    def matches(self, value: Any, op: str, target: Any, question: QuestionLike) -> bool:
        """Whether a stored value meets a skip-logic condition (op is one of skip_ops)."""
        return False

    def score(self, value: Any, question: QuestionLike) -> float | None:
        """A number for averages (Likert points, grades, numbers), or None."""
        return None

    # -- paper, keying and OMR: the boxes --------------------------------------------------
    def paper_widget(self, question: QuestionLike, lang: str = DEFAULT_LANGUAGE):
        """The question as boxes (a widget of ``surveys.qtypes.widgets``): the paper form
        draws it, the keying screen keys it and OMR reads it."""
        raise NotImplementedError

    # -- XLSForm: how the type is written to and read from a survey sheet -----------------
    xlsform_select: ClassVar[str] = ""  # "select_one", "select_multiple", "rank"; "" if plain
    xlsform_reads: ClassVar[tuple[str, ...]] = ()  # XLSForm types this type is read from
    xlsform_specificity: ClassVar[int] = 0  # among types read from the same XLSForm type

    def xlsform_plain(self, question: dict) -> str:
        """The XLSForm type of a question without a choice list."""
        return "integer"

    def xlsform_appearance(self, question: dict) -> str:
        """The XLSForm appearance column."""
        return ""

    def xlsform_constraint(self, question: dict) -> str:
        """The XLSForm constraint that says what the settings say (range, length, count)."""
        return ""

    def xlsform_fits(self, options: list, appearance: str) -> bool:
        """Whether a question read from XLSForm is of this type (by its options' shape)."""
        return True

    def xlsform_settings(self, kind: str, options: list, constraint: dict | None) -> dict:
        """Settings for a question read from XLSForm: the defaults, the XLSForm type
        (``integer``, ``decimal``, ``select one``, ...) and the parsed constraint."""
        settings = self.default_settings()
        if constraint:
            settings.update(constraint)
        return settings

    # -- web (online answering, one question per page; see surveys.respond) -------------
    web_widget: ClassVar[str] = "radios"  # templates/respond/widgets/<web_widget>.html

    def web_options(self, question: QuestionLike, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
        """The choices on the page: code, label, and whether it stands apart (after "or")."""
        return [
            {
                "code": str(option.get("code")),
                "label": option_label(option, lang),
                "apart": bool(option.get("dont_know") or option.get("exclusive")),
            }
            for option in question.options or []
            if isinstance(option, dict)
        ]

    def web_hint(self, question: QuestionLike):
        """An interface hint on how to answer, or None when the question needs none."""
        return None

    def web_rows(self, question: QuestionLike) -> list[dict]:
        """Statements answered one per page (only a matrix has them)."""
        return []

    def web_input(self, form, question: QuestionLike, row: str | None = None) -> Any:
        """The raw answer from a posted page (a MultiDict); fields of other pages are ignored."""
        values = form.getlist("answer")
        return values[0] if len(values) == 1 else values

    def web_value(self, stored: Any, raw: Any, question: QuestionLike, row: str | None = None):
        """The value to store after a page is sent: the page's cleaned answer (AnswerError)."""
        return self.clean(raw, question)

    def web_fields(
        self, value: Any, question: QuestionLike, lang: str = DEFAULT_LANGUAGE, row=None
    ) -> dict[str, list[str]]:
        """A stored value as the form fields that give it, to fill in the page again."""
        return {} if value is None else {"answer": [str(value)]}

    def web_display(
        self, value: Any, question: QuestionLike, lang: str = DEFAULT_LANGUAGE, row=None
    ) -> str:
        """The answer of one page as shown on the check-your-answers page."""
        return self.display(value, question, lang)

    # -- shared helpers -----------------------------------------------------------------
    def _code(self, raw: Any, question: QuestionLike) -> str:
        """One option code from raw input, or AnswerError."""
        if isinstance(raw, list | tuple):
            values = [v for v in raw if not self.is_empty(v)]
            if len(values) != 1:
                raise AnswerError(_l("Choose one answer."))
            raw = values[0]
        if isinstance(raw, dict | bool) or raw is None:
            raise AnswerError(_l("This answer is not one of the choices."))
        code = str(raw).strip()
        if find_option(question, code) is None:
            raise AnswerError(_l("This answer is not one of the choices."))
        return code

    def _codes(self, raw: Any, question: QuestionLike) -> list[str]:
        """Several distinct option codes from raw input (a list or one value), or AnswerError."""
        if isinstance(raw, str | int) and not isinstance(raw, bool):
            raw = [raw]
        if not isinstance(raw, list | tuple):
            raise AnswerError(_l("This answer is not one of the choices."))
        codes = []
        for item in raw:
            if self.is_empty(item):
                continue
            code = self._code(item, question)
            if code in codes:
                raise AnswerError(_l("The same answer was chosen twice."))
            codes.append(code)
        return codes


def check_coded_items(items: Iterable, what) -> list[str]:
    """Problems with a list of {"code", "labels"} items: codes present, valid, unique; labels."""
    problems, seen = [], set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(translate(_l("%(what)s %(n)d is not valid.", what=what, n=number)))
            continue
        code = str(item.get("code") or "").strip()
        if not code:
            problems.append(translate(_l("%(what)s %(n)d has no code.", what=what, n=number)))
        elif not OPTION_CODE.match(code):
            problems.append(
                translate(
                    _l(
                        "The code %(code)s may only contain letters, digits, - and _ (at most 20).",
                        code=code[:30],
                    )
                )
            )
        elif code in seen:
            problems.append(translate(_l("The code %(code)s is used twice.", code=code)))
        seen.add(code)
        labels = item.get("labels") if isinstance(item.get("labels"), dict) else {}
        if not str(labels.get(DEFAULT_LANGUAGE) or "").strip():
            problems.append(
                translate(_l("%(what)s %(n)d has no Dutch label.", what=what, n=number))
            )
        if any(len(str(v or "")) > MAX_LABEL for v in labels.values()):
            problems.append(
                translate(
                    _l(
                        "%(what)s %(n)d: the label is longer than %(max)d characters.",
                        what=what,
                        n=number,
                        max=MAX_LABEL,
                    )
                )
            )
    return problems


_REGISTRY: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Class decorator: make a question type available under its code."""
    if not cls.code or cls.code in _REGISTRY:
        raise ValueError(f"question type code missing or taken: {cls.code!r}")
    _REGISTRY[cls.code] = cls()
    return cls


def get_type(code: str) -> QuestionType:
    """The question type with this code; SurveyError for an unknown code."""
    try:
        return _REGISTRY[code]
    except KeyError:
        raise SurveyError(_l("Unknown question type: %(code)s.", code=str(code)[:40])) from None


def all_types() -> list[QuestionType]:
    """Every registered question type, in the order of choice lists."""
    return sorted(_REGISTRY.values(), key=lambda t: (t.order, t.code))


def type_choices() -> list[tuple[str, str]]:
    """(code, label) pairs for select fields."""
    return [(t.code, str(t.label)) for t in all_types()]
