"""The support model's training script chooses its threshold so that no one set's size decides it
(issue 15): chosen on the dev halves pooled, two thirds of them QAGS CNN/DM, it sat above every score of
the other SummEdits domains, and the checker withheld every one of their claims. Only numpy is needed
here; fitting needs scikit-learn, which the product does not have."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np

TOOL = Path(__file__).resolve().parents[1] / "tools" / "train_support.py"


def train_support() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_support", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_support", module)
    spec.loader.exec_module(module)
    return module


def claims(big_set_scores: list[float], domain_scores: list[float]) -> dict[str, np.ndarray]:
    """A large QAGS dev set scored high, a small SummEdits news dev set and one other domain scored low;
    in each, the first half of the claims are supported."""
    parts = [("qags-cnndm", "dev", big_set_scores), ("summedits", "dev", domain_scores)]
    parts.append(("summedits-samsum", "train", domain_scores))
    sets, halves, y, scores = [], [], [], []
    for name, half, values in parts:
        sets += [name] * len(values)
        halves += [half] * len(values)
        y += [1 if k < len(values) // 2 else 0 for k in range(len(values))]
        scores += values
    data = {"set": np.array(sets), "half": np.array(halves), "y": np.array(y)}
    return {**data, "scores": np.array(scores)}


def test_the_threshold_weighs_news_qags_and_the_domains_alike() -> None:
    tool = train_support()
    big = [0.9] * 50 + [0.7] * 50  # separated at 0.8
    small = [0.5] * 5 + [0.3] * 5  # separated at 0.4, never above 0.8
    data = claims(big, small)
    veto = np.zeros(len(data["y"]), dtype=bool)
    assert set(tool.groups(data)) == {"summedits_dev", "qags_dev", "summedits-samsum"}
    grid = np.linspace(0.05, 0.95, 91)
    chosen = max(grid, key=lambda t: tool.objective(data, data["scores"], veto, t))
    dev = data["half"] == "dev"
    pooled = max(grid, key=lambda t: tool.balanced(data["y"][dev], data["scores"][dev] >= t))
    assert pooled > 0.7  # the pooled choice serves the big set and withholds every small-set claim
    # No threshold serves all three; the chosen one gets two parts right rather than one.
    assert 0.3 < chosen <= 0.5
    assert tool.objective(data, data["scores"], veto, chosen) == (1.0 + 0.5 + 1.0) / 3
    assert tool.objective(data, data["scores"], veto, pooled) == (0.5 + 1.0 + 0.5) / 3


def test_a_rule_veto_counts_as_withheld_whatever_the_score() -> None:
    tool = train_support()
    data = claims([0.9] * 4 + [0.1] * 4, [0.9] * 2 + [0.1] * 2)
    veto = np.zeros(len(data["y"]), dtype=bool)
    assert tool.objective(data, data["scores"], veto, 0.5) == 1.0
    veto[0] = True  # a supported claim the rules withhold
    assert tool.objective(data, data["scores"], veto, 0.5) < 1.0


def test_the_other_domains_together_weigh_as_much_as_the_news_dev_halves_in_fitting() -> None:
    # 3,862 dialogue, meeting and sales claims outnumbered the 611 news dev claims six to one: the model
    # learnt mostly what a summary of a call looks like, and the news halves it is for came second.
    tool = train_support()
    data = claims([0.5] * 40, [0.5] * 10)
    data["set"][-5:] = "neus-edits"
    data["half"][-5:] = "train"
    data["set"] = np.concatenate([data["set"], ["qags-xsum"] * 3])
    data["half"] = np.concatenate([data["half"], ["test"] * 3])  # the test halves never weigh
    weight = tool.weights(data, edits_weight=0.5)
    sets = data["set"]
    domain = sets == "summedits-samsum"
    news = ((sets == "qags-cnndm") | (sets == "summedits")) & (data["half"] == "dev")
    assert weight[domain].sum() == weight[news].sum() == news.sum()
    assert set(weight[sets == "neus-edits"]) == {0.5}
