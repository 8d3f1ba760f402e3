"""Coding open answers: codebook, keyboard coding, counts per code per gemeente, quotes that
are shown only after a person approved them."""

import pandas as pd
import pytest

from analysis import suppress
from analysis.coding import operations, privacy, tables
from analysis.coding.models import AnswerCode, CodedAnswer, QuoteState
from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.permissions import Role
from surveys.errors import ConflictError
from surveys.models import Channel
from tests.analysis.conftest import make_survey, respond
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory

# --- finding what identifies someone -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Mail me op jan.de.vries@example.nl graag", privacy.EMAIL, "jan.de.vries@example.nl"),
        ("Bel 06-12345678 als er iets is", privacy.PHONE, "06-12345678"),
        ("Bel 0318 123 456 of", privacy.PHONE, "0318 123 456"),
        ("mijn nummer +31 6 1234 5678", privacy.PHONE, "+31 6 1234 5678"),
        ("Ik woon in 3901 AB en", privacy.POSTCODE, "3901 AB"),
        ("Op de Dorpsstraat 12a lekt het", privacy.ADDRESS, "Dorpsstraat 12a"),
        ("bij ons op nummer 14 niet", privacy.ADDRESS, "nummer 14"),
        ("De buurman Jan de Vries maakt herrie", privacy.NAME, "Jan de Vries"),
        ("mevrouw Öztürk is aardig", privacy.NAME, "Öztürk"),
        ("onze huismeester Ahmed helpt goed", privacy.NAME, "Ahmed"),
        ("het gesprek met Kowalski ging goed", privacy.NAME, "Kowalski"),
    ],
)
def test_findings_mark_what_identifies_someone(text, kind, found):
    hits = privacy.findings(text)
    assert [(h.kind, h.text) for h in hits] == [(kind, found)]
    assert text[hits[0].start : hits[0].end] == found


def test_plain_opinions_place_names_and_sentence_starts_are_not_flagged():
    text = "De huur is te hoog. Ik woon in Ede en Mooiland doet niets. Maart was koud."
    assert privacy.findings(text, known=["Ede", "Mooiland"]) == []
    assert privacy.findings("In Ede is het fijn", known=[]) != []  # unknown: to be checked


def test_redact_replaces_every_finding_and_parts_keep_the_whole_text():
    text = "Buurvrouw Fatima el Amrani (06 1234 5678, fatima@x.nl) woont op Kerkweg 3."
    assert privacy.redact(text) == (
        "Buurvrouw [naam] ([telefoonnummer], [e-mailadres]) woont op [adres]."
    )
    assert "".join(piece for piece, _kind in privacy.parts(text)) == text


# --- counts per code per gemeente, by hand ----------------------------------------------------


def _frames():
    answers = pd.DataFrame(
        {
            "response_id": [1, 2, 3, 4, 5, 6],
            "gemeente": ["Ede", "Ede", "Ede", "Ede", "Wageningen", "Wageningen"],
            "text": ["a"] * 6,
        }
    )
    codings = pd.DataFrame(
        {"response_id": [1, 1, 2, 3, 5, 99], "code_id": [10, 11, 10, pd.NA, 11, 10]}
    ).astype({"code_id": "Int64"})
    codes = pd.DataFrame(
        {"code_id": [10, 11], "theme": ["betaalbaarheid", None], "label": ["Huur", "Groen"]}
    )
    return codings, answers, codes


def test_code_counts_per_gemeente_and_total_by_hand():
    codings, answers, codes = _frames()
    rule = suppress.SuppressionRule(0, 0)
    counts = tables.code_counts(codings, answers, codes, rule)
    ede = counts[counts["gemeente"] == "Ede"].set_index("label")
    # Ede: answers 1-4 given, 1-3 coded (3 has no code): Huur 2 of 3, Groen 1 of 3.
    assert ede.loc["Huur", "count"] == 2 and ede.loc["Huur", "base"] == 3
    assert ede.loc["Huur", "share"] == pytest.approx(2 / 3)
    assert ede.loc["Groen", "count"] == 1 and ede.loc["Huur", "answers"] == 4
    total = counts[counts["gemeente"].isna()].set_index("label")
    # Response 99 is not in the selection (a duplicate, or another gemeente): not counted.
    assert total.loc["Huur", "count"] == 2 and total.loc["Huur", "base"] == 4
    assert total.loc["Groen", "count"] == 2 and total.loc["Groen", "answers"] == 6
    assert tables.progress(codings, answers) == (4, 6)


