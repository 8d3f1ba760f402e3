"""Sign in, sign out and change one's own password."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from consult.auth import operations
from consult.auth.forms import ChangePasswordForm, LoginForm
from consult.extensions import db, limiter, login_manager
from consult.i18n import safe_next, site_root
from consult.permissions import Permission, public, requires
from consult.users.models import User

bp = Blueprint("auth", __name__)

# Flask-Login flashes this when a signed-out visitor opens a staff page; str() translates it.
login_manager.login_message = _l("Sign in to see this page.")
login_manager.localize_callback = str

# Pages a user with a temporary password may still open before choosing their own.
_ALLOWED_WITH_TEMPORARY_PASSWORD = frozenset(
    {"auth.change_password", "auth.logout", "auth.login", "i18n.set_language", "static"}
)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Load the signed-in user; a changed password or a deactivation ends older sessions."""
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or str(user.session_version or 0) != (version or "0"):
        return None
    return user


@bp.before_app_request
def require_own_password():
    """Send a user who still has a temporary password to the change-password page first."""
    if request.endpoint in _ALLOWED_WITH_TEMPORARY_PASSWORD or request.endpoint is None:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        flash(_("Choose your own password before you continue."), "info")
        return redirect(url_for("auth.change_password"))
    return None


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _next_target() -> str:
    """Where to go after signing in: a page of this site only."""
    target = request.args.get("next") or ""
    # Browsers read a backslash as a slash and drop tabs and newlines: "/\evil" means "//evil".
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        target = ""
    return safe_next(target, site_root())


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """The staff sign-in page."""
    if current_user.is_authenticated:
        return redirect(site_root())
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = operations.authenticate(
                form.email.data, form.password.data, address=request.remote_addr
            )
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
            if user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(_next_target())
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@requires(Permission.LOGGED_IN)
def logout():
    """Sign out: this user's sessions end on the server, so a copied cookie stops working."""
    operations.sign_out(current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires(Permission.LOGGED_IN)
def change_password():
    """Change one's own password; other sessions of this user end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            operations.change_password(current_user, form.current.data, form.new.data)
        except operations.AuthError:
            form.current.errors.append(_("The current password is not correct."))
        else:
            db.session.commit()
            # The session identifier changed with the password: renew this session only.
            login_user(current_user._get_current_object())
            flash(_("Your password has been changed."), "success")
            return redirect(site_root())
    return render_template(
        "auth/change_password.html", form=form, temporary=current_user.must_change_password
    )
