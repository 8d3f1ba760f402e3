"""Benchmark of position papers: DOCX + PDF + meeting pack (slides and chart zip) for every
gemeente of a 10 000-response survey, in one process, with total seconds and peak memory.

The survey is the synthetic one of ``bench.analysis`` (40 questions, 12 KMAS gemeenten ...
in fact every gemeente of the demo list), its questions spread over the themes. Data are
written in one child process; the papers are made in a fresh child process so that its peak
memory is its own. The chart cache starts empty: every chart is drawn.

    .venv/bin/python -m bench.papers [--responses 10000] [--database URL]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.analysis import _app, _machine, setup

THEMES = (
    "betaalbaarheid",
    "beschikbaarheid",
    "duurzaamheid",
    "kwaliteit",
    "leefbaarheid",
    "zorg",
    "prioriteiten",
    "participatie",
)


def prepare(app, responses: int) -> int:
    """The benchmark survey with its questions on themes; returns its id."""
    from consult.extensions import db
    from surveys.models import Question

    survey_id = setup(app, responses, max(25_000, responses * 5 // 4))
    with app.app_context():
        questions = db.session.scalars(
            db.select(Question).where(Question.survey_id == survey_id).order_by(Question.id)
        ).all()
        for n, question in enumerate(questions):
            question.theme = "prioriteiten" if question.qtype == "ranking" else THEMES[n % 6]
        db.session.commit()
    return survey_id


def measure(app, survey_id: int, folder: Path) -> dict:
    """Make every gemeente's files; seconds, files and bytes."""
    from analysis.papers.make import make_files
    from consult.extensions import db
    from surveys.models import Survey

    with app.app_context():
        ids = [g.id for g in db.session.get(Survey, survey_id).gemeenten]
        clock = time.perf_counter()
        written = size = 0
        for gemeente_id in ids:
            for name, content in make_files(survey_id, gemeente_id).items():
                (folder / name).write_bytes(content)
                written, size = written + 1, size + len(content)
        seconds = time.perf_counter() - clock
        db.session.rollback()
    return {
        "gemeenten": len(ids),
        "files": written,
        "mb": size / 2**20,
        "seconds": seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _run(step: str, url: str, instance: Path, **extra) -> dict:
    command = [sys.executable, "-m", "bench.papers", "--child", step, "--database", url]
    command += ["--instance", str(instance)]
    for name, value in extra.items():
        command += [f"--{name}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Set up the survey, make every paper, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--database", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--child", choices=("setup", "measure"), help=argparse.SUPPRESS)
    parser.add_argument("--instance", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--survey", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        app = _app(args.database, Path(args.instance), None)
        if args.child == "setup":
            print(json.dumps({"survey_id": prepare(app, args.n)}))
        else:
            print(json.dumps(measure(app, args.survey, Path(args.output))))
        return
    print(f"papers benchmark, {datetime.now().date()}, {_machine()}")
    print("load average at start: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{folder}/bench-papers.db"
        instance = Path(folder) / "instance"
        output = Path(folder) / "out"
        instance.mkdir()
        output.mkdir()
        made = _run("setup", url, instance, n=args.responses)
        f = _run("measure", url, instance, survey=made["survey_id"], output=output)
    print(
        f"{args.responses:,} responses, {f['gemeenten']} gemeenten: {f['files']} files "
        f"({f['mb']:.1f} MB) in {f['seconds']:.1f} s "
        f"({f['seconds'] / f['gemeenten']:.1f} s per gemeente); "
        f"peak RSS {f['rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
