"""Telling copies apart: canonical URLs, exact fingerprints (text.fingerprint) and near-duplicate text."""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from datasketch import MinHash

from copydesk.core.text import terms

# Query parameters that say where a reader came from, not what they read.
TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|"
    r"mkt_tok|ref|ref_src|ref_url|cmpid|icid|ito|ns_mchannel|ns_source|ns_campaign|ocid|smid|sr_share|"
    r"at_medium|at_campaign|s_kwcid|spm|share|src|cid)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
PERMUTATIONS = 64
SHINGLE = 5
SEED = 7
SCHEME = "affine32"


def canonical_url(url: str | None) -> str | None:
    """The URL an article is known by: no tracking parameters, fragment or default port; lower-case host."""
    if not url:
        return None
    try:  # urlsplit and .port raise ValueError on a broken IPv6 literal or port ("http://[::1/")
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k))
    )
    return urlunsplit((scheme, host, path, query, ""))


def link_problem(url: str | None) -> str | None:
    """Why an article's URL cannot be kept as its link (javascript:, data:, relative...), or None."""
    if not url or canonical_url(url) is not None:
        return None
    scheme = _SCHEME.match(url.strip())
    if scheme and scheme.group(1).lower() not in DEFAULT_PORTS:
        # The scheme alone: the URL itself may be a script or a megabyte of data:.
        return f"no usable link: {scheme.group(1).lower()}: URL dropped"
    shown = url.strip() if len(url.strip()) <= 80 else url.strip()[:77] + "..."
    return f"no usable link: {shown!r} is not a valid absolute http(s) URL, dropped"


def url_variants(url: str) -> list[str]:
    """The same canonical URL under http and https: one article either way."""
    rest = url.split("://", 1)[1]
    return [f"https://{rest}", f"http://{rest}"]


@functools.cache
def _permutations() -> np.ndarray:
    """The hash permutations of (PERMUTATIONS, SEED, SCHEME): drawn once, not for every text."""
    return np.asarray(MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME).permutations)


def signature(text: str) -> np.ndarray:
    """MinHash signature of a text's word shingles (uint64, PERMUTATIONS long)."""
    found = terms(text)
    shingles = {" ".join(found[i : i + SHINGLE]) for i in range(max(1, len(found) - SHINGLE + 1))}
    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def minhash_of(values: np.ndarray) -> MinHash:
    """A MinHash object from a stored signature (for an LSH index)."""
    return MinHash(
        num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME, hashvalues=values, permutations=_permutations()
    )


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets, from their signatures."""
    return float(np.mean(a == b))
