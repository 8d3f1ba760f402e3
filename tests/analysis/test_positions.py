"""Positions: SMART check, workflow with audit, optimistic locking, live evidence with its
warnings, suggestions, the bod letter checks, scope and roles, and the paper's data."""

import io
import json
import re
from datetime import date

import pandas as pd
import pytest
from docx import Document as WordDocument
from sqlalchemy import func, select

from analysis import suppress
from analysis.positions import letters, operations, rules
from analysis.positions.evidence import Figures, describe
from analysis.positions.models import Bod, BodItem, Position, PositionStatus
from analysis.positions.paper import paper_positions
from analysis.suppress import SuppressionRule
from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.permissions import Role
from surveys.errors import ConflictError
from surveys.models import Survey, SurveyStatus
from tests.analysis.conftest import ede_values, make_survey, respond
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory

LONG = " ".join(["huurverlaging"] * 5000)
WORLD = "Gülşen Yılmaz, محمد, Łukasz Wójcik: huur omlaag"


def _question(survey, key):
    return next(q for q in survey.ordered_questions() if q.key == key)


def _position(results, **fields):
    return operations.create_position(
        results["survey"], results["ede"], theme="betaalbaarheid", title="Huur omlaag", **fields
    )


def test_five_thousand_words_and_text_outside_latin1_are_kept(results):
    position = _position(results, text=LONG, what=WORLD)
    db.session.flush()
    db.session.expire_all()
    found = db.session.get(Position, position.id)
    assert found.text == LONG and found.what == WORLD


def test_smart_check_names_the_missing_fields(results):
    position = _position(results, what="Huur bevriezen", who="Woonstichting")
    assert operations.missing(position) == [
        "Hoeveel",
        "Uiterlijk wanneer",
        "Indicator",
        "Hoe en wanneer het wordt gecontroleerd",
    ]


def test_workflow_moves_one_step_at_a_time_and_is_audited(results):
    position = _position(results)
    with pytest.raises(operations.PositionError):
        operations.step(position, "adopt", adopted_on=date(2027, 5, 1), reference="B1", by="x")
    operations.step(position, "propose")
    with pytest.raises(operations.PositionError):
        operations.step(position, "adopt", reference="B1", by="bestuur")  # no date
    operations.step(position, "adopt", adopted_on=date(2027, 5, 1), reference="B-12", by="bestuur")
    operations.step(position, "bring_in")
    operations.step(position, "outcome", outcome="partly", agreement="Huur +1 %")
    with pytest.raises(operations.PositionError):
        operations.step(position, "realisation", realisation="not", reason="")
    operations.step(position, "realisation", realisation="not", reason="Geen budget")
    assert position.status == PositionStatus.EVALUATED
    actions = list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.target_id == position.id)
            .order_by(AuditEvent.id)
        )
    )
    assert actions == [
        "positions.created",
        "positions.propose",
        "positions.adopt",
        "positions.bring_in",
        "positions.outcome",
        "positions.realisation",
    ]


def test_second_save_of_the_same_version_is_refused(results):
    position = _position(results)
    version = position.version
    operations.update_position(position, text="Eerste", version=version)
    with pytest.raises(ConflictError):
        operations.update_position(position, text="Tweede", version=version)
    assert position.text == "Eerste"


