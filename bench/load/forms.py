"""The fields a browser would submit from a page's form: enough for the load users to post real forms.

Kept free of Techport imports so that Locust (gevent) loads nothing but this and the standard library.
"""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    """Collects (name, value) pairs of the first POST form posting to its own page or to ``action_part``."""

    def __init__(self, action_part: str):
        super().__init__(convert_charrefs=True)
        self.action_part = action_part
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form" and not self.done and attributes.get("method", "get").lower() == "post":
            action = attributes.get("action", "")
            self.inside = not action or self.action_part in action
            return
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((name, attributes.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attributes:
                self.fields.append((self._select, value))
                self._select_chosen = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "form":
            self.inside, self.done = False, True


def form_fields(html: str, action_part: str) -> list[tuple[str, str]]:
    """The submitted pairs of the page's own POST form, or of the one posting to ``action_part`` (empty when none)."""
    parser = _FormFields(action_part)
    parser.feed(html)
    return parser.fields


def replaced(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """``fields`` with the value of ``name`` set to ``value`` (added when absent)."""
    kept = [(key, old) for key, old in fields if key != name]
    return [*kept, (name, value)]


def value_of(fields: list[tuple[str, str]], name: str) -> str:
    return next((value for key, value in fields if key == name), "")


def submit_form(client, path: str, change, name: str, expected_in_url: str) -> None:
    """Open the form at ``path``, submit its fields as ``change`` leaves them, and count the request failed
    unless it lands on a page whose address holds ``expected_in_url``."""
    page = client.get(path, name=f"{name} form")
    fields = change(form_fields(page.text, path))
    with client.post(path, data=fields, name=f"{name} save", catch_response=True) as response:
        if expected_in_url not in response.url:
            response.failure(f"{name} at {path} not saved ({response.status_code})")
