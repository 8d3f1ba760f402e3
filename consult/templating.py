"""Template helpers shared by every page: the main menu and common labels."""

from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from consult.gemeenten.models import werkgebied_label
from consult.permissions import Permission


@dataclass(frozen=True)
class NavItem:
    """One entry of the main menu."""

    endpoint: str
    label: str
    permission: Permission


# Entries whose endpoint is not registered (a package not installed) are left out.
NAV = (
    NavItem("home.dashboard", _l("Overview"), Permission.LOGGED_IN),
    NavItem("surveys.index", _l("Surveys"), Permission.VIEW_SURVEYS),
    NavItem("fieldwork.index", _l("Fieldwork"), Permission.VIEW_SURVEYS),
    NavItem("results.index", _l("Results"), Permission.VIEW_RESULTS),
    NavItem("keying.index", _l("Key in forms"), Permission.KEY_FORMS),
    NavItem("paper.index", _l("Letters and forms"), Permission.MANAGE_SURVEYS),
    NavItem("gemeenten.index", _l("Gemeenten"), Permission.VIEW_GEMEENTEN),
    NavItem("households.index", _l("Households"), Permission.VIEW_HOUSEHOLDS),
    NavItem("users.index", _l("Users"), Permission.MANAGE_USERS),
    NavItem("audit.index", _l("Audit log"), Permission.VIEW_AUDIT),
)


def init_app(app: Flask) -> None:
    """Expose the helpers to every template."""

    def nav_items():
        items = []
        for item in NAV:
            if item.endpoint not in app.view_functions or not current_user.can(item.permission):
                continue
            url = url_for(item.endpoint)
            prefix = url.rstrip("/") or "/"
            active = request.path == url or request.path.startswith(prefix + "/")
            items.append({"url": url, "label": item.label, "active": active})
        return items

    app.jinja_env.globals.update(
        nav_items=nav_items, werkgebied_label=werkgebied_label, Permission=Permission
    )
