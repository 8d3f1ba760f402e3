"""Page weight of the tenant pages: compressed bytes per page type, with the stylesheet.

Builds the demo survey in a fresh SQLite database, walks a tenant through it with the test
client and measures every page type (code page, start, each question type, a page with an
error, check, confirmation, privacy) as served: HTML plus every stylesheet and script it
links, each gzip-compressed (level 6, as nginx does by default). Target: at most 50 KB per
page including its CSS/JS. Prints a table and a JSON line.

    .venv/bin/python -m bench.page_weight
"""

import gzip
import json
import os
import platform
import re
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

TARGET = 50 * 1024
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"')


def _app(instance: Path):
    os.environ["CONSULT_INSTANCE_PATH"] = str(instance)
    from flask_migrate import upgrade

    from consult import create_app
    from consult.extensions import db

    app = create_app(
        {
            "CONSULT_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/weight.db",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        db.session.commit()
    return app


def _survey(app) -> list[str]:
    from sqlalchemy import select

    from consult.extensions import db
    from surveys.builder import demo
    from surveys.invitations import operations as invitations
    from surveys.invitations.models import Invitation
    from surveys.models import Survey, SurveyStatus
    from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory

    with app.app_context():
        gemeente, corporation = GemeenteFactory(name="Bernheze"), CorporationFactory()
        for _ in range(2):
            HouseholdFactory(gemeente=gemeente, corporation=corporation)
        demo.load(seed=1, echo=lambda *_: None)
        survey = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.OPEN))
        survey.opens_on, survey.closes_on = (
            date.today() - timedelta(days=1),
            date.today() + timedelta(days=30),
        )
        invitations.create_invitations(survey)
        codes = [invitations.clear_code(i) for i in db.session.scalars(select(Invitation))]
        db.session.commit()
        return codes


def _weight(client, html: str) -> dict:
    raw = html.encode()
    sizes = {"html": len(gzip.compress(raw, 6)), "html_raw": len(raw), "assets": 0}
    for url in ASSET.findall(html):
        body = client.get(url).get_data()
        sizes["assets"] += len(gzip.compress(body, 6))
    sizes["total"] = sizes["html"] + sizes["assets"]
    return sizes


def _kind(html: str) -> str:
    if "<textarea" in html:
        return "question: open text"
    if "<select" in html:
        return "question: ranking"
    if 'class="number-input"' in html:
        return "question: number"
    if 'class="grades"' in html:
        return "question: grade 1-10"
    if 'class="statement"' in html:
        return "question: matrix statement"
    if 'type="checkbox"' in html:
        return "question: multiple choice"
    return "question: single choice / scale"


def _answer(html: str) -> dict:
    if "<textarea" in html:
        return {"answer": "Meer groen in de wijk"}
    ranks = re.findall(r'<select id="(rank-[^"]+)"', html)
    if ranks:
        return {name: str(i + 1) for i, name in enumerate(ranks[:3])}
    if 'class="number-input"' in html:
        return {"answer": "12"}
    values = re.findall(r'name="answer" value="([^"]+)"', html)
    return {"answer": values[0]}


def measure() -> dict:
    """Weights per page type."""
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        codes = _survey(app)
        client = app.test_client()
        pages = {"code page (site root)": client.get("/").get_data(as_text=True)}
        pages["code page with an error"] = client.post("/code", data={"code": "x"}).get_data(
            as_text=True
        )
        client.post("/code", data={"code": codes[0]})
        pages["survey start page"] = client.get("/vragenlijst").get_data(as_text=True)
        location = client.post("/vragenlijst").headers["Location"]
        while "/vraag/" in location:
            html = client.get(location).get_data(as_text=True)
            pages.setdefault(_kind(html), html)
            if 'class="number-input"' in html and "question with an error" not in pages:
                pages["question with an error"] = client.post(
                    location, data={"answer": "veel"}
                ).get_data(as_text=True)
            location = client.post(location, data=_answer(html)).headers["Location"]
        pages["check your answers"] = client.get(location).get_data(as_text=True)
        done = client.post("/vragenlijst/versturen").headers["Location"]
        pages["confirmation"] = client.get(done).get_data(as_text=True)
        pages["privacy"] = client.get("/privacy").get_data(as_text=True)
        return {name: _weight(client, html) for name, html in pages.items()}


def main() -> int:
    results = measure()
    print(f"Tenant page weight (gzip -6), {platform.node()} {date.today().isoformat()}")
    print(f"{'page type':<34}{'HTML raw':>10}{'HTML gz':>9}{'CSS/JS gz':>11}{'total gz':>10}  ok")
    worst = 0
    for name, size in results.items():
        worst = max(worst, size["total"])
        ok = "yes" if size["total"] <= TARGET else "NO"
        print(
            f"{name:<34}{size['html_raw']:>10}{size['html']:>9}{size['assets']:>11}"
            f"{size['total']:>10}  {ok}"
        )
    print(f"largest page: {worst / 1024:.1f} KB of {TARGET // 1024} KB")
    print(json.dumps({"page_weight": results, "largest": worst, "target": TARGET}))
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
