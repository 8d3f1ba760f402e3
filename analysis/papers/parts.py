"""The chapters of a paper besides the themes: cover lines, summary, achterbanverantwoording,
the board's positions and reactions, the look-back, process wishes and the annex."""

import re
import unicodedata
from datetime import date

import pandas as pd
from flask_babel import gettext as _

from analysis import aggregate, dashboard, data
from analysis.blueprint import channel as channel_name
from analysis.blueprint import profile_label
from analysis.papers import facts, sources
from analysis.papers.document import Bullets, Heading, KeyFigure, Paragraph, Stoplight, Table
from analysis.style import fmt_date, fmt_int, fmt_pct
from surveys.themes import theme_label

SMART = ("what", "who", "how_much", "by_when", "indicator", "monitoring")
TOP_PRIORITIES = 5


def fmt_day(day) -> str:
    return fmt_date(day) if isinstance(day, date) else "–"


def slug(text: str) -> str:
    """A file-name part: "Súdwest-Fryslân" -> "sudwest-fryslan"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "koepel"


def file_stem(kind: str, ctx) -> str:
    return f"{kind}-{slug(ctx.gemeente.name if ctx.gemeente else 'koepel')}-{ctx.survey.year}"


def smart_labels() -> dict:
    return {
        "what": _("What"),
        "who": _("Who"),
        "how_much": _("How much"),
        "by_when": _("By when"),
        "indicator": _("Indicator"),
        "monitoring": _("How it is monitored"),
    }


def decision_text(positions: dict | None) -> str:
    decision = (positions or {}).get("decision")
    if not decision:
        return _("Not yet adopted by the board.")
    return _(
        "Adopted by %(by)s on %(day)s (decision %(reference)s).",
        by=decision.get("by") or _("the board"),
        day=fmt_day(decision.get("date")),
        reference=decision.get("reference") or "–",
    )


def cover_lines_plain(survey, gemeente, positions) -> list[tuple[str, str]]:
    corporations = sorted(
        {c.name for g in ([gemeente] if gemeente else survey.gemeenten) for c in g.corporations}
    )
    return [
        (_("Gemeente"), gemeente.name if gemeente else _("all gemeenten")),
        (_("Corporation"), ", ".join(corporations) or "–"),
        (_("Year"), str(survey.year)),
        (_("Survey"), survey.display_title),
        (_("Board decision"), decision_text(positions)),
    ]


def cover_lines(ctx, positions) -> list[tuple[str, str]]:
    lines = cover_lines_plain(ctx.survey, ctx.gemeente, positions)
    lines.insert(4, (_("Households that answered"), fmt_int(ctx.respondents)))
    return lines


def too_few_text(ctx) -> str:
    if ctx.respondents < ctx.rule.suppress_below:
        return _(
            "Only %(n)s households in %(place)s answered: too few to show any figure without "
            "risk of recognising someone. This paper shows no results for %(place)s.",
            n=fmt_int(ctx.respondents),
            place=ctx.place,
        )
    return _(
        "Only %(n)s households in %(place)s answered: too few for reliable percentages "
        "(at least %(min)s are needed). This paper therefore shows counts only, no percentages "
        "or charts.",
        n=fmt_int(ctx.respondents),
        place=ctx.place,
        min=fmt_int(ctx.rule.counts_only_below),
    )


def _adopted(positions) -> list[dict]:
    return list((positions or {}).get("positions") or [])


def summary(ctx, positions) -> list:
    """Top priorities from the ranking questions and the main demands."""
    blocks = [Heading(_("Summary"), 1)]
    if ctx.counts_only:
        blocks.append(Paragraph(too_few_text(ctx), "warning"))
    blocks.append(Heading(_("What tenants find most important"), 2))
    ranked = [i for i in ctx.items if i.meta.measure == "ranking"]
    lines = []
    for item in ranked[:1]:
        rows = item.result.distribution
        rows = rows[~rows["dont_know"].astype(bool) & rows["share"].map(facts._known)]
        rows = rows.sort_values("share", ascending=False, kind="stable").head(TOP_PRIORITIES)
        for n, row in enumerate(rows.itertuples(index=False), start=1):
            lines.append(
                _(
                    "%(n)d. %(label)s: %(pct)s put it in their top %(k)d",
                    n=n,
                    label=row.label,
                    pct=fmt_pct(row.share),
                    k=int(item.meta.top_n or 3),
                )
            )
        if lines:
            blocks.append(Bullets(lines))
            blocks.append(
                KeyFigure(item.meta.text, facts._n(rows["base"].iloc[0]), _("ranking question"))
            )
    if not lines:
        blocks.append(Paragraph(_("There are not enough answers to rank priorities.")))
    blocks.append(Heading(_("Our main demands"), 2))
    adopted = _adopted(positions)
    if positions is None:
        blocks.append(Paragraph(_("The board has not adopted any positions yet.")))
    elif not adopted:
        blocks.append(Paragraph(_("There are no positions for this gemeente yet.")))
    else:
        blocks.append(Bullets([f"{x['title']} ({x['theme']})" for x in adopted[:5]]))
    return blocks


def accountability(ctx) -> list:
    """Channels, fieldwork, letters, response per channel, profile, margins, limitations."""
    survey, found = ctx.survey, ctx.found
    blocks = [Heading(_("How we consulted our members"), 1)]
    names = [{"online": _("online"), "paper": _("on paper")}.get(c, c) for c in survey.channels]
    channels = (
        names[0]
        if len(names) == 1
        else _("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1])
    )
    submitted = found.respondents["submitted_at"].dropna()
    first = submitted.min().date() if len(submitted) else survey.opens_on
    last = submitted.max().date() if len(submitted) else survey.closes_on
    letters = sources.letters_sent(survey.id, ctx.scope)
    blocks.append(
        Paragraph(
            _(
                "We asked tenants in %(place)s for their views %(channels)s. Answers came in "
                "between %(first)s and %(last)s.",
                place=ctx.place,
                channels=channels,
                first=fmt_day(first),
                last=fmt_day(last),
            )
        )
    )
    people = data.population(survey.id, ctx.scope)
    rates = aggregate.response_rates(people)
    invited, households = int(people["invited"].sum()), int(people["households"].sum())
    blocks.append(
        Bullets(
            [
                _("Households in the register: %(n)s", n=fmt_int(households)),
                _("Households invited: %(n)s", n=fmt_int(invited)),
                _(
                    "Letters sent: %(n)s, reminders: %(r)s",
                    n=fmt_int(letters["letters"]),
                    r=fmt_int(letters["reminders"]),
                ),
                _("Households that answered: %(n)s", n=fmt_int(ctx.respondents)),
            ]
        )
    )
    blocks.append(_channel_table(ctx, invited or households))
    blocks.append(_rate_table(rates, ctx))
    blocks.append(Heading(_("Who answered"), 2))
    profile = dashboard.profile_tables(found, ctx.rule, admin=False)
    for variable, frame in profile.items():
        blocks.append(_profile_table(variable, frame))
    blocks.append(Heading(_("Limitations"), 2))
    blocks.append(Bullets(limitations(ctx, rates, profile)))
    return blocks


def _channel_table(ctx, base: int) -> Table:
    counts = ctx.found.respondents["channel"].value_counts()
    rows = []
    for channel in dashboard.CHANNELS:
        n = int(counts.get(channel, 0))
        hidden = 0 < n < ctx.rule.suppress_below
        share = fmt_pct(n / base) if base and not ctx.counts_only and not hidden else "–"
        rows.append(
            [
                channel_name(channel),
                "< " + str(ctx.rule.suppress_below) if hidden else fmt_int(n),
                share,
            ]
        )
    return Table(
        [_("Channel"), _("Responses"), _("Response rate")],
        rows,
        _("Responses per channel, against the households invited"),
        numeric=(1, 2),
    )


def _rate_table(rates: pd.DataFrame, ctx) -> Table:
    rows = []
    for row in rates.itertuples(index=False):
        enough = row.responses >= ctx.rule.counts_only_below
        rows.append(
            [
                row.gemeente,
                fmt_int(row.responses) if row.responses >= ctx.rule.suppress_below else "–",
                fmt_pct(row.response_rate) if enough and facts._known(row.response_rate) else "–",
                "± " + fmt_pct(row.margin) if enough and facts._known(row.margin) else "–",
            ]
        )
    return Table(
        [_("Gemeente"), _("Responses"), _("Response rate"), _("Margin")],
        rows,
        _("Response rate and margin of error (95 percent confidence)"),
        numeric=(1, 2, 3),
    )


def _profile_table(variable: str, frame: pd.DataFrame) -> Table:
    rows = [
        [
            profile_label(variable, row.group),
            facts._cell(row.respondents, "int"),
            facts._cell(row.respondent_share, "pct") if row.respondents is not None else "–",
            facts._cell(row.household_share, "pct"),
        ]
        for row in frame.itertuples(index=False)
    ]
    caption = _("Age of the main tenant") if variable == "age_band" else _("Household")
    return Table(
        [_("Group"), _("Answered"), _("Share of those who answered"), _("Share of all households")],
        rows,
        caption,
        numeric=(1, 2, 3),
    )


def limitations(ctx, rates, profile) -> list[str]:
    """What a reader should keep in mind, in plain words."""
    lines = [
        _(
            "Tenants chose themselves whether to answer. Those who did may think differently "
            "from those who did not."
        ),
        _(
            "Groups with fewer than %(low)s answers are not shown; below %(high)s answers we "
            "show counts, not percentages.",
            low=ctx.rule.suppress_below,
            high=ctx.rule.counts_only_below,
        ),
    ]
    margins = rates["margin"].dropna()
    if len(margins) and ctx.respondents >= ctx.rule.counts_only_below:
        lines.append(
            _(
                "A percentage can be off by up to %(margin)s either way because not everyone "
                "answered.",
                margin=fmt_pct(margins.max()),
            )
        )
    frame = profile.get("age_band")
    if frame is not None and len(frame):
        gaps = frame.dropna(subset=["household_share"])
        gaps = gaps[gaps["group"] != "unknown"]
        if len(gaps) and gaps["difference"].notna().any():
            low = gaps.loc[gaps["difference"].astype(float).idxmin()]
            if low["difference"] < -5:
                lines.append(
                    _(
                        "Main tenants aged %(group)s answered less often than their share of "
                        "the households; their views weigh less in these figures.",
                        group=profile_label("age_band", low["group"]),
                    )
                )
    if "keyed" in set(ctx.found.respondents["channel"]):
        lines.append(
            _("Paper forms were typed in by volunteers; a sample was typed in twice to check.")
        )
    return lines


def positions_part(theme: str, positions) -> list:
    """Our positions on one theme, in SMART form."""
    mine = [x for x in _adopted(positions) if x["theme"] == theme]
    blocks = [Heading(_("Our positions"), 2)]
    if positions is None:
        return blocks + [Paragraph(_("The board has not adopted any positions yet."), "note")]
    if not mine:
        return blocks + [Paragraph(_("No positions on this theme."), "note")]
    for position in mine:
        blocks += position_blocks(position)
    return blocks


def position_blocks(position: dict) -> list:
    labels = smart_labels()
    smart = position.get("smart") or {}
    missing = set(position.get("missing") or [])
    rows = [
        [labels[k], smart.get(k) or "", _("missing") if k in missing or not smart.get(k) else ""]
        for k in SMART
    ]
    blocks = [
        Heading(position["title"], 3),
        Paragraph(position.get("text") or ""),
        Table([_("SMART"), _("Our proposal"), ""], rows, _("Position in SMART form")),
        Paragraph(
            _(
                "Type: %(type)s. Negotiable: %(negotiable)s. What we offer in return: %(offer)s",
                type=position.get("type") or "–",
                negotiable=_("yes") if position.get("negotiable") else _("no"),
                offer=position.get("offer") or "–",
            ),
            "note",
        ),
    ]
    evidence = []
    for e in position.get("evidence") or []:
        if e.get("warning"):
            evidence.append(f"{e['label']}: ⚠ {e['warning']}")
        elif e.get("figure"):
            evidence.append(f"{e['label']}: {e['figure']}")
    if evidence:
        blocks += [Paragraph(_("What this rests on:"), "note"), Bullets(evidence)]
    return blocks


def reaction_label(value: str | None) -> str:
    """Our reaction as ``paper_positions`` words it, or a dash when there is none yet."""
    return value or "–"


def bod_part(theme: str, positions) -> list:
    items = [x for x in (positions or {}).get("bod") or [] if x["theme"] == theme]
    if not items:
        return []
    rows = [
        [x["item"], x.get("numbers") or "", reaction_label(x.get("reaction")), x.get("text") or ""]
        for x in items
    ]
    return [
        Heading(_("Our reaction to the bod"), 2),
        Table([_("The corporation offers"), _("Numbers"), _("Our reaction"), _("Why")], rows),
    ]


def reaction_intro(bod) -> str:
    counts = {}
    for item in bod:
        counts[item.get("reaction")] = counts.get(item.get("reaction"), 0) + 1
    parts = [f"{reaction_label(k)}: {n}" for k, n in counts.items()]
    return _(
        "We reacted to %(n)s items of the bod (%(counts)s).", n=len(bod), counts=", ".join(parts)
    )


def bod_item(item: dict, titles: dict) -> list:
    linked = [titles[i] for i in item.get("position_ids") or [] if i in titles]
    blocks = [
        Heading(item["item"], 2),
        Table(
            [_("The corporation offers"), _("Our reaction")],
            [[item.get("numbers") or item["item"], reaction_label(item.get("reaction"))]],
        ),
        Paragraph(item.get("text") or ""),
    ]
    if linked:
        blocks.append(
            Paragraph(_("Linked to our positions: %(titles)s", titles="; ".join(linked)), "note")
        )
    return blocks


def light_label(light: str | None) -> str:
    """A stoplight in words."""
    return {
        "green": _("Green: realised"),
        "orange": _("Orange: partly or still going"),
        "red": _("Red: not realised"),
    }.get(light, _("Grey: not judged yet"))


def lookback(positions) -> list:
    """Last year's positions and what became of them, each with a stoplight."""
    blocks = [Heading(_("Looking back at last year"), 1)]
    items = (positions or {}).get("lookback") or []
    if not items:
        return blocks + [Paragraph(_("There is nothing from last year to look back on yet."))]
    for item in items:
        blocks.append(
            Stoplight(
                item["text"],
                item.get("light") or "grey",
                [
                    (_("Theme"), theme_label(item.get("theme")) or "–"),
                    (_("Outcome"), item.get("outcome") or "–"),
                    (_("What was agreed"), item.get("agreement") or "–"),
                    (_("How it went"), item.get("realisation") or "–"),
                    (_("Why"), item.get("reason") or "–"),
                ],
                light_label(item.get("light")),
            )
        )
    return blocks


