"""Benchmark of the household register import: rows per second and peak memory.

Generates a Dutch-Excel CSV (Windows-1252, semicolons, CRLF) with 100 000 households (and
25 000, to show memory stays bounded), imports each into a freshly migrated SQLite database
through the real importer (two passes: check everything, then upsert in batches), imports it
again (every row an update), and prints the figures. With TEST_POSTGRES_URL or
--database-url it also runs on PostgreSQL, in a schema of its own that is dropped afterwards.

    .venv/bin/python -m bench.household_import [--rows 100000 --small 25000]

Each measurement runs in a fresh child process, so peak RSS is that import's alone.
"""

import argparse
import csv
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

HEADER = [
    "Huurcontract",
    "Gemeente",
    "Woonkern",
    "Wijk",
    "Complexnummer",
    "Geb.jaar",
    "Samenstelling",
    "Tenaamstelling",
    "Straatnaam",
    "Huisnr",
    "Toevoeging",
    "Postcode",
    "Woonplaats",
]
TYPES = ["Alleenstaand", "Paar zonder kinderen", "Gezin met kinderen", "Eenoudergezin", "Overig"]
STREETS = ["Lindelaan", "Kastanjestraat", "Beukenhof", "Eikenlaan", "Kérkstraat", "Ëikenhof"]
SUFFIXES = ["", "", "", "", "a", "B", "bis", "-2", "hs"]


def generate_csv(path: Path, rows: int, seed: int = 2027) -> int:
    """Write a corporation export as Dutch Excel saves it; returns the size in bytes."""
    from consult.demo.foundation import GEMEENTEN

    rng = random.Random(seed)
    year = date.today().year
    with path.open("w", encoding="cp1252", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for n in range(1, rows + 1):
            name, code, _a, _h, _homes, kernen, pc, former = rng.choice(GEMEENTEN)
            spelling = rng.choice([name, name.upper(), code, code[2:], *former.split(";")])
            number = rng.randint(1, 250)
            suffix = rng.choice(SUFFIXES)
            inline = rng.random() < 0.3 and suffix
            writer.writerow(
                [
                    f"{n:08d}",
                    spelling or name,
                    rng.choice(kernen),
                    f"Wijk {rng.randint(1, 9)}",
                    f"C{code[2:]}{rng.randint(1, 60):03d}",
                    str(year - rng.randint(20, 95)),
                    rng.choice(TYPES),
                    f"Fam. Jansen-{n}",
                    rng.choice(STREETS),
                    f"{number}{suffix}" if inline else str(number),
                    "" if inline else suffix,
                    f"{pc}{rng.randint(10, 99)}{rng.choice([' ', ''])}"
                    f"{rng.choice(['AB', 'cd', 'Ef', 'GH', 'kl'])}",
                    rng.choice(kernen),
                ]
            )
        writer.writerows([[""] * len(HEADER)] * 3)  # Excel's empty trailing rows
    return path.stat().st_size


def _postgres_schema(url: str, schema: str, create: bool) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        if create:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        else:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def _app(url: str, instance: Path, schema: str | None):
    from consult import create_app

    config = {"CONSULT_ENV": "test", "SQLALCHEMY_DATABASE_URI": url}
    if schema:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"-csearch_path={schema}"}
        }
    os.environ["CONSULT_INSTANCE_PATH"] = str(instance)
    return create_app(config)


def _setup_register(app) -> int:
    """Migrate, then add the KMAS gemeenten and the corporation; returns its id."""
    from flask_migrate import upgrade

    from consult.demo.foundation import GEMEENTEN
    from consult.extensions import db
    from consult.gemeenten.models import Corporation, Gemeente

    with app.app_context():
        upgrade()
        for name, code, area, ho, homes, _k, _pc, former in GEMEENTEN:
            db.session.add(
                Gemeente(
                    name=name,
                    cbs_code=code,
                    werkgebied=area,
                    huurdersorganisatie=ho,
                    rental_homes=homes,
                    former_names=former or None,
                )
            )
        corporation = Corporation(name="Mooiland")
        db.session.add(corporation)
        db.session.commit()
        return corporation.id


