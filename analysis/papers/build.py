"""A position paper per gemeente (or koepel-wide) as a ``Document``: cover, summary,
achterbanverantwoording, per theme what tenants said with our positions and our reaction to
the bod, the look-back, process wishes and the annex. Every figure comes live from the
results code (``analysis.dashboard``, ``analysis.figures``) with the small-cell rule applied.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from analysis import charts, dashboard, figures, suppress
from analysis.papers import facts
from analysis.papers import parts as p
from analysis.papers.document import (
    Bullets,
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Quote,
)
from analysis.style import DOCUMENT, Size, fmt_int
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from surveys.models import Survey
from surveys.themes import Theme, theme_label

QUOTES_PER_THEME = 3
KEY_QUESTIONS = 3  # per theme: with their chart in the body and a slide each
LONG_TABLE = 15  # rows; a longer chart goes to the annex only
NOT_A_THEME = (Theme.ACHTERGROND.value, Theme.PRIORITEITEN.value)


class PaperError(ValueError):
    """A paper that cannot be made (unknown survey or gemeente); the message says why."""


@dataclass
class Item:
    """One question of the paper: its result, key figure, table and chart."""

    meta: object
    result: object
    key: object = None
    table: object = None
    figure: object = None  # analysis.figures.Figure (kind, table, options) or None


@dataclass
class Context:
    """What every part of one paper reads."""

    survey: Survey
    gemeente: Gemeente | None
    scope: list[int]
    found: dashboard.Frames
    rule: suppress.SuppressionRule
    cache: Path  # the chart cache (instance/charts)
    items: list[Item] = field(default_factory=list)
    size: Size = DOCUMENT
    draw: bool = True  # False: figures without PNG (the HTML view links the chart images)
    drawn: dict = field(default_factory=dict)  # chart name -> PNG bytes, once per run

    @property
    def place(self) -> str:
        return self.gemeente.name if self.gemeente else _("all gemeenten")

    @property
    def respondents(self) -> int:
        return len(self.found.respondents)

    @property
    def counts_only(self) -> bool:
        return self.respondents < self.rule.counts_only_below

    def chart(self, chart) -> bytes:
        """A chart as PNG, drawn once per run (or taken from the chart cache), shared by the
        paper's PDF and DOCX, the meeting pack and the chart zip."""
        png = self.drawn.get(chart.name)
        if png is None:
            png = charts.render_cached(
                chart.kind, chart.table, chart.options, "png", self.size, self.cache
            )
            self.drawn[chart.name] = png
        return png


def context(survey_id: int, gemeente_id: int | None, scope=None, rule=None) -> Context:
    """Read a survey's results once for one gemeente (None: every gemeente in ``scope``)."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise PaperError(_("This survey does not exist."))
    ids = [g.id for g in survey.gemeenten if scope is None or g.id in scope]
    gemeente = None
    if gemeente_id is not None:
        if gemeente_id not in ids:
            raise PaperError(_("This gemeente is not part of the survey."))
        gemeente = db.session.get(Gemeente, gemeente_id)
    selection = dashboard.Selection(scope=ids, gemeente_id=gemeente_id)
    rule = rule or suppress.rule_from_config(current_app.config)
    found = dashboard.frames(survey.id, selection)
    cache = Path(current_app.instance_path) / "charts"
    ctx = Context(survey, gemeente, selection.gemeente_ids, found, rule, cache)
    answers = dashboard.read_answers(survey.id, found)  # one query for every question
    answers = answers[answers["response_id"].isin(found.respondents["response_id"])]
    for meta in found.questions.itertuples(index=False):
        result = figures.result_of(survey, meta, found, rule, admin=False, answers=answers)
        item = Item(
            meta, result, facts.key_figure(meta, result), facts.question_table(meta, result)
        )
        if not ctx.counts_only:
            item.figure = figures.of_result(survey, meta, found, rule, result)
        ctx.items.append(item)
    return ctx


def figure_block(ctx: Context, item: Item) -> Figure | None:
    """The chart of a question with its table as text alternative."""
    if item.figure is None or item.table is None:
        return None
    if item.meta.measure == "numeric" and len(item.table.rows) > LONG_TABLE:  # rent: a mean
        return None
    source = item.figure.options["source"]
    return Figure(
        png=ctx.chart(item.figure) if ctx.draw else b"",
        caption=item.meta.text,
        alt=item.table,
        name=item.figure.name,
        n=item.key.n if item.key else None,
        source=source.line(),
        question_id=int(item.meta.question_id),
    )


def themes_of(ctx: Context) -> list[str]:
    """The themes of the survey's questions that get a section, in the survey's order."""
    seen = []
    for item in ctx.items:
        theme = item.meta.theme
        if isinstance(theme, str) and theme not in NOT_A_THEME and theme not in seen:
            seen.append(theme)
    return seen


def build_paper(
    survey_id: int,
    gemeente_id: int | None,
    positions: dict | None,
    *,
    scope=None,
    rule=None,
    draw: bool = True,
) -> Document:
    """The position paper of one gemeente (None: koepel-wide) with the board's ``positions``
    (the shape of ``sources.positions_for``; None when none are adopted yet)."""
    ctx = context(survey_id, gemeente_id, scope, rule)
    ctx.draw = draw
    return paper_of(ctx, positions)


def paper_of(ctx: Context, positions: dict | None) -> Document:
    """The paper of a context read before (the benchmark and the meeting pack share it)."""
    positions = positions or None
    doc = Document(
        title=_("Position paper %(place)s", place=ctx.place),
        subtitle=_(
            "Input for the performance agreements %(year)s, from the tenants' survey",
            year=ctx.survey.year + 1,
        ),
        cover=p.cover_lines(ctx, positions),
        file_stem=p.file_stem("standpunten", ctx),
    )
    doc.add(*p.summary(ctx, positions))
    doc.add(PageBreak(), *p.accountability(ctx))
    themes = themes_of(ctx)
    for theme in themes:
        doc.add(PageBreak(), *theme_part(ctx, theme, positions))
    doc.add(PageBreak(), *p.lookback(positions))
    doc.add(*p.process(positions, themes))
    doc.add(PageBreak(), *p.annex(ctx))
    return doc


def key_items(ctx: Context, theme: str, positions: dict | None) -> tuple[list, list]:
    """A theme's questions with a key figure: the (up to ``KEY_QUESTIONS``) key questions,
    which get their chart in the body and a slide each, and the others, in survey order.
    Questions a position of the board rests on come first, then the survey's order."""
    cited = {
        e.get("question_id")
        for x in (positions or {}).get("positions") or []
        for e in x.get("evidence") or []
    }
    items = [i for i in ctx.items if i.meta.theme == theme and i.key is not None]
    ranked = sorted(items, key=lambda i: int(i.meta.question_id) not in cited)
    key = {id(i) for i in ranked[:KEY_QUESTIONS]}
    return [i for i in items if id(i) in key], [i for i in items if id(i) not in key]