def process(positions, themes: list[str]) -> list:
    """Process wishes: positions on how we work together, and any position or bod item on a
    theme the survey asked nothing about (so that nothing adopted is left out)."""
    blocks = [Heading(_("How we want to work together"), 1)]
    mine = [x for x in _adopted(positions) if x["theme"] not in themes]
    if not mine:
        blocks.append(Paragraph(_("No process wishes have been adopted yet."), "note"))
    for position in mine:
        blocks += position_blocks(position)
    rest = [x["theme"] for x in (positions or {}).get("bod") or [] if x["theme"] not in themes]
    for theme in dict.fromkeys(rest):
        part = bod_part(theme, positions)
        part[0] = Heading(_("Our reaction to the bod: %(theme)s", theme=theme_label(theme)), 2)
        blocks += part
    return blocks


def annex(ctx) -> list:
    """Every question's full table, and the questionnaire."""
    blocks = [Heading(_("Annex: all figures"), 1)]
    if ctx.respondents < ctx.rule.suppress_below:
        blocks.append(Paragraph(too_few_text(ctx), "warning"))
    else:
        for item in ctx.items:
            if item.table is not None:
                blocks.append(item.table)
    blocks.append(Heading(_("Annex: the questionnaire"), 1))
    section = None
    for item in ctx.items:
        meta = item.meta
        if meta.section != section:
            section = meta.section
            blocks.append(Heading(section, 2))
        answers = [o["label"] for o in meta.options]
        rows = [r["label"] for r in meta.rows]
        line = f"{int(meta.position) + 1}. {meta.text}"
        blocks.append(Paragraph(line))
        if rows or answers:
            blocks.append(Bullets(rows + ([" / ".join(answers)] if answers else [])))
    return blocks
