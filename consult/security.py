"""Security headers on every response (CSP without inline script, no framing, no sniffing),
and request guards: no JSON bodies, no invisible control characters in addresses."""

from flask import Flask, request

from consult.text import UNSTORABLE_MESSAGE, is_storable

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def set_security_headers(response):
    """Add the headers; pages are never cached because they may show personal data."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.endpoint not in ("static", "favicon"):
        headers.setdefault("Cache-Control", "no-store")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def refuse_json_bodies():
    """Every page takes HTML forms; a JSON body (never sent by a browser form) is refused."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not request.is_json:
        return None
    from flask_babel import gettext as _

    from consult.errors import render_error

    return render_error(400, _("This page only accepts forms sent from this site."))


def refuse_unstorable_text():
    """A web address or form field name with an invisible control character is refused.

    Views read such values directly (searches, filters, the page to return to), so they are
    checked here once; the values of form fields are checked on their own field by
    ``consult.forms.BaseForm`` and the question types, which keeps the rest of the input.
    """
    names = list(request.args.keys()) + list(request.form.keys())
    texts = names + [v for _name, v in request.args.items(multi=True)]
    if all(is_storable(text) for text in texts):
        return None
    from consult.errors import render_error

    return render_error(400, str(UNSTORABLE_MESSAGE))


def init_app(app: Flask) -> None:
    """Install the request and response hooks."""
    app.before_request(refuse_json_bodies)
    app.before_request(refuse_unstorable_text)
    app.after_request(set_security_headers)
