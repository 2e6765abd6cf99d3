"""HTTP security headers added to every response, and the rule that keeps private pages out of caches."""

from flask import Flask, Response, request, session
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
NO_STORE = "private, no-store"


def is_private_response() -> bool:
    """Whatever a signed-in person is sent may show personal data (names, drafts, interest lists, the
    account menu), and a response that starts or changes a session carries a per-visitor CSRF token:
    neither may be kept by a shared cache or the browser's back-forward history. Static files stay cacheable."""
    if request.endpoint == "static":
        return False
    return current_user.is_authenticated or session.modified


def install_security_headers(app: Flask) -> None:
    production = app.config["TECHPORT_ENV"] == "production"

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if production:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if is_private_response():
            if "no-store" not in headers.get("Cache-Control", ""):
                headers["Cache-Control"] = NO_STORE
            response.vary.add("Cookie")
        return response
