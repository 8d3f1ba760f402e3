"""Position papers: one document model read back as real DOCX (python-docx) and PDF (text
extracted with pypdfium2), with figures equal to the results, suppression kept, names
outside Latin-1 and long texts."""

import io
import zipfile
from datetime import date

import pypdfium2
import pytest
from docx import Document as WordDocument

from analysis import dashboard, suppress
from analysis.papers import build, slides, sources
from analysis.papers.document import Figure, KeyFigure
from analysis.papers.docx_render import render_docx
from analysis.papers.pdf_render import render_pdf
from analysis.style import fmt_pct
from consult.extensions import db
from surveys.models import Question

NAMES = "Ayşe Yılmaz, Łukasz Wróbel, محمد العلي"


def positions(text="Meer sociale huurwoningen in de kern.", theme="betaalbaarheid"):
    """A literal dict in the shape of analysis.positions.paper.paper_positions."""
    return {
        "decision": {"date": date(2027, 5, 12), "reference": "B-2027-14", "by": NAMES},
        "positions": [
            {
                "id": 1,
                "theme": theme,
                "title": "Huren betaalbaar houden",
                "text": text,
                "type": "concreet kwantitatief",
                "smart": {
                    "what": "Huurverhoging niet boven inflatie",
                    "who": "Mooiland",
                    "how_much": "max. inflatie",
                    "by_when": "1 juli 2028",
                    "indicator": "",
                    "monitoring": "halfjaarlijks",
                },
                "missing": ["indicator"],
                "negotiable": False,
                "offer": "Wij informeren huurders over huurtoeslag.",
                "status": "adopted",
                "evidence": [
                    {"question_id": 1, "label": "Vraag keuze", "figure": "45 %", "warning": None},
                    {
                        "question_id": 2,
                        "label": "Vraag weg",
                        "figure": None,
                        "warning": "De vraag is verwijderd.",
                    },
                ],
            },
            {
                "id": 2,
                "theme": "proces",
                "title": "Stukken op tijd",
                "text": "Stukken twee weken voor het overleg.",
                "type": "procesafspraak",
                "smart": {
                    k: "x"
                    for k in ("what", "who", "how_much", "by_when", "indicator", "monitoring")
                },
                "missing": [],
                "negotiable": True,
                "offer": "",
                "status": "adopted",
                "evidence": [],
            },
        ],
        "bod": [
            {
                "theme": theme,
                "item": "Huurverhoging 2028",
                "numbers": "inflatie + 1 %",
                "reaction": "Wij zijn het er niet mee eens",
                "text": "Te hoog voor huishoudens met een laag inkomen.",
                "position_ids": [1],
            }
        ],
        "lookback": [
            {
                "theme": theme,
                "text": "Geen huisuitzettingen om huurachterstand",
                "outcome": "in the agreements",
                "agreement": "Vroegsignalering met de gemeente",
                "realisation": "partly",
                "light": "orange",
                "reason": "Twee uitzettingen in 2026",
            }
        ],
    }


def pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return " ".join(text.replace("\u00a0", " ").split())  # lines wrap anywhere


def docx_text(content: bytes) -> str:
    word = WordDocument(io.BytesIO(content))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def themed(results):
    """The analysis test survey with its questions on themes: keuze and eens on
    betaalbaarheid, prio on prioriteiten."""
    survey = results["survey"]
    for question in survey.ordered_questions():
        question.theme = {
            "keuze": "betaalbaarheid",
            "eens": "betaalbaarheid",
            "prio": "prioriteiten",
            "open": "betaalbaarheid",
        }.get(question.key)
    db.session.flush()
    return results


def _key(doc, text):
    return next(k for k in doc.of_type(KeyFigure) if text in k.text)


def test_key_figures_equal_the_results_page_and_carry_n(themed):
    survey, ede = themed["survey"], themed["ede"]
    doc = build.build_paper(survey.id, ede.id, None)
    selection = dashboard.Selection(scope=[ede.id], gemeente_id=ede.id)
    found = dashboard.frames(survey.id, selection)
    meta = next(m for m in found.questions.itertuples() if m.key == "eens")
    result = dashboard.question_result(survey.id, meta, found, suppress.SuppressionRule(), False)
    agree = result.summary["agree_share"].iloc[0]
    key = _key(doc, "punt 4")
    assert key.text.startswith(fmt_pct(agree)) and key.n == 40
    assert _key(doc, "GROEN").text.startswith(fmt_pct(22 / 40))
    figure = doc.of_type(Figure)[0]
    assert figure.png.startswith(b"\x89PNG") and figure.n == 40


