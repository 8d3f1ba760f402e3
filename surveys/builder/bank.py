"""The question bank: reusable questions with stable keys and versions.

A key (``"betaalbaarheid.woonlasten"``) names a question across the years. Editing a bank
question that no survey uses changes it in place; editing one that a survey uses adds a new
version, and the survey keeps the version it took.
"""

import logging
import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from consult.audit.operations import record_event
from consult.extensions import db
from surveys.bankdata import RETIRED_KEYS
from surveys.errors import SurveyError
from surveys.models import Answer, BankQuestion, Question
from surveys.qtypes import get_type
from surveys.qtypes.base import DraftQuestion
from surveys.themes import Theme

log = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)*$")
MAX_KEY = 80


def check_key(key: str) -> str:
    """A valid question key, or SurveyError."""
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY or not KEY_PATTERN.match(key):
        raise SurveyError(
            _l(
                "A question code may only contain lower-case letters, digits, _ and dots "
                "(for example betaalbaarheid.woonlasten), at most %(n)d characters.",
                n=MAX_KEY,
            ),
            field="key",
        )
    return key


def slugify(text: str, length: int = 40) -> str:
    """A key part from a text: "Hoe tevreden bent u?" -> "hoe_tevreden_bent_u"."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > length:
            break
        slug = f"{slug}_{word}" if slug else word
    return slug or "vraag"


def unique_key(base: str, taken) -> str:
    """base, or base_2, base_3 ... when taken (a set of keys or a function key -> bool)."""
    is_taken = taken if callable(taken) else taken.__contains__
    key, number = base, 1
    while is_taken(key):
        number += 1
        key = f"{base}_{number}"
    return key


def latest_versions(theme: str | None = None, search: str | None = None) -> list[BankQuestion]:
    """The newest version of every bank question that is not retired, by theme and key."""
    newest = (
        select(BankQuestion.key, func.max(BankQuestion.version).label("version"))
        .group_by(BankQuestion.key)
        .subquery()
    )
    stmt = select(BankQuestion).join(
        newest, (BankQuestion.key == newest.c.key) & (BankQuestion.version == newest.c.version)
    )
    stmt = stmt.where(BankQuestion.retired.is_(False))
    if theme:
        stmt = stmt.where(BankQuestion.theme == theme)
    questions = db.session.scalars(stmt.order_by(BankQuestion.theme, BankQuestion.key)).all()
    if search:
        needle = search.strip().lower()
        questions = [q for q in questions if needle in _searchable(q)]
    theme_order = {t.value: i for i, t in enumerate(Theme)}
    return sorted(questions, key=lambda q: (theme_order.get(q.theme, 99), q.key))


def _searchable(question: BankQuestion) -> str:
    texts = " ".join(
        f"{v.get('text', '')} {v.get('help', '')}"
        for v in (question.texts or {}).values()
        if isinstance(v, dict)
    )
    return f"{question.key} {texts}".lower()


def latest_version(key: str) -> BankQuestion | None:
    """The newest version of a key, retired or not."""
    return db.session.scalar(
        select(BankQuestion).where(BankQuestion.key == key).order_by(BankQuestion.version.desc())
    )


def is_in_use(bank_question: BankQuestion) -> bool:
    """Whether any survey took this exact version."""
    return bool(
        db.session.scalar(select(exists().where(Question.bank_question_id == bank_question.id)))
    )


def _check_definition(qtype: str, texts: dict, options: list, settings: dict) -> None:
    draft = DraftQuestion(qtype=qtype, texts=texts, options=options, settings=settings)
    problems = get_type(qtype).validate_definition(draft)
    if problems:
        raise SurveyError(" ".join(problems))


def create_bank_question(
    *,
    key: str,
    theme: str,
    qtype: str,
    texts: dict,
    options: list | None = None,
    settings: dict | None = None,
    rijksprioriteit: int | None = None,
    by=None,
    audit: bool = True,
) -> BankQuestion:
    """Add a new question (version 1) to the bank."""
    key = check_key(key)
    if latest_version(key) is not None:
        raise SurveyError(_l("The bank already has a question with code %(key)s.", key=key))
    kind = get_type(qtype)
    options = kind.default_options() if options is None else options
    settings = {**kind.default_settings(), **(settings or {})}
    _check_definition(qtype, texts, options, settings)
    question = BankQuestion(
        key=key,
        version=1,
        theme=Theme(theme),
        qtype=qtype,
        texts=texts,
        options=options,
        settings=settings,
        rijksprioriteit=_rijksprioriteit(rijksprioriteit),
        created_by_id=getattr(by, "id", None),
    )
    db.session.add(question)
    db.session.flush()
    if audit:
        record_event("bank.question_created", actor=by, target=question, key=key)
    return question


def update_bank_question(
    question: BankQuestion,
    *,
    texts: dict,
    options: list,
    settings: dict,
    theme: str,
    rijksprioriteit: int | None = None,
    by=None,
) -> BankQuestion:
    """Change a bank question; returns the new version when surveys use the current one."""
    newest = latest_version(question.key)
    if newest is not None and newest.id != question.id:
        raise SurveyError(_l("Only the newest version of a bank question can be changed."))
    _check_definition(question.qtype, texts, options, settings)
    values = dict(
        texts=texts,
        options=options,
        settings=settings,
        theme=Theme(theme),
        rijksprioriteit=_rijksprioriteit(rijksprioriteit),
    )
    if not is_in_use(question):
        for name, value in values.items():
            setattr(question, name, value)
        db.session.flush()
        record_event("bank.question_changed", actor=by, target=question, key=question.key)
        return question
    new = BankQuestion(
        key=question.key,
        version=question.version + 1,
        qtype=question.qtype,
        created_by_id=getattr(by, "id", None),
        **values,
    )
    db.session.add(new)
    db.session.flush()
    record_event("bank.question_versioned", actor=by, target=new, key=new.key, version=new.version)
    log.info("bank question %s now at version %d", new.key, new.version)
    return new


def retire_bank_question(question: BankQuestion, by=None) -> None:
    """Hide a key from the bank; surveys that use it keep their copy."""
    for version in db.session.scalars(select(BankQuestion).where(BankQuestion.key == question.key)):
        version.retired = True
    record_event("bank.question_retired", actor=by, target=question, key=question.key)


def _rijksprioriteit(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 6:
        raise SurveyError(_l("The Rijksprioriteit must be a number from 1 to 6."))
    return number


def seed_bank(
    questions: list[dict], *, update: bool = False, retired: tuple[str, ...] = RETIRED_KEYS
) -> dict[str, int]:
    """Add the seed questions that are missing; with update, new versions for changed ones
    and the retired keys hidden from the bank."""
    counts = {"added": 0, "unchanged": 0, "changed": 0, "updated": 0, "retired": 0}
    for data in questions:
        current = latest_version(data["key"])
        if current is None:
            create_bank_question(**data, audit=False)
            counts["added"] += 1
            continue
        same = all(
            getattr(current, name) == data[name]
            for name in ("texts", "options", "settings", "theme", "rijksprioriteit")
        )
        if same:
            counts["unchanged"] += 1
        elif update and current.qtype == data["qtype"]:
            fields = {k: data[k] for k in ("texts", "options", "settings", "theme")}
            update_bank_question(current, rijksprioriteit=data["rijksprioriteit"], **fields)
            counts["updated"] += 1
        else:
            counts["changed"] += 1
    for key in retired if update else ():
        current = latest_version(key)
        if current is not None and not current.retired:
            retire_bank_question(current)
            counts["retired"] += 1
    if counts["added"] or counts["updated"] or counts["retired"]:
        record_event("bank.seeded", **counts)
    return counts


def newer_version(question: Question) -> BankQuestion | None:
    """The bank's newest version of a survey question's key, when it is newer than the one
    the survey took (None for questions written for the survey or already up to date)."""
    taken = question.bank_question
    if taken is None:
        return None
    newest = latest_version(taken.key)
    if newest is None or newest.retired or newest.version <= taken.version:
        return None
    return newest


def take_newest_version(question: Question, by=None) -> bool:
    """Give a question that has no answers yet the wording of the bank's newest version.

    Returns whether it changed. A question with answers keeps its version: those answers
    were given to the old wording.
    """
    newest = newer_version(question)
    if newest is None:
        return False
    if db.session.scalar(select(exists().where(Answer.question_id == question.id))):
        raise SurveyError(_l("This question already has answers; it keeps its wording."))
    question.bank_question = newest
    question.texts = dict(newest.texts or {})
    question.options = list(newest.options or [])
    question.settings = dict(newest.settings or {})
    db.session.flush()
    record_event(
        "survey.question_new_version",
        actor=by,
        target=question.survey,
        key=question.key,
        version=newest.version,
    )
    return True


def wording_changed(earlier: Question, later: Question) -> bool:
    """Whether two surveys asked one key in different words, for the year-over-year note.

    Questions from the bank compare their bank versions (``BankQuestion.version``, reached
    through ``Question.bank_question``); other questions compare their Dutch text and options.
    """
    if earlier.bank_question is not None and later.bank_question is not None:
        same_key = earlier.bank_question.key == later.bank_question.key
        return not same_key or earlier.bank_question.version != later.bank_question.version
    return earlier.text() != later.text() or _labels(earlier) != _labels(later)


def _labels(question: Question) -> list[tuple[str, str]]:
    return [
        (str(o.get("code")), (o.get("labels") or {}).get("nl", ""))
        for o in question.options or []
        if isinstance(o, dict)
    ]
