"""The exchange's default NDA text, shipped with the package, one file per version.

A version's file is never edited: a new wording is a new file and a new ``CURRENT_VERSION``, so the
hash recorded with a signed NDA always matches the text that was shown.
"""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
CURRENT_VERSION = "TECHPORT-NDA-2026.1"


@dataclass(frozen=True)
class DefaultText:
    version: str
    text: str
    sha256: str


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@cache
def default_text(version: str = CURRENT_VERSION) -> DefaultText | None:
    """The default text of ``version``; None for a version the package does not ship."""
    path = TEXTS_DIR / f"{version.lower()}.txt"
    if not path.is_file():
        return None
    content = path.read_bytes()
    return DefaultText(version=version, text=content.decode("utf-8"), sha256=sha256_hex(content))
