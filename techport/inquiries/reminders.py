"""Reminders to owners who leave an inquiry unanswered for 3 and then 7 days.

Run daily (``techport inquiries remind`` or the scheduler). Each reminder sent is recorded, so running
twice, or late, never repeats one; an inquiry found already 8 days old gets the 7-day reminder only.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa

from techport.extensions import db
from techport.inquiries import notices
from techport.inquiries.models import Inquiry, InquiryReminder
from techport.inquiries.pipeline import FINAL_STAGES

REMINDER_DAYS = (3, 7)


def send_due_reminders(now: datetime) -> int:
    """Send the reminders due at ``now``; returns how many were sent."""
    sent = 0
    waiting = db.session.scalars(
        sa.select(Inquiry).where(
            Inquiry.first_response_at.is_(None),
            Inquiry.stage.not_in(FINAL_STAGES),
            Inquiry.created_at <= now - timedelta(days=REMINDER_DAYS[0]),
        )
    ).all()
    for inquiry in waiting:
        already = set(
            db.session.scalars(sa.select(InquiryReminder.after_days).where(InquiryReminder.inquiry_id == inquiry.id))
        )
        due = [days for days in REMINDER_DAYS if inquiry.created_at <= now - timedelta(days=days)]
        if not due or max(due) in already:
            continue
        for days in due:
            if days not in already:
                db.session.add(InquiryReminder(inquiry_id=inquiry.id, after_days=days, sent_at=now))
        notices.reminder(inquiry, max(due))
        sent += 1
    db.session.commit()
    return sent
