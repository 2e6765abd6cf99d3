"""Demo data: real HCMC universities and institutes, fictional firms, one account per role.

The records live in ``organisations.json`` and ``accounts.json`` beside this file.
Seeding is idempotent: organisations are matched by slug and accounts by e-mail;
demo passwords are restored when changed, so the printed ones always work.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import check_password_hash

from techport.accounts.models import AccountStatus, OrganisationRole, Role
from techport.accounts.services import create_account, find_user_by_email, hash_password
from techport.extensions import db
from techport.organisations.models import OrganisationKind
from techport.organisations.services import upsert_organisation

DEMO_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    organisation: str | None


@dataclass(frozen=True)
class SeedSummary:
    organisations: int
    universities: int
    accounts: list[DemoAccount]


def load_records(name: str) -> list[dict]:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def seed_demo() -> SeedSummary:
    organisations = {record["slug"]: upsert_organisation(record) for record in load_records("organisations.json")}
    db.session.flush()
    accounts = [_upsert_account(record, organisations) for record in load_records("accounts.json")]
    db.session.commit()
    return SeedSummary(
        organisations=len(organisations),
        universities=sum(org.kind == OrganisationKind.UNIVERSITY for org in organisations.values()),
        accounts=accounts,
    )


def _upsert_account(record: dict, organisations: dict) -> DemoAccount:
    organisation = organisations.get(record.get("organisation"))
    user = find_user_by_email(record["email"])
    if user is None:
        user = create_account(
            email=record["email"],
            full_name=record["full_name"],
            password=record["password"],
            organisation=organisation,
        )
    user.full_name = record["full_name"]
    if not check_password_hash(user.password_hash, record["password"]):
        user.password_hash = hash_password(record["password"])
    user.role = Role(record["role"])
    user.organisation_role = OrganisationRole(record.get("organisation_role", "member"))
    user.status = AccountStatus.ACTIVE
    user.organisation = organisation
    return DemoAccount(record["email"], record["password"], record["role"], record.get("organisation"))