def _timed_import(app, path: Path, corporation_id: int, trace: bool) -> dict:
    from consult.extensions import db
    from consult.gemeenten.models import Corporation
    from consult.households.importer import import_households
    from consult.households.mapping import guess_mapping
    from consult.households.reader import open_table

    with app.app_context():
        corporation = db.session.get(Corporation, corporation_id)
        mapping = guess_mapping(open_table(path).headers)
        if trace:
            tracemalloc.start()
        started, cpu_started = time.perf_counter(), time.process_time()
        report = import_households(path, corporation=corporation, mapping=mapping, source="bench")
        db.session.commit()
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        peak = tracemalloc.get_traced_memory()[1] if trace else None
        if trace:
            tracemalloc.stop()
        assert report.ok, report.errors[:5]
        return {
            "seconds": seconds,
            "cpu": cpu,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "heap_peak": peak,
        }


def child(args) -> None:
    """One measurement in this (fresh) process; prints JSON."""
    schema = args.schema
    if schema:
        _postgres_schema(args.database_url, schema, create=True)
    try:
        app = _app(args.database_url, Path(args.instance), schema)
        corporation_id = _setup_register(app)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        first = _timed_import(app, Path(args.csv), corporation_id, args.trace)
        again = _timed_import(app, Path(args.csv), corporation_id, args.trace)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            json.dumps(
                {"first": first, "again": again, "rss_before": rss_before, "rss_after": rss_after}
            )
        )
    finally:
        if schema:
            from consult.extensions import db

            with app.app_context():
                db.engine.dispose()
            _postgres_schema(args.database_url, schema, create=False)


def _measure(csv_path: Path, url: str, workdir: Path, trace: bool, schema: str | None) -> dict:
    instance = workdir / f"instance-{time.monotonic_ns()}"
    instance.mkdir()
    command = [sys.executable, "-m", "bench.household_import", "--child", "--csv", str(csv_path)]
    command += ["--database-url", url, "--instance", str(instance)]
    command += ["--trace"] if trace else []
    command += ["--schema", schema] if schema else []
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"measurement failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}"


def _print_result(label: str, rows: int, size: int, result: dict, traced: dict | None) -> None:
    first, again = result["first"], result["again"]
    delta_mb = (result["rss_after"] - result["rss_before"]) / 1024
    if traced:
        heaps = [traced[k]["heap_peak"] / 2**20 for k in ("first", "again")]
        heap = f"Python heap peak {heaps[0]:5.1f} / {heaps[1]:5.1f} MB"
    else:
        heap = ""
    print(f"{label:<10} {rows:>7,} rows, {size / 2**20:4.1f} MB CSV")
    for name, run in (("new", first), ("again", again)):
        print(
            f"  {name:<6} {run['seconds']:6.2f} s wall = {rows / run['seconds']:>7,.0f} rows/s"
            f"   ({run['cpu']:5.2f} s CPU in this process = {rows / run['cpu']:>7,.0f} rows/s)"
        )
    print(
        f"  peak RSS {result['rss_after'] / 1024:6.1f} MB (+{delta_mb:5.1f} MB during the two "
        f"imports)   {heap}"
    )


def main() -> None:
    """Generate the files, measure every size on every database, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=25_000)
    parser.add_argument("--database-url", default=os.environ.get("TEST_POSTGRES_URL"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--instance", help=argparse.SUPPRESS)
    parser.add_argument("--schema", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"household import benchmark, {date.today().isoformat()}, {_machine()}")
    print(f"load average at start: {load} (other processes share these cores)")
    with tempfile.TemporaryDirectory(prefix="household-bench-") as tmp:
        workdir = Path(tmp)
        for rows in sorted({args.small, args.rows}):
            csv_path = workdir / f"huishoudens-{rows}.csv"
            size = generate_csv(csv_path, rows)
            sqlite_url = f"sqlite:///{workdir}/bench-{rows}.db"
            result = _measure(csv_path, sqlite_url, workdir, False, None)
            traced = _measure(csv_path, f"sqlite:///{workdir}/trace-{rows}.db", workdir, True, None)
            _print_result("SQLite", rows, size, result, traced)
            if args.database_url:
                schema = f"bench_households_{os.getpid()}_{rows}"
                result = _measure(csv_path, args.database_url, workdir, False, schema)
                _print_result("PostgreSQL", rows, size, result, None)
    if not args.database_url:
        print("PostgreSQL skipped: set TEST_POSTGRES_URL or pass --database-url.")


if __name__ == "__main__":
    main()
