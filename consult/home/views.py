"""The staff start page with the state of the register per gemeente (the site root, the
tenants' start page, belongs to the respondent pages)."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select

from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.households.models import Household
from consult.permissions import Permission, requires

bp = Blueprint("home", __name__)


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
