"""Single PDFs for the board: a sample letter, a sample form, and numbered blank forms."""

from typing import BinaryIO

from flask_babel import lazy_gettext as _l

from consult.extensions import db
from surveys.invitations.operations import code_url
from surveys.models import Survey
from surveys.paper import operations
from surveys.paper.batch import ensure_public_address, letter_context
from surveys.paper.errors import PaperError
from surveys.paper.letters import LetterPrinter, Recipient
from surveys.paper.models import BlankFormBatch
from surveys.paper.pdfstream import StreamingCanvas
from surveys.paper.render import FormPrinter

WEB_BLANK_LIMIT = 300
SAMPLE_CODE = "ABCD-EFGH-J"


def sample_letter(survey: Survey, lang: str, out: BinaryIO) -> None:
    """A letter with a made-up code and address, to check text and layout."""
    operations.ensure_letter_language(survey, lang)
    ensure_public_address()
    fonts = operations.fonts()
    context = letter_context(survey, lang, reminder=False, large_print=False)
    canvas = StreamingCanvas(out, initial_font=fonts.regular)
    printer = LetterPrinter(context, fonts, operations.font_dir())
    address = (str(_l("SAMPLE")), "Voorbeeldstraat 1", "1234 AB  VOORBEELDSTAD")
    printer.print_letter(canvas, Recipient(address, SAMPLE_CODE, code_url(SAMPLE_CODE), "0-000000"))
    canvas.save()


def sample_form(survey: Survey, lang: str, large_print: bool, out: BinaryIO) -> None:
    """The form as it will be printed, marked as a sample (its number 0 cannot be keyed)."""
    layout, stored = operations.saved_layout(survey, lang, large_print)
    fonts = operations.fonts()
    canvas = StreamingCanvas(out, initial_font=fonts.regular)
    FormPrinter(layout, fonts, stored.revision).print_copy(
        canvas, serial=0, label=str(_l("SAMPLE – do not fill in"))
    )
    canvas.save()


def blank_forms(batch: BlankFormBatch, out: BinaryIO) -> None:
    """All forms of a blank-form batch, each with its own number."""
    survey = db.session.get(Survey, batch.survey_id)
    if survey is None:
        raise PaperError(_l("This survey no longer exists."))
    layout, stored = operations.saved_layout(survey, batch.language, batch.large_print)
    fonts = operations.fonts()
    canvas = StreamingCanvas(out, initial_font=fonts.regular)
    printer = FormPrinter(layout, fonts, stored.revision)
    for serial in range(batch.first_serial, batch.last_serial + 1):
        printer.print_copy(canvas, serial=serial)
    canvas.save()
