"""The demo inquiries of ``techport/demo/inquiries.json``, between the demo firm and HCMUT, in several stages.

Built straight from the models, dated in the past, and without notifications (demo mail would only be noise);
an inquiry is recognised by its listing, asking organisation and first message, so seeding twice changes nothing.
"""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from techport.accounts.models import User
from techport.demo.seed import DEMO_DIR
from techport.extensions import db
from techport.inquiries import pipeline
from techport.inquiries.models import Inquiry, InquiryMessage, InquirySource, InquiryStage
from techport.listings.services import find_listing
from techport.models_common import utcnow
from techport.organisations.services import find_by_slug

OWNER_ACCOUNT = "hcmut@techport.example"


@dataclass
class SeedReport:
    inquiries: int = 0
    missing: list[str] = field(default_factory=list)


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _exists(listing_id: int, organisation_id: int, message: str) -> bool:
    return (
        db.session.scalar(
            sa.select(sa.func.count(Inquiry.id))
            .join(InquiryMessage, InquiryMessage.inquiry_id == Inquiry.id)
            .where(
                Inquiry.listing_id == listing_id,
                Inquiry.asking_organisation_id == organisation_id,
                InquiryMessage.body == message,
            )
        )
        > 0
    )


def _seed_one(record: dict, listing, asker: User, owner: User) -> None:
    started = utcnow() - timedelta(days=record["days_ago"])
    inquiry = Inquiry(
        listing=listing,
        asking_organisation_id=asker.organisation_id,
        owner_organisation_id=listing.organisation_id,
        started_by=asker,
        source=InquirySource(record["source"]),
        source_rank=record.get("source_rank"),
        transfer_mode=record.get("transfer_mode", ""),
        budget_vnd=record.get("budget_vnd"),
        created_at=started,
    )
    pipeline.record_start(inquiry, asker)
    inquiry.messages.append(
        InquiryMessage(
            author=asker, author_organisation_id=asker.organisation_id, body=record["message"], created_at=started
        )
    )
    if record.get("reply"):
        answered = started + timedelta(hours=20)
        inquiry.messages.append(
            InquiryMessage(
                author=owner, author_organisation_id=owner.organisation_id, body=record["reply"], created_at=answered
            )
        )
        inquiry.first_response_at = answered
    stage = InquiryStage(record["stage"])
    if stage == InquiryStage.AGREEMENT_SIGNED:
        pipeline.sign_agreement(
            inquiry,
            owner,
            transfer_mode=record["transfer_mode"],
            value_vnd=record.get("agreement_value_vnd"),
            signed_on=date.today() - timedelta(days=2),
            listing_ids=[listing.id],
        )
    elif stage != InquiryStage.NEW:
        pipeline.advance_if_earlier(inquiry, stage, owner)
    for change in inquiry.stage_changes:
        change.created_at = started
    inquiry.last_activity_at = inquiry.messages[-1].created_at
    db.session.add(inquiry)


def seed_demo_inquiries() -> SeedReport:
    report = SeedReport()
    owner = _user(OWNER_ACCOUNT)
    for record in json.loads((DEMO_DIR / "inquiries.json").read_text(encoding="utf-8")):
        slug, external_id = record["listing"]
        organisation = find_by_slug(slug)
        listing = find_listing(organisation, external_id) if organisation else None
        asker = _user(record["asker"])
        if listing is None or not listing.is_public or asker is None or owner is None:
            report.missing.append(f"{slug}/{external_id}")
            continue
        if not _exists(listing.id, asker.organisation_id, record["message"]):
            _seed_one(record, listing, asker, owner)
        report.inquiries += 1
    db.session.commit()
    return report
