"""Every route declares who may use it, and the declaration is enforced."""

import pytest

from consult import create_app
from consult.permissions import (
    PUBLIC_ENDPOINTS,
    ROLE_PERMISSIONS,
    Permission,
    Role,
    required_permission,
)


def test_every_route_declares_a_permission(app):
    undeclared = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if required_permission(rule.endpoint) is None:
                undeclared.append(f"{rule.rule} ({rule.endpoint})")
    assert undeclared == [], "routes without @requires or @public: " + ", ".join(undeclared)


def test_public_routes_are_few_and_known(app):
    with app.test_request_context():
        public = sorted(
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if required_permission(rule.endpoint) is Permission.PUBLIC
        )
    assert "auth.login" in public
    assert not any(e.startswith(("users.", "households.", "audit.")) for e in public), public
    assert set(PUBLIC_ENDPOINTS) <= set(public)


def test_undeclared_view_is_refused(app):
    other = create_app(dict(app.config))
    other.add_url_rule("/undeclared-test-route", "undeclared_test", lambda: "secret")
    response = other.test_client().get("/undeclared-test-route")
    assert response.status_code == 403
    assert b"secret" not in response.data


def test_admin_has_every_permission_and_volunteer_only_keying():
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission) - {Permission.PUBLIC}
    assert ROLE_PERMISSIONS[Role.VRIJWILLIGER] == {
        Permission.LOGGED_IN,
        Permission.KEY_FORMS,
        Permission.CODE_ANSWERS,
    }


@pytest.mark.parametrize("path", ["/overzicht", "/account/password"])
def test_signed_out_visitor_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
