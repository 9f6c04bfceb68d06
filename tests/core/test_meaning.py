"""Which passages need an embedding: the ones a writer may publish, and the ones that count something."""

import pytest

from copydesk.core.meaning import needs_vector

LONG = " ".join(
    ["The committee heard evidence from residents and engineers about the state of the bridge"] * 5
)


@pytest.mark.parametrize(
    ("text", "needed"),
    [
        ("The council approved the new ice arena on Monday after a long debate.", True),
        ("Harbour closed.", False),  # a fragment: never published, counts nothing
        ("WASHINGTON —", False),
        ("Power cut to 300 homes.", True),  # too short to publish, but it counts homes
        (LONG + ".", False),  # too long to publish
        (LONG + ", and 1,800 seats were added.", True),
        ("The bridge will reopen once the repairs on the eastern span are finished and", False),
    ],
)
def test_needs_vector(text: str, needed: bool) -> None:
    assert needs_vector(text) is needed