def other_figures(items: list) -> list[str]:
    """Key figures of the other questions, one line each (their tables are in the annex)."""
    return [
        f"{i.meta.text} – {i.key.text}" + (f" (n = {fmt_int(i.key.n)})" if i.key.n else "")
        for i in items
    ]


def theme_part(ctx: Context, theme: str, positions: dict | None) -> list:
    """One theme: what tenants said, our positions, our reaction to the bod."""
    blocks = [Heading(theme_label(theme), 1), Heading(_("What tenants said"), 2)]
    items = [i for i in ctx.items if i.meta.theme == theme]
    if ctx.respondents < ctx.rule.suppress_below:
        blocks.append(Paragraph(p.too_few_text(ctx), "warning"))
    else:
        key, others = key_items(ctx, theme, positions)
        for item in key:
            blocks.append(Heading(item.meta.text, 3))
            blocks.append(item.key)
            blocks.append(figure_block(ctx, item))
        if others:
            blocks.append(Heading(_("More figures on this theme"), 3))
            blocks.append(Bullets(other_figures(others)))
            blocks.append(Paragraph(_("The annex has the full table of every question."), "note"))
        quotes = [q for i in items for q in (i.result.quotes or [])][:QUOTES_PER_THEME]
        if quotes:
            blocks.append(Heading(_("In their own words"), 3))
            blocks.extend(Quote(text, who) for who, text in quotes)
    blocks += p.positions_part(theme, positions)
    blocks += p.bod_part(theme, positions)
    return [b for b in blocks if b is not None]


def build_reaction(
    survey_id: int, gemeente_id: int | None, positions: dict | None, *, scope=None
) -> Document:
    """Our reaction to the corporation's bod, item by item, as a document of its own."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise PaperError(_("This survey does not exist."))
    gemeente = db.session.get(Gemeente, gemeente_id) if gemeente_id is not None else None
    place = gemeente.name if gemeente else _("all gemeenten")
    doc = Document(
        title=_("Our reaction to the bod for %(place)s", place=place),
        subtitle=_("Performance agreements %(year)s", year=survey.year + 1),
        cover=p.cover_lines_plain(survey, gemeente, positions),
        file_stem=f"reactie-bod-{p.slug(place)}-{survey.year}",
    )
    bod = (positions or {}).get("bod") or []
    if not bod:
        doc.add(Paragraph(_("No bod has been recorded for this gemeente yet.")))
        return doc
    doc.add(Paragraph(p.reaction_intro(bod)))
    titles = {x["id"]: x["title"] for x in (positions or {}).get("positions") or []}
    for theme in dict.fromkeys(item["theme"] for item in bod):
        doc.add(Heading(theme_label(theme), 1))
        for item in (x for x in bod if x["theme"] == theme):
            doc.add(*p.bod_item(item, titles))
    doc.add(Paragraph(_("Made on %(day)s.", day=p.fmt_day(date.today())), "note"))
    return doc
