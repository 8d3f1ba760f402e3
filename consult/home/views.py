"""The staff start page with the state of the register per gemeente."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.households.models import Household
from consult.permissions import Permission, public, requires
from surveys.respond.views import start_page

bp = Blueprint("home", __name__)


@bp.get("/")
@public
def index():
    """The tenants' start page ("Vul de code uit uw brief in"); signed-in staff go on to
    their overview. Staff sign in at /login, linked from the bottom of this page."""
    if current_user.is_authenticated:
        return redirect(url_for("home.dashboard"))
    return start_page()


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
