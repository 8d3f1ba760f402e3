"""Benchmark of the results: reading, every per-gemeente table, XLSX and SPSS exports.

A synthetic survey of 40 questions (10 Likert, 6 single choice, 4 yes/no, 4 grades,
3 numbers, 4 multiple choice, 2 rankings, 3 matrices of 5 statements, 4 open) in the 12 KMAS
gemeenten, 25 000 households and 10 000 responses, and again 100 000 responses (then with
125 000 households, as each household answers once). The data are written with bulk inserts
in one child process; each measurement runs in a fresh child process so that its peak memory
is its own. SQLite always; PostgreSQL with ``--database URL`` (or TEST_POSTGRES_URL), in a
schema of its own that is dropped afterwards.

    .venv/bin/python -m bench.analysis [--responses 10000 100000] [--database URL]
"""

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

MIX = [("likert5", 10), ("single", 6), ("yesno", 4), ("grade", 4), ("number", 3)] + [
    ("multiple", 4),
    ("ranking", 2),
    ("matrix", 3),
    ("open", 4),
]
AGE_BANDS = ("<35", "35-54", "55-64", "65-74", "75+", None)
TYPES = ("alleenstaand", "paar", "gezin", "eenoudergezin", "overig", None)
CHUNK = 20_000


def _app(url: str, instance: Path, schema: str | None):
    from consult import create_app

    config = {"CONSULT_ENV": "test", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False}
    if schema:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"-csearch_path={schema}"}
        }
    os.environ["CONSULT_INSTANCE_PATH"] = str(instance)
    return create_app(config)


def _postgres_schema(url: str, schema: str, create: bool) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        verb = (
            f'CREATE SCHEMA "{schema}"' if create else f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'
        )
        conn.execute(text(verb))
    engine.dispose()


def _questions():
    """(key, qtype, options, settings) for the 40 questions."""
    from surveys.qtypes.likert5 import scale_options

    dk = {"code": "dk", "labels": {"nl": "Weet ik niet"}, "dont_know": True}
    choices = [{"code": c, "labels": {"nl": f"Keuze {c}"}} for c in "abcde"]
    rows = [{"code": f"r{n}", "labels": {"nl": f"Stelling {n}"}} for n in range(1, 6)]
    specs = []
    for qtype, count in MIX:
        for n in range(count):
            key = f"{qtype}_{n + 1}"
            if qtype in ("likert5", "matrix"):
                options = scale_options("agree")
            elif qtype == "yesno":
                options = [
                    {"code": "ja", "labels": {"nl": "Ja"}},
                    {"code": "nee", "labels": {"nl": "Nee"}},
                    dk,
                ]
            elif qtype in ("grade", "number"):
                options = [dk]
            elif qtype == "open":
                options = []
            else:
                options = choices + [dk]
            settings = {"rows": rows} if qtype == "matrix" else {}
            settings |= {"top_n": 3} if qtype == "ranking" else {}
            settings |= {"min": 0, "max": 600} if qtype == "number" else {}
            specs.append((key, qtype, options, settings))
    return specs


def _value(qtype: str, rnd: random.Random, bias: float):
    if qtype == "likert5":
        return "dk" if rnd.random() < 0.05 else str(min(5, max(1, round(rnd.gauss(3 + bias, 1.1)))))
    if qtype == "single":
        return rnd.choice("abcdea") if rnd.random() > 0.04 else "dk"
    if qtype == "yesno":
        return "ja" if rnd.random() < 0.5 + bias / 4 else rnd.choice(("nee", "nee", "dk"))
    if qtype == "grade":
        return min(10, max(1, round(rnd.gauss(7 + bias, 1.4))))
    if qtype == "number":
        return rnd.randint(0, 120)
    if qtype == "multiple":
        return sorted(rnd.sample("abcde", rnd.randint(1, 3)))
    if qtype == "ranking":
        return rnd.sample("abcde", 3)
    if qtype == "matrix":
        return {f"r{n}": str(rnd.randint(1, 5)) for n in range(1, 6) if rnd.random() > 0.05}
    return "Meer groen in de wijk en betere bushaltes." if rnd.random() < 0.3 else None


