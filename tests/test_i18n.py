"""Vietnamese by default, English on request, and catalogues that are complete and compiled."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import techport

REPO_ROOT = Path(techport.__file__).resolve().parent.parent
TRANSLATIONS = REPO_ROOT / "techport" / "translations"
# pybabel through the interpreter running the tests: a bare "pybabel" depends on the caller's PATH.
PYBABEL = [sys.executable, "-m", "babel.messages.frontend"]


def test_vietnamese_is_the_default(client, demo_data):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Sàn giao dịch công nghệ Thành phố Hồ Chí Minh" in page


def test_switching_to_english_and_back(client, demo_data):
    response = client.get("/lang/en?next=/organisations/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/organisations/"
    page = client.get("/organisations/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Ho Chi Minh City University of Technology – VNU-HCM" in page
    assert "Page 1 of " in page

    client.get("/lang/vi")
    assert '<html lang="vi">' in client.get("/").get_data(as_text=True)


def test_unknown_language_is_404(client):
    assert client.get("/lang/fr").status_code == 404


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/lang/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def _extract(tmp_path: Path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [*PYBABEL, "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


def test_every_ui_string_has_a_vietnamese_translation(tmp_path):
    template = _extract(tmp_path)
    with (TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    untranslated = [
        message.id
        for message in template
        if message.id and not (catalogue.get(message.id) and catalogue.get(message.id).string)
    ]
    assert untranslated == [], "run pybabel update and translate these"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_compiled_catalogues_match_the_sources(language):
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as handle:
        source = {message.id: message.string for message in read_po(handle) if message.id and message.string}
    with (folder / "messages.mo").open("rb") as handle:
        compiled = {message.id: message.string for message in read_mo(handle) if message.id}
    assert compiled == source, "run pybabel compile -d techport/translations"
