"""The sentence model: the bundled model quantized for int8 arithmetic, made once, deterministic, and
close in meaning to the model as shipped; without it, writing goes on with the model as shipped."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from copydesk import config
from copydesk.embedding import Embedder, SentenceEmbedder, bundled_model, default_embedder, sentence_embedder
from copydesk.quantized import quantized_model

# Invented sentences of the kinds the writer embeds.
SENTENCES = [
    "The harbour authority said on Tuesday that the eastern quay would close for repairs until March.",
    "About 340 dock workers at Pellham walked out after talks on night-shift pay broke down.",
    "A union spokesperson said no date had been set for a vote at the northern terminal.",
    "The council approved a budget of 41 million crowns for the new library by nine votes to four.",
    "Forecasters expect the storm to reach the coast late on Friday with gusts of 120 km/h.",
    "Residents were told to keep away from the river bank.",
    "The museum reopens on Saturday after a two-year restoration of its roof.",
    "Officials declined to say how many patients had been moved.",
]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return quantized_model(bundled_model(), tmp_path_factory.mktemp("cache"))


def test_the_quantized_copy_is_made_once_and_kept(made: Path) -> None:
    assert made.is_file() and made.stat().st_size > 10_000_000
    stamp = made.stat().st_mtime_ns
    assert quantized_model(bundled_model(), made.parent) == made
    assert made.stat().st_mtime_ns == stamp  # found, not made again
    assert [p.name for p in made.parent.iterdir()] == [made.name]  # no work files left


def test_its_vectors_mean_what_the_shipped_model_s_mean(made: Path) -> None:
    quantized = SentenceEmbedder(made, workers=2).embed(SENTENCES)
    shipped = Embedder().embed(SENTENCES)
    assert np.allclose(np.linalg.norm(quantized, axis=1), 1.0, atol=1e-5)
    assert min((quantized * shipped).sum(axis=1)) > 0.97
    # Which sentence is closest to which is kept.
    nearest = []
    for vectors in (quantized, shipped):
        similar = vectors @ vectors.T
        np.fill_diagonal(similar, -1)
        nearest.append(similar.argmax(axis=1).tolist())
    assert nearest[0] == nearest[1]
    assert not np.array_equal(quantized, shipped)  # it is another model, not the shipped one again


def test_a_sentence_gets_one_vector_whatever_its_company(made: Path) -> None:
    embedder = SentenceEmbedder(made, workers=2)
    together = embedder.embed(SENTENCES)
    alone = np.stack([embedder.embed([s])[0] for s in SENTENCES])
    reversed_order = embedder.embed(SENTENCES[::-1])[::-1]
    assert np.array_equal(together, alone)
    assert np.array_equal(together, reversed_order)


def test_writing_goes_on_with_the_shipped_model_when_the_copy_cannot_be_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings = replace(config.current(), cache_dir=blocker / "cache")
    monkeypatch.setattr(config, "_loaded", {"current": settings})
    embedder = sentence_embedder.__wrapped__()  # type: ignore[attr-defined]
    assert embedder is default_embedder()
    assert "writing with the model as shipped (slower)" in capsys.readouterr().err
