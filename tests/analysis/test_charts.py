"""Charts are checked as Figures: bars drawn, labels readable, n shown, small groups held back."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from analysis import charts, style
from analysis.charts import Source
from analysis.style import DOCUMENT, SLIDE

SOURCE = Source("Raadpleging 2027", 412, date(2027, 3, 3))
SCALE = [
    ("1", "Helemaal oneens"),
    ("2", "Oneens"),
    ("3", "Neutraal"),
    ("4", "Eens"),
    ("5", "Helemaal eens"),
]
LONG_LABEL = " ".join(["Een antwoord met heel veel woorden over de huur en het onderhoud"] * 6)


def likert_table(items, counts=(10, 20, 30, 40, 50), dont_know=12) -> pd.DataFrame:
    rows = []
    for item in items:
        rows += [
            dict(item=item, code=c, label=lbl, n=n)
            for (c, lbl), n in zip(SCALE, counts, strict=True)
        ]
        rows.append(dict(item=item, code="dk", label="Weet ik niet", n=dont_know, dont_know=True))
    return pd.DataFrame(rows)


def texts(fig) -> list[str]:
    """Every text drawn on the figure: titles, labels, annotations, tick labels."""
    fig.canvas.draw()
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
        found += [ax.get_title(), ax.get_title(loc="left"), ax.get_xlabel()]
    for legend in fig.legends:
        found += [t.get_text() for t in legend.get_texts()]
    return found


def bars(fig) -> list[Rectangle]:
    """The bars with a width (legend proxies have none)."""
    return [
        p for ax in fig.axes for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0
    ]


def test_likert_bar_diverges_around_zero_with_n_and_dont_know_apart():
    fig = charts.likert(likert_table(["Alle reacties"]), "Mijn huur is te hoog", SOURCE)
    drawn = bars(fig)
    assert len(drawn) == 6  # five scale segments and the separate "weet ik niet" bar
    main = [b for b in drawn if b.axes is fig.axes[0]]
    lefts = sorted(b.get_x() for b in main)
    assert lefts[0] < 0 < lefts[-1]
    # the neutral middle is split across zero: 30 of 150 = 20 %, from -10 to +10
    neutral = next(b for b in main if b.get_facecolor()[:3] == (0xD9 / 255,) * 3)
    assert neutral.get_x() == pytest.approx(-10)
    assert neutral.get_width() == pytest.approx(20)
    words = texts(fig)
    assert "n = 162" in words  # 150 on the scale + 12 "weet ik niet"
    assert "Alle reacties" in words
    assert "Weet ik niet" in words
    assert "60\u00a0%" in words  # agree + strongly agree = 90 of 150, Dutch notation
    assert any(w.startswith("Bron: Raadpleging 2027 \u00b7 n = 412") for w in words)


def test_matrix_with_twelve_statements_has_readable_labels_that_do_not_overlap():
    statements = [f"Stelling {i}: de corporatie doet haar werk goed op punt {i}" for i in range(12)]
    for size in (DOCUMENT, SLIDE):
        fig = charts.likert(likert_table(statements), "Twaalf stellingen", SOURCE, size=size)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        labels = [t for t in fig.axes[0].get_yticklabels() if t.get_text()]
        assert len(labels) == 12
        boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.y0)
        for lower, upper in zip(boxes, boxes[1:], strict=False):
            assert lower.y1 <= upper.y0 + 1, "statement labels overlap"
        assert sum("n = 162" == w for w in texts(fig)) == 12  # n on every bar


def test_sixty_word_labels_are_wrapped_and_shortened():
    table = pd.DataFrame(
        [dict(code="a", label=LONG_LABEL, n=40), dict(code="b", label="Kort", n=30)]
    )
    fig = charts.choices(table, "Een vraag met een lange keuze", SOURCE)
    label = fig.axes[0].get_yticklabels()[0].get_text()
    assert len(LONG_LABEL.split()) >= 60
    assert label.count("\n") == 2 and label.endswith("\u2026")
    assert max(len(line) for line in label.splitlines()) <= charts._label_width(DOCUMENT, 0.3)


def test_choices_show_share_and_count_and_keep_dont_know_out_of_the_base():
    table = pd.DataFrame(
        [
            dict(code="a", label="Lage huur", n=60),
            dict(code="b", label="Groen", n=40),
            dict(code="dk", label="Weet ik niet", n=25, dont_know=True),
        ]
    )
    words = texts(charts.choices(table, "Wat is belangrijk?", SOURCE))
    assert "60\u00a0%  (60)" in words  # 60 of the 100 who chose an option
    assert "20\u00a0%  (25)" in words  # weet ik niet: 25 of all 125
    assert any("n = 100" in w for w in words)


def test_a_group_under_thirty_shows_counts_and_under_ten_nothing():
    small = pd.DataFrame([dict(code="a", label="Ja", n=12), dict(code="b", label="Nee", n=9)])
    words = texts(charts.choices(small, "Kleine groep", SOURCE))
    assert "12 van 21" in words
    assert not any("%" in w and "van" not in w and "(" in w for w in words)
    tiny = pd.DataFrame([dict(code="a", label="Ja", n=2), dict(code="b", label="Nee", n=1)])
    fig = charts.choices(tiny, "Gemeente met 3 reacties", SOURCE)
    assert bars(fig) == []
    assert "n = 3: te weinig reacties" in texts(fig)


def test_question_nobody_answered_and_survey_without_responses_draw_a_message():
    empty = pd.DataFrame(columns=["code", "label", "n"])
    for fig in (
        charts.choices(empty, "Niemand", SOURCE),
        charts.likert(pd.DataFrame(columns=["item", "code", "label", "n"]), "Niemand", SOURCE),
        charts.ranking(pd.DataFrame(columns=["code", "label", "rank", "n"]), "x", SOURCE, 0),
        charts.response_rate(
            pd.DataFrame(columns=["gemeente", "channel", "n", "invited"]), "x", SOURCE
        ),
        charts.fieldwork(pd.DataFrame(columns=["day", "channel", "n"]), "x", SOURCE),
    ):
        assert bars(fig) == []
        assert "Nog geen antwoorden" in texts(fig)
        assert charts.to_png(fig).startswith(b"\x89PNG")


def test_all_answers_dont_know_shows_only_the_dont_know_bar():
    table = likert_table(["Alle reacties"], counts=(0, 0, 0, 0, 0), dont_know=50)
    fig = charts.likert(table, "Iedereen weet het niet", SOURCE)
    drawn = bars(fig)
    assert len(drawn) == 1 and drawn[0].get_width() == pytest.approx(100)
    assert "n = 0: te weinig reacties" in texts(fig)


def test_ranking_sorts_by_points_and_names_share_first():
    rows = [("a", "Betaalbaar", {1: 50, 2: 10, 3: 5}), ("b", "Duurzaam", {1: 10, 2: 30, 3: 40})]
    table = pd.DataFrame(
        [dict(code=c, label=lbl, rank=r, n=n) for c, lbl, ranks in rows for r, n in ranks.items()]
    )
    fig = charts.ranking(table, "Belangrijkst", SOURCE, base=100)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Duurzaam", "Betaalbaar"]  # drawn bottom-up: the most points on top
    words = texts(fig)
    assert "175 punten \u00b7 50\u00a0% op 1" in words  # 50*3 + 10*2 + 5
    assert "130 punten \u00b7 10\u00a0% op 1" in words  # 10*3 + 30*2 + 40


def test_gemeenten_side_by_side_hold_back_a_small_gemeente():
    table = pd.DataFrame(
        [
            dict(gemeente=g, code=c, label=lbl, n=n)
            for g, n in (("Ede", 40), ("Boxtel", 1))
            for c, lbl in SCALE
        ]
    )
    fig = charts.gemeenten(table, "Per gemeente", SOURCE)
    words = texts(fig)
    assert "Ede (n = 200)" in words and "Boxtel (n = 5)" in words
    assert "te weinig reacties" in words
    assert len(bars(fig)) == 5  # only Ede's bars


def test_change_writes_both_years_and_the_difference_in_points():
    table = pd.DataFrame(
        [
            dict(item="Huur te hoog", period="2026", share=0.55, low=0.5, high=0.6, n=400),
            dict(
                item="Huur te hoog",
                period="2027",
                share=0.62,
                low=0.57,
                high=0.67,
                n=420,
                significant=True,
            ),
        ]
    )
    words = texts(charts.change(table, "Sinds vorig jaar", SOURCE))
    assert "55\u00a0% \u2192 62\u00a0%\n+7 procentpunt *" in words


def test_response_rate_and_fieldwork_name_channels_and_counts():
    rate = pd.DataFrame(
        [
            dict(gemeente="Ede", channel="online", n=300, invited=2000),
            dict(gemeente="Ede", channel="keyed", n=100, invited=2000),
        ]
    )
    words = texts(charts.response_rate(rate, "Respons", SOURCE))
    assert "20\u00a0%  (400 van 2.000)" in words
    days = pd.DataFrame(
        [
            dict(day=date(2027, 1, d), channel=c, n=5)
            for d in (10, 11, 12)
            for c in ("online", "keyed")
        ]
    )
    words = texts(charts.fieldwork(days, "Veldwerk", SOURCE))
    assert any(w.strip() == "Online: 15" for w in words)
    assert any(w.strip() == "Papier (ingevoerd): 15" for w in words)


def test_dutch_numbers():
    assert style.fmt_int(12345) == "12.345"
    assert style.fmt_dec(6.8, 1) == "6,8"
    assert style.fmt_dec(1234.5, 1) == "1.234,5"
    assert style.fmt_pct(0.623) == "62\u00a0%"
    assert style.fmt_pct(0.623, "en") == "62\u00a0%"
    assert style.fmt_signed(-3.2) == "\u22123"
    assert style.fmt_date(date(2027, 3, 3)) == "3 maart 2027"


def test_png_and_svg_in_slide_and_document_size():
    fig = charts.likert(likert_table(["A"]), "Titel", SOURCE, size=SLIDE)
    png = charts.to_png(fig, SLIDE)
    assert png.startswith(b"\x89PNG")
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert (width, height) == (1920, 1080)
    assert charts.to_svg(fig).lstrip().startswith(b"<?xml")


def test_cache_returns_the_stored_chart_until_the_data_change(tmp_path: Path):
    options = {"title": "Titel", "source": SOURCE}
    table = likert_table(["A"])
    first = charts.render_cached("likert", table, options, "png", DOCUMENT, tmp_path)
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    files[0].write_bytes(b"stored")  # a second call reads the file instead of drawing
    assert charts.render_cached("likert", table, options, "png", DOCUMENT, tmp_path) == b"stored"
    changed = likert_table(["A"], counts=(10, 20, 30, 40, 51))
    again = charts.render_cached("likert", changed, options, "png", DOCUMENT, tmp_path)
    assert again.startswith(b"\x89PNG") and first.startswith(b"\x89PNG")
    assert len(list(tmp_path.iterdir())) == 2


def test_charts_use_no_pyplot_state_and_neither_flask_nor_sqlalchemy():
    import ast

    for module in (charts, style):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {
            alias.name if isinstance(node, ast.Import) else node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert not {m for m in imported if m and m.startswith(("flask", "sqlalchemy"))}
        assert "matplotlib.pyplot" not in imported
        assert not any(
            isinstance(node, ast.Attribute) and node.attr == "rcParams" for node in ast.walk(tree)
        )


def test_a_chart_drawn_once_has_the_pixels_savefig_writes(tmp_path: Path):
    """A PNG chart is drawn once (no second layout pass), stored in the cache and has the same
    pixels as matplotlib's own ``savefig``."""
    import io

    import numpy as np
    from PIL import Image

    table = likert_table(["Onderhoud", "Huur"])
    options = {"title": "Hoe tevreden bent u?", "source": SOURCE}
    png = charts.render_cached("likert", table, options, "png", DOCUMENT, tmp_path)
    buffer = io.BytesIO()
    charts.CHARTS["likert"](table, size=DOCUMENT, **options).savefig(
        buffer, format="png", dpi=DOCUMENT.dpi, facecolor="white"
    )
    saved = np.asarray(Image.open(buffer).convert("RGB"))
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(png)).convert("RGB")), saved)
    (stored,) = tmp_path.glob("likert-*.png")
    assert stored.read_bytes() == png
    stored.write_bytes(b"from the cache")  # the second call reads the file, draws nothing
    assert charts.render_cached("likert", table, options, "png", DOCUMENT, tmp_path) == (
        b"from the cache"
    )