def test_code_counts_follow_the_small_cell_rule():
    codings, answers, codes = _frames()
    counts = tables.code_counts(codings, answers, codes, suppress.SuppressionRule(3, 4))
    wag = counts[counts["gemeente"] == "Wageningen"]
    assert wag["count"].isna().all() and (wag["tier"] == "suppressed").all()  # base 1
    ede = counts[counts["gemeente"] == "Ede"]
    assert ede["count"].notna().all() and ede["share"].isna().all()  # base 3: counts only
    matrix = tables.matrix(counts)
    assert matrix["columns"] == [("Ede", 3), ("Wageningen", None), (None, 4)]
    assert matrix["rows"][0][0] == "Huur" and matrix["rows"][0][2][1] == (None, None)


# --- operations ----------------------------------------------------------------------------


@pytest.fixture
def coded_world(ctx):
    ede = Gemeente(name="Ede", cbs_code="GM0228")
    wag = Gemeente(name="Wageningen", cbs_code="GM0289")
    db.session.add_all([ede, wag])
    survey = make_survey(2027, [ede, wag])
    corporation = CorporationFactory()
    responses = []
    for i in range(12):
        household = HouseholdFactory(corporation=corporation, gemeente=ede if i < 10 else wag)
        responses.append(respond(survey, household, {"open": f"De huur is te hoog {i}"}))
    db.session.flush()
    question = next(q for q in survey.ordered_questions() if q.key == "open")
    return {"survey": survey, "question": question, "responses": responses}


def test_codebook_refuses_empty_duplicate_and_unknown_theme(coded_world):
    survey = coded_world["survey"]
    operations.add_code(survey, "  Huur   te hoog ", "betaalbaarheid")
    assert [c.label for c in operations.codebook(survey.id)] == ["Huur te hoog"]
    for label, theme in (("", None), ("huur TE hoog", None), ("x" * 81, None), ("Lift", "geen")):
        with pytest.raises(operations.CodingError):
            operations.add_code(survey, label, theme)
    assert db.session.query(AuditEvent).filter_by(action="coding.code_added").count() == 1


def test_coding_keeps_several_codes_and_detects_a_stale_form(coded_world):
    survey, question = coded_world["survey"], coded_world["question"]
    huur = operations.add_code(survey, "Huur", "betaalbaarheid")
    groen = operations.add_code(survey, "Groen", "leefbaarheid")
    response = coded_world["responses"][0]
    coded = operations.code_answer(survey.id, question.id, response.id, [huur.id, groen.id])
    assert {c.label for c in coded.codes} == {"Huur", "Groen"}
    version = coded.version
    operations.code_answer(survey.id, question.id, response.id, [huur.id], version=version)
    with pytest.raises(ConflictError):
        operations.code_answer(survey.id, question.id, response.id, [], version=version)
    with pytest.raises(operations.CodingError):
        operations.code_answer(survey.id, question.id, response.id, [9_999_999])
    frame = operations.codings(survey.id, [question.id])
    assert frame["code_id"].tolist() == [huur.id]
    operations.remove_code(huur)
    frame = operations.codings(survey.id, [question.id])
    assert frame["code_id"].isna().all() and len(frame) == 1  # still coded: read, no code


def test_a_quote_is_shown_only_after_a_clean_checked_approval(coded_world):
    survey, question = coded_world["survey"], coded_world["question"]
    response = coded_world["responses"][1]
    coded = operations.code_answer(survey.id, question.id, response.id, [], quote=True)
    assert coded.quote == QuoteState.PROPOSED
    assert operations.approved_quotes(survey.id).empty
    with pytest.raises(operations.CodingError, match="naam|name"):
        operations.review_quote(coded, "Bel Piet op 06-12345678", approve=True, checked=True)
    with pytest.raises(operations.CodingError):
        operations.review_quote(coded, "De huur is te hoog", approve=True, checked=False)
    operations.review_quote(coded, "De huur is te hoog", approve=True, checked=True)
    assert operations.approved_quotes(survey.id)["text"].tolist() == ["De huur is te hoog"]
    # Taking the proposal back removes the quote.
    operations.code_answer(survey.id, question.id, response.id, [], quote=False)
    assert operations.approved_quotes(survey.id).empty


# --- pages ---------------------------------------------------------------------------------


