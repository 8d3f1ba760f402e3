"""Benchmark of scan reading on synthetic scans of the demo form.

Builds a fresh SQLite database with the demo surveys, prints the largest demo form for one
household in normal and large print (11 and 19 pages today), fills in and degrades pages with the
project's generator in three qualities (office, photocopy, rough), stores each page as the
office machine would (office: JPEG; photocopy: 1-bit CCITT G4 TIFF when binarised, else PNG;
rough: JPEG), and reads the files back with ``read_bytes`` (decoding included).

    .venv/bin/python -m bench.omr [--pages 600 --seed 1]

Reports per quality: mark-level accuracy among marks accepted without review, the share of
pages the machine was unsure of ("doubtful": not read, or a doubtful mark; and the share of
those although nothing on them was doubtful), the share of pages the review queue holds
("queue": also pages with written figures or words for a person to type over), pages that
were not read, why pages were doubtful, pages per second at 200 dpi on one process (reading
only: decoding the file, registration, QR, boxes), peak memory and the machine's load.
"""

import argparse
import io
import json
import logging
import os
import platform
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import cv2
import numpy as np


def _forms(instance: Path) -> list[tuple[bytes, dict]]:
    os.environ["CONSULT_INSTANCE_PATH"] = str(instance)
    from flask_migrate import upgrade
    from sqlalchemy import select

    from consult import create_app
    from consult.demo import foundation
    from consult.extensions import db
    from surveys.builder import demo as survey_demo
    from surveys.models import Survey
    from surveys.paper import operations
    from surveys.paper.pdfstream import StreamingCanvas
    from surveys.paper.render import FormPrinter

    logging.disable(logging.INFO)
    app = create_app(
        {
            "CONSULT_ENV": "development",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/bench.db",
            "PUBLIC_URL": "https://raadpleging.kmas.nl",
        }
    )
    forms = []
    with app.app_context():
        upgrade()
        foundation.load(seed=2027, echo=lambda *a: None)
        survey_demo.load(seed=2027, echo=lambda *a: None)
        survey = max(db.session.scalars(select(Survey)), key=lambda s: len(s.ordered_questions()))
        for large in (False, True):
            layout, stored = operations.saved_layout(survey, "nl", large)
            fonts = operations.fonts()
            buffer = io.BytesIO()
            canvas = StreamingCanvas(buffer, initial_font=fonts.regular)
            FormPrinter(layout, fonts, stored.revision).print_copy(canvas, code="ABCD-EFGH-J")
            canvas.save()
            forms.append((buffer.getvalue(), stored.layout))
        db.session.commit()
    return forms


def _store(image: np.ndarray, quality: str, rng) -> tuple[bytes, str]:
    from surveys.scans import synth

    if quality == "photocopy" and len(np.unique(image[::16, ::16])) <= 2:
        return synth.g4_tiff([image]), "tif"
    if quality == "photocopy":
        return cv2.imencode(".png", image)[1].tobytes(), "png"
    level = 90 if quality == "office" else int(rng.integers(55, 80))
    return cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, level])[1].tobytes(), "jpg"


def run(pages: int, seed: int) -> dict:
    """Generate and read the pages; the figures per quality."""
    from surveys.scans import degrade, synth
    from surveys.scans.reading import Layouts, read_bytes

    with tempfile.TemporaryDirectory() as folder:
        forms = _forms(Path(folder))
    layouts = Layouts([layout for _pdf, layout in forms])
    bases = [(synth.form_pages(pdf), layout) for pdf, layout in forms]
    rng = np.random.default_rng(seed)
    results = {"setup_rss_mb": _rss_mb(), "load_before": os.getloadavg()[0]}
    for quality in synth.QUALITIES:
        stats = dict.fromkeys(
            (
                "pages",
                "not_read",
                "review",
                "needless_review",
                "queue",
                "marks",
                "accepted",
                "errors",
            ),
            0,
        )
        reasons: Counter = Counter()
        wrong: Counter = Counter()
        seconds, cpu, marked = 0.0, 0.0, 0
        for index in range(pages // len(synth.QUALITIES)):
            images, layout = bases[index % 2]
            number = int(rng.integers(1, len(images) + 1))
            image = images[number - 1].copy()
            truth = synth.fill_in(image, layout, number, rng, quality)
            scanned, _upside_down, _hidden = degrade.scan(image, rng, quality)
            data, ext = _store(scanned, quality, rng)
            start, start_cpu = time.perf_counter(), time.process_time()
            [reading] = list(read_bytes(data, f"p{index}.{ext}", layouts))
            seconds += time.perf_counter() - start
            cpu += time.process_time() - start_cpu
            stats["pages"] += 1
            stats["queue"] += int(reading.needs_review)
            if reading.status != "read":
                stats["not_read"] += 1
                stats["review"] += 1
                reasons[reading.status] += 1
                continue
            reasons.update({b.reason or b.mark for b in reading.boxes if b.state == "uncertain"})
            doubtful_truth = any("uncertain" in t.accept for t in truth)
            if reading.doubtful:
                stats["review"] += 1
                stats["needless_review"] += int(not doubtful_truth)
            for box, expected in zip(reading.boxes, truth, strict=True):
                stats["marks"] += 1
                marked += int(expected.mark != "none")
                if box.state != "uncertain":
                    stats["accepted"] += 1
                    if box.state not in expected.accept:
                        stats["errors"] += 1
                        wrong[f"{expected.mark} read as {box.state}"] += 1
        stats["accuracy_pct"] = round(100 * (1 - stats["errors"] / max(1, stats["accepted"])), 3)
        stats["review_pct"] = round(100 * stats["review"] / stats["pages"], 1)
        stats["needless_review_pct"] = round(100 * stats["needless_review"] / stats["pages"], 1)
        stats["queue_pct"] = round(100 * stats["queue"] / stats["pages"], 1)
        stats["pages_per_s"] = round(stats["pages"] / seconds, 1)
        # Pages per second of CPU time: what one core gives when nothing else runs on it.
        stats["pages_per_cpu_s"] = round(stats["pages"] / cpu, 1)
        stats["marked_boxes"] = marked
        stats["review_reasons"] = dict(reasons.most_common())
        stats["wrong"] = dict(wrong)
        results[quality] = stats
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    results["load_after"] = os.getloadavg()[0]
    return results


def _rss_mb() -> int:
    """Resident memory now (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024)
    return 0


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results = run(args.pages, args.seed)
    results["machine"] = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    results["python"] = sys.version.split()[0]
    for quality in ("office", "photocopy", "rough"):
        s = results[quality]
        print(
            f"{quality:10} pages {s['pages']:4}  accuracy {s['accuracy_pct']:.3f} % of "
            f"{s['accepted']} accepted marks ({s['errors']} wrong)  doubtful {s['review_pct']} % "
            f"(needless {s['needless_review_pct']} %)  queue {s['queue_pct']} %  "
            f"not read {s['not_read']}  "
            f"{s['pages_per_s']} pages/s ({s['pages_per_cpu_s']} per CPU second)"
        )
        print(f"{'':10} doubtful because {s['review_reasons']}  wrong {s['wrong']}")
    print(
        f"peak memory {results['peak_rss_mb']} MB (after building the forms "
        f"{results['setup_rss_mb']} MB); load average {results['load_before']:.1f} before, "
        f"{results['load_after']:.1f} after"
    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
