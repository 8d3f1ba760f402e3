"""Load benchmark of online answering: many tenants doing the whole journey on gunicorn.

For each database (SQLite always; PostgreSQL with --database-url or TEST_POSTGRES_URL, in a
schema of its own that is dropped afterwards) it:

1. migrates a fresh database and builds the demo survey (39 questions, 42 pages) with one
   invitation code per simulated tenant;
2. starts gunicorn on 127.0.0.1 (production settings; gthread, 2 workers x 4 threads by
   default, for 2 cores) and lets --concurrency tenants at a time each do the whole journey:
   code page, code, start page, every question page (GET, then POST of an answer), check
   page, send, confirmation; the run stops by itself after --tenants journeys or --seconds;
3. times making invitation codes for --codes (25 000) more households in bulk;
4. reports completed journeys/s, requests/s, request latency p50/p95/p99 and errors, and
   checks in the database that every answer acknowledged to a tenant (a redirect to the next
   page) is stored and every confirmed journey is sent;
5. in the same run, serves a minimal Flask handler that inserts one row with the same server
   settings, drives it with the same concurrency, and reports our request throughput as a
   ratio of it (target >= 0.3).

Rate limits are switched off for the run (all simulated tenants share one address).

    .venv/bin/python -m bench.respondent_load [--tenants 120 --concurrency 16]
        [--database-url postgresql+psycopg://user:pass@127.0.0.1/scratch_db]
"""

import argparse
import http.client
import json
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
QUESTION_FORM = re.compile(r'<form method="post" action="(/vragenlijst/vraag/[^"]+)"')
RADIO_VALUES = re.compile(r'type="radio" id="[^"]+" name="answer" value="([^"]+)"')
CHECKBOX_VALUES = re.compile(r'type="checkbox" id="[^"]+" name="answer" value="([^"]+)"')
RANKS = re.compile(r'<select id="(rank-[^"]+)"')
QUESTION_ID = re.compile(r"/vraag/(\d+)")


# -- the application side (run in child processes with the benchmark's environment) -----


def setup_survey(tenants: int) -> dict:
    """Build the demo survey with `tenants` invited households; returns its id and codes."""
    from datetime import timedelta

    from sqlalchemy import select

    from consult import create_app
    from consult.extensions import db
    from surveys.builder import demo
    from surveys.invitations import operations as invitations
    from surveys.invitations.models import Invitation
    from surveys.models import Survey, SurveyStatus
    from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory

    app = create_app()
    with app.app_context():
        gemeente, corporation = GemeenteFactory(name="Bernheze"), CorporationFactory()
        for _ in range(tenants):
            HouseholdFactory(gemeente=gemeente, corporation=corporation)
        demo.load(seed=1, echo=lambda *_: None)
        survey = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.OPEN))
        today = date.today()
        survey.opens_on, survey.closes_on = today - timedelta(days=1), today + timedelta(days=30)
        invitations.create_invitations(survey)
        rows = db.session.scalars(select(Invitation).order_by(Invitation.id))
        codes = [invitations.clear_code(i) for i in rows]
        db.session.commit()
        return {"survey_id": survey.id, "codes": codes}


def time_code_creation(households: int) -> dict:
    """Seconds to make codes for `households` new households (bulk, as the web and CLI do)."""
    from sqlalchemy import insert, select

    from consult import create_app
    from consult.database import utcnow
    from consult.extensions import db
    from consult.households.models import Household
    from surveys.invitations import operations as invitations
    from surveys.models import Survey, SurveyStatus
    from tests.factories import CorporationFactory, GemeenteFactory

    app = create_app()
    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.OPEN))
        gemeente = GemeenteFactory(name="Codestad", cbs_code="GM8999")
        corporation = CorporationFactory(name="Codecorporatie")
        survey.gemeenten = [*survey.gemeenten, gemeente]
        now = utcnow()
        rows = [
            {
                "corporation_id": corporation.id,
                "gemeente_id": gemeente.id,
                "external_ref": f"B{n:07d}",
                "imported_at": now,
                "active": True,
                "synthetic": True,
            }
            for n in range(households)
        ]
        db.session.execute(insert(Household), rows)
        db.session.commit()
        started = time.perf_counter()
        made = invitations.create_invitations(survey, gemeente_ids=[gemeente.id])
        db.session.commit()
        return {"codes": made, "seconds": round(time.perf_counter() - started, 2)}


