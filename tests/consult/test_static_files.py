"""Static files: fingerprinted names cached for a year, and /favicon.ico."""

import re

from consult.static_files import YEAR


def fetch(client, url: str):
    """A response with its body read and its file closed."""
    response = client.get(url)
    response.body = response.get_data()
    response.close()
    return response


def stylesheet_url(page: str) -> str:
    return re.search(r'href="(/static/css/respond[^"]*)"', page).group(1)


def test_pages_link_the_stylesheet_under_a_fingerprinted_name_cached_for_a_year(client):
    url = stylesheet_url(client.get("/").get_data(as_text=True))
    assert re.fullmatch(r"/static/css/respond\.[0-9a-f]{12}\.css", url)
    response = fetch(client, url)
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    cache = response.cache_control
    assert cache.max_age == YEAR and cache.immutable and cache.public
    assert not cache.no_cache
    assert response.body == fetch(client, "/static/css/respond.css").body


def test_a_changed_file_gets_a_new_name_and_an_old_name_is_revalidated(app, client, tmp_path):
    folder = tmp_path / "static"
    (folder / "css").mkdir(parents=True)
    sheet = folder / "css" / "respond.css"
    sheet.write_text("body { color: black; }")
    original, app.static_folder = app.static_folder, str(folder)
    try:
        with app.test_request_context():
            from flask import url_for

            first = url_for("static", filename="css/respond.css")
            sheet.write_text("body { color: navy; }")
            second = url_for("static", filename="css/respond.css")
        assert first != second
        fresh = fetch(client, second)
        assert fresh.cache_control.immutable and fresh.body == b"body { color: navy; }"
        stale = fetch(client, first)
        assert stale.status_code == 200 and not stale.cache_control.immutable
        assert stale.body == b"body { color: navy; }"
    finally:
        app.static_folder = original


def test_unknown_static_files_are_not_found(client):
    assert fetch(client, "/static/css/nothing.0123456789ab.css").status_code == 404
    assert fetch(client, "/static/css/nothing.css").status_code == 404


def test_favicon_is_served(client):
    response = fetch(client, "/favicon.ico")
    assert response.status_code == 200
    assert response.body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert response.cache_control.max_age == 86400
