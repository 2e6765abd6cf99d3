"""Message-IDs stay unique whatever a caller does with the ``random`` module."""

import random

from techport.mail import new_message_id


def test_message_ids_differ_when_random_is_reseeded_between_them(app):
    with app.app_context():
        ids = set()
        for _ in range(20):
            random.seed(0)
            ids.add(new_message_id())
        domain = app.config["MAIL_SENDER"].rpartition("@")[2].rstrip(">")
    assert len(ids) == 20
    assert all(message_id.startswith("<") and message_id.endswith(f"@{domain}>") for message_id in ids)
