"""Numbers in web addresses that no table can hold give a 404 or a default, never a 500."""

import os
import re
import tempfile

import pytest
from werkzeug.routing import IntegerConverter

from consult import create_app
from consult.permissions import Role

TOO_LARGE = (2**31, 2**63)  # above PostgreSQL's integer, above SQLite's (and bigint)
_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _routes_with_numbers() -> list[str]:
    """Every GET route with an <int:...> in it, read from an application's URL map."""
    saved = os.environ.get("CONSULT_INSTANCE_PATH")
    os.environ["CONSULT_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="routes-")
    try:
        app = create_app({"CONSULT_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    finally:
        if saved is None:
            os.environ.pop("CONSULT_INSTANCE_PATH")
        else:
            os.environ["CONSULT_INSTANCE_PATH"] = saved
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and any(isinstance(conv, IntegerConverter) for conv in rule._converters.values())
    )


ROUTES = _routes_with_numbers()


def _fill(rule: str, number: int) -> str:
    """The rule with every number argument set to `number` and every other to a word."""
    return _ARGUMENT.sub(lambda m: str(number) if m.group(1) == "int" else "x", rule)


def test_the_walk_finds_the_routes_with_numbers():
    assert len(ROUTES) > 20
    assert "/beheer/gebruikers/<int:user_id>" in ROUTES


@pytest.mark.parametrize("number", TOO_LARGE)
@pytest.mark.parametrize("rule", ROUTES)
def test_a_number_too_large_for_the_database_is_a_404_on_every_page(login, rule, number):
    client = login(Role.ADMIN)
    response = client.get(_fill(rule, number))
    assert response.status_code == 404, response.get_data(as_text=True)[:300]
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


@pytest.mark.parametrize("number", TOO_LARGE)
@pytest.mark.parametrize("value", ["{n}", "{n}{n}", "-1", "2x", "١٢"])
def test_audit_log_page_and_person_filter_take_any_number_without_error(login, number, value):
    client = login(Role.ADMIN)  # signing in recorded an event about this admin
    value = value.format(n=number)
    page = client.get("/beheer/logboek?page=" + value)
    assert page.status_code == 200
    assert "Ingelogd" in page.get_data(as_text=True)  # out of range: the first page
    assert client.get("/beheer/logboek?user=" + value).status_code == 200
