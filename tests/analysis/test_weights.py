"""Post-stratification weights, trimming and Kish's effective n, by hand."""

import numpy as np
import pandas as pd
import pytest

from analysis import aggregate, weights


def people(cells):
    """Respondents: cells is a list of (gemeente_id, age_band, count)."""
    rows = []
    for gemeente_id, age_band, count in cells:
        rows += [(gemeente_id, age_band)] * count
    frame = pd.DataFrame(rows, columns=["gemeente_id", "age_band"])
    frame["response_id"] = range(1, len(frame) + 1)
    frame["population"] = "tenant"
    frame["gemeente_id"] = frame["gemeente_id"].astype("Int64")
    return frame


def register(cells):
    return pd.DataFrame(
        [(g, a, None, n) for g, a, n in cells],
        columns=["gemeente_id", "age_band", "household_type", "households"],
    )


def test_weights_by_gemeente_by_hand():
    # 300 respondents of 1000 households in gemeente 1, 100 of 3000 in gemeente 2
    resp = people([(1, None, 300), (2, None, 100)])
    reg = register([(1, None, 1000), (2, None, 3000)])
    w = weights.poststratify(resp, reg, by_age=False, low=0, high=100)
    # (1000/4000) / (300/400) = 1/3 and (3000/4000) / (100/400) = 3
    assert w.groupby("cell")["weight_raw"].first().to_dict() == pytest.approx(
        {"1": 1 / 3, "2": 3.0}
    )
    assert w["weight"].mean() == pytest.approx(1.0)


def test_trimming_caps_and_renormalises():
    trimmed = weights.trim([0.1, 1, 1, 5.9], low=0.3, high=3.0)
    assert trimmed.min() >= 0.3 - 1e-9 and trimmed.max() <= 3.0 + 1e-9
    assert trimmed.mean() == pytest.approx(1.0)


def test_kish_effective_n_by_hand():
    # 300 at 0.6 and 100 at 2.2: (180 + 220)^2 / (108 + 484) = 270.3
    w = np.array([0.6] * 300 + [2.2] * 100)
    assert aggregate.effective_n(w) == pytest.approx(160000 / 592)
    frame = pd.DataFrame({"weight": w, "weight_raw": w})
    summary = weights.summarise(frame)
    assert summary["n"] == 400 and summary["design_effect"] == pytest.approx(400 / (160000 / 592))


def test_age_band_cells_where_known_and_thin_cells_collapsed():
    resp = people([(1, "<35", 40), (1, "75+", 20), (2, "<35", 5), (2, "75+", 30)])
    reg = register([(1, "<35", 300), (1, "75+", 300), (2, "<35", 200), (2, "75+", 200)])
    w = weights.poststratify(resp, reg, min_cell=20, low=0, high=100)
    cells = set(w["cell"])
    assert {"1|<35", "1|75+"} <= cells and "2" in cells  # gemeente 2 has a thin cell
    n = 95
    expected = (300 / 1000) / (40 / n)
    raw = w.set_index("cell")["weight_raw"].groupby(level=0).first()
    scale = np.mean(
        [(300 / 1000) / (40 / n)] * 40
        + [(300 / 1000) / (20 / n)] * 20
        + [(400 / 1000) / (35 / n)] * 35
    )
    assert raw["1|<35"] == pytest.approx(expected / scale)


def test_weighted_and_unweighted_side_by_side():
    answers = pd.DataFrame(
        {
            "response_id": [1, 2, 3, 4],
            "question": "q",
            "row": None,
            "value": ["ja", "ja", "ja", "nee"],
            "score": np.nan,
            "dont_know": False,
        }
    )
    meta = {
        "key": "q",
        "measure": "nominal",
        "options": [
            {"code": "ja", "label": "Ja", "dont_know": False},
            {"code": "nee", "label": "Nee", "dont_know": False},
        ],
    }
    w = pd.Series([0.5, 0.5, 0.5, 2.5], index=[1, 2, 3, 4])
    dist, summary = aggregate.question_tables(meta, answers, weights=w)
    rows = dist.set_index("option")
    assert rows.loc["ja", "share"] == 0.75 and rows.loc["ja", "share_weighted"] == pytest.approx(
        1.5 / 4
    )
    assert summary.loc[0, "n_eff"] == pytest.approx(16 / (0.75 + 6.25))
