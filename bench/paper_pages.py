"""Pages per household of the demo survey's letter and form, normal and large print.

Builds a freshly migrated SQLite database with the demo gemeenten and surveys, lays out the
open 2027 survey's form (normal and large print) and its letter, and prints the pages and
sheets (double-sided) each household receives. With ``--out`` it also writes the letter and
both forms as PDF and every page as PNG, to look at.

    .venv/bin/python -m bench.paper_pages [--out /tmp/paper-pages]
"""

import argparse
import io
import os
import platform
import tempfile
from datetime import date
from pathlib import Path


def _app(instance: Path):
    os.environ["CONSULT_INSTANCE_PATH"] = str(instance)
    from consult import create_app

    return create_app(
        {
            "CONSULT_ENV": "development",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/pages.db",
            "PUBLIC_URL": "https://raadpleging.kmas.nl",
        }
    )


def _pngs(data: bytes, out: Path, stem: str) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(io.BytesIO(data))
    try:
        for index in range(len(pdf)):
            image = pdf[index].render(scale=110 / 72).to_pil()
            image.save(out / f"{stem}-{index + 1:02d}.png")
    finally:
        pdf.close()


def measure(instance: Path, out: Path | None) -> list[dict]:
    """Pages of the letter and the form per variant; writes PDF and PNG files to ``out``."""
    import logging

    from flask_migrate import upgrade
    from sqlalchemy import select

    from consult.demo import foundation
    from consult.extensions import db
    from surveys.builder import demo as survey_demo
    from surveys.models import Survey, SurveyStatus
    from surveys.paper import operations
    from surveys.paper.batch import household_pages, letter_context
    from surveys.paper.letters import LetterPrinter, Recipient
    from surveys.paper.pdfstream import StreamingCanvas
    from surveys.paper.render import FormPrinter

    logging.disable(logging.INFO)
    app = _app(instance)
    figures = []
    with app.app_context(), app.test_request_context():
        upgrade()
        foundation.load(seed=2027, echo=lambda *a: None)
        survey_demo.load(seed=2027, echo=lambda *a: None)
        survey = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.OPEN))
        fonts = operations.fonts()
        for large in (False, True):
            layout, stored = operations.saved_layout(survey, "nl", large)
            context = letter_context(survey, "nl", reminder=False, large_print=large)
            letter = LetterPrinter(context, fonts, operations.font_dir())
            pages = household_pages(letter.page_count, layout.page_count, duplex=True)
            figures.append(
                {
                    "variant": "large print" if large else "normal",
                    "questions": len(survey.ordered_questions()),
                    "letter_pages": letter.page_count,
                    "form_pages": layout.page_count,
                    "sheets": pages.sheets,
                }
            )
            if out is None:
                continue
            stem = "groot" if large else "normaal"
            buffer = io.BytesIO()
            canvas = StreamingCanvas(buffer, initial_font=fonts.regular)
            recipient = Recipient(
                ("Fam. Jansen", "Kerkstraat 12", "5473 AB  HEESWIJK-DINTHER"),
                "ABCD-EFGH-K",
                "https://raadpleging.kmas.nl/c/ABCDEFGHK",
                "7-000001",
            )
            letter.print_letter(canvas, recipient)
            canvas.save()
            (out / f"brief-{stem}.pdf").write_bytes(buffer.getvalue())
            _pngs(buffer.getvalue(), out, f"brief-{stem}")
            buffer = io.BytesIO()
            canvas = StreamingCanvas(buffer, initial_font=fonts.regular)
            FormPrinter(layout, fonts, stored.revision).print_copy(canvas, code="ABCD-EFGH-K")
            canvas.save()
            (out / f"formulier-{stem}.pdf").write_bytes(buffer.getvalue())
            _pngs(buffer.getvalue(), out, f"formulier-{stem}")
        db.session.rollback()
    return figures


def main() -> None:
    """Print the pages per household (and write the files to look at with ``--out``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder for PDF and PNG files")
    args = parser.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="paper-pages-") as tmp:
        figures = measure(Path(tmp), args.out)
    print(
        f"{date.today().isoformat()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    for row in figures:
        print(
            f"{row['variant']:>11}: {row['questions']} questions, letter {row['letter_pages']} "
            f"p., form {row['form_pages']} p., {row['sheets']} sheets per household "
            "(double-sided)"
        )


if __name__ == "__main__":
    main()