def test_evidence_is_live_and_warns_when_removed_changed_or_suppressed(results):
    survey, rule = results["survey"], SuppressionRule()
    position = _position(results)
    keuze = operations.add_evidence(position, _question(survey, "keuze"))
    eens = operations.add_evidence(position, _question(survey, "eens"))
    figures = Figures(survey, rule)
    first = figures.of(keuze, results["ede"].id)
    assert first.figure == "55\u00a0% “GROEN” (n = 40)" and first.warning is None
    # Wageningen has 3 answers: suppressed, no figure at all.
    small = Figures(survey, rule).of(keuze, results["wag"].id)
    assert small.figure is None and "Te weinig antwoorden" in small.warning
    # counts only between 10 and 30
    counts = Figures(survey, SuppressionRule(10, 50)).of(keuze, results["ede"].id)
    assert counts.figure == "22 van 40 “GROEN”" and "alleen aantallen" in counts.warning
    # the wording changes: the live figure stays, with a warning
    question = _question(survey, "eens")
    question.texts = {"nl": {"text": "Andere vraag?"}}
    db.session.flush()
    changed = Figures(survey, rule).of(eens, results["ede"].id)
    assert "veranderd" in changed.warning
    # removed: no figure, a warning
    leeg = operations.add_evidence(position, _question(survey, "leeg"))
    db.session.delete(_question(survey, "leeg"))
    db.session.flush()
    db.session.expire_all()
    gone = Figures(survey, rule).of(db.session.get(type(leeg), leeg.id), results["ede"].id)
    assert gone.figure is None
    assert "verwijderd" in gone.warning.lower() or "uit de vragenlijst" in gone.warning


def test_suggestions_show_rule_and_figures_and_become_concept_positions(results):
    survey = results["survey"]
    found = rules.suggestions(survey, results["ede"], SuppressionRule())
    priority = next(s for s in found if s.key.startswith("priority:"))
    assert "50\u00a0%" in priority.figures[0] and "eerste plaats" in priority.rule
    assert all(re.search(r"\d+\u00a0%.* van (de )?\d+", s.text) for s in found)  # with n
    position = operations.accept_suggestion(survey, results["ede"], priority)
    assert position.status == PositionStatus.CONCEPT
    assert [e.question_id for e in position.evidence] == [priority.question_id]
    operations.dismiss_suggestion(survey, results["ede"], priority.key)
    skip = operations.dismissed(survey.id, results["ede"].id)
    assert priority.key not in {
        s.key for s in rules.suggestions(survey, results["ede"], SuppressionRule(), skip)
    }


def _pdf(encrypt=False) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt="geheim" if encrypt else None)
    page.drawString(100, 700, "Bod 2027")
    page.save()
    return buffer.getvalue()


def test_bad_bod_letters_are_refused_in_dutch(ctx):
    assert letters.check_pdf(_pdf()) == 1
    with pytest.raises(operations.PositionError, match="geen PDF"):
        letters.check_pdf(b"PK\x03\x04 not a pdf")
    with pytest.raises(operations.PositionError, match="wachtwoord"):
        letters.check_pdf(_pdf(encrypt=True))
    with pytest.raises(operations.PositionError, match="groter dan 1 MB"):
        letters.check_pdf(_pdf() + b"0" * (1024 * 1024), max_mb=1)
    with pytest.raises(operations.PositionError, match="beschadigd"):
        letters.check_pdf(b"%PDF-1.4 broken")


def test_paper_positions_has_the_agreed_shape(results, app):
    survey, ede = results["survey"], results["ede"]
    position = _position(results, what="Huur", text=WORLD)
    operations.add_evidence(position, _question(survey, "keuze"))
    operations.step(position, "propose")
    operations.step(position, "adopt", adopted_on=date(2027, 5, 1), reference="B-1", by="bestuur")
    _position(results)  # a concept: not in the paper
    bod = operations.record_bod(ede, survey.year, received_on=date(2027, 6, 1))
    item = operations.add_bod_item(bod, theme="betaalbaarheid", offer="Huur +2 %", numbers="2 %")
    operations.react_to_item(item, "disagree", "Te hoog", [position])
    found = paper_positions(survey.id, ede.id)
    assert set(found) == {"decision", "positions", "bod", "lookback"}
    assert found["decision"] == {"date": date(2027, 5, 1), "reference": "B-1", "by": "bestuur"}
    [shown] = found["positions"]
    assert shown["id"] == position.id and shown["text"] == WORLD
    assert shown["type"] == "Intentie" and shown["status"] == "Vastgesteld door het bestuur"
    assert set(shown["smart"]) == {"what", "who", "how_much", "by_when", "indicator", "monitoring"}
    assert shown["evidence"][0]["figure"] == "55\u00a0% “GROEN” (n = 40)"
    assert found["bod"] == [
        {
            "theme": "betaalbaarheid",
            "item": "Huur +2 %",
            "numbers": "2 %",
            "reaction": "Wij zijn het er niet mee eens",
            "text": "Te hoog",
            "position_ids": [position.id],
        }
    ]
    assert found["lookback"] == []
    json.dumps(found, default=str)


