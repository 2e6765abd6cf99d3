from tests.organisations.conftest import retire_new_organisations  # noqa: F401
