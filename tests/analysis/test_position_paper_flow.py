"""The board's whole way, through the pages: accept a suggestion from the results, write it
in SMART form, adopt it, record the corporation's bod and react to an item, then download the
gemeente's paper as Word and PDF and find all of it there, with the live figure."""

import io
import re

import pypdfium2
from docx import Document as WordDocument

from analysis.positions.models import BodItem, Position
from consult.extensions import db
from consult.permissions import Role
from tests.analysis.test_positions import pages  # noqa: F401 (fixture)


def _version(client, url: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', client.get(url).text).group(1)


def _pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pdf)


def test_board_member_goes_from_suggestion_to_paper(app, pages, login):  # noqa: F811
    client = login(Role.BESTUUR, gemeenten=[pages["ede"]])
    base = f"/standpunten/{pages['survey']}/gemeente/{pages['ede_id']}"
    # 1. a suggestion from the results becomes a draft position with its evidence linked
    found = client.get(base + "/voorstellen").text
    key = re.search(r'name="key" value="([^"]+)"', found).group(1)
    made = client.post(base + "/voorstellen", data={"key": key, "accept": "1"})
    assert made.status_code == 302 and "/standpunt/" in made.headers["Location"]
    url = made.headers["Location"]
    position_id = int(url.rsplit("/", 1)[1])
    # 2. written in SMART form
    saved = client.post(
        url,
        data={
            "title": "Groen in elke wijk",
            "theme": "leefbaarheid",
            "kind": "kwantitatief",
            "text": "Huurders willen meer groen; de corporatie legt per wijk een tuin aan.",
            "what": "Een gemeenschappelijke tuin per wijk",
            "who": "Mooiland met de gemeente",
            "how_much": "4 tuinen",
            "by_when": "eind 2028",
            "indicator": "aantal aangelegde tuinen",
            "monitoring": "jaarlijkse schouw met de huurdersorganisatie",
            "offer": "Vrijwilligers helpen bij het onderhoud",
            "version": _version(client, url),
        },
    )
    assert saved.status_code == 302, saved.text[:500]
    assert "Ontbreekt" not in client.get(url).text
    # 3. proposed and adopted by the board
    for action, extra in (
        ("propose", {}),
        ("adopt", {"adopted_on": "2027-05-12", "reference": "BV-2027-07", "by": "Bestuur"}),
    ):
        stepped = client.post(
            url + "/stap", data={"action": action, "version": _version(client, url), **extra}
        )
        assert stepped.status_code == 302
    with app.app_context():
        assert str(db.session.get(Position, position_id).status) == "adopted"
    # 4. the bod and our reaction to one of its items
    recorded = client.post(
        base + "/bod", data={"corporation": str(pages["corporation"]), "reaction_due": ""}
    )
    assert recorded.status_code == 302, recorded.text[:800]
    bod_page = client.get(base + "/bod").text
    bod_id = re.search(r"/bod/(\d+)/punt", bod_page).group(1)
    added = client.post(
        f"{base}/bod/{bod_id}/punt",
        data={
            f"b{bod_id}-theme": "leefbaarheid",
            f"b{bod_id}-offer": "Twee nieuwe speeltuinen",
            f"b{bod_id}-numbers": "2",
        },
    )
    assert added.status_code == 302
    with app.app_context():
        item = db.session.query(BodItem).one()
        item_id, item_version = item.id, item.version
    reacted = client.post(
        f"{base}/bod/{bod_id}/punt/{item_id}",
        data={
            f"r{item_id}-reaction": "ask_more",
            f"r{item_id}-text": "Wij vragen ook een tuin per wijk.",
            f"r{item_id}-positions": [str(position_id)],
            f"r{item_id}-version": str(item_version),
        },
    )
    assert reacted.status_code == 302
    # 5. the paper holds the position, its live figure, the bod item and the reaction
    paper = f"/resultaten/{pages['survey']}/standpunten/{pages['ede_id']}/downloaden"
    word = client.post(paper, data={"what": "paper-docx"})
    assert word.status_code == 200, word.text.split("<main")[1][:1500]
    docx = WordDocument(io.BytesIO(word.data))
    text = " ".join(p.text for p in docx.paragraphs)
    text += " ".join(c.text for t in docx.tables for row in t.rows for c in row.cells)
    pdf = _pdf_text(client.post(paper, data={"what": "paper-pdf"}).data)
    with app.app_context():
        from analysis.positions.paper import paper_positions

        shown = paper_positions(pages["survey"], pages["ede_id"])
    (ours,) = [p for p in shown["positions"] if p["id"] == position_id]
    figure = ours["evidence"][0]["figure"]
    assert figure and "n = " in figure
    for expected in (
        "Groen in elke wijk",
        "Een gemeenschappelijke tuin per wijk",
        "BV-2027-07",
        "Twee nieuwe speeltuinen",
        "Wij vragen ook een tuin per wijk.",
    ):
        assert expected in text, expected
        assert expected in pdf, expected
    assert figure in text and figure.replace("\xa0", " ") in pdf.replace("\xa0", " ")
