"""Letters: a letter batch rendered to a real PDF and read back, and its mailing-house CSV."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from consult.extensions import db
from surveys.builder import operations as survey_operations
from surveys.invitations import operations as invitations
from surveys.invitations.models import Invitation
from surveys.keying import operations as keying
from surveys.models import Channel, Response, ResponseStatus
from surveys.paper import operations
from surveys.paper.batch import Selection, write_letter_batch
from surveys.paper.errors import PaperError
from surveys.paper.qr import parse_payload
from tests.factories import GemeenteFactory, UserFactory
from tests.surveys.paper.conftest import add_households, pdf_images, pdf_texts, qr_texts


def run_batch(selection, **options):
    pdf, out = io.BytesIO(), io.StringIO()
    result = write_letter_batch(selection, pdf, out, **options)
    return result, pdf.getvalue(), list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))


def clear_codes(survey) -> dict[int, str]:
    rows = db.session.scalars(select(Invitation).where(Invitation.survey_id == survey.id))
    return {i.household_id: invitations.clear_code(i) for i in rows}


def test_letters_with_forms_in_household_order_read_back(paper_survey):
    households = add_households(paper_survey, paper_survey.gemeenten[0], 3)
    layout, _stored = operations.saved_layout(paper_survey)
    result, data, rows = run_batch(Selection(paper_survey))
    form_pages = layout.page_count + layout.page_count % 2
    assert result.households == 3 and result.pages == 3 * (2 + form_pages)
    texts = pdf_texts(data)
    assert len(texts) == result.pages
    codes = clear_codes(paper_survey)
    for index, household in enumerate(households):
        first = index * (2 + form_pages)
        letter = texts[first]
        code = codes[household.id]
        assert f"Fam. Jansen {index}" in letter and f"Kerkstraat {index + 1}" in letter
        assert "5473 AB HEESWIJK" in letter and code in letter
        assert "20 februari 2027" in letter and "0800 123 45 67" in letter
        assert "Uw privacy" in letter and "Uw persoonlijke code" in letter
        (url,) = qr_texts(pdf_images(data, [first])[0])
        assert url == invitations.code_url(code)
        form_first = first + 2
        assert texts[first + 1].strip() == ""  # duplex: the form starts on a new sheet
        assert f"Code {code}" in texts[form_first]
        identity = parse_payload(qr_texts(pdf_images(data, [form_first])[0])[0])
        assert identity.code == code.replace("-", "") and identity.page == 1
    assert rows[0][:4] == ["volgnummer", "kenmerk", "eerste_pagina", "aantal_paginas"]
    assert [r[4] for r in rows[1:]] == ["Fam. Jansen 0", "Fam. Jansen 1", "Fam. Jansen 2"]
    assert rows[2][2] == str(1 + 2 + form_pages)


def test_the_mailing_house_csv_holds_no_codes_and_no_formulas(paper_survey):
    (household,) = add_households(paper_survey, paper_survey.gemeenten[0], 1)
    household.mailing_address.addressee = '=HYPERLINK("x")'
    db.session.flush()
    _result, _data, rows = run_batch(Selection(paper_survey), with_forms=False)
    code = clear_codes(paper_survey)[household.id]
    flat = ";".join(";".join(row) for row in rows)
    assert code not in flat and code.replace("-", "") not in flat
    assert rows[1][4].startswith("'=")


def test_letters_are_marked_printed_and_codes_made_where_missing(paper_survey):
    add_households(paper_survey, paper_survey.gemeenten[0], 2)
    assert not clear_codes(paper_survey)
    run_batch(Selection(paper_survey), with_forms=False)
    printed = db.session.scalars(select(Invitation.letter_printed_at)).all()
    assert len(printed) == 2 and all(printed)


def test_a_reminder_skips_households_that_answered_on_any_channel(paper_survey, board):
    survey_operations.change_status(paper_survey, "open", by=board, today=date(2027, 1, 15))
    online, keyed, silent = add_households(paper_survey, paper_survey.gemeenten[0], 3)
    invitations.create_invitations(paper_survey)
    db.session.add(
        Response(
            survey_id=paper_survey.id,
            household_id=online.id,
            channel=Channel.ONLINE,
            status=ResponseStatus.SUBMITTED,
        )
    )
    volunteer = UserFactory(role="vrijwilliger")
    keying.open_form(paper_survey, clear_codes(paper_survey)[keyed.id], by=volunteer)
    db.session.flush()
    result, data, rows = run_batch(Selection(paper_survey, reminder=True), with_forms=False)
    assert result.households == 1 and rows[1][4] == "Fam. Jansen 2"
    assert "Wij hebben uw antwoorden nog niet gekregen" in pdf_texts(data)[0]


def test_a_batch_for_no_households_says_why_and_writes_nothing(paper_survey):
    pdf = io.BytesIO()
    with pytest.raises(PaperError, match="geen huishoudens in deze selectie"):
        write_letter_batch(Selection(paper_survey), pdf)
    assert pdf.getvalue() == b""
    add_households(paper_survey, paper_survey.gemeenten[0], 2, address=False)
    with pytest.raises(PaperError, match="de 2 huishoudens .* hebben geen adres"):
        write_letter_batch(Selection(paper_survey), pdf)
    other = GemeenteFactory()
    with pytest.raises(PaperError, match="geen huishoudens"):
        write_letter_batch(Selection(paper_survey, gemeente_id=other.id), pdf)
    assert pdf.getvalue() == b""


def test_a_reminder_when_everybody_answered_says_so(paper_survey, board):
    survey_operations.change_status(paper_survey, "open", by=board, today=date(2027, 1, 15))
    (household,) = add_households(paper_survey, paper_survey.gemeenten[0], 1)
    db.session.add(
        Response(
            survey_id=paper_survey.id,
            household_id=household.id,
            channel=Channel.ONLINE,
            status=ResponseStatus.SUBMITTED,
        )
    )
    db.session.flush()
    with pytest.raises(PaperError, match="al geantwoord"):
        write_letter_batch(Selection(paper_survey, reminder=True), io.BytesIO())


def test_the_letter_text_is_editable_per_language(paper_survey):
    add_households(paper_survey, paper_survey.gemeenten[0], 1)
    texts = {"subject": "Doe mee!", "body": "Tekst van {organisatie}, bel {telefoon}."}
    operations.update_letter(paper_survey, "en", texts, help_phone="012-3456789")
    _result, data, _rows = run_batch(Selection(paper_survey), lang="en", with_forms=False)
    letter = pdf_texts(data)[0]
    assert "Doe mee!" in letter and "Tekst van KMAS, bel 012-3456789." in letter
    assert "Your personal code" in letter  # fields left empty keep the English default


def test_the_return_line_above_the_window_carries_the_senders_postal_address(paper_survey):
    add_households(paper_survey, paper_survey.gemeenten[0], 1)
    address = "Postbus 1234\n5340 AB  Oss"
    operations.update_letter(paper_survey, "nl", {}, sender_address=address)
    _result, data, _rows = run_batch(Selection(paper_survey), with_forms=False)
    text = " ".join(pdf_texts(data)[0].split())
    assert "Terugsturen naar: KMAS, Postbus 1234, 5340 AB Oss" in text


def test_unknown_placeholders_and_languages_are_refused(paper_survey):
    with pytest.raises(PaperError, match=r"\{datum\} kan niet worden ingevuld"):
        operations.update_letter(paper_survey, "nl", {"body": "Tot {datum}!"})
    with pytest.raises(PaperError, match="niet in deze taal"):
        operations.update_letter(paper_survey, "de", {"body": "Hallo"})
    paper_survey.languages = ["nl", "en", "de"]
    add_households(paper_survey, paper_survey.gemeenten[0], 1)
    with pytest.raises(PaperError, match="nog geen brieftekst in het Deutsch"):
        write_letter_batch(Selection(paper_survey), io.BytesIO(), lang="de")


def test_a_closed_survey_gets_no_letters(paper_survey, board):
    survey_operations.change_status(paper_survey, "open", by=board, today=date(2027, 1, 15))
    survey_operations.change_status(paper_survey, "closed", by=board)
    add_households(paper_survey, paper_survey.gemeenten[0], 1)
    with pytest.raises(PaperError, match="concept is of open"):
        write_letter_batch(Selection(paper_survey), io.BytesIO())
