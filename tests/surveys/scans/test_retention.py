"""The privacy purge removes page images older than SCAN_RETENTION_DAYS; what was read stays
and the response still shows the pages it came from."""

from datetime import timedelta

from sqlalchemy import select

from consult.database import utcnow
from consult.extensions import db
from consult.households import operations as households
from consult.permissions import Role
from surveys.invitations.models import Invitation
from surveys.models import Response
from surveys.scans import operations, review, storage, tasks
from surveys.scans.models import ScannedForm, ScanPage
from tests.conftest import signed_in
from tests.surveys.keying.conftest import codes
from tests.surveys.keying.test_dedup import online_response
from tests.surveys.scans import stacks


def _read_form(survey, board, code, seed):
    """A household's form scanned, read and checked (every doubtful mark confirmed)."""
    pages, layout = stacks.printed_pages(survey, code)
    images = stacks.marked(pages, layout, seed=seed)
    batch = operations.create_batch(survey, [(f"{seed}.pdf", stacks.pdf(images))], by=board)
    db.session.commit()
    tasks.read_batch(batch.id)
    for page in review.open_pages(survey):
        typed = {g.number: g.read_as_ticked for g in review.groups(page)}
        review.decide_page(page, typed, by=board)
    db.session.commit()
    return db.session.scalars(select(ScanPage).where(ScanPage.batch_id == batch.id)).all()


def test_purge_removes_old_page_images_and_keeps_the_readings(open_survey, board):
    clear = codes(open_survey)
    old = _read_form(open_survey, board, clear[0], seed=1)
    recent = _read_form(open_survey, board, clear[1], seed=2)
    for page in old:
        page.created_at = utcnow() - timedelta(days=storage.retention_days() + 1)
    db.session.commit()
    old_files = [storage.image_path(p.original_path) for p in old]
    old_files += [storage.image_path(p.registered_path) for p in old]
    recent_files = [storage.image_path(p.original_path) for p in recent]
    assert all(path.exists() for path in old_files + recent_files)

    households.purge_addresses(None, actor=board, source="cli")  # the existing privacy purge
    db.session.commit()

    assert not any(path.exists() for path in old_files)
    assert all(path.exists() for path in recent_files)
    for page in old:
        assert page.images_removed_at is not None and page.original_path is None
        assert page.marks and page.status == "read"  # what was read stays
    assert all(p.images_removed_at is None for p in recent)


def test_purge_of_another_gemeente_and_the_cron_command_keep_recent_images(app, open_survey, board):
    from tests.factories import GemeenteFactory

    pages = _read_form(open_survey, board, codes(open_survey)[0], seed=3)
    pages[0].created_at = utcnow() - timedelta(days=storage.retention_days() + 1)
    db.session.commit()
    households.purge_addresses(GemeenteFactory(name="Elders"), actor=board)
    db.session.commit()
    assert pages[0].images_removed_at is None  # an old page, but of another gemeente's purge
    result = app.test_cli_runner().invoke(args=["households", "purge-expired"])
    assert result.exit_code == 0 and "scan_images: 1" in result.output, result.output
    assert pages[0].images_removed_at is not None
    assert all(p.images_removed_at is None and p.original_path for p in pages[1:])


def test_a_response_links_to_its_scanned_pages_with_the_removal_note(
    app, client, make_user, open_survey, board
):
    code = codes(open_survey)[0]
    household_id = db.session.scalar(select(Invitation.household_id).order_by(Invitation.id))
    online_response(open_survey, household_id, minutes_ago=60)  # also answered online
    pages = _read_form(open_survey, board, code, seed=4)
    form = db.session.scalar(select(ScannedForm))
    assert form.household_id == household_id
    pages[0].created_at = utcnow() - timedelta(days=storage.retention_days() + 1)
    households.purge_addresses(None, actor=board)
    db.session.commit()
    survey_id, response_id = open_survey.id, form.response_id
    with signed_in(client, make_user(Role.BESTUUR)):
        duplicates = client.get(f"/invoeren/{survey_id}/dubbel").get_data(as_text=True)
        link = f"/scannen/{survey_id}/antwoord/{response_id}"
        assert link in duplicates
        shown = client.get(link)
        batch = client.get(f"/scannen/{survey_id}/stapel/{pages[0].batch_id}")
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "na 180 dagen verwijderd" in html and "Gelezen" in html
    assert html.count(f"/scannen/{survey_id}/pagina/") == len(pages) - 1  # the others' scans
    assert link in batch.get_data(as_text=True)
    assert "na 180 dagen verwijderd" in batch.get_data(as_text=True)
    other = db.session.scalar(select(Response.id).where(Response.id != response_id))
    with signed_in(client, make_user(Role.BESTUUR)):
        assert client.get(f"/scannen/{survey_id}/antwoord/{other}").status_code == 404
