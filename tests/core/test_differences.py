import numpy as np
import pytest

from copydesk.core.differences import counts, find_differences
from copydesk.core.types import Passage


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Corvane will cut 3,400 jobs at three plants.", [(3400.0, "job")]),
        ("About 1,650 people work at the site.", [(1650.0, "people")]),
        ("Costs of around £280 million and 4.2% higher shares.", []),
        ("On 15 January 2026 they met for 50 minutes.", []),
    ],
)
def test_counts(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(c.value, c.unit) for c in counts(text)] == expected


def test_sources_that_disagree_on_a_count() -> None:
    passages = [
        Passage(
            1, 0, 0, "Appliance maker Corvane will close three plants, putting about 3,500 jobs at risk."
        ),
        Passage(2, 0, 0, "Corvane Appliances will close three plants and cut 3,400 jobs by 2027."),
        Passage(3, 0, 0, "Corvane will close three plants with the loss of 3,400 jobs, the company said."),
        Passage(3, 0, 0, "The storm cut power to 14,200 homes."),
    ]
    vectors = np.array([[1, 0, 0], [0.95, 0.3, 0], [0.97, 0.2, 0], [0, 0, 1]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    [difference] = find_differences(passages, vectors)
    assert difference.what == "number of jobs"
    assert difference.values == (("3,400", (2, 3)), ("3,500", (1,)))


def test_agreeing_sources_make_no_difference() -> None:
    passages = [
        Passage(1, 0, 0, "The crew rescued 3 sailors off Garrow Point."),
        Passage(2, 0, 0, "Three sailors were rescued off Garrow Point by the crew, 3 in all."),
    ]
    vectors = np.array([[1, 0], [1, 0]], dtype=np.float32)
    assert find_differences(passages, vectors) == []


def test_bounds_are_not_disagreements() -> None:
    [more], [exact] = (
        counts("Power was cut to more than 14,000 homes."),
        counts("Power was cut to 14,200 homes."),
    )
    assert more.bound == "min" and more.agrees(exact) and exact.agrees(more)
    [upto] = counts("It could cost up to 125 dollars.")
    assert upto.bound == "max" and not upto.agrees(counts("It will cost 150 dollars.")[0])
