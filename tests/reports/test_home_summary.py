"""The home page's counts of public listings are reused for a while instead of counted on every view."""

from flask import template_rendered

from techport.reports import trends


def shown_summary(app, client) -> trends.PublicSummary:
    seen = []

    def record(sender, template, context, **extra):
        if template.name == "core/home.html":
            seen.append(context["summary"])

    with template_rendered.connected_to(record, app):
        assert client.get("/").status_code == 200
    return seen[0]


def test_the_home_page_counts_again_only_once_its_window_has_passed(app, client, make_listing, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(trends.time, "monotonic", lambda: clock[0])
    monkeypatch.setitem(app.config, "PUBLIC_SUMMARY_SECONDS", 60)
    app.extensions.pop("techport.public_summary", None)
    first = shown_summary(app, client)
    make_listing("hcmut", "offer", "published")
    clock[0] += 59
    assert shown_summary(app, client).offers == first.offers
    clock[0] += 2
    assert shown_summary(app, client).offers == first.offers + 1
