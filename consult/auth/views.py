"""Sign in, sign out and change one's own password."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from consult.audit.operations import record_event
from consult.auth import operations
from consult.auth.forms import ChangePasswordForm, LoginForm
from consult.extensions import db, limiter, login_manager
from consult.i18n import safe_next
from consult.permissions import Permission, public, requires
from consult.users.models import User

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Load the signed-in user; a changed password invalidates older sessions."""
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or str(user.session_version or 0) != (version or "0"):
        return None
    return user


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """The staff sign-in page."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = operations.authenticate(form.email.data, form.password.data)
        except operations.AuthError:
            db.session.commit()
            form.password.errors.append(
                _(
                    "The e-mail address and password do not match, or the account is temporarily "
                    "locked after too many attempts. Try again, or wait 15 minutes."
                )
            )
        else:
            db.session.commit()
            login_user(user)
            return redirect(safe_next(request.args.get("next"), url_for("home.index")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@requires(Permission.LOGGED_IN)
def logout():
    """Sign out and forget the session."""
    record_event("logout", actor=current_user, target=current_user)
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires(Permission.LOGGED_IN)
def change_password():
    """Change one's own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            operations.change_password(current_user, form.current.data, form.new.data)
        except operations.AuthError:
            form.current.errors.append(_("The current password is not correct."))
        else:
            db.session.commit()
            login_user(
                current_user._get_current_object()
            )  # the session identifier changed with the password
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form)
