"""User administration: list, add, change, deactivate and give a new password."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from consult import scope
from consult.auth.lockout import locked_addresses
from consult.database import utcnow
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.permissions import Permission, Role, requires
from consult.users import operations
from consult.users.forms import NewUserForm, ResetPasswordForm, UserForm
from consult.users.roles import ROLE_DESCRIPTIONS, role_description, role_label

bp = Blueprint("users", __name__, url_prefix="/beheer/gebruikers")
bp.add_app_template_global(role_label, "role_label")
bp.add_app_template_global(role_description, "role_description")


def _all_gemeenten() -> list[Gemeente]:
    return list(db.session.scalars(select(Gemeente).order_by(Gemeente.name)))


def _selected(form: UserForm) -> list[Gemeente]:
    return [g for g in _all_gemeenten() if g.id in set(form.gemeenten.data or [])]


def _field_errors(form, exc: operations.UserError) -> list:
    """The error list of the field a service error is about (the role field otherwise)."""
    field = form._fields.get(exc.field or "role") or form.role
    if not isinstance(field.errors, list):
        field.errors = list(field.errors)
    return field.errors


def _render_form(template: str, form, **context):
    return render_template(
        template, form=form, role_descriptions=ROLE_DESCRIPTIONS, admin_role=Role.ADMIN, **context
    )


@bp.get("")
@requires(Permission.MANAGE_USERS)
def index():
    """Every user with role, scope, status and last sign-in."""
    return render_template(
        "users/index.html", users=operations.list_users(), locked=locked_addresses(utcnow())
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def create():
    """Add a user; a generated password is shown once."""
    form = NewUserForm()
    form.set_gemeente_choices(_all_gemeenten())
    if form.validate_on_submit():
        generated = not form.password.data
        password = form.password.data or operations.generate_password()
        try:
            user = operations.create_user(
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                password=password,
                gemeenten=_selected(form),
                by=current_user,
            )
        except operations.UserError as exc:
            _field_errors(form, exc).append(str(exc))
        else:
            db.session.commit()
            if generated:
                return render_template("users/password.html", user=user, password=password)
            flash(_("%(name)s has been added.", name=user.name), "success")
            return redirect(url_for(".index"))
    return _render_form("users/form.html", form, user=None)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit(user_id: int):
    """Change name, e-mail address, role and gemeente scope."""
    user = scope.obj("user_id")
    form = UserForm()
    form.set_gemeente_choices(_all_gemeenten())
    if not form.is_submitted():
        form.name.data, form.email.data, form.role.data = user.name, user.email, user.role
        form.gemeenten.data = [g.id for g in user.gemeenten]
    if form.validate_on_submit():
        try:
            changed = operations.update_user(
                user,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                gemeenten=_selected(form),
                by=current_user,
            )
        except operations.UserError as exc:
            _field_errors(form, exc).append(str(exc))
        else:
            db.session.commit()
            if changed:
                flash(_("The changes to %(name)s have been saved.", name=user.name), "success")
            return redirect(url_for(".index"))
    locked = locked_addresses(utcnow(), user.id).get(user.id, set())
    return _render_form("users/form.html", form, user=user, locked=locked)


@bp.post("/<int:user_id>/deactiveren")
@requires(Permission.MANAGE_USERS)
def deactivate(user_id: int):
    """Stop a user from signing in."""
    user = scope.obj("user_id")
    try:
        operations.deactivate_user(user, by=current_user)
    except operations.UserError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".edit", user_id=user.id))
    db.session.commit()
    flash(_("%(name)s can no longer sign in.", name=user.name), "success")
    return redirect(url_for(".index"))


@bp.post("/<int:user_id>/heractiveren")
@requires(Permission.MANAGE_USERS)
def reactivate(user_id: int):
    """Let a deactivated user sign in again."""
    user = scope.obj("user_id")
    operations.reactivate_user(user, by=current_user)
    db.session.commit()
    flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for(".index"))


@bp.post("/<int:user_id>/ontgrendelen")
@requires(Permission.MANAGE_USERS)
def unlock(user_id: int):
    """Let a user whose sign-in is locked after wrong passwords try again at once."""
    user = scope.obj("user_id")
    operations.unlock_user(user, by=current_user)
    db.session.commit()
    flash(_("%(name)s can try to sign in again.", name=user.name), "success")
    return redirect(url_for(".edit", user_id=user.id))


@bp.route("/<int:user_id>/wachtwoord", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def reset_password(user_id: int):
    """Give a user a new temporary password; their open sessions end."""
    user = scope.obj("user_id")
    if user.id == current_user.id:
        flash(_("Change your own password on the page for your account."), "info")
        return redirect(url_for("auth.change_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        password = form.password.data or operations.generate_password()
        operations.reset_password(user, password, by=current_user)
        db.session.commit()
        if not form.password.data:
            return render_template("users/password.html", user=user, password=password)
        flash(_("%(name)s has a new temporary password.", name=user.name), "success")
        return redirect(url_for(".index"))
    return render_template("users/reset_password.html", form=form, user=user)
