"""Exports of a survey's responses (CSV, XLSX, SPSS .sav) and of its result tables.

One row per counted response with labelled columns: choice questions as numbered codes with
value labels ("weet ik niet" as negative codes, declared missing in SPSS), multiple choice as
one 1/0 column per option, rankings as one rank column per option, a matrix as one column per
statement. Never exported: the household code, the household's reference at the
corporation, addresses, and (for everyone but administrators) open answers. Every cell goes
through ``consult.spreadsheet`` so that no text runs as a formula. Every export is audited.

Non-admin exports follow the small-cell rule: gemeenten with fewer respondents than the
suppression threshold are left out, background values (age band, household type) held by
fewer respondents than that within a gemeente are blanked, and an export that would keep
fewer rows than the threshold is refused.
"""

import io
import math
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import xlsxwriter
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from analysis import aggregate, data, suppress
from consult.audit.operations import record_event
from consult.extensions import db
from consult.spreadsheet import clean_text, csv_writer
from surveys.models import Survey

FORMATS = ("csv", "xlsx", "sav")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
}
BACKGROUND = ["age_band", "household_type"]
RESPONDENT_VARIABLES = [
    ("response_id", _l("Response number")),
    ("gemeente", _l("Gemeente")),
    ("werkgebied", _l("Work area")),
    ("channel", _l("Channel")),
    ("population", _l("Population")),
    ("age_band", _l("Age band")),
    ("household_type", _l("Household type")),
    ("language", _l("Language")),
    ("submitted_on", _l("Date sent")),
]
SPSS_MEASURE = {
    "nominal": "nominal",
    "multi": "nominal",
    "ordinal": "ordinal",
    "matrix": "ordinal",
    "ranking": "ordinal",
    "numeric": "scale",
}


class ExportError(Exception):
    """An export that cannot be made; the message is fit for the user."""


@dataclass
class Codebook:
    """A response table with its variables and value labels.

    frame: one row per response, columns named as ``variables.name``.
    variables: columns name, label, measure, question.
    value_labels: columns variable, value, label, missing (True for "weet ik niet").
    """

    frame: pd.DataFrame
    variables: pd.DataFrame
    value_labels: pd.DataFrame


