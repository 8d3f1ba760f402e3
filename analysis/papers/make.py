"""Making a gemeente's files in one go: paper (DOCX, PDF), reaction to the bod (DOCX, PDF),
meeting pack (PDF) and its charts (zip of PNG), from one read of the results."""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from flask import current_app

from analysis.papers import build, slides, sources
from analysis.papers.docx_render import render_docx
from analysis.papers.pdf_render import render_pdf

FORMATS = ("docx", "pdf", "slides")
MAX_DEFAULT_JOBS = 4  # a worker peaks at about 330 MB: four stay well inside a small server


def default_jobs() -> int:
    """Worker processes when none are asked for: one per core, at most four."""
    return max(1, min(MAX_DEFAULT_JOBS, os.cpu_count() or 1))


def make_files(survey_id: int, gemeente_id: int | None, formats=FORMATS, *, scope=None, rule=None):
    """{file name: bytes} for one gemeente (None: koepel-wide)."""
    positions = sources.positions_for(survey_id, gemeente_id, scope)
    ctx = build.context(survey_id, gemeente_id, scope, rule)
    paper = build.paper_of(ctx, positions)
    files = {}
    reaction = None
    if positions and positions.get("bod"):
        reaction = build.build_reaction(survey_id, gemeente_id, positions, scope=scope)
    if "docx" in formats:
        files[f"{paper.file_stem}.docx"] = render_docx(paper)
        if reaction is not None:
            files[f"{reaction.file_stem}.docx"] = render_docx(reaction)
    if "pdf" in formats:
        files[f"{paper.file_stem}.pdf"] = render_pdf(paper)
        if reaction is not None:
            files[f"{reaction.file_stem}.pdf"] = render_pdf(reaction)
    if "slides" in formats:
        stem = paper.file_stem.replace("standpunten", "overleg")
        files[f"{stem}.pdf"] = slides.meeting_pack(ctx, positions)
        files[f"{stem}-grafieken.zip"] = slides.chart_zip(ctx, positions)
    return files


def _write(survey_id: int, gemeente_id: int | None, folder: Path, formats) -> list[Path]:
    written = []
    for name, content in make_files(survey_id, gemeente_id, formats).items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written


_worker_app = None


def _start_worker(app) -> None:
    """A worker process: its own database connections, the parent's app and language."""
    global _worker_app
    from consult.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)  # connections inherited from the parent stay theirs
    _worker_app = app


def _write_in_worker(survey_id, gemeente_id, folder, formats) -> list[Path]:
    from consult.extensions import db

    with _worker_app.app_context():
        try:
            return _write(survey_id, gemeente_id, folder, formats)
        finally:
            db.session.rollback()


def write_all(
    survey_id: int, gemeente_ids: list, folder: Path, formats=FORMATS, *, jobs: int = 1
) -> list[Path]:
    """Every gemeente's files written to ``folder``; the paths, in gemeente order.

    ``jobs`` > 1 makes the gemeenten in that many worker processes (forked from this one,
    each with its own database connections), one gemeente per task."""
    folder = Path(folder)
    if jobs <= 1 or len(gemeente_ids) < 2:
        return [path for g in gemeente_ids for path in _write(survey_id, g, folder, formats)]
    app = current_app._get_current_object()
    context = multiprocessing.get_context("fork")
    workers = min(jobs, len(gemeente_ids))
    with ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=(app,)) as pool:
        done = pool.map(
            _write_in_worker,
            [survey_id] * len(gemeente_ids),
            gemeente_ids,
            [folder] * len(gemeente_ids),
            [formats] * len(gemeente_ids),
        )
        return [path for paths in done for path in paths]
