"""Reminders of register deadlines to the organisation's managers, 90, 30 and 7 days ahead.

Run daily (``techport ip-register remind``); each reminder is recorded, so running twice sends nothing new.
A run that missed a day still sends the reminder whose day has passed, as long as the deadline has not.
"""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from techport.accounts.services import answering_members
from techport.extensions import db
from techport.ip_assets.models import DeadlineReminder, RegisterAsset
from techport.ip_assets.services import deadlines_between
from techport.notifications.services import notify
from techport.organisations.models import Organisation

REMINDER_DAYS = (90, 30, 7)


def send_deadline_reminders(now: datetime) -> int:
    """Send the reminders due on ``now``'s date; returns how many deadlines were reminded."""
    today = now.date()
    sent = {
        (row.title_id, row.deadline_kind, row.due_on, row.days_before)
        for row in db.session.scalars(sa.select(DeadlineReminder).where(DeadlineReminder.due_on >= today))
    }
    reminded = 0
    for organisation in db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(sa.select(RegisterAsset.organisation_id)))
    ):
        assets = db.session.scalars(sa.select(RegisterAsset).where(RegisterAsset.organisation_id == organisation.id))
        for item in deadlines_between(list(assets), today, today + timedelta(days=REMINDER_DAYS[0])):
            days_before = _reminder_step(item.deadline.due_on, today)
            key = (item.title.id, item.deadline.kind.value, item.deadline.due_on, days_before)
            if key in sent:
                continue
            _remind(organisation, item)
            db.session.add(
                DeadlineReminder(
                    title_id=item.title.id,
                    deadline_kind=item.deadline.kind.value,
                    due_on=item.deadline.due_on,
                    days_before=days_before,
                )
            )
            sent.add(key)
            reminded += 1
    db.session.commit()
    return reminded


def _reminder_step(due_on: date, today: date) -> int:
    """The smallest of 90/30/7 that the deadline is now within: one reminder per step, whatever the run days."""
    days_left = (due_on - today).days
    return min(step for step in REMINDER_DAYS if days_left <= step)


def _remind(organisation: Organisation, item) -> None:
    deadline, asset = item.deadline, item.asset
    notify(
        answering_members(organisation.id),
        lambda: _("IP deadline on %(date)s: %(title)s", date=format_date(deadline.due_on), title=asset.title),
        lambda: _(
            "%(deadline)s for “%(title)s” (application %(number)s) falls due on %(date)s.\n\nRule: %(rule)s",
            deadline=deadline.label,
            title=asset.title,
            number=item.title.application_number or "-",
            date=format_date(deadline.due_on),
            rule=str(deadline.rule),
        ),
        link=url_for("ip_register.show", asset_id=asset.id, _external=True),
        category="ip_deadline",
    )
