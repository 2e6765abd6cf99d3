"""The mixed load of bench/load: anonymous browsing and search, listing pages, signed-in edits, inquiries.

Run by bench/load/run.py, which writes the plan (queries, public listings, demo accounts and the listings
each may edit or ask about) to the JSON file named by ``TECHPORT_LOAD_PLAN``. Forms are posted as a browser
would: fetched first, every field kept, their CSRF token included.
"""

import itertools
import json
import os
import random
import sys
import uuid
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from forms import form_fields, replaced, submit_form, value_of  # noqa: E402

PLAN = json.loads(Path(os.environ["TECHPORT_LOAD_PLAN"]).read_text())
# Locust users of one kind take turns at the plan's accounts, and each keeps to its own share of an
# account's listings, so that two users never edit the same listing at once (a stale-version refusal).
USER_NUMBERS = {"editor": itertools.count(), "inquirer": itertools.count()}
WAIT = between(0.05, 0.3)
# Of the run's users (TECHPORT_LOAD_USERS), a tenth edit and a twentieth send inquiries, at least one each;
# the rest browse. Fixed counts, because Locust's weights give small runs no signed-in user at all.
USERS = int(os.environ.get("TECHPORT_LOAD_USERS", "8"))
EDITORS = max(1, round(USERS * 0.1))
INQUIRERS = max(1, round(USERS * 0.05))


def listing_path(listing: list) -> str:
    listing_id, slug = listing
    return f"/listings/{listing_id}-{slug}"


class Visitor(HttpUser):
    """Someone browsing without an account: home, search pages, the API with facets, listing pages."""

    wait_time = WAIT

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(4)
    def search_page(self) -> None:
        self.client.get("/search", params=random.choice(PLAN["queries"]), name="search page")

    @task(4)
    def api_search(self) -> None:
        self.client.get("/api/v1/search", params=random.choice(PLAN["queries"]), name="api search (facets)")

    @task(4)
    def listing_page(self) -> None:
        listing = random.choice(PLAN["listings"])
        self.client.get(listing_path(listing), name="listing page")
        with self.client.get(
            f"/listings/{listing[0]}/matches",
            params={"fragment": 1},
            name="listing matches fragment",
            catch_response=True,
        ) as response:
            # The fragment answers 200 with a notice when matching timed out or the search circuit is open.
            if "data-matches-unavailable" in response.text:
                response.failure("matching unavailable (timed out, or the search circuit is open)")


class SignedInUser(HttpUser):
    abstract = True
    kind = ""

    def on_start(self) -> None:
        number = next(USER_NUMBERS[self.kind])
        accounts = PLAN[f"{self.kind}s"]
        account = accounts[number % len(accounts)]
        turns = max(1, -(-(EDITORS if self.kind == "editor" else INQUIRERS) // len(accounts)))
        turn = number // len(accounts)
        self.listings = account["listings"][turn % turns :: turns] or account["listings"]
        page = self.client.get("/account/sign-in", name="sign-in form")
        fields = form_fields(page.text, "sign-in")
        fields = replaced(replaced(fields, "email", account["email"]), "password", account["password"])
        with self.client.post("/account/sign-in", data=fields, name="sign in", catch_response=True) as response:
            if "/account/sign-in" in response.url:
                response.failure(f"{account['email']} could not sign in")


class Editor(SignedInUser):
    """An organisation's member keeping its published listings current."""

    fixed_count = EDITORS
    wait_time = WAIT
    kind = "editor"

    @task
    def edit_listing(self) -> None:
        listing_id = random.choice(self.listings)

        def new_summary(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
            summary = value_of(fields, "summary").split(" [")[0]
            return replaced(fields, "summary", f"{summary} [{uuid.uuid4().hex[:8]}]")

        submit_form(self.client, f"/listings/{listing_id}/edit", new_summary, "edit", f"/listings/{listing_id}-")

    @task(2)
    def own_listings(self) -> None:
        self.client.get("/my/listings", name="my listings")


class Inquirer(SignedInUser):
    """A firm reading listings of others and asking about some of them."""

    fixed_count = INQUIRERS
    wait_time = WAIT
    kind = "inquirer"

    @task
    def send_inquiry(self) -> None:
        submit_form(
            self.client,
            f"/listings/{random.choice(self.listings)}/inquire",
            lambda fields: replaced(fields, "message", "Chúng tôi quan tâm, xin gửi thêm thông tin."),
            "inquiry",
            "/inquiries/",
        )

    @task(3)
    def read_listing(self) -> None:
        self.client.get(listing_path(random.choice(PLAN["listings"])), name="listing page (signed in)")
