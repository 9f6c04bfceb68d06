"""The support model as shipped: it reads the features core computes, refuses a file made for others, and
withholds a rewritten sentence that claims what its passages never say, which the rules cannot name."""

from __future__ import annotations

from pathlib import Path

import onnx
import pytest

from copydesk.core.types import Passage
from copydesk.core.verify import verify_sentence
from copydesk.embedding import sentence_embedder
from copydesk.errors import ModelError
from copydesk.support_model import MODEL_FILE, SupportModel, support_model

SOURCE = (
    "The harbour authority said on Tuesday that cargo volumes at the eastern quay rose by 12 percent last "
    "year, helped by new grain contracts with two inland mills."
)
PASSAGE = Passage(1, 0, len(SOURCE), SOURCE)


def judged(sentence: str):  # type: ignore[no-untyped-def]
    vectors = sentence_embedder().embed([sentence, SOURCE])
    return verify_sentence(sentence, [PASSAGE], float(vectors[0] @ vectors[1]), support_model())


def test_the_shipped_model_scores_the_features_core_computes() -> None:
    model = SupportModel()
    assert 0.0 < model.threshold < 1.0
    assert judged(
        "Cargo volumes at the eastern quay rose by 12 percent last year, the harbour authority said."
    ).verified


def test_a_model_made_for_other_features_is_refused(tmp_path: Path) -> None:
    other = onnx.load(str(MODEL_FILE))
    for prop in other.metadata_props:
        if prop.key == "features":
            prop.value = "similarity,length_log"
    path = tmp_path / "other.onnx"
    onnx.save(other, str(path))
    with pytest.raises(ModelError, match="trained on other features"):
        SupportModel(path)


@pytest.mark.parametrize(
    "sentence",
    [
        "The harbour authority blamed striking crane drivers for a collapse in trade at the quay.",
        "Grain exporters are lobbying the authority to build a second quay beside the mills.",
    ],
)
def test_a_claim_the_passages_never_make_is_withheld_by_the_model(sentence: str) -> None:
    # Every name and number in these stands in the passage, so the rules alone pass them.
    assert verify_sentence(sentence, [PASSAGE]).verified
    verdict = judged(sentence)
    assert not verdict.verified
    assert any("support model finds too little of it in the sources" in r for r in verdict.reasons)
