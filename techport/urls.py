"""URLs in both directions: the ones clients send us, and the absolute ones we send out."""

from urllib.parse import urlsplit

from flask import Flask, has_request_context
from flask.globals import request_ctx


def safe_next_url(target: str | None) -> str | None:
    """Return ``target`` only when it is a path on this site, never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


class TechportFlask(Flask):
    """Flask whose absolute URLs start with the configured ``BASE_URL``, never the request's ``Host``.

    A password-reset link, a QR code or a JSON-LD ``url`` built from the ``Host`` header would let
    anyone who can send a request choose where those links point.
    """

    def url_for(self, endpoint: str, *, _external: bool | None = None, _scheme: str | None = None, **values) -> str:
        routed_request = has_request_context() and request_ctx.url_adapter is not None
        external = _external if _external is not None else not has_request_context()
        if routed_request:
            path = super().url_for(endpoint, _external=False, **values)
        else:
            path = self._path_without_request(endpoint, values)
        return self.config["BASE_URL"] + path if external or _scheme else path

    def _path_without_request(self, endpoint: str, values: dict) -> str:
        """Outside a request (workers, the CLI) or for a request whose ``Host`` was refused."""
        anchor, method = values.pop("_anchor", None), values.pop("_method", None)
        origin = urlsplit(self.config["BASE_URL"])
        path = self.url_map.bind(origin.netloc, url_scheme=origin.scheme).build(endpoint, values, method=method)
        return path + "#" + anchor if anchor is not None else path