def _name(text: str, taken: set[str]) -> str:
    """A variable name SPSS accepts: letters, digits and _, starting with a letter, unique."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", text).strip("_") or "v"
    if not name[0].isalpha():
        name = "v_" + name
    name, base, number = name[:60], name[:56], 2
    while name.lower() in taken:
        name, number = f"{base}_{number}", number + 1
    taken.add(name.lower())
    return name


def _codes(options: list[dict]) -> dict[str, int]:
    """Numeric codes per option: the code itself when all ordinary codes are whole numbers,
    else 1, 2, ... in order; "weet ik niet" options get -1, -2, ..."""
    ordinary = [o["code"] for o in options if not o["dont_know"]]
    numeric = all(re.fullmatch(r"\d{1,6}", c) for c in ordinary) and ordinary
    codes = {c: (int(c) if numeric else n) for n, c in enumerate(ordinary, start=1)}
    dont_know = [o["code"] for o in options if o["dont_know"]]
    codes.update({c: -n for n, c in enumerate(dont_know, start=1)})
    return codes


class _Builder:
    """Collects columns, variables and value labels question by question."""

    def __init__(self, index: pd.Index):
        self.index, self.taken = index, {v for v, _label in RESPONDENT_VARIABLES}
        self.columns: dict[str, pd.Series] = {}
        self.variables: list[tuple] = []
        self.labels: list[tuple] = []

    def add(self, key, label, values, measure, question, value_labels=None, missing=()):
        name = _name(key, self.taken)
        self.columns[name] = values.reindex(self.index)
        self.variables.append((name, label, measure, question))
        for value, text in (value_labels or {}).items():
            self.labels.append((name, value, text, value in missing))


def _coded(builder, meta, answers_q, key, label):
    codes = _codes(meta.options)
    values = answers_q.set_index("response_id")["value"].astype(str).map(codes)
    builder.add(
        key,
        label,
        values.astype("Float64"),
        meta.measure,
        meta.key,
        {codes[o["code"]]: o["label"] for o in meta.options},
        {codes[o["code"]] for o in meta.options if o["dont_know"]},
    )


def _add_question(builder: _Builder, meta, qa: pd.DataFrame, include_text: bool) -> None:
    """The columns of one question (dispatch on what it measures)."""
    measure, text = meta.measure, meta.text
    if measure in ("nominal", "ordinal"):
        _coded(builder, meta, qa, meta.key, text)
    elif measure == "matrix":
        for row in meta.rows:
            part = qa[qa["row"] == row["code"]]
            _coded(builder, meta, part, f"{meta.key}_{row['code']}", f"{text} {row['label']}")
    elif measure == "numeric":
        codes = _codes([o for o in meta.options if o["dont_know"]])
        indexed = qa.set_index("response_id")
        values = indexed["score"].where(~indexed["dont_know"], indexed["value"].map(codes))
        builder.add(
            meta.key,
            text,
            values.astype("Float64"),
            measure,
            meta.key,
            {codes[o["code"]]: o["label"] for o in meta.options if o["dont_know"]},
            set(codes.values()),
        )
    elif measure in ("multi", "ranking"):
        lists = qa.set_index("response_id")["value"]
        for option in meta.options:
            code = option["code"]
            if measure == "multi":
                values = lists.map(lambda v, c=code: int(c in v))
                labels = {1: _("chosen"), 0: _("not chosen")}
            else:
                values = lists.map(lambda v, c=code: v.index(c) + 1 if c in v else pd.NA)
                labels = None
            builder.add(
                f"{meta.key}_{code}",
                f"{text} {option['label']}",
                values.astype("Float64"),
                measure,
                meta.key,
                labels,
            )
    elif measure == "text" and include_text:
        builder.add(meta.key, text, qa.set_index("response_id")["value"], measure, meta.key)


def codebook(
    questions: pd.DataFrame,
    respondents: pd.DataFrame,
    answers: pd.DataFrame,
    *,
    include_text: bool = False,
) -> Codebook:
    """The response table of a survey (``data`` frames in), one row per respondent.

    Respondent columns: response_id, gemeente, werkgebied, channel, population, age_band,
    household_type, language, submitted_on (date). Then per question as described in the
    module docstring; open answers only with ``include_text``.
    """
    people = respondents.set_index("response_id", drop=False)
    builder = _Builder(people.index)
    groups = dict(tuple(answers.groupby("question", sort=False))) if len(answers) else {}
    empty = answers.iloc[0:0]
    for meta in questions.itertuples(index=False):
        qa = groups.get(meta.key, empty)
        _add_question(builder, meta, qa[qa["response_id"].isin(people.index)], include_text)
    base = pd.DataFrame(
        {
            "response_id": people["response_id"],
            "gemeente": people["gemeente"],
            "werkgebied": people["werkgebied"],
            "channel": people["channel"],
            "population": people["population"],
            "age_band": people["age_band"],
            "household_type": people["household_type"],
            "language": people["language"],
            "submitted_on": people["submitted_at"]
            .dt.tz_convert("Europe/Amsterdam")
            .dt.strftime("%Y-%m-%d"),
        }
    )
    frame = pd.concat([base, pd.DataFrame(builder.columns, index=people.index)], axis=1)
    variables = pd.DataFrame(
        [(v, str(label), "nominal", None) for v, label in RESPONDENT_VARIABLES] + builder.variables,
        columns=["name", "label", "measure", "question"],
    )
    labels = pd.DataFrame(builder.labels, columns=["variable", "value", "label", "missing"])
    return Codebook(frame.reset_index(drop=True), variables, labels)


def restrict(book: Codebook, rule: suppress.SuppressionRule) -> Codebook:
    """The small-cell rule for a non-admin export (see the module docstring)."""
    frame = book.frame
    sizes = frame.groupby("gemeente", dropna=False)["response_id"].transform("size")
    frame = frame[sizes >= rule.suppress_below].copy()
    if len(frame) < max(rule.suppress_below, 1):
        raise ExportError(
            _(
                "Too few responses to export: at least %(n)d are needed to protect the "
                "privacy of the tenants.",
                n=max(rule.suppress_below, 1),
            )
        )
    for column in BACKGROUND:
        cell = frame.groupby(["gemeente", column], dropna=False)["response_id"].transform("size")
        frame[column] = frame[column].where(cell >= rule.suppress_below)
    return Codebook(frame.reset_index(drop=True), book.variables, book.value_labels)


def _label_map(book: Codebook) -> dict[str, dict]:
    return {
        variable: dict(zip(part["value"], part["label"], strict=True))
        for variable, part in book.value_labels.groupby("variable")
    }


class _Workbook:
    """An XLSX file written row by row (XlsxWriter, constant memory): text cells are always
    text (never formulas, links or numbers) and cleaned of control characters through
    ``consult.spreadsheet.clean_text``, as ``consult.spreadsheet.xlsx_cell`` does for
    openpyxl sheets."""

    OPTIONS = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }

    def __init__(self, folder: str):
        self.path = Path(folder) / "export.xlsx"
        self.book = xlsxwriter.Workbook(str(self.path), self.OPTIONS)
        self.rows: dict = {}

    def sheet(self, title: str):
        """A new sheet."""
        sheet = self.book.add_worksheet(str(title)[:31])
        self.rows[sheet.name] = 0
        return sheet

    def append(self, sheet, values) -> None:
        """Write one row below the last."""
        row = self.rows[sheet.name]
        for column, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(row, column, value)
            elif isinstance(value, int | float) and math.isfinite(value):
                sheet.write_number(row, column, value)
            elif not isinstance(value, int | float):
                sheet.write_string(row, column, clean_text(str(value)))
        self.rows[sheet.name] = row + 1

    def content(self) -> bytes:
        """Close the workbook and return its bytes."""
        self.book.close()
        return self.path.read_bytes()


def _cell(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_csv(book: Codebook) -> bytes:
    """CSV for Dutch Excel (UTF-8 with BOM, semicolons): variable names, then labels as
    values (the code where a value has no label)."""
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(list(book.frame.columns))
    labels = _label_map(book)
    for row in book.frame.itertuples(index=False):
        cells = []
        for name, value in zip(book.frame.columns, row, strict=True):
            value = _cell(value)
            cells.append(labels.get(name, {}).get(value, value))
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(book: Codebook) -> bytes:
    """A workbook: the responses (codes), the variables with their labels, the value labels."""
    with tempfile.TemporaryDirectory() as folder:
        workbook = _Workbook(folder)
        answers = workbook.sheet(_("Responses"))
        workbook.append(answers, list(book.frame.columns))
        for row in book.frame.itertuples(index=False):
            workbook.append(answers, [_cell(v) for v in row])
        variables = workbook.sheet(_("Variables"))
        workbook.append(variables, [_("Variable"), _("Label"), _("Measure")])
        for item in book.variables.itertuples(index=False):
            workbook.append(variables, [item.name, item.label, item.measure])
        values = workbook.sheet(_("Value labels"))
        workbook.append(values, [_("Variable"), _("Value"), _("Label"), _("Missing")])
        for item in book.value_labels.itertuples(index=False):
            workbook.append(
                values, [item.variable, _cell(item.value), item.label, int(item.missing)]
            )
        return workbook.content()


def to_sav(book: Codebook) -> bytes:
    """An SPSS .sav with variable labels, value labels, measures and "weet ik niet" as
    user-missing values."""
    import pyreadstat

    frame = book.frame.copy()
    for column in frame.columns:
        if str(frame[column].dtype) in ("Float64", "Int64"):
            frame[column] = frame[column].astype("float64")
        elif frame[column].dtype == object or str(frame[column].dtype).startswith("str"):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
            frame[column] = frame[column].map(lambda v: str(v)[:2000])
    labels = {
        variable: {float(k): str(v) for k, v in mapping.items()}
        for variable, mapping in _label_map(book).items()
    }
    missing = {
        variable: [float(v) for v in part["value"]]
        for variable, part in book.value_labels[book.value_labels["missing"]].groupby("variable")
    }
    measures = {
        v.name: SPSS_MEASURE.get(v.measure, "nominal")
        for v in book.variables.itertuples(index=False)
        if v.name in frame.columns and frame[v.name].dtype == "float64"
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.sav"
        pyreadstat.write_sav(
            frame,
            str(path),
            column_labels=dict(zip(book.variables["name"], book.variables["label"], strict=True)),
            variable_value_labels=labels,
            missing_ranges={k: v[:3] for k, v in missing.items()},
            variable_measure=measures,
        )
        return path.read_bytes()


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "sav": to_sav}


def export_responses(
    survey_id: int,
    fmt: str,
    *,
    gemeente_ids=None,
    admin: bool = False,
    actor=None,
    rule: suppress.SuppressionRule | None = None,
) -> tuple[bytes, str]:
    """The responses of a survey as CSV, XLSX or SAV, audited; returns (content, filename).

    ``gemeente_ids`` restricts to the user's gemeenten (None: all). Non-admin exports leave
    out open answers and follow the small-cell rule. Raises ExportError with a message for
    the user. Adds an audit event to the session: the caller commits.
    """
    if fmt not in FORMATS:
        raise ExportError(_("Unknown export format: %(fmt)s.", fmt=str(fmt)[:10]))
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise ExportError(_("This survey does not exist."))
    rule = rule or suppress.SuppressionRule()
    meta = data.questions(survey_id)
    people = data.respondents(survey_id, gemeente_ids)
    book = codebook(
        meta, people, data.answers(survey_id, gemeente_ids, meta=meta), include_text=admin
    )
    if not admin:
        book = restrict(book, rule)
    content = WRITERS[fmt](book)
    record_event(
        "results.export",
        actor=actor,
        target=survey,
        format=fmt,
        kind="responses",
        rows=len(book.frame),
        gemeenten=sorted(gemeente_ids) if gemeente_ids is not None else "all",
        unsuppressed=bool(admin),
    )
    return content, f"antwoorden-{survey.year}-{survey.id}.{fmt}"


def result_tables(
    survey_id: int,
    *,
    gemeente_ids=None,
    admin: bool = False,
    rule: suppress.SuppressionRule | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The distribution and summary of every question for the tenants of these gemeenten,
    with the finite population correction and the small-cell rule applied (tier column;
    admins see unsuppressed figures). Columns as ``aggregate.question_tables`` plus tier."""
    meta = data.questions(survey_id)
    people = aggregate.select_respondents(data.respondents(survey_id, gemeente_ids))
    register = data.register(survey_id, gemeente_ids)
    size = aggregate.population_size(register, gemeente_ids=gemeente_ids)
    distribution, summary = aggregate.survey_tables(
        meta, data.answers(survey_id, gemeente_ids, meta=meta), people["response_id"], size
    )
    return suppress.apply_by_group(distribution, summary, rule, admin=admin)