def stored_answers(survey_id: int, codes: list[str]) -> dict:
    """Per code: the question ids with a stored answer, and whether the response is sent."""
    from sqlalchemy import select

    from consult import create_app
    from consult.extensions import db
    from surveys.invitations.operations import find_invitation
    from surveys.models import Answer, Response, ResponseStatus

    app = create_app()
    result = {}
    with app.app_context():
        for code in codes:
            invitation = find_invitation(code)
            response = db.session.scalar(
                select(Response).where(
                    Response.survey_id == survey_id,
                    Response.household_id == invitation.household_id,
                )
            )
            if response is None:
                result[code] = {"questions": [], "sent": False}
                continue
            questions = db.session.scalars(
                select(Answer.question_id).where(Answer.response_id == response.id)
            ).all()
            result[code] = {
                "questions": list(questions),
                "sent": response.status == ResponseStatus.SUBMITTED,
            }
    return result


def create_rows_table(url: str) -> None:
    """The table the minimal handler inserts into."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    MINIMAL_METADATA.create_all(engine)
    engine.dispose()


def _minimal_table():
    from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table

    metadata = MetaData()
    table = Table(
        "bench_rows",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("value", String(200)),
        Column("created_at", DateTime(timezone=True)),
    )
    return metadata, table


MINIMAL_METADATA, MINIMAL_TABLE = _minimal_table()


def minimal_app():
    """A minimal Flask app: POST /row inserts one row (persistent pooled connections)."""
    from datetime import UTC, datetime

    from flask import Flask, request
    from sqlalchemy import create_engine, event, insert

    from consult.config import database_url, engine_options

    url = database_url(os.environ.get("CONSULT_INSTANCE_PATH", "."))
    engine = create_engine(url, **engine_options(url))

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # the same SQLite settings as the application
        if url.startswith("sqlite"):
            cursor = dbapi_connection.cursor()
            for pragma in ("journal_mode=WAL", "busy_timeout=15000", "synchronous=NORMAL"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

    app = Flask(__name__)

    @app.post("/row")
    def row():
        with engine.begin() as conn:
            conn.execute(
                insert(MINIMAL_TABLE).values(
                    value=request.form.get("value", ""), created_at=datetime.now(UTC)
                )
            )
        return "ok"

    return app


# -- the tenant side: HTTP over loopback ---------------------------------------------------


class Browser:
    """One tenant's browser: a keep-alive connection and the session cookie."""

    def __init__(self, port: int, stats: "Stats"):
        self.port, self.stats = port, stats
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None):
        body = None
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if form is not None:
            body = "&".join(
                f"{quote(k)}={quote(str(v))}"
                for k, values in form.items()
                for v in (values if isinstance(values, list) else [values])
            )
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode()
        except (OSError, http.client.HTTPException) as exc:
            self.stats.error(f"{method} {path}: {type(exc).__name__}")
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return None, "", ""
        self.stats.latency(time.perf_counter() - started)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("consult_session="):
                self.cookie = value.split(";", 1)[0]
        if response.status >= 400:
            self.stats.error(f"{method} {path}: HTTP {response.status}")
        return response.status, response.getheader("Location") or "", text

    def close(self):
        self.conn.close()


