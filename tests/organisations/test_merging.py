"""Merging an organisation moves everything it holds: people, listings, IP register, inquiries, NDAs,
exhibit items, saved searches; its API tokens are revoked and its old page redirects."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from techport.accounts.models import OrganisationRole, User
from techport.alerts.models import SavedSearch
from techport.api import tokens
from techport.api.models import ApiToken, TokenScope
from techport.audit.models import AuditEntry
from techport.exhibits import services as exhibits
from techport.exhibits.models import ExhibitItem
from techport.extensions import db
from techport.inquiries.models import Inquiry, InquiryMessage
from techport.ip_assets.models import RegisterAsset
from techport.listings.models import Listing
from techport.ndas.models import Nda, NdaTemplate
from techport.organisations import merging
from techport.organisations.models import Organisation, OrganisationKind
from techport.organisations.services import create_organisation, find_by_slug
from tests.helpers import unique_title, user_by_email
from tests.organisations.test_verification import QUEUE

CURATOR = "curator@techport.example"
OTHER = "thu-thiem-data-demo"


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _organisation(kind=OrganisationKind.FIRM) -> Organisation:
    slug = unique_title("Twin").replace(" ", "-").lower()
    return create_organisation({"name_vi": f"Công ty {slug}", "name_en": f"Company {slug}", "kind": kind, "slug": slug})


def _nda(listing: Listing, owner_id: int, asking_id: int, requested_by: User) -> Nda:
    nda = Nda(
        listing_id=listing.id,
        owner_organisation_id=owner_id,
        asking_organisation_id=asking_id,
        template_version="default-1",
        template_sha256="0" * 64,
        requested_by_id=requested_by.id,
    )
    db.session.add(nda)
    return nda


def _template(organisation_id: int, uploader: User) -> NdaTemplate:
    template = NdaTemplate(
        organisation_id=organisation_id,
        version=unique_title("v"),
        filename="nda.pdf",
        stored_name=unique_title("nda").replace(" ", "-") + ".pdf",
        sha256="1" * 64,
        size_bytes=100,
        uploaded_by_id=uploader.id,
    )
    db.session.add(template)
    return template


def _inquiry(listing: Listing, asking_id: int, owner_id: int, by: User) -> Inquiry:
    inquiry = Inquiry(
        listing_id=listing.id, asking_organisation_id=asking_id, owner_organisation_id=owner_id, started_by_id=by.id
    )
    inquiry.messages.append(InquiryMessage(author_id=by.id, author_organisation_id=asking_id, body="Xin chào"))
    db.session.add(inquiry)
    return inquiry


@pytest.fixture
def twins(app, demo_data, make_user, make_listing):
    """A firm that joined twice: the duplicate holds one of everything, the original has its own NDA template."""
    with app.app_context():
        source, target = _organisation(), _organisation()
        ids = {"source": source.id, "target": target.id, "source_slug": source.slug, "target_slug": target.slug}
    ids["admin"] = make_user(ids["source_slug"])
    ids["colleague"] = make_user(ids["source_slug"])
    ids["outsider"] = make_user(OTHER)
    own = make_listing(ids["source_slug"], "offer", "published")
    theirs = make_listing(OTHER, "offer", "published")
    with app.app_context():
        admin, outsider = _user(ids["admin"]), _user(ids["outsider"])
        admin.organisation_role = OrganisationRole.ADMIN
        own_listing, their_listing = db.session.get(Listing, own), db.session.get(Listing, theirs)
        asset = RegisterAsset(organisation_id=ids["source"], title="Máy sấy lạnh", reference="REG-1")
        db.session.add(asset)
        asked = _inquiry(their_listing, ids["source"], their_listing.organisation_id, admin)
        received = _inquiry(own_listing, outsider.organisation_id, ids["source"], outsider)
        nda_asked = _nda(their_listing, their_listing.organisation_id, ids["source"], admin)
        nda_owned = _nda(own_listing, ids["source"], outsider.organisation_id, admin)
        source_template = _template(ids["source"], admin)
        target_template = _template(ids["target"], admin)
        saved = SavedSearch(
            user_id=outsider.id, name="Máy sấy", filters={"organisation": [ids["source_slug"], "hcmut"]}
        )
        db.session.add(saved)
        db.session.commit()
        starts_on = date.today() - timedelta(days=1)
        exhibit = exhibits.create_exhibit(
            {
                "title_vi": unique_title("Triển lãm"),
                "title_en": unique_title("Exhibit"),
                "description_vi": "",
                "description_en": "",
                "theme": "Nông nghiệp",
                "starts_on": starts_on,
                "ends_on": starts_on + timedelta(days=10),
                "venue": "Techmart Daily",
                "booth": "A",
            },
            _user(CURATOR),
        )
        item = exhibits.add_item(exhibit, own_listing)
        token, _secret = tokens.create_token(
            source, name="ERP", scope=TokenScope.WRITE, valid_days=30, created_by=admin
        )
        ids.update(
            listing=own,
            asset=asset.id,
            asked=asked.id,
            received=received.id,
            nda_asked=nda_asked.id,
            nda_owned=nda_owned.id,
            source_template=source_template.id,
            target_template=target_template.id,
            saved=saved.id,
            item=item.id,
            token=token.id,
        )
    return ids


def test_merging_moves_every_relation_and_revokes_the_tokens(app, twins):
    source, target = twins["source"], twins["target"]
    with app.app_context():
        merging.merge(db.session.get(Organisation, source), db.session.get(Organisation, target), _user(CURATOR))

    with app.app_context():
        admin = _user(twins["admin"])
        assert admin.organisation_id == target and admin.organisation_role == OrganisationRole.MEMBER
        assert _user(twins["colleague"]).organisation_id == target
        assert db.session.get(Listing, twins["listing"]).organisation_id == target
        assert db.session.get(RegisterAsset, twins["asset"]).organisation_id == target
        asked, received = db.session.get(Inquiry, twins["asked"]), db.session.get(Inquiry, twins["received"])
        assert asked.asking_organisation_id == target and received.owner_organisation_id == target
        assert asked.messages[0].author_organisation_id == target
        assert db.session.get(Nda, twins["nda_asked"]).asking_organisation_id == target
        assert db.session.get(Nda, twins["nda_owned"]).owner_organisation_id == target
        moved_template = db.session.get(NdaTemplate, twins["source_template"])
        assert moved_template.organisation_id == target and moved_template.retired_at is not None
        assert db.session.get(NdaTemplate, twins["target_template"]).retired_at is None
        assert db.session.get(ExhibitItem, twins["item"]).listing.organisation_id == target
        assert db.session.get(SavedSearch, twins["saved"]).filters["organisation"] == [twins["target_slug"], "hcmut"]
        token = db.session.get(ApiToken, twins["token"])
        assert token.revoked_at is not None and token.organisation_id == source
        merged = db.session.get(Organisation, source)
        assert merged.merged_into_id == target
        entry = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "organisation.merged", AuditEntry.target_id == source)
        )
        assert entry.actor.email == CURATOR
        assert entry.after["moved_inquiry_ids"] == sorted([twins["asked"], twins["received"]])
        assert entry.after["revoked_api_token_ids"] == [twins["token"]]
        assert entry.after["moved_ip_asset_ids"] == [twins["asset"]]
        assert db.session.scalar(
            sa.select(AuditEntry.id).where(AuditEntry.action == "api_token.revoked", AuditEntry.target_id == token.id)
        )


def test_the_old_page_redirects_and_a_revoked_token_gets_401(app, client, twins):
    with app.app_context():
        secret_source = db.session.get(Organisation, twins["source"])
        _token, secret = tokens.create_token(
            secret_source, name="CRM", scope=TokenScope.READ, valid_days=30, created_by=None
        )
        merging.merge(secret_source, db.session.get(Organisation, twins["target"]), _user(CURATOR))
    moved = client.get(f"/organisations/{twins['source_slug']}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/organisations/{twins['target_slug']}")
    refused = client.get("/api/v1/organisations/x/listings", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401


def test_two_ndas_for_one_listing_refuse_the_merge_and_change_nothing(app, twins):
    with app.app_context():
        nda = db.session.get(Nda, twins["nda_asked"])
        _nda(nda.listing, nda.owner_organisation_id, twins["target"], _user(twins["admin"]))
        db.session.commit()
        with pytest.raises(merging.MergeRefused) as refusal:
            merging.merge(
                db.session.get(Organisation, twins["source"]),
                db.session.get(Organisation, twins["target"]),
                _user(CURATOR),
            )
        db.session.rollback()
        assert refusal.value.nda_listing_ids == (nda.listing_id,)
        assert _user(twins["admin"]).organisation_id == twins["source"]
        assert find_by_slug(twins["source_slug"]).merged_into_id is None


def test_the_queue_explains_an_nda_clash(app, twins, demo_data):
    from tests.accounts.test_joining import _curator
    from tests.helpers import submit

    with app.app_context():
        source = db.session.get(Organisation, twins["source"])
        source.queue_reason = "new"
        nda = db.session.get(Nda, twins["nda_asked"])
        _nda(nda.listing, nda.owner_organisation_id, twins["target"], _user(twins["admin"]))
        db.session.commit()
        listing_id = nda.listing_id
    response = submit(
        _curator(app, demo_data),
        f"/organisations/{twins['source_slug']}/verification/merge",
        {f"merge-{twins['source']}-target_id": str(twins["target"])},
        form_url=QUEUE,
    )
    assert response.status_code == 409
    assert f"(số {listing_id})" in response.get_data(as_text=True)
    assert user_by_email(app, twins["admin"]).organisation_id == twins["source"]
