"""Organisations these tests create are retired afterwards, so paginated lists elsewhere keep their length."""

import pytest
import sqlalchemy as sa

from techport.extensions import db
from techport.models_common import utcnow
from techport.organisations.models import Organisation


@pytest.fixture(autouse=True)
def retire_new_organisations(app):
    with app.app_context():
        last_id = db.session.scalar(sa.select(sa.func.max(Organisation.id))) or 0
    yield
    with app.app_context():
        db.session.execute(
            sa.update(Organisation)
            .where(Organisation.id > last_id, Organisation.rejected_at.is_(None), Organisation.merged_into_id.is_(None))
            .values(rejected_at=utcnow(), queue_reason=None)
        )
        db.session.commit()