def test_paper_reads_back_from_docx_and_pdf_with_the_same_figures(themed):
    survey, ede = themed["survey"], themed["ede"]
    doc = build.build_paper(survey.id, ede.id, positions())
    word, pdf = docx_text(render_docx(doc)), pdf_text(render_pdf(doc))
    for text in (
        _key(doc, "GROEN").text,
        "Huren betaalbaar houden",
        "B-2027-14",
        "Huurverhoging 2028",
        "Geen huisuitzettingen om huurachterstand",
    ):
        assert text in word
        assert text.replace("\u00a0", " ") in pdf
    headings = [p.style.name for p in WordDocument(io.BytesIO(render_docx(doc))).paragraphs]
    assert "Heading 1" in headings and "Heading 2" in headings
    assert WordDocument(io.BytesIO(render_docx(doc))).inline_shapes  # charts embedded


def test_names_outside_latin1_survive_docx_and_pdf(themed):
    survey, ede = themed["survey"], themed["ede"]
    doc = build.build_paper(survey.id, ede.id, positions())
    assert "Ayşe Yılmaz, Łukasz Wróbel" in docx_text(render_docx(doc))
    text = pdf_text(render_pdf(doc))
    assert "Ayşe Yılmaz" in text and "Łukasz Wróbel" in text
    assert "العلي"[::-1] in text or "العلي" in text  # drawn right to left


def test_a_5000_word_position_flows_over_pages(themed):
    survey, ede = themed["survey"], themed["ede"]
    long = " ".join(f"woord{n}" for n in range(5000))
    doc = build.build_paper(survey.id, ede.id, positions(text=long))
    content = render_pdf(doc)
    short = render_pdf(build.build_paper(survey.id, ede.id, positions()))
    assert len(pypdfium2.PdfDocument(content)) >= len(pypdfium2.PdfDocument(short)) + 5
    assert "woord4999" in pdf_text(content)
    assert "woord4999" in docx_text(render_docx(doc))


def test_a_gemeente_with_too_few_answers_shows_counts_only(themed):
    survey, wag, ede = themed["survey"], themed["wag"], themed["ede"]
    doc = build.build_paper(survey.id, wag.id, None)  # 3 answers: no figure at all
    text = doc.text()
    assert "maar 3 huishoudens" in text and "te weinig om cijfers te tonen" in text
    assert not doc.of_type(Figure) and not doc.of_type(KeyFigure)
    assert "Wageningen" in pdf_text(render_pdf(doc))
    counted = suppress.SuppressionRule(suppress_below=10, counts_only_below=50)
    doc = build.build_paper(survey.id, ede.id, None, rule=counted)  # 40: counts, no shares
    keys = [k.text for k in doc.of_type(KeyFigure)]
    assert keys and "22 van de 40" in " ".join(keys)
    assert "%" not in "".join(keys) and not doc.of_type(Figure)


def test_suppressed_cells_stay_suppressed(themed):
    """In Ede nobody chose "weet ik niet" for keuze; Wageningen's three answers (all "weet
    ik niet") are fewer than 10; with a rule under which Ede's 40 are too few, Ede's paper
    shows neither a chart, a key figure nor a count of them."""
    survey, ede = themed["survey"], themed["ede"]
    rule = suppress.SuppressionRule(suppress_below=50, counts_only_below=60)
    doc = build.build_paper(survey.id, ede.id, None, rule=rule)  # 40 answers < 50
    assert not doc.of_type(Figure)
    assert not [k for k in doc.of_type(KeyFigure) if "schreven" not in k.text]  # no figure
    assert "18" not in "".join(
        " ".join(r) for t in doc.blocks if hasattr(t, "rows") for r in t.rows
    )


def test_without_positions_the_paper_says_none_are_adopted(themed):
    survey, ede = themed["survey"], themed["ede"]
    found = sources.positions_for(survey.id, ede.id)
    assert found["positions"] == [] and found["decision"] is None
    text = build.build_paper(survey.id, ede.id, found).text()
    assert "Not yet adopted by the board." in text or "Nog niet" in text


def test_reaction_to_the_bod_is_a_document_of_its_own(themed):
    survey, ede = themed["survey"], themed["ede"]
    doc = build.build_reaction(survey.id, ede.id, positions())
    word = docx_text(render_docx(doc))
    assert "Huurverhoging 2028" in word and "Huren betaalbaar houden" in word
    assert "Te hoog voor huishoudens" in pdf_text(render_pdf(doc))


def test_meeting_pack_is_16_to_9_with_n_and_source_and_a_lookback_slide(themed):
    survey, ede = themed["survey"], themed["ede"]
    ctx = build.context(survey.id, ede.id)
    pdf = pypdfium2.PdfDocument(slides.meeting_pack(ctx, positions()))
    width, height = pdf[0].get_size()
    assert round(width / height, 2) == round(16 / 9, 2)
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    assert all("n = " in page for page in pages[1:-1])
    assert any("Vroegsignalering met de gemeente" in page for page in pages)
    names = zipfile.ZipFile(io.BytesIO(slides.chart_zip(ctx))).namelist()
    assert names and all(name.endswith(".png") for name in names)


