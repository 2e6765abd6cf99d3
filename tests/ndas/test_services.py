import hashlib
import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from techport.accounts.models import User
from techport.extensions import db
from techport.inquiries.models import Inquiry, InquiryStage
from techport.listings.models import Listing
from techport.ndas import services, template_files
from techport.ndas.models import NdaStatus
from techport.ndas.services import NdaError, Problem
from techport.ndas.texts import CURRENT_VERSION, TEXTS_DIR, default_text
from techport.notifications.models import Notification
from techport.organisations.services import find_by_slug
from tests.ndas.conftest import FIRM_ORG, THIRD_ORG

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _require(deal):
    listing = db.session.get(Listing, deal["listing_id"])
    return services.require_nda(listing, find_by_slug(FIRM_ORG), _user(deal["owner"]))


def test_the_default_text_is_bilingual_and_identified_by_the_hash_of_its_exact_bytes():
    text = default_text()
    content = (TEXTS_DIR / f"{CURRENT_VERSION.lower()}.txt").read_bytes()
    assert text.sha256 == hashlib.sha256(content).hexdigest()
    assert "THỎA THUẬN BẢO MẬT" in text.text and "NON-DISCLOSURE AGREEMENT" in text.text
    assert default_text("NO-SUCH-VERSION") is None


def test_requiring_fixes_the_default_text_and_tells_the_asking_organisation(app, deal):
    with app.app_context():
        nda = _require(deal)
        assert (nda.status, nda.template_version, nda.template_sha256) == (
            NdaStatus.REQUESTED,
            CURRENT_VERSION,
            default_text().sha256,
        )
        told = db.session.scalars(sa.select(Notification.user_id).where(Notification.category == "nda")).all()
        assert _user(deal["firm"]).id in told and _user(deal["firm_colleague"]).id in told
        assert _user(deal["third"]).id not in told


def test_only_the_owner_requires_and_only_once(app, deal):
    with app.app_context():
        listing = db.session.get(Listing, deal["listing_id"])
        with pytest.raises(NdaError) as refused:
            services.require_nda(listing, find_by_slug(FIRM_ORG), _user(deal["third"]))
        assert refused.value.problem == Problem.NOT_OWNER
        _require(deal)
        with pytest.raises(NdaError) as again:
            _require(deal)
        assert again.value.problem == Problem.ALREADY_REQUIRED


def test_the_full_signature_records_both_signers_and_moves_the_inquiry(app, deal):
    with app.app_context():
        nda = _require(deal)
        firm, owner = _user(deal["firm"]), _user(deal["owner"])
        with pytest.raises(NdaError) as early:
            services.countersign(nda, owner, "10.0.0.2", nda.template_sha256)
        assert early.value.problem == Problem.NOT_ACCEPTED
        with pytest.raises(NdaError) as changed:
            services.accept(nda, firm, "10.0.0.1", "0" * 64)
        assert changed.value.problem == Problem.TEXT_CHANGED
        with pytest.raises(NdaError) as wrong_side:
            services.accept(nda, owner, "10.0.0.1", nda.template_sha256)
        assert wrong_side.value.problem == Problem.NOT_ASKER

        services.accept(nda, firm, "10.0.0.1", nda.template_sha256)
        assert (nda.status, nda.accepted_by_name, nda.accepted_ip) == (NdaStatus.ACCEPTED, firm.full_name, "10.0.0.1")
        assert nda.accepted_at is not None
        listing = db.session.get(Listing, deal["listing_id"])
        assert not services.can_see_confidential_details(firm, listing)

        services.countersign(nda, owner, "10.0.0.2", nda.template_sha256)
        assert (nda.status, nda.countersigned_by_name, nda.countersigned_ip) == (
            NdaStatus.SIGNED,
            owner.full_name,
            "10.0.0.2",
        )
        assert db.session.get(Inquiry, deal["inquiry_id"]).stage == InquiryStage.NDA_SIGNED
        assert services.can_see_confidential_details(firm, listing)
        assert services.can_see_confidential_details(_user(deal["firm_colleague"]), listing)
        assert services.can_see_confidential_details(owner, listing)
        assert not services.can_see_confidential_details(_user(deal["third"]), listing)


def test_curators_do_not_see_confidential_details(app, deal):
    with app.app_context():
        curator = _user("curator@techport.example")
        assert not services.can_see_confidential_details(curator, db.session.get(Listing, deal["listing_id"]))


def test_an_uploaded_template_is_used_by_later_ndas_and_earlier_ones_keep_their_hash(app, deal, make_user):
    with app.app_context():
        owner = _user(deal["owner"])
        organisation = owner.organisation
        first = template_files.upload_template(organisation, FileStorage(_stream(PDF), "nda.pdf"), owner)
        nda = _require(deal)
        assert (nda.template_id, nda.template_sha256) == (first.id, hashlib.sha256(PDF).hexdigest())
        template_files.upload_template(organisation, FileStorage(_stream(PDF + b"%v2\n"), "nda-v2.pdf"), owner)
        db.session.refresh(nda)
        assert nda.template_sha256 == hashlib.sha256(PDF).hexdigest()
        assert template_files.path_of(first).read_bytes() == PDF
        template_files.use_default_text(organisation)
        assert template_files.current_template(organisation) is None


def test_a_template_must_be_a_pdf(app, deal):
    from techport.listings.attachments import AttachmentRejected

    with app.app_context():
        owner = _user(deal["owner"])
        with pytest.raises(AttachmentRejected):
            template_files.upload_template(
                owner.organisation, FileStorage(_stream(b"\x89PNG\r\n\x1a\nxxxx"), "nda.png"), owner
            )
        assert template_files.current_template(find_by_slug(THIRD_ORG)) is None


def _stream(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)
