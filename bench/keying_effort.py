"""Keying effort: keystrokes a volunteer needs to key the demo paper form.

Builds the demo surveys in a fresh SQLite database, opens a form on the real keying page
(test client, signed in as a volunteer) and reads its inputs from the HTML: each field's
complete entries (``data-tokens``) and each question's skip condition. Then it keys 500
synthetic paper forms (the demo's answer generator) the way the page's script behaves:
a field moves on by itself after a complete single-keystroke entry or once a several-boxes
question can take no more boxes (their numbers typed one after the other, as the page says),
Enter moves on otherwise, empty questions the form says to skip are jumped over, and Enter
on the last field plus Enter on the button stores the form. Without the script every field
takes its characters plus Tab.

    .venv/bin/python -m bench.keying_effort [--forms 500]

Target: at most one keystroke per answer, plus the code (9 characters and Enter, or one
scan). The characters of open answers are counted apart: they are the tenant's own words.
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path


class KeyingPage(HTMLParser):
    """The inputs and skip conditions of a keying page, in page order."""

    def __init__(self):
        super().__init__()
        self.fields: list[dict] = []
        self.row: dict = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "keying-q" in (attrs.get("class") or ""):
            self.row = {
                "source": attrs.get("data-source"),
                "keys": (attrs.get("data-keys") or "").split(),
                "multiple": attrs.get("data-multiple") == "true",
                "op": attrs.get("data-op"),
                "value": attrs.get("data-value"),
            }
        if tag in ("input", "textarea") and "keying-input" in (attrs.get("class") or ""):
            self.fields.append(
                {
                    "name": attrs["name"],
                    "tokens": (attrs.get("data-tokens") or "").split(),
                    "choose": (attrs.get("data-choose") or "").split(),
                    "choose_max": int(attrs.get("data-choose-max") or 0),
                    "text": tag == "textarea",
                    "row": self.row,
                }
            )


def complete(value: str, tokens: list[str]) -> bool:
    """The page script's rule: a complete entry that no other entry starts with."""
    value = value.strip().lower()
    return value in tokens and not any(t != value and t.startswith(value) for t in tokens)


def complete_several(value: str, field: dict) -> bool:
    """The page script's rule for several boxes typed one after the other."""
    keys, most = field["choose"], field["choose_max"]
    return (
        bool(keys)
        and len(value) == most
        and all(key in keys and value.index(key) == i for i, key in enumerate(value))
    )


def as_typed(value: str, field: dict) -> str:
    """What a volunteer following the page's hint types: several boxes without separators."""
    if field["choose"] and value not in ("-", "*"):
        return "".join(re.split(r"[\s,;+/.]+", value.strip()))
    return value


def shown(row: dict, typed: dict[str, str], skipped: set[str]) -> bool:
    """The page script's rule for greying out a question while typing."""
    source = row.get("source")
    if not source:
        return True
    value = typed.get(source, "").strip().lower()
    if not value:
        return source not in skipped
    if value in ("-", "*"):
        return False
    if row["keys"]:
        parts = (
            re.split(r"[\s,;+/.]+", value)
            if re.search(r"[\s,;+/.]", value)
            else (list(value) if row["multiple"] else [value])
        )
        return any(p in row["keys"] for p in parts)
    try:
        number, limit = float(value.replace(",", ".")), float(row["value"])
    except (TypeError, ValueError):
        return True
    return (
        number > limit
        if row["op"] == "above"
        else number < limit
        if row["op"] == "below"
        else number == limit
    )


def count(fields: list[dict], typed: dict[str, str]) -> dict:
    """Keystrokes with and without the script, answers, and open-answer characters."""
    keys = plain = answers = text_chars = 0
    skipped: set[str] = set()
    for field in fields:
        value = typed.get(field["name"], "")
        if not shown(field["row"], typed, skipped):
            skipped.add(field["name"])
            if not value:
                continue  # jumped over (script); without it: one Tab
        if field["text"]:
            text_chars += len(value)
            keys += 1  # Enter moves on
            plain += 1
            answers += 1 if value else 0
            continue
        if value and value not in ("-", "*"):
            answers += len(re.split(r"[\s,;+/.]+", value.strip()))
        value = as_typed(value, field)
        done = value and (complete(value, field["tokens"]) or complete_several(value, field))
        keys += len(value) + (0 if done else 1)
        plain += len(value) + 1
    for field in fields:
        if field["name"] in skipped and not typed.get(field["name"]):
            plain += 1
    return {"keys": keys + 1, "plain": plain + 1, "answers": answers, "text": text_chars}


def main() -> None:
    """Build the demo survey, read the real keying page, key synthetic forms, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=500)
    args = parser.parse_args()
    import logging

    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory(prefix="keying-bench-") as tmp:
        os.environ["CONSULT_INSTANCE_PATH"] = tmp
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from consult import create_app

        app = create_app(
            {
                "CONSULT_ENV": "development",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
            }
        )
        fields, rows = read_page(app)
        results = key_forms(app, rows, fields, args.forms)
    report(results, fields)


def read_page(app):
    """Demo data, one form opened by a volunteer, and the keying page's fields."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from consult.demo import foundation
    from consult.extensions import db
    from surveys.builder import demo as survey_demo
    from surveys.invitations import operations as invitations
    from surveys.invitations.models import Invitation
    from surveys.keying import entry as reading
    from surveys.models import Survey, SurveyStatus

    with app.app_context():
        upgrade()
        foundation.load(seed=2027, echo=lambda *a: None)
        survey_demo.load(seed=2027, echo=lambda *a: None)
        survey = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.OPEN))
        invitations.create_invitations(survey)
        code = invitations.clear_code(db.session.scalar(select(Invitation)))
        survey_id = survey.id
        db.session.commit()
    client = app.test_client()
    client.post(
        "/login", data={"email": "vrijwilliger@kmas.example", "password": "Vrijwilliger-2027"}
    )
    opened = client.post(f"/invoeren/{survey_id}", data={"code": code})
    page = client.get(opened.headers["Location"]).get_data(as_text=True)
    parsed = KeyingPage()
    parsed.feed(page)
    with app.app_context():
        rows = reading.question_fields(db.session.get(Survey, survey_id))
    return parsed.fields, rows


def key_forms(app, rows, fields, forms: int) -> list[dict]:
    """Key synthetic forms (the demo's generator) and count what each takes."""
    from surveys.keying.demo import _typed

    rng = random.Random(2027)
    bands = ["<35", "35-54", "55-64", "65-74", "75+", "75+"]
    with app.app_context():
        return [count(fields, _typed(rows, rng.choice(bands), rng)) for _ in range(forms)]


def report(results: list[dict], fields: list[dict]) -> None:
    """Print the figures."""
    code = 10  # 9 characters and Enter (a scanner: one pull of the trigger)
    keys = statistics.mean(r["keys"] for r in results)
    plain = statistics.mean(r["plain"] for r in results)
    answers = statistics.mean(r["answers"] for r in results)
    text = statistics.mean(r["text"] for r in results)
    worst = max(r["keys"] - r["answers"] for r in results)
    print(f"keying page: {len(fields)} input fields; {len(results)} synthetic demo forms")
    print(f"answers per form (marks and written values): {answers:.1f}")
    print(
        f"keystrokes per form with the page script: {keys:.1f} + code {code} "
        f"= {keys / max(answers, 1):.2f} per answer (worst form: {worst:+d} over one per answer)"
    )
    print(f"keystrokes per form without the script (Tab after every field): {plain:.1f}")
    print(f"characters of open answers typed as written: {text:.1f} per form (not counted above)")


if __name__ == "__main__":
    main()