def export_tables(
    survey_id: int,
    fmt: str,
    *,
    gemeente_ids=None,
    admin: bool = False,
    actor=None,
    rule: suppress.SuppressionRule | None = None,
) -> tuple[bytes, str]:
    """The result tables (summary, then distribution) as CSV or XLSX, audited."""
    if fmt not in ("csv", "xlsx"):
        raise ExportError(_("Unknown export format: %(fmt)s.", fmt=str(fmt)[:10]))
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise ExportError(_("This survey does not exist."))
    distribution, summary = result_tables(
        survey_id, gemeente_ids=gemeente_ids, admin=admin, rule=rule
    )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
        for frame in (summary, distribution):
            writer.writerow(list(frame.columns))
            writer.writerows([_cell(v) for v in row] for row in frame.itertuples(index=False))
            writer.writerow([])
        content = ("\ufeff" + out.getvalue()).encode("utf-8")
    else:
        with tempfile.TemporaryDirectory() as folder:
            workbook = _Workbook(folder)
            for title, frame in ((_("Summary"), summary), (_("Distribution"), distribution)):
                sheet = workbook.sheet(title)
                workbook.append(sheet, list(frame.columns))
                for row in frame.itertuples(index=False):
                    workbook.append(sheet, [_cell(v) for v in row])
            content = workbook.content()
    record_event(
        "results.export",
        actor=actor,
        target=survey,
        format=fmt,
        kind="tables",
        gemeenten=sorted(gemeente_ids) if gemeente_ids is not None else "all",
        unsuppressed=bool(admin),
    )
    return content, f"uitkomsten-{survey.year}-{survey.id}.{fmt}"
