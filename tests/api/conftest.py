"""Tokens for the API tests, made through the service layer."""

import pytest

from techport.api import tokens
from techport.api.models import TokenScope
from techport.organisations.services import find_by_slug


@pytest.fixture
def make_token(app, demo_data):
    """Create a token of ``organisation_slug``; returns its secret."""

    def factory(organisation_slug: str = "hcmut", scope: TokenScope = TokenScope.WRITE, valid_days: int = 30) -> str:
        with app.app_context():
            _token, secret = tokens.create_token(
                find_by_slug(organisation_slug), name="test", scope=scope, valid_days=valid_days, created_by=None
            )
        return secret

    return factory


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}