def setup(app, responses: int, households: int) -> int:
    """Migrate and write the synthetic register, survey and responses; returns the survey id."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from consult.demo.foundation import GEMEENTEN
    from consult.extensions import db
    from consult.gemeenten.models import Corporation, Gemeente
    from consult.households.models import Household
    from surveys.models import Answer, Question, Response, Section, Survey, SurveyStatus

    rnd = random.Random(2027)
    with app.app_context():
        upgrade()
        gemeenten = [
            Gemeente(name=name, cbs_code=code, werkgebied=area, rental_homes=homes)
            for name, code, area, _ho, homes, _k, _pc, _former in GEMEENTEN
        ]
        corporation = Corporation(name="Mooiland")
        survey = Survey(title={"nl": "Benchmark"}, year=2027, status=SurveyStatus.CLOSED)
        survey.gemeenten = gemeenten
        section = Section(survey=survey, position=0, title={"nl": "Alles"})
        db.session.add_all([*gemeenten, corporation, survey, section])
        questions = [
            Question(
                survey=survey,
                section=section,
                position=n,
                key=key,
                qtype=qtype,
                texts={"nl": {"text": f"Vraag {key}?"}},
                options=options,
                settings=settings,
            )
            for n, (key, qtype, options, settings) in enumerate(_questions())
        ]
        db.session.add_all(questions)
        db.session.commit()
        ids = [g.id for g in gemeenten]
        sizes = [g.rental_homes or 1000 for g in gemeenten]
        conn = db.session.connection()
        rows = [
            {
                "corporation_id": corporation.id,
                "gemeente_id": rnd.choices(ids, sizes)[0],
                "external_ref": f"B{n:08d}",
                "age_band": rnd.choice(AGE_BANDS),
                "household_type": rnd.choice(TYPES),
            }
            for n in range(households)
        ]
        for start in range(0, len(rows), CHUNK):
            conn.execute(insert(Household.__table__), rows[start : start + CHUNK])
        db.session.commit()
        household_ids = db.session.scalars(db.select(Household.id).order_by(Household.id)).all()
        conn = db.session.connection()
        chosen = rnd.sample(household_ids, responses)
        start_at = datetime(2027, 2, 1, tzinfo=UTC)
        specs = [(q.id, q.qtype) for q in questions]
        for first in range(0, responses, CHUNK // 40):
            batch = chosen[first : first + CHUNK // 40]
            result = conn.execute(
                insert(Response.__table__).returning(
                    Response.__table__.c.id, sort_by_parameter_order=True
                ),
                [
                    {
                        "survey_id": survey.id,
                        "household_id": h,
                        "status": "submitted",
                        "channel": rnd.choice(("online", "online", "keyed")),
                        "population": "tenant",
                        "counts": True,
                        "language": "nl",
                        "submitted_at": start_at + timedelta(minutes=rnd.randint(0, 40000)),
                    }
                    for h in batch
                ],
            )
            answers = []
            for response_id, _h in zip(result.scalars(), batch, strict=True):
                bias = rnd.gauss(0, 0.5)
                for question_id, qtype in specs:
                    value = _value(qtype, rnd, bias)
                    if value is not None and rnd.random() > 0.03:
                        answers.append(
                            {
                                "response_id": response_id,
                                "question_id": question_id,
                                "value": value,
                                "state": "answered",
                            }
                        )
            conn.execute(insert(Answer.__table__), answers)
        db.session.commit()
        return survey.id


def measure(app, survey_id: int) -> dict:
    """Time reading, every per-gemeente table (and the weighted koepel table), the exports."""
    from analysis import aggregate, data, exports, weights
    from consult.extensions import db

    figures = {}
    with app.app_context():
        clock = time.perf_counter()
        meta = data.questions(survey_id)
        people = data.respondents(survey_id)
        answers = data.answers(survey_id, meta=meta)
        register = data.register(survey_id)
        population = data.population(survey_id)
        figures["read"] = time.perf_counter() - clock
        figures["answers"] = len(answers)
        clock = time.perf_counter()
        tenants = aggregate.select_respondents(people)
        for gemeente_id in population["gemeente_id"]:
            ids = tenants.loc[tenants["gemeente_id"] == gemeente_id, "response_id"]
            size = aggregate.population_size(register, gemeente_ids=[gemeente_id])
            aggregate.survey_tables(meta, answers, ids, size)
        figures["tables"] = time.perf_counter() - clock
        clock = time.perf_counter()
        w = weights.weight_series(weights.poststratify(people, register))
        aggregate.survey_tables(meta, answers, tenants["response_id"], None, w)
        aggregate.response_rates(population)
        figures["koepel_weighted"] = time.perf_counter() - clock
        for fmt in ("xlsx", "sav"):
            clock = time.perf_counter()
            content, _name = exports.export_responses(survey_id, fmt, admin=True)
            figures[fmt] = time.perf_counter() - clock
            figures[f"{fmt}_mb"] = len(content) / 2**20
        db.session.rollback()
    figures |= pages(app, survey_id)
    figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def _median_ms(client, url: str, repeat: int = 5) -> float:
    """Median time of a warm GET of one page (first request not counted)."""
    first = client.get(url)
    if first.status_code != 200:
        sys.exit(f"{url} answered {first.status_code}")
    times = []
    for _ in range(repeat):
        clock = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - clock)
    return sorted(times)[len(times) // 2] * 1000


def pages(app, survey_id: int) -> dict:
    """Warm page times through the real app for a board member of the largest gemeente, the
    same pages for an administrator over the whole koepel, and every chart of one gemeente."""
    from flask import current_app

    from analysis import charts, dashboard, figures, suppress
    from analysis.style import SIZES
    from consult.extensions import db
    from consult.gemeenten.models import Gemeente
    from consult.users.models import User
    from surveys.models import Question, Survey

    password = "Bench-Pages-2027"  # noqa: S105 (two throwaway users of a benchmark database)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        largest = max(survey.gemeenten, key=lambda g: g.rental_homes or 0)
        board = User(email="bestuur@bench.example", name="Bestuur", role="bestuur")
        admin = User(email="beheer@bench.example", name="Beheer", role="admin")
        for user in (board, admin):
            user.set_password(password)
        board.gemeenten = [largest]
        db.session.add_all([board, admin])
        db.session.commit()
        keys = {q.key: q.id for q in db.session.scalars(db.select(Question))}
        gemeente = largest.id
    base = f"/resultaten/{survey_id}"
    urls = {
        "survey page": base,
        "Likert question page": f"{base}/vraag/{keys['likert5_1']}",
        "matrix question page": f"{base}/vraag/{keys['matrix_1']}",
        "Likert chart (PNG)": f"{base}/vraag/{keys['likert5_1']}/grafiek.png",
    }
    found = {}
    for who, email, query in (
        ("gemeente", "bestuur@bench.example", ""),
        ("koepel", "beheer@bench.example", ""),
    ):
        client = app.test_client()
        signed = client.post("/login", data={"email": email, "password": password})
        if signed.status_code != 302:
            sys.exit("bench user could not sign in")
        for label, url in urls.items():
            found[f"{who}: {label}"] = _median_ms(client, url + query)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        selection = dashboard.Selection(scope=[gemeente], gemeente_id=gemeente)
        rule = suppress.rule_from_config(current_app.config)
        clock = time.perf_counter()
        drawn = 0
        for figure in figures.survey_figures(survey, selection, rule, admin=False):
            fig = charts.CHARTS[figure.kind](figure.table, size=SIZES["document"], **figure.options)
            charts.to_png(fig, SIZES["document"])
            drawn += 1
        found["charts of one gemeente"] = time.perf_counter() - clock
        found["charts drawn"] = drawn
        found["gemeente"] = db.session.get(Gemeente, gemeente).name
        db.session.rollback()
    return {"pages": found}


def child(args) -> None:
    """Run one step (setup or measure) in this process and print its figures as JSON."""
    app = _app(args.database, Path(args.instance), args.schema)
    if args.child == "setup":
        clock = time.perf_counter()
        survey_id = setup(app, args.n, args.households)
        print(json.dumps({"survey_id": survey_id, "seconds": time.perf_counter() - clock}))
    else:
        print(json.dumps(measure(app, args.survey)))


def _run(step: str, url: str, instance: Path, schema: str | None, **extra) -> dict:
    command = [sys.executable, "-m", "bench.analysis", "--child", step, "--database", url]
    command += ["--instance", str(instance)] + (["--schema", schema] if schema else [])
    for name, value in extra.items():
        command += [f"--{name}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}"


def main() -> None:
    """Set up and measure every size on every database; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database", default=os.environ.get("TEST_POSTGRES_URL"))
    parser.add_argument("--child", choices=("setup", "measure"), help=argparse.SUPPRESS)
    parser.add_argument("--instance", help=argparse.SUPPRESS)
    parser.add_argument("--schema", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--households", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--survey", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    print(f"results benchmark, {datetime.now().date()}, {_machine()}")
    print("load average at start: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as folder:
        for n in args.responses:
            households = max(25_000, n * 5 // 4)
            targets = [("SQLite", f"sqlite:///{folder}/bench-{n}.db", None)]
            if args.database:
                targets.append(("PostgreSQL", args.database, f"bench_results_{os.getpid()}_{n}"))
            for label, url, schema in targets:
                instance = Path(folder) / f"instance-{label}-{n}"
                instance.mkdir()
                if schema:
                    _postgres_schema(url, schema, create=True)
                try:
                    made = _run("setup", url, instance, schema, n=n, households=households)
                    f = _run("measure", url, instance, schema, survey=made["survey_id"])
                finally:
                    if schema:
                        _postgres_schema(url, schema, create=False)
                print(
                    f"{label:<10} {n:>7,} responses, {households:,} households, "
                    f"{f['answers']:,} answer rows (data written in {made['seconds']:.0f} s)\n"
                    f"  read (5 queries)                 {f['read']:6.2f} s\n"
                    f"  every per-gemeente table (12)    {f['tables']:6.2f} s\n"
                    f"  koepel weighted table + rates    {f['koepel_weighted']:6.2f} s\n"
                    f"  XLSX export (read + write)   {f['xlsx']:6.2f} s  {f['xlsx_mb']:5.1f} MB\n"
                    f"  SPSS export (read + write)   {f['sav']:6.2f} s  {f['sav_mb']:5.1f} MB\n"
                    f"  peak RSS of the measuring process {f['rss_mb']:6.1f} MB",
                    flush=True,
                )
                p = f["pages"]
                drawn = p.pop("charts drawn")
                seconds = p.pop("charts of one gemeente")
                who = p.pop("gemeente")
                print(f"  pages, warm, median of 5 (gemeente: a board member of {who};")
                print("  koepel: an administrator, all gemeenten, weighted)")
                for label, ms in p.items():
                    print(f"    {label:<38} {ms:7.0f} ms")
                print(f"    all {drawn} charts of that gemeente (PNG) {seconds:6.2f} s", flush=True)


if __name__ == "__main__":
    main()
