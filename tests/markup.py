"""Checks that a page's main content uses the Bootstrap design system, not the first, plain markup (issue 13)."""

from html.parser import HTMLParser

PLAIN_CLASSES = {
    "button",
    "secondary",
    "inline-form",
    "stacked-form",
    "form-actions",
    "notice",
    "notice-warning",
    "notice-error",
    "notice-success",
    "card-list",
    "plain-list",
    "filter-list",
    "actions-panel",
    "attachment-list",
    "other-language",
}
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _MainContent(HTMLParser):
    """Collects what in <main> still relies on the plain markup."""

    def __init__(self):
        super().__init__()
        self.in_main = False
        self.open_classes: list[set[str]] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag == "main":
            self.in_main = True
        elif self.in_main:
            self._check(tag, attributes, classes)
        if tag not in VOID:
            self.open_classes.append(classes)

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if self.open_classes and tag not in VOID:
            self.open_classes.pop()

    def _check(self, tag, attributes, classes):
        if classes & PLAIN_CLASSES:
            self.problems.append(f"<{tag} class={sorted(classes & PLAIN_CLASSES)}>")
        if tag == "button" and ("btn" not in classes or "type" not in attributes):
            self.problems.append(f"<button> without btn class or type: {attributes}")
        if tag == "fieldset" and not classes:
            self.problems.append("<fieldset> without class")
        if tag == "table" and ("table" not in classes or "table-responsive" not in self.open_classes[-1]):
            self.problems.append(f"<table> not a Bootstrap table in .table-responsive: {sorted(classes)}")


def plain_markup(html: str) -> list[str]:
    """What in the page's <main> still uses the first, plain markup; empty when it is all Bootstrap."""
    parser = _MainContent()
    parser.feed(html)
    return parser.problems