# -- pages ---------------------------------------------------------------------------------
@pytest.fixture
def pages(app):
    """Ede (40 responses) and Wageningen (3) with a concept position of Ede, committed."""
    with app.app_context():
        corporation = CorporationFactory()
        ede, wag = GemeenteFactory(name="Ede"), GemeenteFactory(name="Wageningen")
        corporation.gemeenten = [ede, wag]
        survey = make_survey(2027, [ede, wag])
        for i in range(40):
            respond(survey, HouseholdFactory(corporation=corporation, gemeente=ede), ede_values(i))
        for _ in range(3):
            respond(
                survey, HouseholdFactory(corporation=corporation, gemeente=wag), {"keuze": "huur"}
            )
        db.session.flush()
        position = operations.create_position(
            survey, ede, theme="betaalbaarheid", title="Huur omlaag"
        )
        other = operations.create_position(
            survey, wag, theme="kwaliteit", title="Sneller repareren"
        )
        operations.add_evidence(other, _question(survey, "keuze"))
        ids = {
            "survey": survey.id,
            "ede": ede,
            "wag": wag,
            "ede_id": ede.id,
            "wag_id": wag.id,
            "position": position.id,
            "version": position.version,
            "other": other.id,
            "keuze": _question(survey, "keuze").id,
            "corporation": corporation.id,
        }
        db.session.commit()
    return ids


def _edit(client, pages, version, text):
    return client.post(
        f"/standpunten/{pages['survey']}/standpunt/{pages['position']}",
        data={
            "title": "Huur omlaag",
            "theme": "betaalbaarheid",
            "kind": "intentie",
            "text": text,
            "version": version,
        },
    )


def test_two_board_members_editing_one_position_lose_nothing(app, pages, login):
    client = login(Role.BESTUUR)
    assert _edit(client, pages, pages["version"], "Tekst van Anna").status_code == 302
    second = _edit(client, pages, pages["version"], "Tekst van Bram")
    page = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "Iemand anders heeft dit standpunt opgeslagen" in page
    assert "Tekst van Anna" in page and "Tekst van Bram" in page
    with app.app_context():
        assert db.session.get(Position, pages["position"]).text == "Tekst van Anna"


def test_long_and_non_latin_text_round_trips_through_the_page(app, pages, login):
    client = login(Role.BESTUUR)
    assert _edit(client, pages, pages["version"], LONG + "\n" + WORLD).status_code == 302
    page = client.get(f"/standpunten/{pages['survey']}/standpunt/{pages['position']}")
    assert WORLD in page.get_data(as_text=True)


def test_reader_reads_but_may_not_edit(pages, login):
    client = login(Role.LEZER)
    assert (
        client.get(f"/standpunten/{pages['survey']}/gemeente/{pages['ede_id']}").status_code == 200
    )
    page = client.get(f"/standpunten/{pages['survey']}/standpunt/{pages['position']}")
    assert page.status_code == 200 and "Standpunt opslaan" not in page.get_data(as_text=True)
    assert _edit(client, pages, pages["version"], "x").status_code == 403
    url = f"/standpunten/{pages['survey']}/standpunt/{pages['position']}/stap"
    assert client.post(url, data={"action": "propose"}).status_code == 403


