"""Techmart Daily pages: the public exhibits and item sheets, and the curators' editor."""

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts.permissions import (
    can_curate_exhibits,
    can_register_interest,
    can_see_interest,
    require_exhibit_curator,
    require_signed_in,
)
from techport.exhibits import services, visits
from techport.exhibits.forms import AddItemForm, CoverForm, ExhibitForm, ItemForm
from techport.exhibits.models import Exhibit, ExhibitItem, ExhibitStatus, VisitKind
from techport.extensions import csrf
from techport.i18n import current_locale
from techport.listings import attachments
from techport.listings.queries import get_listing
from techport.listings.views import listing_url
from techport.search import service as search_service
from techport.search.query import InvalidSearch, SearchRequest

bp = Blueprint("exhibits", __name__, url_prefix="/exhibits")

EDITOR_RESULTS = 10
STATUS_LABELS = {
    ExhibitStatus.DRAFT: lambda: _("Draft"),
    ExhibitStatus.SCHEDULED: lambda: _("Upcoming"),
    ExhibitStatus.LIVE: lambda: _("On now"),
    ExhibitStatus.CLOSED: lambda: _("Closed"),
}


@bp.app_context_processor
def exhibit_helpers():
    return {
        "exhibit_status": lambda exhibit: exhibit.status_on(date.today()),
        "exhibit_status_label": lambda exhibit: STATUS_LABELS[exhibit.status_on(date.today())](),
        "exhibit_title": lambda exhibit: exhibit.title_for(current_locale()),
    }


def _exhibit_or_404(slug: str) -> Exhibit:
    """Drafts do not exist for anyone but the curators."""
    exhibit = services.get_by_slug(slug)
    if exhibit is None or not (exhibit.published or can_curate_exhibits(current_user)):
        abort(404)
    return exhibit


def _curated_exhibit(slug: str) -> Exhibit:
    require_exhibit_curator()
    return services.get_by_slug(slug) or abort(404)


def _item_or_404(exhibit: Exhibit, item_id: int, *, public: bool = False) -> ExhibitItem:
    item = services.find_item(exhibit, item_id)
    if item is None or (public and not item.is_public):
        abort(404)
    return item


def _to_editor(exhibit: Exhibit, **values):
    return redirect(url_for("exhibits.editor", slug=exhibit.slug, **values))


@bp.route("/")
def index():
    curator = can_curate_exhibits(current_user)
    return render_template(
        "exhibits/index.html",
        showcase=services.showcase(),
        all_exhibits=services.all_exhibits() if curator else None,
    )


@bp.route("/new", methods=["GET", "POST"])
def create():
    require_exhibit_curator()
    form = ExhibitForm()
    if form.validate_on_submit():
        exhibit = services.create_exhibit(form.data_for_service(), current_user)
        flash(_("The exhibit was created as a draft. Add listings, then publish it."), "success")
        return _to_editor(exhibit)
    return render_template("exhibits/form.html", form=form, exhibit=None), 400 if form.errors else 200


@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    exhibit = _curated_exhibit(slug)
    form = ExhibitForm(obj=exhibit)
    if form.validate_on_submit():
        services.update_exhibit(exhibit, form.data_for_service(), actor=current_user)
        flash(_("The exhibit was saved."), "success")
        return _to_editor(exhibit)
    return render_template("exhibits/form.html", form=form, exhibit=exhibit), 400 if form.errors else 200


@bp.route("/<slug>/editor")
def editor(slug: str):
    """The curator's workbench: the items with their settings, and a search for listings to add."""
    exhibit = _curated_exhibit(slug)
    query = request.args.get("q", "").strip()
    results, search_error, search_unavailable = None, None, False
    if "q" in request.args:
        try:
            results = search_service.search(
                SearchRequest(text=query, filters={"kind": ["offer", "ip_asset"]}, page_size=EDITOR_RESULTS)
            )
        except InvalidSearch as error:
            search_error = str(error)
        except search_service.SearchRejected:
            search_error = _("the search engine cannot read these search terms or filters; shorten or change them")
        except search_service.SearchUnavailable:
            search_unavailable = True
    on_show = {item.listing_id for item in exhibit.items}
    return render_template(
        "exhibits/editor.html",
        exhibit=exhibit,
        item_forms={item.id: ItemForm(obj=item, prefix=f"item-{item.id}") for item in exhibit.items},
        query=query,
        results=results,
        search_error=search_error,
        search_unavailable=search_unavailable,
        on_show=on_show,
        stats=services.stats_rows(exhibit),
    )


