"""The positions pages in a real browser: accessible on phone and desktop, with a board
member accepting a suggestion, adopting the position and reacting to a bod item."""

import os
import re
from datetime import date

import pypdfium2
import pytest
from docx import Document as WordDocument

from analysis.positions import operations
from consult.extensions import db
from surveys.models import SurveyStatus
from tests.analysis.conftest import ede_values, make_survey, respond
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory

SHOTS = os.environ.get("POSITIONS_SCREENSHOTS")  # a folder to keep screenshots in, when set


@pytest.fixture
def world(app):
    with app.app_context():
        corporation = CorporationFactory()
        ede = GemeenteFactory(name="Ede")
        corporation.gemeenten = [ede]
        survey = make_survey(2027, [ede, GemeenteFactory(name="Wageningen")])
        themes = {"keuze": "betaalbaarheid", "eens": "betaalbaarheid", "stellingen": "kwaliteit"}
        for question in survey.ordered_questions():  # themed: the paper charts them
            question.theme = themes.get(question.key)
        for i in range(40):
            respond(survey, HouseholdFactory(corporation=corporation, gemeente=ede), ede_values(i))
        db.session.flush()
        keuze = next(q for q in survey.ordered_questions() if q.key == "keuze")
        position = operations.create_position(
            survey,
            ede,
            theme="betaalbaarheid",
            title="Huur omlaag",
            text="Gülşen: " + "huur " * 300,
        )
        operations.add_evidence(position, keuze)
        adopted = operations.create_position(
            survey, ede, theme="kwaliteit", title="Sneller repareren"
        )
        operations.step(adopted, "propose")
        operations.step(
            adopted, "adopt", adopted_on=date(2027, 5, 1), reference="B-1", by="bestuur"
        )
        last = make_survey(2026, [ede], status=SurveyStatus.CLOSED)  # for the look back
        done = operations.create_position(last, ede, theme="kwaliteit", title="Snel repareren")
        operations.step(done, "propose")
        operations.step(done, "adopt", adopted_on=date(2026, 5, 1), reference="B-7", by="bestuur")
        operations.step(done, "bring_in")
        operations.step(done, "outcome", outcome="partly", agreement="Binnen 10 werkdagen")
        operations.step(done, "realisation", realisation="not", reason="Personeelstekort")
        bod = operations.record_bod(ede, 2027, corporation, received_on=date(2027, 6, 1))
        operations.add_bod_item(bod, theme="kwaliteit", offer="Reparaties binnen 10 dagen")
        db.session.commit()
        return {"survey": survey.id, "ede": ede.id, "position": position.id}


