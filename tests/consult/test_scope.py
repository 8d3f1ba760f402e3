"""Every route that names an object keeps users limited to some gemeenten inside them.

The test walks the URL map: for every route with an object id it builds objects of a
gemeente outside the user's scope and asks for them with GET and POST, as a board member, a
reader and a volunteer limited to another gemeente. A route added later (results, papers,
scans) is covered as soon as its id argument is registered, and a route whose id argument is
not registered fails the first test.
"""

import re
from dataclasses import dataclass

import pytest

from analysis.coding.models import AnswerCode
from analysis.positions.models import Bod, BodItem, Position, PositionEvidence
from consult import scope
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.permissions import Permission, Role, required_permission
from surveys.keying.models import KeyedForm, KeyedStatus, KeyingEntry
from surveys.models import BankQuestion, Channel, DuplicateCase, Response, SurveyStatus
from surveys.paper.models import BlankFormBatch, LetterBatch
from surveys.scans.models import ScanBatch, ScanFile, ScanPage
from surveys.themes import Theme
from tests.factories import (
    PASSWORD,
    CorporationFactory,
    GemeenteFactory,
    HouseholdFactory,
    UserFactory,
)
from tests.surveys.conftest import build_survey

SCOPED_ROLES = (Role.BESTUUR, Role.LEZER, Role.VRIJWILLIGER)
OTHER_ARGUMENTS = {
    "lang": "nl",
    "status": "gesloten",
    "kind": "pdf",
    "direction": "omhoog",
    "row": "r1",
}
_INT = re.compile(r"<int:(\w+)>")


def _routes(app):
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if required_permission(rule.endpoint) is Permission.PUBLIC:
                continue
            ids = _INT.findall(rule.rule)
            if ids:
                yield rule, ids


def test_every_object_argument_of_a_route_is_scoped(app):
    unknown = sorted(
        f"{rule.rule}: {name}"
        for rule, ids in _routes(app)
        for name in ids
        if name not in scope.kinds()
    )
    assert unknown == [], "route arguments that no scope.register() covers: " + ", ".join(unknown)


@dataclass
class World:
    """Ids for the route arguments (objects of the outside gemeente), and the user's own."""

    ids: dict[str, int]
    own: int  # the scoped users' gemeente


def _survey(board, gemeenten):
    survey = build_survey(board, gemeenten[0])
    survey.gemeenten = list(gemeenten)
    survey.status = SurveyStatus.OPEN
    db.session.flush()
    return survey


def _build(app, shared: bool) -> World:
    """Objects of gemeente B; with shared, in a survey of A and B (else of B alone)."""
    with app.app_context():
        own, other = GemeenteFactory(name="Bernheze"), GemeenteFactory(name="Boxtel")
        admin = UserFactory(role="admin")
        survey = _survey(admin, [own, other] if shared else [other])
        household = HouseholdFactory(gemeente=other, corporation=CorporationFactory())
        corporation = CorporationFactory()
        corporation.gemeenten = [other]
        response = Response(survey=survey, household=household, channel=Channel.KEYED)
        keyed = KeyedForm(
            survey=survey, household=household, response=response, status=KeyedStatus.DIFFERENCES
        )
        entry = KeyingEntry(form=keyed, number=1, entered_by=UserFactory(role="vrijwilliger"))
        case = DuplicateCase(survey_id=survey.id, household=household)
        letters = LetterBatch(survey=survey, gemeente=other, file_token=f"t{shared}{other.id}")
        blank = BlankFormBatch(survey=survey, first_serial=1, count=5, language="nl")
        bank = BankQuestion(key="scope_test", theme=Theme.LEEFBAARHEID, qtype="open")
        outsider = UserFactory(role="bestuur")
        outsider.gemeenten = [other]
        code = AnswerCode(survey=survey, label="Huur te hoog")
        scans = ScanBatch(survey=survey, gemeente_ids=[other.id])
        scan_file = ScanFile(batch=scans, position=1, name="stapel.pdf")
        scan_page = ScanPage(
            batch=scans, file=scan_file, index=1, status="no_qr", household=household
        )
        section = survey.sections[0]
        position = Position(survey=survey, gemeente=other, theme="betaalbaarheid", title="Huur")
        evidence = PositionEvidence(position=position, question=section.questions[0])
        bod = Bod(gemeente=other, year=survey.year)
        item = BodItem(bod=bod, theme="betaalbaarheid", offer="Huur +2 %")
        db.session.add_all([response, keyed, entry, case, letters, blank, bank, code])
        db.session.add_all([position, evidence, bod, item])
        db.session.add_all([scans, scan_file, scan_page])
        db.session.flush()
        world = World(
            ids={
                "survey_id": survey.id,
                "section_id": section.id,
                "question_id": section.questions[0].id,
                "gemeente_id": other.id,
                "corporation_id": corporation.id,
                "user_id": outsider.id,
                "response_id": response.id,
                "form_id": keyed.id,
                "entry_id": entry.id,
                "case_id": case.id,
                "batch_id": letters.id,
                "scan_batch_id": scans.id,
                "scan_page_id": scan_page.id,
                "blank_id": blank.id,
                "bank_id": bank.id,
                "code_id": code.id,
                "position_id": position.id,
                "evidence_id": evidence.id,
                "bod_id": bod.id,
                "item_id": item.id,
            },
            own=own.id,
        )
        db.session.commit()
        return world