@pytest.fixture
def pages(app):
    """Ede with 12 open answers (one with a phone number), Wageningen with 2."""
    with app.app_context():
        corporation = CorporationFactory()
        ede, wag = GemeenteFactory(name="Ede"), GemeenteFactory(name="Wageningen")
        survey = make_survey(2027, [ede, wag])
        texts = [f"De huur is te hoog, zegt huurder {i}" for i in range(11)]
        texts.append("Bel mij op 06-12345678 over de lekkage")
        responses = []
        for text in texts:
            household = HouseholdFactory(corporation=corporation, gemeente=ede)
            responses.append(respond(survey, household, {"open": text}))
        for text in ("Meer groen", "Meer bankjes"):
            household = HouseholdFactory(corporation=corporation, gemeente=wag)
            responses.append(respond(survey, household, {"open": text}, Channel.KEYED))
        db.session.flush()
        huur = operations.add_code(survey, "Huur te hoog", "betaalbaarheid")
        operations.add_code(survey, "Groen", "leefbaarheid")
        questions = {q.key: q.id for q in survey.ordered_questions()}
        ids = {
            "survey": survey.id,
            "ede": ede,
            "wag": wag,
            "wag_id": wag.id,
            "q": questions,
            "responses": [r.id for r in responses],
            "huur": huur.id,
        }
        db.session.commit()
    return ids


def _base(pages):
    return f"/resultaten/{pages['survey']}"


def test_volunteer_codes_answers_of_their_gemeente_with_the_keyboard(app, pages, login):
    client = login(Role.VRIJWILLIGER, gemeenten=[pages["ede"]])
    index = client.get(_base(pages) + "/open")
    assert index.status_code == 200 and "Vraag open?" in index.get_data(as_text=True)
    start = client.get(_base(pages) + f"/open/{pages['q']['open']}/coderen")
    assert start.status_code == 302
    first = pages["responses"][0]
    assert start.headers["Location"].endswith(f"/coderen/{first}")
    page = client.get(start.headers["Location"])
    text = page.get_data(as_text=True)
    assert "De huur is te hoog, zegt huurder 0" in text and "0 van 12 gecodeerd" in text
    saved = client.post(start.headers["Location"], data={"typed": "1 2", "submit": "1"})
    assert saved.status_code == 302
    assert (
        client.get(saved.headers["Location"])
        .headers["Location"]
        .endswith(f"/coderen/{pages['responses'][1]}")
    )
    with app.app_context():
        coded = db.session.query(CodedAnswer).filter_by(response_id=first).one()
        assert sorted(c.label for c in coded.codes) == ["Groen", "Huur te hoog"]
    wrong = client.post(start.headers["Location"], data={"typed": "7", "submit": "1"})
    assert wrong.status_code == 200 and "codes 1 tot en met 2" in wrong.get_data(as_text=True)
    # Wageningen's answers are not theirs; nor are other pages of the board.
    other = pages["responses"][-1]
    assert (
        client.get(_base(pages) + f"/open/{pages['q']['open']}/coderen/{other}").status_code == 403
    )
    assert client.get(_base(pages) + "/codeboek").status_code == 403
    assert client.get(_base(pages) + "/citaten").status_code == 403
    # A question that is not open has nothing to code.
    assert client.get(_base(pages) + f"/open/{pages['q']['keuze']}/coderen").status_code == 404


def test_volunteer_finds_coding_in_the_menu_with_progress_of_their_gemeente(pages, login):
    client = login(Role.VRIJWILLIGER, gemeenten=[pages["wag"]])
    home = client.get("/resultaten/open", follow_redirects=True)
    text = home.get_data(as_text=True)
    assert home.status_code == 200
    assert '<a href="/resultaten/open" aria-current="page">Open antwoorden</a>' in text
    assert f'href="{_base(pages)}/open"' in text
    # Wageningen has two answers, none coded yet; Ede's twelve are not counted.
    row = text.split(f'href="{_base(pages)}/open"')[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split('class="num">')[1:]] == ["1", "2", "0"]


def test_coding_pages_mark_open_answers_in_the_menu_and_results_pages_results(pages, login):
    client = login(Role.BESTUUR)
    coding = client.get(_base(pages) + "/open").get_data(as_text=True)
    assert '<a href="/resultaten/open" aria-current="page">' in coding
    assert '<a href="/resultaten/" aria-current="page">' not in coding
    results = client.get(_base(pages)).get_data(as_text=True)
    assert '<a href="/resultaten/" aria-current="page">' in results
    assert '<a href="/resultaten/open" aria-current="page">' not in results


def test_reader_may_not_code(pages, login):
    client = login(Role.LEZER)
    assert client.get(_base(pages) + "/open").status_code == 403
    assert client.get("/resultaten/open").status_code == 403