@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 1280, "height": 900}],
    ids=["phone", "desktop"],
)
def test_positions_pages_pass_axe_on_phone_and_desktop(new_context, staff_user, world, viewport):
    page = new_context(viewport=viewport).new_page()
    email, password = staff_user("bestuur")
    sign_in(page, email, password)
    base = f"/standpunten/{world['survey']}"
    paths = [
        base,
        f"{base}/gemeente/{world['ede']}",
        f"{base}/standpunt/{world['position']}",
        f"{base}/gemeente/{world['ede']}/voorstellen",
        f"{base}/gemeente/{world['ede']}/bod",
        f"{base}/gemeente/{world['ede']}/nieuw",
    ]
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("load")
        if SHOTS:
            name = path.strip("/").replace("/", "-")
            page.screenshot(path=f"{SHOTS}/{viewport['width']}-{name}.png", full_page=True)
        violations = axe_violations(page)
        assert violations == [], f"{path}: " + describe_violations(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path


def test_board_member_accepts_a_suggestion_and_proposes_it(new_context, staff_user, world):
    page = new_context().new_page()
    email, password = staff_user("bestuur")
    sign_in(page, email, password)
    page.goto(f"/standpunten/{world['survey']}/gemeente/{world['ede']}/voorstellen")
    page.get_by_role("button", name="Maak er een conceptstandpunt van").first.click()
    page.wait_for_load_state("load")
    assert "Conceptstandpunt gemaakt" in page.content()
    page.get_by_role("button", name="Voorleggen aan het bestuur").click()
    page.wait_for_load_state("load")
    assert "Voorgelegd aan het bestuur" in page.content()


def test_board_member_goes_from_suggestion_to_downloaded_paper(
    new_context, staff_user, world, tmp_path
):
    """The whole way in the browser: accept a suggestion, write it in SMART form, adopt it,
    add a bod item and react to it, download the gemeente's paper as Word and PDF, and find
    it all there: read back with python-docx, the PDF's pages rendered to images."""
    page = new_context().new_page()
    sign_in(page, *staff_user("bestuur"))
    base = f"/standpunten/{world['survey']}/gemeente/{world['ede']}"
    page.goto(base + "/voorstellen")
    page.get_by_role("button", name="Maak er een conceptstandpunt van").first.click()
    page.wait_for_load_state("load")
    assert "/standpunt/" in page.url
    smart = {
        "title": "Groen in elke wijk",
        "text": "Huurders willen meer groen; de corporatie legt per wijk een tuin aan.",
        "what": "Een gemeenschappelijke tuin per wijk",
        "who": "Mooiland met de gemeente",
        "how_much": "4 tuinen",
        "by_when": "eind 2028",
        "indicator": "aantal aangelegde tuinen",
        "monitoring": "jaarlijkse schouw met de huurdersorganisatie",
        "offer": "Vrijwilligers helpen bij het onderhoud",
    }
    for name, value in smart.items():
        page.locator(f'[name="{name}"]').fill(value)
    page.locator('[name="kind"]').select_option("kwantitatief")
    page.get_by_role("button", name="Standpunt opslaan").click()
    page.wait_for_load_state("load")
    assert "Ontbreekt" not in page.content()
    page.get_by_role("button", name="Voorleggen aan het bestuur").click()
    page.wait_for_load_state("load")
    page.locator('[name="adopted_on"]').fill("2027-05-12")
    page.locator('[name="reference"]').fill("BV-2027-07")
    page.locator('[name="by"]').fill("Bestuur")
    page.get_by_role("button", name="Vastgesteld door het bestuur").click()
    page.wait_for_load_state("load")
    assert "BV-2027-07" in page.content()
    # the bod: a new item, and our reaction to it linked to the position
    page.goto(base + "/bod")
    page.locator('[name$="-offer"]').fill("Twee nieuwe speeltuinen")
    page.locator('[name$="-numbers"]').fill("2")
    page.get_by_role("button", name="Punt toevoegen").click()
    page.wait_for_load_state("load")
    item = page.locator("article", has_text="Twee nieuwe speeltuinen")
    item.locator('[name$="-reaction"]').select_option("ask_more")
    item.locator('[name$="-text"]').fill("Wij vragen ook een tuin per wijk.")
    item.get_by_label("Groen in elke wijk").check()
    item.get_by_role("button", name="Reactie opslaan").click()
    page.wait_for_load_state("load")
    assert "Wij vragen ook een tuin per wijk." in page.content()
    # the paper, downloaded as Word and as PDF
    page.goto(f"/resultaten/{world['survey']}/standpunten/{world['ede']}")
    files = {}
    for what in ("paper-docx", "paper-pdf"):
        page.locator("#what").select_option(what)
        with page.expect_download() as download:
            page.get_by_role("button", name="Downloaden").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        files[what] = path
    word = WordDocument(str(files["paper-docx"]))
    text = " ".join(p.text for p in word.paragraphs)
    text += " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    assert word.inline_shapes  # the charts
    pdf = pypdfium2.PdfDocument(str(files["paper-pdf"]))
    pdf_text = " ".join(" ".join(p.get_textpage().get_text_range().split()) for p in pdf)
    for expected in (*smart.values(), "BV-2027-07", "Twee nieuwe speeltuinen", "Wij vragen ook"):
        assert expected in text, expected
        assert expected in pdf_text, expected
    assert re.search(r"\d+\s%.*\(n = \d+\)", pdf_text)  # a live key figure with its n
    image_object = [pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]
    with_chart = [i for i in range(len(pdf)) if list(pdf[i].get_objects(filter=image_object))]
    assert with_chart
    image = pdf[with_chart[0]].render(scale=1).to_pil().convert("RGB")
    colours = image.getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 50  # a drawn chart, not a blank or black box
    if SHOTS:
        image.save(f"{SHOTS}/paper-page-{with_chart[0] + 1}.png")
    pdf.close()
