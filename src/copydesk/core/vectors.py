"""Small vector helpers over unit-length float32 embeddings."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]


def unit(v: npt.NDArray[np.floating]) -> Vector:
    """`v` scaled to length 1 (rows scaled one by one for a matrix); zeros stay zeros."""
    arr = np.asarray(v, dtype=np.float32)
    norm = np.linalg.norm(arr, axis=-1, keepdims=True)
    return np.where(norm > 0, arr / np.maximum(norm, 1e-12), arr).astype(np.float32)


def centroid(rows: npt.NDArray[np.floating]) -> Vector:
    """The unit mean direction of a set of unit vectors."""
    return unit(np.asarray(rows, dtype=np.float32).mean(axis=0))


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Shared share of two sets: |a & b| / |a | b|, 0 for two empty sets."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0
