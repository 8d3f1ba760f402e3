"""Uploading scans in the browser: the stack is read on the task queue, each bad file or
page gets a clear Dutch status, doubtful marks wait in the review queue, and the stored
page images are shown only to users of the page's gemeente."""

import io
import re
import struct
import zipfile
import zlib

import numpy as np
import pytest
from huey import SqliteHuey
from sqlalchemy import select

from consult.extensions import db
from consult.permissions import Role
from consult.tasks import huey
from surveys.models import Channel, Response, ResponseStatus, Survey, SurveyStatus
from surveys.scans.models import FormStatus, ScanBatch, ScannedForm, ScanPage, ScanStatus
from tests.conftest import signed_in
from tests.surveys.keying.conftest import codes
from tests.surveys.scans import stacks


def _bomb() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 30000, 30000, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("scan.pdf", b"%PDF-1.4")
    return buffer.getvalue()


@pytest.fixture
def scanned(app, open_survey, board):
    """The survey's form for two households, marked and scanned (office quality)."""
    clear = codes(open_survey)
    stack = {}
    for number, code in enumerate(clear[:2]):
        pages, layout = stacks.printed_pages(open_survey, code)
        stack[code] = stacks.marked(pages, layout, seed=number + 1)
    db.session.commit()
    return open_survey, stack