def test_board_member_of_one_gemeente_gets_403_on_another(pages, login):
    client = login(Role.BESTUUR, gemeenten=[pages["ede"]])
    base = f"/standpunten/{pages['survey']}"
    assert client.get(f"{base}/standpunt/{pages['other']}").status_code == 403
    assert client.get(f"{base}/gemeente/{pages['wag_id']}").status_code == 403
    assert client.get(f"{base}/gemeente/{pages['wag_id']}/bod").status_code == 403
    assert _edit(client, pages, pages["version"], "Eigen gemeente").status_code == 302


def test_suppressed_evidence_shows_a_warning_and_no_figure(pages, login):
    client = login(Role.BESTUUR)
    page = client.get(f"/standpunten/{pages['survey']}/standpunt/{pages['other']}").get_data(
        as_text=True
    )
    assert "Te weinig antwoorden" in page and "(n = 3)" not in page


def test_bod_letters_that_are_bad_get_a_dutch_message_and_nothing_is_stored(app, pages, login):
    client = login(Role.BESTUUR)
    url = f"/standpunten/{pages['survey']}/gemeente/{pages['ede_id']}/bod"
    app.config["BOD_PDF_MAX_MB"] = 0.1
    try:
        for content, message in (
            (b"<html>nee</html>", "geen PDF"),
            (_pdf(encrypt=True), "wachtwoord"),
            (_pdf() + b"0" * 110_000, "groter dan 0,1 MB"),
        ):
            answer = client.post(
                url,
                data={"letter": (io.BytesIO(content), "bod.pdf"), "received_on": "2027-06-01"},
                content_type="multipart/form-data",
            )
            assert answer.status_code == 400 and message in answer.get_data(as_text=True)
        with app.app_context():
            assert db.session.scalar(select(func.count(Bod.id))) == 0
        good = client.post(
            url,
            data={
                "letter": (io.BytesIO(_pdf()), "bod.pdf"),
                "received_on": "2027-06-01",
                "reaction_due": "2027-07-01",
                "corporation": str(pages["corporation"]),
            },
            content_type="multipart/form-data",
        )
        assert good.status_code == 302
    finally:
        app.config["BOD_PDF_MAX_MB"] = 20
    with app.app_context():
        bod = db.session.scalar(select(Bod))
        bod_id = bod.id
    download = client.get(f"{url}/{bod_id}/brief")
    content = download.data
    download.close()
    assert content.startswith(b"%PDF-")
    assert (
        client.post(
            f"{url}/{bod_id}/punt",
            data={f"b{bod_id}-theme": "betaalbaarheid", f"b{bod_id}-offer": "Huur +2 %"},
        ).status_code
        == 302
    )
    with app.app_context():
        item_id = db.session.scalar(select(BodItem.id))
    answer = client.post(
        f"{url}/{bod_id}/punt/{item_id}",
        data={f"r{item_id}-reaction": "ask_more", f"r{item_id}-text": "Wij vragen 0 %"},
    )
    assert answer.status_code == 302
    assert "Wij vragen om meer" in client.get(url).get_data(as_text=True)


def test_next_years_overview_looks_back_on_last_years_positions(app, pages, login):
    """Last year's adopted positions carry into this year's view with what became of them;
    each links to its own page, where the board records how it went."""
    with app.app_context():
        ede = db.session.get(Gemeente, pages["ede_id"])
        last = make_survey(2026, [ede], status=SurveyStatus.CLOSED)
        done = operations.create_position(last, ede, theme="kwaliteit", title="Snel repareren")
        operations.step(done, "propose")
        operations.step(done, "adopt", adopted_on=date(2026, 5, 1), reference="B-7", by="bestuur")
        operations.step(done, "bring_in")
        agreed = "Reparaties binnen 10 werkdagen"
        operations.step(done, "outcome", outcome="agreed", agreement=agreed)
        operations.step(done, "realisation", realisation="partly", reason="Personeelstekort")
        operations.create_position(last, ede, theme="zorg", title="Nooit vastgesteld")
        db.session.commit()
        done_id, last_id = done.id, last.id
    page = login(Role.BESTUUR).get(f"/standpunten/{pages['survey']}/gemeente/{pages['ede_id']}")
    text = page.get_data(as_text=True)
    assert "Terugblik: Raadpleging 2026" in text
    assert "Snel repareren" in text and agreed in text and "Nooit vastgesteld" not in text
    assert f"/standpunten/{last_id}/standpunt/{done_id}" in text
    assert "oranje" in text