class Stats:
    """Latencies and errors from all threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def latency(self, seconds: float):
        with self.lock:
            self.latencies.append(seconds)

    def error(self, message: str):
        with self.lock:
            self.errors.append(message)


def _answer(html: str, rng: random.Random) -> dict:
    if "<textarea" in html:
        return {"answer": "Meer groen en betere isolatie"}
    ranks = RANKS.findall(html)
    if ranks:
        return {name: str(i + 1) for i, name in enumerate(rng.sample(ranks, min(3, len(ranks))))}
    if 'class="number-input"' in html:
        return {"answer": str(rng.randint(1, 60))}
    boxes = CHECKBOX_VALUES.findall(html)
    if boxes:
        return {"answer": [boxes[0]]}
    radios = [v for v in RADIO_VALUES.findall(html) if v not in ("dk", "nz")]
    return {"answer": rng.choice(radios)}


def journey(port: int, code: str, stats: Stats, seed: int) -> dict:
    """One tenant from the code page to the confirmation; what was acknowledged."""
    rng = random.Random(seed)
    browser = Browser(port, stats)
    acknowledged: set[int] = set()
    try:
        _status, _loc, html = browser.request("GET", "/")
        token = TOKEN.search(html).group(1)
        status, location, _ = browser.request("POST", "/code", {"code": code, "csrf_token": token})
        if status != 302:
            return {"code": code, "acknowledged": [], "sent": False}
        browser.request("GET", location)
        status, location, _ = browser.request("POST", "/vragenlijst", {"csrf_token": token})
        while status == 302 and "/vraag/" in location:
            _s, _l, html = browser.request("GET", location)
            action = QUESTION_FORM.search(html)
            if action is None:
                stats.error(f"no question form at {location}")
                break
            form = {"csrf_token": token, **_answer(html, rng)}
            status, following, _ = browser.request("POST", action.group(1), form)
            if status == 302 and following != location:
                acknowledged.add(int(QUESTION_ID.search(location).group(1)))
            location = following
        browser.request("GET", "/vragenlijst/controleren")
        status, location, _ = browser.request(
            "POST", "/vragenlijst/versturen", {"csrf_token": token}
        )
        sent = status == 302 and location.endswith("/vragenlijst/verstuurd")
        if sent:
            final, _l, page = browser.request("GET", location)
            sent = final == 200 and "Bedankt" in page
        return {"code": code, "acknowledged": sorted(acknowledged), "sent": sent}
    finally:
        browser.close()


def drive(port: int, codes: list[str], concurrency: int, seconds: float) -> dict:
    """Run the journeys, at most `concurrency` at a time, until done or out of time."""
    stats = Stats()
    deadline = time.perf_counter() + seconds
    results = []
    started = time.perf_counter()

    def one(index_code):
        index, code = index_code
        if time.perf_counter() > deadline:
            return None
        return journey(port, code, stats, index)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for result in pool.map(one, enumerate(codes)):
            if result is not None:
                results.append(result)
    elapsed = time.perf_counter() - started
    return {"results": results, "stats": stats, "elapsed": elapsed}


def hammer(port: int, requests: int, concurrency: int) -> dict:
    """The minimal handler: POST /row as fast as `concurrency` clients can."""
    stats = Stats()
    per_client = max(1, requests // concurrency)

    def client(number):
        browser = Browser(port, stats)
        for i in range(per_client):
            browser.request("POST", "/row", {"value": f"{number}-{i}"})
        browser.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(client, range(concurrency)))
    elapsed = time.perf_counter() - started
    return {"requests": per_client * concurrency, "elapsed": elapsed, "stats": stats}


# -- orchestration -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _child(env: dict, *args: str) -> dict:
    result = subprocess.run(
        [str(BIN / "python"), "-m", "bench.respondent_load", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        input=None,
    )
    if result.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _gunicorn(env: dict, target: str, port: int, workers: int, threads: int):
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
            target,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                time.sleep(0.5)  # let every worker finish importing
                return process
        except OSError:
            time.sleep(0.2)
    _stop(process)
    raise SystemExit("gunicorn did not start")


def _stop(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _server_cpu(process) -> float:
    """CPU seconds used so far by a gunicorn master and its workers (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == process.pid or ppid == process.pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] * 1000


