"""Making a gemeente's files in one go: paper (DOCX, PDF), reaction to the bod (DOCX, PDF),
meeting pack (PDF) and its charts (zip of PNG), from one read of the results."""

from analysis.papers import build, slides, sources
from analysis.papers.docx_render import render_docx
from analysis.papers.pdf_render import render_pdf

FORMATS = ("docx", "pdf", "slides")


def make_files(survey_id: int, gemeente_id: int | None, formats=FORMATS, *, scope=None, rule=None):
    """{file name: bytes} for one gemeente (None: koepel-wide)."""
    positions = sources.positions_for(survey_id, gemeente_id)
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
        files[f"{stem}-grafieken.zip"] = slides.chart_zip(ctx)
    return files