@bp.route("/<slug>/items", methods=["POST"])
def add_item(slug: str):
    exhibit = _curated_exhibit(slug)
    form = AddItemForm()
    listing = get_listing(form.listing_id.data) if form.validate_on_submit() else None
    if listing is None:
        abort(400)
    try:
        services.add_item(exhibit, listing, actor=current_user)
    except services.NotExhibitable:
        flash(_("Only published technology offers, equipment and IP assets can be put on show."), "error")
    else:
        flash(_("“%(title)s” was added to the exhibit.", title=listing.title), "success")
    return _to_editor(exhibit, q=request.form.get("q") or None)


@bp.route("/<slug>/items/<int:item_id>", methods=["POST"])
def update_item(slug: str, item_id: int):
    exhibit = _curated_exhibit(slug)
    item = _item_or_404(exhibit, item_id)
    form = ItemForm(prefix=f"item-{item.id}")
    if form.validate_on_submit():
        services.update_item(
            item,
            note=form.note.data or "",
            booth=form.booth.data or "",
            featured=form.featured.data,
            actor=current_user,
        )
        flash(_("The item was saved."), "success")
    else:
        flash(
            _(
                "The item was not saved: %(problems)s",
                problems=" ".join(error for errors in form.errors.values() for error in errors),
            ),
            "error",
        )
    return _to_editor(exhibit)


@bp.route("/<slug>/items/<int:item_id>/move/<any(up, down):direction>", methods=["POST"])
def move_item(slug: str, item_id: int, direction: str):
    exhibit = _curated_exhibit(slug)
    services.move_item(_item_or_404(exhibit, item_id), -1 if direction == "up" else 1, actor=current_user)
    return _to_editor(exhibit)


@bp.route("/<slug>/items/<int:item_id>/remove", methods=["POST"])
def remove_item(slug: str, item_id: int):
    exhibit = _curated_exhibit(slug)
    item = _item_or_404(exhibit, item_id)
    title = item.listing.title
    services.remove_item(item, actor=current_user)
    flash(_("“%(title)s” was removed from the exhibit.", title=title), "success")
    return _to_editor(exhibit)


@bp.route("/<slug>/<any(publish, unpublish):action>", methods=["POST"])
def publish(slug: str, action: str):
    exhibit = _curated_exhibit(slug)
    services.set_published(exhibit, action == "publish", actor=current_user)
    if exhibit.published:
        flash(
            _("The exhibit is published: %(status)s.", status=STATUS_LABELS[exhibit.status_on(date.today())]()),
            "success",
        )
    else:
        flash(_("The exhibit is a draft again and no longer public."), "success")
    return _to_editor(exhibit)


@bp.route("/<slug>/cover/edit", methods=["GET", "POST"])
@csrf.exempt
def edit_cover(slug: str):
    """Exempt from the app-wide CSRF check only so the larger upload limit applies before the body is read;
    the form checks its CSRF token itself (as listing attachments do)."""
    request.max_content_length = attachments.max_request_bytes()
    exhibit = _curated_exhibit(slug)
    form = CoverForm()
    if form.validate_on_submit():
        try:
            services.set_cover(exhibit, form.file.data, actor=current_user)
        except attachments.AttachmentRejected as rejection:
            form.file.errors = [*form.file.errors, services.cover_problem(rejection.problem)]
        else:
            flash(_("The cover image was saved."), "success")
            return _to_editor(exhibit)
    return render_template(
        "exhibits/cover.html", exhibit=exhibit, form=form, max_megabytes=attachments.max_bytes() / 1024 / 1024
    ), 400 if form.errors else 200


@bp.route("/<slug>/cover/remove", methods=["POST"])
def remove_cover(slug: str):
    exhibit = _curated_exhibit(slug)
    services.remove_cover(exhibit, actor=current_user)
    flash(_("The cover image was removed."), "success")
    return _to_editor(exhibit)


