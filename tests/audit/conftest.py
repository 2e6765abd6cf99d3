"""The API tests' token fixture, for the audit of API steps."""

from tests.api.conftest import make_token  # noqa: F401