def test_a_koepel_position_shows_a_scoped_reader_the_figure_of_their_own_gemeenten(
    app, pages, login
):
    """Ede's reader sees the koepel position's figure over Ede alone (n = 40), never one that
    takes in Wageningen's 3 suppressed answers (n = 43), on the page and in the paper."""
    with app.app_context():
        survey = db.session.get(Survey, pages["survey"])
        koepel = operations.create_position(survey, None, theme="kwaliteit", title="Voor allen")
        operations.add_evidence(koepel, _question(survey, "keuze"))
        db.session.commit()
        koepel_id = koepel.id
    client = login(Role.LEZER, gemeenten=[pages["ede"]])
    page = client.get(f"/standpunten/{pages['survey']}/standpunt/{koepel_id}").text
    assert "(n = 40)" in page and "(n = 43)" not in page
    paper = f"/resultaten/{pages['survey']}/standpunten/koepel/downloaden"
    word = client.post(paper, data={"what": "paper-docx"})
    assert word.status_code == 200
    assert "n = 43" not in " ".join(p.text for p in WordDocument(io.BytesIO(word.data)).paragraphs)


def test_a_matrix_statement_too_small_for_a_figure_is_never_the_key_figure():
    meta = pd.Series({"measure": "matrix"})
    summary = pd.DataFrame(
        [
            {"row_label": "Groot", "base": 40, "agree_share": 0.5, "tier": suppress.FULL},
            {"row_label": "Klein", "base": 4, "agree_share": 1.0, "tier": suppress.SUPPRESSED},
        ]
    )
    figure = describe(meta, pd.DataFrame(), summary, suppress.FULL)
    assert "Groot" in figure and "(n = 40)" in figure and "Klein" not in figure
    summary.loc[1, ["base", "tier"]] = [20, suppress.COUNTS_ONLY]  # counts, never a share
    figure = describe(meta, pd.DataFrame(), summary, suppress.FULL)
    assert "Klein" in figure and "20" in figure and "%" not in figure


def test_the_evidence_of_an_adopted_position_stays_as_the_board_adopted_it(results):
    survey = results["survey"]
    position = _position(results)
    keuze = operations.add_evidence(position, _question(survey, "keuze"))
    operations.step(position, "propose")
    operations.step(position, "adopt", adopted_on=date(2027, 5, 1), reference="B-1", by="bestuur")
    with pytest.raises(operations.PositionError, match="vastgesteld|no longer edited"):
        operations.remove_evidence(keuze)
    with pytest.raises(operations.PositionError, match="vastgesteld|no longer edited"):
        operations.add_evidence(position, _question(survey, "eens"))
    assert [e.question_id for e in position.evidence] == [keuze.question_id]


def test_a_bod_of_another_year_is_not_reached_through_this_years_survey(app, pages, login):
    with app.app_context():
        ede = db.session.get(Gemeente, pages["ede_id"])
        old = operations.record_bod(ede, 2026, received_on=date(2026, 6, 1))
        db.session.commit()
        old_id = old.id
    client = login(Role.BESTUUR)
    base = f"/standpunten/{pages['survey']}/gemeente/{pages['ede_id']}/bod/{old_id}"
    added = client.post(base + "/punt", data={f"b{old_id}-theme": "kwaliteit"})
    assert added.status_code == 404
    assert client.get(base + "/brief").status_code == 404
    with app.app_context():
        assert not db.session.get(Bod, old_id).items