def run_database(kind: str, url: str, workdir: Path, args) -> dict:
    """The whole measurement on one database."""
    instance = workdir / kind
    instance.mkdir()
    env = dict(
        os.environ,
        CONSULT_ENV="production",
        SECRET_KEY="bench-secret-key-" + "x" * 32,
        CODE_SECRET="bench-code-secret-" + "y" * 32,
        COOKIE_SECURE="0",
        RATELIMIT_ENABLED="0",
        DATABASE_URL=url,
        CONSULT_INSTANCE_PATH=str(instance),
        PYTHONPATH=str(ROOT),
    )
    subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    setup = _child(env, "--setup", str(args.tenants))
    code_creation = _child(env, "--codes-child", str(args.codes)) if args.codes else None
    _child(env, "--rows-table", url)
    app_port, minimal_port = _free_port(), _free_port()
    server = _gunicorn(env, "wsgi:app", app_port, args.workers, args.threads)
    minimal_server = _gunicorn(
        env, "bench.respondent_load:minimal_app()", minimal_port, args.workers, args.threads
    )
    # Alternate the two measurements in rounds, so that other load on the machine weighs on
    # both alike; the idle server in a round uses no CPU.
    stats, baseline_stats, results = Stats(), Stats(), []
    elapsed = baseline_elapsed = 0.0
    baseline_requests = 0
    app_cpu = minimal_cpu = 0.0
    deadline = time.perf_counter() + args.seconds
    chunks = [setup["codes"][i :: args.rounds] for i in range(args.rounds)]
    try:
        for chunk in chunks:
            if time.perf_counter() > deadline:
                break
            before = _server_cpu(minimal_server)
            burst = hammer(minimal_port, args.minimal_requests // args.rounds, args.concurrency)
            minimal_cpu += _server_cpu(minimal_server) - before
            baseline_requests += burst["requests"]
            baseline_elapsed += burst["elapsed"]
            baseline_stats.errors += burst["stats"].errors
            before = _server_cpu(server)
            run = drive(app_port, chunk, args.concurrency, deadline - time.perf_counter())
            app_cpu += _server_cpu(server) - before
            results += run["results"]
            elapsed += run["elapsed"]
            stats.latencies += run["stats"].latencies
            stats.errors += run["stats"].errors
    finally:
        _stop(server)
        _stop(minimal_server)
    codes = [r["code"] for r in results]
    stored = _child(env, "--stored", str(setup["survey_id"]), json.dumps(codes))
    acknowledged = sum(len(r["acknowledged"]) for r in results)
    missing = sum(
        len(set(r["acknowledged"]) - set(stored[r["code"]]["questions"])) for r in results
    )
    unsent = sum(1 for r in results if r["sent"] and not stored[r["code"]]["sent"])
    completed = sum(1 for r in results if r["sent"])
    requests = len(stats.latencies)
    run = {"elapsed": elapsed}
    baseline = {"requests": baseline_requests, "elapsed": baseline_elapsed, "stats": baseline_stats}
    ours = requests / run["elapsed"] if run["elapsed"] else 0
    minimal = baseline["requests"] / baseline["elapsed"] if baseline["elapsed"] else 0
    return {
        "database": kind,
        "journeys_started": len(results),
        "journeys_completed": completed,
        "seconds": round(run["elapsed"], 1),
        "journeys_per_second": round(completed / run["elapsed"], 2),
        "requests": requests,
        "requests_per_second": round(ours, 1),
        "p50_ms": round(_percentile(stats.latencies, 0.50), 1),
        "p95_ms": round(_percentile(stats.latencies, 0.95), 1),
        "p99_ms": round(_percentile(stats.latencies, 0.99), 1),
        "errors": len(stats.errors),
        "error_examples": stats.errors[:5],
        "answers_acknowledged": acknowledged,
        "answers_missing_in_database": missing,
        "confirmed_but_not_sent": unsent,
        "minimal_requests_per_second": round(minimal, 1),
        "minimal_errors": len(baseline["stats"].errors),
        "ratio_to_minimal": round(ours / minimal, 2) if minimal else None,
        "codes_made": code_creation["codes"] if code_creation else 0,
        "codes_seconds": code_creation["seconds"] if code_creation else None,
        "server_cpu_ms_per_request": round(app_cpu / requests * 1000, 2) if requests else None,
        "minimal_cpu_ms_per_request": round(minimal_cpu / baseline["requests"] * 1000, 2)
        if baseline["requests"]
        else None,
    }


def _postgres(url: str, schema: str, create: bool) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        if create:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        else:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


def _print(results: list[dict], args) -> None:
    cores = os.cpu_count()
    print(
        f"Online answering under load: {platform.node()}, {cores} cores, {date.today()}, "
        f"gunicorn gthread {args.workers}x{args.threads}, {args.concurrency} tenants at a time"
    )
    for r in results:
        print(
            f"{r['database']:<11} {r['journeys_completed']}/{r['journeys_started']} journeys in "
            f"{r['seconds']} s = {r['journeys_per_second']} journeys/s, "
            f"{r['requests_per_second']} req/s; p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, "
            f"p99 {r['p99_ms']} ms; errors {r['errors']}; answers acknowledged "
            f"{r['answers_acknowledged']}, missing {r['answers_missing_in_database']}; "
            f"minimal insert handler {r['minimal_requests_per_second']} req/s; "
            f"ratio {r['ratio_to_minimal']}; server CPU per request "
            f"{r['server_cpu_ms_per_request']} ms (minimal {r['minimal_cpu_ms_per_request']} ms); "
            f"{r['codes_made']} codes made in {r['codes_seconds']} s"
        )
    print(json.dumps({"respondent_load": results}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=120, help="journeys to run (at most)")
    parser.add_argument("--concurrency", type=int, default=16, help="tenants at the same time")
    parser.add_argument("--seconds", type=float, default=240, help="stop starting journeys after")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="alternations with the baseline")
    parser.add_argument("--minimal-requests", type=int, default=6000)
    parser.add_argument("--codes", type=int, default=25_000, help="households to make codes for")
    parser.add_argument("--database-url", default=os.environ.get("TEST_POSTGRES_URL"))
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--stored", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--codes-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--rows-table", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup is not None:
        print(json.dumps(setup_survey(args.setup)))
        return 0
    if args.codes_child is not None:
        print(json.dumps(time_code_creation(args.codes_child)))
        return 0
    if args.stored:
        print(json.dumps(stored_answers(int(args.stored[0]), json.loads(args.stored[1]))))
        return 0
    if args.rows_table:
        from consult.config import database_url

        create_rows_table(database_url(os.environ.get("CONSULT_INSTANCE_PATH", ".")))
        print("{}")
        return 0
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if not args.skip_sqlite:
            url = f"sqlite:///{workdir}/load.db"
            results.append(run_database("SQLite", url, workdir, args))
        if args.database_url:
            schema = f"bench_load_{os.getpid()}"
            scoped = _postgres(args.database_url, schema, create=True)
            try:
                results.append(run_database("PostgreSQL", scoped, workdir, args))
            finally:
                _postgres(args.database_url, schema, create=False)
    _print(results, args)
    bad = any(r["errors"] or r["answers_missing_in_database"] for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
