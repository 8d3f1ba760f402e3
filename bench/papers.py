"""Benchmark of position papers: DOCX + PDF + meeting pack (slides and chart zip) for every
gemeente of a 10 000-response survey, in one process, with total seconds and peak memory.

The survey is the synthetic one of ``bench.analysis`` (40 questions, 12 KMAS gemeenten ...
in fact every gemeente of the demo list), its questions spread over the themes. Data are
written in one child process; the papers are made in a fresh child process so that its peak
memory is its own. The chart cache starts empty: every chart is drawn.

    .venv/bin/python -m bench.papers [--responses 10000] [--database URL] [--jobs N]
                                     [--survey ID]

``--jobs N`` makes the gemeenten in N worker processes (as ``flask papers make --all
--jobs N``); the default, as there, is one per core (at most four). ``--survey ID`` with
``--database URL`` measures a survey set up before (by an earlier run with ``--keep``), so
that several measurements share one data set.

Printed: total wall seconds; total CPU seconds of the process that makes the papers and its
workers (user + system, from ``resource.getrusage``: less sensitive to other load on a shared
machine than the wall clock); seconds per gemeente; the peak RSS of the making process and,
with workers, the largest peak of one worker.
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
        if db.engine.dialect.name == "postgresql":  # settle the bulk load as a server would
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
    return survey_id


def _cpu(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure(app, survey_id: int, folder: Path, jobs: int) -> dict:
    """Make every gemeente's files; seconds, CPU seconds, files, bytes and peak memory."""
    from analysis.papers.make import write_all
    from consult.extensions import db
    from surveys.models import Response, Survey

    with app.app_context():
        ids = [g.id for g in db.session.get(Survey, survey_id).gemeenten]
        responses = db.session.scalar(
            db.select(db.func.count()).where(Response.survey_id == survey_id)
        )
        db.session.rollback()
        cpu = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
        clock = time.perf_counter()
        written = write_all(survey_id, ids, folder, jobs=jobs)
        seconds = time.perf_counter() - clock
        cpu = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN) - cpu
    size = sum(path.stat().st_size for path in written)
    return {
        "gemeenten": len(ids),
        "responses": responses,
        "files": len(written),
        "mb": size / 2**20,
        "seconds": seconds,
        "cpu": cpu,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if jobs > 1
        else None,
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
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: one per core, at most 4)"
    )
    parser.add_argument("--survey", type=int, help="measure this survey of --database")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file, say where")
    parser.add_argument("--child", choices=("setup", "measure"), help=argparse.SUPPRESS)
    parser.add_argument("--instance", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.jobs = args.jobs or 1
        app = _app(args.database, Path(args.instance), None)
        if args.child == "setup":
            print(json.dumps({"survey_id": prepare(app, args.n)}))
        else:
            print(json.dumps(measure(app, args.survey, Path(args.output), args.jobs)))
        return
    if args.jobs is None:
        from analysis.papers.make import default_jobs

        args.jobs = default_jobs()
    if args.survey is not None and args.database is None:
        sys.exit("--survey needs --database")
    print(f"papers benchmark, {datetime.now().date()}, {_machine()}")
    print("load average at start: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    keep = Path(tempfile.mkdtemp(prefix="bench-papers-")) if args.keep else None
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{keep or folder}/bench-papers.db"
        instance = Path(folder) / "instance"
        output = Path(folder) / "out"
        instance.mkdir()
        output.mkdir()
        survey_id = args.survey
        if survey_id is None:
            survey_id = _run("setup", url, instance, n=args.responses)["survey_id"]
        if keep:
            print(f"data kept: --database {url} --survey {survey_id}")
        f = _run("measure", url, instance, survey=survey_id, output=output, jobs=args.jobs)
    workers = f", largest worker {f['worker_rss_mb']:.0f} MB" if f["worker_rss_mb"] else ""
    print(
        f"survey {survey_id} ({f['responses']:,} responses), {f['gemeenten']} gemeenten, "
        f"{args.jobs} process(es): {f['files']} files ({f['mb']:.1f} MB)"
    )
    print(
        f"  total {f['seconds']:.1f} s wall, {f['cpu']:.1f} s CPU; per gemeente "
        f"{f['seconds'] / f['gemeenten']:.2f} s wall, {f['cpu'] / f['gemeenten']:.2f} s CPU"
    )
    print(f"  peak RSS {f['rss_mb']:.0f} MB (making process){workers}")
    print("load average at end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
