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
    group: str = ""


# The menu is grouped by task, in the order of the year: prepare, collect, read, keep the
# register, administer. Entries whose endpoint is not registered (a package not installed)
# are left out, and so are groups left empty for a role.
PREPARE, COLLECT, READ, REGISTER, ADMIN = "prepare", "collect", "read", "register", "admin"
NAV_GROUPS = {
    PREPARE: _l("Prepare"),
    COLLECT: _l("Collect answers"),
    READ: _l("Read results"),
    REGISTER: _l("Register"),
    ADMIN: _l("Administration"),
}
NAV = (
    NavItem("home.dashboard", _l("Overview"), Permission.VIEW_GEMEENTEN),
    NavItem("surveys.index", _l("Surveys"), Permission.VIEW_SURVEYS, PREPARE),
    NavItem("paper.index", _l("Letters and forms"), Permission.MANAGE_SURVEYS, PREPARE),
    NavItem("fieldwork.index", _l("Fieldwork"), Permission.VIEW_SURVEYS, COLLECT),
    NavItem("keying.index", _l("Key in forms"), Permission.KEY_FORMS, COLLECT),
    NavItem("scans.index", _l("Scanned forms"), Permission.KEY_FORMS, COLLECT),
    NavItem("results.index", _l("Results"), Permission.VIEW_RESULTS, READ),
    NavItem("coding.surveys", _l("Open answers"), Permission.CODE_ANSWERS, READ),
    NavItem("gemeenten.index", _l("Gemeenten"), Permission.VIEW_GEMEENTEN, REGISTER),
    NavItem("households.index", _l("Households"), Permission.VIEW_HOUSEHOLDS, REGISTER),
    NavItem("users.index", _l("Users"), Permission.MANAGE_USERS, ADMIN),
    NavItem("audit.index", _l("Audit log"), Permission.VIEW_AUDIT, ADMIN),
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
            own = item.endpoint.split(".")[0] == request.blueprint
            items.append(
                {"url": url, "label": item.label, "active": active, "own": own, "group": item.group}
            )
        # Pages of one menu entry's blueprint mark only that entry, even when their address
        # also lies under another entry's (coding pages live under /resultaten).
        if any(i["own"] for i in items):
            for i in items:
                i["active"] = i["own"]
        return items

    def nav_groups():
        """The menu as (group label or "", items), in menu order, without empty groups."""
        items = nav_items()
        groups = [("", [item for item in items if not item["group"]])]
        for key, label in NAV_GROUPS.items():
            groups.append((label, [item for item in items if item["group"] == key]))
        return [(label, members) for label, members in groups if members]

    app.jinja_env.globals.update(
        nav_items=nav_items,
        nav_groups=nav_groups,
        werkgebied_label=werkgebied_label,
        Permission=Permission,
    )