def test_an_unknown_gemeente_is_refused(themed):
    with pytest.raises(build.PaperError):
        build.build_paper(themed["survey"].id, 999_999, None)


def test_a_question_removed_keeps_the_evidence_warning(themed):
    survey, ede = themed["survey"], themed["ede"]
    db.session.delete(db.session.scalar(db.select(Question).where(Question.key == "leeg")))
    db.session.flush()
    text = build.build_paper(survey.id, ede.id, positions()).text()
    assert "De vraag is verwijderd." in text


def test_answers_read_once_give_the_same_results_as_one_query_per_question(themed):
    survey, ede = themed["survey"], themed["ede"]
    selection = dashboard.Selection(scope=[ede.id, themed["wag"].id], gemeente_id=ede.id)
    found = dashboard.frames(survey.id, selection)
    answers = dashboard.read_answers(survey.id, found)
    rule = suppress.SuppressionRule()
    for meta in found.questions.itertuples(index=False):
        if meta.measure == "text":
            continue
        alone = dashboard.question_result(survey.id, meta, found, rule, False)
        shared = dashboard.question_result(survey.id, meta, found, rule, False, answers)
        assert alone.distribution.equals(shared.distribution)
        assert alone.summary.equals(shared.summary)
        assert alone.chart.equals(shared.chart) and alone.chart_kind == shared.chart_kind


def test_the_body_charts_the_key_questions_and_the_annex_tables_every_question(themed, monkeypatch):
    """With one key question per theme, the question a position rests on gets the chart (in
    the paper, on a slide and in the zip); the theme's other figures are a line each, and
    the annex keeps every question's table."""
    survey, ede = themed["survey"], themed["ede"]
    monkeypatch.setattr(build, "KEY_QUESTIONS", 1)
    ids = {q.key: q.id for q in survey.ordered_questions()}
    mine = positions()
    mine["positions"][0]["evidence"][0]["question_id"] = ids["eens"]
    ctx = build.context(survey.id, ede.id)
    doc = build.paper_of(ctx, mine)
    assert [f.question_id for f in doc.of_type(Figure)] == [ids["eens"]]
    text = doc.text()
    assert "Meer cijfers over dit thema" in text
    assert "Vraag keuze? – " + _key(build.build_paper(survey.id, ede.id, None), "GROEN").text in (
        text
    )
    captions = [t.caption for t in doc.blocks if hasattr(t, "caption") and hasattr(t, "rows")]
    questions = {c.split(" (n = ")[0] for c in captions}  # a caption ends with its n
    assert "Vraag keuze?" in questions and "Vraag eens?" in questions  # the annex
    assert "Vraag keuze? (n = 40)" in captions  # with the n its shares are of
    names = zipfile.ZipFile(io.BytesIO(slides.chart_zip(ctx, mine))).namelist()
    assert len(names) == 1 and "eens" in names[0]
    pdf = pypdfium2.PdfDocument(slides.meeting_pack(ctx, mine))
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    assert any("meer cijfers" in page and "Vraag keuze?" in page for page in pages)


def test_pdf_images_are_binary_streams_not_ascii85(themed):
    survey, ede = themed["survey"], themed["ede"]
    content = render_pdf(build.build_paper(survey.id, ede.id, None))
    assert b"/Subtype /Image" in content and b"ASCII85Decode" not in content


def test_characters_word_cannot_hold_are_left_out_of_the_docx_and_the_rest_kept():
    from analysis.papers.document import Document, Heading, Paragraph, Table

    odd = "Huur\x01 te\x0b hoog – “Ayşe” <&> 5\n6"
    doc = Document(title=f"Notitie {odd}", cover=[("Gemeente", odd)])
    doc.add(Heading(odd, 1), Paragraph(odd), Table(["Antwoord", "Getal"], [[odd, 3]], numeric=(1,)))
    word = WordDocument(io.BytesIO(render_docx(doc)))
    kept = "Huur te hoog – “Ayşe” <&> 5"
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [kept + "\n6"]
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert kept + "\n6" in cells and "3" in cells
    assert "Huur te hoog" in pdf_text(render_pdf(doc))


def test_letters_for_all_gemeenten_at_once_count_in_the_paper_of_all_gemeenten(themed):
    from surveys.paper.models import BatchStatus, LetterBatch

    survey, ede, wag = themed["survey"], themed["ede"], themed["wag"]
    for gemeente, count, token in ((None, 100, "allen"), (ede.id, 7, "ede")):
        batch = LetterBatch(survey_id=survey.id, gemeente_id=gemeente, file_token=token)
        batch.household_count, batch.status = count, BatchStatus.READY
        db.session.add(batch)
    db.session.flush()
    assert sources.letters_sent(survey.id, [ede.id, wag.id])["letters"] == 107
    assert sources.letters_sent(survey.id, [ede.id])["letters"] == 7
