"""Benchmark of the paper batch: letters with personalised forms, pages per second and peak
memory, for a small and a large batch (to show memory stays flat as the batch grows).

Builds a freshly migrated SQLite database with the demo gemeenten, the demo surveys (the
open 2027 survey has 39 questions: a 12-page form) and synthetic households with addresses
up to the largest batch, makes their invitation codes, and then writes each batch through
the real service (``write_letter_batch``: letter, blank back page, the household's own form,
double-sided) into a PDF file and a mailing-house CSV.

    .venv/bin/python -m bench.paper_batch [--households 25000 --small 2500]

Each batch runs in a fresh child process, so its peak RSS is that batch's alone.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _app(instance: Path):
    os.environ["CONSULT_INSTANCE_PATH"] = str(instance)
    from consult import create_app

    return create_app(
        {
            "CONSULT_ENV": "development",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/bench.db",
            "PUBLIC_URL": "https://raadpleging.kmas.nl",
        }
    )


def build(instance: Path, households: int) -> int:
    """Migrate a new database, load the demo structure and enough households; survey id."""
    import logging
    import random

    from flask_migrate import upgrade
    from sqlalchemy import func, insert, select

    from consult.demo import foundation
    from consult.extensions import db
    from consult.gemeenten.models import Corporation, Gemeente
    from consult.households.models import Household, MailingAddress
    from surveys.builder import demo as survey_demo
    from surveys.invitations import operations as invitations
    from surveys.models import Survey, SurveyStatus

    logging.disable(logging.INFO)
    app = _app(instance)
    with app.app_context():
        upgrade()
        foundation.load(seed=2027, echo=lambda *a: None)
        survey_demo.load(seed=2027, echo=lambda *a: None)
        existing = db.session.scalar(select(func.count(Household.id)))
        corporation = db.session.scalar(select(Corporation))
        gemeenten = list(db.session.scalars(select(Gemeente)))
        rng = random.Random(1)
        for start in range(existing, households, 2000):
            rows = [
                {
                    "corporation_id": corporation.id,
                    "gemeente_id": rng.choice(gemeenten).id,
                    "external_ref": f"BENCH{n:07d}",
                    "kern": "Bench",
                }
                for n in range(start, min(start + 2000, households))
            ]
            ids = db.session.scalars(insert(Household).returning(Household.id), rows).all()
            db.session.execute(
                insert(MailingAddress),
                [
                    {
                        "household_id": i,
                        "addressee": "De bewoner(s)",
                        "street": "Lindelaan",
                        "house_number": 1 + i % 300,
                        "postcode": "5384 AB",
                        "city": "Heesch",
                    }
                    for i in ids
                ],
            )
        survey = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.OPEN))
        invitations.create_invitations(survey)
        db.session.commit()
        return survey.id


def run(instance: Path, survey_id: int, households: int) -> dict:
    """One batch in this process: the figures as a dict."""
    import logging

    from consult.extensions import db
    from surveys.models import Survey
    from surveys.paper.batch import Selection, write_letter_batch

    logging.disable(logging.INFO)
    app = _app(instance)
    pdf_path, csv_path = instance / f"batch-{households}.pdf", instance / f"batch-{households}.csv"
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        started = time.perf_counter()
        with open(pdf_path, "wb") as pdf, open(csv_path, "w", encoding="utf-8-sig") as out:
            result = write_letter_batch(Selection(survey), pdf, out, limit=households)
        seconds = time.perf_counter() - started
        db.session.rollback()  # leave the database as it was for the next run
    figures = {
        "households": result.households,
        "pages": result.pages,
        "seconds": round(seconds, 1),
        "pages_per_second": round(result.pages / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "pdf_mb": round(pdf_path.stat().st_size / 1e6, 1),
    }
    pdf_path.unlink()
    csv_path.unlink()
    return figures


def main() -> None:
    """Build the database once, run each batch in a child process, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=25_000)
    parser.add_argument("--small", type=int, default=2_500)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        instance, survey_id, households = args.child
        print(json.dumps(run(Path(instance), int(survey_id), int(households))))
        return
    with tempfile.TemporaryDirectory(prefix="paper-bench-") as tmp:
        instance = Path(tmp)
        started = time.perf_counter()
        survey_id = build(instance, args.households)
        print(
            f"setup: {args.households} households with codes "
            f"in {time.perf_counter() - started:.0f} s"
        )
        print(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}"
        )
        for size in (args.small, args.households):
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.paper_batch",
                    "--child",
                    str(instance),
                    str(survey_id),
                    str(size),
                ],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            )
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{figures['households']:>6} households: {figures['pages']:>7} pages in "
                f"{figures['seconds']:>6} s = {figures['pages_per_second']} pages/s, "
                f"peak RSS {figures['peak_rss_mb']} MB, PDF {figures['pdf_mb']} MB"
            )


if __name__ == "__main__":
    main()
