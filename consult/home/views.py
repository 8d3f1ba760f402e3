"""Where each role starts after signing in, and the staff overview with the state of the
register per gemeente (the site root, the tenants' start page, belongs to the respondent
pages)."""

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.households.models import Household
from consult.permissions import Permission, requires

bp = Blueprint("home", __name__)

# Each role starts on its own work: the first permission the user holds decides. Endpoints
# are named, not imported: the shell knows the features only by their addresses.
LANDING = (
    (Permission.MANAGE_USERS, "home.dashboard"),  # administrators: register and users
    (Permission.MANAGE_SURVEYS, "surveys.index"),  # board members: their surveys and results
    (Permission.VIEW_RESULTS, "results.index"),  # readers: the results
    (Permission.KEY_FORMS, "keying.index"),  # volunteers: keying returned forms
)


def landing_endpoint(user) -> str:
    """The page a signed-in user starts on."""
    for permission, endpoint in LANDING:
        if user.can(permission) and endpoint in current_app.view_functions:
            return endpoint
    return "home.dashboard"


@bp.get("/start")
@requires(Permission.LOGGED_IN)
def start():
    """Send a signed-in user to the start page of their role."""
    return redirect(url_for(landing_endpoint(current_user)))


@bp.get("/overzicht")
@requires(Permission.LOGGED_IN)
def dashboard():
    """Overview of the gemeenten in the user's scope with their households."""
    stmt = (
        select(Gemeente, func.count(Household.id))
        .outerjoin(Household, (Household.gemeente_id == Gemeente.id) & Household.active)
        .group_by(Gemeente.id)
        .order_by(Gemeente.name)
    )
    scope = current_user.scope_ids
    if scope is not None:
        stmt = stmt.where(Gemeente.id.in_(scope))
    rows = db.session.execute(stmt).all()
    total = sum(count for _g, count in rows)
    return render_template("home/dashboard.html", rows=rows, total=total)
