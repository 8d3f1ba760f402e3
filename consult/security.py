"""Security headers on every response: CSP without inline script, no framing, no sniffing."""

from flask import Flask, request

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
    if request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
    else:
        headers.setdefault("Cache-Control", "public, max-age=86400")
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


def init_app(app: Flask) -> None:
    """Install the request and response hooks."""
    app.before_request(refuse_json_bodies)
    app.after_request(set_security_headers)