def test_board_adds_codes_and_bad_names_get_a_message(app, pages, login):
    client = login(Role.BESTUUR)
    added = client.post(
        _base(pages) + "/codeboek", data={"label": "Onderhoud", "theme": "kwaliteit"}
    )
    assert added.status_code == 302
    twice = client.post(_base(pages) + "/codeboek", data={"label": "onderhoud", "theme": ""})
    assert twice.status_code == 200 and "al een code met deze naam" in twice.get_data(as_text=True)
    hostile = client.post(_base(pages) + "/codeboek", data={"label": "a\x00b", "theme": ""})
    assert hostile.status_code == 200
    bad_theme = client.post(_base(pages) + "/codeboek", data={"label": "Lift", "theme": "x"})
    assert bad_theme.status_code == 200
    with app.app_context():
        labels = [c.label for c in db.session.query(AnswerCode).all()]
    assert sorted(labels) == ["Groen", "Huur te hoog", "Onderhoud"]
    code = client.get(_base(pages) + f"/codeboek/{pages['huur']}")
    assert code.status_code == 200
    kept = client.post(_base(pages) + f"/codeboek/{pages['huur']}", data={"remove-submit": "1"})
    assert kept.status_code == 200  # not confirmed: nothing removed


def test_quotes_are_marked_checked_and_only_then_shown_in_results(app, pages, login):
    client = login(Role.BESTUUR)
    question = pages["q"]["open"]
    phone = pages["responses"][11]
    for response in pages["responses"][:11]:
        client.post(
            _base(pages) + f"/open/{question}/coderen/{response}",
            data={"typed": "1", "submit": "1"},
        )
    client.post(
        _base(pages) + f"/open/{question}/coderen/{phone}",
        data={"typed": "1", "quote": "y", "submit": "1"},
    )
    results = client.get(_base(pages) + f"/vraag/{question}").get_data(as_text=True)
    assert "12 van de 14" in results and "06-12345678" not in results
    assert "Huur te hoog" in results and "<table" in results
    review = client.get(_base(pages) + "/citaten").get_data(as_text=True)
    assert "<mark" in review and "[telefoonnummer]" in review
    with app.app_context():
        coded = db.session.query(CodedAnswer).filter_by(response_id=phone).one()
        prefix, version = f"q{coded.id}", coded.version
    action = _base(pages) + f"/citaten/{question}/{phone}"
    refused = client.post(
        action,
        data={
            f"{prefix}-text": "Bel mij op 06-12345678",
            f"{prefix}-checked": "y",
            f"{prefix}-version": version,
            f"{prefix}-approve": "1",
        },
        follow_redirects=True,
    )
    assert "telefoonnummer" in refused.get_data(as_text=True)
    client.post(
        action,
        data={
            f"{prefix}-text": "Bel mij op [telefoonnummer] over de lekkage",
            f"{prefix}-checked": "y",
            f"{prefix}-version": version,
            f"{prefix}-approve": "1",
        },
    )
    shown = client.get(_base(pages) + f"/vraag/{question}").get_data(as_text=True)
    assert "Bel mij op [telefoonnummer] over de lekkage" in shown
    chart = client.get(_base(pages) + f"/vraag/{question}/grafiek.png")
    assert chart.status_code == 200 and chart.data.startswith(b"\x89PNG")
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="coding.quote_approved").count() == 1


def test_open_question_without_coded_answers_says_so(pages, login):
    client = login(Role.LEZER)
    page = client.get(_base(pages) + f"/vraag/{pages['q']['open']}?gemeente={pages['wag_id']}")
    assert page.status_code == 200
    assert "Nog geen antwoorden gecodeerd" in page.get_data(as_text=True)


def test_a_survey_without_answers_has_nothing_to_code(app, login):
    with app.app_context():
        ede = GemeenteFactory(name="Ede")
        survey = make_survey(2027, [ede])
        question = next(q.id for q in survey.ordered_questions() if q.key == "open")
        ids = (survey.id, question)
        db.session.commit()
    client = login(Role.BESTUUR)
    index = client.get(f"/resultaten/{ids[0]}/open").get_data(as_text=True)
    assert "Nog geen antwoorden" in index and "codeboek is nog leeg" in index
    done = client.get(f"/resultaten/{ids[0]}/open/{ids[1]}/coderen")
    assert done.status_code == 200 and "nog niemand deze vraag" in done.get_data(as_text=True)