def _upload(client, survey_id, files):
    """Post scan files as the browser does (encoded in memory: no temporary file left open)."""
    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import encode_multipart

    data = MultiDict(
        [("files", FileStorage(io.BytesIO(content), filename=name)) for name, content in files]
    )
    boundary, body = encode_multipart(data)
    return client.post(
        f"/scannen/{survey_id}",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def _pages(survey_id):
    return db.session.scalars(select(ScanPage).order_by(ScanPage.id)).all()


def test_a_stack_and_bad_files_are_read_with_a_status_per_page(app, client, make_user, scanned):
    survey, stack = scanned
    first, second = stack.values()
    blank = np.full((1754, 1240), 250, np.uint8)
    files = [
        ("stapel.pdf", stacks.pdf(first)),
        ("leeg.pdf", b""),
        ("archief.pdf", _zip()),
        ("kapot.pdf", stacks.pdf(second)[:2000]),
        ("groot.png", _bomb()),
        ("blanco.png", stacks.png(blank)),
    ]
    with signed_in(client, make_user(Role.VRIJWILLIGER)):
        response = _upload(client, survey.id, files)
        assert response.status_code == 302
        page = client.get(response.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for dutch in ("leeg (0 bytes)", "zip", "kapot", "te groot", "geen formulier"):
        assert dutch in text, dutch
    with app.app_context():
        statuses = [p.status for p in _pages(survey.id)]
        assert statuses.count("read") == len(first)
        assert {"empty_file", "unsupported", "unreadable", "too_large", "no_form_found"} <= set(
            statuses
        )
        form = db.session.scalar(select(ScannedForm))
        assert form.response.channel == Channel.SCANNED


def test_doubtful_marks_wait_for_review_and_the_response_completes_after(
    app, client, make_user, scanned
):
    survey, stack = scanned
    images = list(stack.values())[0]
    with signed_in(client, make_user(Role.VRIJWILLIGER)):
        _upload(client, survey.id, [("stapel.pdf", stacks.pdf(images))])
        numbers_refused = 0
        for _round in range(10):
            step = client.get(f"/scannen/{survey.id}/controle")
            if step.status_code == 200:
                break  # nothing left to check
            check_url = step.headers["Location"]
            page = client.get(check_url)
            assert page.status_code == 200
            html = page.get_data(as_text=True)
            assert "uitsnede.png" in html or "Herken" in html
            if "uitsnede.png" in html:  # the question as the form prints it, not its key
                legend = html.split("<legend>")[1].split("</legend>")[0]
                assert re.fullmatch(r"Vraag \d+\. \S.*", legend), legend
            fields = {}
            for chunk in html.split('name="g')[1:]:
                fields["g" + chunk.split('"')[0]] = ""
            number = re.search(r'inputmode="decimal" id="(g\d+)"', html)
            if number:  # a number typed over that cannot be read is said, and nothing kept
                refused = client.post(check_url, data=fields | {number.group(1): "ca. 700"})
                assert refused.status_code == 422
                assert "Vraag " in refused.get_data(as_text=True)
                numbers_refused += 1
            done = client.post(check_url, data=fields)
            assert done.status_code == 302
    assert numbers_refused  # the stack has written numbers to type over
    with app.app_context():
        form = db.session.scalar(select(ScannedForm))
        assert form.status == FormStatus.COMPLETE
        assert form.response.status == ResponseStatus.SUBMITTED and form.response.counts
        assert not db.session.scalars(select(ScanPage).where(ScanPage.review_open)).all()
        batch_id = db.session.scalar(select(ScanBatch.id))
    with signed_in(client, make_user(Role.VRIJWILLIGER)):  # all checked: nothing left to check
        page = client.get(f"/scannen/{survey.id}/stapel/{batch_id}").get_data(as_text=True)
        assert "0 te controleren" in page and "twijfelachtige pagina" not in page


def test_a_page_scanned_twice_and_a_photocopy_are_never_counted_twice(
    app, client, make_user, scanned
):
    survey, stack = scanned
    code, images = next(iter(stack.items()))
    with app.app_context():
        pages, layout = stacks.printed_pages(db.session.merge(survey), code)
        copy = stacks.marked(pages, layout, seed=77)  # the same form, marked otherwise
    with signed_in(client, make_user(Role.VRIJWILLIGER)):
        _upload(client, survey.id, [("a.pdf", stacks.pdf(images))])
        _upload(client, survey.id, [("b.pdf", stacks.pdf(images[:1]))])
        _upload(client, survey.id, [("c.pdf", stacks.pdf(copy[:1]))])
        batch = client.get(f"/scannen/{survey.id}").get_data(as_text=True)
    with app.app_context():
        statuses = [p.status for p in _pages(survey.id)]
        assert statuses[-2:] == ["scanned_twice", "photocopy"]
        assert len(db.session.scalars(select(Response)).all()) == 1
    assert batch.count("/stapel/") >= 3  # every batch listed on the scans page


@pytest.fixture
def queue_file(tmp_path):
    """The real task queue (a SQLite file) instead of running tasks at once: an upload waits."""
    huey.storage_class = SqliteHuey.storage_class
    huey.storage_kwargs = {"filename": str(tmp_path / "tasks.db")}
    huey.immediate = False
    yield huey
    huey.storage.close()
    huey.immediate = True


def _close(client, make_user, survey_id):
    """The board closes the survey in the browser (committed, as in production)."""
    with signed_in(client, make_user(Role.BESTUUR)):
        page = client.get(f"/vragenlijsten/{survey_id}/status/closed").get_data(as_text=True)
        version = page.split('name="version"')[1].split('value="')[1].split('"')[0]
        done = client.post(f"/vragenlijsten/{survey_id}/status/closed", data={"version": version})
        assert done.status_code == 302


def test_an_upload_to_a_closed_survey_is_refused_with_a_message(app, client, make_user, scanned):
    survey, stack = scanned
    images = list(stack.values())[0]
    _close(client, make_user, survey.id)
    with signed_in(client, make_user(Role.VRIJWILLIGER)):
        response = _upload(client, survey.id, [("a.pdf", stacks.pdf(images[:1]))])
        assert response.status_code == 302
        page = client.get(response.headers["Location"], follow_redirects=True)
    assert "gesloten" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Survey, survey.id).status == SurveyStatus.CLOSED
        assert not db.session.scalars(select(ScanBatch)).all()
        assert not _pages(survey.id)


def test_a_batch_waiting_when_the_survey_closes_stores_no_page(
    app, client, make_user, scanned, queue_file
):
    survey, stack = scanned
    images = list(stack.values())[0]
    with signed_in(client, make_user(Role.VRIJWILLIGER)) as volunteer:
        response = _upload(client, survey.id, [("a.pdf", stacks.pdf(images[:1]))])
        assert response.status_code == 302  # queued: the consumer has not read it yet
        batch_url = response.headers["Location"]
    _close(client, make_user, survey.id)
    with app.app_context():
        queue_file.execute(queue_file.dequeue())  # the consumer reads the batch now
    with signed_in(client, make_user(Role.VRIJWILLIGER)) as volunteer:
        text = volunteer.get(batch_url).get_data(as_text=True)
    assert "gesloten" in text
    with app.app_context():
        batch = db.session.scalar(select(ScanBatch))
        assert batch.status == ScanStatus.FAILED
        assert not _pages(survey.id)
        assert all(f.stored_name is None for f in batch.files)  # the upload is not kept


def test_page_images_are_served_only_within_the_gemeente(app, client, make_user, scanned):
    from tests.factories import GemeenteFactory

    survey, stack = scanned
    images = list(stack.values())[0]
    elsewhere = GemeenteFactory(name="Elders")  # a second gemeente: the survey is shared
    survey.gemeenten.append(elsewhere)
    db.session.commit()
    with signed_in(client, make_user(Role.VRIJWILLIGER)):
        _upload(client, survey.id, [("a.pdf", stacks.pdf(images[:1]))])
        with app.app_context():
            page_id = db.session.scalar(select(ScanPage.id))
        url = f"/scannen/{survey.id}/pagina/{page_id}.png"
        own = client.get(url)
        assert own.status_code == 200 and own.mimetype == "image/png"
        assert "no-store" in own.headers["Cache-Control"]
        own.close()
    with signed_in(client, make_user(Role.VRIJWILLIGER, gemeenten=[elsewhere])):
        assert client.get(f"/scannen/{survey.id}").status_code == 200  # the survey: yes
        assert client.get(url).status_code in (403, 404)  # another gemeente's page: no
    assert client.get(url).status_code in (302, 401, 403)
