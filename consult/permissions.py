"""Roles, permissions and the one place where every request is authorised.

Views only *declare* what they need with ``@requires(Permission.X)`` or ``@public``;
``authorise_request`` runs before every request and enforces it, and then the gemeente
scope of every object the route names (``consult.scope``). A view without a declaration is
refused (fail closed), and tests walk the URL map to keep both rules for every route.
"""

from collections.abc import Callable
from enum import StrEnum

from flask import Flask, abort, current_app, request
from flask_login import current_user

from consult import scope
from consult.extensions import login_manager


class Role(StrEnum):
    """What a staff user is; a role is a fixed set of permissions."""

    ADMIN = "admin"
    BESTUUR = "bestuur"
    VRIJWILLIGER = "vrijwilliger"
    LEZER = "lezer"


class Permission(StrEnum):
    """Something a view may require."""

    PUBLIC = "public"
    LOGGED_IN = "logged_in"
    MANAGE_USERS = "manage_users"
    MANAGE_GEMEENTEN = "manage_gemeenten"
    VIEW_GEMEENTEN = "view_gemeenten"
    IMPORT_HOUSEHOLDS = "import_households"
    VIEW_HOUSEHOLDS = "view_households"
    PURGE_ADDRESSES = "purge_addresses"
    VIEW_AUDIT = "view_audit"
    MANAGE_SURVEYS = "manage_surveys"
    VIEW_SURVEYS = "view_surveys"
    VIEW_RESULTS = "view_results"
    EXPORT_RESULTS = "export_results"
    CODE_ANSWERS = "code_answers"
    KEY_FORMS = "key_forms"
    COORDINATE_KEYING = "coordinate_keying"
    MANAGE_POSITIONS = "manage_positions"


_READ = {
    Permission.LOGGED_IN,
    Permission.VIEW_GEMEENTEN,
    Permission.VIEW_SURVEYS,
    Permission.VIEW_RESULTS,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission) - {Permission.PUBLIC},
    Role.BESTUUR: frozenset(
        _READ
        | {
            Permission.VIEW_HOUSEHOLDS,
            Permission.MANAGE_SURVEYS,
            Permission.COORDINATE_KEYING,
            Permission.KEY_FORMS,
            Permission.MANAGE_POSITIONS,
            Permission.EXPORT_RESULTS,
            Permission.CODE_ANSWERS,
        }
    ),
    Role.VRIJWILLIGER: frozenset(
        {Permission.LOGGED_IN, Permission.KEY_FORMS, Permission.CODE_ANSWERS}
    ),
    Role.LEZER: frozenset(_READ),
}

PUBLIC_ENDPOINTS = frozenset({"static"})


def requires(permission: Permission) -> Callable:
    """Declare the permission a view needs; enforcement happens in authorise_request."""

    def mark(view: Callable) -> Callable:
        view.required_permission = permission
        return view

    return mark


def public(view: Callable) -> Callable:
    """Declare a view open to everyone, signed in or not."""
    view.required_permission = Permission.PUBLIC
    return view


def required_permission(endpoint: str) -> Permission | None:
    """The permission declared for an endpoint, or None when nothing is declared."""
    if endpoint in PUBLIC_ENDPOINTS:
        return Permission.PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "required_permission", None)


def role_allows(role: str, permission: Permission) -> bool:
    """Whether a role carries a permission."""
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def authorise_request():
    """Before every request: refuse what the view does not allow the current user."""
    if request.endpoint is None:
        return None  # no route matched: the 404/405 handler answers
    permission = required_permission(request.endpoint)
    if permission is None:
        current_app.logger.error("route %s declares no permission; refused", request.endpoint)
        abort(403)
    if permission is Permission.PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.can(permission):
        abort(403)
    scope.load_route_objects(current_app.view_functions[request.endpoint], request.view_args or {})
    return None


def init_app(app: Flask) -> None:
    """Install the authorisation hook; it runs before any view."""
    app.before_request(authorise_request)