@bp.route("/<slug>/cover")
def cover(slug: str):
    exhibit = _exhibit_or_404(slug)
    path = services.cover_path(exhibit)
    if path is None or not path.is_file():
        abort(404)
    response = send_file(path, mimetype=exhibit.cover_media_type.value, conditional=True)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/<slug>")
def show(slug: str):
    """The public exhibit: only items whose listing is still published. The page's beacon counts the visit."""
    exhibit = _exhibit_or_404(slug)
    items = services.public_items(exhibit)
    return render_template(
        "exhibits/show.html",
        exhibit=exhibit,
        items=items,
        can_curate=can_curate_exhibits(current_user),
        can_register=lambda item: can_register_interest(current_user, item.listing),
        can_see_interest=lambda item: can_see_interest(current_user, item.listing),
        registered=lambda item: current_user.is_authenticated and services.has_registered_interest(item, current_user),
    )


@bp.route("/<slug>/items/<int:item_id>/sheet")
def sheet(slug: str, item_id: int):
    """A printable A4 sheet for the booth, with a QR code that opens the listing on the visitor's phone."""
    exhibit = _exhibit_or_404(slug)
    item = _item_or_404(exhibit, item_id, public=True)
    absolute_url = listing_url(item.listing, _external=True, src="qr", exhibit=exhibit.id)
    return render_template(
        "exhibits/sheet.html",
        exhibit=exhibit,
        item=item,
        listing_url_absolute=absolute_url,
        qr_code=services.qr_data_uri(absolute_url),
    )


def _count_visit(items: list[ExhibitItem], kind: VisitKind) -> Response:
    """Curators' own visits are not counted, nor robots' and prefetches'; the answer is the same either way."""
    if not can_curate_exhibits(current_user) and visits.is_countable(request.headers):
        identity = (
            f"user:{current_user.id}"
            if current_user.is_authenticated
            else f"{request.remote_addr}|{request.user_agent}"
        )
        visits.record(items, kind, identity)
    return Response(status=204)


@bp.route("/<slug>/visit", methods=["POST"])
@csrf.exempt
def record_page_visit(slug: str):
    """The exhibit page's beacon (a POST, so loading a page writes nothing). It only counts, so it needs no
    CSRF token: a forged beacon can add one view per visitor and day at most."""
    exhibit = _exhibit_or_404(slug)
    return _count_visit(services.public_items(exhibit), VisitKind.PAGE)


@bp.route("/<slug>/items/<int:item_id>/sheet/visit", methods=["POST"])
@csrf.exempt
def record_sheet_visit(slug: str, item_id: int):
    """The sheet's beacon; see ``record_page_visit``."""
    exhibit = _exhibit_or_404(slug)
    return _count_visit([_item_or_404(exhibit, item_id, public=True)], VisitKind.SHEET)


@bp.route("/<slug>/items/<int:item_id>/interest", methods=["POST"])
@require_signed_in
def register_interest(slug: str, item_id: int):
    exhibit = _exhibit_or_404(slug)
    item = _item_or_404(exhibit, item_id, public=True)
    if not can_register_interest(current_user, item.listing):
        abort(403)
    services.register_interest(item, current_user)
    flash(
        _("Thank you: the exchange and the owners of “%(title)s” know you are interested.", title=item.listing.title),
        "success",
    )
    return redirect(url_for("exhibits.show", slug=exhibit.slug, _anchor=f"item-{item.id}"))


@bp.route("/<slug>/items/<int:item_id>/interest")
@require_signed_in
def interest(slug: str, item_id: int):
    exhibit = _exhibit_or_404(slug)
    item = _item_or_404(exhibit, item_id)
    if not can_see_interest(current_user, item.listing):
        abort(403)
    return render_template(
        "exhibits/interest.html", exhibit=exhibit, item=item, interests=services.interested_people(item)
    )


@bp.route("/<slug>/stats.csv")
def stats_csv(slug: str):
    exhibit = _curated_exhibit(slug)
    return Response(
        services.stats_csv(exhibit),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="exhibit-{exhibit.slug}-stats.csv"',
            "Cache-Control": "private, no-store",
        },
    )