def _url(rule, world: World) -> str:
    path = rule.rule
    for name, value in {**world.ids, **OTHER_ARGUMENTS}.items():
        path = re.sub(rf"<(?:[^:<>]+:)?{name}(?:\([^)]*\))?>", str(value), path)
    path = re.sub(r"<any\(([^,)]+)[^)]*\):(\w+)>", r"\1", path)
    assert "<" not in path, f"no value for an argument of {rule.rule}"
    return path


def _sign_in(client, app, role: Role, gemeente_id: int) -> None:
    with app.app_context():
        user = UserFactory(role=role.value)
        user.gemeenten = [db.session.get(Gemeente, gemeente_id)]
        db.session.commit()
        email = user.email
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302


def _refused(client, method: str, url: str) -> int:
    response = client.open(url, method=method, data={})
    return response.status_code


@pytest.mark.parametrize("role", SCOPED_ROLES, ids=lambda r: r.value)
def test_objects_of_another_gemeente_are_refused_on_every_route(app, client, role):
    world = _build(app, shared=False)
    _sign_in(client, app, role, world.own)
    let_through = []
    for rule, ids in _routes(app):
        if all(scope.kinds()[name].everyone for name in ids):
            continue  # reference data of the whole koepel (the question bank)
        url = _url(rule, world)
        for method in sorted(rule.methods & {"GET", "POST"}):
            status = _refused(client, method, url)
            if status not in (403, 404):
                let_through.append(f"{method} {url} ({rule.endpoint}): {status}")
    assert let_through == []


DATA_ARGUMENTS = {
    "gemeente_id",
    "user_id",
    "response_id",
    "form_id",
    "entry_id",
    "case_id",
    "batch_id",
    "scan_batch_id",
    "scan_page_id",
}


@pytest.mark.parametrize("role", SCOPED_ROLES, ids=lambda r: r.value)
def test_data_of_another_gemeente_in_a_shared_survey_is_refused(app, client, role):
    world = _build(app, shared=True)
    _sign_in(client, app, role, world.own)
    let_through, checked = [], 0
    for rule, ids in _routes(app):
        view = app.view_functions[rule.endpoint]
        within = getattr(view, "scope_within", frozenset())
        reaches_data = bool(DATA_ARGUMENTS & set(ids))
        url = _url(rule, world)
        for method in sorted(rule.methods & {"GET", "POST"}):
            changes_shared = method == "POST" and not (
                set(ids) - DATA_ARGUMENTS - {"bank_id"} <= within
            )
            if not (reaches_data or changes_shared):
                continue  # a shared object the user may see, or act on within their gemeenten
            checked += 1
            status = _refused(client, method, url)
            if status not in (403, 404):
                let_through.append(f"{method} {url} ({rule.endpoint}): {status}")
    assert checked > 40
    assert let_through == []


def test_lists_of_surveys_leave_out_surveys_of_other_gemeenten(app, client):
    world = _build(app, shared=False)
    _sign_in(client, app, Role.BESTUUR, world.own)
    for path in ("/vragenlijsten/", "/papier", "/invoeren?alle=1", "/veldwerk/"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "Raadpleging 2027" not in page.get_data(as_text=True), path


def test_views_take_route_objects_from_the_scope_check():
    """No view loads an object by id past the scope check (``db.get_or_404``)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for package in ("consult", "surveys", "analysis")
        for path in (root / package).rglob("*.py")
        if "get_or_404" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_pages_shown_with_get_write_nothing(app, client):
    """A GET only reads. Two records are kept on purpose: downloads are written to the audit
    log, and a printed form's layout is saved the first time (the scanner reads it back by
    the revision the form's QR code carries)."""
    from sqlalchemy import event

    world = _build(app, shared=True)
    with app.app_context():
        admin = UserFactory(role="admin")
        db.session.commit()
        email = admin.email
    client.post("/login", data={"email": email, "password": PASSWORD})
    writes: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        verb = statement.lstrip().split(" ", 1)[0].upper()
        kept = "audit_events" in statement or "paper_layouts" in statement
        if verb in {"INSERT", "UPDATE", "DELETE"} and not kept:
            writes.append(statement.split("(")[0][:60])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        offenders = []
        for rule, _ids in _routes(app):
            if "GET" not in rule.methods:
                continue
            writes.clear()
            client.get(_url(rule, world))
            if writes:
                offenders.append(f"{rule.endpoint}: {writes[0]}")
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert offenders == []
