"""One look for every chart: palette, fonts, sizes, Dutch numbers and chart words.

Figures are made with the matplotlib Figure API on the Agg canvas: no pyplot, no global
rcParams. Every text call takes its font size from here, so a chart looks the same on a
slide (16:9) and in a document; only the scale changes.
"""

import textwrap
from dataclasses import dataclass
from datetime import date

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

FONT = "DejaVu Sans"  # ships with matplotlib: the same letters on every server

# Colour-blind-safe diverging scale (ColorBrewer PuOr, 5 classes): orange for disagreement,
# purple for agreement, grey in the middle. Readable for the common colour blindnesses.
DIVERGING = {
    5: ("#b35806", "#f1a340", "#d9d9d9", "#998ec3", "#542788"),
    4: ("#b35806", "#f1a340", "#998ec3", "#542788"),
    3: ("#e08214", "#d9d9d9", "#8073ac"),
    2: ("#e08214", "#8073ac"),
}
MAIN = "#2c5f8a"  # bars of a single measure
LAST_YEAR = "#9ab6cf"  # the earlier value beside MAIN
DONT_KNOW = "#8c8c8c"  # "weet ik niet", always apart from the scale
SUPPRESSED = "#f0f0f0"
TEXT = "#1a1a1a"
MUTED = "#595959"  # at least 4.5:1 on white
GRID = "#dddddd"
# Okabe-Ito: distinguishable in every common colour blindness.
CHANNEL_COLOURS = {"online": "#0072b2", "keyed": "#e69f00", "scanned": "#009e73"}
SERIES = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000")


@dataclass(frozen=True)
class Size:
    """An output size: inches and resolution, and how much larger the letters are."""

    name: str
    width: float
    height: float
    dpi: int
    scale: float = 1.0
    grows: bool = False  # a document chart grows downwards with its number of bars

    def font(self, role: str) -> float:
        """The font size in points for a role (title, label, tick, note)."""
        return {"title": 13, "label": 9.5, "tick": 9, "note": 8, "value": 8.5}[role] * self.scale


SLIDE = Size("slide", 40 / 3, 7.5, 144, scale=1.45)  # 1920 x 1080 pixels, 16:9
DOCUMENT = Size("document", 6.5, 3.6, 200, scale=1.0, grows=True)  # A4 text width
SIZES = {size.name: size for size in (SLIDE, DOCUMENT)}

# The words a chart writes itself. Charts take a language; the pages pass the user's.
WORDS = {
    "nl": {
        "source": "Bron",
        "dont_know": "Weet ik niet",
        "too_few": "te weinig reacties",
        "share_of": "% van de antwoorden (zonder \u201cweet ik niet\u201d)",
        "share_all": "% van alle antwoorden",
        "share_choosing": "% van de mensen die de vraag beantwoordden",
        "points": "Punten (3 voor de eerste plaats, 2 voor de tweede, ...)",
        "first": "op 1",
        "points_word": "punten",
        "all_together": "samen",
        "response_rate": "Respons (% van de huishoudens met een uitnodiging)",
        "responses": "Reacties (opgeteld)",
        "of": "van",
        "disagree": "\u2190 oneens",
        "agree": "eens \u2192",
        "change": "verschil",
        "points_short": "procentpunt",
        "no_data": "Nog geen antwoorden",
        "significant": "verschil is waarschijnlijk echt",
        "channels": {
            "online": "Online",
            "keyed": "Papier (ingevoerd)",
            "scanned": "Papier (gescand)",
        },
    },
    "en": {
        "source": "Source",
        "dont_know": "Don't know",
        "too_few": "too few responses",
        "share_of": "% of answers (without \u201cdon't know\u201d)",
        "share_all": "% of all answers",
        "share_choosing": "% of people who answered the question",
        "points": "Points (3 for first place, 2 for second, ...)",
        "first": "first",
        "points_word": "points",
        "all_together": "together",
        "response_rate": "Response (% of invited households)",
        "responses": "Responses (cumulative)",
        "of": "of",
        "disagree": "\u2190 disagree",
        "agree": "agree \u2192",
        "change": "change",
        "points_short": "points",
        "no_data": "No answers yet",
        "significant": "change is likely real",
        "channels": {"online": "Online", "keyed": "Paper (keyed)", "scanned": "Paper (scanned)"},
    },
}

MONTHS_NL = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()


def words(lang: str) -> dict:
    """The chart words in a language (Dutch when unknown)."""
    return WORDS.get(lang, WORDS["nl"])


def new_figure(size: Size, height: float | None = None) -> Figure:
    """A blank Figure on the Agg canvas; no pyplot state is touched."""
    figure = Figure(figsize=(size.width, height or size.height), dpi=size.dpi, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def fmt_int(value: float, lang: str = "nl") -> str:
    """A whole number with a thousands separator: 12.345 in Dutch, 12,345 in English."""
    text = f"{round(value):,}"
    return text.replace(",", ".") if lang == "nl" else text


def fmt_dec(value: float, digits: int = 1, lang: str = "nl") -> str:
    """A decimal number: 6,8 in Dutch, 6.8 in English."""
    text = f"{value:,.{digits}f}"
    if lang == "nl":
        text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    return text


def fmt_pct(share: float, lang: str = "nl", digits: int = 0) -> str:
    """A share 0..1 as a percentage: "62 %" (with a space that does not break)."""
    return f"{fmt_dec(share * 100, digits, lang)}\u00a0%"


def fmt_signed(points: float, lang: str = "nl") -> str:
    """A change in percentage points with its sign: "+4", "\u22123", "0"."""
    rounded = round(points)
    if rounded == 0:
        return "0"
    return ("+" if rounded > 0 else "\u2212") + fmt_int(abs(rounded), lang)


def fmt_date(day: date, lang: str = "nl") -> str:
    """A date written out: 3 maart 2027."""
    if lang == "nl":
        return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"
    return day.strftime("%-d %B %Y")


def wrap(label: str, width: int, lines: int = 3) -> str:
    """A label broken into lines of about ``width`` characters, at most ``lines`` of them;
    a longer label is cut with an ellipsis (the full text is in the table beside the chart)."""
    text = " ".join(str(label).split())
    parts = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        last = parts[-1]
        parts[-1] = (last[: max(width - 1, 1)].rstrip() + "\u2026") if last else "\u2026"
    return "\n".join(parts)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on a bar of this colour."""
    red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    return "#ffffff" if luminance < 0.35 else TEXT


def tidy_axes(ax, size: Size, grid_axis: str = "x") -> None:
    """Light grid behind the bars, no box, tick labels in the house font."""
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GRID)
    ax.set_axisbelow(True)
    ax.grid(axis=grid_axis, color=GRID, linewidth=0.8)
    ax.tick_params(labelsize=size.font("tick"), colors=TEXT, length=0, labelfontfamily=FONT)
